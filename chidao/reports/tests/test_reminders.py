"""Urging units to submit: which steps are due, to whom, once; delivered through a real SMTP
server on loopback (aiosmtpd), counting what arrives: running the job twice sends each
reminder once."""

import datetime as dt
import threading
import uuid

import pytest

from chidao.accounts.models import Role
from chidao.jobs import urge
from chidao.notifications.models import Notification, OutboxMessage
from chidao.notifications.sender import send_pending as send_report_reminders
from chidao.notifications.tests.smtp import in_own_thread
from chidao.reports.notices import LATE, REMINDER, report_step
from chidao.reports.notices import plan_reminders as plan_report_reminders
from chidao.reports.tests.service_world import (  # noqa: F401
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    PAST,
    PAST_DEADLINE,
    fast_passwords,
    make_period,
    standing,
    submitted,
    uploads,
    user_of,
)
from chidao.units.models import Unit

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)
DUE = PAST_DEADLINE  # 17/03/2026


@pytest.fixture(autouse=True)
def remind_settings(settings):
    settings.CHIDAO_REMIND_BEFORE_DAYS = [7, 1]


def focal(unit_name=HOME_AFFAIRS, email=True, **extra):
    username = f"f{uuid.uuid4().hex[:10]}"
    address = f"{username}@hanoi.gov.vn" if email else ""
    return user_of(unit_name, username=username, email=address, **extra)


def received(smtp, period, unit_name) -> list[dict]:  # noqa: F811
    with smtp.lock:
        return [
            m for m in smtp.messages if period.label in m["subject"] and unit_name in m["subject"]
        ]


def reminders_of(period, **filters):
    return OutboxMessage.objects.filter(kind=REMINDER, data__period=period.pk, **filters)


def keys(period) -> set[tuple]:
    names = dict(Unit.objects.values_list("pk", "name"))
    return {
        (names[row.data["unit"]], row.step, row.recipient_id, row.channel)
        for row in reminders_of(period)
    }


def urge_reports(today_iso):
    return urge.call(today_iso=today_iso)


# ---- steps (pure)


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (30, None),
        (8, None),
        (7, "before-7"),
        (3, "before-7"),
        (1, "before-1"),
        (0, "due"),
        (-1, "overdue-1"),
        (-6, "overdue-1"),
        (-7, "overdue-2"),
        (-90, "overdue-13"),
        (-91, None),
    ],
)
def test_report_steps(days_left, expected):
    step = report_step(DUE, DUE - days_left * DAY)
    assert step == (f"{expected}@{DUE.isoformat()}" if expected else None)


# ---- planning


def test_plans_email_and_in_app_for_each_active_focal_person_of_units_not_submitted():
    period = make_period((HOME_AFFAIRS, JUSTICE, FINANCE), when=PAST)
    with_email, without_email = focal(), focal(email=False)
    focal(is_active=False)
    user_of(HOME_AFFAIRS, Role.LEADER, email="lanhdao@hanoi.gov.vn")
    submitted(period, justice := focal(JUSTICE))  # submitted: nothing to remind
    outside = focal("Sở Y tế")

    plan_report_reminders(today=DUE - 7 * DAY)

    step = f"before-7@{DUE.isoformat()}"
    assert {k for k in keys(period) if k[0] == HOME_AFFAIRS} == {
        (HOME_AFFAIRS, step, with_email.pk, "email"),
        (HOME_AFFAIRS, step, with_email.pk, "in_app"),
        (HOME_AFFAIRS, step, without_email.pk, "in_app"),
    }
    recipients = {k[2] for k in keys(period)}
    assert justice.pk not in recipients and outside.pk not in recipients
    assert reminders_of(period).get(recipient=with_email, channel="email").address == (
        with_email.email
    )


def test_planning_twice_inserts_each_reminder_once():
    period = make_period(when=PAST)
    focal()
    first = plan_report_reminders(today=DUE)
    second = plan_report_reminders(today=DUE)
    assert first == 2  # in-app and email for the Home Affairs focal person
    assert second == 0
    assert reminders_of(period).count() == first


def test_a_wider_window_is_not_planned_after_a_tighter_step():
    period = make_period(when=PAST)
    focal()
    plan_report_reminders(today=DUE - DAY)  # before-1
    plan_report_reminders(today=DUE - 3 * DAY)  # before-7 would be wider: skipped
    assert {k[1].split("@")[0] for k in keys(period)} == {"before-1"}


def test_a_catch_up_run_does_not_plan_an_earlier_step_after_an_overdue_one():
    period = make_period(when=PAST)
    focal()
    plan_report_reminders(today=DUE + 8 * DAY)  # overdue-2
    assert plan_report_reminders(today=DUE) == 0  # due, overdue-1: before overdue-2
    assert plan_report_reminders(today=DUE + DAY) == 0
    assert {k[1].split("@")[0] for k in keys(period)} == {"overdue-2"}


