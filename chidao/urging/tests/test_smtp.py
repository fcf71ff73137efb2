"""Reminders through a real SMTP server on loopback (aiosmtpd), counting what it receives:
each due reminder arrives exactly once when the job runs twice, concurrently, or after a
crash; an extension re-arms; the escalation reaches the unit's leader."""

import datetime as dt
import threading

import pytest
from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone

from chidao.accounts.models import Role, User
from chidao.core.policy import SystemActor
from chidao.jobs import urge
from chidao.notifications import sender
from chidao.notifications.models import OutboxMessage
from chidao.notifications.sender import send_pending
from chidao.notifications.tests.smtp import in_memory_sqlite, in_own_thread
from chidao.tasks import services as task_services
from chidao.tasks.models import Domain, Task
from chidao.urging.planner import plan_reminders
from chidao.urging.tests.test_plan import (
    TODAY,
    make_task,
    make_user,
    reminder_mails,
    reminders_of,
)


def about(smtp, task) -> list[dict]:
    """The task's reminders the server received (not the notice of its assignment)."""
    return reminder_mails(task, smtp.about(task))


@pytest.mark.django_db
def test_running_urge_twice_sends_each_due_reminder_exactly_once(smtp):
    overdue = make_task(deadline=TODAY - dt.timedelta(days=2))
    soon = make_task(deadline=TODAY + dt.timedelta(days=7))
    today = make_task(deadline=TODAY)
    far = make_task(deadline=TODAY + dt.timedelta(days=40))
    first, second = make_user(), make_user()

    urge.call(today_iso=TODAY.isoformat())
    urge.call(today_iso=TODAY.isoformat())

    for task in (overdue, soon, today):
        received = about(smtp, task)
        assert sorted(m["to"][0] for m in received) == sorted([first.email, second.email])
    assert about(smtp, far) == []
    assert "quá hạn 2 ngày" in about(smtp, overdue)[0]["subject"]
    assert "còn 7 ngày" in about(smtp, soon)[0]["subject"]
    assert "đến hạn hôm nay" in about(smtp, today)[0]["subject"]
    ids = [m["message_id"] for t in (overdue, soon, today) for m in about(smtp, t)]
    assert len(set(ids)) == len(ids) == 6


