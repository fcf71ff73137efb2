"""Computed criteria: the registry of formulas a leaf may name, with the text shown to users,
and the facts they read — a unit's tasks and reports as of the cycle's cut-off.

As-of rules (the same as the consolidated statistics): a task of the cycle's committee counts
for the unit that led it at the cut-off when it was assigned by the cut-off, was not cancelled
by then, and its deadline as it stood at the cut-off (before any extension granted later) falls
between 1 January of the year and the cut-off. It was done on time when it was completed by
the cut-off and by that deadline, done late when completed by the cut-off after it, and
overdue when still open at the cut-off with that deadline before the cut-off.

(These are the rules of `chidao.reports.statistics`, applied here in memory.)

A report is required from a unit for each period of the committee that lists the unit and
whose deadline falls between 1 January and the cut-off; it was on time when a submitted
version (state submitted or superseded) was sent by the deadline (Vietnam time), late when
sent after the deadline but by the cut-off, and missing otherwise.

Everything is read set-based: a handful of queries for all units of a cycle at once.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils import timezone

from chidao.core.dates import vn_date
from chidao.reports.models import ReportPeriod, Submission
from chidao.tasks.models import ExtensionRequest, Task, TaskEvent

CENT = Decimal("0.01")
SUBMITTED_STATES = (Submission.State.SUBMITTED, Submission.State.SUPERSEDED)


def points(value) -> Decimal:
    """A score rounded to hundredths, halves up (12.345 → 12.35)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def share_of(numerator: int, denominator: int, max_points: Decimal) -> Decimal:
    """numerator / denominator × max_points, rounded; the full points when nothing was due."""
    if denominator == 0:
        return points(max_points)
    return points(Decimal(numerator) * Decimal(max_points) / Decimal(denominator))


# ---- facts as of the cut-off


def _empty_facts() -> dict:
    return {
        "tasks": {"due": [], "on_time": [], "late": [], "overdue": [], "open": []},
        "reports": {"required": [], "on_time": [], "late": [], "missing": [], "periods": {}},
    }


def task_facts(
    *, committee_id: int, year: int, cut_off: dt.date, unit_ids: Iterable[int]
) -> dict[int, dict]:
    """{unit id: {"due", "on_time", "late", "overdue", "open"}: task ids}, as of the cut-off.

    "open" holds the tasks due on the cut-off day itself and still open (not yet overdue).
    Three queries: the tasks, the approved extensions, the reassignments. The rules are those
    of `chidao.reports.statistics` (deadline and lead unit as they stood on the cut-off).
    """
    start = dt.date(year, 1, 1)
    wanted = set(unit_ids)
    result = {unit_id: _empty_facts()["tasks"] for unit_id in wanted}
    # Extensions only ever move a deadline later and the original deadline never changes,
    # so the deadline as of the cut-off lies between them: these bounds lose no task.
    # (Task.deadline is today's deadline, never earlier than the one of the cut-off.)
    rows = (
        Task.objects.filter(
            committee_id=committee_id,
            assigned_on__lte=cut_off,
            original_deadline__lte=cut_off,
            deadline__gte=start,
        )
        .filter(Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=cut_off))
        .order_by("id")
        .values_list("id", "lead_unit_id", "original_deadline", "completed_on")
    )
    # The deadline then: the granted deadline of the latest extension approved by the cut-off.
    deadline_then: dict[int, dt.date] = {}
    for task_id, granted in (
        ExtensionRequest.objects.filter(
            task__committee_id=committee_id,
            state=ExtensionRequest.State.APPROVED,
            decided_on__lte=cut_off,
            granted_deadline__isnull=False,
        )
        .order_by("task_id", "decided_on", "id")
        .values_list("task_id", "granted_deadline")
    ):
        deadline_then[task_id] = granted  # the latest wins
    # The lead unit then: the new unit of the last reassignment in force on the cut-off,
    # failing that the old unit of the first reassignment after it.
    in_force: dict[int, int] = {}
    after: dict[int, int] = {}
    for task_id, effective_on, data in (
        TaskEvent.objects.filter(task__committee_id=committee_id, kind=TaskEvent.Kind.REASSIGNED)
        .order_by("task_id", "effective_on", "created_at", "id")
        .values_list("task_id", "effective_on", "data")
    ):
        data = data or {}
        if effective_on <= cut_off and data.get("new_unit_id"):
            in_force[task_id] = int(data["new_unit_id"])
        elif effective_on > cut_off and task_id not in after and data.get("old_unit_id"):
            after[task_id] = int(data["old_unit_id"])
    lead_then = after | in_force
    for task_id, lead_unit_id, original_deadline, completed_on in rows:
        unit_id = lead_then.get(task_id, lead_unit_id)
        if unit_id not in wanted:
            continue
        deadline = deadline_then.get(task_id, original_deadline)
        if not start <= deadline <= cut_off:
            continue
        facts = result[unit_id]
        facts["due"].append(task_id)
        if completed_on is not None and completed_on <= cut_off:
            facts["on_time" if completed_on <= deadline else "late"].append(task_id)
        elif deadline < cut_off:
            facts["overdue"].append(task_id)
        else:
            facts["open"].append(task_id)
    return result


