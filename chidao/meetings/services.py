"""Every change to meetings: plan, invite, answer, record attendance and minutes, set the
agenda, issue the conclusions (whose items become tasks), cancel. Each function is one user
action: one transaction, its change-log row and its notices, written here and nowhere else."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.committees.models import Seat
from chidao.committees.selectors import composition_on
from chidao.core import policy
from chidao.core.dates import vn_date
from chidao.core.errors import ActionRefused
from chidao.meetings import conclusions, notices
from chidao.meetings.models import (
    AgendaFile,
    AgendaItem,
    ConclusionItem,
    ConclusionNotice,
    Invitation,
    Meeting,
    MinutesFile,
)
from chidao.storage import files
from chidao.tasks.models import Domain
from chidao.units.models import Unit

SOURCE_KEY = "chidao:meeting-conclusions"
GUEST_ORDER = 1000  # guests are listed after the seats
CHAIR_ROLES = (Seat.Role.HEAD, Seat.Role.STANDING_DEPUTY_HEAD, Seat.Role.DEPUTY_HEAD)


class MeetingError(ActionRefused):
    """A refused meetings action (see chidao.core.errors.ActionRefused)."""


def _require_manager(actor, committee_id: int) -> None:
    if not policy.manages_committee(actor, committee_id):
        raise MeetingError(
            _("Chỉ cơ quan thường trực của Ban Chỉ đạo được quản lý phiên họp."), status=403
        )


def _require_state(meeting: Meeting, *states: str) -> None:
    if meeting.status not in states:
        raise MeetingError(
            _("Phiên họp đang ở trạng thái “%(status)s”, không thực hiện được thao tác này.")
            % {"status": meeting.get_status_display()},
            status=409,
        )


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)


# ---- the register on the meeting date


def register_invitees(meeting: Meeting, *, working_group: bool = False) -> list[Invitation]:
    """The invitations the register gives for the meeting's date: every seat of the
    composition then (rule seats expanded by the register), with its holder; the working
    group's seats too when asked. Unsaved rows."""
    composition = composition_on(meeting.committee, meeting.date)
    seats = [("committee", seat) for seat in composition.seats]
    if working_group:
        seats += [("working_group", seat) for seat in composition.working_group.get("seats", [])]
    rows = []
    for order, (body, seat) in enumerate(seats, start=1):
        rows.append(
            Invitation(
                meeting=meeting,
                order=order,
                body=body,
                seat_role=seat.role,
                seat_role_label=seat.role_label,
                position=(seat.position or "")[:300],
                unit_id=seat.unit_id,
                unit_name=(seat.unit or "")[:300],
                person=(seat.person or "")[:200],
            )
        )
    return rows


def _chair(meeting: Meeting, invitations: list[Invitation]) -> None:
    for invitation in invitations:
        if invitation.seat_role == meeting.chair_role:
            meeting.chair_person = invitation.person
            meeting.chair_position = invitation.position or invitation.seat_role_label
            return
    meeting.chair_person = ""
    meeting.chair_position = ""


ANSWER_FIELDS = ("answer", "delegate_name", "absence_reason", "answered_at", "answered_by_id")


def _refresh_invitees(meeting: Meeting, *, working_group: bool = False) -> list[Invitation]:
    """Take the seats again from the register; an answer already given for a seat that is
    still there (same role, position and unit) is kept."""
    given = {
        (i.seat_role, i.position, i.unit_id): i
        for i in meeting.invitations.filter(is_guest=False).exclude(answer="pending")
    }
    meeting.invitations.filter(is_guest=False).delete()
    rows = register_invitees(meeting, working_group=working_group)
    for row in rows:
        before = given.get((row.seat_role, row.position, row.unit_id))
        if before is not None:
            for name in ANSWER_FIELDS:
                setattr(row, name, getattr(before, name))
    Invitation.objects.bulk_create(rows)  # guests keep their orders (1000 on), after the seats
    _chair(meeting, rows)
    return rows


