"""Reads of meetings, through the user's view of them (a hidden meeting is a 404)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from chidao.core import policy
from chidao.meetings import conclusions
from chidao.meetings.models import Invitation, Meeting
from chidao.tasks.models import Task
from chidao.tasks.status import DONE_STATUSES, OPEN_STATUSES, Status, with_status


def meetings_for(user, committee=None) -> QuerySet:
    queryset = policy.restrict(Meeting, user, policy.VIEW).select_related("committee")
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    return queryset


def get_visible_meeting(user, pk) -> Meeting:
    return policy.get_visible_or_404(Meeting.objects.select_related("committee"), user, pk)


def split_upcoming(meetings) -> tuple[list, list]:
    now = timezone.now()
    upcoming = sorted((m for m in meetings if m.starts_at >= now), key=lambda m: m.starts_at)
    past = [m for m in meetings if m.starts_at < now]
    return upcoming, past


def invitations_of(meeting: Meeting) -> list[Invitation]:
    return list(meeting.invitations.select_related("unit").order_by("order", "id"))


def my_invitations(user) -> QuerySet:
    """Invitations to the units the user acts for, or belongs to (a member's own unit)."""
    units = set(policy.acting_unit_ids(user))
    if policy.is_signed_in(user) and user.unit_id:
        units.add(user.unit_id)
    if not units:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(unit_id__in=units)
        .exclude(meeting__status=Meeting.Status.CANCELLED)
        .select_related("meeting", "meeting__committee", "unit")
        .order_by("-meeting__starts_at", "order")
    )


@dataclass
class Quorum:
    seats: int
    represented: int
    present: int
    delegates: int
    absent: int

    @property
    def percent(self) -> int:
        return round(100 * self.represented / self.seats) if self.seats else 0


def quorum_of(meeting: Meeting) -> Quorum:
    """How many committee seats (guests apart) were represented, in one query."""
    counts = meeting.invitations.filter(is_guest=False, body="committee").aggregate(
        seats=Count("id"),
        present=Count("id", filter=Q(attendance=Invitation.Attendance.PRESENT)),
        delegates=Count("id", filter=Q(attendance=Invitation.Attendance.DELEGATE)),
        absent=Count(
            "id",
            filter=Q(
                attendance__in=[Invitation.Attendance.ABSENT, Invitation.Attendance.ABSENT_EXCUSED]
            ),
        ),
    )
    return Quorum(
        seats=counts["seats"],
        represented=counts["present"] + counts["delegates"],
        present=counts["present"],
        delegates=counts["delegates"],
        absent=counts["absent"],
    )


def conclusion_tasks(meeting: Meeting, today: dt.date | None = None) -> list[Task]:
    """The tasks the meeting's conclusions gave, with their status and its label, in item
    order (one query)."""
    notice = getattr(meeting, "conclusions", None)
    if notice is None:
        return []
    queryset = Task.objects.filter(source=notice.source).select_related("lead_unit")
    found = conclusions.in_clause_order(with_status(queryset, today))
    for task in found:
        task.status_label = Status(task.status).label
    return found


def conclusion_summary(tasks: list[Task]) -> dict:
    """How the conclusions' tasks stand: done (on time or late), open, of which overdue."""
    done = sum(1 for t in tasks if t.status in DONE_STATUSES)
    return {
        "total": len(tasks),
        "done": done,
        "overdue": sum(1 for t in tasks if t.status == Status.OVERDUE),
        "open": sum(1 for t in tasks if t.status in OPEN_STATUSES),
        "cancelled": sum(1 for t in tasks if t.status == Status.CANCELLED),
    }


def attendance_by_unit(committee, date_from: dt.date, date_to: dt.date) -> dict[int, tuple]:
    """{unit_id: (seats, represented)}: the committee seats (guests apart) each unit held in
    the committee's meetings held between the two dates whose attendance was recorded, and
    how many of them were represented (present or by a delegate). One query."""
    rows = (
        Invitation.objects.filter(
            meeting__committee=committee,
            meeting__status__in=[Meeting.Status.HELD, Meeting.Status.CONCLUDED],
            meeting__starts_at__date__gte=date_from,
            meeting__starts_at__date__lte=date_to,
            is_guest=False,
            body="committee",
            unit__isnull=False,
        )
        .exclude(attendance=Invitation.Attendance.UNKNOWN)
        .values("unit_id")
        .annotate(
            seats=Count("id"),
            represented=Count(
                "id",
                filter=Q(
                    attendance__in=[Invitation.Attendance.PRESENT, Invitation.Attendance.DELEGATE]
                ),
            ),
        )
    )
    return {r["unit_id"]: (r["seats"], r["represented"]) for r in rows}
