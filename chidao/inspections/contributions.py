"""What inspections add to the consolidated report (chidao.reports.contributions): the
period's inspections — the units inspected under an issued plan, the conclusions issued, and
the remedies turned into tasks with how they stand at the cut-off (the report's own
statistics, `chidao.reports.statistics.tasks_as_of`). Periodic reports only (a program review
has its own figures).

Two queries whatever the number of inspections: the inspected units with their plans and
conclusions, and the remedies' tasks as of the cut-off."""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Q

from chidao.inspections.models import InspectedUnit, Inspection
from chidao.reports import statistics as st
from chidao.reports.contributions import RESULTS, Contribution, Scope, register_contribution

HEADERS = (
    "TT",
    "Đơn vị được kiểm tra",
    "Ngày kiểm tra",
    "Kết luận kiểm tra",
    "Nội dung khắc phục",
    "Hoàn thành",
    "Đang thực hiện",
    "Quá hạn",
)
WIDTHS = (10, 45, 20, 30, 20, 18, 18, 14)
DONE = (st.DONE_ON_TIME, st.DONE_LATE)
UNDER_WAY = (st.IN_PROGRESS, st.NOT_STARTED)


def register() -> None:
    register_contribution("inspections", build)


def _when(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def figures(scope: Scope) -> dict:
    """{units: the inspected units of the span (each with `concluded`, the conclusion issued
    by the cut-off, and `tasks`, a Counter of its remedies' states at it), inspected,
    conclusions, remedies, done, under_way, overdue}."""
    since, end = scope.data_from or dt.date.min, scope.as_of
    units = list(
        InspectedUnit.objects.filter(inspection__committee=scope.committee)
        .exclude(inspection__status=Inspection.Status.DRAFT)
        .filter(
            Q(scheduled_on__gte=since, scheduled_on__lte=end)
            | Q(conclusion__date__gte=since, conclusion__date__lte=end)
        )
        .select_related("inspection", "conclusion")
        .order_by("scheduled_on", "order", "pk")
    )
    concluded = {}
    for inspected in units:
        conclusion = getattr(inspected, "conclusion", None)
        inspected.concluded = conclusion if conclusion and conclusion.date <= end else None
        if inspected.concluded and inspected.concluded.date >= since:
            concluded[inspected.concluded.pk] = inspected
    states: dict[int, Counter] = defaultdict(Counter)
    tasks = st.tasks_as_of(end, task_filter=Q(remedy__conclusion_id__in=list(concluded)))
    for conclusion_id, state in tasks.values_list("remedy__conclusion_id", "status_as_of"):
        states[conclusion_id][state] += 1
    for inspected in units:
        inspected.tasks = states.get(getattr(inspected.concluded, "pk", None), Counter())
    total = sum((inspected.tasks for inspected in units), Counter())
    return {
        "units": units,
        "inspected": sum(1 for u in units if since <= u.scheduled_on <= end),
        "plans": len({u.inspection_id for u in units}),
        "conclusions": len(concluded),
        "remedies": sum(total.values()),
        "done": sum(total[s] for s in DONE),
        "under_way": sum(total[s] for s in UNDER_WAY),
        "overdue": total[st.OVERDUE],
    }


def build(scope: Scope) -> list[Contribution]:
    if scope.source is not None:
        return []
    found = figures(scope)
    units = found["units"]
    if not units:
        return []
    summary = (
        f"Trong kỳ, Ban Chỉ đạo kiểm tra {found['inspected']} đơn vị theo {found['plans']} kế "
        f"hoạch kiểm tra; ban hành {found['conclusions']} kết luận kiểm tra, giao "
        f"{found['remedies']} nội dung khắc phục thành nhiệm vụ của đơn vị; tại ngày "
        f"{_when(scope.as_of)}: hoàn thành {found['done']}, đang thực hiện "
        f"{found['under_way']}, quá hạn {found['overdue']}."
    )
    rows = []
    for number, inspected in enumerate(units, start=1):
        conclusion, tasks = inspected.concluded, inspected.tasks
        rows.append(
            (
                number,
                inspected.unit_name,
                _when(inspected.scheduled_on),
                f"{conclusion.number} ngày {_when(conclusion.date)}" if conclusion else "Chưa có",
                sum(tasks.values()),
                sum(tasks[s] for s in DONE),
                sum(tasks[s] for s in UNDER_WAY),
                tasks[st.OVERDUE],
            )
        )
    return [
        Contribution(
            key="inspections.period",
            place=RESULTS,
            title="Công tác kiểm tra",
            paragraphs=(summary,),
            headers=HEADERS,
            rows=tuple(rows),
            widths_mm=WIDTHS,
        )
    ]
