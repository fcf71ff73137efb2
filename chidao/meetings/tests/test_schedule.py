"""A committee's regular schedule: its dates, set by the standing agency from the committee's
meetings page or the API, a date's meeting planned by hand or by the daily job ahead of time."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.jobs import plan_all
from chidao.meetings import schedule, services_schedule
from chidao.meetings.models import Meeting, MeetingSchedule
from chidao.meetings.services import MeetingError
from chidao.meetings.tests.helpers import make_world
from chidao.notifications.models import OutboxMessage
from chidao.tasks.tests.api.world import bearer
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
QUARTERLY = SimpleNamespace(cadence="quarterly", month_of_period=3, week=3, weekday=3)


def set_schedule(world, **kwargs):
    values = dict(cadence="quarterly", month_of_period=3, week=3, weekday=3, time=dt.time(8, 0))
    return services_schedule.schedule_save(
        actor=world.staff, committee=world.committee, **(values | kwargs)
    )


def test_third_week_of_each_quarters_last_month_on_thursday():
    days = schedule.occurrences(QUARTERLY, dt.date(2025, 1, 1), 4)
    assert days == [
        dt.date(2025, 3, 20),
        dt.date(2025, 6, 19),
        dt.date(2025, 9, 18),
        dt.date(2025, 12, 18),
    ]


def test_week_five_is_the_last_such_weekday_of_the_month():
    monthly = SimpleNamespace(cadence="monthly", month_of_period=1, week=5, weekday=4)
    assert schedule.occurrences(monthly, dt.date(2025, 5, 1), 2) == [
        dt.date(2025, 5, 30),
        dt.date(2025, 6, 27),
    ]


def test_the_dates_before_a_day_are_the_previous_periods():
    assert schedule.previous(QUARTERLY, dt.date(2025, 6, 19), 2) == [
        dt.date(2024, 12, 19),
        dt.date(2025, 3, 20),
    ]


def test_the_standing_agency_sets_the_schedule_from_the_committee_page(client):
    world = make_world()
    client.force_login(world.staff)
    response = client.post(
        f"/meetings/committee/{world.committee.pk}/schedule/",
        {
            "cadence": "quarterly",
            "month_of_period": "3",
            "week": "3",
            "weekday": "3",
            "time": "08:30",
            "place": "Phòng họp số 1",
            "chair_role": "head",
            "lead_days": "30",
            "active": "on",
        },
    )
    assert response.status_code == 302
    row = MeetingSchedule.objects.get(committee=world.committee)
    assert (row.time, row.place) == (dt.time(8, 30), "Phòng họp số 1")


def test_a_focal_person_may_not_set_the_schedule(client):
    world = make_world()
    client.force_login(world.focal)
    response = client.post(
        f"/meetings/committee/{world.committee.pk}/schedule/",
        {"cadence": "monthly", "month_of_period": "1", "week": "1", "weekday": "0"},
    )
    assert response.status_code == 403
    assert not MeetingSchedule.objects.exists()


def test_a_month_outside_the_period_is_refused():
    world = make_world()
    with pytest.raises(MeetingError) as refused:
        set_schedule(world, month_of_period=4)
    assert (refused.value.status, refused.value.field) == (422, "month_of_period")


def test_the_committee_page_proposes_the_next_dates(client, settings):
    world = make_world()
    set_schedule(world)
    client.force_login(world.staff)
    body = client.get(f"/meetings/committee/{world.committee.pk}/").content.decode()
    assert "Hằng quý: thứ Năm tuần thứ 3 của tháng thứ 3 trong kỳ, lúc 08:00" in body
    assert "Lên lịch phiên họp này" in body


def test_the_committee_page_costs_the_same_with_more_meetings(client):
    world = make_world()
    row = set_schedule(world)
    url = f"/meetings/committee/{world.committee.pk}/"
    client.force_login(world.focal)
    day = dt.date(2025, 6, 19)
    services_schedule.schedule_plan(actor=world.staff, committee=world.committee, slot=day)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for slot in schedule.occurrences(row, dt.date(2025, 7, 1), 3):
        services_schedule.schedule_plan(actor=world.staff, committee=world.committee, slot=slot)
    with CaptureQueriesContext(connection) as four:
        client.get(url)
    assert len(four) == len(one)


def test_planning_a_date_gives_a_regular_meeting_with_the_register_seats(client):
    world = make_world()
    set_schedule(world)
    client.force_login(world.staff)
    response = client.post(
        f"/meetings/committee/{world.committee.pk}/schedule/plan/", {"slot": "2025-06-19"}
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.status, meeting.slot) == (
        "regular",
        "planned",
        dt.date(2025, 6, 19),
    )
    assert meeting.title == "Phiên họp định kỳ quý II năm 2025"
    assert meeting.invitations.filter(is_guest=False).count() == 19


def test_a_date_off_the_schedule_is_a_422_and_a_second_plan_a_409():
    world = make_world()
    set_schedule(world)
    with pytest.raises(MeetingError) as off:
        services_schedule.schedule_plan(
            actor=world.staff, committee=world.committee, slot=dt.date(2025, 6, 18)
        )
    services_schedule.schedule_plan(
        actor=world.staff, committee=world.committee, slot=dt.date(2025, 6, 19)
    )
    with pytest.raises(MeetingError) as again:
        services_schedule.schedule_plan(
            actor=world.staff, committee=world.committee, slot=dt.date(2025, 6, 19)
        )
    assert (off.value.status, again.value.status) == (422, 409)
    assert Meeting.objects.count() == 1


def test_the_daily_job_plans_the_next_meeting_once_within_the_lead_days():
    world = make_world()
    set_schedule(world, lead_days=30)
    plan_all(dt.date(2025, 5, 19))  # 31 days before 19/06/2025
    assert not Meeting.objects.exists()
    plan_all(dt.date(2025, 5, 20))
    plan_all(dt.date(2025, 5, 21))
    meeting = Meeting.objects.get()
    assert meeting.slot == dt.date(2025, 6, 19)


def test_the_standing_staff_are_told_of_a_meeting_the_job_planned():
    world = make_world()
    set_schedule(world)
    plan_all(dt.date(2025, 6, 1))
    told = OutboxMessage.objects.filter(kind="meeting.scheduled")
    assert set(told.values_list("recipient", flat=True)) == {world.staff.pk}


def test_an_inactive_schedule_plans_nothing():
    world = make_world()
    set_schedule(world, active=False)
    plan_all(dt.date(2025, 6, 1))
    assert not Meeting.objects.exists()


def test_the_schedule_through_the_api(client):
    world = make_world()
    url = f"/api/v1/committees/{world.committee.pk}/meeting-schedule"
    assert client.get(url, headers=bearer(world.focal)).status_code == 404
    body = {"cadence": "quarterly", "month_of_period": 3, "week": 3, "weekday": 3}
    refused = client.put(url, body, content_type="application/json", headers=bearer(world.focal))
    assert refused.status_code == 403
    saved = client.put(url, body, content_type="application/json", headers=bearer(world.staff))
    assert saved.status_code == 200
    shown = client.get(url, headers=bearer(world.focal)).json()
    assert shown["cadence"] == "quarterly" and len(shown["next"]) == 4
    slot = shown["next"][0]["date"]
    planned = client.post(
        f"{url}/plan", {"slot": slot}, content_type="application/json", headers=bearer(world.staff)
    )
    assert planned.status_code == 201 and planned.json()["status"] == "planned"
    assert (
        client.get(url, headers=bearer(world.focal)).json()["next"][0]["meeting_id"]
        == (planned.json()["id"])
    )


def test_a_demo_schedules_meetings_are_labelled_synthetic():
    world = make_world()
    set_schedule(world, synthetic=True)
    plan_all(dt.date(2025, 6, 1))
    meeting = Meeting.objects.get()
    assert meeting.synthetic and meeting.title.endswith("(dữ liệu mô phỏng)")
