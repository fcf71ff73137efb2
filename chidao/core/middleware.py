"""Requests refused before any view runs: bodies over the limit and NUL characters.

A body larger than Django accepts would otherwise end as a bare HTML "Bad Request (400)" even
on the JSON API; it is answered 413 with a Vietnamese message (JSON under /api/) from its
declared length, before a byte of it is read. A NUL character, which PostgreSQL cannot store
in text and no user types, is refused wherever it comes: path, query string, form fields, JSON
body (422 on the API, 400 on pages), so no filter or service ever sees one.
"""

import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from chidao.core.inputs import has_nul

API_PREFIX = "/api/"
# Room for the multipart envelope around a file of the maximum size.
MULTIPART_OVERHEAD = 64 * 1024


def body_limit(content_type: str) -> int:
    """The largest body accepted: an upload of the maximum size, or DATA_UPLOAD_MAX_MEMORY_SIZE
    for anything read into memory (JSON, form fields)."""
    if content_type.startswith("multipart/"):
        return settings.CHIDAO_UPLOAD_MAX_BYTES + MULTIPART_OVERHEAD
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large_message(limit: int) -> str:
    return _("Nội dung gửi lên quá lớn: tối đa %(size)s MB. Không có gì được lưu.") % {
        "size": f"{limit / (1024 * 1024):.0f}"
    }


def nul_message() -> str:
    return _("Dữ liệu gửi lên chứa ký tự NUL (mã 0), không được phép.")


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_api = request.path_info.startswith(API_PREFIX)
        content_type = request.META.get("CONTENT_TYPE", "") or ""
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = body_limit(content_type)
        if length > limit:
            return self._refuse(is_api, 413, too_large_message(limit))
        if self._has_nul(request, content_type):
            message = nul_message()
            if is_api:
                error = {"loc": ["body"], "msg": message, "type": "string_pattern_mismatch"}
                return JsonResponse(
                    {"detail": message, "errors": [error]},
                    status=422,
                    json_dumps_params={"ensure_ascii": False},
                )
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _refuse(is_api: bool, status: int, message: str):
        if is_api:
            return JsonResponse(
                {"detail": message}, status=status, json_dumps_params={"ensure_ascii": False}
            )
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")

    @staticmethod
    def _has_nul(request, content_type: str) -> bool:
        if "\x00" in request.path_info:
            return True
        if any(has_nul(values) for values in request.GET.lists()):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS") or content_type.startswith("multipart/"):
            # Uploaded files may hold NUL bytes; their other fields go through Django forms,
            # whose text fields refuse NUL themselves.
            return False
        if content_type.startswith("application/json"):
            try:
                return has_nul(json.loads(request.body))
            except ValueError:
                return False  # malformed JSON is the view's to answer (422)
        if content_type.startswith("application/x-www-form-urlencoded"):
            return any(has_nul(values) for values in request.POST.lists())
        return False
