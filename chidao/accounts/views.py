"""Signing in and out (successes and failures are written to the change log), and the user's
own page."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import user_has_device

from chidao.accounts import oidc, second_factor
from chidao.accounts.models import ApiToken
from chidao.accounts.services import login_failed
from chidao.accounts.tokens import token_create, token_revoke
from chidao.audit.models import ChangeLog
from chidao.audit.services import record_change


class LoginView(auth_views.LoginView):
    """Password sign-in. django-axes counts the failures (10 lock the account and the
    address for a while) and each failure is logged here. A user who has set up a second
    factor gives its code on the next page before the session is theirs."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = oidc.enabled()
        return context

    def form_valid(self, form):
        user = form.get_user()
        if user_has_device(user, confirmed=True):
            second_factor.start(self.request, user, self.get_success_url())
            return redirect("login-code")
        response = super().form_valid(form)
        record_change(
            actor=user,
            action=ChangeLog.Action.LOGIN,
            target=user,
            after={"remote_addr": self.request.META.get("REMOTE_ADDR", "")},
        )
        return response

    def form_invalid(self, form):
        login_failed(
            username=self.request.POST.get("username", ""),
            remote_addr=self.request.META.get("REMOTE_ADDR", ""),
            locked=bool(getattr(self.request, "axes_locked_out", False)),
        )
        return super().form_invalid(form)


def locked_out(request, response=None, credentials=None):
    """django-axes' answer once an account or an address is locked (429)."""
    from django.conf import settings

    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked.html", context, status=429)


class LogoutView(auth_views.LogoutView):
    pass


# Lifetimes offered on the page (days); the command line allows others.
TOKEN_DAYS_CHOICES = ("30", "90", "365")


@login_required
def my_account(request):
    """The signed-in user's page: who they are, and their personal API tokens."""
    new_token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            days = request.POST.get("days", "90")
            scope = request.POST.get("scope", ApiToken.Scope.READ)
            if days not in TOKEN_DAYS_CHOICES or scope not in ApiToken.Scope.values:
                return HttpResponseBadRequest(_("Phạm vi hoặc thời hạn của khóa không hợp lệ."))
            new_token = token_create(
                actor=request.user,
                user=request.user,
                name=request.POST.get("name", ""),
                scope=scope,
                days=int(days),
            )
        elif action == "revoke":
            token_id = request.POST.get("token", "")
            if not token_id.isdigit() or len(token_id) > 18:
                return HttpResponseBadRequest(_("Mã khóa API không hợp lệ."))
            token = get_object_or_404(ApiToken, pk=int(token_id), user=request.user)
            token_revoke(actor=request.user, token=token)
            messages.success(request, _("Đã thu hồi khóa API."))
            return redirect("my-account")
        else:
            return HttpResponseBadRequest(_("Thao tác không hợp lệ."))
    tokens = request.user.api_tokens.order_by("-created_at")
    context = {
        "tokens": tokens,
        "scopes": ApiToken.Scope.choices,
        "days_choices": TOKEN_DAYS_CHOICES,
        "now": timezone.now(),
        "new_token": new_token,
        "has_second_factor": user_has_device(request.user, confirmed=True),
    }
    return render(request, "accounts/me.html", context)
