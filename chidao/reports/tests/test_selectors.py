"""Reading reports: where each required unit stands (submitted, late, missing) and who may see
which periods and submissions."""

import datetime as dt

import pytest
from django.utils import timezone

from chidao.accounts.models import Role
from chidao.reports import selectors, services
from chidao.reports.models import Submission
from chidao.reports.tests.service_world import (  # noqa: F401
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    PAST,
    PAST_DEADLINE,
    SECTIONS,
    draft,
    fast_passwords,
    make_period,
    standing,
    submitted,
    uploads,
    user_of,
)

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def stamp(submission, when):
    Submission.objects.filter(pk=submission.pk).update(submitted_at=when)


def rows_by_unit(period, today):
    return {row.unit.name: row for row in selectors.submission_status(period, today)}


# ---- status of a period


def test_one_row_per_required_unit_by_name_missing_when_nothing_written():
    period = make_period((JUSTICE, HOME_AFFAIRS, FINANCE))

    rows = selectors.submission_status(period, today=dt.date(2029, 1, 1))

    assert [row.unit.name for row in rows] == sorted([JUSTICE, HOME_AFFAIRS, FINANCE])
    assert {row.state for row in rows} == {"missing"}
    assert all(row.missing and not row.late and row.current is None for row in rows)


def test_on_time_late_and_missing_after_the_deadline():
    period = make_period((HOME_AFFAIRS, JUSTICE, FINANCE), when=PAST)
    stamp(submitted(period, user_of(HOME_AFFAIRS)), at(PAST_DEADLINE, 16))
    stamp(submitted(period, user_of(JUSTICE)), at(PAST_DEADLINE + dt.timedelta(days=1), 8))

    rows = rows_by_unit(period, today=PAST_DEADLINE + dt.timedelta(days=5))

    assert (rows[HOME_AFFAIRS].state, rows[HOME_AFFAIRS].late) == ("submitted", False)
    assert (rows[JUSTICE].state, rows[JUSTICE].late, rows[JUSTICE].missing) == (
        "submitted",
        True,
        False,
    )
    assert (rows[FINANCE].state, rows[FINANCE].late, rows[FINANCE].missing) == (
        "missing",
        True,
        True,
    )
    assert rows[HOME_AFFAIRS].submitted_at == at(PAST_DEADLINE, 16)
    assert selectors.status_counts(list(rows.values())) == {
        "total": 3,
        "on_time": 1,
        "late": 1,
        "missing": 1,
        "overdue": 1,
    }


def test_before_the_deadline_a_unit_that_has_not_submitted_is_not_late():
    period = make_period(when=PAST)
    rows = rows_by_unit(period, today=PAST_DEADLINE)
    assert rows[HOME_AFFAIRS].missing and not rows[HOME_AFFAIRS].late


def test_a_draft_or_a_report_awaiting_approval_does_not_count():
    period = make_period(approval=True)
    draft(period, user_of(HOME_AFFAIRS))
    submitted(period, user_of(JUSTICE))

    rows = rows_by_unit(period, today=dt.date(2029, 1, 1))

    assert (rows[HOME_AFFAIRS].state, rows[HOME_AFFAIRS].missing) == ("draft", True)
    assert (rows[JUSTICE].state, rows[JUSTICE].missing) == ("awaiting_approval", True)
    assert rows[JUSTICE].submitted_at is None


def test_a_correction_is_current_but_the_unit_keeps_its_first_submission_time():
    period = make_period(when=PAST)
    focal = user_of(HOME_AFFAIRS)
    first = submitted(period, focal)
    stamp(first, at(PAST_DEADLINE, 9))
    second = services.submission_correct(
        actor=focal, submission=first, sections=SECTIONS, figures={}
    )

    row = rows_by_unit(period, today=PAST_DEADLINE + dt.timedelta(days=30))[HOME_AFFAIRS]

    assert row.current.pk == second.pk and row.current.version == 2
    assert row.submitted_at == at(PAST_DEADLINE, 9) and row.late is False
    assert [v.version for v in row.versions] == [1, 2]


def test_a_correction_awaiting_approval_is_pending_on_top_of_the_counted_version():
    period = make_period(approval=True)
    focal, leader = user_of(HOME_AFFAIRS), user_of(HOME_AFFAIRS, Role.LEADER)
    first = services.submission_approve(actor=leader, submission=submitted(period, focal))
    second = services.submission_correct(
        actor=focal, submission=first, sections=SECTIONS, figures={}
    )

    row = rows_by_unit(period, today=dt.date(2029, 1, 1))[HOME_AFFAIRS]

    assert row.current.pk == first.pk and row.state == "submitted"
    assert row.pending.pk == second.pk


def test_status_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    period = make_period((HOME_AFFAIRS, JUSTICE, FINANCE))
    for name in (HOME_AFFAIRS, JUSTICE, FINANCE):
        submitted(period, user_of(name))
    with django_assert_max_num_queries(2):
        rows = selectors.submission_status(period)
    assert len(rows) == 3


# ---- who sees what


def test_a_focal_person_sees_the_periods_of_their_unit_only():
    mine = make_period((HOME_AFFAIRS,))
    other = make_period((JUSTICE,), when=PAST)

    visible = set(selectors.periods_for(user_of(HOME_AFFAIRS)))

    assert mine in visible and other not in visible


def test_standing_staff_see_their_committees_periods_and_readers_see_all(personas):
    period = make_period((JUSTICE,))

    assert period in selectors.periods_for(standing())
    assert period in selectors.periods_for(personas.leader)
    assert period in selectors.periods_for(personas.viewer)
    assert period in selectors.periods_for(personas.admin)
    # the Office serves the e-Government committee, not the 2023 one
    assert period not in selectors.periods_for(personas.standing)


def test_an_anonymous_user_sees_nothing():
    from django.contrib.auth.models import AnonymousUser

    make_period()
    assert not selectors.periods_for(AnonymousUser()).exists()


def test_periods_can_be_filtered_by_committee(personas):
    period = make_period()
    assert list(selectors.periods_for(personas.leader, period.committee_id)) == [period]
    assert not selectors.periods_for(personas.leader, period.committee_id + 10_000).exists()


def test_a_unit_sees_its_own_submissions_the_standing_agency_all(personas):
    period = make_period()
    home = submitted(period, user_of(HOME_AFFAIRS))
    justice = submitted(period, user_of(JUSTICE))

    assert set(selectors.visible_submissions(user_of(HOME_AFFAIRS), period)) == {home}
    assert set(selectors.visible_submissions(standing(), period)) == {home, justice}
    assert set(selectors.visible_submissions(personas.leader, period)) == {home, justice}
    assert set(selectors.visible_submissions(personas.viewer, period)) == {home, justice}
    assert not selectors.visible_submissions(user_of(FINANCE), period).exists()


def test_the_status_rows_a_focal_person_sees_are_their_units():
    period = make_period()
    rows = selectors.visible_status(user_of(JUSTICE), period)
    assert [row.unit.name for row in rows] == [JUSTICE]
    assert len(selectors.visible_status(standing(), period)) == 2
