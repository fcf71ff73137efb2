"""Status from facts: the seven statuses, and `status_of` agreeing with `with_status`."""

import datetime as dt

import pytest

from chidao.core.policy import SystemActor
from chidao.tasks import services
from chidao.tasks.models import Task
from chidao.tasks.status import Status, status_of, with_status
from chidao.tasks.tests.factories import make_task

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 10, 1)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def due_soon_week(settings):
    settings.CHIDAO_DUE_SOON_DAYS = 7


def annotated(task, today=TODAY) -> str:
    return with_status(Task.objects.filter(pk=task.pk), today).get().status


def test_a_fresh_task_far_from_its_deadline_is_not_started():
    task = make_task(deadline=dt.date(2025, 12, 31))

    assert status_of(task, TODAY) == Status.NOT_STARTED
    assert annotated(task) == Status.NOT_STARTED


def test_a_progress_report_makes_it_in_progress():
    task = make_task(deadline=dt.date(2025, 12, 31))

    services.progress_report(
        actor=SystemActor("test"),
        task=task,
        note="Đã xây dựng dự thảo",
        percent=30,
        reported_on=TODAY,
    )

    task.refresh_from_db()
    assert (task.percent, task.last_progress_on) == (30, TODAY)
    assert status_of(task, TODAY) == Status.IN_PROGRESS
    assert annotated(task) == Status.IN_PROGRESS


def test_due_soon_within_the_configured_days_and_not_one_day_beyond():
    soon = make_task(deadline=TODAY + 7 * DAY)
    later = make_task(deadline=TODAY + 8 * DAY)

    assert status_of(soon, TODAY) == annotated(soon) == Status.DUE_SOON
    assert status_of(later, TODAY) == annotated(later) == Status.NOT_STARTED


def test_due_today_is_due_soon_and_the_day_after_overdue():
    task = make_task(deadline=TODAY)

    assert status_of(task, TODAY) == annotated(task) == Status.DUE_SOON
    assert status_of(task, TODAY + DAY) == annotated(task, TODAY + DAY) == Status.OVERDUE


def test_past_the_deadline_without_completion_is_overdue_even_with_progress():
    task = make_task(deadline=TODAY - DAY, percent=90, last_progress_on=TODAY - 2 * DAY)

    assert status_of(task, TODAY) == annotated(task) == Status.OVERDUE


def test_completed_on_the_deadline_is_done_on_time_for_ever():
    task = make_task(deadline=TODAY, completed_on=TODAY, percent=100)

    for today in (TODAY, TODAY + 365 * DAY):
        assert status_of(task, today) == annotated(task, today) == Status.DONE_ON_TIME


def test_completed_after_the_deadline_is_done_late():
    task = make_task(deadline=TODAY - 3 * DAY, completed_on=TODAY, percent=100)

    assert status_of(task, TODAY) == annotated(task) == Status.DONE_LATE


def test_cancelled_wins_over_everything():
    task = make_task(deadline=TODAY - 30 * DAY, percent=50, cancelled_on=TODAY - 40 * DAY)

    assert status_of(task, TODAY) == annotated(task) == Status.CANCELLED


def test_status_of_and_the_database_annotation_agree_on_a_grid_of_tasks_and_dates():
    deadlines = [dt.date(2025, 9, 10), dt.date(2025, 10, 1), dt.date(2025, 10, 8)]
    facts = [
        {},
        {"percent": 20},
        {"last_progress_on": dt.date(2025, 9, 5)},
        {"completed_on": dt.date(2025, 9, 9), "percent": 100},
        {"completed_on": dt.date(2025, 10, 1), "percent": 100},
        {"completed_on": dt.date(2025, 10, 20), "percent": 100},
        {"cancelled_on": dt.date(2025, 9, 20)},
    ]
    tasks = [make_task(deadline=d, **f) for d in deadlines for f in facts]
    ids = [t.pk for t in tasks]
    seen = set()

    for today in (dt.date(2025, 9, 1) + n * 3 * DAY for n in range(20)):
        in_db = dict(
            with_status(Task.objects.filter(pk__in=ids), today).values_list("pk", "status")
        )
        in_python = {t.pk: status_of(t, today) for t in tasks}
        assert in_db == in_python, today
        seen |= set(in_db.values())

    assert seen == set(Status.values)
