"""Conclusions become tasks in one transaction with the notice; a bad item saves nothing."""

import datetime as dt

import pytest

from chidao.meetings import services
from chidao.meetings.models import ConclusionNotice, Meeting
from chidao.meetings.services import ConclusionIn, MeetingError
from chidao.meetings.tests.helpers import MEETING_DAY, make_world, plan
from chidao.notifications.models import OutboxMessage
from chidao.tasks.models import Task
from chidao.tasks.selectors import tasks_for
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
DUE = dt.date(2025, 9, 30)


def held(world) -> Meeting:
    meeting = plan(world)
    services.invitations_send(actor=world.staff, meeting=meeting)
    return meeting


def three_items(world):
    return [
        ConclusionIn("Hoàn thành số hóa hồ sơ", world.justice.pk, [world.finance.pk], DUE),
        ConclusionIn("Rà soát thủ tục hành chính", world.finance.pk, [], DUE),
        ConclusionIn("Báo cáo tiến độ chuyển đổi số", world.justice.pk, [], DUE),
    ]


def test_three_items_give_three_tasks_whose_source_is_the_notice():
    world = make_world()
    meeting = held(world)
    notice = services.conclusions_issue(
        actor=world.staff,
        meeting=meeting,
        number="45/TB-BCĐ",
        date=MEETING_DAY + dt.timedelta(days=3),
        items=three_items(world),
    )
    tasks = list(Task.objects.filter(source=notice.source).order_by("id"))
    assert [t.source_clause for t in tasks] == ["Mục 1", "Mục 2", "Mục 3"]
    assert notice.source.document.number == "45/TB-BCĐ"
    assert notice.source.document.doc_type == "notice"
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONCLUDED
    # the tasks are on the lead units' lists, and their focal persons are told
    assert tasks_for(world.focal).filter(source=notice.source).count() == 2  # items 1 and 3
    # Sở Tài chính leads item 2 and coordinates item 1
    assert tasks_for(world.focal_finance).filter(source=notice.source).count() == 2
    assigned = OutboxMessage.objects.filter(kind="task.assigned", channel="in_app")
    assert assigned.filter(recipient=world.focal).count() == 2
    assert assigned.filter(recipient=world.focal_finance).count() == 2


def test_an_unknown_unit_names_the_item_and_nothing_is_saved():
    world = make_world()
    meeting = held(world)
    items = three_items(world)
    items[1].lead_unit = 987654321
    with pytest.raises(MeetingError) as refused:
        services.conclusions_issue(
            actor=world.staff, meeting=meeting, number="46", date=MEETING_DAY, items=items
        )
    assert refused.value.status == 422 and str(refused.value).startswith("Mục 2")
    assert not ConclusionNotice.objects.exists()
    assert not Task.objects.filter(source_clause__startswith="Mục").exists()


def test_a_deadline_before_the_meeting_is_refused():
    world = make_world()
    meeting = held(world)
    items = three_items(world)
    items[2].deadline = MEETING_DAY - dt.timedelta(days=1)
    with pytest.raises(MeetingError) as refused:
        services.conclusions_issue(
            actor=world.staff, meeting=meeting, number="47", date=MEETING_DAY, items=items
        )
    assert str(refused.value).startswith("Mục 3")
    assert not ConclusionNotice.objects.exists()


def test_a_planned_meeting_cannot_conclude():
    world = make_world()
    meeting = plan(world)
    with pytest.raises(MeetingError) as refused:
        services.conclusions_issue(
            actor=world.staff,
            meeting=meeting,
            number="1",
            date=MEETING_DAY,
            items=three_items(world),
        )
    assert refused.value.status == 409
