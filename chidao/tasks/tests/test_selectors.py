"""tasks_for and the counts: the one query behind the board, the dashboard and the API."""

import datetime as dt

import pytest
from django.http import Http404

from chidao.tasks import selectors, services
from chidao.tasks.models import TaskEvent
from chidao.tasks.status import Status
from chidao.tasks.tests.factories import (
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    TaskFactory,
    TaskSourceFactory,
    committee_egov,
    domain,
    fast_passwords,  # noqa: F401 (autouse fixture)
    make_task,
    unit_named,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 12, 1)


@pytest.fixture(autouse=True)
def due_soon_week(settings):
    settings.CHIDAO_DUE_SOON_DAYS = 7


@pytest.fixture
def units():
    return {
        "home_affairs": unit_named(HOME_AFFAIRS),
        "justice": unit_named(JUSTICE),
        "finance": unit_named(FINANCE),
    }


@pytest.fixture
def board(units):
    """Five tasks of the 2023 committee as of 01/12/2025, and one of the e-Gov committee."""
    plan = TaskSourceFactory()
    return {
        "overdue": make_task(
            title="Số hóa hồ sơ thủ tục hành chính",
            lead_unit=units["home_affairs"],
            coordinating_units=[units["justice"], units["finance"]],
            deadline=dt.date(2025, 11, 15),
            source=plan,
        ),
        "due_soon": make_task(
            title="Đánh giá chỉ số cải cách hành chính",
            lead_unit=units["home_affairs"],
            deadline=dt.date(2025, 12, 5),
            domain=domain("ar-civil-service"),
        ),
        "done_late": make_task(
            title="Xây dựng nền tảng dữ liệu số",
            lead_unit=units["justice"],
            deadline=dt.date(2025, 10, 31),
            completed_on=dt.date(2025, 11, 4),
            percent=100,
            domain=domain("dx-digital-government"),
            source=plan,
        ),
        "not_started": make_task(
            title="Phát triển kinh tế số",
            lead_unit=units["finance"],
            deadline=dt.date(2026, 3, 31),
            domain=domain("dx-digital-economy"),
        ),
        "cancelled": make_task(
            title="Hội nghị sơ kết",
            lead_unit=units["finance"],
            deadline=dt.date(2025, 12, 20),
            cancelled_on=dt.date(2025, 10, 1),
        ),
        "egov": make_task(
            title="Cổng dịch vụ công",
            committee=committee_egov(),
            lead_unit=units["finance"],
            assigned_on=dt.date(2020, 3, 2),
            deadline=dt.date(2020, 12, 31),
        ),
    }


def names(queryset, board) -> set[str]:
    ids = {task.pk for task in queryset}
    return {name for name, task in board.items() if task.pk in ids}


def test_every_task_carries_its_status(personas, board):
    tasks = {t.pk: t.status for t in selectors.tasks_for(personas.leader, today=TODAY)}

    assert {name: tasks[task.pk] for name, task in board.items()} == {
        "overdue": Status.OVERDUE,
        "due_soon": Status.DUE_SOON,
        "done_late": Status.DONE_LATE,
        "not_started": Status.NOT_STARTED,
        "cancelled": Status.CANCELLED,
        "egov": Status.OVERDUE,
    }


def test_filters(personas, board, units):
    reader = personas.leader

    def only(**filters):
        return names(selectors.tasks_for(reader, today=TODAY, **filters), board)

    assert only(committee=committee_egov()) == {"egov"}
    assert only(source=board["overdue"].source) == {"overdue", "done_late"}
    assert only(domain=domain("ar-civil-service").pk) == {"due_soon"}
    assert only(status=Status.OVERDUE) == {"overdue", "egov"}
    assert only(status=[Status.DUE_SOON, Status.CANCELLED]) == {"due_soon", "cancelled"}
    assert only(deadline_from=dt.date(2025, 12, 1), deadline_to=dt.date(2025, 12, 20)) == {
        "due_soon",
        "cancelled",
    }
    assert only(search=" cải cách ") == {"due_soon"}
    assert only(search="dữ liệu", status=Status.DONE_LATE) == {"done_late"}


def test_search_ignores_case_and_diacritics(personas, board):
    found = selectors.tasks_for(personas.leader, today=TODAY, search="CAI CACH")
    assert names(found, board) == {"due_soon"}


def test_the_unit_filter_matches_lead_or_coordinating(personas, board, units):
    found = names(selectors.tasks_for(personas.leader, unit=units["justice"]), board)

    assert found == {"overdue", "done_late"}


def test_filters_never_widen_what_the_reader_may_see(personas, board, units):
    found = selectors.tasks_for(personas.focal_b, today=TODAY, unit=units["finance"])

    assert names(found, board) == {"overdue"}


