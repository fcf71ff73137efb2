"""Task filters written so that the database answers them from indexes.

- A unit's tasks (it leads or coordinates them) are the ids of a UNION ALL of two index scans,
  `tasks_task (lead_unit_id, …)` and `tasks_taskcoordination (unit_id, task_id)`, never
  `lead_unit_id = X OR id IN (…)`: PostgreSQL cannot answer that OR from an index and reads
  every task.
- A status is translated into conditions on the task's own columns (dates, percent), the
  same rules as `chidao.tasks.status`, instead of filtering on the computed `status` CASE,
  which no index can serve.
- Deadlines are plain ranges on `deadline`.

The same SQL works on SQLite and PostgreSQL.
"""

import datetime as dt
from collections.abc import Iterable

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from chidao.tasks.status import Status, due_soon_days


def _ids(value) -> list[int]:
    values = value if isinstance(value, list | tuple | set | frozenset) else [value]
    return [getattr(v, "pk", v) for v in values]


def unit_task_ids(units) -> QuerySet:
    """The ids of the tasks one or several units (instances or ids) lead or coordinate: one
    UNION ALL of two index scans, for `pk__in` (a task both led and coordinated by them
    appears twice in the union, once in the result)."""
    from chidao.tasks.models import Task, TaskCoordination

    ids = _ids(units)
    led = Task.objects.filter(lead_unit_id__in=ids).order_by().values("pk")
    coordinated = TaskCoordination.objects.filter(unit_id__in=ids).order_by().values("task_id")
    return led.union(coordinated, all=True)


def _open(prefix: str = "") -> Q:
    return Q(**{f"{prefix}completed_on__isnull": True, f"{prefix}cancelled_on__isnull": True})


OPEN = _open()


def status_q(status: str, today: dt.date | None = None, *, prefix: str = "") -> Q:
    """The tasks whose status on `today` is `status`, as conditions on their columns
    (`prefix` reaches a task through a relation, e.g. "task__").

    Agrees with `chidao.tasks.status.status_of` (tested status by status)."""
    today = today or timezone.localdate()
    soon = today + dt.timedelta(days=due_soon_days())

    def q(**conditions) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in conditions.items()})

    deadline = F(f"{prefix}deadline")
    is_open = _open(prefix)
    done = q(cancelled_on__isnull=True, completed_on__isnull=False)
    later = q(deadline__gt=soon)
    conditions = {
        Status.CANCELLED: q(cancelled_on__isnull=False),
        Status.DONE_ON_TIME: done & q(completed_on__lte=deadline),
        Status.DONE_LATE: done & q(completed_on__gt=deadline),
        Status.OVERDUE: is_open & q(deadline__lt=today),
        Status.DUE_SOON: is_open & q(deadline__gte=today, deadline__lte=soon),
        Status.IN_PROGRESS: is_open
        & later
        & (q(last_progress_on__isnull=False) | q(percent__gt=0)),
        Status.NOT_STARTED: is_open & later & q(last_progress_on__isnull=True, percent=0),
    }
    return conditions[Status(status)]


def statuses_q(statuses: str | Iterable[str], today: dt.date | None = None) -> Q:
    """Tasks in any of `statuses` on `today`."""
    wanted = [statuses] if isinstance(statuses, str) else list(dict.fromkeys(statuses))
    result = Q(pk__in=[])
    for status in wanted:
        result |= status_q(status, today)
    return result


def filter_tasks(
    queryset: QuerySet,
    *,
    today: dt.date | None = None,
    committee=None,
    source=None,
    unit=None,
    domain=None,
    status: str | Iterable[str] | None = None,
    deadline_from: dt.date | None = None,
    deadline_to: dt.date | None = None,
) -> QuerySet:
    """`queryset` narrowed by the board's filters, each one index-friendly (see above)."""
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    if source is not None:
        queryset = queryset.filter(source=source)
    if unit is not None:
        queryset = queryset.filter(pk__in=unit_task_ids(unit))
    if domain is not None:
        queryset = queryset.filter(domain=domain)
    if status:
        queryset = queryset.filter(statuses_q(status, today))
    if deadline_from is not None:
        queryset = queryset.filter(deadline__gte=deadline_from)
    if deadline_to is not None:
        queryset = queryset.filter(deadline__lte=deadline_to)
    return queryset
