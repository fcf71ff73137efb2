"""Invitations come from the register: the seats of the meeting's date and their holders."""

import datetime as dt
import io

import pytest
from docx import Document

from chidao.meetings import services
from chidao.meetings.models import Invitation, Meeting
from chidao.meetings.services import MeetingError
from chidao.meetings.tests.helpers import MEETING_DAY, at, make_world, plan
from chidao.notifications.models import OutboxMessage
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_invitees_are_the_seats_of_the_meeting_date_with_their_holders():
    world = make_world()
    meeting = plan(world)
    invitations = list(meeting.invitations.order_by("order"))
    roles = [i.seat_role for i in invitations]
    assert roles[:3] == ["head", "standing_deputy_head", "deputy_head"]
    assert roles.count("member") == 16
    assert [i.person for i in invitations[:2]] == ["Trần Sỹ Thanh", "Lê Hồng Sơn"]
    assert any(i.unit == world.justice for i in invitations)
    assert (meeting.chair_person, meeting.chair_role) == ("Trần Sỹ Thanh", "head")


def test_a_delegated_deputy_chairs():
    world = make_world()
    meeting = plan(world, chair_role="standing_deputy_head")
    assert meeting.chair_person == "Lê Hồng Sơn"


def test_only_the_committees_standing_agency_plans_a_meeting():
    world = make_world()
    for user in (world.focal, world.other_staff):
        with pytest.raises(MeetingError) as refused:
            services.meeting_create(
                actor=user, committee=world.committee, title="x", starts_at=at(MEETING_DAY)
            )
        assert refused.value.status == 403
    assert not Meeting.objects.exists()


def test_sending_notifies_the_invited_units_focal_persons_once():
    world = make_world()
    meeting = plan(world)
    services.invitations_send(actor=world.staff, meeting=meeting, number="12")
    services_rows = OutboxMessage.objects.filter(kind="meeting.invited")
    recipients = set(services_rows.values_list("recipient__username", flat=True))
    assert {"dm_tuphap_hop", "dm_taichinh_hop"} <= recipients
    assert services_rows.filter(recipient=world.focal).count() == 2  # in-app and e-mail
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED
    with pytest.raises(MeetingError) as again:
        services.invitations_send(actor=world.staff, meeting=meeting)
    assert again.value.status == 409


def test_a_focal_person_answers_for_the_units_seat():
    world = make_world()
    meeting = plan(world)
    seat = meeting.invitations.get(unit=world.justice)
    services.invitation_answer(
        actor=world.focal, invitation=seat, answer="delegate", delegate_name="Phó Giám đốc A"
    )
    seat.refresh_from_db()
    assert (seat.answer, seat.delegate_name) == ("delegate", "Phó Giám đốc A")


def test_a_delegate_must_be_named_and_an_absence_explained():
    world = make_world()
    meeting = plan(world)
    seat = meeting.invitations.get(unit=world.justice)
    with pytest.raises(MeetingError) as unnamed:
        services.invitation_answer(actor=world.focal, invitation=seat, answer="delegate")
    with pytest.raises(MeetingError) as unexplained:
        services.invitation_answer(actor=world.focal, invitation=seat, answer="absent")
    assert (unnamed.value.field, unexplained.value.field) == ("delegate_name", "reason")
    seat.refresh_from_db()
    assert seat.answer == Invitation.Answer.PENDING


def test_another_unit_may_not_answer():
    world = make_world()
    meeting = plan(world)
    seat = meeting.invitations.get(unit=world.justice)
    with pytest.raises(MeetingError) as refused:
        services.invitation_answer(actor=world.focal_finance, invitation=seat, answer="attend")
    assert refused.value.status == 403


def test_attendance_gives_the_quorum_line():
    from chidao.meetings.selectors import quorum_of

    world = make_world()
    meeting = plan(world)
    seats = list(meeting.invitations.order_by("order"))
    marks = {s.pk: "present" for s in seats[:10]}
    marks[seats[10].pk] = "delegate"
    marks[seats[11].pk] = "absent_excused"
    services.attendance_record(actor=world.staff, meeting=meeting, marks=marks)
    quorum = quorum_of(meeting)
    assert (quorum.seats, quorum.represented, quorum.absent) == (19, 11, 1)
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.HELD


def test_the_invitation_document_carries_the_signer_from_the_register(client):
    world = make_world()
    meeting = plan(world)
    client.force_login(world.focal)
    response = client.get(f"/meetings/{meeting.pk}/invitation.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "GIẤY MỜI" in text
    assert "Lê Hồng Sơn" in cells  # KT. TRƯỞNG BAN, the standing deputy head on the date
    assert "Trần Sỹ Thanh" in cells  # the head, among the invitees


def test_an_answer_given_before_the_invitations_go_out_is_kept():
    world = make_world()
    meeting = plan(world)
    seat = meeting.invitations.get(unit=world.justice)
    services.invitation_answer(actor=world.focal, invitation=seat, answer="attend")
    services.invitations_send(actor=world.staff, meeting=meeting)
    assert meeting.invitations.get(unit=world.justice).answer == "attend"


def test_the_working_group_is_invited_when_asked():
    from chidao.core.policy import SystemActor
    from chidao.tasks.tests.factories import committee_egov

    committee = committee_egov()
    kwargs = dict(
        actor=SystemActor("test"),
        committee=committee,
        title="Họp",
        starts_at=at(dt.date(2019, 12, 2)),
    )
    without = services.meeting_create(**kwargs)
    asked = services.meeting_create(**kwargs, working_group=True)
    assert not without.invitations.filter(body="working_group").exists()
    group = asked.invitations.filter(body="working_group")
    assert group.filter(seat_role="leader").count() == 1
    assert asked.invitations.filter(body="committee").count() == without.invitations.count()
