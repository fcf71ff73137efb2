"""Units whose self-assessment is unfinished are reminded like tasks: at the steps before the
deadline and on the day, once each, as in-app notifications to their focal persons."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from chidao.evaluation import services
from chidao.evaluation.models import SelfAssessmentReminder
from chidao.evaluation.tests import helpers as h
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401
from chidao.urging.models import Notification

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2025, 12, 10)


@pytest.fixture
def cycle(personas, settings):
    settings.CHIDAO_REMIND_BEFORE_DAYS = [7, 1]
    cycle = h.make_cycle(self_assessment_deadline=DEADLINE)
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    return cycle


def test_unfinished_units_are_reminded_once_per_step(personas, cycle):
    a, b, _c = h.departments()
    h.self_assess_all(cycle, Decimal(1), units=[b])  # Sở Tư pháp has finished

    assert services.plan_self_assessment_reminders(today=dt.date(2025, 11, 1)) == 0
    assert services.plan_self_assessment_reminders(today=dt.date(2025, 12, 4)) == 1
    assert services.plan_self_assessment_reminders(today=dt.date(2025, 12, 4)) == 0
    assert services.plan_self_assessment_reminders(today=DEADLINE) == 1
    assert services.plan_self_assessment_reminders(today=DEADLINE + dt.timedelta(days=1)) == 0

    notes = list(Notification.objects.filter(user=personas.focal_a).order_by("id"))
    assert len(notes) == 2
    assert "Sở Nội vụ còn 2/2 tiêu chí chưa tự chấm" in notes[0].message
    assert f"/evaluation/{cycle.pk}/self-assessment/" in notes[0].message
    assert not Notification.objects.filter(user=personas.focal_b).exists()
    assert SelfAssessmentReminder.objects.filter(unit=a).count() == 2


def test_the_command(personas, cycle):
    out = io.StringIO()
    call_command("remind_self_assessment", "--today", "2025-12-09", stdout=out)
    assert "Đã nhắc 2 lượt." in out.getvalue()  # Sở Nội vụ and Sở Tư pháp
