"""Every change to reporting: regimes, periods, ad-hoc requests and the units' submissions
(forms and their versions live in `form_services` and are re-exported here). Each function is
one user action: one transaction and its change-log rows, written here and nowhere else. Pages,
API, commands and the demo all come through here.

Who may do what:
- the standing agency of the committee (`chidao.core.policy.manages_committee`, which
  includes administrators): forms, form versions, regimes, periods, ad-hoc requests;
- a unit's focal person (role FOCAL) whose unit is listed in the period: draft, attach,
  submit, correct that unit's report;
- a leader (role LEADER) of that same unit: approve it, when the period requires approval.
A string actor is a command or job acting for the system (no permission applies).

A submitted report never changes: a correction is a new version; the old one is kept and
marked superseded once the new one counts (at once, or on the leader's approval).
"""

import datetime as dt
import decimal
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.reports import hooks, notices, periods
from chidao.reports.errors import ReportError, _require_manager  # noqa: F401
from chidao.reports.form_services import (  # noqa: F401 (re-exported: callers use services.*)
    DEFAULT_SECTIONS,
    FIGURE_LIMIT,
    _as_mapping,
    _clean_key,
    _items,
    clean_figures,
    clean_sections,
    form_create,
    form_new_version,
    latest_version,
)
from chidao.reports.models import (
    Frequency,
    ReportForm,
    ReportFormVersion,
    ReportingRegime,
    ReportPeriod,
    Submission,
    SubmissionAttachment,
)
from chidao.storage import files
from chidao.units.models import Unit

SECTION_MAX_CHARS = 50_000
OPEN_STATES = (Submission.State.DRAFT, Submission.State.AWAITING_APPROVAL)


# ---- regimes and periods


def _clean_units(units, on: dt.date | None = None) -> list[Unit]:
    units = list({u.pk: u for u in (units or ())}.values())
    if not units:
        raise ReportError(_("Cần ít nhất một đơn vị phải báo cáo."), field="units")
    if on is not None:
        gone = [u for u in units if u.valid_to is not None and u.valid_to < on]
        if gone:
            raise ReportError(
                _("Đơn vị “%(unit)s” không còn tồn tại vào ngày %(date)s.")
                % {"unit": gone[0].name, "date": on.strftime("%d/%m/%Y")},
                field="units",
            )
    return units


@transaction.atomic
def regime_create(
    *,
    actor,
    committee,
    name: str,
    frequency: str,
    form: ReportForm,
    units: Iterable[Unit],
    deadline_rule: str = ReportingRegime.DeadlineRule.WORKING_DAYS_AFTER_CUTOFF,
    deadline_value: int = 2,
    requires_leader_approval: bool = False,
    synthetic: bool = False,
) -> ReportingRegime:
    _require_manager(actor, committee.pk)
    name = (name or "").strip()
    if not name:
        raise ReportError(_("Thiếu tên chế độ báo cáo."), field="name")
    if frequency not in Frequency.values or frequency == Frequency.AD_HOC:
        raise ReportError(
            _("Chế độ báo cáo định kỳ cần tần suất tháng, quý, 6 tháng, 9 tháng hoặc năm."),
            field="frequency",
        )
    if form.committee_id != committee.pk:
        raise ReportError(_("Mẫu báo cáo thuộc Ban Chỉ đạo khác."), field="form")
    if latest_version(form) is None:
        raise ReportError(_("Mẫu báo cáo chưa có phiên bản nào."), field="form")
    try:
        periods.check_rule(deadline_rule, int(deadline_value))
    except (TypeError, ValueError) as exc:
        raise ReportError(str(exc), field="deadline_value") from exc
    unit_list = _clean_units(units, timezone.localdate())
    regime = ReportingRegime.objects.create(
        committee=committee,
        name=name,
        frequency=frequency,
        form=form,
        deadline_rule=deadline_rule,
        deadline_value=int(deadline_value),
        requires_leader_approval=requires_leader_approval,
        synthetic=synthetic,
    )
    regime.units.set(unit_list)
    record_change(actor=actor, action="create", target=regime, after=snapshot(regime))
    return regime


