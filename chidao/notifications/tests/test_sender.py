"""The sender, through a real SMTP server on loopback: every notice arrives exactly once when
the sender runs twice, after a crash, or (on PostgreSQL) twice at the same moment."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.utils import timezone

from chidao.notifications import sender
from chidao.notifications.models import Notification, OutboxMessage, Preference
from chidao.notifications.sender import send_digests, send_pending
from chidao.notifications.services import enqueue
from chidao.notifications.tests import helpers
from chidao.notifications.tests.helpers import make_user, notice
from chidao.notifications.tests.smtp import in_memory_sqlite, in_own_thread, together

pytestmark = pytest.mark.django_db


def test_running_the_sender_twice_delivers_each_notice_once(smtp):
    first, second = make_user(), make_user()
    enqueue([notice(first), notice(second)])
    assert send_pending() == 4
    assert send_pending() == 0
    assert sorted(m["to"][0] for m in smtp.about("Thông báo thử số 1")) == sorted(
        [first.email, second.email]
    )
    assert Notification.objects.filter(user__in=[first, second]).count() == 2
    assert set(OutboxMessage.objects.filter(recipient=first).values_list("state", flat=True)) == {
        "sent"
    }


def test_the_email_names_the_recipient_and_links_the_object(smtp, settings):
    settings.CHIDAO_BASE_URL = "https://chidao.example.vn"
    user = make_user()
    enqueue([notice(user)])
    send_pending()
    [message] = smtp.to(user.email)
    assert message["subject"] == "[chidao] Thông báo thử số 1"
    assert f"Kính gửi Người nhận {user.last_name}," in message["body"]
    assert "https://chidao.example.vn/tasks/1/" in message["body"]


def test_the_in_app_notification_carries_kind_title_and_link():
    user = make_user(email=False)
    enqueue([notice(user)])
    send_pending()
    notification = Notification.objects.get(user=user)
    assert (notification.kind, notification.title, notification.url) == (
        "test.notice",
        "Thông báo thử số 1",
        "/tasks/1/",
    )
    assert notification.read_at is None


def test_a_crash_halfway_is_retried_by_the_next_run_and_still_sent_once(smtp):
    users = [make_user() for _ in range(3)]
    enqueue([notice(user) for user in users])
    # A sender claimed every row, e-mailed the first person, then died before the rest.
    token = sender.claim(200, sender.STALE_AFTER, timezone.now(), sender.Q(digest=False))
    emails = [r for r in sender._claimed(token) if r.channel == "email"]
    assert sender._deliver_email(emails[0], token, timezone.localdate(), get_connection())
    OutboxMessage.objects.filter(claim_token=token, state="sending").update(
        claimed_at=timezone.now() - dt.timedelta(hours=1)
    )

    send_pending()
    send_pending()
    for user in users:
        assert len(smtp.to(user.email)) == 1
        assert Notification.objects.filter(user=user).count() == 1
    assert set(
        OutboxMessage.objects.filter(recipient__in=users).values_list("state", flat=True)
    ) == {"sent"}


def test_a_claim_still_fresh_is_left_to_its_sender(smtp):
    user = make_user()
    enqueue([notice(user)])
    sender.claim(200, sender.STALE_AFTER, timezone.now(), sender.Q(digest=False))
    assert send_pending() == 0
    assert smtp.to(user.email) == []


def test_a_refused_message_is_retried_on_the_next_run(smtp):
    user = make_user()
    enqueue([notice(user)])
    smtp.refuse = 1
    send_pending()
    row = OutboxMessage.objects.get(recipient=user, channel="email")
    assert (row.state, row.attempts) == ("failed", 1)
    assert "451" in row.last_error
    send_pending()
    send_pending()
    assert len(smtp.to(user.email)) == 1


def test_a_notice_no_longer_wanted_is_dropped_unsent(smtp):
    user = make_user()
    enqueue([notice(user, subject="thu-nghiem:bo")])
    helpers.UNWANTED.add("thu-nghiem:bo")
    try:
        assert send_pending() == 0
    finally:
        helpers.UNWANTED.discard("thu-nghiem:bo")
    assert smtp.to(user.email) == []
    assert not OutboxMessage.objects.filter(recipient=user).exists()


def test_the_parts_hook_sees_each_row_sent_once(smtp):
    helpers.SENT.clear()
    user = make_user()
    enqueue([notice(user)])
    ids = set(OutboxMessage.objects.filter(recipient=user).values_list("pk", flat=True))
    send_pending()
    send_pending()
    assert sorted(helpers.SENT) == sorted(ids)


# -- the daily digest --------------------------------------------------------------------


def test_the_digest_gathers_a_days_notices_into_one_email_sent_the_next_day(smtp):
    user = make_user()
    Preference.objects.create(user=user, email_digest=True)
    enqueue(
        [
            notice(user, step="one", title="Việc thứ nhất"),
            notice(user, step="two", title="Việc thứ hai"),
        ]
    )
    today = timezone.localdate()
    send_pending(today=today)
    assert smtp.to(user.email) == []  # no single e-mail
    assert Notification.objects.filter(user=user).count() == 2  # in-app as usual
    assert send_digests(today=today) == 0  # today's notices wait for tomorrow

    tomorrow = today + dt.timedelta(days=1)
    assert send_digests(today=tomorrow) == 1
    assert send_digests(today=tomorrow) == 0
    [digest] = smtp.to(user.email)
    assert "Thông báo tổng hợp" in digest["subject"]
    assert "Việc thứ nhất" in digest["body"] and "Việc thứ hai" in digest["body"]


# -- two senders at once -----------------------------------------------------------------


def test_two_concurrent_senders_deliver_each_message_once(smtp):
    """Two threads, each with its own database connection, run send_pending at the same
    moment over committed rows. Needs a database several connections can write to at once:
    PostgreSQL. The rows are written and removed by separate threads in autocommit, so the
    test's own transaction stays empty."""
    if in_memory_sqlite():
        pytest.skip(
            "SQLite in-memory test database: concurrent writers from several threads hit "
            "shared-cache table locks; this test runs on PostgreSQL."
        )

    def arrange():
        users = [make_user() for _ in range(4)]
        enqueue(
            [
                notice(user, subject=f"dong-thoi:{n}", title=f"Gửi đồng thời {n}")
                for user in users
                for n in range(5)
            ]
        )
        return users

    def states(users):
        rows = OutboxMessage.objects.filter(recipient__in=users)
        return rows.count(), set(rows.values_list("state", flat=True))

    def counted(users):
        return Notification.objects.filter(user__in=users).count()

    def cleanup(users):
        get_user_model().objects.filter(pk__in=[u.pk for u in users]).delete()

    users = in_own_thread(arrange)
    try:
        assert in_own_thread(states, users) == (40, {"pending"})  # 20 e-mails, 20 in-app
        results = together(lambda: send_pending(batch=3))

        assert len(results) == 2 and sum(results) == 40
        received = [m for user in users for m in smtp.to(user.email)]
        assert len(received) == 20
        assert len({m["message_id"] for m in received}) == 20
        assert in_own_thread(counted, users) == 20
        assert in_own_thread(states, users) == (40, {"sent"})
    finally:
        in_own_thread(cleanup, users)


