"""Reminders before inspection day, through the outbox (chidao.notifications).

A unit the issued plan inspects and that has not sent its preparation (self-report, evidence)
is reminded, to its focal persons, at the steps `before-N@<day>` for N in
CHIDAO_INSPECTION_REMIND_BEFORE_DAYS (default 7 and 2): only the tightest window entered
(the smallest N >= days left), never on or after the day. The daily job (chidao.jobs) runs
`plan`; the outbox's unique key keeps one reminder per (inspected unit, step, recipient), and
the sender drops a reminder whose unit has prepared since, or whose day moved.
"""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.models import Role
from chidao.accounts.selectors import focal_persons_by_unit
from chidao.core.dates import vn_date
from chidao.inspections.models import InspectedUnit, Inspection
from chidao.notifications import steps
from chidao.notifications.models import OutboxMessage
from chidao.notifications.registry import Notice, register_kind, register_planner
from chidao.notifications.selectors import unplanned_steps

REMINDER = "inspection.prepare"


def register() -> None:
    register_kind(
        REMINDER, gettext_lazy("Nhắc chuẩn bị trước ngày kiểm tra"), still_wanted=still_wanted
    )
    register_planner("inspections", plan)


def before_days() -> list[int]:
    days = getattr(settings, "CHIDAO_INSPECTION_REMIND_BEFORE_DAYS", (7, 2))
    return sorted({int(n) for n in days if int(n) > 0})


def reminder_step(day: dt.date, today: dt.date) -> str | None:
    """`before-N@<day>` due today for an inspection on `day`, or None."""
    days_left = (day - today).days
    windows = [n for n in before_days() if days_left <= n]
    if days_left <= 0 or not windows:
        return None
    return f"{steps.BEFORE}-{windows[0]}@{day.isoformat()}"


def _waiting(queryset):
    """The inspected units still waiting for their preparation, under an issued plan."""
    return queryset.filter(
        inspection__status=Inspection.Status.ISSUED,
        status=InspectedUnit.Status.SCHEDULED,
        prepared_at__isnull=True,
    )


def plan(*, today: dt.date | None = None) -> list[Notice]:
    """The reminders due today not planned yet: one query for the units, one for their focal
    persons, one for the reminders they already have."""
    today = today or timezone.localdate()
    before = before_days()
    if not before:
        return []
    waiting = list(
        _waiting(InspectedUnit.objects.all())
        .filter(scheduled_on__gt=today, scheduled_on__lte=today + dt.timedelta(days=before[-1]))
        .select_related("inspection")
        .order_by("scheduled_on", "pk")
    )
    if not waiting:
        return []
    focal = focal_persons_by_unit({inspected.unit_id for inspected in waiting})
    due = unplanned_steps(
        REMINDER,
        waiting,
        step_of=lambda inspected: reminder_step(inspected.scheduled_on, today),
        recipients_of=lambda inspected: focal[inspected.unit_id],
    )
    with translation.override(settings.LANGUAGE_CODE):
        return [_notice(inspected, step, user, today) for inspected, step, user in due]


def _notice(inspected: InspectedUnit, step: str, user, today: dt.date) -> Notice:
    inspection = inspected.inspection
    days = (inspected.scheduled_on - today).days
    return Notice(
        kind=REMINDER,
        subject=inspected,
        step=step,
        recipient=user,
        title=_("Còn %(days)s ngày đến ngày kiểm tra (%(day)s): đơn vị chưa gửi báo cáo chuẩn bị")
        % {"days": days, "day": vn_date(inspected.scheduled_on)},
        body="\n".join(
            [
                _("Kế hoạch: %(title)s") % {"title": inspection.title},
                _("Ngày kiểm tra: %(day)s") % {"day": vn_date(inspected.scheduled_on)},
                _(
                    "Đề nghị đơn vị gửi báo cáo tự kiểm tra và tài liệu kiểm chứng trên chidao "
                    "trước ngày kiểm tra."
                ),
            ]
        ),
        url=reverse("inspection-unit", args=[inspection.pk, inspected.unit_id]),
        data={
            "inspection": inspection.pk,
            "inspected": inspected.pk,
            "unit": inspected.unit_id,
            "day": inspected.scheduled_on.isoformat(),
        },
    )


def still_wanted(rows: list[OutboxMessage], today: dt.date) -> set[int]:
    """The reminders still worth sending: the unit has not prepared, the plan still stands,
    the day is the one reminded of, and the recipient is still one of its focal persons."""
    ids = {row.data.get("inspected") for row in rows}
    waiting = {
        inspected.pk: inspected for inspected in _waiting(InspectedUnit.objects.filter(pk__in=ids))
    }
    wanted = set()
    for row in rows:
        inspected, user = waiting.get(row.data.get("inspected")), row.recipient
        if inspected is None:
            continue
        if not user.is_active or user.role != Role.FOCAL or user.unit_id != inspected.unit_id:
            continue
        if row.step == reminder_step(inspected.scheduled_on, today):
            wanted.add(row.pk)
    return wanted