def find_period(regime: ReportingRegime, year: int, index: int) -> ReportPeriod | None:
    data_from, data_to, _label = periods.period_window(regime.frequency, year, index)
    return ReportPeriod.objects.filter(regime=regime, data_from=data_from, data_to=data_to).first()


@transaction.atomic
def period_open(*, actor, regime: ReportingRegime, year: int, index: int) -> ReportPeriod:
    """Open the period `index` of `year` for the regime: its data window and deadline, the
    units the regime names today (those still existing at the cut-off), and the form's
    latest version. Opening it again gives the same period (a past period's units are those
    that existed at its cut-off: none created after it, none dissolved before it)."""
    _require_manager(actor, regime.committee_id)
    try:
        data_from, data_to, label = periods.period_window(regime.frequency, year, index)
    except ValueError as exc:
        raise ReportError(str(exc), field="index") from exc
    existing = ReportPeriod.objects.filter(
        regime=regime, data_from=data_from, data_to=data_to
    ).first()
    if existing is not None:
        return existing
    try:
        deadline = periods.deadline_for(regime, data_to)
    except ValueError as exc:
        raise ReportError(str(exc), field="deadline_value") from exc
    version = latest_version(regime.form)
    if version is None:
        raise ReportError(_("Mẫu báo cáo chưa có phiên bản nào."), status=409, field="form")
    units = list(regime.units.exclude(valid_to__lt=data_to).exclude(valid_from__gt=data_to))
    if not units:
        raise ReportError(_("Chế độ báo cáo chưa có đơn vị nào phải báo cáo."), status=409)
    try:
        with transaction.atomic():
            period = ReportPeriod.objects.create(
                committee_id=regime.committee_id,
                regime=regime,
                kind=regime.frequency,
                label=label,
                data_from=data_from,
                data_to=data_to,
                deadline=deadline,
                form_version=version,
                requires_leader_approval=regime.requires_leader_approval,
            )
    except IntegrityError:
        # opened meanwhile by someone else: the unique constraint kept one.
        return ReportPeriod.objects.get(regime=regime, data_from=data_from, data_to=data_to)
    period.units.set(units)
    record_change(actor=actor, action="create", target=period, after=snapshot(period))
    return period


@transaction.atomic
def adhoc_request(
    *,
    actor,
    committee,
    title: str,
    data_from: dt.date,
    data_to: dt.date,
    deadline: dt.date,
    units: Iterable[Unit],
    form_version: ReportFormVersion,
    requires_leader_approval: bool = False,
) -> ReportPeriod:
    """An ad-hoc report request: its own window and the deadline the requester sets."""
    _require_manager(actor, committee.pk)
    title = (title or "").strip()
    if not title:
        raise ReportError(_("Thiếu nội dung yêu cầu báo cáo."), field="title")
    if len(title) > 500:
        raise ReportError(_("Nội dung yêu cầu quá dài (tối đa 500 ký tự)."), field="title")
    if data_to < data_from:
        raise ReportError(_("Ngày chốt số liệu phải sau ngày bắt đầu."), field="data_to")
    if deadline <= data_to:
        raise ReportError(_("Hạn nộp phải sau ngày chốt số liệu."), field="deadline")
    if form_version.form.committee_id != committee.pk:
        raise ReportError(_("Mẫu báo cáo thuộc Ban Chỉ đạo khác."), field="form_version")
    unit_list = _clean_units(units, data_to)
    label = title if len(title) <= 100 else title[:99].rstrip() + "…"
    period = ReportPeriod.objects.create(
        committee=committee,
        regime=None,
        kind=Frequency.AD_HOC,
        label=label,
        title=title,
        data_from=data_from,
        data_to=data_to,
        deadline=deadline,
        form_version=form_version,
        requires_leader_approval=requires_leader_approval,
    )
    period.units.set(unit_list)
    record_change(actor=actor, action="create", target=period, after=snapshot(period))
    return period


# ---- submissions: content


