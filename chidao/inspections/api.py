"""API: a committee's inspections, one inspection (units, team, checklist), and a unit's
inspection conclusion (whose remedies become the unit's tasks), under /api/v1. A token or a
session, never public; reads through `chidao.inspections.selectors`, writes through
`chidao.inspections.services` (a refusal is an InspectionError whose `status` is the answer:
403, 404, 409 or 422)."""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from chidao.committees.models import Committee
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id, IsoDate, Note, Short
from chidao.inspections import selectors, services
from chidao.inspections.models import Inspection
from chidao.tasks.models import Task
from chidao.units.api import UnitRefOut

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


class FindingIn(Schema):
    item: Id | Short = Field(description="Mục kiểm tra: mã số (id) hoặc ký hiệu (code).")
    result: ResultName
    note: Note = ""


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
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
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
        findings=[
            services.FindingIn(item=f.item, result=f.result, note=f.note) for f in payload.findings
        ],
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
