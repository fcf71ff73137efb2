"""The board's sortable columns and its bulk actions: export the ticked tasks (anyone, only
what they may see), reassign them or extend them with a reason (the standing agency, over
its committee's tasks) — one transaction per action, each task on its timeline and in the
change log, a refusal a 4xx in the layout with nothing written."""

import datetime as dt
import io

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from chidao.accounts.tests.factories import unit_named
from chidao.audit.models import ChangeLog
from chidao.core.dates import vn_date
from chidao.reports import statistics as st
from chidao.tasks import services_bulk
from chidao.tasks.models import ExtensionRequest, Task, TaskEvent
from chidao.tasks.services import TaskError
from chidao.tasks.tests.factories import (  # noqa: F401
    TaskFactory,
    fast_passwords,
    focal_of,
    make_task,
    standing_home_affairs,
)

pytestmark = pytest.mark.django_db

URL = "/tasks/bulk/"
DEADLINE = dt.date(2025, 12, 31)  # the factory's


@pytest.fixture
def manager():
    return standing_home_affairs()


@pytest.fixture
def tasks():
    return [TaskFactory(title=f"Nhiệm vụ hàng loạt {n}") for n in range(3)]


def _post(client, tasks, **data):
    return client.post(URL, {"task": [t.pk for t in tasks], **data})


# ---- sorting


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("deadline", ["B", "A", "C"]),
        ("-deadline", ["C", "A", "B"]),
        ("title", ["A", "B", "C"]),
        ("-percent", ["B", "C", "A"]),
        ("status", ["A", "C", "B"]),  # overdue, in progress, done on time
    ],
)
def test_the_board_sorts_by_the_column_asked(client, manager, sort, expected):
    make_task(title="Sắp xếp A", deadline=dt.date(2025, 10, 1), percent=10)
    make_task(
        title="Sắp xếp B",
        deadline=dt.date(2025, 9, 20),
        percent=100,
        completed_on=dt.date(2025, 9, 10),
    )
    make_task(title="Sắp xếp C", deadline=dt.date(2099, 1, 1), percent=40,
              last_progress_on=dt.date(2025, 9, 5))  # fmt: skip
    client.force_login(manager)
    response = client.get(reverse("task-board"), {"q": "sắp xếp", "sort": sort})
    titles = [t.title[-1] for t in response.context["page"].object_list]
    assert titles == expected


def test_column_headers_link_the_sort_and_say_which_is_sorted(client, manager, tasks):
    client.force_login(manager)
    page = client.get(reverse("task-board"), {"sort": "deadline"}).content.decode()
    assert 'aria-sort="ascending"' in page
    assert "sort=-deadline" in page  # a second click reverses
    assert "sort=title" in page


def test_an_unknown_sort_is_a_400(client, manager):
    client.force_login(manager)
    assert client.get(reverse("task-board"), {"sort": "lead_unit__password"}).status_code == 400


# ---- export the ticked tasks


def test_export_of_the_ticked_tasks_holds_only_them(client, manager, tasks):
    client.force_login(manager)
    response = _post(client, tasks[:2], action="export")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert tasks[0].title in text and tasks[1].title in text
    assert tasks[2].title not in text


def test_a_focal_person_exports_only_what_they_may_see(client, tasks):
    other = TaskFactory(title="Nhiệm vụ của Sở Y tế", lead_unit=unit_named("Sở Y tế"))
    client.force_login(focal_of(unit_named("Sở Nội vụ")))
    response = _post(client, [tasks[0], other], action="export")
    sheet = load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert tasks[0].title in text and other.title not in text


# ---- reassign


def test_reassigning_the_ticked_tasks_moves_each_with_its_timeline_and_audit(
    client, manager, tasks
):
    justice = unit_named("Sở Tư pháp")
    client.force_login(manager)
    before = ChangeLog.objects.count()
    response = _post(
        client, tasks[:2], action="reassign", new_lead_unit=justice.pk, reason="Theo QĐ 12"
    )
    assert response.status_code == 302
    for task in tasks[:2]:
        task.refresh_from_db()
        assert task.lead_unit == justice
        event = task.events.get(kind=TaskEvent.Kind.REASSIGNED)
        assert event.data["reason"] == "Theo QĐ 12" and event.actor == manager
    tasks[2].refresh_from_db()
    assert tasks[2].lead_unit != justice
    assert ChangeLog.objects.count() - before == 2


