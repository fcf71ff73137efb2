"""Reminders through a real SMTP server on loopback (aiosmtpd), counting what it receives:
each due reminder arrives exactly once when the job runs twice, concurrently, or after a
crash; an extension re-arms; the escalation reaches the unit's leader."""

import datetime as dt
import socket
import threading
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.db import connection, connections
from django.utils import timezone

from chidao.accounts.models import Role, User
from chidao.core.policy import SystemActor
from chidao.tasks import services as task_services
from chidao.tasks.models import Domain, Task
from chidao.urging import services
from chidao.urging.models import Reminder
from chidao.urging.services import plan_reminders, send_pending
from chidao.urging.tasks import urge
from chidao.urging.tests.test_plan import TODAY, make_task, make_user, reminders_of


class Collector:
    """Keeps every message the server accepts; can refuse the next recipients."""

    def __init__(self):
        self.messages = []
        self.refuse = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if self.refuse:
                self.refuse -= 1
                return "451 4.3.0 Tạm thời không nhận thư"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "subject": str(make_header(decode_header(message["Subject"]))),
                    "message_id": message["Message-ID"],
                }
            )
        return "250 Message accepted for delivery"

    def about(self, task) -> list[dict]:
        with self.lock:
            return [m for m in self.messages if task.title in m["subject"]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield collector
    controller.stop()


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
        received = smtp.about(task)
        assert sorted(m["to"][0] for m in received) == sorted([first.email, second.email])
    assert smtp.about(far) == []
    assert "quá hạn 2 ngày" in smtp.about(overdue)[0]["subject"]
    assert "còn 7 ngày" in smtp.about(soon)[0]["subject"]
    assert "đến hạn hôm nay" in smtp.about(today)[0]["subject"]
    ids = [m["message_id"] for t in (overdue, soon, today) for m in smtp.about(t)]
    assert len(set(ids)) == len(ids) == 6


@pytest.mark.django_db
def test_a_crash_halfway_is_retried_by_the_next_run_and_still_sent_once(smtp):
    tasks = [make_task(deadline=TODAY - dt.timedelta(days=1)) for _ in range(3)]
    make_user()
    plan_reminders(today=TODAY)
    # A sender claimed every email, delivered the first one, then died before the rest.
    token = services._claim(200, dt.timedelta(minutes=10), timezone.now())
    claimed = list(
        Reminder.objects.filter(claim_token=token, channel="email", task__in=tasks)
        .select_related("task__lead_unit", "task__committee", "recipient")
        .order_by("id")
    )
    from django.core.mail import get_connection

    assert services._deliver(claimed[0], token, TODAY, get_connection())
    Reminder.objects.filter(claim_token=token, state="sending").update(
        claimed_at=timezone.now() - dt.timedelta(hours=1)
    )

    urge.call(today_iso=TODAY.isoformat())
    urge.call(today_iso=TODAY.isoformat())
    for task in tasks:
        assert len(smtp.about(task)) == 1
    assert set(Reminder.objects.filter(task__in=tasks).values_list("state", flat=True)) == {"sent"}


@pytest.mark.django_db
def test_a_refused_message_is_retried_on_the_next_run(smtp):
    task = make_task(deadline=TODAY - dt.timedelta(days=1))
    make_user()
    smtp.refuse = 1
    urge.call(today_iso=TODAY.isoformat())
    row = reminders_of(task, channel="email").get()
    assert row.state == "failed" and row.attempts == 1
    assert "451" in row.last_error
    assert smtp.about(task) == []

    urge.call(today_iso=TODAY.isoformat())
    assert len(smtp.about(task)) == 1
    urge.call(today_iso=TODAY.isoformat())
    assert len(smtp.about(task)) == 1


@pytest.mark.django_db
def test_an_extension_re_arms_the_reminders(smtp):
    deadline = TODAY + dt.timedelta(days=1)
    task = make_task(deadline=deadline)
    focal = make_user()
    urge.call(today_iso=TODAY.isoformat())
    assert len(smtp.about(task)) == 1  # before-1

    new_deadline = deadline + dt.timedelta(days=21)
    request = task_services.extension_request(
        actor=focal,
        task=task,
        reason="Chờ hướng dẫn của Bộ Nội vụ",
        requested_deadline=new_deadline,
    )
    task_services.extension_decide(actor=SystemActor("test"), request=request, approve=True)
    urge.call(today_iso=TODAY.isoformat())  # 22 days left: nothing due
    assert len(smtp.about(task)) == 1
    urge.call(today_iso=(new_deadline - dt.timedelta(days=7)).isoformat())
    urge.call(today_iso=(new_deadline - dt.timedelta(days=7)).isoformat())
    assert len(smtp.about(task)) == 2
    assert "còn 7 ngày" in smtp.about(task)[-1]["subject"]


@pytest.mark.django_db
def test_escalation_reaches_the_unit_leader_after_the_set_days(smtp, settings):
    settings.CHIDAO_ESCALATE_AFTER_DAYS = 14
    task = make_task(deadline=TODAY - dt.timedelta(days=14))
    focal = make_user()
    leader = make_user(role=Role.LEADER)
    urge.call(today_iso=TODAY.isoformat())
    urge.call(today_iso=(TODAY + dt.timedelta(days=1)).isoformat())

    to_leader = [m for m in smtp.about(task) if m["to"] == [leader.email]]
    to_focal = [m for m in smtp.about(task) if m["to"] == [focal.email]]
    assert len(to_leader) == 1
    assert "Báo cáo lãnh đạo đơn vị" in to_leader[0]["subject"]
    assert len(to_focal) == 1 and "quá hạn 14 ngày" in to_focal[0]["subject"]


# -- two senders at once ---------------------------------------------------------------------


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


def in_own_thread(function, *args, **kwargs):
    """Run in a new thread, so on its own database connection, outside the test's
    transaction: what it writes is committed and seen by every other connection."""
    outcome = {}

    def target():
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=120)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.mark.django_db
def test_two_concurrent_senders_deliver_each_message_once(smtp):
    """Two threads, each with its own database connection, run send_pending at the same
    moment over committed rows. Needs a database several connections can write to at once:
    PostgreSQL (CI). The rows are written and removed by separate threads in autocommit, so
    the test's own transaction stays empty and no flush wipes the session's demo register."""
    if _in_memory_sqlite():
        pytest.skip(
            "SQLite in-memory test database: concurrent writers from several threads hit "
            "shared-cache table locks; this test runs on PostgreSQL (CI=true make test)."
        )

    def arrange():
        users = [make_user() for _ in range(2)]
        tasks = [make_task(deadline=TODAY - dt.timedelta(days=day)) for day in range(1, 11)]
        plan_reminders(today=TODAY)
        return users, tasks

    def cleanup(users, tasks):
        Task.objects.filter(pk__in=[t.pk for t in tasks]).delete()
        User.objects.filter(pk__in=[u.pk for u in users]).delete()
        Domain.objects.filter(code="cchc-thu-nghiem-don-doc", tasks__isnull=True).delete()

    def states(tasks):
        rows = Reminder.objects.filter(task__in=tasks)
        return rows.count(), set(rows.values_list("state", flat=True))

    users, tasks = in_own_thread(arrange)
    try:
        assert in_own_thread(states, tasks) == (40, {"pending"})  # 20 emails, 20 in-app
        barrier = threading.Barrier(2)

        def sender():
            barrier.wait(timeout=10)
            return send_pending(batch=1, today=TODAY)

        results = []
        threads = [
            threading.Thread(target=lambda: results.append(in_own_thread(sender))) for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=180)

        assert len(results) == 2 and sum(results) == 40
        received = [m for task in tasks for m in smtp.about(task)]
        assert len(received) == 20
        assert len({m["message_id"] for m in received}) == 20
        assert in_own_thread(states, tasks) == (40, {"sent"})
    finally:
        in_own_thread(cleanup, users, tasks)
