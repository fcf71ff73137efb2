"""Reading reports: which periods and submissions a user may see, and where each required unit
stands in a period. Pages and API read through here, so they agree.

Who sees what:
- administrators, committee leaders and viewers: every period and every submission;
- standing-agency staff: every period and submission of the committees they serve, and the
  periods their own unit must report in (their unit's submissions only);
- a unit's focal person (or anyone with a unit): the periods their unit must report in, and
  their unit's submissions only.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from chidao.accounts.models import Role
from chidao.core import policy
from chidao.reports.models import ReportPeriod, Submission
from chidao.units.models import Unit

PeriodUnits = ReportPeriod.units.through


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def reads_all(user) -> bool:
    """Administrators, leaders and viewers read every period and submission."""
    return _active(user) and (
        user.is_superuser or user.role in (Role.ADMIN, Role.LEADER, Role.VIEWER)
    )


def manages(user, committee_id: int) -> bool:
    """Standing-agency staff of the committee (or an administrator)."""
    return policy.manages_committee(user, committee_id)


def _periods_of_unit(unit_id: int):
    return PeriodUnits.objects.filter(unit_id=unit_id).values("reportperiod_id")


def periods_for(user, committee=None) -> QuerySet:
    """The periods `user` may see, newest first; `committee` is an instance or an id."""
    queryset = ReportPeriod.objects.all()
    if not _active(user):
        return queryset.none()
    if not reads_all(user):
        served = policy.served_committee_ids(user) if user.role == Role.STANDING else set()
        own = _periods_of_unit(user.unit_id) if user.unit_id else None
        if served and own is not None:
            queryset = queryset.filter(committee_id__in=served) | queryset.filter(pk__in=own)
        elif served:
            queryset = queryset.filter(committee_id__in=served)
        elif own is not None:
            queryset = queryset.filter(pk__in=own)
        else:
            return queryset.none()
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    return queryset.select_related("committee", "regime", "form_version__form").order_by(
        "-data_to", "-id"
    )


def can_view_period(user, period: ReportPeriod) -> bool:
    if not _active(user):
        return False
    if reads_all(user) or manages(user, period.committee_id):
        return True
    return bool(user.unit_id) and period.units.filter(pk=user.unit_id).exists()


def get_visible_period(user, pk) -> ReportPeriod:
    """The period, or Http404 when it does not exist or the user may not see it."""
    period = (
        ReportPeriod.objects.select_related("committee", "regime", "form_version__form")
        .filter(pk=pk)
        .first()
    )
    if period is None or not can_view_period(user, period):
        raise Http404("No report period matches the given query.")
    return period


def sees_all_submissions(user, period: ReportPeriod) -> bool:
    return reads_all(user) or manages(user, period.committee_id)


def can_view_unit(user, period: ReportPeriod, unit_id: int) -> bool:
    """May `user` read the submissions of `unit_id` in `period`?"""
    if not _active(user):
        return False
    return sees_all_submissions(user, period) or (
        bool(user.unit_id) and user.unit_id == unit_id and can_view_period(user, period)
    )


def visible_submissions(user, period: ReportPeriod) -> QuerySet:
    """The submissions (every version) of `period` that `user` may read."""
    queryset = Submission.objects.filter(period=period)
    if not _active(user):
        return queryset.none()
    if sees_all_submissions(user, period):
        return queryset
    if user.unit_id:
        return queryset.filter(unit_id=user.unit_id)
    return queryset.none()


# ---- status of a period


@dataclass
class UnitStatus:
    """Where one required unit stands in a period.

    current: the version that counts (the latest submitted one not superseded), else the
    latest open one (draft or awaiting approval), else None; state: its state, or "missing"
    when the unit has written nothing; submitted_at: when the unit's report first counted
    (a later correction does not move it); late: counted after the deadline, or nothing
    counts yet and the deadline has passed; missing: nothing counts yet.
    """

    unit: Unit
    current: Submission | None
    state: str
    submitted_at: dt.datetime | None
    late: bool
    missing: bool
    pending: Submission | None = None  # a correction (or draft) on top of the current one
    versions: list[Submission] = field(default_factory=list)

    @property
    def submitted(self) -> bool:
        return not self.missing


MISSING = "missing"


def _status(unit, rows, deadline, today) -> UnitStatus:
    live = [s for s in rows if s.state != Submission.State.SUPERSEDED]
    counted = [s for s in live if s.state == Submission.State.SUBMITTED]
    open_rows = [s for s in live if s.state != Submission.State.SUBMITTED]
    current = counted[-1] if counted else (open_rows[-1] if open_rows else None)
    stamps = [s.submitted_at for s in rows if s.submitted_at is not None]
    submitted_at = min(stamps) if counted and stamps else None
    missing = submitted_at is None
    if missing:
        late = today > deadline
    else:
        late = timezone.localdate(submitted_at) > deadline
    return UnitStatus(
        unit=unit,
        current=current,
        state=current.state if current else MISSING,
        submitted_at=submitted_at,
        late=late,
        missing=missing,
        pending=open_rows[-1] if counted and open_rows else None,
        versions=rows,
    )


def submission_status(period: ReportPeriod, today: dt.date | None = None, unit_ids=None):
    """One UnitStatus per unit that must report in `period`, by unit name (two queries).
    `unit_ids` limits the rows to those units."""
    today = today or timezone.localdate()
    units = period.units.order_by("name", "id")
    if unit_ids is not None:
        units = units.filter(pk__in=list(unit_ids))
    units = list(units)
    by_unit: dict[int, list[Submission]] = {}
    for submission in (
        Submission.objects.filter(period=period, unit__in=[u.pk for u in units])
        .select_related("author", "approved_by")
        .order_by("unit_id", "version")
    ):
        by_unit.setdefault(submission.unit_id, []).append(submission)
    return [_status(unit, by_unit.get(unit.pk, []), period.deadline, today) for unit in units]


def visible_status(user, period: ReportPeriod, today: dt.date | None = None):
    """The status rows `user` may see: all of them, or their own unit's."""
    if sees_all_submissions(user, period):
        return submission_status(period, today)
    if _active(user) and user.unit_id:
        return submission_status(period, today, unit_ids=[user.unit_id])
    return []


def status_counts(rows: list[UnitStatus]) -> dict[str, int]:
    return {
        "total": len(rows),
        "on_time": sum(1 for r in rows if not r.missing and not r.late),
        "late": sum(1 for r in rows if not r.missing and r.late),
        "missing": sum(1 for r in rows if r.missing),
        "overdue": sum(1 for r in rows if r.missing and r.late),
    }
