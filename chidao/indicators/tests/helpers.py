"""Indicators of the 2023 committee for tests: one entered by the units (with a report figure
key), targets per unit for 2026 with quarterly milestones, and the users who act on them."""

import datetime as dt
from decimal import Decimal

from chidao.accounts.tests.factories import unit_named
from chidao.core.policy import SystemActor
from chidao.indicators.models import Indicator, Target
from chidao.tasks.tests.factories import committee_2023

SYSTEM = SystemActor("test")
HOME_AFFAIRS = "Sở Nội vụ"
JUSTICE = "Sở Tư pháp"
FINANCE = "Sở Tài chính"
TODAY = dt.date(2026, 12, 3)
# Milestones of 2026: Q1 60, Q2 65, Q3 70, Q4 75 (year 75).
MILESTONES = {"2026-Q1": 60, "2026-Q2": 65, "2026-Q3": 70, "2026-Q4": 75, "2026": 75}


def make_indicator(
    code="T-01",
    units=(JUSTICE, FINANCE),
    *,
    published=True,
    figure_key="ty_le",
    direction="higher",
    **extra,
) -> Indicator:
    indicator = Indicator.objects.create(
        committee=committee_2023(),
        code=code,
        name=extra.pop("name", f"Tỷ lệ hồ sơ trực tuyến ({code})"),
        unit_of_measure="%",
        direction=direction,
        layer=extra.pop("layer", "outcome"),
        figure_key=figure_key,
        minimum=Decimal(0),
        maximum=Decimal(100),
        published=published,
        **extra,
    )
    for name in units:
        unit = unit_named(name)
        Target.objects.bulk_create(
            Target(indicator=indicator, unit=unit, period=period, value=Decimal(value))
            for period, value in MILESTONES.items()
        )
    return indicator


def enter_value(indicator, unit_name: str, period: str, actual, note="Giải trình."):
    """`unit_name`'s actual for `period`, entered by the system (with a note, so that a value
    that falls is accepted)."""
    from chidao.indicators import services

    return services.value_record(
        actor=SYSTEM,
        indicator=indicator,
        unit=unit_named(unit_name),
        period=period,
        actual=actual,
        note=note,
    )
