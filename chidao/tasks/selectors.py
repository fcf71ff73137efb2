"""Reading tasks: the one query behind the task board, "my unit's tasks", the dashboard,
the API and the exports. Everything starts from `Task.objects.restrict(user, "view")`, so a
list never holds a task its reader may not see, and carries the `status` annotation of
`chidao.tasks.status`, so every page filters and counts by the same rules.
"""

import datetime as dt
import json
from collections.abc import Iterable

from django.db import router
from django.db.models import (
    Aggregate,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from chidao.core import policy
from chidao.core.kept import KeptQuery
from chidao.core.text import fold
from chidao.tasks.filters import filter_tasks, status_q
from chidao.tasks.models import (
    Domain,
    ExtensionRequest,
    Task,
    TaskCoordination,
    TaskEvent,
    TaskSource,
    TaskView,
)
from chidao.tasks.status import Status, due_soon_days, status_date, with_status
from chidao.units.models import Unit


def tasks_for(user, **filters) -> QuerySet:
    """The tasks `user` may see, annotated with `status` as of `today`, filtered.

    Filters (all optional): today, committee, source, unit, domain, status, deadline_from,
    deadline_to, search. committee, source, unit and domain take an instance or an id;
    `unit` matches a task the unit leads or coordinates; `status` takes one status or
    several; the deadline range is inclusive; `search` is contained in the title, ignoring
    case and diacritics.
    """
    return (
        viewable_tasks(TaskView.of(user), **filters)
        .select_related("lead_unit", "domain", "committee", "source__document")
        .prefetch_related(
            Prefetch(
                "coordinations",
                queryset=TaskCoordination.objects.select_related("unit").order_by(
                    "unit_name", "id"
                ),
            )
        )
    )


def viewable_tasks(
    view: TaskView, *, today: dt.date | None = None, unit=None, search: str | None = None, **filters
) -> QuerySet:
    """`tasks_for` of whoever `view` is (TaskView.of them), without the related rows;
    `filters` are filter_tasks's."""
    if unit is None:
        visible = Task.objects.viewable(view)
    else:
        visible = Task.objects.viewable_of_unit(view, unit)
    queryset = filter_tasks(with_status(visible, today), today=today, **filters)
    if search and search.strip():
        queryset = queryset.filter(title_key__contains=fold(search))
    return queryset


# The list API's columns, in the order `task_row_payload` reads them: one query with the
# names joined, read as tuples (no model instances for a page).
LIST_COLUMNS = (
    "id",
    "title",
    "lead_unit_id",
    "lead_unit__name",
    "deadline",
    "status",
    "lead_unit_name",
    "original_deadline",
    "percent",
    "domain__code",
    "domain__name",
    "committee_id",
    "committee__name",
    "source_id",
    "source_number",
    "source_title",
    "source_clause",
    "completed_on",
    "cancelled_on",
    "priority",
    "period_label",
)


class _JsonRows(Aggregate):
    """The group's rows as a JSON array (text) of arrays of the expressions, in no order:
    json_agg on PostgreSQL, json_group_array on SQLite (3.40 has no ORDER BY inside an
    aggregate, so the reader sorts)."""

    function = "JSON_AGG"
    template = "%(function)s(JSON_BUILD_ARRAY(%(expressions)s))::text"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="JSON_GROUP_ARRAY",
            template="%(function)s(JSON_ARRAY(%(expressions)s))",
            **extra_context,
        )


def _coordinations_json():
    """A task's coordinations as one JSON text column of [unit_name, id, unit id, unit's
    name] (NULL when none): read with the page, in its query (see page_coordinations)."""
    return Subquery(
        TaskCoordination.objects.filter(task_id=OuterRef("pk"))
        .order_by()
        .values("task_id")
        .annotate(rows=_JsonRows("unit_name", "id", "unit_id", "unit__name"))
        .values("rows")[:1]
    )


