"""API: a committee's inspections and planning one (units and days, checklist from a criteria
set or written), one inspection (units, team, checklist), a checklist item added, the plan
issued, a unit's preparation (self-report and evidence files), the team's findings at a unit,
and a unit's inspection conclusion (whose remedies become the unit's tasks), under /api/v1. A
token or a session, never public; reads through `chidao.inspections.selectors`, writes through
`chidao.inspections.services` (a refusal is an InspectionError whose `status` is the answer:
403, 404, 409 or 422)."""

import datetime as dt
from typing import Annotated, Literal

from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import (
    MAX_YEAR,
    MIN_YEAR,
    NO_NUL,
    Id,
    IsoDate,
    Line,
    Note,
    Short,
)
from chidao.evaluation.models import CriteriaSet
from chidao.inspections import selectors, services
from chidao.inspections.models import Finding, FindingFile, InspectedUnit, Inspection
from chidao.meetings import conclusions
from chidao.tasks.models import Task
from chidao.units.api import UnitRefOut
from chidao.units.models import Unit

committee_router = Router(tags=["Kiểm tra"], auth=TASK_AUTH)
router = Router(tags=["Kiểm tra"], auth=TASK_AUTH)

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut, 409: ErrorOut}
StatusName = Literal["draft", "issued", "concluded"]
ResultName = Literal["compliant", "partial", "not_compliant"]


class InspectionOut(Schema):
    id: int
    year: int
    title: str
    units: list[UnitRefOut] = Field(description="Các đơn vị được kiểm tra theo kế hoạch.")
    status: StatusName


class ChecklistItemOut(Schema):
    id: int
    code: str
    text: str


class TeamMemberOut(Schema):
    role: Literal["leader", "deputy", "member", "secretary"]
    person: str
    position: str
    unit: str


class InspectedUnitOut(Schema):
    id: int = Field(description="Mã đơn vị (dùng trong đường dẫn kết luận).")
    name: str
    scheduled_on: dt.date
    status: Literal["scheduled", "prepared", "inspected", "concluded"]


class InspectionDetailOut(Schema):
    id: int
    year: int
    title: str
    status: StatusName
    number: str
    issued_on: dt.date | None
    starts_on: dt.date
    ends_on: dt.date
    units: list[InspectedUnitOut]
    team: list[TeamMemberOut]
    checklist: list[ChecklistItemOut]


class PlannedUnitIn(Schema):
    unit: Id = Field(description="Mã đơn vị trong sổ đăng ký.")
    day: IsoDate = Field(description="Ngày kiểm tra đơn vị (trong thời gian của kế hoạch).")


class ChecklistItemIn(Schema):
    text: Line = Field(min_length=1)
    code: Annotated[str, Field(max_length=20, pattern=NO_NUL)] = ""
    guidance: Note = ""


class InspectionIn(Schema):
    year: int = Field(ge=MIN_YEAR, le=MAX_YEAR)
    title: Line = Field(min_length=1)
    starts_on: IsoDate
    ends_on: IsoDate
    purpose: Note = ""
    units: list[PlannedUnitIn] = Field(min_length=1, max_length=500)
    criteria_set: Id | None = Field(
        None, description="Bộ tiêu chí: mỗi tiêu chí lá thành một mục kiểm tra."
    )
    items: list[ChecklistItemIn] = Field(
        default_factory=list,
        max_length=200,
        description="Các mục kiểm tra soạn riêng (thêm sau các mục từ bộ tiêu chí).",
    )


class IssueIn(Schema):
    number: Short = Field(min_length=1, description="Số của kế hoạch kiểm tra.")
    date: IsoDate


class PreparationFileOut(Schema):
    id: int
    name: str


class PreparationOut(Schema):
    id: int = Field(description="Mã đơn vị.")
    name: str
    status: Literal["scheduled", "prepared", "inspected", "concluded"]
    self_report: str
    files: list[PreparationFileOut]


class FindingFileOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str = Field(description="Tải tệp (chỉ người xem được đơn vị được kiểm tra).")


class FindingOut(Schema):
    item: int
    code: str
    result: ResultName
    note: str
    files: list[FindingFileOut] = Field(description="Tệp minh chứng của kết quả.")


