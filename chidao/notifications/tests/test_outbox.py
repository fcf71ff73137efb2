"""The outbox: one row per notice, recipient and channel; queued once however often asked."""

import pytest
from django.db import transaction

from chidao.notifications.models import OutboxMessage, Preference
from chidao.notifications.services import emit, enqueue
from chidao.notifications.tests.helpers import make_user, notice

pytestmark = pytest.mark.django_db


def test_a_notice_is_queued_in_app_and_by_email_once():
    user = make_user()
    assert enqueue([notice(user)]) == 2
    assert enqueue([notice(user)]) == 0
    rows = OutboxMessage.objects.filter(recipient=user)
    assert sorted(rows.values_list("channel", flat=True)) == ["email", "in_app"]
    assert rows.get(channel="email").address == user.email


def test_without_an_address_only_the_in_app_row_is_queued():
    user = make_user(email=False)
    enqueue([notice(user)])
    assert list(OutboxMessage.objects.filter(recipient=user).values_list("channel", flat=True)) == [
        "in_app"
    ]


def test_an_inactive_user_gets_nothing():
    user = make_user(is_active=False)
    assert enqueue([notice(user)]) == 0


def test_a_user_who_chose_the_digest_has_their_email_held_for_it():
    user = make_user()
    Preference.objects.create(user=user, email_digest=True)
    enqueue([notice(user)])
    assert OutboxMessage.objects.get(recipient=user, channel="email").digest is True
    assert OutboxMessage.objects.get(recipient=user, channel="in_app").digest is False


def test_rows_inserted_behind_the_planners_back_are_not_duplicated():
    user = make_user()
    enqueue([notice(user)])
    # a concurrent planner that did not see the rows inserts them again: ignored
    from chidao.notifications.services import _existing

    assert len(_existing({("thu-nghiem:1", "assigned")})) == 2
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                kind="test.notice",
                subject_key="thu-nghiem:1",
                step="assigned",
                recipient=user,
                channel="email",
                title="x",
            )
        ],
        ignore_conflicts=True,
    )
    assert OutboxMessage.objects.filter(recipient=user).count() == 2


def test_an_event_that_rolls_back_notifies_no_one():
    user = make_user()
    with pytest.raises(RuntimeError), transaction.atomic():
        emit([notice(user)])
        raise RuntimeError("the action failed")
    assert not OutboxMessage.objects.filter(recipient=user).exists()


def test_an_event_enqueues_one_delivery_job_when_it_commits(django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    from chidao.notifications.tasks import deliver

    user = make_user()
    before = DBTaskResult.objects.filter(task_path=deliver.module_path).count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        emit([notice(user, subject="thu-nghiem:2")])
        emit([notice(user, subject="thu-nghiem:3")])
    assert len(callbacks) == 1
    assert DBTaskResult.objects.filter(task_path=deliver.module_path).count() == before + 1