@transaction.atomic
def meeting_create(
    *,
    actor,
    committee,
    title: str,
    starts_at: dt.datetime,
    kind: str = Meeting.Kind.REGULAR,
    place: str = "",
    online_link: str = "",
    chair_role: str = Seat.Role.HEAD,
    working_group: bool = False,
    synthetic: bool = False,
) -> Meeting:
    """Plan a meeting; its invitees are the seats of the composition on its date."""
    _require_manager(actor, committee.pk)
    title = (title or "").strip()
    if not title:
        raise MeetingError(_("Thiếu tên phiên họp."), field="title")
    if kind not in Meeting.Kind.values:
        raise MeetingError(_("Loại phiên họp phải là regular hoặc ad_hoc."), field="kind")
    if chair_role not in CHAIR_ROLES:
        raise MeetingError(
            _("Người chủ trì là Trưởng ban hoặc một Phó Trưởng ban."), field="chair_role"
        )
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    meeting = Meeting(
        committee=committee,
        title=title,
        kind=kind,
        starts_at=starts_at,
        place=(place or "").strip(),
        online_link=(online_link or "").strip(),
        chair_role=chair_role,
        synthetic=synthetic,
        created_by=policy.as_user(actor),
    )
    meeting.save()
    _refresh_invitees(meeting, working_group=working_group)
    meeting.save(update_fields=["chair_person", "chair_position"])
    record_change(actor=actor, action="create", target=meeting, after=snapshot(meeting))
    return meeting


@transaction.atomic
def guest_add(
    *, actor, meeting: Meeting, person: str, position: str = "", unit=None, email: str = ""
) -> Invitation:
    """A guest besides the register's seats: a person (name, position) from a unit or with an
    e-mail address. Guests are invited with the seats; one added after the invitations went
    out is told at once (the unit's focal persons, or the account with that address)."""
    meeting = _locked(meeting)
    _require_manager(actor, meeting.committee_id)
    _require_state(meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED)
    person, email = (person or "").strip(), (email or "").strip().lower()
    if not person and unit is None:
        raise MeetingError(_("Cần nêu tên khách mời hoặc đơn vị."), field="person")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise MeetingError(_("Địa chỉ thư điện tử không hợp lệ."), field="email") from None
    last = meeting.invitations.filter(is_guest=True).aggregate(last=Max("order"))["last"]
    guest = Invitation.objects.create(
        meeting=meeting,
        order=max(last or 0, GUEST_ORDER) + 1,
        body="guest",
        seat_role_label=_("Khách mời"),
        position=(position or "").strip()[:300],
        unit=unit,
        unit_name=unit.name if unit else "",
        person=person[:200],
        email=email[:254],
        is_guest=True,
    )
    record_change(actor=actor, action="create", target=guest, after=snapshot(guest))
    if meeting.status == Meeting.Status.INVITED:
        notices.invited(actor=actor, meeting=meeting)  # the outbox keeps one per recipient
    return guest


@transaction.atomic
def guest_remove(*, actor, invitation: Invitation) -> None:
    """Take a guest off the list (seats come from the register and are not removed)."""
    meeting = _locked(invitation.meeting)
    _require_manager(actor, meeting.committee_id)
    _require_state(meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED)
    if not invitation.is_guest:
        raise MeetingError(
            _("Chỉ bỏ được khách mời; thành phần Ban lấy từ sổ đăng ký."), status=409
        )
    before, pk, label = snapshot(invitation), invitation.pk, str(invitation)
    invitation.delete()
    record_change(
        actor=actor,
        action="delete",
        target_type="meetings.invitation",
        target_id=str(pk),
        target_repr=label,
        before=before,
    )