class FindingsOut(Schema):
    findings: list[FindingOut]


class FindingIn(Schema):
    item: Id | Short = Field(description="Mục kiểm tra: mã số (id) hoặc ký hiệu (code).")
    result: ResultName
    note: Note = ""


def _findings(findings: list[FindingIn]) -> list[services.FindingIn]:
    """The findings a client sent, as the services take them (the conclusion and the findings
    endpoints alike)."""
    return [services.FindingIn(item=f.item, result=f.result, note=f.note) for f in findings]


class FindingsIn(Schema):
    findings: list[FindingIn] = Field(min_length=1, max_length=500)


class RemedyIn(Schema):
    text: Note = Field(min_length=1)
    deadline: IsoDate


class ConclusionIn(Schema):
    date: IsoDate
    findings: list[FindingIn] = Field(default_factory=list, max_length=500)
    remedies: list[RemedyIn] = Field(default_factory=list, max_length=200)
    number: Short = Field("", description="Số thông báo kết luận (mặc định: số tiếp theo).")
    summary: Note = ""


class RemedyTaskOut(Schema):
    id: int
    title: str
    deadline: dt.date


class ConclusionOut(Schema):
    id: int
    tasks: list[RemedyTaskOut]


def inspection_payload(inspection: Inspection) -> dict:
    return {
        "id": inspection.pk,
        "year": inspection.year,
        "title": inspection.title,
        "units": [{"id": u.unit_id, "name": u.unit_name} for u in inspection.units.all()],
        "status": inspection.status,
    }


def detail_payload(inspection: Inspection) -> dict:
    return {
        "id": inspection.pk,
        "year": inspection.year,
        "title": inspection.title,
        "status": inspection.status,
        "number": inspection.number,
        "issued_on": inspection.issued_on,
        "starts_on": inspection.starts_on,
        "ends_on": inspection.ends_on,
        "units": [
            {
                "id": u.unit_id,
                "name": u.unit_name,
                "scheduled_on": u.scheduled_on,
                "status": u.status,
            }
            for u in inspection.units.order_by("scheduled_on", "order")
        ],
        "team": [
            {"role": m.role, "person": m.person, "position": m.position, "unit": m.unit_name}
            for m in inspection.team.all()
        ],
        "checklist": [
            {"id": item.pk, "code": item.code, "text": item.text}
            for item in inspection.checklist.all()
        ],
    }


@committee_router.get(
    "/{committee_id}/inspections",
    response={200: list[InspectionOut], **READ_ERRORS},
    summary="Các đợt kiểm tra của Ban Chỉ đạo",
    description=(
        "Mới nhất trước. Cơ quan thường trực thấy mọi đợt kiểm tra của Ban; đơn vị thấy các "
        "đợt kiểm tra đơn vị mình."
    ),
)
def list_inspections(request, committee_id: Id):
    committee = get_object_or_404(Committee, pk=committee_id)
    return [inspection_payload(i) for i in selectors.inspections_for(request.auth, committee)]


@router.get(
    "/{inspection_id}",
    response={200: InspectionDetailOut, **READ_ERRORS},
    summary="Một đợt kiểm tra",
    description="Đơn vị, thời gian, đoàn kiểm tra và danh mục kiểm tra (mã mục dùng khi kết luận).",
)
def get_inspection(request, inspection_id: Id):
    return detail_payload(selectors.get_visible_inspection(request.auth, inspection_id))


@router.post(
    "/{inspection_id}/units/{unit_id}/conclusion",
    response={201: ConclusionOut, **WRITE_ERRORS},
    summary="Ban hành kết luận kiểm tra của một đơn vị",
    description=(
        "Chỉ cơ quan thường trực của Ban Chỉ đạo (403 với người khác thấy đợt kiểm tra). Kết quả "
        "từng mục kiểm tra và các nội dung khắc phục; mỗi nội dung trở thành một nhiệm vụ của "
        "đơn vị được kiểm tra (văn bản giao: kết luận, mục N), cùng một giao dịch. Mục sai: 422 "
        "nêu rõ mục, không lưu gì."
    ),
)
def issue_conclusion(request, inspection_id: Id, unit_id: Id, payload: ConclusionIn):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    conclusion = services.conclusion_issue(
        actor=request.auth,
        inspection=inspection,
        unit=unit_id,
        date=payload.date,
        findings=_findings(payload.findings),
        remedies=[services.RemedyIn(text=r.text, deadline=r.deadline) for r in payload.remedies],
        number=payload.number,
        summary=payload.summary,
    )
    tasks = Task.objects.filter(source=conclusion.source_id).order_by("id")
    return Status(
        201,
        {
            "id": conclusion.pk,
            "tasks": [{"id": t.pk, "title": t.title, "deadline": t.deadline} for t in tasks],
        },
    )


