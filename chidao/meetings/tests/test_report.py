"""The consolidated report of a quarter shows the committee's meetings held in it (seats
represented, conclusions and how their tasks stand) and its explanation requests
(chidao.reports.contributions)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.explanations import services as explanations
from chidao.meetings import contributions, services
from chidao.meetings.tests.helpers import MEETING_DAY, make_world, plan
from chidao.reports import consolidation
from chidao.reports.contributions import Scope
from chidao.reports.tests import reporting as r
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import fast_passwords, make_task  # noqa: F401

pytestmark = pytest.mark.django_db
CUT_OFF = dt.date(2025, 9, 14)  # Q3/2025: 15/06–14/09/2025


def held_with_conclusions(world, day=MEETING_DAY):
    meeting = plan(world, day=day)
    seats = list(meeting.invitations.order_by("order"))
    marks = {s.pk: "present" for s in seats[:12]} | {seats[12].pk: "delegate"}
    services.attendance_record(actor=world.staff, meeting=meeting, marks=marks)
    services.conclusions_issue(
        actor=world.staff,
        meeting=meeting,
        number="45/TB-BCĐ",
        date=day + dt.timedelta(days=2),
        items=[
            services.ConclusionIn("Kết luận 1", world.justice.pk, [], dt.date(2025, 7, 31)),
            services.ConclusionIn("Kết luận 2", world.finance.pk, [], dt.date(2025, 8, 31)),
            services.ConclusionIn("Kết luận 3", world.finance.pk, [], dt.date(2025, 12, 31)),
        ],
    )
    first = Task.objects.get(source_clause="Mục 1")
    Task.objects.filter(pk=first.pk).update(completed_on=dt.date(2025, 7, 20))
    return meeting


def by_key(report):
    return {c.key: c for c in report.contributions}


def test_the_quarters_meetings_attendance_and_conclusions_are_in_the_report():
    world = make_world()
    meeting = held_with_conclusions(world)
    period = r.make_period(units=[world.justice, world.finance])
    parts = by_key(consolidation.consolidate(period, today=dt.date(2025, 9, 20)))
    held = parts["meetings.held"]
    assert held.rows == (
        (1, meeting.title, "16/06/2025", "Trần Sỹ Thanh", "13/19", "45/TB-BCĐ ngày 18/06/2025"),
    )
    assert "giao 3 nhiệm vụ" in held.paragraphs[0]
    assert "hoàn thành 1, đang thực hiện 2 (quá hạn 1)" in held.paragraphs[0]


def test_a_meeting_after_the_cut_off_is_left_out():
    world = make_world()
    meeting = plan(world, day=dt.date(2025, 9, 20))
    seat = meeting.invitations.first()
    services.attendance_record(actor=world.staff, meeting=meeting, marks={seat.pk: "present"})
    scope = Scope(committee=world.committee, data_from=dt.date(2025, 6, 15), as_of=CUT_OFF)
    assert contributions.build(scope) == []


def test_explanation_requests_issued_answered_and_left_unanswered():
    world = make_world()
    late = [
        make_task(
            lead_unit=world.justice, assigned_on=dt.date(2025, 6, 1), deadline=dt.date(2025, 7, 1)
        )
        for _ in range(2)
    ]
    asked = [
        explanations.explanation_issue(
            actor=world.staff, subject=task, reason="Quá hạn", issued_on=dt.date(2025, 8, 1)
        )
        for task in late
    ]
    explanations.explanation_answer(
        actor=world.focal,
        request=asked[0],
        reasons="Chờ thẩm định",
        done="Đã có dự thảo",
        plan="Xong trong tháng",
        answered_on=dt.date(2025, 8, 5),
    )
    scope = Scope(committee=world.committee, data_from=dt.date(2025, 6, 15), as_of=CUT_OFF)
    part = {c.key: c for c in contributions.build(scope)}["meetings.explanations"]
    assert "ban hành 2 yêu cầu giải trình; 1 yêu cầu đã được giải trình; 1" in part.paragraphs[0]
    assert [row[1] for row in part.rows] == [late[1].title]


def test_the_contribution_costs_the_same_for_one_meeting_or_three():
    world = make_world()
    held_with_conclusions(world)
    scope = Scope(committee=world.committee, data_from=dt.date(2025, 6, 15), as_of=CUT_OFF)
    with CaptureQueriesContext(connection) as one:
        contributions.build(scope)
    for day in (dt.date(2025, 7, 15), dt.date(2025, 8, 15)):
        meeting = plan(world, day=day)
        services.attendance_record(
            actor=world.staff, meeting=meeting, marks={meeting.invitations.first().pk: "present"}
        )
    with CaptureQueriesContext(connection) as three:
        assert len(contributions.build(scope)[0].rows) == 3
    assert len(three) == len(one)
