"""Task histories for the report tests, played through the real services on chosen days.

`on(day)` makes the services believe today is `day` (cancellations, extension decisions and
requests are dated by the service itself), so a fixture reads like a diary: assigned on …,
reported on …, extended on …, reassigned on …, completed on …, cancelled on ….

`recompute` is the independent check of `chidao.reports.statistics`: plain Python over the
task rows and their history, one task at a time, written from the definitions in
CONVENTIONS.md and not from the SQL.
"""

import contextlib
import datetime as dt
import random
from collections import Counter, defaultdict
from unittest import mock

from chidao.accounts.tests.factories import unit_named
from chidao.tasks import services
from chidao.tasks.models import ExtensionRequest, Task, TaskEvent
from chidao.tasks.tests.factories import (
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    SCIENCE,
    SYSTEM,
    TaskFactory,
    TaskSourceFactory,
    committee_2023,
    committee_egov,
    domain,
)

D = dt.date
# Quarterly cut-offs (Decree 09/2019: Q3 = 15 Jun–14 Sep, Q4 = 15 Sep–14 Dec, Q1 = … 14 Mar).
Q3_2025, Q4_2025, Q1_2026 = D(2025, 9, 14), D(2025, 12, 14), D(2026, 3, 14)
COLUMNS = ("done_on_time", "done_late", "overdue", "in_progress", "not_started")


@contextlib.contextmanager
def on(day: dt.date):
    with mock.patch.object(services, "_today", return_value=day):
        yield


def report(task, day, percent=50):
    with on(day):
        services.progress_report(actor=SYSTEM, task=task, note="Báo cáo", percent=percent,
                                 reported_on=day)  # fmt: skip


def complete(task, day):
    with on(day):
        services.progress_report(
            actor=SYSTEM, task=task, note="Hoàn thành", completed=True, reported_on=day
        )


def extend(task, asked_on, decided_on, new_deadline, *, approve=True):
    task.refresh_from_db()
    with on(asked_on):
        request = services.extension_request(
            actor=SYSTEM, task=task, reason="Chờ kết nối", requested_deadline=new_deadline
        )
    with on(decided_on):
        services.extension_decide(
            actor=SYSTEM, request=request, approve=approve, note="" if approve else "Không"
        )
    task.refresh_from_db()
    return task


def cancel(task, day):
    with on(day):
        services.task_cancel(actor=SYSTEM, task=task, reason="Không còn phù hợp")


def reassign(task, unit, day, *, recorded_on=None):
    """Reassign with effect on `day` (recorded on `recorded_on`, default the same day)."""
    task.refresh_from_db()
    with on(recorded_on or day):
        services.task_reassign(
            actor=SYSTEM, task=task, new_lead_unit=unit, reason="Theo quyết định", effective_on=day
        )


def units():
    return {name: unit_named(name) for name in (HOME_AFFAIRS, JUSTICE, FINANCE, SCIENCE)}


