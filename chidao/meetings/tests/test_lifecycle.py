"""A meeting's states: planned → invitations sent → held → conclusions issued, or cancelled
with a reason; the minutes with opinions per agenda item."""

import pytest

from chidao.meetings import selectors, services
from chidao.meetings.models import AgendaItem, Meeting
from chidao.meetings.services import MeetingError
from chidao.meetings.tests.helpers import make_world, plan
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_standing_agency_cancels_with_a_reason_from_the_page(client):
    world = make_world()
    meeting = plan(world)
    client.force_login(world.staff)
    response = client.post(f"/meetings/{meeting.pk}/cancel/", {"reason": "Trùng lịch họp HĐND"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == ("cancelled", "Trùng lịch họp HĐND")


def test_a_cancellation_without_reason_is_a_422_and_changes_nothing():
    world = make_world()
    meeting = plan(world)
    with pytest.raises(MeetingError) as refused:
        services.meeting_cancel(actor=world.staff, meeting=meeting, reason=" ")
    assert refused.value.status == 422
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED


def test_a_cancelled_meeting_sends_no_invitations_and_leaves_my_invitations():
    world = make_world()
    meeting = plan(world)
    services.meeting_cancel(actor=world.staff, meeting=meeting, reason="Hoãn")
    with pytest.raises(MeetingError) as refused:
        services.invitations_send(actor=world.staff, meeting=meeting)
    assert refused.value.status == 409
    assert not selectors.my_invitations(world.focal).exists()


def test_a_held_meeting_cannot_be_cancelled():
    world = make_world()
    meeting = plan(world)
    seat = meeting.invitations.first()
    services.attendance_record(actor=world.staff, meeting=meeting, marks={seat.pk: "present"})
    with pytest.raises(MeetingError) as refused:
        services.meeting_cancel(actor=world.staff, meeting=meeting, reason="Muộn")
    assert refused.value.status == 409


def test_opinions_are_recorded_per_agenda_item_with_the_minutes(client):
    world = make_world()
    meeting = plan(world)
    first = services.agenda_add(actor=world.staff, meeting=meeting, title="Báo cáo quý")
    second = services.agenda_add(actor=world.staff, meeting=meeting, title="Kế hoạch năm")
    services.invitations_send(actor=world.staff, meeting=meeting)
    client.force_login(world.staff)
    response = client.post(
        f"/meetings/{meeting.pk}/minutes/",
        {
            "minutes": "Biên bản phiên họp",
            f"opinion-{first.pk}": "Sở Tư pháp đề nghị lùi hạn",
            f"opinion-{second.pk}": "Thống nhất",
        },
    )
    assert response.status_code == 302
    opinions = dict(AgendaItem.objects.values_list("title", "opinions"))
    assert opinions == {"Báo cáo quý": "Sở Tư pháp đề nghị lùi hạn", "Kế hoạch năm": "Thống nhất"}
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD
