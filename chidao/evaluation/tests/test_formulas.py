"""Computed leaves: every one recomputed INDEPENDENTLY, in plain Python, from the task, event
and report rows, must give the score chidao stored — on a scenario that exercises every as-of
rule (extensions and reassignments before and after the cut-off, cancellations, completions
after the cut-off, superseded versions, the Vietnam-time deadline) and on the demo."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from chidao.evaluation import formulas, services
from chidao.evaluation.demo import load_demo_evaluation
from chidao.evaluation.models import EvaluationCycle, Method, UnitScore
from chidao.evaluation.tests import helpers as h
from chidao.reports.models import ReportPeriod, Submission
from chidao.tasks import services as task_services
from chidao.tasks.demo import load_demo_tasks
from chidao.tasks.models import ExtensionRequest, Task, TaskEvent
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401 - autouse fixture

pytestmark = pytest.mark.django_db
D = dt.date


# ---- the independent recomputation ---------------------------------------------------------


def _deadline_then(task: dict, events: list[dict], cut_off: dt.date) -> dt.date:
    """Replay the approved extensions recorded on the timeline up to the cut-off."""
    deadline = task["original_deadline"]
    for event in events:
        if event["kind"] == TaskEvent.Kind.EXTENSION_APPROVED and event["effective_on"] <= cut_off:
            deadline = dt.date.fromisoformat(event["data"]["deadline"])
    return deadline


def _lead_then(task: dict, events: list[dict], cut_off: dt.date) -> int:
    """Unwind today's lead unit through the reassignments that took effect after the cut-off."""
    lead = task["lead_unit_id"]
    for event in reversed(events):
        if event["kind"] == TaskEvent.Kind.REASSIGNED and event["effective_on"] > cut_off:
            lead = event["data"]["old_unit_id"]
    return lead


def independent_counts(cycle: EvaluationCycle) -> dict[int, dict]:
    """{unit id: counts} for the cycle's units, from the raw rows, without chidao's code."""
    cut_off, start = cycle.cut_off, D(cycle.year, 1, 1)
    units = set(cycle.units.values_list("unit_id", flat=True))
    counts = {
        u: {
            "due": 0,
            "on_time": 0,
            "done": 0,
            "overdue": 0,
            "required": 0,
            "r_on_time": 0,
            "r_sent": 0,
        }
        for u in units
    }
    events_of: dict[int, list] = {}
    for event in TaskEvent.objects.order_by("created_at", "id").values(
        "task_id", "kind", "effective_on", "data"
    ):
        events_of.setdefault(event["task_id"], []).append(event)
    for events in events_of.values():
        events.sort(key=lambda e: e["effective_on"])  # stable: recorded order within a day
    for task in Task.objects.filter(committee_id=cycle.committee_id).values():
        events = events_of.get(task["id"], [])
        if task["assigned_on"] > cut_off:
            continue
        if task["cancelled_on"] is not None and task["cancelled_on"] <= cut_off:
            continue
        lead = _lead_then(task, events, cut_off)
        deadline = _deadline_then(task, events, cut_off)
        if lead not in units or not start <= deadline <= cut_off:
            continue
        c = counts[lead]
        c["due"] += 1
        completed = task["completed_on"]
        if completed is not None and completed <= cut_off:
            c["done"] += 1
            if completed <= deadline:
                c["on_time"] += 1
        elif deadline < cut_off:
            c["overdue"] += 1
    for period in ReportPeriod.objects.filter(committee_id=cycle.committee_id):
        if not start <= period.deadline <= cut_off:
            continue
        for unit in period.units.all():
            if unit.pk not in units:
                continue
            c = counts[unit.pk]
            c["required"] += 1
            sent = [
                timezone.localtime(s.submitted_at).date()
                for s in Submission.objects.filter(period=period, unit=unit)
                if s.state in ("submitted", "superseded") and s.submitted_at is not None
            ]
            first = min(sent) if sent else None
            if first is not None and first <= period.deadline:
                c["r_on_time"] += 1
            if first is not None and first <= cut_off:
                c["r_sent"] += 1
    return counts


