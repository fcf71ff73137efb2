"""The meeting pages, "my invitations" and the calendar feed, per persona."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chidao.meetings import calendar, services
from chidao.meetings.models import AgendaItem, ConclusionNotice, Invitation, Meeting
from chidao.meetings.tests.helpers import MEETING_DAY, make_world, plan
from chidao.tasks.tests.factories import (
    fast_passwords,  # noqa: F401
    make_task,
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"

pytestmark = pytest.mark.django_db


def test_the_meeting_page_shows_invitees_and_quorum(client):
    world = make_world()
    meeting = plan(world)
    client.force_login(world.focal)
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Trần Sỹ Thanh" in body and "0/19" in body


def test_anonymous_visitors_are_sent_to_sign_in(client):
    world = make_world()
    meeting = plan(world)
    response = client.get(f"/meetings/{meeting.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_focal_person_answers_from_my_invitations(client):
    world = make_world()
    meeting = plan(world)
    client.force_login(world.focal)
    page = client.get("/meetings/invitations/").content.decode()
    assert meeting.title in page
    seat = meeting.invitations.get(unit=world.justice)
    response = client.post(
        f"/meetings/invitations/{seat.pk}/answer/", {"answer": "absent", "reason": "Đi công tác"}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.answer, seat.absence_reason) == ("absent", "Đi công tác")


def test_an_absence_without_reason_is_a_422_in_vietnamese(client):
    world = make_world()
    meeting = plan(world)
    seat = meeting.invitations.get(unit=world.justice)
    client.force_login(world.focal)
    response = client.post(f"/meetings/invitations/{seat.pk}/answer/", {"answer": "absent"})
    assert response.status_code == 422 and "lý do" in response.content.decode()
    seat.refresh_from_db()
    assert seat.answer == Invitation.Answer.PENDING


def test_a_focal_person_may_not_record_attendance(client):
    world = make_world()
    meeting = plan(world)
    seat = meeting.invitations.first()
    client.force_login(world.focal)
    response = client.post(
        f"/meetings/{meeting.pk}/attendance/", {f"attendance-{seat.pk}": "present"}
    )
    assert response.status_code == 403
    seat.refresh_from_db()
    assert seat.attendance == "unknown"


def test_the_standing_agency_plans_from_the_committee_page(client):
    world = make_world()
    client.force_login(world.staff)
    response = client.post(
        f"/meetings/committee/{world.committee.pk}/new/",
        {
            "title": "Họp đột xuất",
            "kind": "ad_hoc",
            "starts_at_0": "16/06/2025",
            "starts_at_1": "14:00",
            "chair_role": "head",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.kind == "ad_hoc"
    # typed dd/mm/yyyy and hh:mm: 16 June at 14:00 local time, not 6 April
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.hour, local.minute) == (dt.date(2025, 6, 16), 14, 0)


def test_conclusions_from_the_page_and_the_notice_document(client):
    world = make_world()
    meeting = plan(world)
    services.invitations_send(actor=world.staff, meeting=meeting)
    client.force_login(world.staff)
    rows = {"items-TOTAL_FORMS": "2", "items-INITIAL_FORMS": "0"}
    for index, unit in enumerate((world.justice, world.finance)):
        rows |= {
            f"items-{index}-text": f"Kết luận {index + 1}",
            f"items-{index}-lead_unit": str(unit.pk),
            f"items-{index}-deadline": "30/09/2025",
        }
    response = client.post(
        f"/meetings/{meeting.pk}/conclusions/", {"number": "45/TB-BCĐ", "date": "18/06/2025"} | rows
    )
    assert response.status_code == 302
    assert ConclusionNotice.objects.get().items.count() == 2
    document = client.get(f"/meetings/{meeting.pk}/conclusions.docx")
    assert document.status_code == 200


def test_a_proposed_item_joins_the_agenda(client):
    world = make_world()
    meeting = plan(world)
    client.force_login(world.staff)
    response = client.post(f"/meetings/{meeting.pk}/agenda/", {"title": "Báo cáo tiến độ"})
    assert response.status_code == 302
    assert AgendaItem.objects.get().title == "Báo cáo tiến độ"


def test_the_calendar_feed_opens_by_its_token_until_revoked(client):
    world = make_world()
    meeting = plan(world, day=MEETING_DAY + dt.timedelta(days=1))
    token = calendar.token_create(user=world.focal)
    feed = client.get(f"/meetings/calendar/{token}.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    text = feed.content.decode()
    assert text.startswith("BEGIN:VCALENDAR") and f"UID:meeting-{meeting.pk}@chidao" in text
    calendar.token_revoke(user=world.focal)
    assert client.get(f"/meetings/calendar/{token}.ics").status_code == 404
    assert client.get("/meetings/calendar/nonsense.ics").status_code == 404


def test_a_new_calendar_address_replaces_the_old(client):
    world = make_world()
    old = calendar.token_create(user=world.focal)
    new = calendar.token_create(user=world.focal)
    assert client.get(f"/meetings/calendar/{old}.ics").status_code == 404
    assert client.get(f"/meetings/calendar/{new}.ics").status_code == 200


def test_an_agenda_item_carries_its_presenting_unit_and_files(client):
    world = make_world()
    meeting = plan(world)
    client.force_login(world.staff)
    upload = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/meetings/{meeting.pk}/agenda/",
        {"title": "Báo cáo số hóa", "presenting_unit": str(world.justice.pk), "files": [upload]},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get()
    stored = item.files.get()
    assert (item.presenting_unit, stored.original_name) == (world.justice, "bao-cao.pdf")
    client.force_login(world.focal)
    assert (
        f"/meetings/agenda-files/{stored.pk}/"
        in client.get(f"/meetings/{meeting.pk}/").content.decode()
    )
    assert client.get(f"/meetings/agenda-files/{stored.pk}/").status_code == 200


def test_following_a_conclusion_shows_each_tasks_state(client):
    world = make_world()
    meeting = plan(world)
    services.invitations_send(actor=world.staff, meeting=meeting)
    services.conclusions_issue(
        actor=world.staff,
        meeting=meeting,
        number="45/TB-BCĐ",
        date=MEETING_DAY,
        items=[
            services.ConclusionIn("Kết luận 1", world.justice.pk, [], dt.date(2025, 7, 1)),
            services.ConclusionIn("Kết luận 2", world.finance.pk, [], dt.date(2099, 7, 1)),
        ],
    )
    client.force_login(world.focal)
    body = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Quá hạn" in body and "Chưa thực hiện" in body
    assert "Nhiệm vụ từ kết luận: 2; đã hoàn thành 0; đang thực hiện 2, trong đó quá hạn 1." in body


def test_the_deadlines_feed_holds_the_units_open_tasks_only(client):
    world = make_world()
    plan(world, day=MEETING_DAY)
    mine = make_task(lead_unit=world.justice, title="Hạn của Sở Tư pháp")
    make_task(lead_unit=world.finance, title="Hạn của Sở Tài chính")
    make_task(lead_unit=world.justice, title="Đã xong", completed_on=dt.date(2025, 9, 1))
    token = calendar.token_create(user=world.focal)
    text = client.get(f"/meetings/calendar/{token}.ics?only=deadlines").content.decode()
    assert f"UID:task-{mine.pk}-" in text and "DTSTART;VALUE=DATE:20251231" in text
    assert "Sở Tài chính" not in text and "Đã xong" not in text and "UID:meeting-" not in text
    meetings_only = client.get(f"/meetings/calendar/{token}.ics?only=meetings").content.decode()
    assert "UID:meeting-" in meetings_only and "UID:task-" not in meetings_only
    assert client.get(f"/meetings/calendar/{token}.ics?only=nonsense").status_code == 404
