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
        """By role, and only in a session verified by a second factor (django-otp)."""
        return policy.edits_register(request.user) and request.user.is_verified()

    def login(self, request, extra_context=None):
        """The admin has no sign-in of its own: the site's (with its throttle and second
        factor), or the second-factor page for signed-in staff whose session lacks one."""
        from django.contrib.auth import REDIRECT_FIELD_NAME
        from django.contrib.auth.views import redirect_to_login
        from django.urls import reverse

        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
        user = request.user
        if policy.edits_register(user):
            return redirect_to_login(next_url, reverse("second-factor"))
        return redirect_to_login(next_url, reverse("login"))


class ChidaoAdminConfig(AdminConfig):
    default_site = "chidao.core.admin_site.ChidaoAdminSite"
