"""Actuals computed from chidao's own data, for indicators whose source says so:
- task completion (`task_completion`): the share of the unit's tasks of the committee done
  (on time or late) among those counted at the quarter's cut-off, as of that cut-off
  (chidao.reports.statistics, the same rule as the consolidated report);
Each is recorded as a computed value (a new version only when the figure changed) for the
units that have a target for the indicator."""

from decimal import Decimal

from django.utils import timezone

from chidao.core import policy
from chidao.indicators import rules, services
from chidao.indicators.models import Indicator, SourceKind, Target, Value
from chidao.reports import statistics as st

ACTOR = policy.SystemActor("chidao compute-indicators")


def compute(*, committee, period: str, actor=ACTOR, today=None) -> int:
    """Compute the committee's computed indicators for `period` ("2025-Q2"), as of its
    cut-off (or as of today for the quarter under way); returns how many values were
    recorded."""
    window = rules.quarter_window(period)
    as_of = min(window.data_to, today or timezone.localdate())
    indicators = list(
        Indicator.objects.filter(committee=committee, source_kind=SourceKind.TASK_COMPLETION)
    )
    if not indicators:
        return 0
    rows = st.status_rows(as_of=as_of, committee=committee, keys=("unit",))
    rates = {r["id"]: r["completion_rate"] for r in st.breakdown(rows, "unit") if r["id"]}
    recorded = 0
    for indicator in indicators:
        units = Target.objects.filter(indicator=indicator, unit__isnull=False).select_related(
            "unit"
        )
        current = dict(
            Value.objects.filter(indicator=indicator, period=period, current=True).values_list(
                "unit_id", "actual"
            )
        )
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
                source_detail=f"Nhiệm vụ của Ban Chỉ đạo tại ngày {as_of:%d/%m/%Y}",
                today=as_of,
            )
            recorded += 1
    return recorded