@pytest.mark.django_db
def test_a_crash_halfway_is_retried_by_the_next_run_and_still_sent_once(smtp):
    tasks = [make_task(deadline=TODAY - dt.timedelta(days=1)) for _ in range(3)]
    make_user()
    plan_reminders(today=TODAY)
    # A sender claimed every email, delivered the first one, then died before the rest.
    token = sender.claim(200, dt.timedelta(minutes=10), timezone.now(), Q())
    claimed = list(
        OutboxMessage.objects.filter(
            claim_token=token, channel="email", subject_id__in=[t.pk for t in tasks]
        )
        .select_related("recipient")
        .order_by("id")
    )
    assert sender._deliver_email(claimed[0], token, TODAY, get_connection())
    OutboxMessage.objects.filter(claim_token=token, state="sending").update(
        claimed_at=timezone.now() - dt.timedelta(hours=1)
    )

    urge.call(today_iso=TODAY.isoformat())
    urge.call(today_iso=TODAY.isoformat())
    for task in tasks:
        assert len(about(smtp, task)) == 1
    rows = OutboxMessage.objects.filter(kind="task.reminder", subject_id__in=[t.pk for t in tasks])
    assert set(rows.values_list("state", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_refused_message_is_retried_on_the_next_run(smtp):
    task = make_task(deadline=TODAY - dt.timedelta(days=1))
    make_user()
    smtp.refuse = 1
    urge.call(today_iso=TODAY.isoformat())
    row = reminders_of(task, channel="email").get()
    assert row.state == "failed" and row.attempts == 1
    assert "451" in row.last_error
    assert about(smtp, task) == []

    urge.call(today_iso=TODAY.isoformat())
    assert len(about(smtp, task)) == 1
    urge.call(today_iso=TODAY.isoformat())
    assert len(about(smtp, task)) == 1


@pytest.mark.django_db
def test_an_extension_re_arms_the_reminders(smtp):
    deadline = TODAY + dt.timedelta(days=1)
    task = make_task(deadline=deadline)
    focal = make_user()
    urge.call(today_iso=TODAY.isoformat())
    assert len(about(smtp, task)) == 1  # before-1

    new_deadline = deadline + dt.timedelta(days=21)
    request = task_services.extension_request(
        actor=focal,
        task=task,
        reason="Chờ hướng dẫn của Bộ Nội vụ",
        requested_deadline=new_deadline,
    )
    task_services.extension_decide(actor=SystemActor("test"), request=request, approve=True)
    urge.call(today_iso=TODAY.isoformat())  # 22 days left: nothing due
    assert len(about(smtp, task)) == 1
    urge.call(today_iso=(new_deadline - dt.timedelta(days=7)).isoformat())
    urge.call(today_iso=(new_deadline - dt.timedelta(days=7)).isoformat())
    assert len(about(smtp, task)) == 2
    assert "còn 7 ngày" in about(smtp, task)[-1]["subject"]


@pytest.mark.django_db
def test_escalation_reaches_the_unit_leader_after_the_set_days(smtp, settings):
    settings.CHIDAO_ESCALATE_AFTER_DAYS = 14
    task = make_task(deadline=TODAY - dt.timedelta(days=14))
    focal = make_user()
    leader = make_user(role=Role.LEADER)
    urge.call(today_iso=TODAY.isoformat())
    urge.call(today_iso=(TODAY + dt.timedelta(days=1)).isoformat())

    to_leader = [m for m in about(smtp, task) if m["to"] == [leader.email]]
    to_focal = [m for m in about(smtp, task) if m["to"] == [focal.email]]
    assert len(to_leader) == 1
    assert "Báo cáo lãnh đạo đơn vị" in to_leader[0]["subject"]
    assert len(to_focal) == 1 and "quá hạn 14 ngày" in to_focal[0]["subject"]


# -- two senders at once ---------------------------------------------------------------------


@pytest.mark.django_db
def test_two_concurrent_senders_deliver_each_message_once(smtp):
    """Two threads, each with its own database connection, run send_pending at the same
    moment over committed rows. Needs a database several connections can write to at once:
    PostgreSQL (CI). The rows are written and removed by separate threads in autocommit, so
    the test's own transaction stays empty and no flush wipes the session's demo register."""
    if in_memory_sqlite():
        pytest.skip(
            "SQLite in-memory test database: concurrent writers from several threads hit "
            "shared-cache table locks; this test runs on PostgreSQL (CI=true make test)."
        )

    def arrange():
        # the tasks first: their assignment notifies no one, only the reminders are queued
        tasks = [make_task(deadline=TODAY - dt.timedelta(days=day)) for day in range(1, 11)]
        users = [make_user() for _ in range(2)]
        plan_reminders(today=TODAY)
        return users, tasks

    def cleanup(users, tasks):
        Task.objects.filter(pk__in=[t.pk for t in tasks]).delete()
        User.objects.filter(pk__in=[u.pk for u in users]).delete()
        Domain.objects.filter(code="cchc-thu-nghiem-don-doc", tasks__isnull=True).delete()

    def states(tasks):
        rows = OutboxMessage.objects.filter(
            subject_id__in=[t.pk for t in tasks], kind="task.reminder"
        )
        return rows.count(), set(rows.values_list("state", flat=True))

    users, tasks = in_own_thread(arrange)
    try:
        assert in_own_thread(states, tasks) == (40, {"pending"})  # 20 emails, 20 in-app
        barrier = threading.Barrier(2)

        def run_sender():
            barrier.wait(timeout=10)
            return send_pending(batch=1, today=TODAY)

        results = []
        threads = [
            threading.Thread(target=lambda: results.append(in_own_thread(run_sender)))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)

        assert len(results) == 2 and sum(results) == 40
        received = [m for task in tasks for m in about(smtp, task)]
        assert len(received) == 20
        assert len({m["message_id"] for m in received}) == 20
        assert in_own_thread(states, tasks) == (40, {"sent"})
    finally:
        in_own_thread(cleanup, users, tasks)


# -- the daily digest ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_digest_user_gets_one_email_a_day_with_every_reminder(smtp):
    from chidao.notifications.services import preference_set

    today = timezone.localdate()
    tasks = [
        make_task(deadline=today - dt.timedelta(days=2), assigned_on=today - dt.timedelta(days=60))
        for _ in range(2)
    ]
    focal, other = make_user(), make_user()
    preference_set(user=focal, email_digest=True)

    urge.call(today_iso=today.isoformat())
    assert smtp.to(focal.email) == []  # held for the digest
    assert len(smtp.to(other.email)) == 2  # one e-mail per reminder

    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    urge.call(today_iso=tomorrow)
    urge.call(today_iso=tomorrow)
    [digest] = smtp.to(focal.email)
    assert "Thông báo tổng hợp" in digest["subject"]
    assert all(task.title in digest["body"] for task in tasks)
    assert len(smtp.to(other.email)) == 2
