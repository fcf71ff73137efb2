"""Single sign-on through the province's OpenID Connect provider (mozilla-django-oidc).

The provider proves who someone is; chidao decides what they may do. The provider's user
(issuer + `sub`) is mapped to one chidao account through `SsoIdentity`: on a first sign-in
an account of the same e-mail address not yet linked is linked, otherwise a new account is
created as a viewer without unit, whose unit and role an administrator then sets in the
admin. Local passwords keep working beside it (the demo needs them).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from chidao.accounts import services
from chidao.audit.models import ChangeLog
from chidao.audit.services import record_change


def enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_OP_AUTHORIZATION_ENDPOINT)


def issuer() -> str:
    return settings.OIDC_OP_ISSUER or settings.OIDC_OP_AUTHORIZATION_ENDPOINT


class ProviderBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("userinfo without sub")
        if payload.get("sub") and str(claims["sub"]) != str(payload["sub"]):
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        return services.sso_user_for(
            issuer=issuer(),
            subject=str(claims["sub"]),
            email=str(claims.get("email") or ""),
            full_name=str(claims.get("name") or ""),
            preferred_username=str(claims.get("preferred_username") or ""),
        )


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider; a message instead when sign-on is not set up."""

    def get(self, request):
        if not enabled():
            messages.error(request, _("Đăng nhập một lần (SSO) chưa được cấu hình."))
            return HttpResponseRedirect(resolve_url("login"))
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: a signed-in user lands on their page, and it is logged."""

    def login_success(self):
        response = super().login_success()
        record_change(
            actor=self.user,
            action=ChangeLog.Action.LOGIN,
            target=self.user,
            after={"remote_addr": self.request.META.get("REMOTE_ADDR", ""), "via": "oidc"},
        )
        return response

    def login_failure(self):
        messages.error(self.request, _("Đăng nhập một lần không thành công. Hãy thử lại."))
        return HttpResponseRedirect(resolve_url("login"))

    @property
    def success_url(self):
        return self.request.session.get("oidc_login_next") or resolve_url("my-account")
