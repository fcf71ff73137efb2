"""Who sees and manages which tasks (the one choke point for pages, API and downloads)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from chidao.accounts.models import Role
from chidao.core import policy
from chidao.tasks import services
from chidao.tasks.models import Task
from chidao.tasks.services import TaskError
from chidao.tasks.tests.factories import (
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    TaskFactory,
    committee_2023,
    committee_egov,
    domain,
    fast_passwords,  # noqa: F401 (autouse fixture)
    standing_home_affairs,
    unit_named,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks():
    """A's (Sở Nội vụ) tasks: one it leads, one it coordinates. B's (Sở Tư pháp): one it
    leads. One of Sở Tài chính alone. One of the e-Government committee (2019)."""
    home_affairs, justice, finance = (
        unit_named(HOME_AFFAIRS),
        unit_named(JUSTICE),
        unit_named(FINANCE),
    )
    return {
        "a_leads": TaskFactory(lead_unit=home_affairs, coordinating_units=[finance]),
        "a_coordinates": TaskFactory(lead_unit=finance, coordinating_units=[home_affairs]),
        "b_leads": TaskFactory(lead_unit=justice),
        "finance_alone": TaskFactory(lead_unit=finance),
        "egov": TaskFactory(
            committee=committee_egov(),
            lead_unit=finance,
            assigned_on=dt.date(2020, 3, 2),
            deadline=dt.date(2020, 12, 31),
        ),
    }


def visible(user, tasks) -> set[str]:
    ids = set(Task.objects.restrict(user, policy.VIEW).values_list("pk", flat=True))
    return {name for name, task in tasks.items() if task.pk in ids}


def test_a_focal_person_sees_only_tasks_their_unit_leads_or_coordinates(personas, tasks):
    assert visible(personas.focal_a, tasks) == {"a_leads", "a_coordinates"}


def test_a_focal_person_of_another_unit_sees_none_of_them(personas, tasks):
    assert visible(personas.focal_b, tasks) == {"b_leads"}


def test_each_visible_task_is_listed_once(personas, tasks):
    TaskFactory(
        lead_unit=unit_named(FINANCE),
        coordinating_units=[unit_named(HOME_AFFAIRS), unit_named(JUSTICE)],
    )

    ids = list(Task.objects.restrict(personas.focal_a, policy.VIEW).values_list("pk", flat=True))

    assert len(ids) == len(set(ids)) == 3


def test_standing_staff_see_their_committees_tasks_only(tasks):
    standing = standing_home_affairs()

    assert visible(standing, tasks) == {"a_leads", "a_coordinates", "b_leads", "finance_alone"}


def test_standing_staff_of_the_office_see_the_e_government_committees_tasks(personas, tasks):
    assert visible(personas.standing, tasks) == {"egov"}


@pytest.mark.parametrize("who", ["leader", "viewer", "admin"])
def test_leaders_viewers_and_admins_read_every_task(personas, tasks, who):
    assert visible(getattr(personas, who), tasks) == set(tasks)


def test_anonymous_and_inactive_users_see_nothing(personas, tasks):
    personas.leader.is_active = False

    assert visible(AnonymousUser(), tasks) == set()
    assert visible(personas.leader, tasks) == set()


def test_a_focal_person_without_a_unit_sees_nothing(personas, tasks):
    personas.focal_a.unit = None

    assert visible(personas.focal_a, tasks) == set()


def test_who_may_manage_a_task(personas, tasks):
    ours, egov = tasks["a_leads"], tasks["egov"]
    standing = standing_home_affairs()

    assert ours.permits(standing, policy.CHANGE) and not egov.permits(standing, policy.CHANGE)
    assert egov.permits(personas.standing, policy.CHANGE)
    assert not ours.permits(personas.standing, policy.CHANGE)
    assert ours.permits(personas.admin, policy.CHANGE) and egov.permits(
        personas.admin, policy.CHANGE
    )
    for reader in (personas.leader, personas.viewer, personas.focal_a, AnonymousUser()):
        assert not ours.permits(reader, policy.CHANGE)


def test_a_focal_person_may_report_only_where_their_unit_leads_or_coordinates(personas, tasks):
    assert tasks["a_leads"].reporting_role(personas.focal_a) == "lead"
    assert tasks["a_coordinates"].reporting_role(personas.focal_a) == "coordinating"
    assert tasks["b_leads"].reporting_role(personas.focal_a) is None
    # reading everything is not reporting
    leader_at_home_affairs = personas.leader
    leader_at_home_affairs.unit = unit_named(HOME_AFFAIRS)
    assert leader_at_home_affairs.role == Role.LEADER
    assert tasks["a_leads"].reporting_role(leader_at_home_affairs) is None


def test_standing_staff_cannot_create_or_cancel_another_committees_tasks(personas, tasks):
    count = Task.objects.count()

    with pytest.raises(TaskError) as refused:
        services.task_create(
            actor=standing_home_affairs(),
            committee=committee_egov(),
            title="Nhiệm vụ của Ban khác",
            domain=domain(),
            lead_unit=unit_named(FINANCE),
            assigned_on=dt.date(2025, 9, 1),
            deadline=dt.date(2025, 12, 31),
        )
    assert refused.value.status == 403
    assert Task.objects.count() == count

    with pytest.raises(TaskError) as refused:
        services.task_cancel(actor=personas.standing, task=tasks["a_leads"], reason="Không rõ")
    assert refused.value.status == 403
    assert Task.objects.get(pk=tasks["a_leads"].pk).cancelled_on is None


def test_standing_staff_create_tasks_for_their_own_committee():
    standing = standing_home_affairs()

    task = services.task_create(
        actor=standing,
        committee=committee_2023(),
        title="Nhiệm vụ của Ban mình",
        domain=domain(),
        lead_unit=unit_named(FINANCE),
        assigned_on=dt.date(2025, 9, 1),
        deadline=dt.date(2025, 12, 31),
    )

    assert Task.objects.get(pk=task.pk).assigned_by == standing


def test_a_focal_person_cannot_cancel_their_own_task(personas, tasks):
    with pytest.raises(TaskError) as refused:
        services.task_cancel(actor=personas.focal_a, task=tasks["a_leads"], reason="Không làm")

    assert refused.value.status == 403
    assert Task.objects.get(pk=tasks["a_leads"].pk).cancelled_on is None