def test_a_moved_deadline_re_arms_the_reminders():
    period = make_period(when=PAST)
    focal()
    plan_report_reminders(today=DUE - DAY)  # before-1 of the first deadline
    period.deadline = DUE + 10 * DAY
    period.save(update_fields=["deadline"])
    assert plan_report_reminders(today=DUE + 3 * DAY) == 2  # before-7 of the new deadline
    assert {k[1] for k in keys(period)} == {
        f"before-1@{DUE.isoformat()}",
        f"before-7@{(DUE + 10 * DAY).isoformat()}",
    }


def test_the_planner_reads_the_queued_steps_once_however_many_units():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from chidao.reports.notices import plan

    period = make_period((HOME_AFFAIRS, JUSTICE, FINANCE), when=PAST)
    for unit_name in (HOME_AFFAIRS, JUSTICE, FINANCE):
        focal(unit_name)
    plan_report_reminders(today=DUE - 7 * DAY)
    with CaptureQueriesContext(connection) as queries:
        notices = plan(today=DUE)
    assert len(notices) == 3 and {n.step for n in notices} == {f"due@{DUE.isoformat()}"}
    outbox = [q["sql"] for q in queries if "notifications_outboxmessage" in q["sql"]]
    assert len(outbox) == 1 and len(queries) <= 6
    assert reminders_of(period).count() == 6


def test_nothing_is_planned_far_from_the_deadline():
    make_period(when=PAST)
    focal()
    assert plan_report_reminders(today=DUE - 20 * DAY) == 0
    assert plan_report_reminders(today=DUE + 120 * DAY) == 0


# ---- sending, through a real SMTP server


def test_running_the_job_twice_sends_each_reminder_exactly_once(smtp):  # noqa: F811
    period = make_period((HOME_AFFAIRS, JUSTICE), when=PAST)
    home, justice = focal(), focal(JUSTICE)

    urge_reports(today_iso=DUE.isoformat())
    urge_reports(today_iso=DUE.isoformat())

    assert [m["to"] for m in received(smtp, period, HOME_AFFAIRS)] == [[home.email]]
    assert [m["to"] for m in received(smtp, period, JUSTICE)] == [[justice.email]]
    assert "Hôm nay là hạn nộp báo cáo" in received(smtp, period, HOME_AFFAIRS)[0]["subject"]
    assert Notification.objects.filter(user=home, kind=REMINDER).count() == 1
    assert Notification.objects.filter(user=justice, kind=REMINDER).count() == 1
    assert set(reminders_of(period).values_list("state", flat=True)) == {"sent"}


def test_the_daily_urge_job_reminds_missing_reports_too(smtp):  # noqa: F811
    period = make_period(when=PAST)
    home = focal()

    outcome = urge.call(today_iso=(DUE + DAY).isoformat())
    urge.call(today_iso=(DUE + DAY).isoformat())

    assert outcome["planned_by_part"]["reports"] >= 2 and outcome["sent"] >= 2
    [message] = received(smtp, period, HOME_AFFAIRS)
    assert message["to"] == [home.email]
    assert "quá hạn nộp báo cáo 1 ngày" in message["subject"]


def test_overdue_reminders_go_weekly(smtp):  # noqa: F811
    period = make_period(when=PAST)
    focal()

    for days in (1, 2, 6, 7, 8, 13):
        urge_reports(today_iso=(DUE + days * DAY).isoformat())

    subjects = [m["subject"] for m in received(smtp, period, HOME_AFFAIRS)]
    assert len(subjects) == 2  # overdue-1 on day 1, overdue-2 on day 7
    assert "1 ngày" in subjects[0] and "7 ngày" in subjects[1]


def test_a_report_submitted_after_planning_is_not_reminded(smtp):  # noqa: F811
    period = make_period(when=PAST)
    home = focal()
    plan_report_reminders(today=DUE)

    submitted(period, home)
    sent = send_report_reminders(today=DUE)

    assert sent == 0
    assert received(smtp, period, HOME_AFFAIRS) == []
    assert not reminders_of(period).exists()
    assert not Notification.objects.filter(user=home, kind=REMINDER).exists()


def test_a_refused_message_is_retried_on_the_next_run_and_sent_once(smtp):  # noqa: F811
    period = make_period(when=PAST)
    focal()
    smtp.refuse = 1

    urge_reports(today_iso=DUE.isoformat())
    row = reminders_of(period).get(channel="email")
    assert row.state == "failed" and row.attempts == 1 and "451" in row.last_error
    assert received(smtp, period, HOME_AFFAIRS) == []

    urge_reports(today_iso=DUE.isoformat())
    urge_reports(today_iso=DUE.isoformat())
    assert len(received(smtp, period, HOME_AFFAIRS)) == 1


