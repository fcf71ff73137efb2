"""The meetings API of the contract, per persona."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.meetings import services
from chidao.meetings.models import ConclusionNotice, Meeting
from chidao.meetings.tests.helpers import MEETING_DAY, make_world, plan
from chidao.tasks.models import Task
from chidao.tasks.tests.api.world import bearer
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_standing_agency_plans_through_the_api(client):
    world = make_world()
    url = f"/api/v1/committees/{world.committee.pk}/meetings"
    body = {
        "title": "Phiên họp quý II",
        "starts_at": "2025-06-16T08:00:00+07:00",
        "place": "Phòng họp số 1",
        "kind": "regular",
    }
    created = client.post(url, body, content_type="application/json", headers=bearer(world.staff))
    assert created.status_code == 201
    assert created.json()["chair"] == {
        "person": "Trần Sỹ Thanh",
        "position": "Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
    }
    refused = client.post(url, body, content_type="application/json", headers=bearer(world.focal))
    assert refused.status_code == 403
    other = client.post(
        url, body, content_type="application/json", headers=bearer(world.other_staff)
    )
    assert other.status_code == 403
    assert Meeting.objects.count() == 1
    listed = client.get(url, headers=bearer(world.focal)).json()
    assert [set(row) >= {"id", "title", "starts_at", "status", "chair"} for row in listed] == [True]


def test_a_bad_kind_is_a_422(client):
    world = make_world()
    url = f"/api/v1/committees/{world.committee.pk}/meetings"
    body = {"title": "x", "starts_at": "2025-06-16T08:00:00+07:00", "place": "", "kind": "weekly"}
    response = client.post(url, body, content_type="application/json", headers=bearer(world.staff))
    assert response.status_code == 422


def test_invitees_carry_the_contracts_fields(client):
    world = make_world()
    meeting = plan(world)
    rows = client.get(f"/api/v1/meetings/{meeting.pk}/invitees", headers=bearer(world.focal)).json()
    assert rows[0] | {"id": 0} == {
        "id": 0,
        "is_guest": False,
        "seat_role": "head",
        "position": "Chủ tịch Ủy ban nhân dân thành phố Hà Nội",
        "unit": "Ủy ban nhân dân thành phố Hà Nội",
        "person": "Trần Sỹ Thanh",
        "answer": "pending",
        "delegate_name": "",
        "absence_reason": "",
        "attendance": "unknown",
    }
    assert len(rows) == 19


def test_conclusions_through_the_api_and_a_bad_item(client):
    world = make_world()
    meeting = plan(world)
    services.invitations_send(actor=world.staff, meeting=meeting)
    url = f"/api/v1/meetings/{meeting.pk}/conclusions"
    item = {
        "text": "Số hóa hồ sơ",
        "lead_unit": world.justice.pk,
        "coordinating_units": [],
        "deadline": "2025-09-30",
    }
    bad = {
        "number": "45/TB-BCĐ",
        "date": "2025-06-18",
        "items": [item, item | {"deadline": "2025-06-01"}, item],
    }
    refused = client.post(url, bad, content_type="application/json", headers=bearer(world.staff))
    assert refused.status_code == 422
    assert refused.json()["detail"].startswith("Mục 2")
    assert refused.json()["errors"][0]["loc"] == ["body", "items[1]"]
    assert (
        not ConclusionNotice.objects.exists()
        and not Task.objects.filter(source_clause="Mục 1").exists()
    )
    good = {"number": "45/TB-BCĐ", "date": "2025-06-18", "items": [item, item, item]}
    forbidden = client.post(url, good, content_type="application/json", headers=bearer(world.focal))
    assert forbidden.status_code == 403
    created = client.post(url, good, content_type="application/json", headers=bearer(world.staff))
    assert created.status_code == 201
    tasks = created.json()["tasks"]
    assert len(tasks) == 3
    assert tasks[0]["lead_unit"] == {"id": world.justice.pk, "name": world.justice.name}
    assert tasks[0]["deadline"] == "2025-09-30"


def test_the_meetings_list_costs_the_same_for_one_meeting_or_four(client):
    world = make_world()
    url = f"/api/v1/committees/{world.committee.pk}/meetings"
    headers = bearer(world.focal)
    plan(world)
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as one:
        client.get(url, headers=headers)
    for month in (7, 8, 9):
        plan(world, day=dt.date(2025, month, 15))
    with CaptureQueriesContext(connection) as four:
        assert len(client.get(url, headers=headers).json()) == 4
    assert len(four) == len(one)


def test_invitees_cost_the_same_whatever_the_number_of_seats(client):
    world = make_world()
    meeting = plan(world)
    services.guest_add(actor=world.staff, meeting=meeting, person="Khách A")
    url = f"/api/v1/meetings/{meeting.pk}/invitees"
    headers = bearer(world.focal)
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as before:
        client.get(url, headers=headers)
    for name in ("Khách B", "Khách C"):
        services.guest_add(actor=world.staff, meeting=meeting, person=name)
    with CaptureQueriesContext(connection) as after:
        assert len(client.get(url, headers=headers).json()) == 22
    assert len(after) == len(before)
    assert MEETING_DAY == meeting.date
