"""Closed cut-offs computed once and kept: the leaders' dashboard does not recompute the past.

The totals of a committee on a cut-off date before today depend only on the task history up
to that date (chidao.reports.statistics). They are computed once and kept in `CutoffTotals`
with the highest TaskEvent id at the time (`event_mark`). Every change of a task goes through
the task services, which write a dated TaskEvent (the date it takes effect); so a kept total
is still right unless an event written after the mark takes effect on or before its cut-off
(a back-dated report, reassignment or completion), or edits the task (an edit may move any
date: every kept total of the committee is computed again). Reminders change no figure.

One query answers whether anything changed for all the kept cut-offs of a committee; a
dashboard with nothing changed reads its eight quarters in two queries.

The mark is read before the totals are computed, and the check also looks a little below it
(MARK_MARGIN ids) at the events created shortly before (IN_FLIGHT): a transaction still open
when the mark was read may commit an event with a lower id afterwards.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, DateField, F, Max, Min, Q, Value, When
from django.utils import timezone

from chidao.reports import statistics as st
from chidao.reports.models import CutoffTotals
from chidao.tasks.models import TaskEvent

MARK_MARGIN = 1000
IN_FLIGHT = dt.timedelta(minutes=10)
NO_FIGURE = (TaskEvent.Kind.REMINDER,)


def _current_mark() -> int:
    return TaskEvent.objects.aggregate(mark=Max("pk"))["mark"] or 0


def _changes_since(committee, mark: int, computed_at: dt.datetime) -> dict:
    """{since: the earliest date an event after `mark` takes effect (date.min for an edit),
    last: the highest event id} for the committee's tasks; None values when nothing changed."""
    after = Q(pk__gt=mark) | Q(pk__gt=mark - MARK_MARGIN, created_at__gte=computed_at - IN_FLIGHT)
    return (
        TaskEvent.objects.filter(after, task__committee=committee)
        .exclude(kind__in=NO_FIGURE)
        .aggregate(
            since=Min(
                Case(
                    When(kind=TaskEvent.Kind.EDITED, then=Value(dt.date.min)),
                    default=F("effective_on"),
                    output_field=DateField(),
                )
            ),
            last=Max("pk"),
        )
    )


def totals_at(
    committee,
    dates: Iterable[dt.date],
    *,
    today: dt.date | None = None,
    computed: dict | None = None,
) -> dict:
    """{date: totals (chidao.reports.statistics.totals_of)} of `committee` at each date.

    Dates before today come from the kept totals while the history before them is unchanged,
    and are computed and kept otherwise; today and later dates are always computed, except
    those the caller has just computed from the same rows (`computed`: {date: totals}, e.g.
    the dashboard's today, summed from its breakdown by unit and domain)."""
    today = today or timezone.localdate()
    dates = set(dates)
    given = {day: t for day, t in (computed or {}).items() if day >= today and day in dates}
    dates = sorted(dates - set(given))
    closed = [day for day in dates if day < today]
    kept = {
        row.as_of: row for row in CutoffTotals.objects.filter(committee=committee, as_of__in=closed)
    }
    if kept:
        oldest = min(kept.values(), key=lambda row: (row.event_mark, row.computed_at))
        changes = _changes_since(committee, oldest.event_mark, oldest.computed_at)
        if changes["since"] is not None:
            kept = {day: row for day, row in kept.items() if day < changes["since"]}
            if kept and changes["last"] > oldest.event_mark + MARK_MARGIN:
                # still right, and later checks need not look that far back again
                CutoffTotals.objects.filter(pk__in=[row.pk for row in kept.values()]).update(
                    event_mark=changes["last"], computed_at=timezone.now()
                )
    result = {day: row.totals for day, row in kept.items()} | given
    missing = [day for day in dates if day not in result]
    if not missing:
        return result
    mark = _current_mark() if missing[0] < today else None  # read before computing
    for day in missing:
        result[day] = st.totals_of(st.status_rows(as_of=day, committee=committee))
    to_keep = [
        CutoffTotals(committee=committee, as_of=day, totals=result[day], event_mark=mark)
        for day in missing
        if day < today
    ]
    if to_keep:
        CutoffTotals.objects.bulk_create(
            to_keep,
            update_conflicts=True,
            unique_fields=["committee", "as_of"],
            update_fields=["totals", "event_mark", "computed_at"],
        )
    return result
