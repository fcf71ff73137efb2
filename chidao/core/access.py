"""The one choke point for reading the register from pages."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def require_register_reader(view):
    """Let anyone read when the register is public; otherwise only signed-in users."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.CHIDAO_PUBLIC_REGISTER and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
