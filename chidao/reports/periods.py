"""Reporting periods and deadlines under Decree 09/2019/NĐ-CP. Pure functions: no database.

Data cut-off runs from the 15th to the 14th, not by calendar month:
- monthly: 15th of the previous month – 14th of the month ("Tháng 3/2026");
- quarterly: Q1 15/12 (previous year) – 14/03, Q2 15/03 – 14/06, Q3 15/06 – 14/09,
  Q4 15/09 – 14/12 ("Quý I/2026");
- half-year: H1 15/12 (previous year) – 14/06, H2 15/06 – 14/12 ("6 tháng đầu năm 2026",
  "6 tháng cuối năm 2026");
- nine months: 15/12 (previous year) – 14/09 ("9 tháng năm 2026");
- year: 15/12 (previous year) – 14/12 ("Năm 2026").
A period belongs to the year in which its data ends.

The deadline follows the regime: N working days after the cut-off (at least one, so there is
always a working day between the end of the data and the deadline), or a fixed day of the
month in which the data ends (commonly 16–20), which must leave at least one working day
after the cut-off. Working days are Monday to Friday except the holidays in the setting
CHIDAO_HOLIDAYS (dates or "YYYY-MM-DD" strings; may be empty).
"""

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

CUTOFF_DAY = 14  # data ends on the 14th; the next period starts on the 15th

MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEAR = "half_year"
NINE_MONTH = "nine_month"
YEARLY = "yearly"
AD_HOC = "ad_hoc"

WORKING_DAYS = "working_days"
FIXED_DAY = "fixed_day"

# frequency -> (number of periods in a year, months per period); the period `index` ends in
# month index * months (nine_month: one period, ending in September).
_SHAPE = {
    MONTHLY: (12, 1),
    QUARTERLY: (4, 3),
    HALF_YEAR: (2, 6),
    NINE_MONTH: (1, 9),
    YEARLY: (1, 12),
}
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Window:
    """One period of a frequency: its year and index, data window and label."""

    frequency: str
    year: int
    index: int
    data_from: dt.date
    data_to: dt.date
    label: str


def periods_per_year(frequency: str) -> int:
    if frequency not in _SHAPE:
        raise ValueError(_("Tần suất “%(f)s” không có kỳ cố định.") % {"f": frequency})
    return _SHAPE[frequency][0]


def _months_back(year: int, month: int, months: int) -> tuple[int, int]:
    zero = year * 12 + (month - 1) - months
    return zero // 12, zero % 12 + 1


def label_for(frequency: str, year: int, index: int) -> str:
    if frequency == MONTHLY:
        return f"Tháng {index}/{year}"
    if frequency == QUARTERLY:
        return f"Quý {_ROMAN[index]}/{year}"
    if frequency == HALF_YEAR:
        return f"6 tháng đầu năm {year}" if index == 1 else f"6 tháng cuối năm {year}"
    if frequency == NINE_MONTH:
        return f"9 tháng năm {year}"
    if frequency == YEARLY:
        return f"Năm {year}"
    raise ValueError(_("Tần suất “%(f)s” không có kỳ cố định.") % {"f": frequency})


def window(frequency: str, year: int, index: int) -> Window:
    """The period `index` (1-based) of `year` for a periodic frequency; ValueError otherwise."""
    count, months = _SHAPE.get(frequency, (0, 0))
    if not count:
        raise ValueError(_("Tần suất “%(f)s” không có kỳ cố định.") % {"f": frequency})
    if not isinstance(index, int) or not 1 <= index <= count:
        raise ValueError(_("Kỳ %(i)s không hợp lệ: từ 1 đến %(n)s.") % {"i": index, "n": count})
    if not isinstance(year, int) or not 1901 <= year <= 9998:
        raise ValueError(_("Năm %(y)s không hợp lệ.") % {"y": year})
    end_month = index * months
    data_to = dt.date(year, end_month, CUTOFF_DAY)
    start_year, start_month = _months_back(year, end_month, months)
    data_from = dt.date(start_year, start_month, CUTOFF_DAY + 1)
    return Window(frequency, year, index, data_from, data_to, label_for(frequency, year, index))


def period_window(frequency: str, year: int, index: int) -> tuple[dt.date, dt.date, str]:
    """(data_from, data_to, label) of the period `index` of `year`."""
    w = window(frequency, year, index)
    return w.data_from, w.data_to, w.label


