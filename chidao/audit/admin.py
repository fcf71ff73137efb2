from django.contrib import admin

from chidao.audit.admin_base import ReadOnlyAdmin
from chidao.audit.models import ChangeLog


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyAdmin):
    """Read-only: the log is only ever appended to, by the services."""

    list_display = ["created_at", "actor_label", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "target_repr", "target_id", "request_id"]
    date_hierarchy = "created_at"
