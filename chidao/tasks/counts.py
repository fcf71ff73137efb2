"""Counts per unit for the API: how many tasks each unit leads in each status, and, apart, how
many it coordinates. Three queries whatever the number of units: the lead counts, the
coordination counts, the names.

Statuses are those of the board (`chidao.tasks.status`) computed on `as_of`, counted with
`COUNT(*) FILTER (WHERE …)` over the conditions of `chidao.tasks.filters`, so PostgreSQL can
answer a committee's counts from the covering index (committee, deadline) alone. Cancelled
tasks and tasks assigned after `as_of` are not counted.
"""

import datetime as dt

from django.db.models import Count, QuerySet, Value
from django.utils import timezone

from chidao.core import policy
from chidao.tasks.filters import status_q
from chidao.tasks.models import Task, TaskCoordination
from chidao.tasks.status import Status
from chidao.units.models import Unit

COUNTED = (
    Status.NOT_STARTED,
    Status.IN_PROGRESS,
    Status.DUE_SOON,
    Status.OVERDUE,
    Status.DONE_ON_TIME,
    Status.DONE_LATE,
)
FIELDS = ("total", *(status.value for status in COUNTED))


def _counts(queryset: QuerySet, key: str, as_of: dt.date, prefix: str = "") -> dict[int, dict]:
    aggregates = {
        # COUNT(1) FILTER (WHERE …): no column read beyond the conditions' (Django refuses
        # a filter on COUNT(*)).
        status.value: Count(Value(1), filter=status_q(status, as_of, prefix=prefix))
        for status in COUNTED
    }
    rows = queryset.order_by().values(key).annotate(**aggregates).order_by()
    result = {}
    for row in rows:
        counts = {status.value: row[status.value] for status in COUNTED}
        result[row[key]] = {"total": sum(counts.values()), **counts}
    return result


def _empty() -> dict[str, int]:
    return dict.fromkeys(FIELDS, 0)


def counts_by_unit(user, *, committee=None, as_of: dt.date | None = None) -> list[dict]:
    """[{unit: {id, name}, total, <status>: n, …, coordinating: {total, <status>: n, …}}] for
    every unit that leads or coordinates a task `user` may see (of `committee` when given),
    by unit name."""
    as_of = as_of or timezone.localdate()
    visible = Task.objects.restrict(user, policy.VIEW)
    counted = {"assigned_on__lte": as_of, "cancelled_on__isnull": True}
    if committee is not None:
        counted["committee"] = committee
    led = _counts(visible.filter(**counted), "lead_unit_id", as_of)
    # The coordinations' conditions on the task they join anyway; the semi-join on the
    # visible tasks only when the caller does not see them all (a leader's counts read each
    # task once, as the raw SQL does).
    coordinations = TaskCoordination.objects.filter(
        **{f"task__{key}": value for key, value in counted.items()}
    )
    if visible.query.has_filters():
        coordinations = coordinations.filter(task__in=visible.order_by().values("pk"))
    coordinated = _counts(coordinations, "unit_id", as_of, prefix="task__")
    ids = led.keys() | coordinated.keys()
    units = Unit.objects.filter(pk__in=ids).order_by("name", "id").values_list("id", "name")
    # In UnitCountsOut's order, so the API writes the rows as they are (core.api_render).
    return [
        {
            **led.get(ident, _empty()),
            "unit": {"id": ident, "name": name},
            "coordinating": coordinated.get(ident, _empty()),
        }
        for ident, name in units
    ]
