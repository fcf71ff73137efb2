"""The index-friendly filters: the same tasks as the computed status and the old OR."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from chidao.core.policy import SYSTEM
from chidao.tasks import filters, selectors
from chidao.tasks.models import Task
from chidao.tasks.status import Status, status_of
from chidao.tasks.tests.factories import (
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    fast_passwords,  # noqa: F401 (autouse fixture)
    make_task,
    unit_named,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 12, 1)


@pytest.fixture(autouse=True)
def due_soon_week(settings):
    settings.CHIDAO_DUE_SOON_DAYS = 7


@pytest.fixture
def varied():
    """Tasks in every status, on the edges of each rule, led or coordinated by three units."""
    home, justice, finance = (unit_named(n) for n in (HOME_AFFAIRS, JUSTICE, FINANCE))
    day = dt.timedelta(days=1)
    specs = [
        {"deadline": TODAY - day},  # overdue
        {"deadline": TODAY, "coordinating_units": [justice]},  # due soon, first day
        {"deadline": TODAY + 7 * day, "percent": 30},  # due soon, last day
        {"deadline": TODAY + 8 * day},  # not started
        {"deadline": TODAY + 8 * day, "percent": 10, "lead_unit": justice},  # in progress
        {"deadline": TODAY + 60 * day, "last_progress_on": TODAY, "lead_unit": finance},
        {"deadline": TODAY, "completed_on": TODAY, "coordinating_units": [finance]},  # on time
        {"deadline": TODAY - day, "completed_on": TODAY, "lead_unit": justice},  # late
        {"deadline": TODAY - day, "completed_on": TODAY, "cancelled_on": TODAY},  # cancelled
        {"deadline": TODAY + 90 * day, "cancelled_on": TODAY, "lead_unit": finance},
        {"deadline": TODAY - 30 * day, "lead_unit": finance, "coordinating_units": [home]},
    ]
    return [make_task(lead_unit=s.pop("lead_unit", home), **s) for s in specs]


@pytest.mark.parametrize("status", Status.values)
def test_status_conditions_agree_with_the_computed_status(varied, status):
    expected = {t.pk for t in varied if status_of(t, TODAY) == status}

    found = set(Task.objects.filter(filters.status_q(status, TODAY)).values_list("pk", flat=True))

    assert found == expected


def test_several_statuses_at_once(varied):
    wanted = {Status.OVERDUE, Status.DONE_LATE}
    expected = {t.pk for t in varied if status_of(t, TODAY) in wanted}

    found = Task.objects.filter(filters.statuses_q(wanted, TODAY)).values_list("pk", flat=True)

    assert set(found) == expected


def test_a_units_tasks_are_those_it_leads_or_coordinates(varied):
    finance = unit_named(FINANCE)
    expected = {
        t.pk
        for t in varied
        if t.lead_unit_id == finance.pk or t.coordinations.filter(unit=finance).exists()
    }

    found = Task.objects.filter(pk__in=filters.unit_task_ids(finance))

    assert set(found.values_list("pk", flat=True)) == expected
    assert found.count() == len(expected)  # a task led and coordinated is counted once


def test_the_board_filters_by_status_as_before(varied):
    rows = selectors.tasks_for(SYSTEM, today=TODAY, status=Status.DUE_SOON)

    assert {t.status for t in rows} == {Status.DUE_SOON}
    assert len(rows) == 2


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plans are PostgreSQL's"
)


@postgres_only
def test_a_units_list_reads_indexes_on_postgresql():
    call_command("synth", provinces=2, units=400, tasks=4000, events=9000, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tasks_task; ANALYZE tasks_taskcoordination")
    unit = Task.objects.filter(synthetic=True).values_list("lead_unit_id", flat=True).first()

    page = selectors.tasks_for(SYSTEM, unit=unit)[:25]
    plan = page.explain()

    # The unit's rows come from the two indexes, not from a filter over every task (the old
    # `lead_unit_id = X OR id IN (...)` had no Index Cond on either column). On a table this
    # small the planner may still read tasks_task whole for the join; the bench checks the
    # plan at 100k and 1M tasks.
    assert f"Index Cond: (lead_unit_id = {unit})" in plan, plan
    assert f"Index Cond: (unit_id = {unit})" in plan, plan
