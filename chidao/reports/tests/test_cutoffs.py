"""Closed cut-offs computed once and kept, computed again when the history before them
changes (chidao.reports.cutoffs)."""

import datetime as dt

import pytest
from django.db.models import F, Q

from chidao.reports import cutoffs
from chidao.reports import statistics as st
from chidao.reports.models import CutoffTotals
from chidao.reports.tests import history as h
from chidao.tasks.models import TaskEvent
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 1, 10)
CLOSED = [h.Q3_2025, h.Q4_2025]


@pytest.fixture
def named():
    """The named history, written an hour ago (a transaction that may still commit an event
    below a mark is minutes old at most: cutoffs.IN_FLIGHT)."""
    tasks = h.build_named_history()
    TaskEvent.objects.update(created_at=F("created_at") - dt.timedelta(hours=1))
    return tasks


def fresh(day):
    return st.statistics_as_of(as_of=day, committee=h.committee(), group_by=None)["totals"]


def test_closed_cutoffs_are_kept_and_read_back_in_two_queries(named, django_assert_num_queries):
    committee = h.committee()
    # kept lookup, mark, one aggregate per date (today's too), the upsert
    with django_assert_num_queries(2 + 3 + 1):
        first = cutoffs.totals_at(committee, [*CLOSED, TODAY], today=TODAY)

    with django_assert_num_queries(2 + 1):  # kept lookup, changes since, today's aggregate
        again = cutoffs.totals_at(committee, [*CLOSED, TODAY], today=TODAY)

    assert again == first
    assert {day: first[day] for day in CLOSED} == {day: fresh(day) for day in CLOSED}
    assert set(CutoffTotals.objects.values_list("as_of", flat=True)) == set(CLOSED)


def test_an_event_after_the_cutoffs_keeps_them(named, django_assert_num_queries):
    committee = h.committee()
    cutoffs.totals_at(committee, CLOSED, today=TODAY)
    h.report(named["not_started"], dt.date(2026, 1, 5))

    with django_assert_num_queries(2):
        cutoffs.totals_at(committee, CLOSED, today=TODAY)


def test_a_backdated_change_recomputes_the_cutoffs_after_it(named):
    committee = h.committee()
    before = cutoffs.totals_at(committee, CLOSED, today=TODAY)
    kept_q3 = CutoffTotals.objects.get(as_of=h.Q3_2025).computed_at
    # recorded in January, in force since 1 November: Q4 changes, Q3 does not.
    h.reassign(named["not_started"], h.units()[h.FINANCE], dt.date(2025, 11, 1))
    h.complete(named["overdue"], dt.date(2025, 11, 20))

    after = cutoffs.totals_at(committee, CLOSED, today=TODAY)

    assert after[h.Q4_2025] == fresh(h.Q4_2025) != before[h.Q4_2025]
    assert after[h.Q3_2025] == before[h.Q3_2025]
    assert CutoffTotals.objects.get(as_of=h.Q3_2025).computed_at == kept_q3


def test_the_dashboard_rates_use_the_kept_cutoffs(named):
    committee = h.committee()
    points = st.rates_over_time(committee, CLOSED)

    assert CutoffTotals.objects.filter(committee=committee).count() == len(CLOSED)
    filtered = st.rates_over_time(committee, CLOSED, task_filter=Q())
    assert [p.totals for p in points] == [p.totals for p in filtered]
