"""The synthetic year of meetings: labelled, consistent, idempotent."""

import datetime as dt

import pytest

from chidao.explanations.models import ExplanationRequest
from chidao.meetings import proposals, schedule
from chidao.meetings.demo import load_demo_meetings
from chidao.meetings.models import ConclusionNotice, Meeting, MeetingSchedule

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 2)


def test_a_labelled_year_of_meetings_with_conclusions_and_explanations():
    result = load_demo_meetings(today=TODAY)
    assert (result.meetings, result.tasks, result.explanations) == (5, 12, 2)
    meetings = Meeting.objects.order_by("starts_at")
    assert all(m.synthetic and "mô phỏng" in m.title for m in meetings)
    assert ConclusionNotice.objects.count() == 4
    past = meetings.first()
    assert past.invitations.filter(attendance="present").exists()
    assert ExplanationRequest.objects.filter(state="answered").count() == 1
    upcoming = meetings.last()
    assert upcoming.status == Meeting.Status.PLANNED
    assert len(proposals.proposed_agenda(upcoming, TODAY)) >= 1


def test_the_year_follows_the_committees_regular_schedule():
    load_demo_meetings(today=TODAY)
    row = MeetingSchedule.objects.get()
    assert schedule.describe(row).startswith("Hằng quý: thứ Năm tuần thứ 3")
    slots = list(Meeting.objects.order_by("starts_at").values_list("slot", flat=True))
    assert slots == [
        dt.date(2025, 3, 20),
        dt.date(2025, 6, 19),
        dt.date(2025, 9, 18),
        dt.date(2025, 12, 18),
        dt.date(2026, 3, 19),
    ]
    held = Meeting.objects.filter(status=Meeting.Status.CONCLUDED)
    assert [m.invitations.filter(is_guest=True, attendance="present").count() for m in held] == [
        1,
        1,
        1,
        1,
    ]


def test_loading_twice_adds_nothing():
    load_demo_meetings(today=TODAY)
    again = load_demo_meetings(today=TODAY)
    assert not again.created
    assert Meeting.objects.count() == 5
