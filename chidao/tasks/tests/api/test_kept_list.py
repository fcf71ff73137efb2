"""The list API's page runs SQL kept per shape (chidao.core.kept): for every shape it must be
the queryset's own SQL with the request's values bound, and give the same rows, for each kind
of caller (every task, committees served and units, units only, nothing, a unit filter on
one's own unit or another's) and each filter, on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django.db import DEFAULT_DB_ALIAS, connection
from django.utils import timezone

from chidao.core.policy import SystemActor
from chidao.tasks import services
from chidao.tasks.models import TaskView
from chidao.tasks.selectors import LIST_PAGE, TaskList, task_rows
from chidao.tasks.tests.factories import TaskSourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(make_task, unit_a, unit_b, personas):
    from chidao.accounts.tests.factories import unit_named

    source = TaskSourceFactory()
    made = [
        make_task(unit_a, title="Có văn bản", source=source, source_clause="Mục I"),
        make_task(unit_b, title="Phối hợp", days=6, coordinating_units=[unit_a]),
        make_task(unit_a, title="Quá hạn", days=-4, assigned_days_ago=10),
        make_task(unit_b, title="Của B", days=40, coordinating_units=[unit_named("Sở Y tế")]),
        make_task(unit_named("Sở Y tế"), title="Ba", days=3, coordinating_units=[unit_b, unit_a]),
    ]
    services.progress_report(actor=personas.focal_b, task=made[3], note="Xong", completed=True)
    services.progress_report(actor=personas.focal_a, task=made[0], note="Bắt đầu", percent=10)
    return made


def shapes(personas, manager, unit_a, unit_b, committee, domain, tasks):
    today = timezone.localdate()
    source = tasks[0].source_id
    return [
        (personas.leader, {}),
        (personas.leader, {"unit": unit_b.pk}),
        (personas.focal_a, {}),
        (personas.focal_a, {"unit": unit_a.pk}),
        (personas.focal_a, {"unit": unit_b.pk}),  # another unit: the caller's view applies
        (personas.focal_b, {"unit": unit_a.pk, "status": "due_soon"}),
        (manager, {}),  # committees served and a unit
        (manager, {"unit": unit_b.pk, "committee": committee.pk}),
        (personas.viewer, {"domain_code": domain.code, "status": "overdue"}),
        (personas.standing, {"source": source}),
        (personas.focal_a, {"deadline_from": today, "deadline_to": today + dt.timedelta(10)}),
        (personas.admin, {"domain_code": "", "unit": unit_a.pk}),
        (SystemActor("test"), {"committee": committee.pk, "status": "done_on_time"}),
    ]


def test_kept_pages_are_the_querysets_sql_and_rows(
    personas, manager, unit_a, unit_b, committee, domain, tasks
):
    for user, filters in shapes(personas, manager, unit_a, unit_b, committee, domain, tasks):
        listed = TaskList(user, **filters)
        expected = task_rows(listed.queryset())
        for low, high in ((0, 26), (1, 3), (0, 1000)):
            orm_sql, orm_params = expected[low:high].query.sql_with_params()
            shape, values = listed.kept()
            statement = LIST_PAGE.statement_for(shape, values, DEFAULT_DB_ALIAS)
            assert statement is not None, (user, filters)
            bound = statement.bound(connection, values, low, high)
            assert bound == (orm_sql, tuple(orm_params)), (user, filters)
            assert listed.page(low, high) == list(expected[low:high]), (user, filters)
    assert TaskList(personas.focal_a).page(0, 100), "the focal person sees some tasks"


def test_a_search_is_built_each_time(personas, tasks):
    listed = TaskList(personas.leader, search="quá HẠN")

    assert [row[1] for row in listed.page(0, 26)] == ["Quá hạn"]


def test_a_caller_who_sees_nothing_reads_nothing(django_assert_num_queries, tasks):
    from chidao.accounts.models import Role
    from chidao.accounts.tests.factories import UserFactory

    nobody = UserFactory(username="khong_don_vi", role=Role.FOCAL, unit=None)
    assert TaskView.of(nobody) == TaskView(False)

    with django_assert_num_queries(0):
        assert TaskList(nobody).page(0, 26) == []


def test_a_value_the_orm_transforms_is_not_kept():
    """A LIKE pattern is the value wrapped: the check refuses the shape (the caller then
    builds the queryset) instead of binding the value where the pattern was."""
    from chidao.core.kept import KeptQuery
    from chidao.tasks.models import Task

    kept = KeptQuery(
        lambda shape, title: Task.objects.filter(title__contains=title).values_list("id")
    )

    assert kept.rows("t", {"title": "a"}, alias=DEFAULT_DB_ALIAS) is None
