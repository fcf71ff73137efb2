"""Task statistics AS OF a cut-off date, rebuilt from the task history, never from today's row.

The consolidated report of a quarter must say what was true on the quarter's cut-off date
(ngày chốt số liệu), and must keep saying it after tasks move on: a task completed, cancelled,
extended or reassigned after the cut-off does not change that quarter's figures. So every fact
is read from its dated record:

- counted: assigned on or before the cut-off, and not cancelled by then
  (cancelled_on is empty or after the cut-off);
- its deadline then: the granted deadline of the latest extension approved on or before the
  cut-off, else the original deadline;
- done on time / done late: completed on or before the cut-off, on or before / after that
  deadline;
- overdue: not done by the cut-off and that deadline is before the cut-off;
- in progress: the lead unit had reported progress on or before the cut-off; else not started
  (a task due soon counts as in progress or not started: the report has no "due soon");
- its lead unit then: the new unit of the last reassignment in force on the cut-off; failing
  that the old unit of the first reassignment after it; failing that the current lead unit.

Everything is one aggregate query (correlated subqueries, a CASE, GROUP BY), the same on
SQLite and PostgreSQL: no Python loop over tasks, only over the aggregated rows.

    statistics_as_of(as_of=date(2026, 3, 14), committee=committee, group_by="unit")
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce

from chidao.tasks.models import (
    Domain,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskEvent,
    TaskSource,
)
from chidao.units.models import Unit

# The five columns of the reports, in the order of the tables (Decree 09 trackers' order).
DONE_ON_TIME = "done_on_time"
DONE_LATE = "done_late"
OVERDUE = "overdue"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"
COLUMNS = (DONE_ON_TIME, DONE_LATE, OVERDUE, IN_PROGRESS, NOT_STARTED)
COLUMN_LABELS = {
    DONE_ON_TIME: "Hoàn thành đúng hạn",
    DONE_LATE: "Hoàn thành quá hạn",
    OVERDUE: "Quá hạn chưa hoàn thành",
    IN_PROGRESS: "Đang thực hiện",
    NOT_STARTED: "Chưa thực hiện",
}
# Not a sixth column: the done-on-time tasks that met a deadline moved by an approved
# extension (what users ask for and no tracker shows; CONVENTIONS.md).
ON_TIME_AFTER_EXTENSION = "done_on_time_after_extension"

GROUPS = {
    # group name → the annotation grouped on
    "unit": "lead_as_of",
    "domain": "domain_id",
    "source": "source_id",
}


# ---- the expressions ------------------------------------------------------------------------


def deadline_as_of(as_of: dt.date):
    """The task's deadline on `as_of`: the latest extension approved by then, else the
    original deadline.

    Deadlines only move later, and only through an approved extension
    (`services.extension_decide`): a task whose deadline is still the original one never had
    one, so the extensions are looked up only for the others."""
    granted = (
        ExtensionRequest.objects.filter(
            task=OuterRef("pk"),
            state=ExtensionRequest.State.APPROVED,
            decided_on__lte=as_of,
            granted_deadline__isnull=False,
        )
        .order_by("-decided_on", "-id")
        .values("granted_deadline")[:1]
    )
    return Case(
        When(deadline=F("original_deadline"), then=F("original_deadline")),
        default=Coalesce(Subquery(granted, output_field=DateField()), F("original_deadline")),
        output_field=DateField(),
    )


def _reassignment_unit(key: str):
    return Cast(KeyTextTransform(key, "data"), IntegerField())


def lead_unit_as_of(as_of: dt.date):
    """The lead unit on `as_of`, from the REASSIGNED events (data: old_unit_id, new_unit_id)."""
    reassigned = TaskEvent.objects.filter(task=OuterRef("pk"), kind=TaskEvent.Kind.REASSIGNED)
    last_in_force = (
        reassigned.filter(effective_on__lte=as_of)
        .order_by("-effective_on", "-created_at", "-id")
        .annotate(unit=_reassignment_unit("new_unit_id"))
        .values("unit")[:1]
    )
    first_after = (
        reassigned.filter(effective_on__gt=as_of)
        .order_by("effective_on", "created_at", "id")
        .annotate(unit=_reassignment_unit("old_unit_id"))
        .values("unit")[:1]
    )
    traced = Coalesce(
        Subquery(last_in_force, output_field=IntegerField()),
        Subquery(first_after, output_field=IntegerField()),
        F("lead_unit_id"),
        output_field=IntegerField(),
    )
    # Few tasks are ever reassigned: look the history up only for those (one hashed
    # semi-join), not with two index scans per task (measured 2.6x faster at 1M tasks).
    ever_reassigned = TaskEvent.objects.filter(kind=TaskEvent.Kind.REASSIGNED).values("task_id")
    return Case(
        When(pk__in=ever_reassigned, then=traced),
        default=F("lead_unit_id"),
        output_field=IntegerField(),
    )


def status_as_of(as_of: dt.date) -> Case:
    """One of COLUMNS, from the annotations `deadline_as_of` (see `tasks_as_of`)."""
    done = Q(completed_on__isnull=False, completed_on__lte=as_of)
    # last_progress_on is the date of the lead unit's latest report: on or before the cut-off
    # it proves a report by then; after it, look for an earlier one; empty, there is none.
    # (A coordinating unit's contribution does not start the lead unit's task, as in
    # chidao.tasks.status.)
    reported = Q(last_progress_on__lte=as_of) | (
        Q(last_progress_on__gt=as_of)
        & Exists(
            ProgressReport.objects.filter(
                task=OuterRef("pk"), is_contribution=False, reported_on__lte=as_of
            )
        )
    )
    return Case(
        When(done & Q(completed_on__lte=F("deadline_as_of")), then=Value(DONE_ON_TIME)),
        When(done, then=Value(DONE_LATE)),
        When(deadline_as_of__lt=as_of, then=Value(OVERDUE)),
        When(reported, then=Value(IN_PROGRESS)),
        default=Value(NOT_STARTED),
        output_field=CharField(),
    )


def counted_on(as_of: dt.date) -> Q:
    """The tasks a report as of `as_of` counts: assigned by then and not cancelled by then."""
    return Q(assigned_on__lte=as_of) & (Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=as_of))


def tasks_as_of(
    as_of: dt.date,
    *,
    committee=None,
    task_filter: Q | None = None,
    lead_unit=None,
    queryset: QuerySet | None = None,
) -> QuerySet:
    """The tasks counted on `as_of`, annotated with deadline_as_of, lead_as_of, status_as_of
    and extended (a deadline moved by an approved extension by then).

    lead_unit (an id or a Unit) keeps the tasks that unit led on `as_of`.
    """
    queryset = (Task.objects.all() if queryset is None else queryset).filter(counted_on(as_of))
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    if task_filter is not None:
        queryset = queryset.filter(task_filter)
    queryset = queryset.annotate(
        deadline_as_of=deadline_as_of(as_of),
        lead_as_of=lead_unit_as_of(as_of),
    ).annotate(
        status_as_of=status_as_of(as_of),
        extended=ExpressionWrapper(
            ~Q(deadline_as_of=F("original_deadline")), output_field=BooleanField()
        ),
    )
    if lead_unit is not None:
        queryset = queryset.filter(lead_as_of=getattr(lead_unit, "pk", lead_unit))
    return queryset


def status_rows(
    *,
    as_of: dt.date,
    committee=None,
    task_filter: Q | None = None,
    keys: Sequence[str] = (),
    lead_unit=None,
) -> list[dict]:
    """The one aggregate query: rows {<key>: id, ..., status, extended, n}, grouped by the
    given keys ("unit", "domain", "source"), the status as of the cut-off and whether the
    deadline had been extended. Everything else is summed from these rows."""
    fields = [GROUPS[key] for key in keys]
    queryset = tasks_as_of(as_of, committee=committee, task_filter=task_filter, lead_unit=lead_unit)
    rows = (
        queryset.order_by()
        .values(*fields, "status_as_of", "extended")
        .annotate(n=Count("pk"))
        .order_by()
    )
    renamed = {GROUPS[key]: key for key in keys}
    return [
        {
            **{renamed[field]: row[field] for field in fields},
            "status": row["status_as_of"],
            "extended": bool(row["extended"]),
            "n": row["n"],
        }
        for row in rows
    ]


# ---- summing the rows -----------------------------------------------------------------------


def empty_counts() -> dict:
    return {"total": 0, **dict.fromkeys(COLUMNS, 0), ON_TIME_AFTER_EXTENSION: 0}


def add_row(counts: dict, row: dict) -> None:
    counts[row["status"]] += row["n"]
    counts["total"] += row["n"]
    if row["status"] == DONE_ON_TIME and row["extended"]:
        counts[ON_TIME_AFTER_EXTENSION] += row["n"]


def with_rates(counts: dict) -> dict:
    """completion_rate: done (on time or late) over total; overdue_rate: overdue over total;
    on_time_rate: done on time over done. Percentages with one decimal, None when undefined."""
    total = counts["total"]
    done = counts[DONE_ON_TIME] + counts[DONE_LATE]
    counts["completion_rate"] = percent(done, total)
    counts["overdue_rate"] = percent(counts[OVERDUE], total)
    counts["on_time_rate"] = percent(counts[DONE_ON_TIME], done)
    return counts


def percent(part: int, whole: int) -> float | None:
    """part over whole in percent, one decimal; None when whole is 0."""
    return round(part * 100.0 / whole, 1) if whole else None


def totals_of(rows: Iterable[dict]) -> dict:
    counts = empty_counts()
    for row in rows:
        add_row(counts, row)
    return with_rates(counts)


def breakdown(rows: Iterable[dict], key: str) -> list[dict]:
    """Rows summed per `key`: [{"id": ..., "name": ..., total, columns, rates}], the most
    overdue first, then by name. One query for the names."""
    groups: dict = {}
    for row in rows:
        counts = groups.get(row[key])
        if counts is None:
            counts = groups[row[key]] = empty_counts()
        add_row(counts, row)
    names = _names(key, [k for k in groups if k is not None])
    result = []
    for ident, counts in groups.items():
        name = names.get(ident, "") if ident is not None else _NO_GROUP[key]
        result.append({"id": ident, "name": name, **with_rates(counts)})
    result.sort(key=lambda r: (-r[OVERDUE], -r["total"], r["name"], r["id"] or 0))
    return result


_NO_GROUP = {
    "unit": "(không rõ đơn vị)",
    "domain": "(không rõ lĩnh vực)",
    "source": "Nhiệm vụ không thuộc văn bản giao cụ thể",
}


def _names(key: str, ids: list) -> dict:
    if not ids:
        return {}
    if key == "unit":
        return dict(Unit.objects.filter(pk__in=ids).values_list("id", "name"))
    if key == "domain":
        return dict(Domain.objects.filter(pk__in=ids).values_list("id", "name"))
    sources = TaskSource.objects.filter(pk__in=ids).values_list(
        "id", "document__doc_type", "document__number", "document__title"
    )
    return {ident: _source_label(kind, number, title) for ident, kind, number, title in sources}


def _source_label(kind: str, number: str, title: str) -> str:
    from chidao.documents.models import LegalDocument

    label = LegalDocument.Type(kind).label if kind in LegalDocument.Type.values else ""
    head = f"{label} {number}".strip()
    return f"{head} — {title}" if title else head


# ---- the public functions -------------------------------------------------------------------


def statistics_as_of(
    *,
    as_of: dt.date,
    committee=None,
    task_filter: Q | None = None,
    group_by: str | None = "unit",
    lead_unit=None,
) -> dict:
    """{as_of, totals: {total, done_on_time, done_late, overdue, in_progress, not_started,
    done_on_time_after_extension, completion_rate, overdue_rate, on_time_rate},
    <group>s: [{<group>: {id, name}, total, ...}]} — `units`, `domains` or `sources` by
    group_by; no list when group_by is None. `total` counts the tasks not cancelled by the
    cut-off and is the sum of the five columns. One aggregate query, plus one for names."""
    if group_by is not None and group_by not in GROUPS:
        raise ValueError(f"group_by must be one of {sorted(GROUPS)} or None, not {group_by!r}")
    keys = (group_by,) if group_by else ()
    rows = status_rows(
        as_of=as_of, committee=committee, task_filter=task_filter, keys=keys, lead_unit=lead_unit
    )
    result = {"as_of": as_of, "totals": totals_of(rows)}
    if group_by:
        result[f"{group_by}s"] = [
            {group_by: {"id": entry.pop("id"), "name": entry.pop("name")}, **entry}
            for entry in breakdown(rows, group_by)
        ]
    return result


@dataclass(frozen=True)
class RatePoint:
    as_of: dt.date
    totals: dict

    @property
    def completion_rate(self):
        return self.totals["completion_rate"]

    @property
    def overdue_rate(self):
        return self.totals["overdue_rate"]


def rates_over_time(
    committee,
    dates: Iterable[dt.date],
    *,
    task_filter: Q | None = None,
    computed: dict | None = None,
) -> list[RatePoint]:
    """Totals and rates at each date (oldest first): one aggregate query per date, except the
    closed cut-offs of a committee, computed once and kept (chidao.reports.cutoffs), and the
    committee's totals the caller has already summed (`computed`: {date: totals_of(rows of
    that date)}, today or later; see cutoffs.totals_at)."""
    if committee is not None and task_filter is None:
        from chidao.reports.cutoffs import totals_at  # it builds on this module

        totals = totals_at(committee, dates, computed=computed)
        return [RatePoint(as_of=day, totals=totals[day]) for day in sorted(totals)]
    return [
        RatePoint(
            as_of=day,
            totals=totals_of(status_rows(as_of=day, committee=committee, task_filter=task_filter)),
        )
        for day in sorted(set(dates))
    ]


def quarter_cutoffs(today: dt.date, count: int = 8) -> list[dt.date]:
    """The last `count` quarterly cut-offs (14 Mar, 14 Jun, 14 Sep, 14 Dec; Decree 09/2019)
    on or before `today`, oldest first, with `today` itself appended when it is not one."""
    cutoffs = []
    year = today.year
    while len(cutoffs) < count:
        for month in (12, 9, 6, 3):
            day = dt.date(year, month, 14)
            if day <= today and len(cutoffs) < count:
                cutoffs.append(day)
        year -= 1
    cutoffs.reverse()
    if cutoffs[-1] != today:
        cutoffs.append(today)
    return cutoffs
