"""Sending reminders (mail in Django's in-memory outbox): once each, claims, crashes, retries,
in-app notifications, the task's timeline, the job and the command."""

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

from chidao.core.policy import SystemActor
from chidao.jobs import urge
from chidao.notifications import sender
from chidao.notifications.models import Notification, OutboxMessage
from chidao.notifications.sender import send_pending
from chidao.tasks import services as task_services
from chidao.tasks.models import TaskEvent
from chidao.urging import planner
from chidao.urging.planner import plan_reminders
from chidao.urging.tests.test_plan import (
    TODAY,
    make_task,
    make_user,
    reminder_mails,
    reminders_of,
)

Reminder = OutboxMessage


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses everything."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("máy chủ thư không nhận kết nối")


FAILING = "chidao.urging.tests.test_send.FailingBackend"


def messages_about(task) -> list:
    return reminder_mails(task, mail.outbox)


def notified_of(task):
    return Notification.objects.filter(message__in=reminders_of(task, channel="in_app"))


@pytest.fixture
def overdue_task(db):
    """Three days overdue, with one focal person with an address and one without."""
    task = make_task(deadline=TODAY - dt.timedelta(days=3))
    return task, make_user(), make_user(email=None)


@pytest.mark.django_db
def test_sends_email_and_in_app_once_and_marks_them_sent(overdue_task):
    task, with_email, without_email = overdue_task
    plan_reminders(today=TODAY)
    send_pending(today=TODAY)

    messages = messages_about(task)
    assert len(messages) == 1
    message = messages[0]
    assert message.to == [with_email.email]
    assert "quá hạn 3 ngày" in message.subject
    assert task.title in message.body
    assert "Hạn hoàn thành: 21/03/2026" in message.body
    assert "Tình trạng: Quá hạn" in message.body
    assert f"/tasks/{task.pk}/" in message.body
    assert message.extra_headers["Message-ID"].startswith("<chidao.outbox.")

    notified = notified_of(task)
    assert set(notified.values_list("user_id", flat=True)) == {with_email.pk, without_email.pk}
    assert all("quá hạn 3 ngày" in n.title for n in notified)

    rows = reminders_of(task)
    assert rows.count() == 3
    assert set(rows.values_list("state", flat=True)) == {Reminder.State.SENT}
    assert all(r.sent_at is not None for r in rows)

    events = TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.REMINDER)
    assert events.count() == 3
    event = events.get(data__channel="email")
    assert event.actor is None and event.actor_label == planner.ACTOR_LABEL
    assert event.data["step"] == f"overdue-1@{task.deadline}"
    assert event.data["recipient"] == with_email.username
    assert event.effective_on == TODAY


@pytest.mark.django_db
def test_running_the_job_twice_sends_each_reminder_once(overdue_task):
    task, *_ = overdue_task
    urge.call(today_iso=TODAY.isoformat())
    urge.call(today_iso=TODAY.isoformat())
    assert len(messages_about(task)) == 1
    assert notified_of(task).count() == 2
    assert TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.REMINDER).count() == 3


@pytest.mark.django_db
def test_rows_claimed_by_a_live_sender_are_left_to_it(overdue_task):
    task, *_ = overdue_task
    plan_reminders(today=TODAY)
    token = sender.claim(200, dt.timedelta(minutes=10), timezone.now(), Q())
    assert token
    mine = reminders_of(task, claim_token=token)
    assert mine.count() == 3

    assert send_pending(today=TODAY) == 0
    assert messages_about(task) == []
    assert set(reminders_of(task).values_list("state", flat=True)) == {"sending"}


