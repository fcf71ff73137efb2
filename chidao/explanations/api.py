"""API: explanation requests (yêu cầu giải trình), under /api/v1/explanation-requests.

A token or a session, never public. Reads through `chidao.explanations.selectors` (a request
the caller may not see is a 404), writes through `chidao.explanations.services` (a refusal is
an ExplanationError whose `status` is the answer: 403, 409 or 422).
"""

import datetime as dt
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chidao.committees.serializers import CommitteeRefOut
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id, IsoDate, Note, Short
from chidao.explanations import selectors, services
from chidao.explanations.models import ExplanationRequest
from chidao.explanations.subjects import subject_kind, subject_kinds
from chidao.units.api import UnitRefOut

router = Router(tags=["Yêu cầu giải trình"], auth=TASK_AUTH)

READ_ERRORS = {401: ErrorOut, 422: ValidationErrorOut}
ONE_ERRORS = {**READ_ERRORS, 404: ErrorOut}
WRITE_ERRORS = {**ONE_ERRORS, 403: ErrorOut, 409: ErrorOut}
StatusName = Literal["open", "answered", "withdrawn", "all"]


class TaskRefOut(Schema):
    id: int
    title: str


class SubjectOut(Schema):
    kind: str = Field(description="Loại đối tượng: task (nhiệm vụ), …")
    id: int
    title: str


class ExplanationOut(Schema):
    id: int
    task: TaskRefOut | None = Field(description="Nhiệm vụ phải giải trình (khi đối tượng là task).")
    unit: UnitRefOut = Field(description="Đơn vị phải giải trình.")
    issued_on: dt.date
    due_on: dt.date
    answered_on: dt.date | None = None
    status: Literal["open", "answered", "withdrawn"]
    subject: SubjectOut
    committee: CommitteeRefOut
    reason: str


class ExplanationDetailOut(ExplanationOut):
    number: str = ""
    answer_reasons: str = ""
    answer_done: str = ""
    answer_plan: str = ""
    answer_new_deadline: dt.date | None = None


class ExplanationFilters(Schema):
    status: StatusName = Field(
        "open", description="open (chờ giải trình, mặc định), answered, withdrawn hoặc all."
    )
    committee: Id | None = Field(None, description="Mã Ban Chỉ đạo.")
    unit: Id | None = Field(None, description="Mã đơn vị được yêu cầu.")


class ExplanationIssueIn(Schema):
    subject_kind: Short = Field("task", description="Loại đối tượng (task).")
    subject_id: Id
    reason: Note
    due_on: IsoDate | None = Field(None, description="Hạn giải trình (mặc định sau 7 ngày).")
    number: Short = ""


class ExplanationAnswerIn(Schema):
    reasons: Note = Field(description="Nguyên nhân chậm trễ (bắt buộc).")
    done: Note = Field("", description="Những việc đã làm.")
    plan: Note = Field(description="Giải pháp, kế hoạch mới (bắt buộc).")
    new_deadline: IsoDate | None = Field(None, description="Thời hạn hoàn thành mới.")


def payload(request: ExplanationRequest, *, detail: bool = False) -> dict:
    data = {
        "id": request.pk,
        "task": (
            {"id": request.subject_id, "title": request.subject_title}
            if request.subject_kind == "task"
            else None
        ),
        "unit": {"id": request.unit_id, "name": request.unit.name},
        "issued_on": request.issued_on,
        "due_on": request.due_on,
        "answered_on": request.answered_on,
        "status": request.state,
        "subject": {
            "kind": request.subject_kind,
            "id": request.subject_id,
            "title": request.subject_title,
        },
        "committee": {"id": request.committee_id, "name": request.committee.name},
        "reason": request.reason,
    }
    if detail:
        data.update(
            number=request.number,
            answer_reasons=request.answer_reasons,
            answer_done=request.answer_done,
            answer_plan=request.answer_plan,
            answer_new_deadline=request.answer_new_deadline,
        )
    return data


@router.get(
    "",
    response={200: list[ExplanationOut], **READ_ERRORS},
    summary="Danh sách yêu cầu giải trình",
    description=(
        "Chỉ những yêu cầu người gọi được xem: đầu mối thấy yêu cầu gửi đơn vị mình; cán bộ "
        "thường trực thấy yêu cầu của Ban Chỉ đạo mình phục vụ; lãnh đạo, người xem và quản "
        "trị thấy tất cả. Sắp theo hạn giải trình."
    ),
)
def list_requests(request, filters: Query[ExplanationFilters]):
    rows = selectors.requests_for(
        request.auth, status=filters.status, committee_id=filters.committee, unit_id=filters.unit
    )
    return [payload(row) for row in rows]


@router.post(
    "",
    response={201: ExplanationDetailOut, **WRITE_ERRORS},
    summary="Yêu cầu đơn vị giải trình",
    description="Cơ quan thường trực của Ban Chỉ đạo; gửi đơn vị chủ trì (thông báo, thư).",
)
def issue_request(request, payload_in: ExplanationIssueIn):
    kind = subject_kind(payload_in.subject_kind.strip())
    if kind is None:
        known = ", ".join(sorted(subject_kinds()))
        message = _("Loại đối tượng không hợp lệ (chọn: %(known)s).") % {"known": known}
        return Status(
            422,
            {
                "detail": message,
                "errors": [
                    {"loc": ["body", "subject_kind"], "msg": message, "type": "value_error"}
                ],
            },
        )
    subject = kind.visible(request.auth, payload_in.subject_id)
    row = services.explanation_issue(
        actor=request.auth,
        subject=subject,
        reason=payload_in.reason,
        due_on=payload_in.due_on,
        number=payload_in.number,
    )
    return Status(201, payload(selectors.get_visible_request(request.auth, row.pk), detail=True))


@router.get(
    "/{explanation_id}",
    response={200: ExplanationDetailOut, **ONE_ERRORS},
    summary="Một yêu cầu giải trình và câu trả lời",
)
def get_request(request, explanation_id: Id):
    return payload(selectors.get_visible_request(request.auth, explanation_id), detail=True)


@router.post(
    "/{explanation_id}/answer",
    response={200: ExplanationDetailOut, **WRITE_ERRORS},
    summary="Đơn vị trả lời giải trình",
    description="Đơn vị được yêu cầu: nguyên nhân, việc đã làm, kế hoạch mới.",
)
def answer_request(request, explanation_id: Id, payload_in: ExplanationAnswerIn):
    row = selectors.get_visible_request(request.auth, explanation_id)
    services.explanation_answer(
        actor=request.auth,
        request=row,
        reasons=payload_in.reasons,
        done=payload_in.done,
        plan=payload_in.plan,
        new_deadline=payload_in.new_deadline,
    )
    return payload(selectors.get_visible_request(request.auth, explanation_id), detail=True)
