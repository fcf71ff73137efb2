"""Reads of indicators: the list a user may see, an indicator's values with their targets and
states, and a committee's overview (one state per indicator and per unit, off track first).

Each read is a fixed number of queries however many values there are: the indicators, their
targets and their current values are read once each and the states computed in Python by
`chidao.indicators.rules`.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from chidao.core import policy
from chidao.indicators import rules
from chidao.indicators.models import LAYER_ORDER, Indicator, Publication, Target, Value


def visible_indicators(user, committee) -> QuerySet:
    return policy.restrict(Indicator, user).filter(committee=committee)


def get_visible_indicator(user, pk) -> Indicator:
    return policy.get_visible_or_404(
        Indicator.objects.select_related("committee", "program__document"), user, pk
    )


def targets_by_indicator(indicator_ids) -> dict[int, dict]:
    """{indicator_id: {(unit_id or None, period): value}} in one query."""
    found: dict[int, dict] = defaultdict(dict)
    for row in Target.objects.filter(indicator_id__in=list(indicator_ids)).values(
        "indicator_id", "unit_id", "period", "value"
    ):
        found[row["indicator_id"]][(row["unit_id"], row["period"])] = row["value"]
    return found


def current_values(indicator_ids) -> list[Value]:
    return list(
        Value.objects.filter(indicator_id__in=list(indicator_ids), current=True)
        .select_related("unit")
        .order_by("indicator_id", "period_end", "unit_name", "unit_id")
    )


@dataclass
class Row:
    """One unit's actual for one quarter, with its milestone and state."""

    value: Value
    target: Decimal | None
    state: str | None

    @property
    def period(self) -> str:
        return self.value.period


def rows_for(indicator: Indicator, values: list[Value], targets: dict) -> list[Row]:
    """The indicator's values (oldest first) with milestones and states; the trend is read
    per unit from the values before."""
    history: dict[int, list[Decimal]] = defaultdict(list)
    rows = []
    for value in values:
        previous = history[value.unit_id]
        milestone = rules.milestone_for(targets, value.unit_id, value.period)
        state = rules.state_of(
            direction=indicator.direction,
            milestone=milestone,
            actual=value.actual,
            previous=previous,
            margin_percent=indicator.margin_percent,
        )
        rows.append(Row(value=value, target=milestone, state=state))
        previous.append(value.actual)
    return rows


def value_rows(
    indicator: Indicator,
    *,
    unit_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> list[Row]:
    """The current values of `indicator` (of one unit when given) whose quarter ends within
    [date_from, date_to], oldest first: three queries."""
    values = current_values([indicator.pk])
    if unit_id is not None:
        values = [v for v in values if v.unit_id == unit_id]
    rows = rows_for(indicator, values, targets_by_indicator([indicator.pk])[indicator.pk])
    return [
        r
        for r in rows
        if (date_from is None or r.value.period_end >= date_from)
        and (date_to is None or r.value.period_end <= date_to)
    ]


@dataclass
class Standing:
    """Where an indicator stands in its latest quarter with values: the committee-wide figure
    (the mean of the units' actuals against the mean of their milestones) and each unit."""

    indicator: Indicator
    period: str | None = None
    actual: Decimal | None = None
    target: Decimal | None = None
    state: str | None = None
    units: list[Row] = field(default_factory=list)
    series: list[dict] = field(default_factory=list)  # per quarter: actual, target, state

    @property
    def off_track_units(self) -> list[Row]:
        return [r for r in self.units if r.state == rules.OFF_TRACK]

    @property
    def sort_key(self):
        return (
            rules.STATE_ORDER[self.state],
            -len(self.off_track_units),
            LAYER_ORDER.get(self.indicator.layer, 9),
            self.indicator.code,
        )


def _mean(numbers: list[Decimal]) -> Decimal | None:
    if not numbers:
        return None
    return (sum(numbers, Decimal(0)) / len(numbers)).quantize(Decimal("0.01"))


def standings(
    indicators, *, as_of: dt.date | None = None, unit_ids=None, since: str = ""
) -> list[Standing]:
    """The standing of each indicator, off track first (then at risk, on track, without a
    state), then those with most units off track, by layer and code. Three queries; values
    of quarters ending after `as_of` are left out, and those of units not in `unit_ids`
    when given; the series over time starts at the quarter `since` when given (the trend
    still reads the quarters before)."""
    indicators = list(indicators)
    by_id = {i.pk: i for i in indicators}
    targets = targets_by_indicator(by_id)
    values: dict[int, list[Value]] = defaultdict(list)
    wanted = set(unit_ids) if unit_ids else None
    for value in current_values(by_id):
        if (as_of is None or value.period_end <= as_of) and (
            wanted is None or value.unit_id in wanted
        ):
            values[value.indicator_id].append(value)
    result = []
    for indicator in indicators:
        rows = rows_for(indicator, values[indicator.pk], targets.get(indicator.pk, {}))
        standing = Standing(indicator=indicator)
        by_period: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            by_period[row.period].append(row)
        history: list[Decimal] = []
        for period in sorted(by_period, key=lambda p: by_period[p][0].value.period_end):
            period_rows = by_period[period]
            actual = _mean([r.value.actual for r in period_rows])
            target = _mean([r.target for r in period_rows if r.target is not None])
            state = rules.state_of(
                direction=indicator.direction,
                milestone=target,
                actual=actual,
                previous=history,
                margin_percent=indicator.margin_percent,
            )
            history.append(actual)
            standing.series.append(
                {
                    "period": period,
                    "label": rules.quarter_label(period),
                    "actual": actual,
                    "target": target,
                    "state": state,
                }
            )
        if since:
            start = rules.parse_quarter(since)
            standing.series = [
                p for p in standing.series if rules.parse_quarter(p["period"]) >= start
            ]
        if standing.series:
            last = standing.series[-1]
            standing.period, standing.actual = last["period"], last["actual"]
            standing.target, standing.state = last["target"], last["state"]
            standing.units = sorted(
                by_period[last["period"]],
                key=lambda r: (rules.STATE_ORDER[r.state], r.value.unit_name),
            )
        result.append(standing)
    result.sort(key=lambda s: s.sort_key)
    return result


def committee_standings(
    user, committee, *, program=None, as_of=None, layer="", unit_ids=None, since=""
) -> list[Standing]:
    queryset = visible_indicators(user, committee).select_related("program__document")
    if program is not None:
        queryset = queryset.filter(program=program)
    if layer:
        queryset = queryset.filter(layer=layer)
    return standings(queryset, as_of=as_of, unit_ids=unit_ids, since=since)


def off_track(standing_list: list[Standing]) -> list[Standing]:
    """Indicators off track, or with a unit off track, in their latest quarter."""
    return [s for s in standing_list if s.state == rules.OFF_TRACK or s.off_track_units]


def is_published(committee) -> bool:
    return Publication.objects.filter(committee=committee, enabled=True).exists()
