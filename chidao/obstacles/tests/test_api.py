"""The register's API: the list's exact fields, the reply's contract (201; the resolver's
people or the standing agency; 403 for others who see it, 404 for those who do not), bad
input answered 422 in Vietnamese."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chidao.obstacles.tests.world import assigned, raised

pytestmark = pytest.mark.django_db
LIST = "/api/v1/obstacles"


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_list_gives_the_contract_fields(w):
    item = assigned(w)
    raised(w, title="Đã đóng").__class__.objects.filter(title="Đã đóng").update(state="closed")
    response = client_of(w.staff).get(LIST, {"committee": w.committee.pk, "state": "open"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": item.pk,
            "title": item.title,
            "raised_by": {"id": w.commune.pk, "name": w.commune.name},
            "raised_on": "2025-07-01",
            "level": "department",
            "resolver": {"id": w.justice.pk, "name": w.justice.name},
            "due_on": "2025-08-15",
            "state": "assigned",
        }
    ]


def test_the_list_costs_the_same_queries_for_many_items(w):
    for n in range(3):
        assigned(w, raised(w, title=f"Vướng mắc {n}"))
    client = client_of(w.staff)
    with CaptureQueriesContext(connection) as few:
        client.get(LIST, {"committee": w.committee.pk})
    for n in range(12):
        assigned(w, raised(w, title=f"Vướng mắc thêm {n}"))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(LIST, {"committee": w.committee.pk}).json()) == 15
    assert len(many) == len(few) <= 8


def test_a_unit_lists_only_its_own_and_assigned_items(w):
    item = assigned(w)
    assert [o["id"] for o in client_of(w.focal_justice).get(LIST).json()] == [item.pk]
    assert client_of(w.focal_finance).get(LIST).json() == []


def test_an_unknown_state_is_a_422_in_vietnamese(w):
    response = client_of(w.staff).get(LIST, {"state": "lost"})
    assert response.status_code == 422
    assert "detail" in response.json()


def test_the_resolver_replies_201(w):
    item = assigned(w)
    response = client_of(w.focal_justice).post(
        f"{LIST}/{item.pk}/reply",
        {"text": "Đã có hướng dẫn tại Công văn 15/STP.", "resolved": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["state"] == "resolved"
    item.refresh_from_db()
    assert item.state == "resolved" and item.reply.startswith("Đã có hướng dẫn")


def test_the_standing_agency_may_reply(w):
    item = assigned(w)
    response = client_of(w.staff).post(
        f"{LIST}/{item.pk}/reply", {"text": "Đang xử lý", "resolved": False},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    item.refresh_from_db()
    assert item.state == "answered"


@pytest.mark.parametrize(
    ("who", "status"), [("focal_commune", 403), ("leader", 403), ("focal_finance", 404)]
)
def test_others_may_not_reply(w, who, status):
    item = assigned(w)
    response = client_of(getattr(w, who)).post(
        f"{LIST}/{item.pk}/reply", {"text": "x", "resolved": True}, content_type="application/json"
    )
    assert response.status_code == status
    item.refresh_from_db()
    assert item.state == "assigned"


def test_an_empty_reply_is_a_422_and_nothing_is_written(w):
    item = assigned(w)
    response = client_of(w.focal_justice).post(
        f"{LIST}/{item.pk}/reply", {"text": "  ", "resolved": True}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "trả lời" in response.json()["detail"]
    item.refresh_from_db()
    assert item.state == "assigned"


def test_raise_and_assign_through_the_api(w):
    created = client_of(w.focal_commune).post(
        LIST,
        {"committee": w.committee.pk, "unit": w.commune.pk, "title": "Thiếu máy quét"},
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    refused = client_of(w.focal_commune).post(
        f"{LIST}/{pk}/assign",
        {"level": "department", "resolver": w.justice.pk, "due_on": "2026-12-31"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    done = client_of(w.staff).post(
        f"{LIST}/{pk}/assign",
        {"level": "department", "resolver": w.justice.pk, "due_on": "2026-12-31"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["state"] == "assigned"
