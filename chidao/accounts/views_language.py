"""The language form in the footer: a signed-in user's choice is kept with the account (and
logged); an anonymous visitor's in the session and the language cookie
(chidao.core.language reads them back)."""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.accounts.services import language_set
from chidao.core.language import SESSION_KEY, supported


@require_POST
def set_language(request):
    language = supported(request.POST.get("language", ""))
    if language is None:
        return HttpResponseBadRequest(_("Ngôn ngữ không hợp lệ."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if request.user.is_authenticated:
        language_set(actor=request.user, user=request.user, language=language)
    else:
        request.session[SESSION_KEY] = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