def build_named_history():
    """A small, hand-checked history of the 2023 committee; returns {name: task}."""
    u = units()
    plan = TaskSourceFactory()
    other_plan = TaskSourceFactory()
    dx = domain("dx-digital-government")

    def make(name, assigned, deadline, lead=HOME_AFFAIRS, **kwargs):
        return TaskFactory(
            title=name, assigned_on=assigned, deadline=deadline, lead_unit=u[lead], **kwargs
        )

    t = {}
    t["on_time"] = make("on_time", D(2025, 6, 20), D(2025, 8, 31), source=plan)
    complete(t["on_time"], D(2025, 8, 30))
    t["late"] = make("late", D(2025, 6, 20), D(2025, 8, 15), lead=JUSTICE, source=plan)
    report(t["late"], D(2025, 7, 1))
    complete(t["late"], D(2025, 9, 1))
    t["overdue"] = make("overdue", D(2025, 7, 1), D(2025, 9, 1), domain=dx)
    report(t["overdue"], D(2025, 8, 1))
    t["silent_overdue"] = make("silent_overdue", D(2025, 7, 1), D(2025, 9, 10), lead=FINANCE)
    t["in_progress"] = make("in_progress", D(2025, 7, 1), D(2025, 10, 31), source=other_plan)
    report(t["in_progress"], D(2025, 9, 14))
    t["not_started"] = make("not_started", D(2025, 9, 14), D(2025, 9, 20), domain=dx)
    # Reported only after the cut-off: not started on it.
    t["reported_after"] = make("reported_after", D(2025, 8, 1), D(2025, 11, 30))
    report(t["reported_after"], D(2025, 9, 15))
    # Extended before the cut-off, done after the original deadline but before the new one.
    t["extended_on_time"] = make("extended_on_time", D(2025, 6, 20), D(2025, 8, 20), lead=SCIENCE)
    extend(t["extended_on_time"], D(2025, 8, 10), D(2025, 8, 12), D(2025, 9, 30))
    complete(t["extended_on_time"], D(2025, 9, 5))
    # Extended after the cut-off: overdue on the cut-off.
    t["extended_later"] = make("extended_later", D(2025, 6, 20), D(2025, 9, 5), lead=SCIENCE)
    report(t["extended_later"], D(2025, 8, 1))
    extend(t["extended_later"], D(2025, 9, 10), D(2025, 9, 20), D(2025, 12, 31))
    # A refused extension changes nothing.
    t["refused"] = make("refused", D(2025, 6, 20), D(2025, 9, 30), lead=SCIENCE)
    extend(t["refused"], D(2025, 9, 1), D(2025, 9, 2), D(2025, 12, 31), approve=False)
    # Reassigned Justice → Finance (effective 01/08), then Finance → Science (after the cut-off).
    t["moved"] = make("moved", D(2025, 7, 1), D(2025, 12, 31), lead=JUSTICE)
    reassign(t["moved"], u[FINANCE], D(2025, 8, 1))
    reassign(t["moved"], u[SCIENCE], D(2025, 10, 1))
    # Reassigned after the cut-off only (with effect back-dated before it, recorded later).
    t["moved_later"] = make("moved_later", D(2025, 7, 1), D(2025, 12, 31), lead=JUSTICE)
    reassign(t["moved_later"], u[HOME_AFFAIRS], D(2025, 10, 1))
    t["moved_backdated"] = make("moved_backdated", D(2025, 7, 1), D(2025, 12, 31), lead=JUSTICE)
    reassign(t["moved_backdated"], u[FINANCE], D(2025, 9, 1), recorded_on=D(2025, 11, 1))
    t["cancelled_before"] = make("cancelled_before", D(2025, 6, 20), D(2025, 12, 31))
    cancel(t["cancelled_before"], D(2025, 9, 1))
    t["cancelled_after"] = make("cancelled_after", D(2025, 6, 20), D(2025, 12, 31))
    report(t["cancelled_after"], D(2025, 7, 1))
    cancel(t["cancelled_after"], D(2025, 10, 1))
    t["assigned_after"] = make("assigned_after", D(2025, 9, 15), D(2025, 12, 31))
    t["completed_after"] = make("completed_after", D(2025, 7, 1), D(2025, 8, 31), lead=FINANCE)
    complete(t["completed_after"], D(2025, 9, 20))
    # Another committee's task never counts for the 2023 committee.
    t["egov"] = make("egov", D(2025, 6, 20), D(2025, 8, 1), committee=committee_egov())
    return t


# Statuses on 14/09/2025 (None: not counted), and the lead unit then.
EXPECTED_Q3 = {
    "on_time": ("done_on_time", HOME_AFFAIRS),
    "late": ("done_late", JUSTICE),
    "overdue": ("overdue", HOME_AFFAIRS),
    "silent_overdue": ("overdue", FINANCE),
    "in_progress": ("in_progress", HOME_AFFAIRS),
    "not_started": ("not_started", HOME_AFFAIRS),
    "reported_after": ("not_started", HOME_AFFAIRS),
    "extended_on_time": ("done_on_time", SCIENCE),
    "extended_later": ("overdue", SCIENCE),
    "refused": ("not_started", SCIENCE),
    "moved": ("not_started", FINANCE),
    "moved_later": ("not_started", JUSTICE),
    "moved_backdated": ("not_started", FINANCE),
    "cancelled_before": (None, None),
    "cancelled_after": ("in_progress", HOME_AFFAIRS),
    "assigned_after": (None, None),
    "completed_after": ("overdue", FINANCE),
}


