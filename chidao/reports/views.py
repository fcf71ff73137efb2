"""Report pages: the periods, one period's submission status, a unit's report (draft, attach,
submit, approve, correct; versions), the form editor, opening a period and ad-hoc requests.

Views stay thin: reads come from `chidao.reports.selectors`, every change goes through
`chidao.reports.services`. A refused change re-renders the page with the message and the
HTTP status the service chose (422, 403 or 409), and nothing is written; a change that went
through redirects back with a message. A period or a unit's report the user may not see is
a 404; a page or an action they may see but not use is a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.reports import periods as period_rules
from chidao.reports import selectors, services
from chidao.reports.forms import (
    FIGURE_NAMES,
    SECTION_NAMES,
    AdhocForm,
    FormVersionForm,
    NewFormForm,
    PeriodOpenForm,
    SubmissionForm,
    _as_lines,
)
from chidao.reports.models import (
    ReportForm,
    Submission,
    SubmissionAttachment,
)
from chidao.reports.services import ReportError
from chidao.storage.serve import serve_file

PAGE_SIZE = 50
UNSAVED = gettext_lazy("Chưa lưu: hãy sửa các ô được đánh dấu.")


# ---- who manages what


def _managed_committees(user):
    return Committee.objects.restrict(user, policy.CHANGE).order_by("name")


def _require_some_management(user):
    if not policy.manages_any_committee(user):
        raise PermissionDenied(_("Chỉ cơ quan thường trực mới làm được việc này."))


def _count_of(queryset, key: str):
    """COUNT(*) of a correlated subquery (at most one submitted version per unit counts)."""
    counted = queryset.order_by().values(key).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@login_required
def period_list(request):
    user = request.user
    committee = None
    raw = request.GET.get("committee", "")
    if raw.isdigit():
        committee = Committee.objects.filter(pk=raw).only("id", "name").first()
    # Subqueries, not joins: a period's units times its submissions would multiply rows.
    queryset = selectors.periods_for(user, committee).annotate(
        required=_count_of(
            selectors.PeriodUnits.objects.filter(reportperiod_id=OuterRef("pk")),
            "reportperiod_id",
        ),
        counted=_count_of(
            Submission.objects.filter(period_id=OuterRef("pk"), state=Submission.State.SUBMITTED),
            "period_id",
        ),
    )
    if user.unit_id:
        queryset = queryset.annotate(
            own_required=Exists(
                selectors.PeriodUnits.objects.filter(
                    reportperiod_id=OuterRef("pk"), unit_id=user.unit_id
                )
            ),
            own_counted=Exists(
                Submission.objects.filter(
                    period_id=OuterRef("pk"),
                    unit_id=user.unit_id,
                    state=Submission.State.SUBMITTED,
                )
            ),
        )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "paginator": page.paginator,
        "committee": committee,
        "committees": Committee.objects.filter(report_periods__isnull=False)
        .distinct()
        .order_by("name")
        .only("id", "name"),
        "manager": policy.manages_any_committee(user),
        "today": timezone.localdate(),
    }
    return render(request, "reports/periods.html", context)


@login_required
def period_detail(request, pk: int):
    user = request.user
    period = selectors.get_visible_period(user, pk)
    today = timezone.localdate()
    rows = selectors.visible_status(user, period, today)
    sees_all = selectors.sees_all_submissions(user, period)
    own_unit = (
        user.unit_id if user.unit_id and period.units.filter(pk=user.unit_id).exists() else None
    )
    context = {
        "period": period,
        "rows": rows,
        "counts": selectors.status_counts(rows),
        "sees_all": sees_all,
        "own_unit": own_unit,
        "manager": policy.manages_committee(user, period.committee_id),
        "today": today,
        "days_left": (period.deadline - today).days,
    }
    return render(request, "reports/period.html", context)


# ---- a unit's report


def _unit_page_objects(request, pk: int, unit_id: int):
    """(period, unit) when the user may read this unit's report in this period; else 404."""
    period = selectors.get_visible_period(request.user, pk)
    unit = period.units.filter(pk=unit_id).first()
    if unit is None or not selectors.can_view_unit(request.user, period, unit.pk):
        raise Http404("No report of this unit in this period.")
    return period, unit