def page_coordinations(raw: str | None) -> list[dict]:
    """The last column of a task_rows row as [{id, name}], by name when assigned then id:
    the order of coordinations_of."""
    if raw is None:
        return []
    rows = sorted(json.loads(raw), key=lambda r: (r[0], r[1]))
    return [{"id": unit_id, "name": name} for _, _, unit_id, name in rows]


def task_rows(queryset: QuerySet) -> QuerySet:
    """A page of `tasks_for` as the list API serves it, as tuples of LIST_COLUMNS and then
    the task's coordinations (for page_coordinations): only the columns the list shows, no
    model instances, no prefetch, one query for the page and its coordinations."""
    # The source's number and title by a subquery each, not by two more outer joins: with
    # them PostgreSQL spent ~2 ms planning and ~8 ms executing a page that takes ~1 ms
    # (EXPLAIN ANALYZE at 100k, see bench/README.md). The coordinations by a subquery too:
    # a second round trip cost as much as the page's query (bench/README.md).
    document = TaskSource.objects.filter(pk=OuterRef("source_id"))
    return (
        queryset.prefetch_related(None)
        .select_related(None)
        .annotate(
            source_number=Subquery(document.values("document__number")[:1]),
            source_title=Subquery(document.values("document__title")[:1]),
            coordinations_json=_coordinations_json(),
        )
        .values_list(*LIST_COLUMNS, "coordinations_json")
    )


def list_tasks_of(view: TaskView, *, today: dt.date, domain_code: str | None = None, **filters):
    """The list API's tasks before paging: `viewable_tasks` of `view` on `today`, and the
    domain by its code (the API's `domain`)."""
    queryset = viewable_tasks(view, today=today, **filters)
    if domain_code is not None:
        queryset = queryset.filter(domain__code=domain_code)
    return queryset


def _list_page(*, shape, committees=(), units=(), **values) -> QuerySet:
    everything, today, _due_soon_days, status = shape
    view = TaskView(everything, committees, units)
    return task_rows(list_tasks_of(view, today=today, status=status, **values))


# The list API's page, its SQL kept per shape (chidao.core.kept): building and compiling
# the queryset cost more than running it (bench/README.md).
LIST_PAGE = KeptQuery(_list_page, name="tasks.list")


class TaskList:
    """What the list API reads for `user` with the board's filters (the API's domain by
    code): `page(low, high)`, rows of task_rows, and `count()`, the number of matching tasks.

    The page runs kept SQL (LIST_PAGE) when the filters allow (a search is built each time:
    its LIKE pattern is not a plain parameter); the count and a search build the queryset."""

    def __init__(self, user, *, today: dt.date | None = None, unit=None, search=None, **filters):
        today = today or timezone.localdate()
        view = TaskView.of(user)
        if unit is not None:
            view = view.of_unit(unit)  # the view's part that the unit's list still needs
        self.view, self.today, self.unit, self.search = view, today, unit, search
        self.filters = {name: value for name, value in filters.items() if value is not None}

    def queryset(self) -> QuerySet:
        return list_tasks_of(
            self.view, today=self.today, unit=self.unit, search=self.search, **self.filters
        )

    def kept(self) -> tuple[tuple, dict] | None:
        """The page's shape and values for LIST_PAGE, or None when it is built each time."""
        if self.search and self.search.strip():
            return None
        values = {name: v for name, v in self.filters.items() if name != "status"}
        if self.unit is not None:
            values["unit"] = self.unit
        values["committees"], values["units"] = self.view.committees, self.view.units
        shape = (self.view.everything, self.today, due_soon_days(), self.filters.get("status"))
        return shape, values

    def page(self, low: int, high: int) -> list[tuple]:
        kept = self.kept()
        if kept is not None:
            rows = LIST_PAGE.rows(*kept, low=low, high=high, alias=router.db_for_read(Task))
            if rows is not None:
                return rows
        return list(task_rows(self.queryset())[low:high])

    def count(self) -> int:
        return self.queryset().count()


