"""What meetings add to the consolidated report (chidao.reports.contributions): the period's
meetings held with the seats represented (the quorum line), the conclusions notices issued
and how their tasks stand at the cut-off, and the explanation requests issued, answered and
still unanswered. Periodic reports only (a program review has its own figures).

Five queries whatever the number of meetings: the meetings with their notices, the seats
represented per meeting, the notices' tasks, and the explanation requests."""

import datetime as dt

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from chidao.explanations.models import ExplanationRequest
from chidao.meetings.models import Invitation, Meeting
from chidao.reports.contributions import (
    RESULTS,
    SHORTCOMINGS,
    Contribution,
    Scope,
    register_contribution,
)
from chidao.tasks.models import Task

REPRESENTED = (Invitation.Attendance.PRESENT, Invitation.Attendance.DELEGATE)


def register() -> None:
    register_contribution("meetings", build)


def _when(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def meetings_held(scope: Scope) -> list[Meeting]:
    """The committee's meetings held in the span (held, or with conclusions), oldest first,
    each with `seats` and `represented` (committee seats, guests apart)."""
    since = scope.data_from or dt.date.min
    meetings = list(
        Meeting.objects.filter(
            committee=scope.committee,
            status__in=[Meeting.Status.HELD, Meeting.Status.CONCLUDED],
        )
        .select_related("conclusions")
        .order_by("starts_at", "pk")
    )
    meetings = [m for m in meetings if since <= m.date <= scope.as_of]
    counts = {
        row["meeting_id"]: row
        for row in Invitation.objects.filter(
            meeting__in=[m.pk for m in meetings], is_guest=False, body="committee"
        )
        .values("meeting_id")
        .annotate(seats=Count("id"), represented=Count("id", filter=Q(attendance__in=REPRESENTED)))
    }
    for meeting in meetings:
        row = counts.get(meeting.pk, {"seats": 0, "represented": 0})
        meeting.seats, meeting.represented = row["seats"], row["represented"]
    return meetings


def _task_state(task: Task, as_of: dt.date) -> str:
    if task.cancelled_on and task.cancelled_on <= as_of:
        return "cancelled"
    if task.completed_on and task.completed_on <= as_of:
        return "done"
    return "overdue" if task.deadline < as_of else "open"


def figures(scope: Scope) -> dict:
    meetings = meetings_held(scope)
    notices = {
        m.conclusions.source_id: m.conclusions
        for m in meetings
        if getattr(m, "conclusions", None) is not None and m.conclusions.date <= scope.as_of
    }
    tasks = list(
        Task.objects.filter(source_id__in=list(notices)).only(
            "pk", "source_id", "deadline", "completed_on", "cancelled_on"
        )
    )
    states = [_task_state(t, scope.as_of) for t in tasks]
    since = scope.data_from or dt.date.min
    requests = list(
        ExplanationRequest.objects.filter(committee=scope.committee, issued_on__lte=scope.as_of)
        .exclude(state=ExplanationRequest.State.WITHDRAWN)
        .filter(Q(issued_on__gte=since) | Q(answered_on__isnull=True) | Q(answered_on__gte=since))
        .select_related("unit")
        .order_by("issued_on", "pk")
    )
    answered_by_cut_off = [r for r in requests if r.answered_on and r.answered_on <= scope.as_of]
    return {
        "meetings": meetings,
        "notices": len(notices),
        "tasks": len(tasks),
        "done": states.count("done"),
        "open": states.count("open") + states.count("overdue"),
        "overdue": states.count("overdue"),
        "issued": [r for r in requests if r.issued_on >= since],
        "answered": [r for r in answered_by_cut_off if r.answered_on >= since],
        "unanswered": [r for r in requests if r not in answered_by_cut_off],
    }


def build(scope: Scope) -> list[Contribution]:
    if scope.source is not None:
        return []
    found = figures(scope)
    meetings = found["meetings"]
    parts = []
    if meetings:
        seats = sum(m.seats for m in meetings)
        represented = sum(m.represented for m in meetings)
        summary = _(
            "Trong kỳ, Ban Chỉ đạo họp %(count)s phiên (%(regular)s định kỳ, %(ad_hoc)s đột "
            "xuất); có mặt hoặc cử người dự thay %(represented)s/%(seats)s lượt ghế "
            "(%(percent)s%%). Ban hành %(notices)s thông báo kết luận, giao %(tasks)s nhiệm vụ; "
            "tại ngày %(date)s: hoàn thành %(done)s, đang thực hiện %(open)s (quá hạn "
            "%(overdue)s)."
        ) % {
            "count": len(meetings),
            "regular": sum(1 for m in meetings if m.kind == Meeting.Kind.REGULAR),
            "ad_hoc": sum(1 for m in meetings if m.kind == Meeting.Kind.AD_HOC),
            "represented": represented,
            "seats": seats,
            "percent": round(100 * represented / seats) if seats else 0,
            "notices": found["notices"],
            "tasks": found["tasks"],
            "date": _when(scope.as_of),
            "done": found["done"],
            "open": found["open"],
            "overdue": found["overdue"],
        }
        rows = []
        for number, meeting in enumerate(meetings, start=1):
            notice = getattr(meeting, "conclusions", None)
            issued = ""
            if notice is not None:
                issued = _("%(number)s ngày %(date)s") % {
                    "number": notice.number,
                    "date": _when(notice.date),
                }
            rows.append(
                (
                    number,
                    meeting.title,
                    _when(meeting.date),
                    meeting.chair_person or meeting.chair_position,
                    f"{meeting.represented}/{meeting.seats}",
                    issued,
                )
            )
        parts.append(
            Contribution(
                key="meetings.held",
                place=RESULTS,
                title=_("Các phiên họp của Ban Chỉ đạo"),
                paragraphs=(summary,),
                headers=(
                    _("TT"),
                    _("Phiên họp"),
                    _("Ngày họp"),
                    _("Chủ trì"),
                    _("Ghế có mặt"),
                    _("Thông báo kết luận"),
                ),
                rows=tuple(rows),
                widths_mm=(10, 55, 22, 30, 18, 30),
            )
        )
    if found["issued"] or found["unanswered"]:
        summary = _(
            "Trong kỳ, cơ quan thường trực ban hành %(issued)s yêu cầu giải trình; %(answered)s "
            "yêu cầu đã được giải trình; %(unanswered)s yêu cầu chưa được giải trình tại ngày "
            "%(date)s."
        ) % {
            "issued": len(found["issued"]),
            "answered": len(found["answered"]),
            "unanswered": len(found["unanswered"]),
            "date": _when(scope.as_of),
        }
        parts.append(
            Contribution(
                key="meetings.explanations",
                place=SHORTCOMINGS,
                title=_("Yêu cầu giải trình về nhiệm vụ chậm tiến độ"),
                paragraphs=(summary,),
                headers=(
                    (_("TT"), _("Nội dung"), _("Đơn vị"), _("Ngày yêu cầu"), _("Hạn giải trình"))
                    if found["unanswered"]
                    else ()
                ),
                rows=tuple(
                    (n, r.subject_title, r.unit.name, _when(r.issued_on), _when(r.due_on))
                    for n, r in enumerate(found["unanswered"], start=1)
                ),
                widths_mm=(10, 70, 35, 25, 25),
            )
        )
    return parts