@transaction.atomic
def invitations_send(*, actor, meeting: Meeting, number: str = "", today=None) -> Meeting:
    """Send the invitations: the invitees are taken again from the register (the meeting's
    date may have moved), the invitation gets its number, the invitees' units are notified."""
    meeting = _locked(meeting)
    _require_manager(actor, meeting.committee_id)
    _require_state(meeting, Meeting.Status.PLANNED)
    before = snapshot(meeting)
    working_group = meeting.invitations.filter(body="working_group").exists()
    _refresh_invitees(meeting, working_group=working_group)
    meeting.status = Meeting.Status.INVITED
    meeting.invitation_number = (number or "").strip()[:100]
    meeting.invited_on = today or timezone.localdate()
    meeting.save()
    record_change(
        actor=actor, action="update", target=meeting, before=before, after=snapshot(meeting)
    )
    notices.invited(actor=actor, meeting=meeting)
    return meeting


def may_answer(user, invitation: Invitation) -> bool:
    """Whoever acts for the invitee's unit (its focal person answers for its leader), and the
    committee's managers (who record answers given by telephone)."""
    if policy.is_system(user) or policy.manages_committee(user, invitation.meeting.committee_id):
        return True
    if invitation.is_guest and invitation.email and policy.is_signed_in(user):
        if (user.email or "").lower() == invitation.email:
            return True
    return invitation.unit_id is not None and invitation.unit_id in policy.acting_unit_ids(user)


@transaction.atomic
def invitation_answer(
    *, actor, invitation: Invitation, answer: str, delegate_name: str = "", reason: str = ""
) -> Invitation:
    """Attend, send a named delegate, or be absent with a reason."""
    invitation = (
        Invitation.objects.select_for_update().select_related("meeting").get(pk=invitation.pk)
    )
    if not may_answer(actor, invitation):
        raise MeetingError(_("Chỉ đơn vị được mời mới trả lời giấy mời."), status=403)
    _require_state(invitation.meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED)
    delegate_name, reason = (delegate_name or "").strip(), (reason or "").strip()
    if answer not in (
        Invitation.Answer.ATTEND,
        Invitation.Answer.DELEGATE,
        Invitation.Answer.ABSENT,
    ):
        raise MeetingError(_("Trả lời phải là attend, delegate hoặc absent."), field="answer")
    if answer == Invitation.Answer.DELEGATE and not delegate_name:
        raise MeetingError(_("Cử người dự thay cần nêu tên người dự thay."), field="delegate_name")
    if answer == Invitation.Answer.ABSENT and not reason:
        raise MeetingError(_("Vắng mặt cần nêu lý do."), field="reason")
    before = snapshot(invitation)
    invitation.answer = answer
    invitation.delegate_name = delegate_name if answer == Invitation.Answer.DELEGATE else ""
    invitation.absence_reason = reason if answer == Invitation.Answer.ABSENT else ""
    invitation.answered_at = timezone.now()
    invitation.answered_by = policy.as_user(actor)
    invitation.save()
    record_change(
        actor=actor, action="update", target=invitation, before=before, after=snapshot(invitation)
    )
    return invitation


@transaction.atomic
def attendance_record(*, actor, meeting: Meeting, marks: dict[int, str]) -> Meeting:
    """Record attendance per invitation ({invitation id: attendance}); the meeting is held."""
    meeting = _locked(meeting)
    _require_manager(actor, meeting.committee_id)
    _require_state(meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED, Meeting.Status.HELD)
    invitations = {i.pk: i for i in meeting.invitations.all()}
    changed = []
    for pk, mark in marks.items():
        if mark not in Invitation.Attendance.values:
            raise MeetingError(
                _("Điểm danh không hợp lệ: %(mark)s.") % {"mark": mark}, field="attendance"
            )
        if pk not in invitations:
            raise MeetingError(_("Người được mời không thuộc phiên họp này."), field="attendance")
        invitations[pk].attendance = mark
        changed.append(invitations[pk])
    Invitation.objects.bulk_update(changed, ["attendance"])
    before = snapshot(meeting)
    meeting.status = (
        Meeting.Status.HELD if meeting.status != Meeting.Status.HELD else meeting.status
    )
    meeting.save(update_fields=["status"])
    record_change(
        actor=actor,
        action="update",
        target=meeting,
        before=before,
        after=snapshot(meeting) | {"attendance": {str(i.pk): i.attendance for i in changed}},
    )
    return meeting


