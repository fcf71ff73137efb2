"""Signing in and out. A successful login is written to the change log on purpose."""

from django.contrib.auth import views as auth_views

from chidao.audit.models import ChangeLog
from chidao.audit.services import record_change


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        record_change(
            actor=user,
            action=ChangeLog.Action.LOGIN,
            target=user,
            after={"remote_addr": self.request.META.get("REMOTE_ADDR", "")},
        )
        return response


class LogoutView(auth_views.LogoutView):
    pass
