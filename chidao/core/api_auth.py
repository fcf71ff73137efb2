"""Who may read the register through the API, and the shared plumbing of its answers.

Reading is open to everyone when settings.CHIDAO_PUBLIC_REGISTER is True; otherwise a
logged-in Django session is required. ninja tries the callables of `READ_AUTH` in order and
lets the request through at the first that returns something truthy; when none does it
raises AuthenticationError, which `authentication_error` answers with a 401 in Vietnamese.
A bearer-token authenticator (a ninja.security.HttpBearer subclass) is added later by
appending it to `read_authenticators()`; nothing else has to change.

Every error the API gives has the same shape, `{"detail": "<message in Vietnamese>"}`
(validation errors add `errors`, the machine-readable list), described by `ErrorOut`.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from ninja import Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from chidao.core.dates import parse_iso_date

NOT_AUTHENTICATED = "Cần đăng nhập để xem sổ đăng ký Ban Chỉ đạo."


class PublicReader:
    """The anonymous reader of a public register (request.auth when no one logged in)."""

    def __bool__(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "PublicReader()"


PUBLIC_READER = PublicReader()


class PublicRegister:
    """Lets anyone read while settings.CHIDAO_PUBLIC_REGISTER is True (read at each request,
    so the setting can change without restarting)."""

    def __call__(self, request):
        if getattr(settings, "CHIDAO_PUBLIC_REGISTER", False):
            return PUBLIC_READER
        return None


class DjangoSession(SessionAuth):
    """A user logged in through the site's own login (the Django session cookie)."""


def read_authenticators() -> list:
    """The authenticators for reading, in the order ninja tries them."""
    return [PublicRegister(), DjangoSession()]


READ_AUTH = read_authenticators()


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[dict] = []


ERROR_RESPONSES = {401: ErrorOut, 422: ValidationErrorOut}
NOT_FOUND_RESPONSES = {**ERROR_RESPONSES, 404: ErrorOut}


def authentication_error(api, request, exc):
    return api.create_response(request, {"detail": NOT_AUTHENTICATED}, status=401)


def validation_error(api, request, exc):
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in exc.errors
    ]
    parts = [_describe(e) for e in exc.errors]
    detail = "Tham số không hợp lệ: " + "; ".join(parts) if parts else "Tham số không hợp lệ."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def not_found(api, request, exc):
    return api.create_response(request, {"detail": "Không tìm thấy."}, status=404)


def _describe(error: dict) -> str:
    loc = [str(p) for p in error.get("loc", ())]
    name = ".".join(loc[1:] if len(loc) > 1 else loc) or "?"
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        message = f"phải là một trong {expected}"
    elif kind == "missing":
        message = "là bắt buộc"
    elif kind in ("int_parsing", "int_type", "int_from_float"):
        message = "phải là số nguyên"
    elif kind == "greater_than_equal":
        message = f"phải lớn hơn hoặc bằng {ctx.get('ge')}"
    elif kind == "greater_than":
        message = f"phải lớn hơn {ctx.get('gt')}"
    elif kind == "less_than_equal":
        message = f"phải nhỏ hơn hoặc bằng {ctx.get('le')}"
    elif kind.startswith("date"):
        message = "phải là ngày dạng YYYY-MM-DD"
    else:
        message = str(error.get("msg", ""))
    return f"{name} {message}"


def date_param(value: str | None, name: str = "as_of") -> dt.date:
    """A YYYY-MM-DD query parameter, today (Vietnam time) when absent; 422 when malformed."""
    if value is None or value.strip() == "":
        return timezone.localdate()
    try:
        return parse_iso_date(value.strip())
    except ValueError as exc:
        raise HttpError(422, f"{name}: {exc}") from exc
