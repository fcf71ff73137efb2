"""Every change to inspections: plan (units, dates, team from the register), checklist (from a
criteria set or written), issue the plan, the unit's preparation, the team's findings, the
conclusion whose remedies become the unit's tasks, and difficulties raised at an inspection.
Each function is one user action: one transaction, its change-log row and its notices."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.core.dates import vn_date
from chidao.core.inputs import LONG_TEXT
from chidao.documents.models import LegalDocument
from chidao.evaluation.models import Criterion
from chidao.inspections import notices
from chidao.inspections.checklist import (  # noqa: F401 - the checklist's, named here too
    checklist_add,
    checklist_change,
    checklist_remove,
)
from chidao.inspections.errors import (  # noqa: F401 - MANAGERS_ONLY for the views
    MANAGERS_ONLY,
    InspectionError,
    _locked,
    require_manager,
    require_state,
)
from chidao.inspections.models import (
    ChecklistItem,
    Conclusion,
    Finding,
    FindingFile,
    InspectedUnit,
    Inspection,
    PreparationFile,
    Remedy,
    TeamMember,
)
from chidao.inspections.team import TeamPick, default_team, team_rows
from chidao.meetings import conclusions
from chidao.obstacles import services as obstacles
from chidao.obstacles.models import Obstacle
from chidao.officialdocs import register
from chidao.storage import files
from chidao.tasks.models import Domain

SOURCE_KEY = "chidao:inspection-conclusions"


def _checked_uploads(uploads, field: str) -> list:
    try:
        return [files.check_upload(upload) for upload in uploads]
    except files.UploadRejected as exc:
        raise InspectionError(str(exc), field=field) from None


def _store(model, uploads, checked, actor, **links) -> None:
    for upload, (content_type, content) in zip(uploads, checked, strict=True):
        model.create_stored(
            content=content,
            content_type=content_type,
            original_name=upload.name[:255],
            uploaded_by=policy.as_user(actor),
            **links,
        )


# ---- the plan


@transaction.atomic
def inspection_create(
    *,
    actor,
    committee,
    year: int,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
    units: list[tuple[object, dt.date]],
    purpose: str = "",
    criteria_set=None,
    team: list[TeamPick] | None = None,
    synthetic: bool = False,
) -> Inspection:
    """Plan an inspection round: the units and their days, the team drawn from the register
    on the first day (by default a deputy head leading the standing agencies' members and the
    working group), and the checklist from the criteria set's leaves when one is given."""
    require_manager(actor, committee.pk)
    title = (title or "").strip()
    if not title:
        raise InspectionError(_("Thiếu tên kế hoạch kiểm tra."), field="title")
    if ends_on < starts_on:
        raise InspectionError(_("Ngày kết thúc không được trước ngày bắt đầu."), field="ends_on")
    if not starts_on.year <= year <= ends_on.year:
        raise InspectionError(_("Năm kế hoạch không khớp với thời gian kiểm tra."), field="year")
    if not units:
        raise InspectionError(_("Kế hoạch cần ít nhất một đơn vị được kiểm tra."), field="units")
    seen = set()
    for number, (unit, day) in enumerate(units, start=1):
        if unit.pk in seen:
            raise InspectionError(
                _("Đơn vị %(name)s có tên hai lần.") % {"name": unit.name},
                field=f"units[{number - 1}]",
            )
        seen.add(unit.pk)
        if not starts_on <= day <= ends_on:
            raise InspectionError(
                _("Ngày kiểm tra %(name)s (%(day)s) ngoài thời gian của kế hoạch.")
                % {"name": unit.name, "day": vn_date(day)},
                field=f"units[{number - 1}]",
            )
    inspection = Inspection.objects.create(
        committee=committee,
        year=year,
        title=title[:300],
        purpose=(purpose or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        criteria_set=criteria_set,
        synthetic=synthetic,
        created_by=policy.as_user(actor),
    )
    InspectedUnit.objects.bulk_create(
        InspectedUnit(
            inspection=inspection, unit=unit, unit_name=unit.name[:300], order=n, scheduled_on=day
        )
        for n, (unit, day) in enumerate(units, start=1)
    )
    picks = default_team(committee, starts_on) if team is None else team
    TeamMember.objects.bulk_create(team_rows(inspection, picks))
    if criteria_set is not None:
        leaves = Criterion.objects.filter(criteria_set=criteria_set).exclude(method="")
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                inspection=inspection,
                order=n,
                code=c.code,
                text=c.title[:500],
                guidance=c.guidance,
                criterion=c,
            )
            for n, c in enumerate(leaves.order_by("order", "id"), start=1)
        )
    record_change(actor=actor, action="create", target=inspection, after=snapshot(inspection))
    return inspection