def report_facts(
    *, committee_id: int, year: int, cut_off: dt.date, unit_ids: Iterable[int]
) -> dict[int, dict]:
    """{unit id: {"required", "on_time", "late", "missing": period ids, "periods": {id: label}}}
    as of the cut-off. Three queries: the periods, who must report, the submissions."""
    start = dt.date(year, 1, 1)
    wanted = set(unit_ids)
    result = {unit_id: _empty_facts()["reports"] for unit_id in wanted}
    periods = {
        row["id"]: row
        for row in ReportPeriod.objects.filter(
            committee_id=committee_id, deadline__gte=start, deadline__lte=cut_off
        )
        .order_by("deadline", "id")
        .values("id", "label", "deadline")
    }
    if not periods or not wanted:
        return result
    through = ReportPeriod.units.through
    required = sorted(
        through.objects.filter(reportperiod_id__in=list(periods), unit_id__in=wanted).values_list(
            "reportperiod_id", "unit_id"
        ),
        key=lambda pair: (periods[pair[0]]["deadline"], pair[0]),
    )
    first_sent: dict[tuple[int, int], dt.date] = {}
    for period_id, unit_id, submitted_at in Submission.objects.filter(
        period_id__in=list(periods),
        unit_id__in=wanted,
        state__in=SUBMITTED_STATES,
        submitted_at__isnull=False,
    ).values_list("period_id", "unit_id", "submitted_at"):
        day = timezone.localdate(submitted_at)
        key = (period_id, unit_id)
        if key not in first_sent or day < first_sent[key]:
            first_sent[key] = day
    for period_id, unit_id in required:
        period = periods[period_id]
        facts = result[unit_id]
        facts["required"].append(period_id)
        facts["periods"][str(period_id)] = period["label"]
        sent = first_sent.get((period_id, unit_id))
        if sent is not None and sent <= period["deadline"]:
            facts["on_time"].append(period_id)
        elif sent is not None and sent <= cut_off:
            facts["late"].append(period_id)
        else:
            facts["missing"].append(period_id)
    return result


def unit_facts(*, committee_id: int, year: int, cut_off: dt.date, unit_ids) -> dict[int, dict]:
    """Tasks and reports of each unit as of the cut-off (six queries for all units), and the
    facts of every part registered with `register_facts` (e.g. inspection results)."""
    unit_ids = list(unit_ids)
    tasks = task_facts(committee_id=committee_id, year=year, cut_off=cut_off, unit_ids=unit_ids)
    reports = report_facts(committee_id=committee_id, year=year, cut_off=cut_off, unit_ids=unit_ids)
    extra = {
        name: loader(committee_id=committee_id, year=year, cut_off=cut_off, unit_ids=unit_ids)
        for name, loader in sorted(_FACTS.items())
    }
    return {
        unit_id: {
            "as_of": cut_off.isoformat(),
            "tasks": tasks[unit_id],
            "reports": reports[unit_id],
            **{name: facts.get(unit_id, {}) for name, facts in extra.items()},
        }
        for unit_id in unit_ids
    }


# ---- the registry


@dataclass(frozen=True)
class Formula:
    key: str
    title: str
    text: str  # shown to users next to the score
    compute: Callable[[dict, Decimal], tuple[Decimal, dict]]
    # The inputs in words, for a formula of a higher part (None: the shares' wording).
    describe: Callable[[dict], str] | None = None


def _share(kind: str, numerator_keys: tuple[str, ...], noun: str):
    def compute(facts: dict, max_points: Decimal) -> tuple[Decimal, dict]:
        part = facts[kind]
        denominator_key = "due" if kind == "tasks" else "required"
        numerator = sum(len(part[key]) for key in numerator_keys)
        denominator = len(part[denominator_key])
        detail = {
            "numerator": numerator,
            "denominator": denominator,
            "ids": sorted({i for key in numerator_keys for i in part[key]}),
            "all_ids": list(part[denominator_key]),
            "noun": noun,
        }
        return share_of(numerator, denominator, max_points), detail

    return compute


def _no_overdue(facts: dict, max_points: Decimal) -> tuple[Decimal, dict]:
    tasks = facts["tasks"]
    overdue = len(tasks["overdue"])
    detail = {
        "numerator": overdue,
        "denominator": len(tasks["due"]),
        "ids": list(tasks["overdue"]),
        "all_ids": list(tasks["due"]),
        "noun": "nhiệm vụ quá hạn",
    }
    return (points(max_points) if overdue == 0 else points(0)), detail


_TASKS_COUNTED = (
    "Nhiệm vụ tính điểm: đơn vị chủ trì tại ngày chốt, giao trước ngày chốt, chưa bị hủy tại "
    "ngày chốt, có hạn (tại ngày chốt, chưa tính gia hạn cấp sau đó) từ 01/01 đến ngày chốt."
)
_REPORTS_COUNTED = (
    "Kỳ báo cáo phải nộp: các kỳ của Ban Chỉ đạo có tên đơn vị, hạn nộp từ 01/01 đến ngày chốt."
)
_NOTHING_DUE = " Không có gì đến hạn: đạt điểm tối đa."

