from django.contrib import admin

from chidao.audit.models import ChangeLog
from chidao.core.admin import can_edit_register


@admin.register(ChangeLog)
class ChangeLogAdmin(admin.ModelAdmin):
    """Read-only: the log is only ever appended to, by the services."""

    list_display = ["created_at", "actor_label", "action", "target_type", "target_repr"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_label", "target_repr", "target_id", "request_id"]
    date_hierarchy = "created_at"

    def has_module_permission(self, request):
        return can_edit_register(request)

    def has_view_permission(self, request, obj=None):
        return can_edit_register(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
