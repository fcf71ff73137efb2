"""A unit's inspection conclusion: findings, remedies that become the unit's tasks in one
transaction, refusals that save nothing, notices to the unit's focal persons."""

import datetime as dt

import pytest
from django.urls import reverse

from chidao.inspections import services
from chidao.inspections.models import Conclusion, Finding, InspectedUnit, Inspection
from chidao.inspections.tests.helpers import findings, make_world, plan, two_remedies
from chidao.notifications.models import OutboxMessage
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
DATE = dt.date(2025, 10, 10)


def conclude(world, inspection, **kwargs):
    kwargs.setdefault("findings", findings(inspection))
    kwargs.setdefault("remedies", two_remedies())
    return services.conclusion_issue(
        actor=world.staff, inspection=inspection, unit=world.justice, date=DATE, **kwargs
    )


def test_two_remedies_give_two_tasks_of_the_unit_on_its_list_with_the_conclusion_as_source(
    client,
):
    world = make_world()
    inspection = plan(world)
    conclusion = conclude(world, inspection)
    tasks = list(Task.objects.filter(source=conclusion.source).order_by("source_clause"))
    assert [(t.lead_unit_id, t.source_clause, t.deadline) for t in tasks] == [
        (world.justice.pk, "Mục 1", dt.date(2025, 11, 30)),
        (world.justice.pk, "Mục 2", dt.date(2025, 12, 31)),
    ]
    assert conclusion.source.document.number == conclusion.number
    client.force_login(world.focal)
    page = client.get(reverse("my-tasks")).content.decode()
    assert "Hoàn thành số hóa hồ sơ còn tồn đọng" in page
    assert "Công khai đầy đủ thủ tục hành chính" in page
    detail = client.get(reverse("task-detail", args=[tasks[0].pk])).content.decode()
    assert conclusion.number in detail


def test_the_findings_are_kept_and_the_unit_and_plan_move_on():
    world = make_world()
    inspection = plan(world)
    conclude(world, inspection)
    inspected = InspectedUnit.objects.get(inspection=inspection, unit=world.justice)
    assert inspected.status == "concluded"
    assert sorted(inspected.findings.values_list("item__code", "result")) == [
        ("K1", "compliant"),
        ("K2", "partial"),
        ("K3", "not_compliant"),
    ]
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.ISSUED  # Sở Tài chính is still to conclude


def test_a_remedy_due_before_the_conclusion_is_refused_naming_it_and_nothing_is_saved():
    world = make_world()
    inspection = plan(world)
    remedies = two_remedies()
    remedies[1].deadline = dt.date(2025, 10, 1)
    with pytest.raises(services.InspectionError) as refused:
        conclude(world, inspection, remedies=remedies)
    assert refused.value.status == 422
    assert refused.value.field == "remedies[1]"
    assert "thứ 2" in str(refused.value)
    assert not Conclusion.objects.exists()
    assert not Finding.objects.exists()
    assert not Task.objects.filter(title__startswith="Hoàn thành số hóa").exists()


def test_an_unknown_checklist_item_is_refused_naming_it():
    world = make_world()
    inspection = plan(world)
    bad = [services.FindingIn(item="K9", result="compliant")]
    with pytest.raises(services.InspectionError) as refused:
        conclude(world, inspection, findings=bad)
    assert refused.value.field == "findings[0]"
    assert "K9" in str(refused.value)
    assert not Conclusion.objects.exists()


def test_a_second_conclusion_is_a_conflict():
    world = make_world()
    inspection = plan(world)
    conclude(world, inspection)
    with pytest.raises(services.InspectionError) as refused:
        conclude(world, inspection)
    assert refused.value.status == 409


def test_only_the_committees_standing_agency_concludes():
    world = make_world()
    inspection = plan(world)
    for user in (world.focal, world.other_staff, world.viewer):
        with pytest.raises(services.InspectionError) as refused:
            services.conclusion_issue(
                actor=user, inspection=inspection, unit=world.justice, date=DATE
            )
        assert refused.value.status == 403


def test_a_draft_plan_takes_no_conclusion():
    world = make_world()
    inspection = plan(world, issue=False)
    with pytest.raises(services.InspectionError) as refused:
        conclude(world, inspection)
    assert refused.value.status == 409


def test_the_units_focal_persons_are_told_of_the_conclusion():
    world = make_world()
    inspection = plan(world)
    conclusion = conclude(world, inspection)
    told = OutboxMessage.objects.filter(kind="inspection.concluded")
    assert {m.recipient_id for m in told} == {world.focal.pk}
    assert conclusion.number in told.first().title
    assert OutboxMessage.objects.filter(kind="task.assigned", recipient=world.focal).count() >= 2


def test_findings_before_the_conclusion_are_enough_for_it():
    world = make_world()
    inspection = plan(world)
    services.findings_record(
        actor=world.staff, inspection=inspection, unit=world.justice, findings=findings(inspection)
    )
    conclusion = conclude(world, inspection, findings=[], remedies=[])
    assert conclusion.remedies.count() == 0
    assert Finding.objects.filter(inspected=conclusion.inspected).count() == 3


def test_no_findings_at_all_is_refused():
    world = make_world()
    inspection = plan(world)
    with pytest.raises(services.InspectionError) as refused:
        conclude(world, inspection, findings=[])
    assert refused.value.field == "findings"
