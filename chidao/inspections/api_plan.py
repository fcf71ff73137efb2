"""API: an inspection's team chosen from the register (the seats one may choose, the team set)
and its checklist items changed or removed, under /api/v1/inspections beside
`chidao.inspections.api`. Reads through `chidao.inspections.selectors` and `team`, writes
through `chidao.inspections.services` (the pages' services; a refusal is an InspectionError
whose `status` is the answer: 403, 404, 409 or 422)."""

from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from chidao.core.api_auth import TASK_AUTH
from chidao.core.inputs import LINE, NO_NUL, Id, Note, text
from chidao.inspections import selectors, services, team
from chidao.inspections.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    ChecklistItemOut,
    InspectionDetailOut,
    detail_payload,
)

router = Router(tags=["Kiểm tra"], auth=TASK_AUTH)

BodyName = Literal["committee", "working_group"]
RoleName = Literal["leader", "deputy", "member", "secretary"]
ItemText = text(LINE, min_length=1)


class CandidateUnitOut(Schema):
    id: int
    name: str


class CandidateOut(Schema):
    body: BodyName = Field(description="Thành phần Ban (committee) hay tổ giúp việc.")
    index: int = Field(description="Thứ tự ghế trong thành phần đó (dùng khi chọn đoàn).")
    seat: str = Field(description="Vai trò trong Ban.")
    person: str
    position: str
    unit: CandidateUnitOut | None
    role: RoleName | None = Field(description="Nhiệm vụ trong đoàn hiện nay; null: chưa chọn.")


class TeamPickIn(Schema):
    body: BodyName
    index: int = Field(ge=0, le=100_000)
    role: RoleName = "member"


class TeamIn(Schema):
    team: list[TeamPickIn] = Field(min_length=1, max_length=200)


class ChecklistChangeIn(Schema):
    text: ItemText | None = None
    code: Annotated[str, Field(max_length=20, pattern=NO_NUL)] | None = Field(
        None, description="Để trống hoặc bỏ qua: giữ mã cũ."
    )
    guidance: Note | None = None


def _candidate(c: team.Candidate) -> dict:
    seat = c.seat
    return {
        "body": c.body,
        "index": c.index,
        "seat": seat.role_label,
        "person": seat.person or "",
        "position": seat.position or "",
        "unit": {"id": seat.unit_id, "name": seat.unit or ""} if seat.unit_id else None,
        "role": c.role or None,
    }


@router.get(
    "/{inspection_id}/team/candidates",
    response={200: list[CandidateOut], **READ_ERRORS},
    summary="Những người có thể chọn vào đoàn kiểm tra",
    description=(
        "Các ghế của thành phần Ban Chỉ đạo và tổ giúp việc vào ngày bắt đầu kiểm tra, theo "
        "sổ đăng ký, với nhiệm vụ trong đoàn hiện nay. Ai xem được đợt kiểm tra đều xem được; "
        "chọn đoàn: POST /team."
    ),
)
def team_candidates(request, inspection_id: Id):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    return [_candidate(c) for c in team.candidates(inspection)]


@router.post(
    "/{inspection_id}/team",
    response={200: InspectionDetailOut, **WRITE_ERRORS},
    summary="Chọn đoàn kiểm tra",
    description=(
        "Chỉ cơ quan thường trực của Ban (403 với người khác thấy đợt kiểm tra), trước khi ban "
        "hành kế hoạch (409 sau đó). Đoàn mới thay đoàn cũ: các ghế lấy từ /team/candidates "
        "(body, index) với nhiệm vụ trong đoàn, đúng một Trưởng đoàn. Ghế không có hoặc trùng: "
        "422 nêu rõ thành viên, không lưu gì."
    ),
)
def set_team(request, inspection_id: Id, payload: TeamIn):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    services.team_set(
        actor=request.auth,
        inspection=inspection,
        team=[team.TeamPick(p.body, p.index, p.role) for p in payload.team],
    )
    return detail_payload(inspection)


def _item(request, inspection_id: int, item_id: int):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    return get_object_or_404(inspection.checklist, pk=item_id)


@router.patch(
    "/{inspection_id}/checklist/{item_id}",
    response={200: ChecklistItemOut, **WRITE_ERRORS},
    summary="Sửa một mục kiểm tra",
    description=(
        "Chỉ cơ quan thường trực của Ban (403 với người khác thấy đợt kiểm tra). Chỉ các trường "
        "gửi lên được sửa. Khi mục đã có kết quả kiểm tra tại một đơn vị, khi đã có kết luận "
        "hoặc đợt kiểm tra đã kết luận: 409. Mã trùng: 422."
    ),
)
def change_checklist_item(request, inspection_id: Id, item_id: Id, payload: ChecklistChangeIn):
    item = services.checklist_change(
        actor=request.auth,
        item=_item(request, inspection_id, item_id),
        text=payload.text,
        code=payload.code,
        guidance=payload.guidance,
    )
    return {"id": item.pk, "code": item.code, "text": item.text}


@router.delete(
    "/{inspection_id}/checklist/{item_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Bỏ một mục kiểm tra",
    description=(
        "Chỉ cơ quan thường trực của Ban (403 với người khác thấy đợt kiểm tra). Khi mục đã có "
        "kết quả kiểm tra tại một đơn vị, khi đã có kết luận hoặc đợt kiểm tra đã kết luận: 409."
    ),
)
def remove_checklist_item(request, inspection_id: Id, item_id: Id):
    services.checklist_remove(actor=request.auth, item=_item(request, inspection_id, item_id))
    return Status(204, None)
