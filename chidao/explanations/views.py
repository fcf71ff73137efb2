"""Explanation pages: the pending requests (the standing agency's of its committees, a unit's
of its own), one request with its answer form, its letter, and issuing or withdrawing one.

Views stay thin: reads through `chidao.explanations.selectors`, writes through
`chidao.explanations.services`; a refusal is shown with the status the service chose and
nothing is written."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chidao.core import policy
from chidao.core.error_views import refused
from chidao.core.text import fold
from chidao.explanations import selectors, services
from chidao.explanations.forms import AnswerForm, IssueForm
from chidao.explanations.letters import request_letter_docx
from chidao.explanations.services import ExplanationError
from chidao.explanations.subjects import subject_kind, subject_url

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STATUS_CHOICES = {
    "open": _("Chờ giải trình"),
    "answered": _("Đã giải trình"),
    "all": _("Tất cả"),
}


@login_required
@require_GET
def request_list(request):
    """GET ?status=open|answered|all (open by default)."""
    status = request.GET.get("status", "open")
    if status not in STATUS_CHOICES:
        return refused(request, _("Trạng thái không hợp lệ (open, answered hoặc all)."))
    rows = list(selectors.requests_for(request.user, status=status)[:500])
    for row in rows:
        row.subject_url = subject_url(row.subject_kind, row.subject_id)
    return render(
        request,
        "explanations/list.html",
        {
            "rows": rows,
            "status": status,
            "statuses": [(key, str(label)) for key, label in STATUS_CHOICES.items()],
            "today": timezone.localdate(),
        },
    )


def _detail(request, row, form=None, *, status=200):
    kind = subject_kind(row.subject_kind)
    return render(
        request,
        "explanations/detail.html",
        {
            "row": row,
            "kind_label": kind.label if kind else row.subject_kind,
            "subject_url": kind.url(row.subject_id) if kind else "",
            "may_answer": row.is_open and row.permits(request.user, policy.REPORT),
            "may_withdraw": row.is_open and row.permits(request.user, policy.CHANGE),
            "form": form or AnswerForm(),
            "history": selectors.history_of(row.subject_kind, row.subject_id),
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_GET
def request_detail(request, pk: int):
    return _detail(request, selectors.get_visible_request(request.user, pk))


@login_required
@require_POST
def request_answer(request, pk: int):
    row = selectors.get_visible_request(request.user, pk)
    policy.require_permits(request.user, policy.REPORT, row)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _detail(request, row, form, status=422)
    try:
        services.explanation_answer(
            actor=request.user,
            request=row,
            reasons=form.cleaned_data["reasons"],
            done=form.cleaned_data["done"],
            plan=form.cleaned_data["plan"],
            new_deadline=form.cleaned_data["new_deadline"],
        )
    except ExplanationError as exc:
        form.add_error(None, str(exc))
        return _detail(request, row, form, status=exc.status)
    messages.success(request, _("Đã gửi giải trình."))
    return redirect("explanation-detail", pk=row.pk)


@login_required
@require_POST
def request_withdraw(request, pk: int):
    row = selectors.get_visible_request(request.user, pk)
    policy.require_permits(request.user, policy.CHANGE, row)
    try:
        services.explanation_withdraw(actor=request.user, request=row)
    except ExplanationError as exc:
        return refused(request, str(exc), status=exc.status)
    messages.success(request, _("Đã rút yêu cầu giải trình."))
    return redirect("explanation-detail", pk=row.pk)


@login_required
@require_POST
def request_issue(request):
    """POST subject_kind, subject_id, reason, due_on (from a task or a meeting's proposals)."""
    if not policy.manages_any_committee(request.user):
        raise policy.Forbidden(_("Chỉ cơ quan thường trực được yêu cầu giải trình."))
    form = IssueForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(f"{e}" for errs in form.errors.values() for e in errs)
        return refused(
            request, _("Dữ liệu chưa hợp lệ: %(errors)s") % {"errors": errors}, status=422
        )
    kind = subject_kind(form.cleaned_data["subject_kind"])
    if kind is None:
        return refused(request, _("Không thể yêu cầu giải trình về đối tượng này."), status=422)
    subject = kind.visible(request.user, form.cleaned_data["subject_id"])
    try:
        row = services.explanation_issue(
            actor=request.user,
            subject=subject,
            reason=form.cleaned_data["reason"],
            due_on=form.cleaned_data["due_on"],
        )
    except ExplanationError as exc:
        return refused(request, str(exc), status=exc.status)
    messages.success(
        request, _("Đã gửi yêu cầu giải trình đến %(unit)s.") % {"unit": row.unit.name}
    )
    return redirect("explanation-detail", pk=row.pk)


@login_required
@require_GET
def request_letter(request, pk: int):
    """The request as an official letter (.docx), for those who may see it."""
    row = selectors.get_visible_request(request.user, pk)
    try:
        content = request_letter_docx(row)
    except ValueError as exc:
        return refused(request, str(exc), status=409)
    name = f"yeu-cau-giai-trinh-{row.pk}-{fold(row.unit.name).replace(' ', '-')}"
    if row.synthetic:
        name += "-du-lieu-mo-phong"
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.docx")
    response["Cache-Control"] = "private, no-store"
    return response