@transaction.atomic
def team_set(*, actor, inspection: Inspection, team: list[TeamPick]) -> list[TeamMember]:
    """Choose the team again from the register's seats on the first day (before the plan is
    issued): exactly one leader."""
    inspection = _locked(inspection)
    require_manager(actor, inspection.committee_id)
    require_state(inspection, Inspection.Status.DRAFT)
    if not team:
        raise InspectionError(_("Đoàn kiểm tra cần đúng một Trưởng đoàn."), field="team")
    rows = team_rows(inspection, team)
    before = [str(m) for m in inspection.team.all()]
    inspection.team.all().delete()
    TeamMember.objects.bulk_create(rows)
    record_change(
        actor=actor,
        action="update",
        target=inspection,
        before={"team": before},
        after={"team": [str(m) for m in rows]},
    )
    return rows


@transaction.atomic
def plan_issue(*, actor, inspection: Inspection, number: str, date: dt.date) -> Inspection:
    """Issue the plan (its number and date); the inspected units' focal persons are told."""
    inspection = _locked(inspection)
    require_manager(actor, inspection.committee_id)
    require_state(inspection, Inspection.Status.DRAFT)
    number = (number or "").strip()
    if not number:
        raise InspectionError(_("Thiếu số của kế hoạch kiểm tra."), field="number")
    if not inspection.checklist.exists():
        raise InspectionError(_("Kế hoạch chưa có danh mục kiểm tra."), field="checklist")
    if date > inspection.starts_on:
        raise InspectionError(
            _("Kế hoạch phải ban hành trước ngày bắt đầu kiểm tra."), field="date"
        )
    before = snapshot(inspection)
    inspection.number, inspection.issued_on = number[:100], date
    inspection.status = Inspection.Status.ISSUED
    inspection.save(update_fields=["number", "issued_on", "status"])
    record_change(
        actor=actor, action="update", target=inspection, before=before, after=snapshot(inspection)
    )
    notices.planned(actor=actor, inspection=inspection)
    return inspection


# ---- per unit


def may_prepare(user, inspected: InspectedUnit) -> bool:
    return (
        policy.is_system(user)
        or inspected.unit_id in policy.acting_unit_ids(user)
        or (policy.manages_committee(user, inspected.inspection.committee_id))
    )


MAX_PREPARATION_FILES = 10  # a preparation's files at one go, on the page and through the API


