"""GET /api/v1/explanation-requests and the answer endpoint, per persona."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.explanations import services
from chidao.explanations.tests.helpers import TODAY, make_world
from chidao.tasks.tests.api.world import bearer
from chidao.tasks.tests.factories import TaskFactory, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
URL = "/api/v1/explanation-requests"


def issue(world, task=None):
    return services.explanation_issue(
        actor=world.staff, subject=task or world.task, reason="Quá hạn.", issued_on=TODAY
    )


def test_open_requests_carry_the_contracts_fields(client):
    world = make_world()
    request = issue(world)
    response = client.get(URL, {"status": "open"}, headers=bearer(world.staff))
    assert response.status_code == 200
    (row,) = response.json()
    assert {k: row[k] for k in ("id", "task", "unit", "issued_on", "due_on", "answered_on")} == {
        "id": request.pk,
        "task": {"id": world.task.pk, "title": world.task.title},
        "unit": {"id": world.justice.pk, "name": world.justice.name},
        "issued_on": "2026-03-02",
        "due_on": "2026-03-09",
        "answered_on": None,
    }


def test_a_unit_sees_its_own_requests_and_another_unit_none(client):
    world = make_world()
    issue(world)
    mine = client.get(URL, headers=bearer(world.focal)).json()
    theirs = client.get(URL, headers=bearer(world.other)).json()
    assert len(mine) == 1 and theirs == []


def test_answered_requests_leave_the_open_list(client):
    world = make_world()
    request = issue(world)
    response = client.post(
        f"{URL}/{request.pk}/answer",
        {"reasons": "Chờ ý kiến bộ.", "plan": "Xong trong tháng 4."},
        content_type="application/json",
        headers=bearer(world.focal),
    )
    assert response.status_code == 200 and response.json()["answered_on"]
    assert client.get(URL, {"status": "open"}, headers=bearer(world.staff)).json() == []
    answered = client.get(URL, {"status": "answered"}, headers=bearer(world.staff)).json()
    assert [row["id"] for row in answered] == [request.pk]


def test_another_units_answer_is_a_404_for_a_request_it_cannot_see(client):
    world = make_world()
    request = issue(world)
    response = client.post(
        f"{URL}/{request.pk}/answer",
        {"reasons": "x", "plan": "y"},
        content_type="application/json",
        headers=bearer(world.other),
    )
    assert response.status_code == 404


def test_a_leader_reads_but_may_not_answer(client):
    world = make_world()
    request = issue(world)
    assert client.get(f"{URL}/{request.pk}", headers=bearer(world.leader)).status_code == 200
    response = client.post(
        f"{URL}/{request.pk}/answer",
        {"reasons": "x", "plan": "y"},
        content_type="application/json",
        headers=bearer(world.leader),
    )
    assert response.status_code == 403 and response.json()["detail"]


def test_an_unknown_status_is_a_422_in_vietnamese(client):
    world = make_world()
    response = client.get(URL, {"status": "closed"}, headers=bearer(world.staff))
    assert response.status_code == 422


def test_issuing_through_the_api_and_a_bad_due_date(client):
    world = make_world()
    body = {"subject_kind": "task", "subject_id": world.task.pk, "reason": "Quá hạn."}
    bad = client.post(
        URL,
        {**body, "due_on": "2000-01-01"},
        content_type="application/json",
        headers=bearer(world.staff),
    )
    assert bad.status_code == 422 and "Hạn giải trình" in bad.json()["detail"]
    good = client.post(URL, body, content_type="application/json", headers=bearer(world.staff))
    assert good.status_code == 201 and good.json()["task"]["id"] == world.task.pk
    refused = client.post(URL, body, content_type="application/json", headers=bearer(world.focal))
    assert refused.status_code == 403


def test_the_list_costs_the_same_queries_for_one_request_or_five(client):
    world = make_world()
    issue(world)
    headers = bearer(world.staff)
    client.get(URL, headers=headers)
    with CaptureQueriesContext(connection) as one:
        client.get(URL, headers=headers)
    for _ in range(4):
        issue(world, TaskFactory(lead_unit=world.justice))
    with CaptureQueriesContext(connection) as five:
        rows = client.get(URL, headers=headers).json()
    assert len(rows) == 5
    assert len(five) == len(one)
