"""An assigned item left unanswered past its deadline is urged to the resolver's focal
persons through the outbox, exactly once per step; an answered one is not."""

import datetime as dt

import pytest

from chidao.notifications.models import OutboxMessage
from chidao.obstacles import notices, services
from chidao.obstacles.tests.world import assigned

pytestmark = pytest.mark.django_db
DUE = dt.date(2025, 8, 15)


def reminders():
    return OutboxMessage.objects.filter(kind=notices.REMINDER)


def test_an_overdue_item_is_urged_once_per_step(w):
    item = assigned(w, due_on=DUE)
    after = DUE + dt.timedelta(days=1)
    assert notices.plan_reminders(today=after) >= 1
    first = set(reminders().values_list("step", "recipient_id"))
    assert {step for step, _r in first} == {f"overdue-1@{DUE.isoformat()}"}
    assert {r for _s, r in first} == {w.focal_justice.pk}
    assert notices.plan_reminders(today=after) == 0
    assert notices.plan_reminders(today=after + dt.timedelta(days=3)) == 0  # same week, same step
    notices.plan_reminders(today=after + dt.timedelta(days=7))
    steps = sorted(set(reminders().values_list("step", flat=True)))
    assert steps == [f"overdue-1@{DUE.isoformat()}", f"overdue-2@{DUE.isoformat()}"]
    assert item.pk in {row.data["obstacle"] for row in reminders()}


def test_an_answered_item_is_not_urged(w):
    item = assigned(w, due_on=DUE)
    services.obstacle_reply(actor=w.focal_justice, obstacle=item, text="Đã trả lời", resolved=False)
    assert notices.plan(today=DUE + dt.timedelta(days=1)) == []


def test_a_reminder_no_longer_wanted_is_dropped(w):
    item = assigned(w, due_on=DUE)
    notices.plan_reminders(today=DUE + dt.timedelta(days=1))
    services.obstacle_reply(actor=w.focal_justice, obstacle=item, text="Xong", resolved=True)
    rows = list(reminders())
    assert notices.still_wanted(rows, DUE + dt.timedelta(days=1)) == set()
