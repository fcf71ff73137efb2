"""What units contributed to a program over a review's span (chidao.reports.contributions):
per unit, the program's tasks it led and completed in the span, the progress reports it
sent, and its contributions as a coordinating unit. Only reviews (a scope with a program)."""

from collections import defaultdict

from django.db.models import Count, Q

from chidao.reports.contributions import RESULTS, Contribution, Scope, register_contribution
from chidao.tasks.models import ProgressReport, Task

HEADERS = (
    "TT",
    "Đơn vị",
    "Nhiệm vụ chủ trì",
    "Hoàn thành trong kỳ",
    "Lượt báo cáo",
    "Lượt phối hợp",
)
WIDTHS = (10, 65, 22, 24, 22, 22)


def register() -> None:
    register_contribution("units", build)


def unit_rows(scope: Scope) -> list[dict]:
    """[{id, name, led, completed, reports, contributions}] by name (two aggregate queries)."""
    if scope.source is None:
        return []
    start, end = scope.data_from, scope.as_of
    tasks = Task.objects.filter(source=scope.source, assigned_on__lte=end)
    rows: dict = defaultdict(lambda: {"led": 0, "completed": 0, "reports": 0, "contributions": 0})
    names = {}
    completed = Q(completed_on__lte=end)
    if start:
        completed &= Q(completed_on__gte=start)
    for unit_id, name, led, done in tasks.values_list("lead_unit_id", "lead_unit__name").annotate(
        led=Count("pk"), done=Count("pk", filter=completed)
    ):
        rows[unit_id]["led"] += led
        rows[unit_id]["completed"] += done
        names[unit_id] = name
    reports = ProgressReport.objects.filter(task__source=scope.source, reported_on__lte=end)
    if start:
        reports = reports.filter(reported_on__gte=start)
    for unit_id, name, n, contributed in reports.values_list("unit_id", "unit__name").annotate(
        n=Count("pk"), contributed=Count("pk", filter=Q(is_contribution=True))
    ):
        rows[unit_id]["reports"] += n
        rows[unit_id]["contributions"] += contributed
        names[unit_id] = name
    result = [{"id": unit_id, "name": names[unit_id], **counts} for unit_id, counts in rows.items()]
    result.sort(key=lambda r: (r["name"], r["id"]))
    return result


def build(scope: Scope) -> list[Contribution]:
    rows = unit_rows(scope)
    if not rows:
        return []
    return [
        Contribution(
            key="units.contributions",
            place=RESULTS,
            title="Đóng góp của các đơn vị",
            paragraphs=(
                "Số nhiệm vụ của chương trình mỗi đơn vị chủ trì, số hoàn thành trong kỳ, số "
                "lượt báo cáo tiến độ và số lượt đóng góp khi phối hợp.",
            ),
            headers=HEADERS,
            rows=tuple(
                (n, r["name"], r["led"], r["completed"], r["reports"], r["contributions"])
                for n, r in enumerate(rows, start=1)
            ),
            widths_mm=WIDTHS,
        )
    ]