def build_random_history(seed: int = 20250914, count: int = 70):
    """`count` tasks with random histories, played in date order per task."""
    rng = random.Random(seed)  # noqa: S311 — test data, not secrets
    u = list(units().values())
    plans = [TaskSourceFactory(), TaskSourceFactory(), None]
    domains = [domain("ar-procedures"), domain("dx-digital-government"), domain("ar-apparatus")]
    start = D(2025, 5, 1)
    tasks = []
    for index in range(count):
        assigned = start + dt.timedelta(days=rng.randint(0, 240))
        deadline = assigned + dt.timedelta(days=rng.randint(5, 150))
        task = TaskFactory(
            title=f"Ngẫu nhiên {index}",
            assigned_on=assigned,
            deadline=deadline,
            lead_unit=rng.choice(u),
            domain=rng.choice(domains),
            source=rng.choice(plans),
        )
        day = assigned
        finished = False
        for _step in range(rng.randint(0, 6)):
            day = day + dt.timedelta(days=rng.randint(1, 40))
            action = rng.choice(["report", "report", "extend", "reassign", "complete", "cancel"])
            task.refresh_from_db()
            if action == "report":
                report(task, day, rng.randint(5, 95))
            elif action == "extend":
                decided = day + dt.timedelta(days=rng.randint(0, 10))
                new = max(task.deadline, decided) + dt.timedelta(days=rng.randint(1, 60))
                extend(task, day, decided, new, approve=rng.random() < 0.75)
                day = decided
            elif action == "reassign":
                choices = [x for x in u if x.pk != task.lead_unit_id]
                reassign(task, rng.choice(choices), day)
            elif action == "complete":
                complete(task, day)
                finished = True
            else:
                cancel(task, day)
                finished = True
            if finished:
                break
        tasks.append(task)
    return tasks


def recompute(as_of: dt.date, committee, group: str | None = None, task_ids=None) -> dict:
    """{key: Counter(status → n)} by plain Python over the rows (key None without group)."""
    result: dict = defaultdict(Counter)
    tasks = Task.objects.filter(committee=committee).prefetch_related(
        "extension_requests", "events", "reports"
    )
    if task_ids is not None:
        tasks = tasks.filter(pk__in=task_ids)
    for task in tasks:
        status = status_on(task, as_of)
        if status is None:
            continue
        key = {
            None: None,
            "unit": lead_on(task, as_of),
            "domain": task.domain_id,
            "source": task.source_id,
        }[group]
        result[key][status] += 1
    return result


def status_on(task: Task, as_of: dt.date) -> str | None:
    if task.assigned_on > as_of:
        return None
    if task.cancelled_on is not None and task.cancelled_on <= as_of:
        return None
    approved = [
        request
        for request in task.extension_requests.all()
        if request.state == ExtensionRequest.State.APPROVED and request.decided_on <= as_of
    ]
    deadline = task.original_deadline
    if approved:
        deadline = max(approved, key=lambda r: (r.decided_on, r.pk)).granted_deadline
    if task.completed_on is not None and task.completed_on <= as_of:
        return "done_on_time" if task.completed_on <= deadline else "done_late"
    if deadline < as_of:
        return "overdue"
    if any(r.reported_on <= as_of and not r.is_contribution for r in task.reports.all()):
        return "in_progress"
    return "not_started"


def lead_on(task: Task, as_of: dt.date) -> int:
    """Replay the reassignments from the unit the task was first given to."""
    moves = sorted(
        (e for e in task.events.all() if e.kind == TaskEvent.Kind.REASSIGNED),
        key=lambda e: (e.effective_on, e.created_at, e.pk),
    )
    lead = moves[0].data["old_unit_id"] if moves else task.lead_unit_id
    for move in moves:
        if move.effective_on <= as_of:
            lead = move.data["new_unit_id"]
    return lead


def flat(statistics: dict, group: str | None = None) -> dict:
    """statistics_as_of(...) in the shape of `recompute` (zero counts left out)."""
    if group is None:
        rows = [(None, statistics["totals"])]
    else:
        rows = [(entry[group]["id"], entry) for entry in statistics[f"{group}s"]]
    return {
        key: Counter({c: row[c] for c in COLUMNS if row[c]})
        for key, row in rows
        if any(row[c] for c in COLUMNS)
    }


def committee():
    return committee_2023()
