"""The warning rule (chidao.indicators.rules): one behaviour each."""

from decimal import Decimal as D

import pytest
from django.utils import translation

from chidao.core.errors import ActionRefused
from chidao.indicators import rules


def state(actual, milestone=D(70), previous=(), direction="higher"):
    return rules.state_of(
        direction=direction,
        milestone=milestone,
        actual=D(actual),
        previous=[D(p) for p in previous],
        margin_percent=D(5),
    )


def test_below_the_milestone_is_off_track():
    assert state("69.99") == rules.OFF_TRACK


def test_meeting_it_with_less_than_the_margin_is_at_risk():
    assert state("73") == rules.AT_RISK  # 5% of 70 is 3.5


def test_meeting_it_with_the_margin_is_on_track():
    assert state("73.5") == rules.ON_TRACK


def test_worsening_two_periods_in_a_row_is_at_risk_even_above_the_margin():
    assert state("80", previous=("90", "85")) == rules.AT_RISK


def test_one_worse_period_is_not_a_trend():
    assert state("80", previous=("70", "85")) == rules.ON_TRACK


def test_lower_is_better_reverses_the_rule():
    assert state("75", direction="lower") == rules.OFF_TRACK
    assert state("60", direction="lower") == rules.ON_TRACK


def test_no_milestone_no_state():
    assert state("50", milestone=None) is None


def test_milestone_falls_back_to_the_committee_then_to_the_year_for_q4():
    targets = {(None, "2026-Q2"): D(65), (7, "2026"): D(75)}
    assert rules.milestone_for(targets, 7, "2026-Q2") == D(65)
    assert rules.milestone_for(targets, 7, "2026-Q4") == D(75)
    assert rules.milestone_for(targets, 7, "2026-Q3") is None


@pytest.mark.parametrize("bad", ["2026-Q5", "2026Q1", "Q1/2026", "", None, "0001-Q1"])
def test_a_period_that_is_not_a_quarter_is_refused_in_vietnamese(bad):
    with translation.override("vi"), pytest.raises(ActionRefused) as caught:
        rules.parse_quarter(bad)
    assert caught.value.status == 422 and "Kỳ" in str(caught.value)


def test_quarters_follow_the_decree_09_cutoffs():
    window = rules.quarter_window("2026-Q1")
    assert (window.data_from.isoformat(), window.data_to.isoformat()) == (
        "2025-12-15",
        "2026-03-14",
    )
    assert rules.quarters_back("2026-Q2", 3) == ["2025-Q4", "2026-Q1", "2026-Q2"]
