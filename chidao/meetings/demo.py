"""A SYNTHETIC year of meetings for the 2023 committee, beside the demo plan of
chidao.tasks.demo: a regular schedule (quarterly, the Thursday of the third week of each
quarter's last month), the four quarterly meetings before today planned from it, with a
guest, invitations from the register, answers, attendance, minutes and a conclusions notice
whose items became tasks; the next quarter's meeting planned from the schedule; explanation
requests about the tasks past the committee's threshold, one answered and one left
unanswered (so the upcoming meeting has a proposed agenda).

Nothing here is real: titles, documents and file names say "mô phỏng", every row is flagged
`synthetic`. Loading is idempotent: the schedule is set when the committee has none, and the
meetings are loaded when the committee has no synthetic meeting.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from chidao.core import policy
from chidao.explanations import services as explanations
from chidao.meetings import proposals, services, services_schedule
from chidao.meetings import schedule as schedule_rule
from chidao.meetings.models import Invitation, Meeting, MeetingSchedule
from chidao.tasks.demo import DemoError, demo_committee
from chidao.units.models import Unit, valid_on_q

ACTOR = policy.SystemActor("chidao load-demo-meetings")
DAY = dt.timedelta(days=1)
PAST = 4  # quarterly meetings held before today
PLACE = "Phòng họp Ủy ban nhân dân thành phố (mô phỏng)"
# The departments given the conclusions' tasks, in turn.
LEADS = ("Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Khoa học và Công nghệ", "Sở Y tế")
CONCLUSIONS = (
    "Hoàn thành số hóa kết quả giải quyết thủ tục hành chính còn hiệu lực",
    "Rà soát, đề xuất cắt giảm thủ tục hành chính nội bộ",
    "Báo cáo tiến độ triển khai dịch vụ công trực tuyến toàn trình",
)


@dataclass
class DemoResult:
    created: bool
    schedule: bool = False
    meetings: int = 0
    tasks: int = 0
    explanations: int = 0


def _leads(today: dt.date) -> list[Unit]:
    units = {u.name: u for u in Unit.objects.filter(valid_on_q(today), name__in=LEADS)}
    found = [units[name] for name in LEADS if name in units]
    if len(found) < 2:
        raise DemoError("Chưa có các Sở của Hà Nội: hãy chạy `chidao load-demo` trước.")
    return found


def _mark(index: int, invitation: Invitation) -> str:
    """A steady pattern: most present, some delegates, a few absent."""
    if invitation.seat_role == "head":
        return Invitation.Attendance.PRESENT
    return ("present", "present", "delegate", "present", "absent_excused", "present", "absent")[
        index % 7
    ]


def _hold(meeting: Meeting, number: int, leads: list[Unit], today: dt.date) -> int:
    day = meeting.date
    services.guest_add(
        actor=ACTOR,
        meeting=meeting,
        person="Nguyễn Minh Khách (mô phỏng)",
        position="Chuyên gia tư vấn chuyển đổi số (mô phỏng)",
        email="chuyengia.mophong@example.invalid",
    )
    services.agenda_add(
        actor=ACTOR,
        meeting=meeting,
        title="Báo cáo kết quả thực hiện nhiệm vụ cải cách hành chính, chuyển đổi số (mô phỏng)",
        presenting_unit=leads[0],
    )
    services.invitations_send(
        actor=ACTOR, meeting=meeting, number=f"DEMO-{number:02d}", today=day - 7 * DAY
    )
    invitations = list(meeting.invitations.order_by("order"))
    for index, invitation in enumerate(invitations):
        if invitation.unit_id is None and not invitation.is_guest:
            continue
        mark = _mark(index, invitation)
        if mark == "delegate":
            services.invitation_answer(
                actor=ACTOR,
                invitation=invitation,
                answer="delegate",
                delegate_name="Phó Giám đốc (người dự thay, mô phỏng)",
            )
        elif mark == "absent_excused":
            services.invitation_answer(
                actor=ACTOR, invitation=invitation, answer="absent", reason="Đi công tác (mô phỏng)"
            )
        else:
            services.invitation_answer(actor=ACTOR, invitation=invitation, answer="attend")
    services.attendance_record(
        actor=ACTOR,
        meeting=meeting,
        marks={i.pk: _mark(index, i) for index, i in enumerate(invitations)},
    )
    services.minutes_save(
        actor=ACTOR,
        meeting=meeting,
        text=(
            "[Dữ liệu mô phỏng] Biên bản phiên họp: các thành viên nghe báo cáo kết quả quý, "
            "thảo luận các nhiệm vụ chậm tiến độ và thống nhất các kết luận."
        ),
    )
    items = [
        services.ConclusionIn(
            text=f"{text} (mô phỏng, phiên họp {number})",
            lead_unit=leads[(number + offset) % len(leads)].pk,
            coordinating_units=[leads[(number + offset + 1) % len(leads)].pk],
            deadline=day + (45 + 30 * offset) * DAY,
        )
        for offset, text in enumerate(CONCLUSIONS)
    ]
    notice = services.conclusions_issue(
        actor=ACTOR,
        meeting=meeting,
        number=f"DEMO-{number:02d}/TB-BCĐ",
        date=min(day + 3 * DAY, today),
        items=items,
    )
    return notice.items.count()


def _schedule(committee) -> tuple[MeetingSchedule, bool]:
    row = MeetingSchedule.objects.filter(committee=committee).first()
    if row is not None:
        return row, False
    row = services_schedule.schedule_save(
        actor=ACTOR,
        committee=committee,
        cadence=MeetingSchedule.Cadence.QUARTERLY,
        month_of_period=3,
        week=3,
        weekday=3,  # Thursday
        time=dt.time(8, 0),
        place=PLACE,
        lead_days=30,
        synthetic=True,
    )
    return row, True


@transaction.atomic
def load_demo_meetings(today: dt.date | None = None) -> DemoResult:
    committee = demo_committee()
    row, scheduled = _schedule(committee)
    if Meeting.objects.filter(committee=committee, synthetic=True).exists():
        return DemoResult(created=False, schedule=scheduled)
    today = today or timezone.localdate()
    leads = _leads(today)
    result = DemoResult(created=True, schedule=scheduled)
    for number, slot in enumerate(schedule_rule.previous(row, today, PAST), start=1):
        meeting = services_schedule.schedule_plan(actor=ACTOR, committee=committee, slot=slot)
        result.tasks += _hold(meeting, number, leads, today)
        result.meetings += 1
    upcoming = services_schedule.schedule_plan(
        actor=ACTOR,
        committee=committee,
        slot=schedule_rule.occurrences(row, today, 1)[0],
    )
    upcoming.online_link = "https://example.invalid/hop-truc-tuyen"
    upcoming.save(update_fields=["online_link"])
    result.meetings += 1
    # Explanation requests about the tasks past the threshold: the first answered, the
    # second left unanswered past its due date (it is proposed for the upcoming meeting).
    for index, proposal in enumerate(proposals.proposed_requests(committee, today)[:2]):
        issued_on = today - 20 * DAY
        request = explanations.explanation_issue(
            actor=ACTOR,
            subject=proposal.task,
            reason=(
                f"[Dữ liệu mô phỏng] Nhiệm vụ quá hạn {proposal.days_overdue} ngày, đã đôn đốc "
                f"{proposal.reminders} lần."
            ),
            issued_on=issued_on,
            due_on=issued_on + 7 * DAY,
            synthetic=True,
        )
        if index == 0:
            explanations.explanation_answer(
                actor=ACTOR,
                request=request,
                reasons="[Dữ liệu mô phỏng] Chờ ý kiến thẩm định của cơ quan cấp trên.",
                done="Đã hoàn thành dự thảo và gửi xin ý kiến.",
                plan="Hoàn thành trong 30 ngày tới.",
                new_deadline=today + 30 * DAY,
                answered_on=issued_on + 5 * DAY,
            )
        result.explanations += 1
    services.agenda_add(
        actor=ACTOR,
        meeting=upcoming,
        title="Đánh giá kết quả năm và nhiệm vụ năm tới (mô phỏng)",
        presenting_unit=leads[0],
    )
    return result