@transaction.atomic
def minutes_save(
    *, actor, meeting: Meeting, text: str, opinions: dict[int, str] | None = None, uploads=()
) -> Meeting:
    """The minutes (text and files) and the opinions voiced per agenda item."""
    meeting = _locked(meeting)
    _require_manager(actor, meeting.committee_id)
    _require_state(meeting, Meeting.Status.HELD, Meeting.Status.CONCLUDED, Meeting.Status.INVITED)
    try:
        checked = [files.check_upload(upload) for upload in uploads]
    except files.UploadRejected as exc:
        raise MeetingError(str(exc), field="files") from None
    before = snapshot(meeting)
    meeting.minutes = (text or "").strip()
    if meeting.status == Meeting.Status.INVITED:
        meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["minutes", "status"])
    items = {item.pk: item for item in meeting.agenda.all()}
    for pk, opinion in (opinions or {}).items():
        if pk in items:
            items[pk].opinions = (opinion or "").strip()
            items[pk].save(update_fields=["opinions"])
    with files.atomic():
        for upload, (content_type, content) in zip(uploads, checked, strict=True):
            MinutesFile.create_stored(
                content=content,
                content_type=content_type,
                original_name=upload.name[:255],
                uploaded_by=policy.as_user(actor),
                meeting=meeting,
            )
    record_change(
        actor=actor, action="update", target=meeting, before=before, after=snapshot(meeting)
    )
    return meeting


@transaction.atomic
def agenda_add(
    *,
    actor,
    meeting: Meeting,
    title: str,
    presenting_unit: Unit | None = None,
    documents: str = "",
    explanation=None,
    task=None,
    uploads=(),
) -> AgendaItem:
    """An item of the agenda with its presenting unit and its documents (a note, and files:
    the unit's report, a draft for the committee to adopt)."""
    meeting = _locked(meeting)
    _require_manager(actor, meeting.committee_id)
    _require_state(meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED)
    title = (title or "").strip()
    if not title:
        raise MeetingError(_("Thiếu nội dung của mục chương trình."), field="title")
    try:
        checked = [files.check_upload(upload) for upload in uploads]
    except files.UploadRejected as exc:
        raise MeetingError(str(exc), field="files") from None
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=meeting.agenda.count() + 1,
        title=title[:500],
        presenting_unit=presenting_unit,
        documents=(documents or "").strip(),
        explanation=explanation,
        task=task,
    )
    with files.atomic():
        for upload, (content_type, content) in zip(uploads, checked, strict=True):
            AgendaFile.create_stored(
                content=content,
                content_type=content_type,
                original_name=upload.name[:255],
                uploaded_by=policy.as_user(actor),
                item=item,
            )
    record_change(actor=actor, action="create", target=item, after=snapshot(item))
    return item