def _unit(unit_id: int, units: dict, index: int) -> Unit:
    if unit_id not in units:
        raise services.InspectionError(
            _("Không có đơn vị mã %(id)s trong sổ đăng ký.") % {"id": unit_id},
            field=f"units[{index}]",
        )
    return units[unit_id]


@committee_router.post(
    "/{committee_id}/inspections",
    response={201: InspectionDetailOut, **WRITE_ERRORS},
    summary="Lập kế hoạch kiểm tra của Ban Chỉ đạo",
    description=(
        "Chỉ cơ quan thường trực của Ban (403 với người khác). Các đơn vị và ngày kiểm tra; "
        "đoàn kiểm tra lấy từ thành phần Ban vào ngày bắt đầu; danh mục kiểm tra từ bộ tiêu "
        "chí (`criteria_set`) và/hoặc các mục soạn riêng (`items`). Sai: 422 nêu rõ trường, "
        "không lưu gì."
    ),
)
def create_inspection(request, committee_id: Id, payload: InspectionIn):
    committee = get_object_or_404(Committee, pk=committee_id)
    if not policy.manages_committee(request.auth, committee.pk):
        raise services.InspectionError(_(services.MANAGERS_ONLY), status=403)
    criteria_set = None
    if payload.criteria_set is not None:
        criteria_set = CriteriaSet.objects.filter(
            pk=payload.criteria_set, committee__in=[committee.pk, None]
        ).first()
        if criteria_set is None:
            raise services.InspectionError(
                _("Không có bộ tiêu chí mã %(id)s của Ban.") % {"id": payload.criteria_set},
                field="criteria_set",
            )
    units = Unit.objects.in_bulk([u.unit for u in payload.units])
    planned = [(_unit(u.unit, units, i), u.day) for i, u in enumerate(payload.units)]
    with transaction.atomic():
        inspection = services.inspection_create(
            actor=request.auth,
            committee=committee,
            year=payload.year,
            title=payload.title,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            purpose=payload.purpose,
            criteria_set=criteria_set,
            units=planned,
        )
        for index, item in enumerate(payload.items):
            try:
                services.checklist_add(
                    actor=request.auth,
                    inspection=inspection,
                    text=item.text,
                    code=item.code,
                    guidance=item.guidance,
                )
            except services.InspectionError as exc:
                template = _("Mục kiểm tra thứ %(n)s: %(message)s")
                raise conclusions.item_refused(
                    services.InspectionError, template, "items", index, exc, status=exc.status
                ) from None
    return Status(201, detail_payload(inspection))


@router.post(
    "/{inspection_id}/checklist",
    response={201: ChecklistItemOut, **WRITE_ERRORS},
    summary="Thêm một mục kiểm tra",
    description=(
        "Chỉ cơ quan thường trực của Ban (403 với người khác thấy đợt kiểm tra), trước kết "
        "luận đầu tiên (409 sau đó). Mã trùng: 422."
    ),
)
def add_checklist_item(request, inspection_id: Id, payload: ChecklistItemIn):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    item = services.checklist_add(
        actor=request.auth,
        inspection=inspection,
        text=payload.text,
        code=payload.code,
        guidance=payload.guidance,
    )
    return Status(201, {"id": item.pk, "code": item.code, "text": item.text})


