from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from chidao.core import policy


class ChidaoAdminSite(admin.AdminSite):
    """The admin is open to administrators and standing-agency staff, by role, not is_staff."""

    site_header = _("chidao — nhập liệu sổ đăng ký")
    site_title = _("chidao")
    index_title = _("Nhập liệu")

    def has_permission(self, request):
        return policy.edits_register(request.user)


class ChidaoAdminConfig(AdminConfig):
    default_site = "chidao.core.admin_site.ChidaoAdminSite"
