"""Signing in and out (a successful login is written to the change log), and the user's own page."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from chidao.accounts.models import ApiToken
from chidao.accounts.tokens import token_create, token_revoke
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


@login_required
def my_account(request):
    """The signed-in user's page: who they are, and their personal API tokens."""
    new_token = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            new_token = token_create(
                actor=request.user, user=request.user, name=request.POST.get("name", "")
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
    context = {"tokens": tokens, "new_token": new_token}
    return render(request, "accounts/me.html", context)
