"""Issuing and answering explanation requests: who may, what is written, who is told."""

import datetime as dt

import pytest

from chidao.audit.models import ChangeLog
from chidao.explanations import services
from chidao.explanations.models import ExplanationRequest
from chidao.explanations.services import ExplanationError
from chidao.explanations.tests.helpers import TODAY, make_world
from chidao.notifications.models import OutboxMessage
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def issue(world, **kwargs):
    kwargs.setdefault("reason", "Quá hạn 60 ngày, đã đôn đốc 4 lần.")
    kwargs.setdefault("issued_on", TODAY)
    return services.explanation_issue(actor=world.staff, subject=world.task, **kwargs)


def test_the_standing_agency_asks_the_lead_unit_and_its_focal_persons_are_told():
    world = make_world()
    request = issue(world)
    assert request.unit == world.justice
    assert request.committee_id == world.task.committee_id
    assert request.issuing_unit_id == world.staff.unit_id
    assert request.due_on == TODAY + dt.timedelta(days=7)
    assert request.state == ExplanationRequest.State.OPEN
    sent = OutboxMessage.objects.filter(kind="explanation.issued")
    assert sorted(sent.values_list("recipient__username", "channel")) == [
        ("daumoi_tuphap_gt", "email"),
        ("daumoi_tuphap_gt", "in_app"),
    ]
    assert ChangeLog.objects.filter(action="create", target_id=str(request.pk)).exists()


def test_a_focal_person_may_not_ask_for_an_explanation():
    world = make_world()
    with pytest.raises(ExplanationError) as refused:
        services.explanation_issue(actor=world.focal, subject=world.task, reason="x")
    assert refused.value.status == 403
    assert not ExplanationRequest.objects.exists()


def test_a_second_open_request_about_the_same_task_is_a_conflict():
    world = make_world()
    issue(world)
    with pytest.raises(ExplanationError) as refused:
        issue(world)
    assert refused.value.status == 409
    assert ExplanationRequest.objects.count() == 1


def test_a_due_date_before_the_request_is_refused_and_nothing_is_written():
    world = make_world()
    with pytest.raises(ExplanationError) as refused:
        issue(world, due_on=TODAY - dt.timedelta(days=1))
    assert refused.value.status == 422 and refused.value.field == "due_on"
    assert not ExplanationRequest.objects.exists()
    assert not OutboxMessage.objects.filter(kind="explanation.issued").exists()


def test_the_lead_unit_answers_and_the_standing_agency_is_told():
    world = make_world()
    request = issue(world)
    services.explanation_answer(
        actor=world.focal,
        request=request,
        reasons="Chờ ý kiến của bộ.",
        done="Đã trình dự thảo.",
        plan="Hoàn thành trong tháng 4.",
        new_deadline=dt.date(2026, 4, 30),
        answered_on=TODAY + dt.timedelta(days=3),
    )
    request.refresh_from_db()
    assert request.state == ExplanationRequest.State.ANSWERED
    assert request.answered_by == world.focal
    assert request.answer_new_deadline == dt.date(2026, 4, 30)
    told = OutboxMessage.objects.filter(kind="explanation.answered", channel="in_app")
    assert list(told.values_list("recipient__username", flat=True)) == ["thuongtruc_noivu"]


def test_another_unit_may_not_answer():
    world = make_world()
    request = issue(world)
    with pytest.raises(ExplanationError) as refused:
        services.explanation_answer(actor=world.other, request=request, reasons="x", plan="y")
    assert refused.value.status == 403
    request.refresh_from_db()
    assert request.state == ExplanationRequest.State.OPEN


def test_an_answer_needs_its_reasons_and_a_plan():
    world = make_world()
    request = issue(world)
    with pytest.raises(ExplanationError) as refused:
        services.explanation_answer(actor=world.focal, request=request, reasons=" ", plan="y")
    assert refused.value.field == "reasons"
    request.refresh_from_db()
    assert request.answered_on is None


def test_an_answered_request_cannot_be_answered_twice():
    world = make_world()
    request = issue(world)
    services.explanation_answer(actor=world.focal, request=request, reasons="a", plan="b")
    with pytest.raises(ExplanationError) as refused:
        services.explanation_answer(actor=world.focal, request=request, reasons="c", plan="d")
    assert refused.value.status == 409


def test_after_a_withdrawal_a_new_request_may_be_issued():
    world = make_world()
    first = issue(world)
    services.explanation_withdraw(actor=world.staff, request=first)
    second = issue(world)
    assert second.pk != first.pk
    first.refresh_from_db()
    assert first.state == ExplanationRequest.State.WITHDRAWN