def _share(numerator: int, denominator: int, max_points: Decimal) -> Decimal:
    """numerator/denominator × max, rounded half up to cents, in integers."""
    if denominator == 0:
        return max_points.quantize(Decimal("0.01"))
    max_cents = int(max_points * 100)
    cents = (2 * numerator * max_cents + denominator) // (2 * denominator)
    return Decimal(cents) / 100


def expected_score(key: str, c: dict, max_points: Decimal) -> Decimal:
    if key == "tasks_on_time_share":
        return _share(c["on_time"], c["due"], max_points)
    if key == "tasks_done_share":
        return _share(c["done"], c["due"], max_points)
    if key == "no_overdue_tasks":
        return max_points if c["overdue"] == 0 else Decimal(0)
    if key == "reports_on_time_share":
        return _share(c["r_on_time"], c["required"], max_points)
    if key == "reports_submitted_share":
        return _share(c["r_sent"], c["required"], max_points)
    raise AssertionError(f"no independent formula for {key}")


def assert_every_computed_leaf_matches(cycle) -> int:
    counts = independent_counts(cycle)
    scores = UnitScore.objects.filter(cycle=cycle, criterion__method=Method.COMPUTED)
    checked = 0
    for score in scores.select_related("criterion"):
        expected = expected_score(
            score.criterion.formula_key, counts[score.unit_id], score.criterion.max_points
        )
        assert score.computed_value == expected, (
            score.unit_id,
            score.criterion.code,
            counts[score.unit_id],
        )
        checked += 1
    return checked


# ---- the scenario --------------------------------------------------------------------------


def extend(task, new_deadline: dt.date, decided_on: dt.date):
    """An approved extension decided on `decided_on` (rows as the service writes them)."""
    ExtensionRequest.objects.create(
        task=task,
        requested_on=decided_on - dt.timedelta(days=3),
        reason="Cần thêm thời gian",
        requested_deadline=new_deadline,
        state=ExtensionRequest.State.APPROVED,
        decided_on=decided_on,
        previous_deadline=task.deadline,
        granted_deadline=new_deadline,
    )
    TaskEvent.objects.create(
        task=task,
        kind=TaskEvent.Kind.EXTENSION_APPROVED,
        effective_on=decided_on,
        data={"previous_deadline": task.deadline.isoformat(), "deadline": new_deadline.isoformat()},
    )
    Task.objects.filter(pk=task.pk).update(deadline=new_deadline)


