"""Periods and deadlines under Decree 09/2019/NĐ-CP: every frequency's data window (15th to
14th) and label, Q1 crossing the year, working days skipping weekends and holidays, the
fixed-day rule."""

import datetime as dt

import pytest

from chidao.reports.periods import (
    add_working_days,
    deadline_for,
    last_closed,
    period_containing,
    period_window,
    periods_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("index", "data_from", "data_to", "label"),
    [
        (1, D(2025, 12, 15), D(2026, 1, 14), "Tháng 1/2026"),
        (2, D(2026, 1, 15), D(2026, 2, 14), "Tháng 2/2026"),
        (3, D(2026, 2, 15), D(2026, 3, 14), "Tháng 3/2026"),
        (7, D(2026, 6, 15), D(2026, 7, 14), "Tháng 7/2026"),
        (12, D(2026, 11, 15), D(2026, 12, 14), "Tháng 12/2026"),
    ],
)
def test_monthly_window_runs_from_the_15th_of_the_previous_month(index, data_from, data_to, label):
    assert period_window("monthly", 2026, index) == (data_from, data_to, label)


def test_every_month_follows_the_previous_one_without_gap():
    windows = [period_window("monthly", 2026, i) for i in range(1, 13)]
    for (_f, end, _l), (start, _t, _m) in zip(windows, windows[1:], strict=False):
        assert start == end + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("index", "data_from", "data_to", "label"),
    [
        (1, D(2025, 12, 15), D(2026, 3, 14), "Quý I/2026"),
        (2, D(2026, 3, 15), D(2026, 6, 14), "Quý II/2026"),
        (3, D(2026, 6, 15), D(2026, 9, 14), "Quý III/2026"),
        (4, D(2026, 9, 15), D(2026, 12, 14), "Quý IV/2026"),
    ],
)
def test_quarterly_windows_and_q1_crossing_the_year(index, data_from, data_to, label):
    assert period_window("quarterly", 2026, index) == (data_from, data_to, label)


@pytest.mark.parametrize(
    ("frequency", "index", "expected"),
    [
        ("half_year", 1, (D(2025, 12, 15), D(2026, 6, 14), "6 tháng đầu năm 2026")),
        ("half_year", 2, (D(2026, 6, 15), D(2026, 12, 14), "6 tháng cuối năm 2026")),
        ("nine_month", 1, (D(2025, 12, 15), D(2026, 9, 14), "9 tháng năm 2026")),
        ("yearly", 1, (D(2025, 12, 15), D(2026, 12, 14), "Năm 2026")),
    ],
)
def test_half_year_nine_month_and_year(frequency, index, expected):
    assert period_window(frequency, 2026, index) == expected


@pytest.mark.parametrize(
    ("frequency", "index"),
    [("monthly", 0), ("monthly", 13), ("quarterly", 5), ("half_year", 3), ("yearly", 2)],
)
def test_an_index_outside_the_year_is_refused(frequency, index):
    with pytest.raises(ValueError):
        period_window(frequency, 2026, index)


def test_ad_hoc_has_no_fixed_window():
    with pytest.raises(ValueError):
        period_window("ad_hoc", 2026, 1)


# ---- working days


def test_working_days_skip_the_weekend():
    friday = D(2026, 3, 13)
    assert add_working_days(friday, 1) == D(2026, 3, 16)  # Monday
    assert add_working_days(friday, 2) == D(2026, 3, 17)
    assert add_working_days(D(2026, 3, 14), 1) == D(2026, 3, 16)  # from a Saturday
    assert add_working_days(friday, 0) == friday


def test_working_days_skip_holidays():
    # 30/04 and 01/05/2026 (Thursday, Friday) are public holidays.
    holidays = {D(2026, 4, 30), D(2026, 5, 1)}
    assert add_working_days(D(2026, 4, 29), 1, holidays) == D(2026, 5, 4)
    assert add_working_days(D(2026, 4, 29), 2, holidays) == D(2026, 5, 5)


def test_working_day_deadline_after_a_saturday_cutoff():
    # Q1/2026 ends on Saturday 14/03: two working days later is Tuesday 17/03.
    assert deadline_for(("working_days", 2), D(2026, 3, 14), holidays=()) == D(2026, 3, 17)


def test_working_day_deadline_skips_holidays_given_and_configured(settings):
    holidays = [D(2026, 3, 16)]
    assert deadline_for(("working_days", 2), D(2026, 3, 14), holidays) == D(2026, 3, 18)
    settings.CHIDAO_HOLIDAYS = ["2026-03-16", "2026-03-17"]
    assert deadline_for(("working_days", 2), D(2026, 3, 14)) == D(2026, 3, 19)


def test_no_holidays_configured_is_fine(settings):
    settings.CHIDAO_HOLIDAYS = []
    assert deadline_for(("working_days", 1), D(2026, 6, 14)) == D(2026, 6, 15)


def test_a_working_day_deadline_is_always_at_least_one_working_day_after_the_cutoff():
    assert deadline_for(("working_days", 0), D(2026, 3, 14), holidays=()) == D(2026, 3, 16)


# ---- fixed day


def test_fixed_day_is_that_day_of_the_cutoff_month():
    assert deadline_for(("fixed_day", 18), D(2026, 3, 14), holidays=()) == D(2026, 3, 18)
    assert deadline_for(("fixed_day", 20), D(2025, 12, 14), holidays=()) == D(2025, 12, 20)


@pytest.mark.parametrize("day", [10, 14])
def test_fixed_day_not_after_the_cutoff_is_refused(day):
    with pytest.raises(ValueError):
        deadline_for(("fixed_day", day), D(2026, 3, 14), holidays=())


def test_fixed_day_leaving_no_working_day_after_the_cutoff_is_refused():
    # 14/03/2026 is a Saturday: Sunday the 15th leaves no working day in between.
    with pytest.raises(ValueError):
        deadline_for(("fixed_day", 15), D(2026, 3, 14), holidays=())
    assert deadline_for(("fixed_day", 16), D(2026, 3, 14), holidays=()) == D(2026, 3, 16)


def test_deadline_reads_the_rule_from_a_regime_object():
    class Regime:
        deadline_rule, deadline_value = "fixed_day", 19

    assert deadline_for(Regime(), D(2026, 6, 14), holidays=()) == D(2026, 6, 19)


# ---- series of periods


def test_periods_between_lists_the_quarters_ending_in_the_span_across_years():
    found = periods_between("quarterly", D(2025, 7, 1), D(2026, 6, 30))
    assert [w.label for w in found] == ["Quý III/2025", "Quý IV/2025", "Quý I/2026", "Quý II/2026"]
    assert (found[2].year, found[2].index) == (2026, 1)
    assert found[2].data_from == D(2025, 12, 15)


def test_periods_between_includes_both_ends_and_is_empty_when_reversed():
    assert len(periods_between("monthly", D(2026, 1, 14), D(2026, 12, 14))) == 12
    assert periods_between("monthly", D(2026, 5, 1), D(2026, 4, 1)) == []


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (D(2025, 12, 20), "Quý I/2026"),
        (D(2026, 3, 14), "Quý I/2026"),
        (D(2026, 3, 15), "Quý II/2026"),
        (D(2026, 12, 14), "Quý IV/2026"),
        (D(2026, 12, 15), "Quý I/2027"),
    ],
)
def test_period_containing_a_day(day, label):
    assert period_containing("quarterly", day).label == label


def test_last_closed_quarter():
    assert last_closed("quarterly", D(2026, 3, 14)).label == "Quý IV/2025"
    assert last_closed("quarterly", D(2026, 3, 15)).label == "Quý I/2026"