def coordinations_of(task_ids: Iterable[int]) -> dict[int, list[dict]]:
    """{task id: [{id, name}]} of the tasks' coordinating units, by name then id: one query."""
    found: dict[int, list[dict]] = {}
    rows = (
        TaskCoordination.objects.filter(task_id__in=list(task_ids))
        .order_by("unit_name", "id")
        .values_list("task_id", "unit_id", "unit__name")
    )
    for task_id, unit_id, name in rows:
        found.setdefault(task_id, []).append({"id": unit_id, "name": name})
    return found


def _grouped(queryset: QuerySet, *fields: str):
    """Rows of `fields` + status + n: one GROUP BY query over the status annotation."""
    if "status" not in queryset.query.annotations:
        queryset = with_status(queryset)
    return (
        queryset.prefetch_related(None)
        .select_related(None)
        .order_by()
        .values(*fields, "status")
        # COUNT(*), not COUNT(id): PostgreSQL may then count from the covering index alone.
        # visible_tasks and filters use semi-joins: no duplicate rows.
        .annotate(n=Count("*"))
        .order_by()
    )


# Status.values builds a new list at each call: read once (the breakdowns read it per row).
STATUSES = tuple(Status.values)
# Past this many ids, a breakdown's names are read by the ids' range (see _names).
IN_LIST_MAX = 50


def _zeros() -> dict[str, int]:
    return dict.fromkeys(STATUSES, 0)


def status_counts(queryset: QuerySet) -> dict[str, int]:
    """{status: number of tasks} for every status (zero included), in one query."""
    counts = _zeros()
    for row in _grouped(queryset):
        counts[row["status"]] += row["n"]
    return counts


def _counted(queryset: QuerySet, key: str, model, fields: tuple[str, ...]) -> dict[int, dict]:
    """{key: {id, total, counts, *fields}}: one row per `key`, each status counted with
    `COUNT(1) FILTER (WHERE <its column conditions>)` (the expert SQL of bench/), rather than
    grouped by (key, status CASE): as many groups as keys, and nothing computed per row but
    the conditions; `fields` of `model` read per group by a scalar subquery on its primary
    key, in the same query (no join or sort of long names in the scan, no second round
    trip). Grouped by the CASE, names apart, when the status date is not known."""
    today = status_date(queryset)
    rows: dict[int, dict] = {}
    if today is None:
        for row in _grouped(queryset, key):
            entry = rows.setdefault(row[key], {"id": row[key], "total": 0, "counts": _zeros()})
            entry["counts"][row["status"]] += row["n"]
            entry["total"] += row["n"]
        for values in _names(model, rows, fields):
            rows[values["id"]].update(values)
        return rows
    aggregates = {
        f"n_{value}": Count(Value(1), filter=status_q(value, today)) for value in STATUSES
    }
    grouped = (
        queryset.prefetch_related(None)
        .select_related(None)
        .order_by()
        .values(key)
        .annotate(**aggregates)
        .annotate(
            **{
                f"f_{field}": Subquery(
                    model.objects.filter(pk=OuterRef(key)).order_by().values(field)
                )
                for field in fields
            }
        )
        .order_by()
        .values_list(key, *(f"f_{field}" for field in fields), *aggregates)
    )
    width = len(fields)
    for ident, *values in grouped:
        numbers = values[width:]
        counts = dict(zip(STATUSES, numbers, strict=True))
        rows[ident] = {"id": ident, "total": sum(numbers), "counts": counts}
        rows[ident].update(zip(fields, values[:width], strict=True))
    return rows