def decorate(submission: Submission | None) -> Submission | None:
    """Give the submission its sections and figures in the order of its form version, for
    the templates (display_sections, display_figures)."""
    if submission is None:
        return None
    version = submission.form_version
    text = submission.sections or {}
    numbers = submission.figures or {}
    submission.display_sections = [
        {"key": s["key"], "title": s["title"], "text": text.get(s["key"], "")}
        for s in version.sections
    ]
    submission.display_figures = [
        {
            "key": f["key"],
            "label": f["label"],
            "unit": f.get("unit", ""),
            "value": numbers.get(f["key"]),
        }
        for f in version.figures
    ]
    return submission


def _is_focal_of(user, unit) -> bool:
    return policy.is_focal(user) and user.unit_id == unit.pk


def _is_leader_of(user, unit) -> bool:
    return policy.is_leader(user) and user.unit_id == unit.pk


def _render_unit(request, period, unit, *, bound=None, error=None, status=200):
    user = request.user
    [row] = selectors.submission_status(period, unit_ids=[unit.pk]) or [None]
    versions = list(
        Submission.objects.filter(period=period, unit=unit)
        .select_related("form_version", "author", "approved_by")
        .prefetch_related("attachments")
        .order_by("version")
    )
    open_row = next((s for s in versions if s.state in services.OPEN_STATES), None)
    counted = next((s for s in reversed(versions) if s.state == Submission.State.SUBMITTED), None)
    focal = _is_focal_of(user, unit)
    forms_ = {}
    if focal and (open_row is not None or counted is None):
        base = open_row
        forms_["draft"] = SubmissionForm(
            form_version=base.form_version if base else period.form_version, initial_from=base
        )
    if focal and counted is not None and open_row is None:
        forms_["correct"] = SubmissionForm(form_version=counted.form_version, initial_from=counted)
    if bound is not None:
        key, form = bound
        forms_[key] = form
    decorate(open_row)
    decorate(counted)
    context = {
        "period": period,
        "unit": unit,
        "row": row,
        "versions": versions,
        "open_row": open_row,
        "counted": counted,
        "forms": forms_,
        "focal": focal,
        "can_approve": open_row is not None
        and open_row.state == Submission.State.AWAITING_APPROVAL
        and _is_leader_of(user, unit),
        "error": error,
        "today": timezone.localdate(),
    }
    return render(request, "reports/submission.html", context, status=status)


@login_required
def submission_page(request, pk: int, unit_id: int):
    period, unit = _unit_page_objects(request, pk, unit_id)
    return _render_unit(request, period, unit)


def _refused(request, period, unit, key, form, exc: ReportError):
    field = None
    if exc.field == "files":
        field = "files"
    if form is not None:
        form.add_error(field, str(exc))
    return _render_unit(
        request,
        period,
        unit,
        bound=(key, form) if form is not None else None,
        error=str(exc),
        status=exc.status,
    )


@login_required
@require_POST
def submission_save(request, pk: int, unit_id: int):
    """Save the draft; with action=submit, save and submit in one go (all or nothing)."""
    period, unit = _unit_page_objects(request, pk, unit_id)
    open_row = Submission.objects.filter(
        period=period, unit=unit, state__in=services.OPEN_STATES
    ).first()
    form_version = open_row.form_version if open_row else period.form_version
    form = SubmissionForm(request.POST, request.FILES, form_version=form_version)
    if not form.is_valid():
        return _render_unit(request, period, unit, bound=("draft", form), error=UNSAVED, status=422)
    sections, figures = form.content()
    submit = request.POST.get("action") == "submit"
    try:
        with transaction.atomic():
            submission = services.submission_save_draft(
                actor=request.user,
                period=period,
                unit=unit,
                sections=sections,
                figures=figures,
                uploads=form.cleaned_data["files"],
            )
            if submit:
                submission = services.submission_submit(actor=request.user, submission=submission)
    except ReportError as exc:
        return _refused(request, period, unit, "draft", form, exc)
    if not submit:
        messages.success(request, _("Đã lưu dự thảo."))
    elif submission.state == Submission.State.AWAITING_APPROVAL:
        messages.success(request, _("Đã gửi báo cáo; đang chờ lãnh đạo đơn vị duyệt."))
    else:
        messages.success(request, _("Đã nộp báo cáo."))
    return redirect("report-submission", pk=period.pk, unit_id=unit.pk)