@pytest.mark.django_db
def test_a_sender_that_crashed_halfway_is_taken_over_and_each_reminder_still_goes_once(
    overdue_task,
):
    task, *_ = overdue_task
    plan_reminders(today=TODAY)
    # A first sender delivered the in-app reminders, then crashed with the email claimed.
    first = sender.claim(200, dt.timedelta(minutes=10), timezone.now(), Q())
    in_app = list(Reminder.objects.filter(claim_token=first, channel="in_app"))
    assert sender._deliver_in_app(in_app, first, TODAY) == len(in_app)
    Reminder.objects.filter(claim_token=first, state="sending").update(
        claimed_at=timezone.now() - dt.timedelta(minutes=30)
    )

    assert send_pending(today=TODAY) == 1
    assert len(messages_about(task)) == 1
    assert notified_of(task).count() == 2
    assert set(reminders_of(task).values_list("state", flat=True)) == {"sent"}
    # and the next run finds nothing to do
    assert send_pending(today=TODAY) == 0
    assert len(messages_about(task)) == 1


@pytest.mark.django_db
def test_a_failed_email_is_kept_with_its_error_and_retried_by_a_later_run(overdue_task, settings):
    task, *_ = overdue_task
    plan_reminders(today=TODAY)
    settings.EMAIL_BACKEND = FAILING
    send_pending(today=TODAY)

    failed = reminders_of(task, channel="email").get()
    assert failed.state == Reminder.State.FAILED
    assert failed.attempts == 1
    assert "ConnectionRefusedError" in failed.last_error
    # in-app reminders do not depend on the mail server
    assert notified_of(task).count() == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending(today=TODAY) == 1
    failed.refresh_from_db()
    assert failed.state == Reminder.State.SENT and failed.last_error == ""
    assert len(messages_about(task)) == 1
    assert send_pending(today=TODAY) == 0


@pytest.mark.django_db
def test_a_failing_email_is_given_up_after_three_attempts(overdue_task, settings):
    task, *_ = overdue_task
    plan_reminders(today=TODAY)
    settings.EMAIL_BACKEND = FAILING
    for _ in range(5):
        send_pending(today=TODAY)
    failed = reminders_of(task, channel="email").get()
    assert failed.state == Reminder.State.FAILED
    assert failed.attempts == sender.MAX_ATTEMPTS


@pytest.mark.django_db
def test_reminders_planned_for_a_task_completed_since_are_not_sent(overdue_task):
    task, *_ = overdue_task
    plan_reminders(today=TODAY)
    task_services.progress_report(
        actor=SystemActor("test"),
        task=task,
        note="Đã ban hành quyết định",
        completed=True,
        reported_on=TODAY,
    )
    send_pending(today=TODAY)
    assert messages_about(task) == []
    assert not notified_of(task).exists()
    assert not reminders_of(task).exists()


@pytest.mark.django_db
def test_a_reminder_superseded_by_a_tighter_step_is_not_sent_late():
    task = make_task(deadline=TODAY + dt.timedelta(days=5))
    make_user()
    plan_reminders(today=TODAY)  # before-7, but the sender did not run that day
    plan_reminders(today=TODAY + dt.timedelta(days=4))  # before-1
    send_pending(today=TODAY + dt.timedelta(days=4))
    sent = reminders_of(task, state="sent")
    assert set(sent.values_list("step", flat=True)) == {f"before-1@{task.deadline}"}
    assert len(messages_about(task)) == 1
    assert "còn 1 ngày" in messages_about(task)[0].subject


@pytest.mark.django_db
def test_urge_command_runs_now_or_enqueues(overdue_task):
    from django_tasks_db.models import DBTaskResult

    task, *_ = overdue_task
    call_command("urge", "--today", TODAY.isoformat())
    assert len(messages_about(task)) == 1

    call_command("urge", "--enqueue")
    job = DBTaskResult.objects.get(task_path="chidao.jobs.urge")
    assert job.status == "READY"


@pytest.mark.django_db
def test_urge_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("urge", "--today", "31/02/2026")


@pytest.mark.django_db
def test_run_worker_enqueues_only_when_no_urge_is_waiting():
    from django_tasks_db.models import DBTaskResult

    from chidao.urging.management.commands import run_worker

    assert run_worker.urge_is_queued() is False
    urge.enqueue()
    assert run_worker.urge_is_queued() is True
    DBTaskResult.objects.update(status="SUCCESSFUL")
    assert run_worker.urge_is_queued() is False