REGISTRY: dict[str, Formula] = {
    formula.key: formula
    for formula in [
        Formula(
            key="tasks_on_time_share",
            title="Tỉ lệ nhiệm vụ hoàn thành đúng hạn",
            text=(
                "Điểm = (số nhiệm vụ hoàn thành đúng hạn tính đến ngày chốt ÷ số nhiệm vụ đến "
                "hạn trong năm) × điểm tối đa. " + _TASKS_COUNTED + _NOTHING_DUE
            ),
            compute=_share("tasks", ("on_time",), "nhiệm vụ hoàn thành đúng hạn"),
        ),
        Formula(
            key="tasks_done_share",
            title="Tỉ lệ nhiệm vụ đã hoàn thành (kể cả quá hạn)",
            text=(
                "Điểm = (số nhiệm vụ đã hoàn thành tính đến ngày chốt, đúng hạn hoặc quá hạn ÷ "
                "số nhiệm vụ đến hạn trong năm) × điểm tối đa. " + _TASKS_COUNTED + _NOTHING_DUE
            ),
            compute=_share("tasks", ("on_time", "late"), "nhiệm vụ đã hoàn thành"),
        ),
        Formula(
            key="no_overdue_tasks",
            title="Không có nhiệm vụ quá hạn",
            text=(
                "Điểm tối đa khi tại ngày chốt đơn vị không còn nhiệm vụ nào quá hạn (đến hạn "
                "trước ngày chốt mà chưa hoàn thành); có từ 1 nhiệm vụ quá hạn: 0 điểm. "
                + _TASKS_COUNTED
            ),
            compute=_no_overdue,
        ),
        Formula(
            key="reports_on_time_share",
            title="Tỉ lệ báo cáo định kỳ nộp đúng hạn",
            text=(
                "Điểm = (số kỳ báo cáo đơn vị đã nộp đúng hạn ÷ số kỳ phải nộp) × điểm tối đa. "
                "Đúng hạn: bản đã nộp (kể cả bản đã được thay bằng bản sửa) gửi trước hoặc trong "
                "ngày hạn nộp. " + _REPORTS_COUNTED + _NOTHING_DUE
            ),
            compute=_share("reports", ("on_time",), "kỳ báo cáo nộp đúng hạn"),
        ),
        Formula(
            key="reports_submitted_share",
            title="Tỉ lệ báo cáo định kỳ đã nộp",
            text=(
                "Điểm = (số kỳ báo cáo đơn vị đã nộp đến ngày chốt, đúng hạn hoặc muộn ÷ số kỳ "
                "phải nộp) × điểm tối đa. " + _REPORTS_COUNTED + _NOTHING_DUE
            ),
            compute=_share("reports", ("on_time", "late"), "kỳ báo cáo đã nộp"),
        ),
    ]
}


# ---- formulas of higher parts
#
# evaluation cannot import the parts above it; they register here from their
# AppConfig.ready(): `register_facts(name, loader)` where `loader(committee_id=, year=,
# cut_off=, unit_ids=)` returns {unit id: facts}, kept as facts[name] for each unit, and
# `register_formula(formula)` a formula reading them (with its own `describe`).

_FACTS: dict[str, Callable] = {}


def register_facts(name: str, loader: Callable) -> None:
    _FACTS[name] = loader


def register_formula(formula: Formula) -> None:
    REGISTRY[formula.key] = formula


def compute(key: str, facts: dict, max_points: Decimal) -> tuple[Decimal, dict]:
    """The score of a computed leaf and the detail kept with it (inputs, as-of date)."""
    formula = REGISTRY[key]
    value, detail = formula.compute(facts, Decimal(max_points))
    detail = {
        **detail,
        "formula": key,
        "as_of": facts["as_of"],
        "max_points": str(points(max_points)),
    }
    return value, detail


def describe(detail: dict) -> str:
    """'12/12 nhiệm vụ hoàn thành đúng hạn, tính đến ngày 14/12/2026' — the inputs in words."""
    if not detail or "formula" not in detail:
        return ""
    as_of = vn_date(dt.date.fromisoformat(detail["as_of"])) if detail.get("as_of") else ""
    formula = REGISTRY.get(detail["formula"])
    if formula is not None and formula.describe is not None:
        text = formula.describe(detail)
    elif detail["formula"] == "no_overdue_tasks":
        text = (
            f"{detail['numerator']} nhiệm vụ quá hạn trong {detail['denominator']} nhiệm vụ đến hạn"
        )
    else:
        text = f"{detail['numerator']}/{detail['denominator']} {detail.get('noun', '')}".strip()
        if detail["denominator"] == 0:
            text += " (không có gì đến hạn)"
    return f"{text}, tính đến ngày {as_of}" if as_of else text
