"""Correcting an assigned task: who may, what is kept on the timeline, what the deadline
allows; and the standing agency's queue of extension requests."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from chidao.audit.models import ChangeLog
from chidao.core.policy import SystemActor
from chidao.tasks import services
from chidao.tasks.models import Task, TaskEvent
from chidao.tasks.services import TaskError
from chidao.tasks.tests.factories import (
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    TaskFactory,
    domain,
    fast_passwords,  # noqa: F401 (autouse fixture)
    focal_of,
    standing_home_affairs,
    unit_named,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    return TaskFactory(title="Rà soát thủ tuc", coordinating_units=[unit_named(JUSTICE)])


@pytest.fixture
def manager():
    return standing_home_affairs()


def edit_page(client, task, **changes):
    fields = {
        "title": task.title,
        "content": task.content,
        "expected_output": task.expected_output,
        "domain": task.domain_id,
        "coordinating_units": list(task.coordinating_units.values_list("pk", flat=True)),
        "deadline": task.deadline.strftime("%d/%m/%Y"),
        "reason": "",
    }
    return client.post(reverse("task-edit", args=[task.pk]), {**fields, **changes})


def test_the_standing_agency_edits_a_title_and_the_timeline_shows_before_and_after(
    client, task, manager
):
    client.force_login(manager)
    response = edit_page(client, task, title="Rà soát thủ tục hành chính")
    assert response.status_code == 302

    task.refresh_from_db()
    assert task.title == "Rà soát thủ tục hành chính"
    page = client.get(reverse("task-detail", args=[task.pk])).content.decode()
    assert "Sửa nhiệm vụ" in page
    assert "Tên nhiệm vụ: “Rà soát thủ tuc” → “Rà soát thủ tục hành chính”" in page
    event = task.events.get(kind=TaskEvent.Kind.EDITED)
    assert event.data["changes"] == {
        "title": {"before": "Rà soát thủ tuc", "after": "Rà soát thủ tục hành chính"}
    }
    assert ChangeLog.objects.filter(target_id=str(task.pk), action="update").exists()


def test_coordinating_units_change_with_their_names_on_the_timeline(task, manager):
    finance = unit_named(FINANCE)
    services.task_edit(actor=manager, task=task, coordinating_units=[finance])
    assert list(task.coordinating_units.all()) == [finance]
    change = task.events.get(kind=TaskEvent.Kind.EDITED).data["changes"]["coordinating_units"]
    assert change == {"before": [JUSTICE], "after": [FINANCE]}


def test_the_lead_unit_is_never_its_own_coordinator(task, manager):
    services.task_edit(
        actor=manager, task=task, coordinating_units=[unit_named(HOME_AFFAIRS), unit_named(FINANCE)]
    )
    assert list(task.coordinating_units.values_list("name", flat=True)) == [FINANCE]


def test_a_focal_person_may_not_edit(client, task):
    focal = focal_of(unit_named(HOME_AFFAIRS))
    with pytest.raises(TaskError) as refused:
        services.task_edit(actor=focal, task=task, title="Khác")
    assert refused.value.status == 403
    client.force_login(focal)
    assert client.get(reverse("task-edit", args=[task.pk])).status_code == 403
    assert edit_page(client, task, title="Khác").status_code == 403
    task.refresh_from_db()
    assert task.title == "Rà soát thủ tuc"


def test_the_deadline_moves_only_with_a_reason(task, manager):
    new = dt.date(2026, 1, 31)
    with pytest.raises(TaskError, match="lý do"):
        services.task_edit(actor=manager, task=task, deadline=new)
    services.task_edit(actor=manager, task=task, deadline=new, reason="Giao nhầm hạn")
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (new, new)
    data = task.events.get(kind=TaskEvent.Kind.EDITED).data
    assert data["changes"]["deadline"] == {"before": "31/12/2025", "after": "31/01/2026"}
    assert data["reason"] == "Giao nhầm hạn"


def test_after_an_approved_extension_the_deadline_moves_only_by_extension(task, manager):
    lead = focal_of(unit_named(HOME_AFFAIRS))
    request = services.extension_request(
        actor=lead, task=task, reason="Chờ số liệu", requested_deadline=dt.date(2026, 2, 28)
    )
    services.extension_decide(actor=manager, request=request, approve=True)
    with pytest.raises(TaskError, match="gia hạn"):
        services.task_edit(actor=manager, task=task, deadline=dt.date(2026, 3, 31), reason="Sửa")


def test_an_edit_that_changes_nothing_is_refused_and_writes_nothing(task, manager):
    before = TaskEvent.objects.filter(task=task).count()
    with pytest.raises(TaskError) as refused:
        services.task_edit(actor=manager, task=task, title=task.title, domain=domain())
    assert refused.value.status == 409
    assert TaskEvent.objects.filter(task=task).count() == before


def test_a_cancelled_task_is_not_edited(task, manager):
    services.task_cancel(actor=manager, task=task, reason="Không còn phù hợp")
    with pytest.raises(TaskError):
        services.task_edit(actor=manager, task=task, title="Khác")


def test_a_bad_edit_answers_with_the_form_and_its_message(client, task, manager):
    client.force_login(manager)
    response = edit_page(client, task, deadline="31/01/2026")
    assert response.status_code == 422
    assert "Đổi hạn cần nêu lý do." in response.content.decode()
    assert Task.objects.get(pk=task.pk).deadline == dt.date(2025, 12, 31)


def test_the_edit_form_offers_a_searchable_unit_list(client, task, manager):
    client.force_login(manager)
    page = client.get(reverse("task-edit", args=[task.pk])).content.decode()
    select = re.search(r"<select[^>]*name=\"coordinating_units\"[^>]*>", page).group(0)
    assert "multiple" in select and "data-searchable" in select


# --- the queue of extension requests ----------------------------------------------------


def test_the_standing_agency_sees_pending_requests_in_its_queue(client, task, manager):
    lead = focal_of(unit_named(HOME_AFFAIRS))
    services.extension_request(
        actor=lead, task=task, reason="Chờ số liệu của Bộ", requested_deadline=dt.date(2026, 3, 1)
    )
    client.force_login(manager)
    page = client.get(reverse("task-extensions")).content.decode()
    assert task.title in page and "Chờ số liệu của Bộ" in page and "01/03/2026" in page


def test_a_decided_request_leaves_the_queue(client, task, manager):
    lead = focal_of(unit_named(HOME_AFFAIRS))
    request = services.extension_request(
        actor=lead, task=task, reason="Chờ số liệu", requested_deadline=dt.date(2026, 3, 1)
    )
    services.extension_decide(actor=manager, request=request, approve=False, note="Không")
    client.force_login(manager)
    assert task.title not in client.get(reverse("task-extensions")).content.decode()


def test_a_focal_person_has_no_queue(client):
    client.force_login(focal_of(unit_named(HOME_AFFAIRS)))
    assert client.get(reverse("task-extensions")).status_code == 403


def test_the_queue_reads_in_a_fixed_number_of_queries(
    client, manager, django_assert_max_num_queries
):
    lead = focal_of(unit_named(HOME_AFFAIRS))
    for n in range(5):
        task = TaskFactory(title=f"Nhiệm vụ {n}")
        services.extension_request(
            actor=lead, task=task, reason="Chờ", requested_deadline=dt.date(2026, 3, 1)
        )
    client.force_login(manager)
    # session, user, served committees, count, page of requests, the menu's unread count
    with django_assert_max_num_queries(7):
        assert client.get(reverse("task-extensions")).status_code == 200


def test_the_queue_is_in_the_standing_agencys_menu(client, manager):
    client.force_login(manager)
    assert reverse("task-extensions") in client.get(reverse("home")).content.decode()


def test_a_system_actor_may_edit(task):
    services.task_edit(actor=SystemActor("test"), task=task, content="Nội dung mới")
    task.refresh_from_db()
    assert task.content == "Nội dung mới"