def clean_content(form_version: ReportFormVersion, sections, figures) -> tuple[dict, dict]:
    """The report's text by section key and its figures by key, checked against the form
    version: unknown keys refused, figures must be numbers (empty means not filled)."""
    sections = sections or {}
    figures = figures or {}
    if not isinstance(sections, dict):
        raise ReportError(_("Nội dung các phần không hợp lệ."), field="sections")
    if not isinstance(figures, dict):
        raise ReportError(_("Số liệu không hợp lệ."), field="figures")
    section_keys = [s["key"] for s in form_version.sections]
    unknown = sorted(set(sections) - set(section_keys))
    if unknown:
        raise ReportError(
            _("Phần “%(key)s” không có trong mẫu báo cáo.") % {"key": unknown[0]},
            field="sections",
        )
    text = {}
    for key in section_keys:
        value = sections.get(key)
        if value is not None and not isinstance(value, str):
            raise ReportError(
                _("Nội dung phần “%(key)s” phải là văn bản.") % {"key": key}, field="sections"
            )
        value = (value or "").strip()
        if len(value) > SECTION_MAX_CHARS:
            raise ReportError(
                _("Nội dung phần “%(key)s” quá dài (tối đa %(n)s ký tự).")
                % {"key": key, "n": SECTION_MAX_CHARS},
                field="sections",
            )
        text[key] = value
    labels = {f["key"]: f["label"] for f in form_version.figures}
    unknown = sorted(set(figures) - set(labels))
    if unknown:
        raise ReportError(
            _("Chỉ tiêu “%(key)s” không có trong mẫu báo cáo.") % {"key": unknown[0]},
            field="figures",
        )
    numbers = {}
    for key, label in labels.items():
        value = figures.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        number = parse_number(value)
        if number is None:
            raise ReportError(
                _("Chỉ tiêu “%(label)s” phải là số.") % {"label": label}, field="figures"
            )
        numbers[key] = number
    return text, numbers


def parse_number(value) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().replace(" ", "")
        if "," in value and "." not in value:
            value = value.replace(",", ".")
    try:
        number = decimal.Decimal(str(value))
    except (decimal.InvalidOperation, ValueError, TypeError):
        return None
    if not number.is_finite() or abs(number) >= FIGURE_LIMIT:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def has_content(sections: dict) -> bool:
    return any((value or "").strip() for value in (sections or {}).values())


# ---- submissions: who


def _period_has_unit(period: ReportPeriod, unit_id: int) -> bool:
    return period.units.filter(pk=unit_id).exists()


def _reporting_unit(actor, period: ReportPeriod, unit: Unit | None = None) -> Unit:
    """The unit the actor reports for in this period; ReportError 403 when none."""
    if policy.is_system(actor):
        if unit is None:
            raise ReportError(_("Cần chỉ rõ đơn vị báo cáo."), field="unit")
        if not _period_has_unit(period, unit.pk):
            raise ReportError(_("Đơn vị không phải báo cáo trong kỳ này."), status=403)
        return unit
    if not policy.is_focal(actor) or not actor.unit_id:
        raise ReportError(_("Chỉ đầu mối của đơn vị mới soạn và nộp báo cáo."), status=403)
    if unit is not None and unit.pk != actor.unit_id:
        raise ReportError(_("Bạn chỉ báo cáo cho đơn vị của mình."), status=403)
    if not _period_has_unit(period, actor.unit_id):
        raise ReportError(_("Đơn vị của bạn không phải báo cáo trong kỳ này."), status=403)
    return actor.unit


def _require_focal_of(actor, submission: Submission):
    if policy.is_system(actor):
        return
    _reporting_unit(actor, submission.period, submission.unit)


# ---- submissions: files


def _check_uploads(uploads) -> list[tuple[str, str, bytes]]:
    try:
        return [(upload.name, *files.check_upload(upload)) for upload in uploads or ()]
    except files.UploadRejected as exc:
        raise ReportError(str(exc), field="files") from exc


def _attach(actor, submission, name, content_type, content) -> SubmissionAttachment:
    # Called inside a files.atomic() service: a rollback deletes the stored file too.
    attachment = SubmissionAttachment.create_stored(
        content=content,
        content_type=content_type,
        original_name=name,
        uploaded_by=policy.as_user(actor),
        submission=submission,
    )
    record_change(actor=actor, action="create", target=attachment, after=snapshot(attachment))
    return attachment