@login_required
@require_POST
def submission_approve(request, pk: int, unit_id: int):
    period, unit = _unit_page_objects(request, pk, unit_id)
    try:  # who may approve is answered before whether there is anything to approve
        services.require_unit_approver(request.user, unit.pk)
    except ReportError as exc:
        return _refused(request, period, unit, None, None, exc)
    submission = Submission.objects.filter(
        period=period, unit=unit, state=Submission.State.AWAITING_APPROVAL
    ).first()
    if submission is None:
        return _render_unit(
            request, period, unit, error=_("Không có báo cáo nào chờ duyệt."), status=409
        )
    try:
        services.submission_approve(actor=request.user, submission=submission)
    except ReportError as exc:
        return _refused(request, period, unit, None, None, exc)
    messages.success(request, _("Đã duyệt báo cáo; báo cáo được tính là đã nộp."))
    return redirect("report-submission", pk=period.pk, unit_id=unit.pk)


@login_required
@require_POST
def submission_correct(request, pk: int, unit_id: int):
    period, unit = _unit_page_objects(request, pk, unit_id)
    try:  # who may correct is answered before whether there is anything to correct
        services.require_reporter(request.user, period, unit)
    except ReportError as exc:
        return _refused(request, period, unit, None, None, exc)
    current = (
        Submission.objects.filter(period=period, unit=unit, state=Submission.State.SUBMITTED)
        .select_related("form_version")
        .order_by("-version")
        .first()
    )
    if current is None:
        return _render_unit(
            request, period, unit, error=_("Chưa có báo cáo đã nộp để sửa đổi."), status=409
        )
    form = SubmissionForm(request.POST, request.FILES, form_version=current.form_version)
    if not form.is_valid():
        return _render_unit(
            request, period, unit, bound=("correct", form), error=UNSAVED, status=422
        )
    sections, figures = form.content()
    try:
        correction = services.submission_correct(
            actor=request.user,
            submission=current,
            sections=sections,
            figures=figures,
            uploads=form.cleaned_data["files"],
        )
    except ReportError as exc:
        return _refused(request, period, unit, "correct", form, exc)
    if correction.state == Submission.State.AWAITING_APPROVAL:
        messages.success(request, _("Đã gửi bản sửa đổi; đang chờ lãnh đạo đơn vị duyệt."))
    else:
        messages.success(
            request,
            _("Đã nộp bản sửa đổi (lần %(n)s); bản trước được giữ lại.")
            % {"n": correction.version},
        )
    return redirect("report-submission", pk=period.pk, unit_id=unit.pk)


@login_required
def submission_version(request, pk: int, unit_id: int, version: int):
    period, unit = _unit_page_objects(request, pk, unit_id)
    submission = get_object_or_404(
        Submission.objects.select_related("form_version__form", "author", "approved_by"),
        period=period,
        unit=unit,
        version=version,
    )
    versions = (
        Submission.objects.filter(period=period, unit=unit)
        .select_related("form_version", "author", "approved_by")
        .order_by("version")
    )
    context = {
        "period": period,
        "unit": unit,
        "submission": decorate(submission),
        "versions": versions,
    }
    return render(request, "reports/submission_version.html", context)


@login_required
def attachment_download(request, pk: int):
    """The file, to those who may read its report; everyone else gets the same 404."""
    attachment = (
        SubmissionAttachment.objects.select_related("submission__period").filter(pk=pk).first()
    )
    if attachment is None:
        raise Http404("No attachment matches the given query.")
    policy.get_visible_or_404(Submission.objects, request.user, attachment.submission_id)
    return serve_file(attachment)


# ---- the standing agency: forms, periods, ad-hoc requests


@login_required
def form_list(request):
    _require_some_management(request.user)
    report_forms = (
        ReportForm.objects.filter(committee__in=_managed_committees(request.user))
        .select_related("committee")
        .annotate(version_count=Count("versions"))
        .order_by("committee__name", "name")
    )
    return render(request, "reports/forms.html", {"report_forms": report_forms})


def _service_error_to_form(form, exc: ReportError):
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc))


@login_required
def form_create(request):
    _require_some_management(request.user)
    committees = _managed_committees(request.user)
    initial = {"sections": _as_lines(services.DEFAULT_SECTIONS, SECTION_NAMES)}
    form = NewFormForm(request.POST or None, committees=committees, initial=initial)
    context = {"form": form, "report_form": None}
    if request.method != "POST":
        return render(request, "reports/form_edit.html", context)
    if not form.is_valid():
        return render(request, "reports/form_edit.html", context, status=422)
    data = form.cleaned_data
    try:
        report_form = services.form_create(
            actor=request.user,
            committee=data["committee"],
            name=data["name"],
            sections=data["sections"],
            figures=data["figures"],
        )
    except ReportError as exc:
        _service_error_to_form(form, exc)
        return render(request, "reports/form_edit.html", context, status=exc.status)
    messages.success(request, _("Đã tạo mẫu báo cáo (phiên bản 1)."))
    return redirect("report-form-edit", pk=report_form.pk)


