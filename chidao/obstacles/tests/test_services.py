"""Raising, assigning, answering, forwarding, closing and merging items: each through its
service, refused with the right status, recorded as an event and in the change log."""

import datetime as dt

import pytest

from chidao.audit.models import ChangeLog
from chidao.core.errors import ActionRefused
from chidao.notifications.models import OutboxMessage
from chidao.obstacles import services
from chidao.obstacles.models import Obstacle
from chidao.obstacles.tests.world import SYSTEM, assigned, raised
from chidao.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def test_a_commune_raises_an_item_for_itself(w):
    item = raised(w)
    assert (item.state, item.raised_by, item.raised_by_name) == ("open", w.commune, w.commune.name)
    assert list(item.events.values_list("kind", flat=True)) == ["raised"]
    assert ChangeLog.objects.filter(action="obstacle.raise", target_id=str(item.pk)).exists()


def test_a_focal_person_cannot_raise_for_another_unit(w):
    with pytest.raises(ActionRefused) as refused:
        services.obstacle_raise(
            actor=w.focal_commune, committee=w.committee, unit=w.finance, title="X"
        )
    assert refused.value.status == 403
    assert not Obstacle.objects.exists()


def test_an_empty_summary_is_refused_with_a_field(w):
    with pytest.raises(ActionRefused) as refused:
        raised(w, title="   ")
    assert (refused.value.status, refused.value.field) == (422, "title")


def test_the_standing_agency_assigns_and_the_resolver_is_told(w):
    item = assigned(w)
    assert (item.state, item.resolver, item.due_on) == ("assigned", w.justice, dt.date(2025, 8, 15))
    told = OutboxMessage.objects.filter(kind="obstacle.assigned", recipient=w.focal_justice)
    assert told.exists()


def test_a_focal_person_cannot_assign(w):
    item = raised(w)
    with pytest.raises(ActionRefused) as refused:
        services.obstacle_assign(
            actor=w.focal_commune, obstacle=item, level="department", resolver=w.justice,
            due_on=dt.date(2025, 8, 1),
        )  # fmt: skip
    assert refused.value.status == 403
    item.refresh_from_db()
    assert item.state == "open"


def test_a_deadline_before_the_item_was_raised_is_refused(w):
    with pytest.raises(ActionRefused) as refused:
        assigned(w, due_on=dt.date(2025, 6, 1))
    assert refused.value.field == "due_on"


def test_the_resolver_answers_and_resolves(w):
    item = services.obstacle_reply(
        actor=w.focal_justice, obstacle=assigned(w), text="Đã ban hành hướng dẫn.",
        resolved=True, document="15/HD-STP", replied_on=dt.date(2025, 8, 10),
    )  # fmt: skip
    assert (item.state, item.resolved_on, item.reply_document) == (
        "resolved", dt.date(2025, 8, 10), "15/HD-STP",
    )  # fmt: skip


def test_the_unit_that_raised_it_cannot_answer_it(w):
    item = assigned(w)
    with pytest.raises(ActionRefused) as refused:
        services.obstacle_reply(actor=w.focal_commune, obstacle=item, text="x", resolved=True)
    assert refused.value.status == 403
    item.refresh_from_db()
    assert item.state == "assigned" and item.reply == ""


def test_a_resolved_item_cannot_be_answered_again(w):
    item = services.obstacle_reply(
        actor=w.focal_justice, obstacle=assigned(w), text="Xong", resolved=True
    )
    with pytest.raises(ActionRefused) as refused:
        services.obstacle_reply(actor=w.focal_justice, obstacle=item, text="Lại", resolved=False)
    assert refused.value.status == 409


def test_forwarding_goes_only_upward(w):
    item = raised(w)
    with pytest.raises(ActionRefused):
        services.obstacle_forward(actor=w.staff, obstacle=item, level="department", note="x")
    item = services.obstacle_forward(
        actor=w.staff, obstacle=item, level="ministry", note="Công văn 12/SNV-CCHC gửi Bộ"
    )
    assert (item.state, item.level) == ("forwarded", "ministry")


def test_closing_needs_a_reason(w):
    with pytest.raises(ActionRefused) as refused:
        services.obstacle_close(actor=w.staff, obstacle=raised(w), reason=" ")
    assert refused.value.field == "reason"


