"""The demo's two years of history: the leaders' dashboard of the demo shows eight past
quarters with figures and no unit among both the best and the worst; the history is labelled
synthetic, spans the eight quarters with every outcome, reminders and extensions dated in the
past, and reports for each past quarter; loading it twice changes nothing."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from chidao.core.tests.module_data import rolled_back_at_end
from chidao.notifications.models import Notification, OutboxMessage
from chidao.reports import demo as reports_demo
from chidao.reports.models import ReportPeriod, Submission
from chidao.synth import demo_history
from chidao.tasks import demo as tasks_demo
from chidao.tasks.models import ExtensionRequest, Task, TaskEvent
from chidao.tasks.status import Status, status_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo plan, its reports and its two years of history, loaded once for the module."""
    with rolled_back_at_end(django_db_blocker):
        tasks_demo.load_demo_tasks()
        reports_demo.load_demo_reports()
        yield demo_history.load_demo_history()


def history_tasks():
    return Task.objects.filter(source__document__source__key=demo_history.SOURCE_KEY)


def test_leaders_dashboard_shows_eight_past_quarters_with_figures(loaded, client, personas):
    client.force_login(personas.leader)
    committee = tasks_demo.demo_committee()
    response = client.get("/reports/dashboard/", {"committee": committee.pk})
    assert response.status_code == 200
    points = response.context["points"]
    past = [p for p in points if p["as_of"] < timezone.localdate()]
    assert len(past) == 8
    for point in past:
        assert point["total"] > 0, point["as_of"]
        assert point["completion_rate"] is not None, point["as_of"]
        assert point["overdue_rate"] is not None, point["as_of"]
    # real shapes, not a flat line
    assert len({p["completion_rate"] for p in past}) > 3
    worst = {row["name"] for row in response.context["worst"]}
    best = {row["name"] for row in response.context["best"]}
    assert worst and best
    assert not worst & best


def test_history_is_labelled_synthetic_and_spans_eight_quarters(loaded):
    tasks = list(history_tasks())
    assert loaded.created and loaded.tasks == len(tasks) >= 8 * 12
    assert all(task.synthetic and task.source.synthetic for task in tasks)
    assert all(task.source.document.title.startswith("[Dữ liệu mô phỏng]") for task in tasks)
    quarters = demo_history.past_quarters(timezone.localdate())
    assert len(quarters) == 8
    for window in quarters:
        assert any(window.data_from <= t.assigned_on <= window.data_to for t in tasks), window
    assert (
        quarters[-1].data_to < timezone.localdate() <= quarters[-1].data_to + dt.timedelta(days=92)
    )


def test_history_has_every_outcome_dated_in_the_past(loaded):
    today = timezone.localdate()
    tasks = list(history_tasks())
    statuses = {status_of(task, today) for task in tasks}
    assert {Status.DONE_ON_TIME, Status.DONE_LATE, Status.OVERDUE, Status.CANCELLED} <= statuses
    extensions = ExtensionRequest.objects.filter(task__in=tasks)
    assert {e.state for e in extensions} == {
        ExtensionRequest.State.APPROVED,
        ExtensionRequest.State.REFUSED,
    }
    assert all(e.decided_on < today and e.requested_on <= e.decided_on for e in extensions)
    events = TaskEvent.objects.filter(task__in=tasks)
    assert not events.filter(effective_on__gte=today).exists()
    reminders = events.filter(kind=TaskEvent.Kind.REMINDER)
    assert reminders.count() == loaded.reminders > 0
    # the past's notices are delivered and read: nobody finds two years of history unread
    assert not OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING).filter(
        subject_id__in=[t.pk for t in tasks]
    )
    assert not Notification.objects.filter(read_at__isnull=True, url__in=[
        f"/tasks/{t.pk}/" for t in tasks
    ])  # fmt: skip


def test_each_past_quarter_has_its_reports_some_late_some_missing(loaded):
    regime = reports_demo.demo_regime()
    periods = list(ReportPeriod.objects.filter(regime=regime).order_by("data_to"))
    assert len(periods) == 8
    late = missing = 0
    for period in periods:
        submitted = Submission.objects.filter(period=period, submitted_at__isnull=False)
        assert submitted.exists(), period.label
        late += submitted.filter(submitted_at__date__gt=period.deadline).count()
        missing += period.units.count() - submitted.count()
        # a unit created after the cut-off (the 2025 communes) was never asked for it
        assert not period.units.filter(valid_from__gt=period.data_to).exists()
    assert late >= 8 and missing >= 4


def test_loading_twice_changes_nothing(loaded):
    counts = (history_tasks().count(), TaskEvent.objects.count(), ReportPeriod.objects.count())
    out = io.StringIO()
    call_command("load_demo_history", stdout=out)
    assert "đã có" in out.getvalue()
    assert (history_tasks().count(), TaskEvent.objects.count(), ReportPeriod.objects.count()) == (
        counts
    )


def test_units_that_never_sent_a_report_were_reminded_on_their_days(loaded):
    """The report planner's reminders to a unit that never sent a past quarter's report went
    out on the days of their steps (the deadline, each week after) and were delivered then,
    not today."""
    from chidao.reports import notices as report_notices

    reminders = OutboxMessage.objects.filter(kind=report_notices.REMINDER)
    assert loaded.report_reminders == reminders.count() > 0
    periods = {p.pk: p for p in ReportPeriod.objects.filter(regime=reports_demo.demo_regime())}
    for row in reminders:
        period_id, unit_id = (int(x.split(":")[1]) for x in row.subject_key.split("/"))
        period = periods[period_id]
        assert not Submission.objects.filter(
            period=period, unit_id=unit_id, submitted_at__isnull=False
        ).exists()
        assert row.state == OutboxMessage.State.SENT
        sent_on = timezone.localtime(row.sent_at).date()
        assert sent_on < timezone.localdate()
        assert report_notices.report_step(period.deadline, sent_on) == row.step  # its day