def test_one_refused_task_refuses_the_whole_action_and_writes_nothing(client, manager, tasks):
    done = make_task(title="Đã xong", completed_on=dt.date(2025, 10, 1), percent=100)
    justice = unit_named("Sở Tư pháp")
    client.force_login(manager)
    events, logs = TaskEvent.objects.count(), ChangeLog.objects.count()
    response = _post(
        client, [*tasks, done], action="reassign", new_lead_unit=justice.pk, reason="Theo QĐ"
    )
    assert response.status_code == 409
    assert "Đã xong" in response.content.decode()  # the message names the task
    assert not Task.objects.filter(lead_unit=justice).exists()
    assert (TaskEvent.objects.count(), ChangeLog.objects.count()) == (events, logs)


def test_reassign_without_a_reason_is_a_400(client, manager, tasks):
    client.force_login(manager)
    response = _post(
        client, tasks, action="reassign", new_lead_unit=unit_named("Sở Tư pháp").pk, reason=" "
    )
    assert response.status_code == 400
    assert "Cần nêu lý do" in response.content.decode()
    assert not TaskEvent.objects.filter(kind=TaskEvent.Kind.REASSIGNED).exists()


# ---- extend


def test_extending_the_ticked_tasks_is_an_approved_extension_counted_as_such(
    client, manager, tasks
):
    today = timezone.localdate()
    new = today + dt.timedelta(days=30)
    client.force_login(manager)
    response = _post(client, tasks, action="extend", deadline=vn_date(new), reason="Chờ vốn")
    assert response.status_code == 302
    for task in tasks:
        task.refresh_from_db()
        assert task.deadline == new
        assert task.original_deadline == DEADLINE
        request = task.extension_requests.get()
        assert request.state == ExtensionRequest.State.APPROVED
        assert request.reason == "Chờ vốn" and request.decided_by == manager
        assert task.events.filter(kind=TaskEvent.Kind.EXTENSION_APPROVED).exists()
    # the as-of statistics read the extension from its decision on: overdue the day before,
    # not any more today
    only = Q(pk__in=[t.pk for t in tasks])
    committee = tasks[0].committee
    yesterday = today - dt.timedelta(days=1)
    before = st.totals_of(st.status_rows(as_of=yesterday, committee=committee, task_filter=only))
    after = st.totals_of(st.status_rows(as_of=today, committee=committee, task_filter=only))
    assert before[st.OVERDUE] == 3 and after[st.OVERDUE] == 0


def test_extending_to_an_earlier_date_is_refused_and_writes_nothing(client, manager, tasks):
    client.force_login(manager)
    response = _post(client, tasks, action="extend", deadline="01/12/2025", reason="Sai")
    assert response.status_code == 422
    assert not ExtensionRequest.objects.exists()
    assert all(Task.objects.get(pk=t.pk).deadline == DEADLINE for t in tasks)


def test_a_task_with_a_request_waiting_is_decided_through_that_request(manager, tasks):
    focal = focal_of(unit_named("Sở Nội vụ"))
    from chidao.tasks import services

    services.extension_request(
        actor=focal, task=tasks[0], reason="Chờ", requested_deadline=dt.date(2026, 2, 1)
    )
    with pytest.raises(TaskError) as refused:
        services_bulk.tasks_extend(
            actor=manager, task_ids=[t.pk for t in tasks], deadline=dt.date(2026, 3, 1), reason="x"
        )
    assert refused.value.status == 409
    assert ExtensionRequest.objects.count() == 1


# ---- who may


def test_a_focal_person_may_not_reassign_or_extend(client, tasks):
    client.force_login(focal_of(unit_named("Sở Nội vụ")))
    response = _post(client, tasks, action="extend", deadline="31/01/2026", reason="x")
    assert response.status_code == 403
    assert not ExtensionRequest.objects.exists()


def test_staff_of_another_committee_cannot_touch_these_tasks(client, tasks):
    from chidao.accounts.models import Role
    from chidao.accounts.tests.factories import UserFactory
    from chidao.core import policy

    # the Office is the e-Government committee's standing agency, not the 2023 one's
    egov_staff = UserFactory(
        role=Role.STANDING, unit=unit_named("Văn phòng Ủy ban nhân dân thành phố")
    )
    assert tasks[0].committee_id not in policy.served_committee_ids(egov_staff)
    client.force_login(egov_staff)
    response = _post(client, tasks, action="extend", deadline="31/01/2026", reason="x")
    assert response.status_code in (403, 404)
    assert not ExtensionRequest.objects.exists()


def test_nothing_ticked_is_a_400(client, manager):
    client.force_login(manager)
    response = client.post(URL, {"action": "export"})
    assert response.status_code == 400
    assert "Nhiệm vụ đã chọn" in response.content.decode()
