"""The throttle in front of the password check (django-axes)."""

from axes.backends import AxesStandaloneBackend


class ThrottledBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request (the login page, the
    admin). `authenticate()` without a request — a management command, the test client's
    `login()` — cannot be repeated from outside and is left to the next backend instead of
    failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