@login_required
def form_edit(request, pk: int):
    """The form's versions, and a new version from the latest one."""
    report_form = get_object_or_404(ReportForm.objects.select_related("committee"), pk=pk)
    if not policy.permits(request.user, policy.CHANGE, report_form):
        raise PermissionDenied(_("Bạn không có quyền quản lý báo cáo của Ban Chỉ đạo này."))
    latest = services.latest_version(report_form)
    initial = {}
    if latest is not None:
        initial = {
            "sections": _as_lines(latest.sections, SECTION_NAMES),
            "figures": _as_lines(latest.figures, FIGURE_NAMES),
        }
    form = FormVersionForm(request.POST or None, initial=initial)
    context = {
        "form": form,
        "report_form": report_form,
        "latest": latest,
        "versions": report_form.versions.order_by("-number"),
    }
    if request.method != "POST":
        return render(request, "reports/form_edit.html", context)
    if not form.is_valid():
        return render(request, "reports/form_edit.html", context, status=422)
    try:
        version = services.form_new_version(
            actor=request.user,
            form=report_form,
            sections=form.cleaned_data["sections"],
            figures=form.cleaned_data["figures"],
        )
    except ReportError as exc:
        _service_error_to_form(form, exc)
        return render(request, "reports/form_edit.html", context, status=exc.status)
    messages.success(
        request,
        _(
            "Đã lưu phiên bản %(n)s. Các kỳ đã mở và báo cáo đã soạn vẫn theo phiên bản cũ; "
            "kỳ mở sau sẽ dùng phiên bản này."
        )
        % {"n": version.number},
    )
    return redirect("report-form-edit", pk=report_form.pk)


@login_required
def period_open(request):
    _require_some_management(request.user)
    today = timezone.localdate()
    initial = {}
    if request.method != "POST":
        closed = period_rules.last_closed(period_rules.QUARTERLY, today)
        initial = {"year": closed.year, "index": closed.index}
    form = PeriodOpenForm(request.POST or None, user=request.user, initial=initial)
    if request.method != "POST":
        return render(request, "reports/period_open.html", {"form": form})
    if not form.is_valid():
        return render(request, "reports/period_open.html", {"form": form}, status=422)
    data = form.cleaned_data
    regime = data["regime"]
    try:
        existed = services.find_period(regime, data["year"], data["index"])
    except ValueError as exc:
        form.add_error("index", str(exc))
        return render(request, "reports/period_open.html", {"form": form}, status=422)
    try:
        period = services.period_open(
            actor=request.user, regime=regime, year=data["year"], index=data["index"]
        )
    except ReportError as exc:
        _service_error_to_form(form, exc)
        return render(request, "reports/period_open.html", {"form": form}, status=exc.status)
    if existed:
        messages.info(request, _("Kỳ báo cáo này đã được mở trước đó."))
    else:
        messages.success(request, _("Đã mở kỳ báo cáo %(label)s.") % {"label": period.label})
    return redirect("report-period", pk=period.pk)


@login_required
def adhoc_create(request):
    _require_some_management(request.user)
    committees = _managed_committees(request.user)
    form = AdhocForm(request.POST or None, committees=committees)
    if request.method != "POST":
        return render(request, "reports/adhoc.html", {"form": form})
    if not form.is_valid():
        return render(request, "reports/adhoc.html", {"form": form}, status=422)
    data = form.cleaned_data
    version = services.latest_version(data["form"])
    if version is None:
        form.add_error("form", _("Mẫu báo cáo chưa có phiên bản nào."))
        return render(request, "reports/adhoc.html", {"form": form}, status=422)
    try:
        period = services.adhoc_request(
            actor=request.user,
            committee=data["committee"],
            title=data["title"],
            data_from=data["data_from"],
            data_to=data["data_to"],
            deadline=data["deadline"],
            units=list(data["units"]),
            form_version=version,
            requires_leader_approval=data["requires_leader_approval"],
        )
    except ReportError as exc:
        _service_error_to_form(form, exc)
        return render(request, "reports/adhoc.html", {"form": form}, status=exc.status)
    messages.success(request, _("Đã gửi yêu cầu báo cáo đột xuất."))
    return redirect("report-period", pk=period.pk)
