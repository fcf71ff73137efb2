from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from chidao.accounts.models import User
from chidao.audit.admin_base import AuditedAdmin
from chidao.core import policy


def is_administrator(request) -> bool:
    return policy.is_administrator(request.user)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    """Accounts are the administrators' alone; standing-agency staff do not manage users."""

    list_display = ["username", "get_full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["unit"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Đơn vị và vai trò"), {"fields": ("unit", "role")}),)
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Đơn vị và vai trò"), {"fields": ("unit", "role")}),
    )

    def get_queryset(self, request):
        # Accounts have no committee: the administrators' alone, all of them.
        queryset = BaseUserAdmin.get_queryset(self, request)
        return queryset if is_administrator(request) else queryset.none()

    def has_module_permission(self, request):
        return is_administrator(request)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request)

    def has_add_permission(self, request):
        return is_administrator(request)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request)