@pytest.fixture
def scenario():
    a, b, c = h.departments()
    t = {
        "on_time": h.task(a, D(2025, 6, 30), done=D(2025, 6, 20)),
        "late": h.task(a, D(2025, 6, 30), done=D(2025, 7, 10)),
        "overdue": h.task(a, D(2025, 10, 31)),
        "due_on_cut_off": h.task(a, D(2025, 12, 14)),
        "not_yet_due": h.task(a, D(2025, 12, 20)),
        "last_year": h.task(a, D(2024, 12, 31), assigned=D(2024, 10, 1)),
        "done_after_cut_off": h.task(a, D(2025, 11, 30), done=D(2025, 12, 20)),
        "cancelled": h.task(
            a, D(2025, 10, 1), cancelled_on=D(2025, 11, 1), cancel_reason="Không còn phù hợp"
        ),
        "cancelled_after": h.task(
            a, D(2025, 10, 1), cancelled_on=D(2025, 12, 20), cancel_reason="Gộp nhiệm vụ"
        ),
        "extended_before": h.task(a, D(2025, 11, 30)),
        "extended_after": h.task(a, D(2025, 11, 30)),
        "assigned_after": h.task(a, D(2025, 12, 1)),
        "b_on_time": h.task(b, D(2025, 5, 31), done=D(2025, 5, 30)),
        "moved_away_after": h.task(a, D(2025, 10, 31)),
        "moved_in_before": h.task(b, D(2025, 9, 30)),
    }
    Task.objects.filter(pk=t["assigned_after"].pk).update(assigned_on=D(2025, 12, 20))
    extend(t["extended_before"], D(2026, 1, 31), decided_on=D(2025, 11, 20))
    extend(t["extended_after"], D(2026, 1, 31), decided_on=D(2025, 12, 20))
    task_services.task_reassign(
        actor=h.SYSTEM,
        task=t["moved_away_after"],
        new_lead_unit=b,
        reason="Phân công lại",
        effective_on=D(2025, 12, 20),
    )
    Task.objects.filter(pk=t["moved_away_after"].pk).update(completed_on=D(2025, 10, 1))
    task_services.task_reassign(
        actor=h.SYSTEM,
        task=t["moved_in_before"],
        new_lead_unit=a,
        reason="Phân công lại",
        effective_on=D(2025, 6, 1),
    )
    # Reports: P4 is required of A only; P3 is due after the cut-off.
    p1 = h.period("Quý I/2025", D(2025, 4, 20), [a, b, c])
    p2 = h.period("Quý II/2025", D(2025, 7, 20), [a, b, c])
    p3 = h.period("Quý IV/2025", D(2025, 12, 20), [a, b, c])
    p4 = h.period("Chuyên đề 2025", D(2025, 10, 20), [a])
    h.submit(p1, a, D(2025, 4, 18))
    h.submit(p1, b, D(2025, 4, 25))
    first = h.submit(p2, a, D(2025, 7, 20), state=Submission.State.SUPERSEDED)
    second = h.submit(p2, a, D(2025, 8, 1), version=2)
    Submission.objects.filter(pk=second.pk).update(supersedes=first)
    h.submit(p2, b, D(2025, 7, 10), state=Submission.State.DRAFT)
    h.submit(p2, c, D(2025, 12, 20))
    h.submit(p3, a, D(2025, 12, 1))
    # 17:30 UTC on 20 October is 00:30 on the 21st in Hà Nội: late.
    Submission.objects.create(
        period=p4,
        unit=a,
        unit_name=a.name,
        form_version=p4.form_version,
        state=Submission.State.SUBMITTED,
        submitted_at=dt.datetime(2025, 10, 20, 17, 30, tzinfo=dt.UTC),
    )
    cycle = h.make_cycle(units=[a, b, c])
    return {"cycle": cycle, "tasks": t, "units": (a, b, c)}


def test_task_facts_follow_the_as_of_rules(scenario):
    a, b, c = scenario["units"]
    t = {name: task.pk for name, task in scenario["tasks"].items()}

    facts = formulas.task_facts(
        committee_id=scenario["cycle"].committee_id,
        year=h.YEAR,
        cut_off=h.CUT_OFF,
        unit_ids=[a.pk, b.pk, c.pk],
    )

    assert sorted(facts[a.pk]["on_time"]) == sorted([t["on_time"], t["moved_away_after"]])
    assert facts[a.pk]["late"] == [t["late"]]
    assert sorted(facts[a.pk]["overdue"]) == sorted(
        [
            t["overdue"],
            t["done_after_cut_off"],
            t["cancelled_after"],
            t["extended_after"],
            t["moved_in_before"],
        ]
    )
    assert facts[a.pk]["open"] == [t["due_on_cut_off"]]
    assert len(facts[a.pk]["due"]) == 9
    for name in ("not_yet_due", "last_year", "cancelled", "extended_before", "assigned_after"):
        assert t[name] not in facts[a.pk]["due"], name
    assert facts[b.pk]["due"] == [t["b_on_time"]]
    assert facts[c.pk]["due"] == []


def test_report_facts_follow_the_as_of_rules(scenario):
    a, b, c = scenario["units"]

    facts = formulas.report_facts(
        committee_id=scenario["cycle"].committee_id,
        year=h.YEAR,
        cut_off=h.CUT_OFF,
        unit_ids=[a.pk, b.pk, c.pk],
    )

    def labels(unit, key):
        return sorted(facts[unit.pk]["periods"][str(p)] for p in facts[unit.pk][key])

    assert labels(a, "on_time") == ["Quý I/2025", "Quý II/2025"]
    assert labels(a, "late") == ["Chuyên đề 2025"]
    assert labels(b, "late") == ["Quý I/2025"]
    assert labels(b, "missing") == ["Quý II/2025"]
    assert labels(c, "missing") == ["Quý I/2025", "Quý II/2025"]
    assert "Quý IV/2025" not in str(facts)


