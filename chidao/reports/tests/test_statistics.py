"""Statistics as of a cut-off: rebuilt from the history, checked against an independent
recomputation in plain Python, and unchanged by what happens after the cut-off."""

import datetime as dt

import pytest
from django.db.models import Q

from chidao.accounts.tests.factories import unit_named
from chidao.reports import statistics as st
from chidao.reports.tests import history as h
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import FINANCE, SCIENCE, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db

CUTOFFS = [
    dt.date(2025, 6, 14),
    dt.date(2025, 8, 31),
    h.Q3_2025,
    dt.date(2025, 10, 1),
    h.Q4_2025,
    h.Q1_2026,
]


@pytest.fixture
def named():
    return h.build_named_history()


@pytest.fixture
def random_tasks():
    return h.build_random_history()


def test_each_task_has_the_status_and_lead_unit_it_had_on_the_cutoff(named):
    rows = dict(
        st.tasks_as_of(h.Q3_2025, committee=h.committee()).values_list("title", "status_as_of")
    )
    leads = dict(
        st.tasks_as_of(h.Q3_2025, committee=h.committee()).values_list("title", "lead_as_of")
    )
    for name, (status, lead) in h.EXPECTED_Q3.items():
        assert rows.get(name) == status, name
        if lead is not None:
            assert leads[name] == unit_named(lead).pk, name
    assert "egov" not in rows


def test_totals_are_the_sum_of_the_five_columns_and_exclude_cancelled(named):
    result = st.statistics_as_of(as_of=h.Q3_2025, committee=h.committee(), group_by="unit")
    totals = result["totals"]
    assert result["as_of"] == h.Q3_2025
    assert totals["total"] == sum(totals[c] for c in st.COLUMNS)
    expected = [s for s, _ in h.EXPECTED_Q3.values() if s]
    assert totals["total"] == len(expected)
    for column in st.COLUMNS:
        assert totals[column] == expected.count(column), column
    assert totals[st.ON_TIME_AFTER_EXTENSION] == 1  # extended_on_time
    for row in result["units"]:
        assert row["total"] == sum(row[c] for c in st.COLUMNS)
        assert set(row["unit"]) == {"id", "name"}
    assert sum(row["total"] for row in result["units"]) == totals["total"]
    assert totals["completion_rate"] == round(
        (totals["done_on_time"] + totals["done_late"]) * 100 / totals["total"], 1
    )
    assert totals["overdue_rate"] == round(totals["overdue"] * 100 / totals["total"], 1)


def test_reassigned_task_counts_for_the_unit_that_led_it_on_the_cutoff(named):
    finance = unit_named(FINANCE)
    science = unit_named(SCIENCE)
    q3 = st.statistics_as_of(as_of=h.Q3_2025, committee=h.committee(), lead_unit=finance)
    # silent_overdue, moved (since 01/08), moved_backdated (effective 01/09), completed_after
    assert q3["totals"]["total"] == 4
    q4 = st.statistics_as_of(as_of=h.Q4_2025, committee=h.committee(), lead_unit=science)
    titles = set(
        st.tasks_as_of(h.Q4_2025, committee=h.committee(), lead_unit=science).values_list(
            "title", flat=True
        )
    )
    assert "moved" in titles
    assert q4["totals"]["total"] == len(titles)


@pytest.mark.parametrize("group", [None, "unit", "domain", "source"])
def test_matches_an_independent_recomputation_at_several_cutoffs(named, random_tasks, group):
    committee = h.committee()
    for as_of in CUTOFFS:
        expected = {k: v for k, v in h.recompute(as_of, committee, group).items() if v}
        result = st.statistics_as_of(as_of=as_of, committee=committee, group_by=group)
        assert h.flat(result, group) == expected, (as_of, group)


def test_task_filter_restricts_to_a_program(named, random_tasks):
    task = Task.objects.filter(committee=h.committee(), source__isnull=False).first()
    source = task.source
    ids = list(Task.objects.filter(source=source).values_list("pk", flat=True))
    for as_of in CUTOFFS:
        expected = h.recompute(as_of, h.committee(), None, task_ids=ids)
        result = st.statistics_as_of(
            as_of=as_of, committee=h.committee(), task_filter=Q(source=source), group_by=None
        )
        assert h.flat(result) == {k: v for k, v in expected.items() if v}


def test_changes_after_the_cutoff_do_not_change_its_figures(named):
    committee = h.committee()
    before = {
        group: st.statistics_as_of(as_of=h.Q3_2025, committee=committee, group_by=group)
        for group in ("unit", "domain", "source")
    }
    later = dt.date(2025, 10, 20)
    # complete an overdue task, cancel one in progress, extend an overdue one, report on a
    # not-started one, and move one to another unit — all after the cut-off.
    h.complete(named["overdue"], later)
    h.cancel(named["in_progress"], later)
    h.extend(named["silent_overdue"], later, later, dt.date(2026, 1, 31))
    h.report(named["not_started"], later)
    h.reassign(named["refused"], unit_named(FINANCE), later)
    after = {
        group: st.statistics_as_of(as_of=h.Q3_2025, committee=committee, group_by=group)
        for group in ("unit", "domain", "source")
    }
    assert after == before
    # ... while the figures of a later cut-off do see them.
    q4 = st.statistics_as_of(as_of=h.Q4_2025, committee=committee, group_by=None)
    assert q4["totals"] != before["unit"]["totals"]


def test_no_tasks_gives_zeros_and_no_rates():
    result = st.statistics_as_of(as_of=dt.date(2000, 1, 14), group_by="unit")
    assert result["units"] == []
    assert result["totals"]["total"] == 0
    assert result["totals"]["completion_rate"] is None


def test_statistics_are_one_aggregate_query_plus_names(named, django_assert_num_queries):
    committee = h.committee()
    with django_assert_num_queries(2):
        st.statistics_as_of(as_of=h.Q3_2025, committee=committee, group_by="unit")
    with django_assert_num_queries(1):
        st.statistics_as_of(as_of=h.Q3_2025, committee=committee, group_by=None)


def test_rates_over_time_one_query_per_date(named, django_assert_num_queries):
    dates = [h.Q3_2025, h.Q4_2025]
    committee = h.committee()
    with django_assert_num_queries(2):
        points = st.rates_over_time(committee, dates, task_filter=Q())
    assert [p.as_of for p in points] == dates
    q3 = st.statistics_as_of(as_of=h.Q3_2025, committee=h.committee(), group_by=None)
    assert points[0].totals == q3["totals"]


def test_quarter_cutoffs():
    assert st.quarter_cutoffs(dt.date(2026, 3, 20), count=3) == [
        dt.date(2025, 9, 14),
        dt.date(2025, 12, 14),
        dt.date(2026, 3, 14),
        dt.date(2026, 3, 20),
    ]
    assert st.quarter_cutoffs(dt.date(2026, 3, 14), count=2)[-1] == dt.date(2026, 3, 14)


def test_unknown_group_is_refused():
    with pytest.raises(ValueError, match="group_by"):
        st.statistics_as_of(as_of=h.Q3_2025, group_by="province")
