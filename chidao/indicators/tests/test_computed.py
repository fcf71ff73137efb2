"""Actuals computed from chidao's own data (chidao.indicators.computed): task completion as
of the quarter's cut-off, reports counted by their deadline, and a second run that records
nothing new."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from chidao.accounts.tests.factories import unit_named
from chidao.indicators import computed
from chidao.indicators.models import Value
from chidao.indicators.tests.helpers import HOME_AFFAIRS, JUSTICE, make_indicator
from chidao.reports.models import Submission
from chidao.reports.tests.service_world import PAST, make_period, submitted
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    fast_passwords,
    focal_of,
    make_task,
)

pytestmark = pytest.mark.django_db


def test_task_completion_is_the_share_done_at_the_cutoff_and_is_not_recorded_twice():
    indicator = make_indicator("C-01", source_kind="task_completion", figure_key="")
    justice = unit_named(JUSTICE)
    make_task(lead_unit=justice, completed_on=dt.date(2025, 12, 1))
    make_task(lead_unit=justice)
    make_task(lead_unit=justice, completed_on=dt.date(2026, 4, 1))  # after the cut-off
    assert computed.compute(committee=committee_2023(), period="2026-Q1") == 1
    value = Value.objects.get(indicator=indicator)
    assert (value.unit, value.actual, value.source) == (justice, Decimal("33.3"), "computed")
    assert computed.compute(committee=committee_2023(), period="2026-Q1") == 0


def test_reports_on_time_counts_the_units_reports_due_in_the_quarter():
    indicator = make_indicator(
        "C-02", units=(HOME_AFFAIRS, JUSTICE), source_kind="reports_on_time", figure_key=""
    )
    period = make_period(when=PAST)  # deadline 17/03/2026: due in 2026-Q2
    report = submitted(period, focal_of(unit_named(JUSTICE)))
    on_time = timezone.make_aware(dt.datetime(2026, 3, 16, 9))
    Submission.objects.filter(pk=report.pk).update(submitted_at=on_time)
    computed.compute(committee=committee_2023(), period="2026-Q2")
    got = dict(Value.objects.filter(indicator=indicator).values_list("unit__name", "actual"))
    assert got == {JUSTICE: 100, HOME_AFFAIRS: 0}


def test_the_command_refuses_a_bad_quarter_in_vietnamese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Kỳ"):
        call_command("compute_indicators", "--period", "2026-Q7")


def test_meeting_attendance_is_the_share_of_the_units_seats_represented_in_the_quarter():
    from chidao.meetings.models import Invitation, Meeting
    from chidao.meetings.tests.helpers import at

    indicator = make_indicator(
        "C-03", units=(HOME_AFFAIRS, JUSTICE), source_kind="meeting_attendance", figure_key=""
    )
    justice, home = unit_named(JUSTICE), unit_named(HOME_AFFAIRS)
    marks = [(justice, "present"), (justice, "absent"), (home, "delegate"), (home, "unknown")]
    for day, status in ((dt.date(2026, 4, 10), "held"), (dt.date(2026, 5, 10), "concluded")):
        meeting = Meeting.objects.create(
            committee=committee_2023(),
            title="Họp",
            kind="regular",
            starts_at=at(day),
            status=status,
        )
        for unit, attendance in marks:
            Invitation.objects.create(meeting=meeting, unit=unit, attendance=attendance)
    later = Meeting.objects.create(  # after the quarter's cut-off (14/06): not counted
        committee=committee_2023(),
        title="Họp",
        kind="regular",
        starts_at=at(dt.date(2026, 7, 1)),
        status="held",
    )
    Invitation.objects.create(meeting=later, unit=justice, attendance="absent")
    call_command("compute_indicators", "--period", "2026-Q2")
    got = dict(Value.objects.filter(indicator=indicator).values_list("unit__name", "actual"))
    assert got == {JUSTICE: 50, HOME_AFFAIRS: 100}
