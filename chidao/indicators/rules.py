"""Periods and the warning rule, written once.

Periods are quarters of the reporting regime (Decree 09/2019: Q1 = 15/12 of the previous year
to 14/03, …), keyed "2025-Q1"; a yearly target is keyed "2025".

The state of an actual value against its milestone (`state_of`):
- off track (chậm tiến độ): the actual misses the period's milestone (below it when higher is
  better, above it when lower is better);
- at risk (có nguy cơ chậm): it meets the milestone, but with less to spare than the
  indicator's margin (a share of the milestone, 5% by default), or it has worsened in each of
  the last two periods (three values in a row, each worse than the one before);
- on track (đúng tiến độ): it meets the milestone with the margin to spare and is not
  worsening;
- none: no milestone or no actual for the period.
The milestone of a quarter is the unit's target for that quarter, else the committee's; for
the fourth quarter, failing both, the year's target (the unit's, else the committee's).
"""

import datetime as dt
import re
from decimal import Decimal

from django.utils.translation import gettext as _

from chidao.core.errors import ActionRefused
from chidao.reports import periods as report_periods

QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
YEAR = re.compile(r"^(\d{4})$")
ON_TRACK, AT_RISK, OFF_TRACK = "on_track", "at_risk", "off_track"
STATE_ORDER = {OFF_TRACK: 0, AT_RISK: 1, ON_TRACK: 2, None: 3}


def parse_quarter(period) -> tuple[int, int]:
    """(year, quarter) of "2025-Q2"; ActionRefused 422 with a message otherwise."""
    match = QUARTER.fullmatch(str(period or "").strip())
    if not match or not 1901 <= int(match[1]) <= 9998:
        raise ActionRefused(
            _("Kỳ “%(p)s” không hợp lệ: ghi theo quý, ví dụ 2025-Q2.") % {"p": period},
            field="period",
        )
    return int(match[1]), int(match[2])


def quarter_window(period: str) -> report_periods.Window:
    year, quarter = parse_quarter(period)
    return report_periods.window(report_periods.QUARTERLY, year, quarter)


def quarter_key(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def quarter_label(period: str) -> str:
    return quarter_window(period).label


def quarter_of(day: dt.date) -> str:
    """The quarter whose data window contains `day`."""
    w = report_periods.period_containing(report_periods.QUARTERLY, day)
    return quarter_key(w.year, w.index)


def last_closed_quarter(today: dt.date) -> str:
    w = report_periods.last_closed(report_periods.QUARTERLY, today)
    return quarter_key(w.year, w.index)


def quarters_back(period: str, count: int) -> list[str]:
    """`count` quarters ending with `period`, oldest first."""
    year, quarter = parse_quarter(period)
    keys = []
    for _i in range(count):
        keys.append(quarter_key(year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    return keys[::-1]


def milestone_for(targets: dict, unit_id, period: str) -> Decimal | None:
    """The milestone of `period` for `unit_id` from {(unit_id or None, period): value}."""
    for key in ((unit_id, period), (None, period)):
        if key in targets:
            return targets[key]
    if period.endswith("-Q4"):
        year = period[:4]
        for key in ((unit_id, year), (None, year)):
            if key in targets:
                return targets[key]
    return None


def worse(direction: str, new: Decimal, old: Decimal) -> bool:
    return new < old if direction == "higher" else new > old


def misses(direction: str, actual: Decimal, milestone: Decimal) -> bool:
    return worse(direction, actual, milestone)


def state_of(
    *,
    direction: str,
    milestone: Decimal | None,
    actual: Decimal | None,
    previous: list[Decimal] = (),
    margin_percent: Decimal = Decimal(5),
) -> str | None:
    """The state by the rule in this module's docstring; `previous` are the actuals of the
    periods before, oldest first (only the last two matter)."""
    if milestone is None or actual is None:
        return None
    if misses(direction, actual, milestone):
        return OFF_TRACK
    margin = abs(milestone) * Decimal(margin_percent) / 100
    spare = actual - milestone if direction == "higher" else milestone - actual
    recent = list(previous)[-2:]
    worsening = len(recent) == 2 and (
        worse(direction, recent[1], recent[0]) and worse(direction, actual, recent[1])
    )
    if spare < margin or worsening:
        return AT_RISK
    return ON_TRACK