def test_computed_scores_of_the_scenario(scenario):
    cycle = scenario["cycle"]
    a, b, c = scenario["units"]

    services.fill_computed(actor=h.SYSTEM, cycle=cycle)

    def value(unit, code):
        return h.score_of(cycle, unit, code).computed_value

    assert value(a, "2.1") == Decimal("1.78")  # 2 of 9 on time × 8
    assert value(a, "2.2") == Decimal("1.33")  # 3 of 9 done × 4
    assert value(a, "2.3") == Decimal("0.00")  # 5 overdue
    assert value(a, "2.4") == Decimal("2.67")  # 2 of 3 reports on time × 4
    assert value(a, "2.5") == Decimal("2.00")  # 3 of 3 sent
    assert value(b, "2.1") == Decimal("8.00")
    assert value(b, "2.4") == Decimal("0.00")
    assert value(b, "2.5") == Decimal("1.00")
    assert value(c, "2.1") == Decimal("8.00")  # nothing due: full points
    assert value(c, "2.5") == Decimal("0.00")
    detail = h.score_of(cycle, a, "2.1").computed_detail
    assert (detail["numerator"], detail["denominator"], detail["as_of"]) == (2, 9, "2025-12-14")
    assert formulas.describe(detail).startswith("2/9 nhiệm vụ hoàn thành đúng hạn")


def test_every_computed_leaf_recomputed_independently_scenario(scenario):
    cycle = scenario["cycle"]
    services.fill_computed(actor=h.SYSTEM, cycle=cycle)

    assert assert_every_computed_leaf_matches(cycle) == 3 * 5


def test_every_computed_leaf_recomputed_independently_demo():
    load_demo_tasks()
    result = load_demo_evaluation()
    cycle = result.cycle
    members = [m.unit for m in cycle.units.select_related("unit").order_by("unit_name")]
    today = timezone.localdate()
    # Reports for the demo units, in every state, so the report leaves have something to count.
    early = h.period("Kỳ thử 1", today - dt.timedelta(days=30), members)
    later = h.period("Kỳ thử 2", today - dt.timedelta(days=2), members[::2])
    for index, unit in enumerate(members):
        if index % 3 == 0:
            h.submit(early, unit, today - dt.timedelta(days=31))
        elif index % 3 == 1:
            h.submit(early, unit, today - dt.timedelta(days=10))
        if index % 4 == 0:
            h.submit(later, unit, today - dt.timedelta(days=2))
    services.fill_computed(actor=h.SYSTEM, cycle=cycle)

    checked = assert_every_computed_leaf_matches(cycle)
    assert (
        checked == UnitScore.objects.filter(cycle=cycle, criterion__method=Method.COMPUTED).count()
    )
    assert checked >= 17 * 4


def test_facts_agree_with_the_consolidated_statistics(scenario):
    """The same as-of rules as the consolidated report (chidao.reports.statistics)."""
    statistics = pytest.importorskip("chidao.reports.statistics")
    a, b, c = scenario["units"]
    facts = formulas.task_facts(
        committee_id=scenario["cycle"].committee_id,
        year=h.YEAR,
        cut_off=h.CUT_OFF,
        unit_ids=[a.pk, b.pk, c.pk],
    )
    rows = statistics.tasks_as_of(h.CUT_OFF, committee=scenario["cycle"].committee).filter(
        deadline_as_of__gte=D(h.YEAR, 1, 1), deadline_as_of__lte=h.CUT_OFF
    )
    theirs = {
        (row.lead_as_of, row.status_as_of, row.pk)
        for row in rows
        if row.lead_as_of in (a.pk, b.pk, c.pk)
    }
    mine = set()
    names = {"on_time": "done_on_time", "late": "done_late", "overdue": "overdue"}
    for unit_id, unit_facts in facts.items():
        for key, status in names.items():
            mine |= {(unit_id, status, pk) for pk in unit_facts[key]}
    assert mine == {row for row in theirs if row[1] in names.values()}
    assert {row[2] for row in theirs} == {
        pk for unit_facts in facts.values() for pk in unit_facts["due"]
    }