def test_a_duplicate_is_merged_with_its_blocked_tasks(w):
    task = TaskFactory(lead_unit=w.commune)
    keep = raised(w)
    duplicate = raised(w, title="Chưa có hướng dẫn số hóa hồ sơ đất đai", tasks=[task])
    services.obstacle_merge(actor=w.staff, duplicate=duplicate, into=keep)
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into) == ("closed", keep)
    assert list(keep.tasks.all()) == [task]


def test_an_item_is_not_merged_into_itself(w):
    item = raised(w)
    with pytest.raises(ActionRefused):
        services.obstacle_merge(actor=SYSTEM, duplicate=item, into=item)


def test_who_sees_which_items(w):
    item = assigned(w)
    visible = {
        name: Obstacle.objects.restrict(getattr(w, name)).filter(pk=item.pk).exists()
        for name in ("focal_commune", "focal_justice", "focal_finance", "staff", "leader")
    }
    assert visible == {
        "focal_commune": True,
        "focal_justice": True,
        "focal_finance": False,
        "staff": True,
        "leader": True,
    }


def test_every_move_writes_its_fields_event_and_change_log_row(w):
    """Assign, answer, forward, resolve, close and merge all go through one write (services
    ._move): the fields saved, the item's event with its data, and a change-log row whose
    before and after are the item's states."""
    item = assigned(w)
    item = services.obstacle_reply(
        actor=w.focal_justice, obstacle=item, text="Cần Bộ hướng dẫn", resolved=False,
        document="12/STP", replied_on=dt.date(2025, 8, 1),
    )  # fmt: skip
    item = services.obstacle_forward(actor=w.staff, obstacle=item, level="ministry", note="CV 3")
    item = services.obstacle_resolve(actor=w.staff, obstacle=item, on=dt.date(2025, 9, 1))
    closed = services.obstacle_close(actor=w.staff, obstacle=raised(w, title="B"), reason="Hết")
    duplicate = raised(w, title="C")
    services.obstacle_merge(actor=w.staff, duplicate=duplicate, into=closed)
    item.refresh_from_db()
    assert (item.state, item.level, item.reply_document, item.resolved_on) == (
        "resolved", "ministry", "12/STP", dt.date(2025, 9, 1),
    )  # fmt: skip
    assert [(e.kind, e.on, e.data) for e in item.events.order_by("id")][1:] == [
        ("assigned", dt.date.today(), {
            "resolver": w.justice.name, "level": "department", "due_on": "2025-08-15", "note": "",
        }),
        ("answered", dt.date(2025, 8, 1), {"text": "Cần Bộ hướng dẫn", "document": "12/STP"}),
        ("forwarded", dt.date.today(), {"level": "ministry", "note": "CV 3"}),
        ("resolved", dt.date(2025, 9, 1), {}),
    ]  # fmt: skip
    rows = ChangeLog.objects.filter(target_id=str(item.pk), action__startswith="obstacle.")
    rows = rows.exclude(action="obstacle.raise")
    assert [(r.action, r.before["state"], r.after["state"]) for r in rows.order_by("id")] == [
        ("obstacle.assign", "open", "assigned"),
        ("obstacle.reply", "assigned", "answered"),
        ("obstacle.forward", "answered", "forwarded"),
        ("obstacle.resolve", "forwarded", "resolved"),
    ]
    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.merged_into_id) == ("closed", closed.pk)
    assert duplicate.close_reason == f"Trùng với mục #{closed.pk}: B"
    assert [(e.kind, e.data) for e in duplicate.events.order_by("id")][1:] == [
        ("merged", {"into": closed.pk})
    ]
    assert [(e.kind, e.data) for e in closed.events.order_by("id")][1:] == [
        ("closed", {"reason": "Hết"}),
        ("merged", {"duplicate": duplicate.pk, "unit": w.commune.name}),
    ]
    merge = ChangeLog.objects.get(action="obstacle.merge", target_id=str(duplicate.pk))
    assert (merge.before["state"], merge.after["state"]) == ("open", "closed")
    assert merge.after["merged_into"] == closed.pk
