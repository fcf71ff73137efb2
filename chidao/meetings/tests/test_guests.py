"""Guests besides the register's seats: the standing agency adds and removes them before the
meeting; they are invited, answer, and appear in the attendance (not in the quorum)."""

import pytest

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory
from chidao.meetings import services
from chidao.meetings.models import Invitation
from chidao.meetings.selectors import quorum_of
from chidao.meetings.services import MeetingError
from chidao.meetings.tests.helpers import make_world, plan
from chidao.notifications.models import OutboxMessage
from chidao.tasks.tests.api.world import bearer
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def expert():
    return UserFactory(username="chuyengia", role=Role.VIEWER, email="cg@example.invalid")


def test_the_standing_agency_adds_a_guest_from_the_meeting_page(client):
    world = make_world()
    meeting = plan(world)
    client.force_login(world.staff)
    response = client.post(
        f"/meetings/{meeting.pk}/guests/",
        {"person": "Nguyễn Văn Khách", "position": "Chuyên gia", "email": "cg@example.invalid"},
    )
    assert response.status_code == 302
    guest = meeting.invitations.get(is_guest=True)
    assert (guest.person, guest.position, guest.email) == (
        "Nguyễn Văn Khách",
        "Chuyên gia",
        "cg@example.invalid",
    )
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Nguyễn Văn Khách" in page and f"attendance-{guest.pk}" in page


def test_a_focal_person_may_not_add_a_guest(client):
    world = make_world()
    meeting = plan(world)
    client.force_login(world.focal)
    response = client.post(f"/meetings/{meeting.pk}/guests/", {"person": "Khách"})
    assert response.status_code == 403
    assert not meeting.invitations.filter(is_guest=True).exists()


def test_a_guest_with_an_account_is_invited_and_answers():
    world = make_world()
    user = expert()
    meeting = plan(world)
    guest = services.guest_add(
        actor=world.staff, meeting=meeting, person="Chuyên gia", email="CG@example.invalid"
    )
    services.invitations_send(actor=world.staff, meeting=meeting)
    assert OutboxMessage.objects.filter(kind="meeting.invited", recipient=user).exists()
    services.invitation_answer(actor=user, invitation=guest, answer="attend")
    assert Invitation.objects.get(pk=guest.pk).answer == "attend"


def test_a_guest_added_after_the_invitations_went_out_is_told_at_once():
    world = make_world()
    user = expert()
    meeting = plan(world)
    services.invitations_send(actor=world.staff, meeting=meeting)
    before = OutboxMessage.objects.filter(kind="meeting.invited").count()
    services.guest_add(actor=world.staff, meeting=meeting, person="Chuyên gia", email=user.email)
    told = OutboxMessage.objects.filter(kind="meeting.invited")
    assert set(told.filter(recipient=user).values_list("channel", flat=True)) == {
        "in_app",
        "email",
    }
    assert told.count() == before + 2  # nobody else is told twice


def test_a_guests_unit_answers_for_the_guest():
    world = make_world()
    meeting = plan(world)
    guest = services.guest_add(
        actor=world.staff, meeting=meeting, person="Phó Giám đốc", unit=world.finance
    )
    services.invitation_answer(
        actor=world.focal_finance, invitation=guest, answer="absent", reason="Trùng lịch"
    )
    with pytest.raises(MeetingError):
        services.invitation_answer(actor=world.focal, invitation=guest, answer="attend")


def test_guests_appear_in_attendance_but_not_in_the_quorum():
    world = make_world()
    meeting = plan(world)
    guest = services.guest_add(actor=world.staff, meeting=meeting, person="Khách")
    services.attendance_record(actor=world.staff, meeting=meeting, marks={guest.pk: "present"})
    assert Invitation.objects.get(pk=guest.pk).attendance == "present"
    assert (quorum_of(meeting).seats, quorum_of(meeting).represented) == (19, 0)


def test_a_guest_is_removed_but_a_seat_is_not(client):
    world = make_world()
    meeting = plan(world)
    guest = services.guest_add(actor=world.staff, meeting=meeting, person="Khách")
    seat = meeting.invitations.filter(is_guest=False).first()
    client.force_login(world.staff)
    assert client.post(f"/meetings/guests/{seat.pk}/remove/").status_code == 409
    assert client.post(f"/meetings/guests/{guest.pk}/remove/").status_code == 302
    assert not meeting.invitations.filter(is_guest=True).exists()
    assert meeting.invitations.count() == 19


def test_a_bad_email_is_a_422_and_nothing_is_added():
    world = make_world()
    meeting = plan(world)
    with pytest.raises(MeetingError) as refused:
        services.guest_add(actor=world.staff, meeting=meeting, person="Khách", email="không-có")
    assert (refused.value.status, refused.value.field) == (422, "email")
    assert not meeting.invitations.filter(is_guest=True).exists()


def test_guests_through_the_api(client):
    world = make_world()
    meeting = plan(world)
    url = f"/api/v1/meetings/{meeting.pk}/guests"
    body = {"person": "Khách", "position": "Chuyên gia", "unit": world.finance.pk}
    refused = client.post(url, body, content_type="application/json", headers=bearer(world.focal))
    assert refused.status_code == 403
    added = client.post(url, body, content_type="application/json", headers=bearer(world.staff))
    assert added.status_code == 201
    assert (added.json()["is_guest"], added.json()["unit"]) == (True, world.finance.name)
    unknown = client.post(
        url, body | {"unit": 987654}, content_type="application/json", headers=bearer(world.staff)
    )
    assert unknown.status_code == 422
    gone = client.delete(f"{url}/{added.json()['id']}", headers=bearer(world.staff))
    assert gone.status_code == 204
    assert not meeting.invitations.filter(is_guest=True).exists()