@transaction.atomic
def preparation_save(*, actor, inspected: InspectedUnit, text: str, uploads=()) -> InspectedUnit:
    """The unit's self-report (at most LONG_TEXT characters) and evidence (at most
    MAX_PREPARATION_FILES files at one go), before its conclusion."""
    inspected = (
        InspectedUnit.objects.select_for_update().select_related("inspection").get(pk=inspected.pk)
    )
    if not may_prepare(actor, inspected):
        raise InspectionError(_("Chỉ đơn vị được kiểm tra chuẩn bị báo cáo."), status=403)
    require_state(inspected.inspection, Inspection.Status.ISSUED)
    if inspected.status == InspectedUnit.Status.CONCLUDED:
        raise InspectionError(_("Đơn vị đã có kết luận kiểm tra."), status=409)
    if len(text or "") > LONG_TEXT:
        raise InspectionError(
            _("Báo cáo tự kiểm tra dài quá %(n)s ký tự.") % {"n": LONG_TEXT}, field="self_report"
        )
    uploads = list(uploads)
    if len(uploads) > MAX_PREPARATION_FILES:
        raise InspectionError(
            _("Tối đa %(n)s tệp minh chứng mỗi lần.") % {"n": MAX_PREPARATION_FILES},
            field="files",
        )
    text = (text or "").strip()
    if not text and not uploads:
        raise InspectionError(_("Cần báo cáo tự kiểm tra hoặc tệp minh chứng."), field="text")
    checked = _checked_uploads(uploads, "files")
    before = snapshot(inspected)
    if text:
        inspected.self_report = text
    inspected.prepared_at, inspected.prepared_by = timezone.now(), policy.as_user(actor)
    if inspected.status == InspectedUnit.Status.SCHEDULED:
        inspected.status = InspectedUnit.Status.PREPARED
    inspected.save()
    with files.atomic():
        _store(PreparationFile, uploads, checked, actor, inspected=inspected)
    record_change(
        actor=actor, action="update", target=inspected, before=before, after=snapshot(inspected)
    )
    return inspected


@dataclass
class FindingIn:
    """A finding as a client sends it: the checklist item (its id, or its code), the result
    and the note."""

    item: int | str
    result: str
    note: str = ""


def _findings_error(index: int, message: str) -> InspectionError:
    template = _("Kết quả thứ %(n)s: %(message)s")
    return conclusions.item_refused(InspectionError, template, "findings", index, message)


def _resolve_findings(inspection: Inspection, findings: list[FindingIn]):
    items = list(inspection.checklist.all())
    by_id = {item.pk: item for item in items}
    by_code = {item.code: item for item in items}
    resolved, seen = [], set()
    for index, finding in enumerate(findings):
        item = None
        if isinstance(finding.item, int):
            item = by_id.get(finding.item)
        else:
            key = str(finding.item).strip()
            item = by_code.get(key) or (by_id.get(int(key)) if key.isdigit() else None)
        if item is None:
            raise _findings_error(
                index,
                _("không có mục “%(item)s” trong danh mục kiểm tra.") % {"item": finding.item},
            )
        if finding.result not in Finding.Result.values:
            raise _findings_error(
                index, _("kết quả phải là compliant, partial hoặc not_compliant.")
            )
        if item.pk in seen:
            raise _findings_error(index, _("mục %(code)s có hai kết quả.") % {"code": item.code})
        seen.add(item.pk)
        resolved.append((item, finding))
    return resolved


def _write_findings(actor, inspected: InspectedUnit, resolved, uploads=None) -> list[Finding]:
    existing = {f.item_id: f for f in inspected.findings.all()}
    written, stored = [], []
    for item, finding in resolved:
        row = existing.get(item.pk) or Finding(inspected=inspected, item=item)
        row.result = finding.result
        row.note = (finding.note or "").strip()
        row.recorded_by = policy.as_user(actor)
        row.save()
        written.append(row)
        item_uploads = (uploads or {}).get(item.pk, [])
        if item_uploads:
            stored.append((row, item_uploads, _checked_uploads(item_uploads, f"files-{item.pk}")))
    with files.atomic():
        for row, item_uploads, checked in stored:
            _store(FindingFile, item_uploads, checked, actor, finding=row)
    return written


def _locked_unit(inspection: Inspection, unit) -> InspectedUnit:
    inspected = (
        InspectedUnit.objects.select_for_update()
        .filter(inspection=inspection, unit_id=getattr(unit, "pk", unit))
        .first()
    )
    if inspected is None:
        raise InspectionError(_("Đơn vị không có trong kế hoạch kiểm tra này."), status=404)
    return inspected


def _team_at(actor, inspection: Inspection, unit) -> tuple[Inspection, InspectedUnit]:
    """The inspection and the inspected unit, locked, for the team's work there: the
    committee's managers, the plan issued and the unit not yet concluded."""
    inspection = _locked(inspection)
    require_manager(actor, inspection.committee_id)
    require_state(inspection, Inspection.Status.ISSUED)
    inspected = _locked_unit(inspection, unit)
    if inspected.status == InspectedUnit.Status.CONCLUDED:
        raise InspectionError(_("Đơn vị đã có kết luận kiểm tra."), status=409)
    return inspection, inspected