def _names(model, ids, fields: tuple[str, ...]):
    """{id, *fields} of the rows of `model` whose id is in `ids`, unordered. Many ids (a
    leader's breakdown: most units) are read by their range and picked here: a long
    `IN (…)` list costs more to send and plan than the few rows between them."""
    names = model.objects.order_by().values("id", *fields)
    if len(ids) <= IN_LIST_MAX:
        return names.filter(pk__in=ids)
    wanted = set(ids)
    return [
        row for row in names.filter(pk__gte=min(wanted), pk__lte=max(wanted)) if row["id"] in wanted
    ]


def _breakdown(queryset: QuerySet, key: str, model, fields: tuple[str, ...]) -> list[dict]:
    """Counts and names per `key` (see _counted): grouping by an id, the big query neither
    joins nor sorts long names (see bench/)."""
    rows = _counted(queryset, key, model, fields)
    return sorted(
        rows.values(),
        key=lambda e: (-e["counts"][Status.OVERDUE], -e["total"], e["name"], e["id"]),
    )


def status_totals(rows: list[dict]) -> dict[str, int]:
    """{status: n} summed over breakdown rows: the dashboard's totals without a second scan
    (every task has exactly one lead unit and one domain)."""
    totals = _zeros()
    for row in rows:
        for status, n in row["counts"].items():
            totals[status] += n
    return totals


def counts_by_unit(queryset: QuerySet) -> list[dict]:
    """Per lead unit: {id, name, total, counts: {status: n}}, most overdue first
    (one query: the counts, the names by subquery)."""
    return _breakdown(queryset, "lead_unit_id", Unit, ("name",))


def counts_by_domain(queryset: QuerySet) -> list[dict]:
    """Per domain: {id, name, area, total, counts: {status: n}}, most overdue first
    (one query: the counts, the names by subquery)."""
    return _breakdown(queryset, "domain_id", Domain, ("name", "area"))


def task_timeline(task: Task) -> QuerySet:
    """The task's events, oldest first (by the date they took effect, then as recorded)."""
    return (
        TaskEvent.objects.filter(task=task)
        .select_related("actor")
        .order_by("effective_on", "created_at", "id")
    )


def get_visible_task(user, pk, *, today: dt.date | None = None) -> Task:
    """The task if `user` may see it (with `status`), else Http404: a task the user may not
    see is answered as if it did not exist, never with 403."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No task matches the given query.") from None
    task = tasks_for(user, today=today).filter(pk=pk).first()
    if task is None:
        raise Http404("No task matches the given query.")
    return task


def pending_extensions(user) -> QuerySet:
    """Extension requests waiting for a decision, on the tasks `user` manages (the standing
    agency's queue), the oldest first."""
    return (
        ExtensionRequest.objects.filter(
            state=ExtensionRequest.State.PENDING,
            task__in=Task.objects.restrict(user, policy.CHANGE),
        )
        .select_related("task__committee", "task__lead_unit", "requested_by")
        .order_by("requested_on", "id")
    )


# The board's sort keys (?sort=, a leading "-" for descending) and what they order by;
# "status" goes from the most urgent (overdue) to the finished ones.
STATUS_ORDER = [
    Status.OVERDUE,
    Status.DUE_SOON,
    Status.IN_PROGRESS,
    Status.NOT_STARTED,
    Status.DONE_LATE,
    Status.DONE_ON_TIME,
    Status.CANCELLED,
]
SORT_FIELDS = {
    "title": "title_key",
    "unit": "lead_unit__name",
    "deadline": "deadline",
    "status": "status_rank",
    "percent": "percent",
}


def sorted_tasks(queryset: QuerySet, sort: str) -> QuerySet:
    """`queryset` (from `tasks_for`) in the order asked; an unknown key leaves it as it is."""
    key, descending = (sort or "").lstrip("-"), (sort or "").startswith("-")
    if key not in SORT_FIELDS:
        return queryset
    if key == "status":
        queryset = queryset.annotate(
            status_rank=Case(
                *[When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)],
                output_field=IntegerField(),
            )
        )
    field = SORT_FIELDS[key]
    return queryset.order_by(f"-{field}" if descending else field, "-id" if descending else "id")
