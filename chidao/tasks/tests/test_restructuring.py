"""Restructuring: when communes merge, their open tasks follow the successor and keep their
history; when a unit is dissolved or split, its tasks are listed for reassignment."""

import datetime as dt

import pytest
from django.db.models import Count

from chidao.accounts.models import Role
from chidao.audit.models import ChangeLog
from chidao.core import policy
from chidao.core.policy import SystemActor
from chidao.tasks import restructuring, selectors, services
from chidao.tasks.models import Task, TaskCoordination, TaskEvent
from chidao.tasks.tests.factories import (
    HOME_AFFAIRS,
    JUSTICE,
    TaskFactory,
    committee_2023,
    fast_passwords,  # noqa: F401 (autouse fixture)
    focal_of,
    make_task,
    standing_home_affairs,
    unit_named,
)
from chidao.units.models import Unit, UnitEvent

pytestmark = pytest.mark.django_db

ASSIGNED = dt.date(2025, 5, 15)
DEADLINE = dt.date(2025, 9, 30)
REFORM = dt.date(2025, 7, 1)


def wholly_merged_communes():
    """A 2025 commune formed from legacy communes, and two of those that went wholly into it
    (predecessors of this event only, per the vietnamadminunits mapping)."""
    whole = set(
        Unit.objects.filter(kind=Unit.Kind.COMMUNE, valid_to__isnull=False)
        .annotate(n=Count("events_as_predecessor"))
        .filter(n=1)
        .values_list("pk", flat=True)
    )
    events = (
        UnitEvent.objects.filter(kind=UnitEvent.Kind.REORGANISED)
        .annotate(
            n_before=Count("predecessors", distinct=True),
            n_after=Count("successors", distinct=True),
        )
        .filter(n_before__gte=2, n_after=1, successors__kind=Unit.Kind.COMMUNE)
        .order_by("n_before", "external_id")
    )
    for event in events:
        merged = [u for u in event.predecessors.order_by("external_id") if u.pk in whole]
        if len(merged) >= 2:
            return event, merged[0], merged[1], event.successors.get()
    raise AssertionError("the register has no merger of two whole communes")


@pytest.fixture
def merger():
    event, first, second, successor = wholly_merged_communes()
    assert first.valid_to == second.valid_to == REFORM - dt.timedelta(days=1)
    assert successor.valid_from == REFORM
    return event, first, second, successor


def open_task(lead_unit, **kwargs):
    return TaskFactory(lead_unit=lead_unit, assigned_on=ASSIGNED, deadline=DEADLINE, **kwargs)


def test_merging_two_communes_moves_their_open_tasks_to_the_successor(merger):
    event, first, second, successor = merger
    task_a = open_task(first)
    task_b = open_task(second, coordinating_units=[unit_named(JUSTICE)])

    result = restructuring.tasks_follow_succession(actor=SystemActor("test"), event=event)

    assert set(result["moved"]) == {task_a.pk, task_b.pk}
    assert result["orphaned"] == []
    for task, old in ((task_a, first), (task_b, second)):
        task = Task.objects.get(pk=task.pk)
        assert task.lead_unit == successor
        assert task.lead_unit_name == old.name  # whom it was given to
        reassigned = task.events.get(kind=TaskEvent.Kind.REASSIGNED)
        assert reassigned.effective_on == REFORM
        assert reassigned.data["old_unit"] == old.name
        assert reassigned.data["old_unit_id"] == old.pk
        assert reassigned.data["new_unit_id"] == successor.pk
        assert ChangeLog.objects.filter(
            target_type="tasks.task", target_id=str(task.pk), actor_label="test", action="update"
        ).exists()
    # task_b's coordinating department is untouched
    assert list(
        TaskCoordination.objects.filter(task=task_b).values_list("unit__name", flat=True)
    ) == ["Sở Tư pháp"]


def test_a_moved_tasks_page_still_shows_its_history(merger):
    event, first, _, successor = merger
    task = open_task(first)
    services.progress_report(
        actor=SystemActor("test"),
        task=task,
        note="Đã triển khai",
        percent=40,
        reported_on=dt.date(2025, 6, 10),
    )

    restructuring.tasks_follow_succession(actor=SystemActor("test"), event=event)

    successor_focal = focal_of(successor)
    shown = selectors.get_visible_task(successor_focal, task.pk, today=dt.date(2025, 7, 2))
    timeline = list(selectors.task_timeline(shown))
    assert [e.kind for e in timeline] == [
        TaskEvent.Kind.ASSIGNED,
        TaskEvent.Kind.PROGRESS,
        TaskEvent.Kind.REASSIGNED,
    ]
    assert timeline[0].data["lead_unit"] == first.name
    assert timeline[2].data["new_unit"] == successor.name
    assert shown.lead_unit_name == first.name
    assert shown.percent == 40


def test_a_completed_task_stays_with_the_old_commune(merger):
    event, first, _, _ = merger
    done = make_task(
        lead_unit=first,
        assigned_on=ASSIGNED,
        deadline=DEADLINE,
        completed_on=dt.date(2025, 6, 20),
        percent=100,
    )
    cancelled = make_task(
        lead_unit=first, assigned_on=ASSIGNED, deadline=DEADLINE, cancelled_on=dt.date(2025, 6, 1)
    )

    result = restructuring.tasks_follow_succession(actor=SystemActor("test"), event=event)

    assert result == {"moved": [], "orphaned": []}
    for task in (done, cancelled):
        task = Task.objects.get(pk=task.pk)
        assert task.lead_unit == first
        assert not task.events.filter(kind=TaskEvent.Kind.REASSIGNED).exists()