@transaction.atomic
def findings_record(
    *, actor, inspection: Inspection, unit, findings: list[FindingIn], uploads=None
) -> list[Finding]:
    """The team's findings at a unit (each item's result, note and evidence files), before
    the conclusion; a bad finding refuses them all."""
    inspection, inspected = _team_at(actor, inspection, unit)
    if not findings:
        raise InspectionError(_("Chưa ghi kết quả nào."), field="findings")
    written = _write_findings(actor, inspected, _resolve_findings(inspection, findings), uploads)
    before = snapshot(inspected)
    inspected.status = InspectedUnit.Status.INSPECTED
    inspected.save(update_fields=["status"])
    record_change(
        actor=actor,
        action="update",
        target=inspected,
        before=before,
        after=snapshot(inspected) | {"findings": {f.item.code: f.result for f in written}},
    )
    return written


MAX_FINDING_FILES = 5  # a finding's files at one go, on the page and through the API


@transaction.atomic
def finding_files_add(*, actor, inspection: Inspection, unit, item, uploads) -> Finding:
    """Evidence files for the team's finding on one checklist item (or its id) at a unit,
    after the finding is recorded and before the unit's conclusion; a rejected file refuses
    them all."""
    inspection, inspected = _team_at(actor, inspection, unit)
    uploads = list(uploads)
    if not uploads:
        raise InspectionError(_("Chưa chọn tệp minh chứng nào."), field="files")
    if len(uploads) > MAX_FINDING_FILES:
        raise InspectionError(
            _("Tối đa %(n)s tệp minh chứng mỗi lần.") % {"n": MAX_FINDING_FILES}, field="files"
        )
    checklist_item = inspection.checklist.filter(pk=getattr(item, "pk", item)).first()
    if checklist_item is None:
        raise InspectionError(_("Không có mục này trong danh mục kiểm tra."), status=404)
    finding = inspected.findings.filter(item=checklist_item).first()
    if finding is None:
        raise InspectionError(
            _("Mục %(code)s chưa có kết quả kiểm tra tại đơn vị: ghi kết quả trước.")
            % {"code": checklist_item.code},
            status=409,
        )
    checked = _checked_uploads(uploads, "files")
    with files.atomic():
        _store(FindingFile, uploads, checked, actor, finding=finding)
    record_change(
        actor=actor,
        action="update",
        target=finding,
        after={"files": [upload.name[:255] for upload in uploads]},
    )
    return finding


# ---- the conclusion


@dataclass
class RemedyIn:
    text: str
    deadline: dt.date


def _remedy_error(index: int, message: str) -> InspectionError:
    template = _("Nội dung khắc phục thứ %(n)s: %(message)s")
    return conclusions.item_refused(InspectionError, template, "remedies", index, message)


def next_number(committee, year: int) -> str:
    """The next number of the committee's notices ("03/TB-BCĐ…") in the year."""
    symbol = f"TB-{register.committee_symbol(committee)}"
    used = LegalDocument.objects.filter(number__endswith=f"/{symbol}", date__year=year).values_list(
        "number", flat=True
    )
    numbers = [int(n.split("/")[0]) for n in used if n.split("/")[0].isdigit()]
    return f"{max(numbers, default=0) + 1:02d}/{symbol}"


