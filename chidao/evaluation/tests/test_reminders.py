"""Units whose self-assessment is unfinished are reminded like tasks: at the steps before the
deadline and on the day, once each, through the outbox (in-app and e-mail) to their focal
persons; a reminder planned for a unit that finished since is not sent."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from chidao.evaluation import notices, services
from chidao.evaluation.tests import helpers as h
from chidao.notifications.models import Notification, OutboxMessage
from chidao.notifications.sender import send_pending
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2025, 12, 10)


@pytest.fixture
def cycle(personas, settings):
    settings.CHIDAO_REMIND_BEFORE_DAYS = [7, 1]
    cycle = h.make_cycle(self_assessment_deadline=DEADLINE)
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    return cycle


def remind(day: dt.date) -> int:
    """Plan and deliver as the daily job does; how many notices (one per recipient) were new."""
    planned = len(notices.plan(today=day))
    notices.plan_reminders(today=day)
    send_pending(today=day)
    return planned


def test_unfinished_units_are_reminded_once_per_step(personas, cycle):
    a, b, _c = h.departments()
    h.self_assess_all(cycle, Decimal(1), units=[b])  # Sở Tư pháp has finished

    assert remind(dt.date(2025, 11, 1)) == 0
    assert remind(dt.date(2025, 12, 4)) == 1
    assert remind(dt.date(2025, 12, 4)) == 0
    assert remind(DEADLINE) == 1
    assert remind(DEADLINE + dt.timedelta(days=1)) == 0

    kind = notices.SELF_ASSESSMENT_DUE
    notes = list(Notification.objects.filter(user=personas.focal_a, kind=kind).order_by("id"))
    assert len(notes) == 2
    assert "Sở Nội vụ còn 2/2 tiêu chí chưa tự chấm" in notes[0].title
    assert notes[0].url == f"/evaluation/{cycle.pk}/self-assessment/"
    assert not Notification.objects.filter(user=personas.focal_b, kind=kind).exists()
    rows = OutboxMessage.objects.filter(kind=kind, data__unit=a.pk, channel="in_app")
    assert rows.count() == 2 and set(rows.values_list("state", flat=True)) == {"sent"}


def test_a_unit_that_finished_after_planning_is_not_reminded(personas, cycle):
    a, b, c = h.departments()
    notices.plan_reminders(today=dt.date(2025, 12, 4))
    h.self_assess_all(cycle, Decimal(1), units=[a, b, c])
    send_pending(today=dt.date(2025, 12, 4))
    assert not Notification.objects.filter(kind=notices.SELF_ASSESSMENT_DUE).exists()


def test_the_command(personas, cycle):
    out = io.StringIO()
    call_command("remind_self_assessment", "--today", "2025-12-09", stdout=out)
    assert "Đã nhắc" in out.getvalue()
    reminded = OutboxMessage.objects.filter(
        kind=notices.SELF_ASSESSMENT_DUE, channel="in_app", state="sent"
    )
    assert reminded.values("data__unit").distinct().count() == 2  # Sở Nội vụ, Sở Tư pháp


def test_an_approved_cycle_tells_each_evaluated_units_people_their_result_is_out(personas):
    cycle = h.approved(h.make_cycle())
    kind = notices.APPRAISAL_FINISHED
    rows = OutboxMessage.objects.filter(kind=kind, subject_id=cycle.pk, channel="in_app")
    assert personas.focal_a.pk in set(rows.values_list("recipient_id", flat=True))
    row = rows.get(recipient=personas.focal_a)
    assert cycle.name in row.title
    assert row.url == f"/evaluation/{cycle.pk}/units/{personas.focal_a.unit_id}/"
    unit_ids = set(cycle.units.values_list("unit_id", flat=True))
    assert all(r.recipient.unit_id in unit_ids for r in rows.select_related("recipient"))