def period_containing(frequency: str, day: dt.date) -> Window:
    """The period of `frequency` whose data window contains `day`.

    For nine_month, which does not cover the whole year, the nine-month period of the year
    whose data has not ended yet on `day` (15/09–14/12 fall in the next year's).
    """
    count, months = _SHAPE.get(frequency, (0, 0))
    if not count:
        raise ValueError(_("Tần suất “%(f)s” không có kỳ cố định.") % {"f": frequency})
    # The month in which the data containing `day` ends (days after the 14th belong to the
    # period ending the following month).
    year, month = (day.year, day.month)
    if day.day > CUTOFF_DAY:
        year, month = _months_back(year, month, -1)
    if frequency == NINE_MONTH:
        return window(frequency, year if month <= 9 else year + 1, 1)
    index = -(-month // months)  # ceil
    return window(frequency, year, index)


def periods_between(frequency: str, start: dt.date, end: dt.date) -> list[Window]:
    """Every period of `frequency` whose data ends between `start` and `end` (inclusive),
    oldest first."""
    if end < start:
        return []
    result = []
    year = start.year
    while year <= end.year + 1:
        for index in range(1, periods_per_year(frequency) + 1):
            w = window(frequency, year, index)
            if start <= w.data_to <= end:
                result.append(w)
        year += 1
    return result


def last_closed(frequency: str, today: dt.date) -> Window:
    """The latest period whose data ended before `today`."""
    found = periods_between(frequency, today - dt.timedelta(days=400), today - dt.timedelta(1))
    return found[-1]


# ---- working days and deadlines


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def configured_holidays() -> frozenset[dt.date]:
    """The public holidays of the setting CHIDAO_HOLIDAYS (absent or empty: none)."""
    from django.conf import settings

    return frozenset(_as_date(v) for v in getattr(settings, "CHIDAO_HOLIDAYS", None) or ())


def is_working_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> bool:
    return day.weekday() < 5 and day not in set(holidays)


def add_working_days(day: dt.date, n: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The n-th working day (Mon–Fri, not a holiday) after `day`; `day` itself when n is 0."""
    if n < 0:
        raise ValueError(_("Số ngày làm việc phải không âm."))
    off = {_as_date(h) for h in holidays}
    current = day
    while n:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            n -= 1
    return current


def _rule_of(regime) -> tuple[str, int]:
    if isinstance(regime, tuple | list):
        rule, value = regime
    else:
        rule, value = regime.deadline_rule, regime.deadline_value
    return str(rule), int(value)


def check_rule(rule: str, value: int) -> None:
    """Refuse a deadline rule that can never give a valid deadline (ValueError)."""
    if rule == WORKING_DAYS:
        if not 1 <= value <= 60:
            raise ValueError(_("Số ngày làm việc sau ngày chốt phải từ 1 đến 60."))
    elif rule == FIXED_DAY:
        if not CUTOFF_DAY < value <= 28:
            raise ValueError(
                _("Ngày cố định phải sau ngày chốt số liệu (ngày %(d)s) và không quá ngày 28.")
                % {"d": CUTOFF_DAY}
            )
    else:
        raise ValueError(_("Cách tính hạn không hợp lệ: “%(r)s”.") % {"r": rule})


def deadline_for(regime, data_to: dt.date, holidays: Iterable[dt.date] | None = None) -> dt.date:
    """The submission deadline for data ending on `data_to` under the regime's rule.

    `regime` has deadline_rule and deadline_value (or is a (rule, value) pair). Holidays
    default to the setting CHIDAO_HOLIDAYS. ValueError when the rule gives no valid deadline.
    """
    rule, value = _rule_of(regime)
    off = configured_holidays() if holidays is None else {_as_date(h) for h in holidays}
    if rule == WORKING_DAYS:
        if value < 0:
            raise ValueError(_("Số ngày làm việc sau ngày chốt phải không âm."))
        return add_working_days(data_to, max(value, 1), off)
    if rule == FIXED_DAY:
        last = calendar.monthrange(data_to.year, data_to.month)[1]
        if not 1 <= value <= last:
            raise ValueError(
                _("Tháng %(m)s/%(y)s không có ngày %(d)s.")
                % {"m": data_to.month, "y": data_to.year, "d": value}
            )
        deadline = data_to.replace(day=value)
        if deadline <= data_to:
            raise ValueError(
                _("Hạn nộp ngày %(d)s không sau ngày chốt số liệu %(to)s.")
                % {"d": value, "to": data_to.strftime("%d/%m/%Y")}
            )
        if add_working_days(data_to, 1, off) > deadline:
            raise ValueError(
                _(
                    "Hạn nộp %(deadline)s không để lại ngày làm việc nào sau ngày chốt "
                    "số liệu %(to)s."
                )
                % {"deadline": deadline.strftime("%d/%m/%Y"), "to": data_to.strftime("%d/%m/%Y")}
            )
        return deadline
    raise ValueError(_("Cách tính hạn không hợp lệ: “%(r)s”.") % {"r": rule})
