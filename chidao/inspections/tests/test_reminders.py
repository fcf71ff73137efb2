"""A unit due to be inspected that has not sent its preparation is reminded 7 and 2 days
before its day (CHIDAO_INSPECTION_REMIND_BEFORE_DAYS) through the outbox, by the daily job,
exactly once per (inspected unit, step); a prepared unit gets none."""

import datetime as dt

import pytest

from chidao import jobs
from chidao.inspections import reminders, services
from chidao.inspections.models import InspectedUnit
from chidao.inspections.tests.helpers import FINANCE_DAY, JUSTICE_DAY, make_world, plan
from chidao.notifications.models import OutboxMessage
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture
def world(settings):
    settings.CHIDAO_INSPECTION_REMIND_BEFORE_DAYS = [7, 2]
    return make_world()


def sent():
    """(step, recipient) of the reminders queued (one outbox row per channel)."""
    rows = OutboxMessage.objects.filter(kind=reminders.REMINDER)
    return sorted(set(rows.values_list("step", "recipient__username")))


def test_a_unit_not_prepared_is_reminded_once_per_step_by_the_daily_job(world):
    plan(world)
    monday = JUSTICE_DAY - 7 * DAY
    assert jobs.plan_all(monday)["inspections"] >= 1
    first = [(f"before-7@{JUSTICE_DAY.isoformat()}", "dm_tuphap_kt")]
    assert sent() == first
    assert jobs.plan_all(monday)["inspections"] == 0  # the same day again
    assert jobs.plan_all(monday + 2 * DAY)["inspections"] == 0  # the same window
    assert sent() == first
    jobs.plan_all(JUSTICE_DAY - 2 * DAY)
    assert sent() == sorted([*first, (f"before-2@{JUSTICE_DAY.isoformat()}", "dm_tuphap_kt")])
    assert jobs.plan_all(JUSTICE_DAY - DAY)["inspections"] == 0
    assert {m.data["unit"] for m in OutboxMessage.objects.filter(kind=reminders.REMINDER)} == {
        world.justice.pk
    }
    # On its day, Sở Tư pháp is not reminded; Sở Tài chính, a week ahead, is.
    assert {n.data["unit"] for n in reminders.plan(today=JUSTICE_DAY)} == {world.finance.pk}


def test_a_catch_up_run_does_not_send_a_wider_step_after_a_tighter_one(world):
    plan(world)
    reminders_of = OutboxMessage.objects.filter(kind=reminders.REMINDER)
    jobs.plan_all(JUSTICE_DAY - 2 * DAY)
    count = reminders_of.count()
    jobs.plan_all(JUSTICE_DAY - 7 * DAY)
    assert reminders_of.count() == count


def test_a_prepared_unit_gets_no_reminder(world):
    plan(world)
    finance = InspectedUnit.objects.get(unit=world.finance)
    services.preparation_save(actor=world.focal_finance, inspected=finance, text="Báo cáo")
    for days in (7, 2):
        assert reminders.plan(today=FINANCE_DAY - days * DAY) == []


def test_a_draft_plan_reminds_nobody(world):
    plan(world, issue=False)
    assert reminders.plan(today=JUSTICE_DAY - 7 * DAY) == []


def test_a_reminder_queued_before_the_unit_prepared_is_dropped(world):
    plan(world)
    day = JUSTICE_DAY - 7 * DAY
    reminders.plan(today=day)
    jobs.plan_all(day)
    rows = list(OutboxMessage.objects.filter(kind=reminders.REMINDER))
    assert reminders.still_wanted(rows, day) == {row.pk for row in rows}
    justice = InspectedUnit.objects.get(unit=world.justice)
    services.preparation_save(actor=world.focal, inspected=justice, text="Báo cáo")
    assert reminders.still_wanted(rows, day) == set()


def test_the_planner_reads_in_a_constant_number_of_queries(world, django_assert_max_num_queries):
    plan(world)
    with django_assert_max_num_queries(3):
        found = reminders.plan(today=JUSTICE_DAY - 7 * DAY)
    assert len(found) == 1
