"""The inspections API of the contract, per persona."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.inspections.models import Conclusion, Finding
from chidao.inspections.tests.helpers import make_world, plan
from chidao.tasks.models import Task
from chidao.tasks.tests.api.world import bearer
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def body(inspection, **extra) -> dict:
    items = list(inspection.checklist.all())
    return {
        "date": "2025-10-10",
        "findings": [
            {"item": items[0].pk, "result": "compliant", "note": "Đủ hồ sơ"},
            {"item": items[1].code, "result": "partial", "note": "Thiếu một phần"},
            {"item": items[2].pk, "result": "not_compliant", "note": ""},
        ],
        "remedies": [
            {"text": "Số hóa hồ sơ còn tồn đọng", "deadline": "2025-11-30"},
            {"text": "Công khai đầy đủ thủ tục", "deadline": "2025-12-31"},
        ],
    } | extra


def post(client, inspection, unit, payload, user):
    return client.post(
        f"/api/v1/inspections/{inspection.pk}/units/{unit.pk}/conclusion",
        payload,
        content_type="application/json",
        headers=bearer(user),
    )


def test_the_committees_inspections_carry_the_contracts_fields(client):
    world = make_world()
    inspection = plan(world)
    url = f"/api/v1/committees/{world.committee.pk}/inspections"
    rows = client.get(url, headers=bearer(world.staff)).json()
    assert rows == [
        {
            "id": inspection.pk,
            "year": 2025,
            "title": inspection.title,
            "units": [
                {"id": world.justice.pk, "name": "Sở Tư pháp"},
                {"id": world.finance.pk, "name": "Sở Tài chính"},
            ],
            "status": "issued",
        }
    ]


def test_units_see_their_own_inspections_only(client):
    world = make_world()
    inspection = plan(world)
    url = f"/api/v1/committees/{world.committee.pk}/inspections"
    assert [r["id"] for r in client.get(url, headers=bearer(world.focal)).json()] == [inspection.pk]
    assert client.get(url, headers=bearer(world.focal_health)).json() == []
    assert client.get(url, headers=bearer(world.other_staff)).json() == []
    assert len(client.get(url, headers=bearer(world.viewer)).json()) == 1
    detail = f"/api/v1/inspections/{inspection.pk}"
    assert client.get(detail, headers=bearer(world.focal_health)).status_code == 404
    checklist = client.get(detail, headers=bearer(world.focal)).json()["checklist"]
    assert [c["code"] for c in checklist] == ["K1", "K2", "K3"]


def test_the_conclusion_answers_201_with_the_tasks_it_gave(client):
    world = make_world()
    inspection = plan(world)
    answer = post(client, inspection, world.justice, body(inspection), world.staff)
    assert answer.status_code == 201
    data = answer.json()
    conclusion = Conclusion.objects.get()
    assert data["id"] == conclusion.pk
    assert [(t["title"], t["deadline"]) for t in data["tasks"]] == [
        ("Số hóa hồ sơ còn tồn đọng", "2025-11-30"),
        ("Công khai đầy đủ thủ tục", "2025-12-31"),
    ]
    assert set(data["tasks"][0]) == {"id", "title", "deadline"}
    assert Task.objects.get(pk=data["tasks"][0]["id"]).lead_unit_id == world.justice.pk


def test_writes_are_the_standing_agencys_others_403_or_404(client):
    world = make_world()
    inspection = plan(world)
    payload = body(inspection)
    assert post(client, inspection, world.justice, payload, world.focal).status_code == 403
    assert post(client, inspection, world.justice, payload, world.viewer).status_code == 403
    assert post(client, inspection, world.justice, payload, world.focal_health).status_code == 404
    assert post(client, inspection, world.justice, payload, world.other_staff).status_code == 404
    assert not Conclusion.objects.exists()


def test_a_unit_outside_the_plan_is_a_404(client):
    world = make_world()
    inspection = plan(world)
    stranger = world.focal_health.unit
    assert post(client, inspection, stranger, body(inspection), world.staff).status_code == 404


def test_a_bad_result_is_a_422_and_nothing_is_saved(client):
    world = make_world()
    inspection = plan(world)
    payload = body(inspection)
    payload["findings"][1]["result"] = "partly"
    answer = post(client, inspection, world.justice, payload, world.staff)
    assert answer.status_code == 422
    assert not Finding.objects.exists()


def test_a_bad_item_is_a_422_naming_it_and_nothing_is_saved(client):
    world = make_world()
    inspection = plan(world)
    payload = body(inspection)
    payload["findings"][2]["item"] = "K7"
    answer = post(client, inspection, world.justice, payload, world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "findings[2]"]
    assert "K7" in answer.json()["detail"]
    payload = body(inspection)
    payload["remedies"][0]["deadline"] = "2025-10-01"
    answer = post(client, inspection, world.justice, payload, world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "remedies[0]"]
    assert not Conclusion.objects.exists() and not Finding.objects.exists()
    assert not Task.objects.filter(title__startswith="Số hóa hồ sơ").exists()


def test_the_list_costs_the_same_for_one_inspection_or_three(client):
    world = make_world()
    url = f"/api/v1/committees/{world.committee.pk}/inspections"
    headers = bearer(world.focal)
    plan(world)
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as one:
        client.get(url, headers=headers)
    for title in ("Đợt 2", "Đợt 3"):
        plan(world, title=title)
    with CaptureQueriesContext(connection) as three:
        assert len(client.get(url, headers=headers).json()) == 3
    assert len(three) == len(one)