@transaction.atomic
def conclusion_issue(
    *,
    actor,
    inspection: Inspection,
    unit,
    date: dt.date,
    findings: list[FindingIn] = (),
    remedies: list[RemedyIn] = (),
    number: str = "",
    summary: str = "",
) -> Conclusion:
    """The conclusion for one unit and, in the same transaction, its findings and one task per
    remedy for the unit (source = the conclusion, clause "Mục N"); the unit's focal persons
    are told. A bad finding or remedy refuses it all: nothing is saved."""
    inspection, inspected = _team_at(actor, inspection, unit)
    if date < inspected.scheduled_on:
        raise InspectionError(
            _("Kết luận không được trước ngày kiểm tra %(day)s.")
            % {"day": vn_date(inspected.scheduled_on)},
            field="date",
        )
    resolved = _resolve_findings(inspection, list(findings))
    if not resolved and not inspected.findings.exists():
        raise InspectionError(_("Chưa có kết quả kiểm tra nào."), field="findings")
    for index, remedy in enumerate(remedies):
        if not (remedy.text or "").strip():
            raise _remedy_error(index, _("thiếu nội dung."))
        if remedy.deadline < date:
            raise _remedy_error(
                index,
                _("hạn %(deadline)s trước ngày kết luận %(date)s.")
                % {"deadline": vn_date(remedy.deadline), "date": vn_date(date)},
            )
    _write_findings(actor, inspected, resolved)
    committee = inspection.committee
    number = (number or "").strip()[:100] or next_number(committee, date.year)
    task_source = conclusions.notice_source(
        committee=committee,
        key=SOURCE_KEY,
        register_title="Kết luận kiểm tra công tác CCHC, CĐS, nhập trong chidao",
        number=number,
        date=date,
        title=(
            "Kết luận kiểm tra công tác cải cách hành chính, chuyển đổi số tại "
            f"{inspected.unit_name}"
        ),
        synthetic=inspection.synthetic,
    )
    conclusion = Conclusion.objects.create(
        inspected=inspected,
        source=task_source,
        number=number,
        date=date,
        summary=(summary or "").strip(),
        created_by=policy.as_user(actor),
    )
    domain = Domain.objects.filter(code="other").first() or Domain.objects.first()
    for index, remedy in enumerate(remedies):
        row = Remedy.objects.create(
            conclusion=conclusion,
            number=index + 1,
            text=remedy.text.strip(),
            deadline=remedy.deadline,
        )
        row.task = conclusions.item_task(
            _remedy_error,
            index,
            actor=actor,
            committee=committee,
            title=row.text[:500],
            content=row.text,
            domain=domain,
            lead_unit=inspected.unit,
            deadline=remedy.deadline,
            source=task_source,
            source_clause=row.clause,
            assigned_on=date,
            synthetic=inspection.synthetic,
        )
        row.save(update_fields=["task"])
    before = snapshot(inspected)
    inspected.status = InspectedUnit.Status.CONCLUDED
    inspected.save(update_fields=["status"])
    if not inspection.units.exclude(status=InspectedUnit.Status.CONCLUDED).exists():
        inspection.status = Inspection.Status.CONCLUDED
        inspection.save(update_fields=["status"])
    record_change(actor=actor, action="create", target=conclusion, after=snapshot(conclusion))
    record_change(
        actor=actor, action="update", target=inspected, before=before, after=snapshot(inspected)
    )
    notices.concluded(actor=actor, conclusion=conclusion)
    return conclusion


# ---- difficulties raised at an inspection


@transaction.atomic
def obstacle_raise(
    *,
    actor,
    inspection: Inspection,
    unit,
    title: str,
    content: str = "",
    raised_on=None,
    kind: str = "difficulty",
) -> Obstacle:
    """A difficulty or proposal the unit voiced at its inspection, into the register (raised
    at an inspection) and linked to it."""
    inspection = _locked(inspection)
    inspected = _locked_unit(inspection, unit)
    if not may_prepare(actor, inspected):
        raise InspectionError(_("Chỉ đơn vị được kiểm tra hoặc cơ quan thường trực."), status=403)
    obstacle = obstacles.obstacle_raise(
        actor=actor,
        committee=inspection.committee,
        unit=inspected.unit,
        title=title,
        content=content,
        raised_on=raised_on or timezone.localdate(),
        kind=kind,
        origin=Obstacle.Origin.INSPECTION,
        origin_note=f"{inspection.title} — {inspected.unit_name}"[:500],
        synthetic=inspection.synthetic,
    )
    inspected.obstacles.add(obstacle)
    return obstacle