@transaction.atomic
def meeting_cancel(*, actor, meeting: Meeting, reason: str) -> Meeting:
    meeting = _locked(meeting)
    _require_manager(actor, meeting.committee_id)
    _require_state(meeting, Meeting.Status.PLANNED, Meeting.Status.INVITED)
    reason = (reason or "").strip()
    if not reason:
        raise MeetingError(_("Hủy phiên họp cần nêu lý do."), field="reason")
    before = snapshot(meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = reason
    meeting.save(update_fields=["status", "cancel_reason"])
    record_change(
        actor=actor, action="update", target=meeting, before=before, after=snapshot(meeting)
    )
    return meeting


# ---- conclusions


@dataclass
class ConclusionIn:
    """One item as a client sends it: units by id, the deadline a date."""

    text: str
    lead_unit: int
    coordinating_units: list[int]
    deadline: dt.date
    domain: str = ""


def _item_error(number: int, message: str) -> MeetingError:
    template = _("Mục %(number)s: %(message)s")
    return conclusions.item_refused(MeetingError, template, "items", number - 1, message)


def _resolve(items: list[ConclusionIn], meeting: Meeting, date: dt.date):
    """Units and domains of every item, or a 422 naming the first bad item."""
    wanted = {u for item in items for u in [item.lead_unit, *item.coordinating_units]}
    units = Unit.objects.in_bulk(list(wanted))
    default_domain = Domain.objects.filter(code="other").first() or Domain.objects.first()
    resolved = []
    for number, item in enumerate(items, start=1):
        if not (item.text or "").strip():
            raise _item_error(number, _("thiếu nội dung kết luận."))
        for unit_id in [item.lead_unit, *item.coordinating_units]:
            if unit_id not in units:
                raise _item_error(number, _("không có đơn vị mã %(id)s.") % {"id": unit_id})
        if item.deadline < meeting.date:
            raise _item_error(
                number,
                _("hạn %(deadline)s trước ngày họp %(date)s.")
                % {"deadline": vn_date(item.deadline), "date": vn_date(meeting.date)},
            )
        if item.deadline < date:
            raise _item_error(
                number,
                _("hạn %(deadline)s trước ngày thông báo %(date)s.")
                % {"deadline": vn_date(item.deadline), "date": vn_date(date)},
            )
        domain = default_domain
        if item.domain:
            domain = Domain.objects.filter(code=item.domain).first()
            if domain is None:
                raise _item_error(
                    number, _("không có lĩnh vực “%(code)s”.") % {"code": item.domain}
                )
        resolved.append(
            (
                number,
                item,
                units[item.lead_unit],
                [units[u] for u in item.coordinating_units],
                domain,
            )
        )
    return resolved


@transaction.atomic
def conclusions_issue(
    *, actor, meeting: Meeting, number: str, date: dt.date, items: list[ConclusionIn]
) -> ConclusionNotice:
    """The conclusions notice and, in the same transaction, one task per item (source = the
    notice, clause = "Mục N"), notified to the lead and coordinating units' focal persons.
    A bad item refuses the whole notice: nothing is saved."""
    meeting = _locked(meeting)
    _require_manager(actor, meeting.committee_id)
    _require_state(meeting, Meeting.Status.INVITED, Meeting.Status.HELD)
    number = (number or "").strip()
    if not number:
        raise MeetingError(_("Thiếu số của thông báo kết luận."), field="number")
    if not items:
        raise MeetingError(_("Thông báo kết luận cần ít nhất một mục."), field="items")
    if date < meeting.date:
        raise MeetingError(_("Thông báo kết luận không được trước ngày họp."), field="date")
    resolved = _resolve(items, meeting, date)
    task_source = conclusions.notice_source(
        committee=meeting.committee,
        key=SOURCE_KEY,
        register_title="Thông báo kết luận các phiên họp Ban Chỉ đạo, nhập trong chidao",
        number=number,
        date=date,
        title=(
            f"Thông báo kết luận của {meeting.chair_position or 'Trưởng Ban Chỉ đạo'} "
            f"tại {meeting.title}"
        ),
        synthetic=meeting.synthetic,
    )
    notice = ConclusionNotice.objects.create(
        meeting=meeting,
        source=task_source,
        number=number[:100],
        date=date,
        created_by=policy.as_user(actor),
    )
    for index, item, lead, coordinating, domain in resolved:
        row = ConclusionItem.objects.create(notice=notice, number=index, text=item.text.strip())
        conclusions.item_task(
            _item_error,
            index,
            actor=actor,
            committee=meeting.committee,
            title=row.text[:500],
            content=row.text,
            domain=domain,
            lead_unit=lead,
            coordinating_units=coordinating,
            deadline=item.deadline,
            source=task_source,
            source_clause=row.clause,
            assigned_on=date,
            synthetic=meeting.synthetic,
        )
    before = snapshot(meeting)
    meeting.status = Meeting.Status.CONCLUDED
    meeting.save(update_fields=["status"])
    record_change(actor=actor, action="create", target=notice, after=snapshot(notice))
    record_change(
        actor=actor, action="update", target=meeting, before=before, after=snapshot(meeting)
    )
    return notice
