"""Changing one's password, and resetting a forgotten one by e-mail (Django's views with
chidao's templates). Each change is in the change log."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from chidao.audit.models import ChangeLog
from chidao.audit.services import record_change


def _log(request, user, how: str) -> None:
    record_change(
        actor=user,
        action=ChangeLog.Action.PASSWORD,
        target=user,
        after={"how": how, "remote_addr": request.META.get("REMOTE_ADDR", "")},
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("my-account")

    def form_valid(self, form):
        response = super().form_valid(form)
        _log(self.request, form.user, "change")
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        _log(self.request, form.user, "reset")
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