def _copy_attachments(actor, source: Submission, target: Submission):
    """A correction carries the files of the version it corrects (copied: each version keeps
    its own, so the old one stays whole)."""
    for old in source.attachments.order_by("id"):
        if not files.exists(old.storage_name):
            continue
        _attach(actor, target, old.original_name, old.content_type, files.read(old.storage_name))


# ---- submissions: actions


def _rows_of(period: ReportPeriod, unit_id: int) -> list[Submission]:
    return list(
        Submission.objects.select_for_update()
        .filter(period=period, unit_id=unit_id)
        .order_by("version")
    )


def _next_version(rows: list[Submission]) -> int:
    return max((s.version for s in rows), default=0) + 1


def _create_submission(**fields) -> Submission:
    try:
        with transaction.atomic():
            return Submission.objects.create(**fields)
    except IntegrityError as exc:
        raise ReportError(
            _("Báo cáo của đơn vị vừa được người khác thay đổi; hãy tải lại trang."), status=409
        ) from exc


def _count(submission: Submission, actor, now) -> None:
    """The report now counts: submitted, and the version it corrects superseded."""
    if submission.supersedes_id:
        old = Submission.objects.select_for_update().get(pk=submission.supersedes_id)
        before = snapshot(old)
        old.state = Submission.State.SUPERSEDED
        old.save(update_fields=["state"])
        record_change(actor=actor, action="update", target=old, before=before, after=snapshot(old))
    submission.state = Submission.State.SUBMITTED
    submission.submitted_at = now
    # Higher parts (indicators) read the figures that now count, in this transaction.
    hooks.submission_counted(submission, actor)


@files.atomic()
def submission_save_draft(
    *, actor, period: ReportPeriod, sections: dict, figures: dict, uploads=(), unit=None
) -> Submission:
    """Save the unit's draft (created on first save). A report waiting for the leader's
    approval goes back to draft when edited; a submitted one cannot be edited (correct it)."""
    unit = _reporting_unit(actor, period, unit)
    rows = _rows_of(period, unit.pk)
    open_rows = [s for s in rows if s.state in OPEN_STATES]
    checked = _check_uploads(uploads)
    if open_rows:
        submission = open_rows[0]
        text, numbers = clean_content(submission.form_version, sections, figures)
        before = snapshot(submission)
        submission.state = Submission.State.DRAFT
        submission.sections, submission.figures = text, numbers
        submission.save(update_fields=["state", "sections", "figures"])
        record_change(
            actor=actor,
            action="update",
            target=submission,
            before=before,
            after=snapshot(submission),
        )
    else:
        if any(s.state == Submission.State.SUBMITTED for s in rows):
            raise ReportError(
                _("Báo cáo đã nộp thì không sửa được; hãy gửi bản sửa đổi (phiên bản mới)."),
                status=409,
            )
        text, numbers = clean_content(period.form_version, sections, figures)
        submission = _create_submission(
            period=period,
            unit=unit,
            unit_name=unit.name,
            version=_next_version(rows),
            form_version=period.form_version,
            state=Submission.State.DRAFT,
            sections=text,
            figures=numbers,
            author=policy.as_user(actor),
        )
        record_change(actor=actor, action="create", target=submission, after=snapshot(submission))
    for name, content_type, content in checked:
        _attach(actor, submission, name, content_type, content)
    return submission


@transaction.atomic
def submission_submit(*, actor, submission: Submission) -> Submission:
    """Submit a draft: it counts at once, or waits for the unit leader's approval when the
    period requires it."""
    submission = (
        Submission.objects.select_for_update().select_related("period").get(pk=submission.pk)
    )
    _require_focal_of(actor, submission)
    if submission.state != Submission.State.DRAFT:
        raise ReportError(_("Chỉ nộp được bản dự thảo."), status=409)
    if not has_content(submission.sections):
        raise ReportError(_("Báo cáo chưa có nội dung."), field="sections")
    before = snapshot(submission)
    if submission.period.requires_leader_approval:
        submission.state = Submission.State.AWAITING_APPROVAL
    else:
        _count(submission, actor, timezone.now())
    submission.save(update_fields=["state", "submitted_at"])
    record_change(
        actor=actor, action="update", target=submission, before=before, after=snapshot(submission)
    )
    return submission


