"""A task past its committee's threshold gets a proposed explanation request; once issued
and left unanswered, it is proposed for the next meeting's agenda."""

import datetime as dt

import pytest

from chidao.explanations import services as explanations
from chidao.explanations.models import ExplanationRule
from chidao.meetings import proposals
from chidao.meetings.tests.helpers import make_world, plan
from chidao.tasks.models import TaskEvent
from chidao.tasks.tests.factories import TaskFactory, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def overdue_task(world, days: int):
    return TaskFactory(
        lead_unit=world.justice,
        assigned_on=dt.date(2025, 1, 2),
        deadline=TODAY - dt.timedelta(days=days),
    )


def test_a_task_overdue_beyond_the_threshold_is_proposed():
    world = make_world()
    late = overdue_task(world, 31)
    recent = overdue_task(world, 5)
    proposed = [p.task for p in proposals.proposed_requests(world.committee, TODAY)]
    assert late in proposed and recent not in proposed


def test_a_committees_own_rule_counts_reminders_sent():
    world = make_world()
    ExplanationRule.objects.create(committee=world.committee, overdue_days=365, reminders=3)
    task = overdue_task(world, 20)
    for week in range(1, 5):  # four reminders, each to two channels
        for channel in ("email", "in_app"):
            TaskEvent.objects.create(
                task=task,
                kind=TaskEvent.Kind.REMINDER,
                effective_on=TODAY,
                data={"step": f"overdue-{week}@x", "channel": channel},
            )
    (proposal,) = [p for p in proposals.proposed_requests(world.committee, TODAY) if p.task == task]
    assert proposal.reminders == 4


def test_a_task_with_an_open_request_is_not_proposed_again():
    world = make_world()
    task = overdue_task(world, 40)
    explanations.explanation_issue(
        actor=world.staff, subject=task, reason="Quá hạn.", issued_on=TODAY
    )
    assert task not in [p.task for p in proposals.proposed_requests(world.committee, TODAY)]


def test_an_unanswered_request_past_due_is_proposed_for_the_next_meeting():
    world = make_world()
    task = overdue_task(world, 40)
    request = explanations.explanation_issue(
        actor=world.staff, subject=task, reason="Quá hạn.", issued_on=TODAY - dt.timedelta(days=10)
    )
    meeting = plan(world, day=TODAY + dt.timedelta(days=7))
    (item,) = proposals.proposed_agenda(meeting, TODAY)
    assert item.request == request and item.task == task
    assert "chưa giải trình" in item.why
    assert item.history == [request]


def test_an_answered_request_whose_task_is_still_overdue_is_proposed_too():
    world = make_world()
    task = overdue_task(world, 40)
    request = explanations.explanation_issue(
        actor=world.staff, subject=task, reason="Quá hạn.", issued_on=TODAY - dt.timedelta(days=10)
    )
    explanations.explanation_answer(
        actor=world.focal, request=request, reasons="a", plan="b", answered_on=TODAY
    )
    meeting = plan(world, day=TODAY + dt.timedelta(days=7))
    (item,) = proposals.proposed_agenda(meeting, TODAY)
    assert "vẫn quá hạn" in item.why


def test_a_request_not_yet_due_is_not_proposed():
    world = make_world()
    task = overdue_task(world, 40)
    explanations.explanation_issue(
        actor=world.staff, subject=task, reason="Quá hạn.", issued_on=TODAY
    )
    meeting = plan(world, day=TODAY + dt.timedelta(days=7))
    assert proposals.proposed_agenda(meeting, TODAY) == []