def test_the_message_says_what_to_submit_and_where():
    period = make_period(when=PAST)
    home = focal()
    plan_report_reminders(today=DUE + 3 * DAY)
    row = reminders_of(period).get(recipient=home, channel="email")

    assert period.label in row.title and HOME_AFFAIRS in row.title
    assert "quá hạn nộp báo cáo 3 ngày" in row.title
    assert "17/03/2026" in row.body
    assert row.url == f"/reports/periods/{period.pk}/units/{home.unit_id}/"


# ---- two senders at once


def test_two_concurrent_senders_deliver_each_report_reminder_once(smtp):  # noqa: F811
    """Two threads, each with its own database connection, send at the same moment over
    committed rows (PostgreSQL; the in-memory SQLite test database cannot take concurrent
    writers). Rows are written and removed by other threads in autocommit."""
    from django.db import connection

    from chidao.audit.models import ChangeLog
    from chidao.reports.models import ReportForm, ReportPeriod

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("needs a database several connections can write to at once (PostgreSQL)")
    actor = f"test-concurrent-{uuid.uuid4().hex[:6]}"
    from chidao.core.policy import SystemActor

    system = SystemActor(actor)

    def arrange():
        from chidao.accounts.tests.factories import unit_named
        from chidao.reports import services
        from chidao.tasks.tests.factories import committee_2023

        users = [focal(name) for name in (HOME_AFFAIRS, JUSTICE, FINANCE) for _ in range(2)]
        form = services.form_create(actor=system, committee=committee_2023(), name=actor)
        regime = services.regime_create(
            actor=system,
            committee=committee_2023(),
            name=actor,
            frequency="quarterly",
            form=form,
            units=[unit_named(n) for n in (HOME_AFFAIRS, JUSTICE, FINANCE)],
        )
        period = services.period_open(actor=system, regime=regime, year=PAST[0], index=PAST[1])
        plan_report_reminders(today=DUE)
        return users, period

    def cleanup(users, period):
        regime, form = period.regime, period.regime.form
        ReportPeriod.objects.filter(pk=period.pk).delete()
        regime.delete()
        ReportForm.objects.filter(pk=form.pk).delete()
        ChangeLog.objects.filter(actor_label=actor).delete()
        for user in users:
            user.delete()

    def states(period):
        rows = reminders_of(period)
        return rows.count(), set(rows.values_list("state", flat=True))

    users, period = in_own_thread(arrange)
    try:
        assert in_own_thread(states, period) == (12, {"pending"})
        barrier = threading.Barrier(2)

        def sender():
            barrier.wait(timeout=10)
            return send_report_reminders(batch=1, today=DUE)

        results = []
        threads = [
            threading.Thread(target=lambda: results.append(in_own_thread(sender))) for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)

        assert len(results) == 2 and sum(results) == 12
        with smtp.lock:
            mine = [m for m in smtp.messages if period.label in m["subject"]]
        assert sorted(m["to"][0] for m in mine) == sorted(u.email for u in users)
        assert len({m["message_id"] for m in mine}) == 6
        assert in_own_thread(states, period) == (12, {"sent"})
        assert (
            in_own_thread(
                lambda: Notification.objects.filter(
                    user__in=[u.pk for u in users], kind=REMINDER
                ).count()
            )
            == 6
        )
    finally:
        in_own_thread(cleanup, users, period)


# ---- late reports, for the standing agency


def test_the_day_after_the_deadline_the_standing_agency_learns_who_is_late(smtp):  # noqa: F811
    from chidao.committees.selectors import standing_staff

    period = make_period((HOME_AFFAIRS, JUSTICE), when=PAST)
    submitted(period, focal(JUSTICE))
    standing()  # the 2023 committee's standing agency (Sở Nội vụ)
    staff = standing_staff(period.committee_id)
    assert staff

    urge_reports((DUE + DAY).isoformat())
    urge_reports((DUE + DAY).isoformat())
    urge_reports((DUE + 2 * DAY).isoformat())

    late = OutboxMessage.objects.filter(kind=LATE, subject_key=f"{LATE}:{period.pk}")
    assert set(late.values_list("recipient_id", flat=True)) == {u.pk for u in staff}
    assert late.filter(channel="in_app").count() == len(staff)  # once each
    row = late.first()
    assert "1 đơn vị chưa nộp báo cáo" in row.title and HOME_AFFAIRS in row.body
    assert JUSTICE not in row.body
    assert Notification.objects.filter(user=staff[0], kind=LATE).count() == 1
