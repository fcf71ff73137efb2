"""Actuals computed from chidao's own data, for indicators whose source says so:
- task completion (`task_completion`): the share of the unit's tasks of the committee done
  (on time or late) among those counted at the quarter's cut-off, as of that cut-off
  (chidao.reports.statistics, the same rule as the consolidated report);
- reports on time (`reports_on_time`): the share of the unit's reports to the committee due
  within the quarter (deadline inside its data window, up to the day computed) that counted
  by their deadline (chidao.reports.selectors.submission_status, the dashboard's rule);
- meeting attendance (`meeting_attendance`): the share of the unit's committee seats in the
  committee's meetings held within the quarter's data window (up to the day computed) that
  were represented, present or by a delegate, among those whose attendance was recorded
  (chidao.meetings.selectors.attendance_by_unit);
Each is recorded as a computed value (a new version only when the figure changed) for the
units that have a target for the indicator."""

from collections import Counter
from decimal import Decimal

from django.utils import timezone

from chidao.core import policy
from chidao.indicators import rules, services
from chidao.indicators.models import Indicator, SourceKind, Target, Value
from chidao.meetings import selectors as meeting_selectors
from chidao.reports import selectors as report_selectors
from chidao.reports import statistics as st
from chidao.reports.models import ReportPeriod

ACTOR = policy.SystemActor("chidao compute-indicators")


def compute(*, committee, period: str, actor=ACTOR, today=None) -> int:
    """Compute the committee's computed indicators for `period` ("2025-Q2"), as of its
    cut-off (or as of today for the quarter under way); returns how many values were
    recorded."""
    window = rules.quarter_window(period)
    as_of = min(window.data_to, today or timezone.localdate())
    indicators = list(
        Indicator.objects.filter(
            committee=committee,
            source_kind__in=[
                SourceKind.TASK_COMPLETION,
                SourceKind.REPORTS_ON_TIME,
                SourceKind.MEETING_ATTENDANCE,
            ],
        )
    )
    if not indicators:
        return 0
    rates = {}
    if any(i.source_kind == SourceKind.TASK_COMPLETION for i in indicators):
        rows = st.status_rows(as_of=as_of, committee=committee, keys=("unit",))
        rates[SourceKind.TASK_COMPLETION] = {
            r["id"]: r["completion_rate"] for r in st.breakdown(rows, "unit") if r["id"]
        }
    if any(i.source_kind == SourceKind.REPORTS_ON_TIME for i in indicators):
        rates[SourceKind.REPORTS_ON_TIME] = reports_on_time(committee, window, as_of)
    if any(i.source_kind == SourceKind.MEETING_ATTENDANCE for i in indicators):
        rates[SourceKind.MEETING_ATTENDANCE] = meeting_attendance(committee, window, as_of)
    recorded = 0
    for indicator in indicators:
        recorded += _record(indicator, period, rates[indicator.source_kind], as_of, actor)
    return recorded


def reports_on_time(committee, window, as_of) -> dict[int, float]:
    """{unit_id: percent of its reports due in the window that counted by the deadline}."""
    due, on_time = Counter(), Counter()
    periods = ReportPeriod.objects.filter(
        committee=committee, deadline__gte=window.data_from, deadline__lte=as_of
    )
    for report_period in periods:
        for row in report_selectors.submission_status(report_period, as_of):
            due[row.unit.pk] += 1
            on_time[row.unit.pk] += int(not row.missing and not row.late)
    return {unit: st.percent(on_time[unit], n) for unit, n in due.items()}


def meeting_attendance(committee, window, as_of) -> dict[int, float]:
    """{unit_id: percent of its seats represented in the meetings held in the window}."""
    seats = meeting_selectors.attendance_by_unit(committee, window.data_from, as_of)
    return {unit: st.percent(represented, n) for unit, (n, represented) in seats.items() if n}


def _record(indicator, period, rates, as_of, actor) -> int:
    units = Target.objects.filter(indicator=indicator, unit__isnull=False).select_related("unit")
    current = dict(
        Value.objects.filter(indicator=indicator, period=period, current=True).values_list(
            "unit_id", "actual"
        )
    )
    recorded = 0
    for unit in {t.unit_id: t.unit for t in units}.values():
        rate = rates.get(unit.pk)
        if rate is None:
            continue
        rate = Decimal(str(rate)).quantize(Decimal("0.01"))
        if current.get(unit.pk) == rate:
            continue
        services.value_record(
            actor=actor,
            indicator=indicator,
            unit=unit,
            period=period,
            actual=rate,
            source=Value.Source.COMPUTED,
            source_detail=f"{indicator.get_source_kind_display()}, ngày {as_of:%d/%m/%Y}",
            today=as_of,
        )
        recorded += 1
    return recorded