@router.post(
    "/{inspection_id}/issue",
    response={200: InspectionDetailOut, **WRITE_ERRORS},
    summary="Ban hành kế hoạch kiểm tra",
    description=(
        "Chỉ cơ quan thường trực của Ban (403 với người khác thấy đợt kiểm tra). Số và ngày "
        "ban hành (trước ngày bắt đầu kiểm tra); cần có danh mục kiểm tra; đầu mối các đơn vị "
        "được kiểm tra nhận thông báo. Đã ban hành: 409."
    ),
)
def issue_plan(request, inspection_id: Id, payload: IssueIn):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    inspection = services.plan_issue(
        actor=request.auth, inspection=inspection, number=payload.number, date=payload.date
    )
    return detail_payload(inspection)


def _preparation_payload(inspected: InspectedUnit) -> dict:
    return {
        "id": inspected.unit_id,
        "name": inspected.unit_name,
        "status": inspected.status,
        "self_report": inspected.self_report,
        "files": [{"id": f.pk, "name": f.original_name} for f in inspected.files.order_by("id")],
    }


@router.post(
    "/{inspection_id}/units/{unit_id}/preparation",
    response={200: PreparationOut, **WRITE_ERRORS},
    summary="Báo cáo chuẩn bị kiểm tra của đơn vị",
    description=(
        "multipart/form-data: `self_report` (báo cáo tự kiểm tra) và/hoặc `files` (tệp minh "
        "chứng, tối đa 10). Người của đơn vị được kiểm tra hoặc cơ quan thường trực (403 với "
        "người khác thấy đơn vị), sau khi ban hành kế hoạch và trước kết luận (409). Thiếu cả "
        "hai hoặc tệp bị từ chối: 422, không lưu gì."
    ),
)
def save_preparation(
    request,
    inspection_id: Id,
    unit_id: Id,
    self_report: Form[str] = "",
    files: File[list[UploadedFile]] = None,
):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    inspected = selectors.get_visible_unit(request.auth, inspection, unit_id)
    inspected = services.preparation_save(
        actor=request.auth, inspected=inspected, text=self_report, uploads=files or []
    )
    return _preparation_payload(inspected)


@router.get(
    "/{inspection_id}/units/{unit_id}/findings",
    response={200: FindingsOut, **READ_ERRORS},
    summary="Kết quả kiểm tra tại một đơn vị",
    description=(
        "Kết quả từng mục đã ghi, theo thứ tự danh mục, với tệp minh chứng của từng kết quả. "
        "Cơ quan thường trực và người xem mọi đơn vị; người của đơn vị được kiểm tra thấy đơn "
        "vị mình; người khác: 404."
    ),
)
def list_findings(request, inspection_id: Id, unit_id: Id):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    inspected = selectors.get_visible_unit(request.auth, inspection, unit_id)
    return findings_payload(inspected.findings.all())


@router.post(
    "/{inspection_id}/units/{unit_id}/findings",
    response={200: FindingsOut, **WRITE_ERRORS},
    summary="Ghi kết quả kiểm tra tại một đơn vị",
    description=(
        "Chỉ cơ quan thường trực của Ban (403 với người khác thấy đợt kiểm tra), sau khi ban "
        "hành kế hoạch và trước kết luận (409). Kết quả từng mục (ghi lại kết quả cũ của cùng "
        "mục); mục sai: 422 nêu rõ mục, không lưu gì. Tệp minh chứng: POST "
        "…/findings/{item_id}/files."
    ),
)
def record_findings(request, inspection_id: Id, unit_id: Id, payload: FindingsIn):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    written = services.findings_record(
        actor=request.auth,
        inspection=inspection,
        unit=unit_id,
        findings=_findings(payload.findings),
    )
    return findings_payload(Finding.objects.filter(pk__in=[f.pk for f in written]))


def finding_payload(finding: Finding) -> dict:
    return {
        "item": finding.item_id,
        "code": finding.item.code,
        "result": finding.result,
        "note": finding.note,
        "files": [
            {
                "id": f.pk,
                "name": f.original_name,
                "size": f.size,
                "content_type": f.content_type,
                "url": reverse("api:inspection-finding-file", kwargs={"file_id": f.pk}),
            }
            for f in finding.files.all()
        ],
    }


def findings_payload(findings) -> dict:
    """The findings in checklist order, each with its files (three queries for them all)."""
    rows = findings.select_related("item").prefetch_related(
        Prefetch("files", queryset=FindingFile.objects.order_by("id"))
    )
    return {"findings": [finding_payload(f) for f in rows]}