def test_coordinating_roles_follow_the_successor_too(merger):
    event, first, second, successor = merger
    home_affairs = unit_named(HOME_AFFAIRS)
    coordinated_by_first = open_task(home_affairs, coordinating_units=[first])
    coordinated_by_both = open_task(home_affairs, coordinating_units=[first, second])
    led_and_coordinated = open_task(first, coordinating_units=[second])

    restructuring.tasks_follow_succession(actor=SystemActor("test"), event=event)

    coordination = TaskCoordination.objects.get(task=coordinated_by_first)
    assert coordination.unit == successor
    assert coordination.unit_name == first.name  # the name when assigned
    edited = coordinated_by_first.events.get(kind=TaskEvent.Kind.EDITED)
    assert edited.data["coordinating_unit_old"] == first.name
    assert edited.data["coordinating_unit_new"] == successor.name
    # two coordinating communes become one coordinating successor
    assert list(
        TaskCoordination.objects.filter(task=coordinated_by_both).values_list("unit", flat=True)
    ) == [successor.pk]
    # the successor leads: it does not also coordinate
    assert not TaskCoordination.objects.filter(task=led_and_coordinated).exists()
    assert Task.objects.get(pk=led_and_coordinated.pk).lead_unit == successor
    # the successor's focal person now sees all three
    visible = Task.objects.restrict(focal_of(successor), policy.VIEW)
    assert set(visible.values_list("pk", flat=True)) == {
        coordinated_by_first.pk,
        coordinated_by_both.pk,
        led_and_coordinated.pk,
    }


def test_running_it_again_moves_nothing(merger):
    event, first, _, _ = merger
    task = open_task(first)
    restructuring.tasks_follow_succession(actor=SystemActor("test"), event=event)

    again = restructuring.tasks_follow_succession(actor=SystemActor("test"), event=event)

    assert again == {"moved": [], "orphaned": []}
    assert Task.objects.get(pk=task.pk).events.filter(kind=TaskEvent.Kind.REASSIGNED).count() == 1


def test_a_commune_split_between_several_new_communes_is_not_handed_to_one_of_them():
    split = (
        Unit.objects.filter(kind=Unit.Kind.COMMUNE, valid_to__isnull=False)
        .annotate(n=Count("events_as_predecessor"))
        .filter(n__gte=2)
        .order_by("external_id")
        .first()
    )
    task = open_task(split)
    event = split.events_as_predecessor.order_by("external_id").first()

    result = restructuring.tasks_follow_succession(actor=SystemActor("test"), event=event)

    assert result == {"moved": [], "orphaned": [task.pk]}
    assert Task.objects.get(pk=task.pk).lead_unit == split


@pytest.fixture
def dissolution():
    """A legacy district dissolved on 01/07/2025, with no successor."""
    event = (
        UnitEvent.objects.filter(
            kind=UnitEvent.Kind.DISSOLVED, predecessors__kind=Unit.Kind.DISTRICT
        )
        .order_by("external_id")
        .first()
    )
    assert not event.successors.exists()
    return event, event.predecessors.get()


def test_a_dissolved_districts_tasks_are_listed_as_orphaned_and_not_moved(dissolution):
    event, district = dissolution
    task = open_task(district)

    result = restructuring.tasks_follow_succession(actor=SystemActor("test"), event=event)

    assert result == {"moved": [], "orphaned": [task.pk]}
    task = Task.objects.get(pk=task.pk)
    assert task.lead_unit == district
    assert list(task.events.values_list("kind", flat=True)) == [TaskEvent.Kind.ASSIGNED]
    assert task in restructuring.orphaned_tasks()
    assert task in restructuring.orphaned_tasks(committee=committee_2023())


def test_the_standing_agency_reassigns_an_orphaned_task(dissolution):
    event, district = dissolution
    task = open_task(district)
    restructuring.tasks_follow_succession(actor=SystemActor("test"), event=event)
    standing = standing_home_affairs()
    assert standing.role == Role.STANDING

    services.task_reassign(
        actor=standing,
        task=task,
        new_lead_unit=unit_named(HOME_AFFAIRS),
        reason="Giao lại sau khi giải thể cấp huyện",
        effective_on=REFORM,
    )

    task = Task.objects.get(pk=task.pk)
    assert task.lead_unit.name == "Sở Nội vụ"
    assert task.lead_unit_name == district.name
    assert task not in restructuring.orphaned_tasks()
    assert task.events.get(kind=TaskEvent.Kind.REASSIGNED).actor == standing


def test_a_task_cannot_be_reassigned_to_a_unit_that_no_longer_exists(merger):
    _, first, _, _ = merger
    task = open_task(unit_named(HOME_AFFAIRS))

    with pytest.raises(services.TaskError):
        services.task_reassign(
            actor=SystemActor("test"),
            task=task,
            new_lead_unit=first,
            reason="Thử",
            effective_on=REFORM,
        )

    assert Task.objects.get(pk=task.pk).lead_unit.name == "Sở Nội vụ"


def test_the_daily_job_applies_restructurings_in_force(merger):
    _, first, _, successor = merger
    task = open_task(first)

    before_reform = restructuring.apply_restructurings(today=REFORM - dt.timedelta(days=1))
    after_reform = restructuring.apply_restructurings(today=REFORM)

    assert before_reform["moved"] == []
    assert after_reform["moved"] == [task.pk]
    assert Task.objects.get(pk=task.pk).lead_unit == successor
    assert restructuring.apply_restructurings(today=REFORM)["moved"] == []
