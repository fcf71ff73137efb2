"""Reading reports: which periods and submissions a user may see, and where each required unit
stands in a period. Pages and API read through here, so they agree; who sees what is the
access policy's (`ReportPeriod.objects.restrict`, `Submission.objects.restrict`):
- administrators, committee leaders and viewers: every period and every submission;
- standing-agency staff: every period and submission of the committees they serve, and the
  periods their own unit must report in (their unit's submissions only);
- a unit's focal person: the periods their unit must report in, and their unit's
  submissions only.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from chidao.core import policy
from chidao.reports.models import ReportPeriod, Submission
from chidao.units.models import Unit

PeriodUnits = ReportPeriod.units.through


def periods_for(user, committee=None) -> QuerySet:
    """The periods `user` may see, newest first; `committee` is an instance or an id."""
    queryset = ReportPeriod.objects.restrict(user, policy.VIEW)
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    return queryset.select_related("committee", "regime", "form_version__form").order_by(
        "-data_to", "-id"
    )


def consolidated_periods(user) -> QuerySet:
    """The periods whose consolidated report `user` may read (`models.may_consolidate`):
    every period for committee leaders and administrators, the served committees' for the
    standing agency; newest first."""
    queryset = periods_for(user)
    managed = policy.managed_committee_ids(user)
    if policy.is_leader(user) or managed is None:
        return queryset
    return queryset.filter(committee_id__in=managed)


def get_visible_period(user, pk) -> ReportPeriod:
    """The period, or Http404 when it does not exist or the user may not see it."""
    queryset = ReportPeriod.objects.select_related("committee", "regime", "form_version__form")
    return policy.get_visible_or_404(queryset, user, pk)


def sees_all_submissions(user, period: ReportPeriod) -> bool:
    return policy.reads_everything(user) or policy.manages_committee(user, period.committee_id)


def can_view_unit(user, period: ReportPeriod, unit_id: int) -> bool:
    """May `user` (who sees `period`) read the submissions of `unit_id` in it?"""
    return sees_all_submissions(user, period) or unit_id in policy.acting_unit_ids(user)


def visible_submissions(user, period: ReportPeriod) -> QuerySet:
    """The submissions (every version) of `period` that `user` may read."""
    return Submission.objects.filter(period=period).restrict(user, policy.VIEW)


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
    units = policy.acting_unit_ids(user)
    return submission_status(period, today, unit_ids=units) if units else []


def status_counts(rows: list[UnitStatus]) -> dict[str, int]:
    return {
        "total": len(rows),
        "on_time": sum(1 for r in rows if not r.missing and not r.late),
        "late": sum(1 for r in rows if not r.missing and r.late),
        "missing": sum(1 for r in rows if r.missing),
        "overdue": sum(1 for r in rows if r.missing and r.late),
    }
