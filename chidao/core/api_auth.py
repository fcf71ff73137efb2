"""Who may read the register through the API, and the shared plumbing of its answers.

Reading is open to everyone when settings.CHIDAO_PUBLIC_REGISTER is True; otherwise a
logged-in Django session is required. ninja tries the callables of `READ_AUTH` in order and
lets the request through at the first that returns something truthy; when none does it
raises AuthenticationError, which `authentication_error` answers with a 401 in Vietnamese.
A personal API token (`Authorization: Bearer chd_…`, see chidao.accounts.tokens) is accepted
everywhere: `BearerToken` comes after `PublicRegister` in `READ_AUTH`, so the public register
behaves as before. The task API (`TASK_AUTH`) is never public: a token or a session.

Every error the API gives has the same shape, `{"detail": "<message in Vietnamese>"}`
(validation errors add `errors`, the machine-readable list), described by `ErrorOut`.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth

from chidao.core.dates import parse_iso_date

NOT_AUTHENTICATED = "Cần đăng nhập để xem sổ đăng ký Ban Chỉ đạo."
TASK_NOT_AUTHENTICATED = (
    "Cần khóa API (tiêu đề Authorization: Bearer <khóa>) hoặc đăng nhập để dùng API nhiệm vụ."
)
BAD_TOKEN = "Khóa API không hợp lệ, đã hết hạn, đã bị thu hồi hoặc tài khoản đã bị khóa."  # noqa: S105
READ_ONLY_TOKEN = "Khóa API này chỉ được đọc (phạm vi read): không dùng để thay đổi dữ liệu."  # noqa: S105
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


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


class BearerToken(HttpBearer):
    """A personal API token sent as `Authorization: Bearer <token>`; request.auth is the user.

    `message` is the 401 answer when no authenticator of the operation lets the request in
    (a wrong or revoked token gets BAD_TOKEN instead).
    """

    def __init__(self, message: str = NOT_AUTHENTICATED) -> None:
        self.message = message
        super().__init__()

    def __call__(self, request):
        if not hasattr(request, "chidao_auth_message"):
            request.chidao_auth_message = self.message
        return super().__call__(request)

    def authenticate(self, request, token):
        # Tokens live in chidao.accounts, above this app: the setting names the function
        # that answers (user, read_only) for a live token, None otherwise.
        found = import_string(settings.CHIDAO_API_TOKEN_LOOKUP)(token.strip())
        if found is None:
            request.chidao_auth_message = BAD_TOKEN
            return None
        user, read_only = found
        if read_only and request.method not in SAFE_METHODS:
            raise HttpError(403, READ_ONLY_TOKEN)
        # Views and services see the token's user as request.user, as with a session.
        request.user = user
        return user


def read_authenticators() -> list:
    """The authenticators for reading, in the order ninja tries them."""
    return [PublicRegister(), BearerToken(), DjangoSession()]


def task_authenticators() -> list:
    """The task API: a personal token, or the site's own session (htmx/JS, CSRF checked)."""
    return [BearerToken(message=TASK_NOT_AUTHENTICATED), DjangoSession()]


READ_AUTH = read_authenticators()
TASK_AUTH = task_authenticators()


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[dict] = []


ERROR_RESPONSES = {401: ErrorOut, 422: ValidationErrorOut}
NOT_FOUND_RESPONSES = {**ERROR_RESPONSES, 404: ErrorOut}

# Answers any operation may give whatever its own code says, added to each operation of the
# OpenAPI document by `document_common_answers`: a NUL anywhere or a number the database cannot
# hold (422, middleware and handler); a read-only token or a missing CSRF token on a write
# (403); a body over the limit (413, before the view).
COMMON_ANSWERS = {
    "422": ("Giá trị không hợp lệ (kể cả ký tự NUL, số quá lớn).", "ValidationErrorOut"),
}
WRITE_ANSWERS = {
    "403": ("Không có quyền (kể cả khóa API chỉ đọc).", "ErrorOut"),
    "413": ("Nội dung gửi lên quá lớn.", "ErrorOut"),
}


def document_common_answers(schema: dict) -> dict:
    """Every operation of `schema` (an OpenAPI document) lists the answers the shared
    plumbing may give it, so the document holds every status code the API answers."""
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            answers = dict(COMMON_ANSWERS)
            if method.upper() not in SAFE_METHODS:
                answers.update(WRITE_ANSWERS)
            responses = operation.setdefault("responses", {})
            for status, (description, shape) in answers.items():
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{shape}"}
                            }
                        },
                    },
                )
    return schema


def authentication_error(api, request, exc):
    detail = getattr(request, "chidao_auth_message", NOT_AUTHENTICATED)
    return api.create_response(request, {"detail": detail}, status=401)


def validation_error(api, request, exc):
    errors = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type", "")}
        for e in exc.errors
    ]
    parts = [_describe(e) for e in exc.errors]
    detail = "Tham số không hợp lệ: " + "; ".join(parts) if parts else "Tham số không hợp lệ."
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


class MalformedBody(ValueError):
    """A request body that is not the JSON it claims to be."""


class JsonParser(Parser):
    """ninja's parser, with a malformed body marked so `http_error` answers it 422."""

    def parse_body(self, request):
        try:
            return super().parse_body(request)
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
            raise MalformedBody(str(exc)) from exc


def malformed_body_response(api, request):
    message = _("Nội dung gửi lên không phải JSON hợp lệ.")
    error = {"loc": ["body"], "msg": message, "type": "json_invalid"}
    return api.create_response(request, {"detail": message, "errors": [error]}, status=422)


def http_error(api, request, exc):
    """ninja's HttpError; its 400 for a body it could not parse becomes our 422."""
    if isinstance(exc.__cause__, MalformedBody):
        return malformed_body_response(api, request)
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


def body_too_large(api, request, exc):
    from chidao.core.middleware import too_large_message

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return api.create_response(request, {"detail": too_large_message(limit)}, status=413)


def out_of_range(api, request, exc):
    """A number the database cannot hold that slipped past the schemas (the schemas' `Id`
    and bounds are the first line): a 422, never a 500."""
    message = _("Giá trị gửi lên vượt quá giới hạn cho phép.")
    error = {"loc": ["body"], "msg": message, "type": "value_error"}
    return api.create_response(request, {"detail": message, "errors": [error]}, status=422)


def not_found(api, request, exc):
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


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
    elif kind == "less_than":
        message = f"phải nhỏ hơn {ctx.get('lt')}"
    elif kind.startswith("date"):
        message = "phải là ngày dạng YYYY-MM-DD"
    elif kind == "string_too_long":
        message = f"dài quá {ctx.get('max_length')} ký tự"
    elif kind == "string_too_short":
        message = f"phải có ít nhất {ctx.get('min_length')} ký tự"
    elif kind == "string_pattern_mismatch":
        message = "không được chứa ký tự NUL"
    elif kind == "finite_number":
        message = "phải là số hữu hạn"
    elif kind in ("float_parsing", "float_type"):
        message = "phải là số"
    elif kind in ("string_type", "str_type"):
        message = "phải là chuỗi ký tự"
    elif kind in ("bool_parsing", "bool_type"):
        message = "phải là true hoặc false"
    elif kind == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
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