def require_unit_approver(actor, unit_id: int) -> None:
    """Only the unit's leader (or the system) approves its reports; ReportError 403 else."""
    if not policy.is_system(actor) and not (policy.is_leader(actor) and actor.unit_id == unit_id):
        raise ReportError(_("Chỉ lãnh đạo của đơn vị mới duyệt báo cáo này."), status=403)


def require_reporter(actor, period: ReportPeriod, unit: Unit) -> None:
    """Only the unit's focal person (or the system) writes its reports; ReportError 403 else."""
    _reporting_unit(actor, period, unit)


@transaction.atomic
def submission_approve(*, actor, submission: Submission) -> Submission:
    """The unit leader approves the report: it counts from now."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    require_unit_approver(actor, submission.unit_id)
    if submission.state != Submission.State.AWAITING_APPROVAL:
        raise ReportError(_("Báo cáo không ở trạng thái chờ duyệt."), status=409)
    before = snapshot(submission)
    _count(submission, actor, timezone.now())
    submission.approved_by = policy.as_user(actor)
    submission.save(update_fields=["state", "submitted_at", "approved_by"])
    record_change(
        actor=actor, action="update", target=submission, before=before, after=snapshot(submission)
    )
    return submission


@transaction.atomic
def submission_return(*, actor, submission: Submission, reason: str) -> Submission:
    """The standing agency returns a submitted report for correction, saying why: the unit's
    focal persons are notified and correct it (a new version, `submission_correct`)."""
    submission = (
        Submission.objects.select_for_update().select_related("period").get(pk=submission.pk)
    )
    _require_manager(actor, submission.period.committee_id)
    if submission.state != Submission.State.SUBMITTED:
        raise ReportError(_("Chỉ trả lại được báo cáo đã nộp, bản hiện hành."), status=409)
    reason = (reason or "").strip()
    if not reason:
        raise ReportError(_("Cần ghi lý do trả lại báo cáo."), field="reason")
    before = snapshot(submission)
    submission.returned_at = timezone.now()
    submission.returned_by = policy.as_user(actor)
    submission.return_reason = reason
    submission.save(update_fields=["returned_at", "returned_by", "return_reason"])
    record_change(
        actor=actor, action="update", target=submission, before=before, after=snapshot(submission)
    )
    notices.submission_returned(actor=actor, submission=submission, reason=reason)
    return submission


@files.atomic()
def submission_correct(
    *, actor, submission: Submission, sections: dict, figures: dict, uploads=()
) -> Submission:
    """Correct a submitted report: a new version (on the same form version), with the old
    one's files; the old version is kept, and marked superseded when the new one counts."""
    submission = (
        Submission.objects.select_for_update()
        .select_related("period", "unit", "form_version")
        .get(pk=submission.pk)
    )
    _require_focal_of(actor, submission)
    if submission.state != Submission.State.SUBMITTED:
        raise ReportError(_("Chỉ sửa đổi được báo cáo đã nộp, bản hiện hành."), status=409)
    rows = _rows_of(submission.period, submission.unit_id)
    if any(s.state in OPEN_STATES for s in rows):
        raise ReportError(
            _("Đơn vị đang có một bản dự thảo hoặc bản chờ duyệt của báo cáo này."), status=409
        )
    text, numbers = clean_content(submission.form_version, sections, figures)
    if not has_content(text):
        raise ReportError(_("Báo cáo chưa có nội dung."), field="sections")
    checked = _check_uploads(uploads)
    period = submission.period
    correction = _create_submission(
        period=period,
        unit_id=submission.unit_id,
        unit_name=submission.unit.name,
        version=_next_version(rows),
        form_version=submission.form_version,
        state=Submission.State.DRAFT,
        sections=text,
        figures=numbers,
        author=policy.as_user(actor),
        supersedes=submission,
    )
    if period.requires_leader_approval:
        correction.state = Submission.State.AWAITING_APPROVAL
    else:
        _count(correction, actor, timezone.now())
    correction.save(update_fields=["state", "submitted_at"])
    record_change(actor=actor, action="create", target=correction, after=snapshot(correction))
    _copy_attachments(actor, submission, correction)
    for name, content_type, content in checked:
        _attach(actor, correction, name, content_type, content)
    return correction