def test_the_list_is_read_in_two_queries(personas, board, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = [
            (
                t.lead_unit.name,
                t.domain.name,
                t.committee.name,
                t.source and t.source.document.number,
                [c.unit.name for c in t.coordinations.all()],
            )
            for t in selectors.tasks_for(personas.leader, today=TODAY)
        ]

    assert len(rows) >= len(board)


def test_status_counts_in_one_query(personas, board, django_assert_num_queries):
    queryset = selectors.tasks_for(
        personas.leader, today=TODAY, committee=board["overdue"].committee
    )

    with django_assert_num_queries(1):
        counts = selectors.status_counts(queryset)

    assert counts == {
        Status.NOT_STARTED: 1,
        Status.IN_PROGRESS: 0,
        Status.DUE_SOON: 1,
        Status.OVERDUE: 1,
        Status.DONE_ON_TIME: 0,
        Status.DONE_LATE: 1,
        Status.CANCELLED: 1,
    }


def test_a_focal_persons_counts_count_each_task_once(personas, board):
    # "overdue" has two coordinating units: a join would count it twice.
    counts = selectors.status_counts(selectors.tasks_for(personas.focal_a, today=TODAY))

    assert counts[Status.OVERDUE] == 1
    assert sum(counts.values()) == 2


def test_counts_by_unit_in_one_query(personas, board, units, django_assert_num_queries):
    queryset = selectors.tasks_for(
        personas.leader, today=TODAY, committee=board["overdue"].committee
    )

    with django_assert_num_queries(1):  # the counts by id, the names by subquery
        rows = selectors.counts_by_unit(queryset)

    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == {"Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính"}
    assert rows[0]["name"] == "Sở Nội vụ"  # most overdue first
    assert by_name["Sở Nội vụ"]["id"] == units["home_affairs"].pk
    assert by_name["Sở Nội vụ"]["total"] == 2
    assert by_name["Sở Nội vụ"]["counts"][Status.OVERDUE] == 1
    assert by_name["Sở Nội vụ"]["counts"][Status.DUE_SOON] == 1
    assert by_name["Sở Tài chính"]["counts"][Status.CANCELLED] == 1
    assert by_name["Sở Tài chính"]["counts"][Status.NOT_STARTED] == 1


def test_counts_by_domain_in_one_query(personas, board, django_assert_num_queries):
    queryset = selectors.tasks_for(
        personas.leader, today=TODAY, committee=board["overdue"].committee
    )

    with django_assert_num_queries(1):  # the counts by id, the names by subquery
        rows = selectors.counts_by_domain(queryset)

    by_code = {row["name"]: row for row in rows}
    assert by_code["Cải cách thủ tục hành chính"]["total"] == 2
    assert by_code["Cải cách thủ tục hành chính"]["area"] == "administrative_reform"
    assert by_code["Chính quyền số"]["counts"][Status.DONE_LATE] == 1
    assert by_code["Kinh tế số"]["area"] == "digital_transformation"
    assert sum(row["total"] for row in rows) == 5


def test_the_timeline_is_oldest_first(personas, units):
    task = TaskFactory(lead_unit=units["home_affairs"])
    services.progress_report(
        actor=personas.focal_a,
        task=task,
        note="Đợt 2",
        percent=60,
        reported_on=dt.date(2025, 11, 3),
    )
    services.progress_report(
        actor=personas.focal_a,
        task=task,
        note="Đợt 1",
        percent=30,
        reported_on=dt.date(2025, 10, 1),
    )

    events = list(selectors.task_timeline(task))

    assert [e.kind for e in events] == [
        TaskEvent.Kind.ASSIGNED,
        TaskEvent.Kind.PROGRESS,
        TaskEvent.Kind.PROGRESS,
    ]
    assert [e.data.get("note") for e in events[1:]] == ["Đợt 1", "Đợt 2"]
    assert [e.effective_on for e in events] == sorted(e.effective_on for e in events)


def test_a_visible_task_comes_with_its_status(personas, board):
    task = selectors.get_visible_task(personas.focal_a, board["overdue"].pk, today=TODAY)

    assert task.status == Status.OVERDUE


@pytest.mark.parametrize("pk", ["done_late", "egov", "nonexistent", "not-a-number"])
def test_a_task_the_user_may_not_see_is_a_404(personas, board, pk):
    pk = board[pk].pk if pk in board else (10**9 if pk == "nonexistent" else pk)

    with pytest.raises(Http404):
        selectors.get_visible_task(personas.focal_a, pk)


def test_status_totals_of_the_unit_rows_equal_the_status_counts(personas, board):
    queryset = selectors.tasks_for(personas.leader, today=TODAY)
    rows = selectors.counts_by_unit(queryset)
    assert selectors.status_totals(rows) == selectors.status_counts(queryset)


@pytest.mark.parametrize("today", [TODAY, TODAY - dt.timedelta(days=200), dt.date(2026, 6, 1)])
def test_counts_by_status_conditions_match_the_status_case(personas, board, today):
    """The breakdowns count each status by its column conditions (status_q) when the status
    date is known; without it they group by the CASE: both agree, task for task."""
    from chidao.tasks.models import Task
    from chidao.tasks.status import status_of, with_status

    queryset = selectors.tasks_for(personas.leader, today=today)
    without_date = with_status(Task.objects.all(), today)
    without_date.query.annotations["status"].status_today = None

    for breakdown in (selectors.counts_by_unit, selectors.counts_by_domain):
        assert breakdown(queryset) == breakdown(without_date)
    expected = selectors._zeros()
    for task in Task.objects.all():
        expected[status_of(task, today)] += 1
    assert selectors.status_totals(selectors.counts_by_unit(queryset)) == expected
