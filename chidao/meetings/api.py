"""API: a committee's meetings, a meeting's invitees and answers, its conclusions (which give
tasks), under /api/v1. A token or a session, never public; reads through
`chidao.meetings.selectors`, writes through `chidao.meetings.services` (a refusal is a
MeetingError whose `status` is the answer: 403, 409 or 422)."""

import datetime as dt
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from chidao.committees.models import Committee
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id, IsoDate, Line, Note, Short
from chidao.meetings import schedule as schedule_rule
from chidao.meetings import selectors, services, services_schedule
from chidao.meetings.models import Invitation, Meeting, MeetingSchedule
from chidao.tasks.models import Task
from chidao.units.api import UnitRefOut
from chidao.units.models import Unit

committee_router = Router(tags=["Phiên họp"], auth=TASK_AUTH)
router = Router(tags=["Phiên họp"], auth=TASK_AUTH)

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut, 409: ErrorOut}
StatusName = Literal["planned", "invited", "held", "concluded", "cancelled"]


class ChairOut(Schema):
    person: str = Field(
        description="Người chủ trì theo sổ đăng ký vào ngày họp ('' nếu chưa ghi nhận)."
    )
    position: str


class MeetingOut(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    status: StatusName
    chair: ChairOut
    kind: Literal["regular", "ad_hoc"]
    place: str = ""
    online_link: str = ""


class MeetingIn(Schema):
    title: Line = Field(min_length=1)
    starts_at: dt.datetime = Field(description="Thời gian họp (ISO 8601).")
    place: Line = ""
    kind: Literal["regular", "ad_hoc"] = "regular"
    online_link: Line = ""
    chair_role: Literal["head", "standing_deputy_head", "deputy_head"] = Field(
        "head", description="Trưởng ban chủ trì, hoặc Phó Trưởng ban được ủy quyền."
    )
    working_group: bool = Field(False, description="Mời cả Tổ công tác giúp việc.")


class InviteeOut(Schema):
    id: int
    is_guest: bool = False
    seat_role: str = Field(
        description="head, standing_deputy_head, deputy_head, member, …; '' cho khách mời."
    )
    position: str
    unit: str
    person: str
    answer: Literal["pending", "attend", "delegate", "absent"]
    delegate_name: str = ""
    absence_reason: str = ""
    attendance: str


class AnswerIn(Schema):
    answer: Literal["attend", "delegate", "absent"]
    delegate_name: Line = ""
    reason: Note = ""


class ConclusionItemIn(Schema):
    text: Note = Field(min_length=1)
    lead_unit: Id = Field(description="Mã đơn vị chủ trì.")
    coordinating_units: list[Id] = Field(default_factory=list, max_length=200)
    deadline: IsoDate
    domain: Short = Field("", description="Mã lĩnh vực (mặc định: other).")


class ConclusionsIn(Schema):
    number: Short = Field(min_length=1)
    date: IsoDate
    items: list[ConclusionItemIn] = Field(min_length=1, max_length=200)


class ConclusionTaskOut(Schema):
    id: int
    title: str
    lead_unit: UnitRefOut
    deadline: dt.date


class ConclusionsOut(Schema):
    id: int
    number: str
    date: dt.date
    tasks: list[ConclusionTaskOut]


def meeting_payload(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "status": meeting.status,
        "chair": {"person": meeting.chair_person, "position": meeting.chair_position},
        "kind": meeting.kind,
        "place": meeting.place,
        "online_link": meeting.online_link,
    }


def invitee_payload(invitation: Invitation) -> dict:
    return {
        "id": invitation.pk,
        "is_guest": invitation.is_guest,
        "seat_role": invitation.seat_role,
        "position": invitation.position,
        "unit": invitation.unit_name,
        "person": invitation.person,
        "answer": invitation.answer,
        "delegate_name": invitation.delegate_name,
        "absence_reason": invitation.absence_reason,
        "attendance": invitation.attendance,
    }


def task_payload(task: Task) -> dict:
    return {
        "id": task.pk,
        "title": task.title,
        "lead_unit": {"id": task.lead_unit_id, "name": task.lead_unit.name},
        "deadline": task.deadline,
    }


@committee_router.get(
    "/{committee_id}/meetings",
    response={200: list[MeetingOut], **READ_ERRORS},
    summary="Các phiên họp của Ban Chỉ đạo",
    description="Mới nhất trước. Người chủ trì theo sổ đăng ký vào ngày họp.",
)
def list_meetings(request, committee_id: Id):
    committee = get_object_or_404(Committee, pk=committee_id)
    return [meeting_payload(m) for m in selectors.meetings_for(request.auth, committee)]


@committee_router.post(
    "/{committee_id}/meetings",
    response={201: MeetingOut, **WRITE_ERRORS},
    summary="Lên lịch một phiên họp",
    description=(
        "Chỉ cơ quan thường trực của Ban Chỉ đạo (403 với người khác). Thành phần mời lấy từ "
        "thành phần Ban vào ngày họp."
    ),
)
def create_meeting(request, committee_id: Id, payload: MeetingIn):
    committee = get_object_or_404(Committee, pk=committee_id)
    meeting = services.meeting_create(
        actor=request.auth,
        committee=committee,
        title=payload.title,
        starts_at=payload.starts_at,
        kind=payload.kind,
        place=payload.place,
        online_link=payload.online_link,
        chair_role=payload.chair_role,
        working_group=payload.working_group,
    )
    return Status(201, meeting_payload(meeting))


@router.get(
    "/{meeting_id}",
    response={200: MeetingOut, **READ_ERRORS},
    summary="Một phiên họp",
)
def get_meeting(request, meeting_id: Id):
    return meeting_payload(selectors.get_visible_meeting(request.auth, meeting_id))


@router.get(
    "/{meeting_id}/invitees",
    response={200: list[InviteeOut], **READ_ERRORS},
    summary="Thành phần mời và trả lời",
    description=(
        "Các ghế của thành phần Ban Chỉ đạo vào ngày họp (ghế theo quy tắc đã tách từng "
        "người), người giữ ghế theo sổ đăng ký, và khách mời; kèm trả lời và điểm danh."
    ),
)
def list_invitees(request, meeting_id: Id):
    meeting = selectors.get_visible_meeting(request.auth, meeting_id)
    return [invitee_payload(i) for i in selectors.invitations_of(meeting)]


@router.post(
    "/invitations/{invitation_id}/answer",
    response={200: InviteeOut, **WRITE_ERRORS},
    summary="Trả lời giấy mời",
    description="Tham dự, cử người dự thay (nêu tên) hoặc vắng (nêu lý do).",
)
def answer_invitation(request, invitation_id: Id, payload: AnswerIn):
    invitation = get_object_or_404(Invitation.objects.select_related("meeting"), pk=invitation_id)
    selectors.get_visible_meeting(request.auth, invitation.meeting_id)
    invitation = services.invitation_answer(
        actor=request.auth,
        invitation=invitation,
        answer=payload.answer,
        delegate_name=payload.delegate_name,
        reason=payload.reason,
    )
    return invitee_payload(invitation)


@router.post(
    "/{meeting_id}/conclusions",
    response={201: ConclusionsOut, **WRITE_ERRORS},
    summary="Ban hành thông báo kết luận",
    description=(
        "Mỗi mục trở thành một nhiệm vụ (văn bản giao: thông báo kết luận, mục N), tạo cùng "
        "một giao dịch với thông báo. Mục sai (đơn vị không có, hạn trước ngày họp): 422 nêu "
        "rõ mục, không lưu gì."
    ),
)
def issue_conclusions(request, meeting_id: Id, payload: ConclusionsIn):
    meeting = selectors.get_visible_meeting(request.auth, meeting_id)
    notice = services.conclusions_issue(
        actor=request.auth,
        meeting=meeting,
        number=payload.number,
        date=payload.date,
        items=[
            services.ConclusionIn(
                text=item.text,
                lead_unit=item.lead_unit,
                coordinating_units=list(item.coordinating_units),
                deadline=item.deadline,
                domain=item.domain.strip(),
            )
            for item in payload.items
        ],
    )
    tasks = Task.objects.filter(source=notice.source).select_related("lead_unit").order_by("id")
    return Status(
        201,
        {
            "id": notice.pk,
            "number": notice.number,
            "date": notice.date,
            "tasks": [task_payload(t) for t in tasks],
        },
    )


# ---- the regular schedule

HH_MM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class ScheduleIn(Schema):
    cadence: Literal["monthly", "quarterly", "half_yearly", "yearly"]
    month_of_period: int = Field(3, ge=1, le=12, description="Tháng thứ mấy trong kỳ (1 = đầu).")
    week: int = Field(3, ge=1, le=5, description="Tuần thứ mấy trong tháng; 5 = tuần cuối.")
    weekday: int = Field(3, ge=0, le=6, description="0 = thứ Hai … 6 = Chủ nhật.")
    time: str = Field("08:00", pattern=HH_MM, description="Giờ họp, HH:MM.")
    place: Line = ""
    chair_role: Literal["head", "standing_deputy_head", "deputy_head"] = "head"
    lead_days: int = Field(30, ge=0, le=365, description="Tự lên lịch trước bao nhiêu ngày.")
    active: bool = True


class SlotOut(Schema):
    date: dt.date
    meeting_id: int | None


class ScheduleOut(Schema):
    cadence: str
    month_of_period: int
    week: int
    weekday: int
    time: str = Field(description="Giờ họp, HH:MM.")
    place: str
    chair_role: str
    lead_days: int
    active: bool
    description: str = Field(description="Quy tắc bằng lời.")
    next: list[SlotOut] = Field(description="Các kỳ họp tới và phiên họp đã lên lịch (nếu có).")


class SlotIn(Schema):
    slot: IsoDate = Field(description="Một ngày họp theo lịch định kỳ.")


def schedule_payload(row: MeetingSchedule) -> dict:
    slots = services_schedule.upcoming_slots(row, timezone.localdate()) if row.active else []
    return {
        "cadence": row.cadence,
        "month_of_period": row.month_of_period,
        "week": row.week,
        "weekday": row.weekday,
        "time": row.time.strftime("%H:%M"),
        "place": row.place,
        "chair_role": row.chair_role,
        "lead_days": row.lead_days,
        "active": row.active,
        "description": schedule_rule.describe(row),
        "next": [
            {"date": s["date"], "meeting_id": s["meeting"].pk if s["meeting"] else None}
            for s in slots
        ],
    }


@committee_router.get(
    "/{committee_id}/meeting-schedule",
    response={200: ScheduleOut, **READ_ERRORS},
    summary="Lịch họp định kỳ của Ban Chỉ đạo",
    description="404 khi Ban Chỉ đạo chưa có lịch họp định kỳ.",
)
def get_schedule(request, committee_id: Id):
    committee = get_object_or_404(Committee, pk=committee_id)
    return schedule_payload(get_object_or_404(MeetingSchedule, committee=committee))


@committee_router.put(
    "/{committee_id}/meeting-schedule",
    response={200: ScheduleOut, **WRITE_ERRORS},
    summary="Đặt lịch họp định kỳ",
    description="Chỉ cơ quan thường trực của Ban Chỉ đạo (403 với người khác).",
)
def put_schedule(request, committee_id: Id, payload: ScheduleIn):
    committee = get_object_or_404(Committee, pk=committee_id)
    data = payload.model_dump() | {"time": dt.time.fromisoformat(payload.time)}
    row = services_schedule.schedule_save(actor=request.auth, committee=committee, **data)
    return schedule_payload(row)


@committee_router.post(
    "/{committee_id}/meeting-schedule/plan",
    response={201: MeetingOut, **WRITE_ERRORS},
    summary="Lên lịch phiên họp định kỳ của một kỳ",
    description=(
        "Tạo phiên họp định kỳ (dự kiến) cho một ngày của lịch; 422 nếu ngày không thuộc "
        "lịch, 409 nếu kỳ đó đã có phiên họp."
    ),
)
def plan_from_schedule(request, committee_id: Id, payload: SlotIn):
    committee = get_object_or_404(Committee, pk=committee_id)
    meeting = services_schedule.schedule_plan(
        actor=request.auth, committee=committee, slot=payload.slot
    )
    return Status(201, meeting_payload(meeting))


# ---- guests


class GuestIn(Schema):
    person: Line = ""
    position: Line = ""
    unit: Id | None = Field(None, description="Mã đơn vị của khách mời (nếu có).")
    email: Line = Field("", description="Thư điện tử của khách mời (nếu có).")


@router.post(
    "/{meeting_id}/guests",
    response={201: InviteeOut, **WRITE_ERRORS},
    summary="Thêm khách mời",
    description=(
        "Khách mời ngoài thành phần Ban (họ tên, chức vụ, đơn vị hoặc thư điện tử); chỉ cơ "
        "quan thường trực, khi phiên họp còn dự kiến hoặc đã gửi giấy mời."
    ),
)
def add_guest(request, meeting_id: Id, payload: GuestIn):
    meeting = selectors.get_visible_meeting(request.auth, meeting_id)
    unit = None
    if payload.unit is not None:
        unit = Unit.objects.filter(pk=payload.unit).first()
        if unit is None:
            raise services.MeetingError(
                _("Không có đơn vị mã %(id)s.") % {"id": payload.unit}, field="unit"
            )
    guest = services.guest_add(
        actor=request.auth,
        meeting=meeting,
        person=payload.person,
        position=payload.position,
        unit=unit,
        email=payload.email,
    )
    return Status(201, invitee_payload(guest))


@router.delete(
    "/{meeting_id}/guests/{invitation_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Bỏ khách mời",
)
def remove_guest(request, meeting_id: Id, invitation_id: Id):
    meeting = selectors.get_visible_meeting(request.auth, meeting_id)
    guest = get_object_or_404(Invitation, pk=invitation_id, meeting=meeting, is_guest=True)
    services.guest_remove(actor=request.auth, invitation=guest)
    return Status(204, None)
