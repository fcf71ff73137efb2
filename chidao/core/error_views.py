"""Error answers: Vietnamese pages inside the product's layout saying what happened and where
to go next; JSON `{"detail": …}` under /api/, as the API answers everything else.

Wired in chidao/urls.py (handler400/403/404/500) and by `CSRF_FAILURE_VIEW`.
"""

import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import format_html
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def _user_message(exception) -> str:
    """The refusal's own message when a view gave one (chidao's are written for the user);
    Django's generic English texts are not shown."""
    if exception is None or not exception.args:
        return ""
    message = str(exception.args[0])
    return message if message and message not in ("", "Forbidden") else ""


def _answer(request, status: int, template: str, detail: str, context=None):
    if _is_api(request):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, template, {"detail": detail, **(context or {})}, status=status)


def form_errors(*forms) -> str:
    """Every error of the forms in one line for a message: fields, form-wide errors and, for
    a formset, its rows' errors and its own."""
    parts = []
    for form in forms:
        if hasattr(form, "non_form_errors"):  # a formset
            parts += [form_errors(row) for row in form.forms if row.errors]
            parts += [str(error) for error in form.non_form_errors()]
        else:
            parts += [str(error) for errors in form.errors.values() for error in errors]
    return "; ".join(part for part in parts if part)


def invalid_form(request, *forms):
    """A page form (or formset) that did not validate: 422 in the layout naming each error."""
    return refused(
        request, _("Dữ liệu chưa hợp lệ: %(errors)s") % {"errors": form_errors(*forms)}, status=422
    )


def refused(request, message: str, *, status: int = 400):
    """A request the product cannot answer, said in the user's words, in the layout (or JSON
    under /api/): for views that catch a refusal themselves instead of raising it."""
    return _answer(request, status, "400.html", message, {"message": message})


def unavailable(request, message: str, *, alternative: tuple[str, str] | None = None):
    """A 503 in the layout (or JSON under /api/): what could not be made just now, with an
    `alternative` (address, label) the user may take meanwhile (the Word file for its PDF)."""
    url, label = alternative or ("", "")
    context = {"message": message, "alternative": url, "alternative_label": label}
    return _answer(request, 503, "503.html", message, context)


def answers_refusals(view):
    """A page view whose service refusals (ActionRefused) are answered in the layout with
    their own message and status, as the API's one handler answers them in JSON."""
    from functools import wraps

    from chidao.core.errors import ActionRefused

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ActionRefused as exc:
            return refused(request, str(exc), status=exc.status)

    return wrapped


def bad_request(request, exception=None):
    return _answer(
        request, 400, "400.html", _("Yêu cầu không hợp lệ: địa chỉ hoặc dữ liệu gửi lên bị sai.")
    )


def permission_denied(request, exception=None):
    message = _user_message(exception)
    return _answer(
        request,
        403,
        "403.html",
        message or _("Bạn không có quyền mở trang này."),
        {"message": message},
    )


def page_not_found(request, exception=None):
    return _answer(
        request,
        404,
        "404.html",
        _("Không tìm thấy trang hoặc dữ liệu này."),
        {"request_path": request.path},
    )


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": _("Lỗi hệ thống; lỗi đã được ghi lại.")}, status=500)
    try:
        return render(request, "500.html", status=500)
    except Exception:  # the layout itself failed (the database is down): a bare page
        logger.exception("The 500 page could not be rendered in the layout")
        return HttpResponse(
            format_html(
                '<!doctype html><html lang="vi"><meta charset="utf-8"><title>{}</title>'
                '<h1>{}</h1><p>{} <a href="/">{}</a></p></html>',
                _("Lỗi hệ thống"),
                _("Lỗi hệ thống"),
                _("Hệ thống đang gặp sự cố; lỗi đã được ghi lại. Vui lòng thử lại sau ít phút."),
                _("Về trang chủ"),
            ),
            status=500,
        )


def csrf_failure(request, reason=""):
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Thiếu mã bảo vệ của biểu mẫu (CSRF); hãy tải lại trang.")}, status=403
        )
    return render(request, "403_csrf.html", {"reason": reason}, status=403)
