"""The regular schedule of a committee's meetings: set it, plan the meeting of one of its
dates, and the daily job's step that plans the next one ahead of time.

Each function is one action: one transaction, its change-log row. A regular meeting planned
from the schedule keeps its date (`Meeting.slot`); one meeting per date, whoever plans it
first (the standing agency from the committee's page, or the daily job)."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.meetings import schedule as rule
from chidao.meetings.models import Meeting, MeetingSchedule
from chidao.meetings.services import CHAIR_ROLES, MeetingError, _require_manager, meeting_create

JOB = policy.SystemActor("chidao urge: lịch họp định kỳ")


def _check(*, cadence, month_of_period, week, weekday, chair_role, lead_days) -> None:
    if cadence not in rule.MONTHS:
        raise MeetingError(
            _("Định kỳ phải là monthly, quarterly, half_yearly hoặc yearly."), field="cadence"
        )
    if not 1 <= month_of_period <= rule.MONTHS[cadence]:
        raise MeetingError(
            _("Tháng trong kỳ phải từ 1 đến %(months)s.") % {"months": rule.MONTHS[cadence]},
            field="month_of_period",
        )
    if not 1 <= week <= rule.LAST_WEEK:
        raise MeetingError(_("Tuần trong tháng phải từ 1 đến 5 (tuần cuối)."), field="week")
    if not 0 <= weekday <= 6:
        raise MeetingError(_("Thứ phải từ 0 (thứ Hai) đến 6 (Chủ nhật)."), field="weekday")
    if chair_role not in CHAIR_ROLES:
        raise MeetingError(
            _("Người chủ trì là Trưởng ban hoặc một Phó Trưởng ban."), field="chair_role"
        )
    if not 0 <= lead_days <= 365:
        raise MeetingError(_("Số ngày lên lịch trước phải từ 0 đến 365."), field="lead_days")


def _snapshot(row: MeetingSchedule) -> dict:
    return snapshot(row) | {"time": row.time.strftime("%H:%M")}


@transaction.atomic
def schedule_save(
    *,
    actor,
    committee,
    cadence: str,
    month_of_period: int,
    week: int,
    weekday: int,
    time: dt.time,
    place: str = "",
    chair_role: str = "head",
    lead_days: int = 30,
    active: bool = True,
    synthetic: bool | None = None,
) -> MeetingSchedule:
    """Set the committee's regular schedule (the standing agency of that committee only)."""
    _require_manager(actor, committee.pk)
    _check(
        cadence=cadence,
        month_of_period=month_of_period,
        week=week,
        weekday=weekday,
        chair_role=chair_role,
        lead_days=lead_days,
    )
    row = MeetingSchedule.objects.select_for_update().filter(committee=committee).first()
    before = _snapshot(row) if row else None
    row = row or MeetingSchedule(committee=committee)
    row.cadence, row.month_of_period = cadence, month_of_period
    row.week, row.weekday, row.time = week, weekday, time
    row.place, row.chair_role = (place or "").strip()[:300], chair_role
    row.lead_days, row.active = lead_days, active
    if synthetic is not None:
        row.synthetic = synthetic
    row.updated_by = policy.as_user(actor)
    row.save()
    record_change(
        actor=actor,
        action="update" if before else "create",
        target=row,
        before=before,
        after=_snapshot(row),
    )
    return row


def title_for(row: MeetingSchedule, day: dt.date) -> str:
    """The meeting's title, in the installation's language whoever plans it."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Phiên họp định kỳ %(period)s") % {"period": rule.period_name(row.cadence, day)}


@transaction.atomic
def schedule_plan(*, actor, committee, slot: dt.date) -> Meeting:
    """Plan the regular meeting of one date of the schedule (status planned, invitees from
    the register on that date). 422 for a date that is not one of the schedule's, 409 when
    the meeting of that date is already planned."""
    _require_manager(actor, committee.pk)
    row = MeetingSchedule.objects.filter(committee=committee).first()
    if row is None:
        raise MeetingError(_("Ban Chỉ đạo chưa có lịch họp định kỳ."), status=409)
    if not rule.is_slot(row, slot):
        raise MeetingError(
            _("Ngày %(date)s không phải một kỳ họp theo lịch định kỳ.")
            % {"date": slot.strftime("%d/%m/%Y")},
            field="slot",
        )
    if Meeting.objects.filter(committee=committee, slot=slot).exists():
        raise MeetingError(_("Phiên họp định kỳ của kỳ này đã được lên lịch."), status=409)
    starts_at = timezone.make_aware(dt.datetime.combine(slot, row.time))
    title = title_for(row, slot)
    synthetic = row.synthetic  # a demo schedule's meetings are demo data too
    if synthetic:
        title += " (dữ liệu mô phỏng)"
    meeting = meeting_create(
        actor=actor,
        committee=committee,
        title=title,
        starts_at=starts_at,
        kind=Meeting.Kind.REGULAR,
        place=row.place,
        chair_role=row.chair_role,
        synthetic=synthetic,
    )
    meeting.slot = slot
    meeting.save(update_fields=["slot"])
    return meeting


def upcoming_slots(row: MeetingSchedule, today: dt.date, count: int = 4) -> list[dict]:
    """The next dates of the schedule, each with the meeting planned for it (or None)."""
    days = rule.occurrences(row, today, count)
    planned = {
        m.slot: m for m in Meeting.objects.filter(committee_id=row.committee_id, slot__in=days)
    }
    return [{"date": day, "meeting": planned.get(day)} for day in days]


def plan_due(today: dt.date | None = None) -> list[Meeting]:
    """The daily job's step: for every active schedule, plan its next meeting once the date
    is `lead_days` away or nearer. Safe to run twice, or concurrently (one meeting per date)."""
    today = today or timezone.localdate()
    planned = []
    for row in MeetingSchedule.objects.filter(active=True).select_related("committee"):
        if row.committee.dissolved_on and row.committee.dissolved_on <= today:
            continue
        slot = rule.occurrences(row, today, 1)[0]
        if (slot - today).days > row.lead_days:
            continue
        if Meeting.objects.filter(committee=row.committee, slot=slot).exists():
            continue
        try:
            planned.append(schedule_plan(actor=JOB, committee=row.committee, slot=slot))
        except (MeetingError, IntegrityError):  # planned meanwhile, or not plannable
            continue
    return planned