def test_two_concurrent_senders_deliver_in_app_batches_once():
    """In-app rows in bulk (several batches each), two senders at the same moment: each row
    gets one notification and one call of its part's hook. On PostgreSQL the senders claim
    disjoint batches (FOR UPDATE SKIP LOCKED)."""
    if in_memory_sqlite():
        pytest.skip("concurrent writers need PostgreSQL (see the test above)")

    def arrange():
        users = [make_user(email=False) for _ in range(6)]
        enqueue([notice(user, subject=f"hang-loat:{n}") for user in users for n in range(50)])
        return users

    def outcome(users):
        rows = OutboxMessage.objects.filter(recipient__in=users)
        notified = Notification.objects.filter(user__in=users)
        return (
            set(rows.values_list("state", flat=True)),
            notified.count(),
            notified.values("message").distinct().count(),
        )

    users = in_own_thread(arrange)
    helpers.SENT.clear()
    try:
        results = together(lambda: send_pending(batch=40))

        assert len(results) == 2 and sum(results) == 300
        assert in_own_thread(outcome, users) == ({"sent"}, 300, 300)
        assert len(helpers.SENT) == len(set(helpers.SENT)) == 300
    finally:
        in_own_thread(
            lambda: get_user_model().objects.filter(pk__in=[u.pk for u in users]).delete()
        )
