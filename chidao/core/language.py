"""Which language a request is answered in: Vietnamese, whatever the browser says.

English is only the user's own choice: a signed-in user's `language` (chosen on the
language form, kept with the account), or an anonymous visitor's choice kept in the session
and the language cookie. The browser's Accept-Language is never read for pages; the API
(/api/) may honour it, since its callers are programs that say what they want.

`LanguageMiddleware` replaces Django's LocaleMiddleware; it runs after the authentication
middleware, since the choice belongs to the user.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"
# Where an anonymous visitor's choice is kept in the session (the cookie keeps it too).
SESSION_KEY = "_language"


def supported(code: str | None) -> str | None:
    """`code` when it names one of the site's languages, else None."""
    if code and code in dict(settings.LANGUAGES):
        return code
    return None


def chosen_language(request) -> str | None:
    """The language the visitor chose, if any: the account's, else the session's or the
    cookie's (an anonymous visitor)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return supported(getattr(user, "language", ""))
    session = getattr(request, "session", None)
    if session is not None and supported(session.get(SESSION_KEY)):
        return session[SESSION_KEY]
    return supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))


def language_for(request) -> str:
    if request.path.startswith(API_PREFIX):
        return translation.get_language_from_request(request, check_path=False)
    return chosen_language(request) or settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if request.path.startswith(API_PREFIX):
            patch_vary_headers(response, ("Accept-Language",))
        return response
