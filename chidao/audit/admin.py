from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chidao.audit.admin_base import ReadOnlyAdmin
from chidao.audit.models import ChangeLog
from chidao.core import policy


@admin.register(ChangeLog)
class ChangeLogAdmin(ReadOnlyAdmin):
    """Read-only: the log is only ever appended to, by the services."""

    list_display = ["created_at", "actor_shown", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "target_repr", "target_id", "request_id"]
    date_hierarchy = "created_at"

    @admin.display(description=_("tác nhân"), ordering="actor_label")
    def actor_shown(self, entry: ChangeLog) -> str:
        """A system job named in Vietnamese ("Hệ thống (nạp nhiệm vụ mẫu)"), a person by
        their username (the stored label stays the job's, for searching)."""
        return policy.actor_title(entry.actor_label)
