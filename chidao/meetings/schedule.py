"""The dates of a committee's regular meetings, from its schedule (`MeetingSchedule`).

A schedule splits the year into periods of its cadence (months, quarters, halves, the year);
in each period its meeting falls in the `month_of_period`-th month, on the `weekday` of the
`week`-th week of that month (the n-th such weekday; week 5 is the month's last). Quarterly,
month 3, week 3, Thursday is "the Thursday of the third week of each quarter's last month".
Pure functions: no database.
"""

import calendar
import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
WEEKDAYS = (
    gettext_lazy("thứ Hai"),
    gettext_lazy("thứ Ba"),
    gettext_lazy("thứ Tư"),
    gettext_lazy("thứ Năm"),
    gettext_lazy("thứ Sáu"),
    gettext_lazy("thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)
LAST_WEEK = 5


def nth_weekday(year: int, month: int, weekday: int, week: int) -> dt.date:
    """The `week`-th `weekday` of the month (week 5: the last one)."""
    days = calendar.monthrange(year, month)[1]
    matching = [
        dt.date(year, month, d)
        for d in range(1, days + 1)
        if dt.date(year, month, d).weekday() == weekday
    ]
    return matching[-1] if week >= LAST_WEEK else matching[week - 1]


def period_start(day: dt.date, cadence: str) -> tuple[int, int]:
    """(year, first month) of the period of `cadence` holding `day`."""
    months = MONTHS[cadence]
    return day.year, ((day.month - 1) // months) * months + 1


def slot_in(year: int, first_month: int, schedule) -> dt.date:
    month = first_month + schedule.month_of_period - 1
    return nth_weekday(year, month, schedule.weekday, schedule.week)


def occurrences(schedule, start: dt.date, count: int) -> list[dt.date]:
    """The next `count` dates of the schedule on or after `start`."""
    months = MONTHS[schedule.cadence]
    year, month = period_start(start, schedule.cadence)
    found = []
    while len(found) < count:
        day = slot_in(year, month, schedule)
        if day >= start:
            found.append(day)
        month += months
        if month > 12:
            year, month = year + 1, month - 12
    return found


def previous(schedule, before: dt.date, count: int) -> list[dt.date]:
    """The `count` dates of the schedule before `before`, oldest first."""
    months = MONTHS[schedule.cadence]
    year, month = period_start(before, schedule.cadence)
    found = []
    while len(found) < count:
        day = slot_in(year, month, schedule)
        if day < before:
            found.append(day)
        month -= months
        if month < 1:
            year, month = year - 1, month + 12
    return sorted(found)


def is_slot(schedule, day: dt.date) -> bool:
    year, month = period_start(day, schedule.cadence)
    return slot_in(year, month, schedule) == day


def period_name(cadence: str, day: dt.date) -> str:
    """The period a date belongs to, as a meeting's title names it ("quý II năm 2025")."""
    if cadence == "monthly":
        return _("tháng %(month)s năm %(year)s") % {"month": day.month, "year": day.year}
    if cadence == "quarterly":
        quarter = ("I", "II", "III", "IV")[(day.month - 1) // 3]
        return _("quý %(quarter)s năm %(year)s") % {"quarter": quarter, "year": day.year}
    if cadence == "half_yearly":
        if day.month <= 6:
            return _("6 tháng đầu năm %(year)s") % {"year": day.year}
        return _("6 tháng cuối năm %(year)s") % {"year": day.year}
    return _("năm %(year)s") % {"year": day.year}


def describe(schedule) -> str:
    """The rule in words: "Hằng quý: thứ Năm tuần thứ 3 của tháng thứ 3 trong kỳ, 08:00"."""
    if schedule.week >= LAST_WEEK:
        week = _("tuần cuối")
    else:
        week = _("tuần thứ %(n)s") % {"n": schedule.week}
    if schedule.cadence == "monthly":
        where = _("%(weekday)s %(week)s của tháng") % {
            "weekday": WEEKDAYS[schedule.weekday],
            "week": week,
        }
    else:
        where = _("%(weekday)s %(week)s của tháng thứ %(month)s trong kỳ") % {
            "weekday": WEEKDAYS[schedule.weekday],
            "week": week,
            "month": schedule.month_of_period,
        }
    return _("%(cadence)s: %(where)s, lúc %(time)s") % {
        "cadence": schedule.get_cadence_display(),
        "where": where,
        "time": schedule.time.strftime("%H:%M"),
    }
