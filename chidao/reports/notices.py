"""What reporting notifies, through the outbox (chidao.notifications).

The daily planner (`plan`, registered from ReportsConfig.ready()):
- a reminder to each active focal person of every required unit whose report does not count
  yet (nothing written, a draft, or awaiting its leader's approval), at the steps of
  chidao.notifications.steps: `before-N`, `due`, weekly `overdue-K` for at most
  CHIDAO_REPORT_OVERDUE_REMINDER_DAYS days (default 90) after the deadline;
- "report late": the day after the deadline, the standing agency's staff of the period's
  committee learn which required units have not reported, once per deadline.
The sender drops a reminder whose report was submitted since, whose deadline moved, whose
recipient is no longer the unit's focal person, or whose step is no longer the one due.
Events: `submission_returned` (the standing agency returns a report for correction) tells the
unit's focal persons.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.models import Role
from chidao.accounts.selectors import focal_persons, focal_persons_by_unit
from chidao.committees.selectors import standing_staff
from chidao.core.dates import vn_date
from chidao.notifications import steps
from chidao.notifications.models import OutboxMessage
from chidao.notifications.registry import Notice, register_kind, register_planner
from chidao.notifications.selectors import PlannedSteps
from chidao.notifications.services import emit, enqueue
from chidao.reports.models import ReportPeriod, Submission

REMINDER = "report.reminder"
LATE = "report.late"
RETURNED = "report.returned"
PeriodUnits = ReportPeriod.units.through


def register() -> None:
    register_kind(
        REMINDER, gettext_lazy("Đôn đốc nộp báo cáo"), still_wanted=still_wanted_reminders
    )
    register_kind(LATE, gettext_lazy("Báo cáo quá hạn"))
    register_kind(RETURNED, gettext_lazy("Báo cáo bị trả lại để sửa"))
    register_planner("reports", plan)


def overdue_days() -> int:
    return int(getattr(settings, "CHIDAO_REPORT_OVERDUE_REMINDER_DAYS", 90))


def report_step(deadline: dt.date, today: dt.date) -> str | None:
    """The reminder step due today for a report with this deadline, or None."""
    step = steps.deadline_step(deadline, today, overdue_until=overdue_days())
    return step[0] if step else None


def subject_key(period_id: int, unit_id: int) -> str:
    return f"reports.reportperiod:{period_id}/unit:{unit_id}"


def _counted_units(period_ids) -> set[tuple[int, int]]:
    return set(
        Submission.objects.filter(
            period_id__in=list(period_ids), state=Submission.State.SUBMITTED
        ).values_list("period_id", "unit_id")
    )


def submission_path(period_id: int, unit_id: int) -> str:
    return reverse("report-submission", args=[period_id, unit_id])


# ---- the daily planner


def plan(*, today: dt.date | None = None) -> list[Notice]:
    """The report reminders and late notices due today that were not planned yet.

    Set-based: one query for the periods near or past their deadline, one for their required
    units, one for those units' focal persons, one for the reports that count, one for the
    reminders they have, and for late periods one for the standing agencies' staff."""
    today = today or timezone.localdate()
    oldest = today - dt.timedelta(days=overdue_days())
    periods = {
        p.pk: p
        for p in ReportPeriod.objects.filter(
            deadline__lte=steps.horizon(today), deadline__gte=oldest
        ).select_related("committee")
    }
    if not periods:
        return []
    required = list(
        PeriodUnits.objects.filter(reportperiod_id__in=list(periods)).values_list(
            "reportperiod_id", "unit_id", "unit__name"
        )
    )
    counted = _counted_units(periods)
    focal = focal_persons_by_unit({unit_id for _p, unit_id, _n in required})

    keys = [subject_key(p, u) for p, u, _n in required] + [f"{LATE}:{p}" for p in periods]
    planned = PlannedSteps([REMINDER, LATE], keys)

    notices = []
    missing = defaultdict(list)
    with translation.override(settings.LANGUAGE_CODE):
        for period_id, unit_id, unit_name in required:
            if (period_id, unit_id) in counted:
                continue
            period = periods[period_id]
            missing[period_id].append(unit_name)
            step = report_step(period.deadline, today)
            if step is None:
                continue
            key = subject_key(period_id, unit_id)
            for user in focal[unit_id]:
                if not planned.planned(key, step, user.pk):  # nor after a tighter step
                    notices.append(_reminder(period, unit_id, unit_name, step, user, today))
        notices += _late(periods, missing, planned, today)
    return notices


def plan_reminders(*, today: dt.date | None = None) -> int:
    """Queue this part's notices due today in the outbox; returns how many rows were new."""
    return enqueue(plan(today=today))


def still_wanted_reminders(rows: list[OutboxMessage], today: dt.date) -> set[int]:
    pairs = {(row.data["period"], row.data["unit"]) for row in rows}
    period_ids = {period_id for period_id, _unit in pairs}
    deadlines = dict(ReportPeriod.objects.filter(pk__in=period_ids).values_list("id", "deadline"))
    counted = _counted_units(period_ids)
    required = set(
        PeriodUnits.objects.filter(reportperiod_id__in=period_ids).values_list(
            "reportperiod_id", "unit_id"
        )
    )
    wanted = set()
    for row in rows:
        pair, user = (row.data["period"], row.data["unit"]), row.recipient
        if pair in counted or pair not in required or pair[0] not in deadlines:
            continue
        if not user.is_active or user.role != Role.FOCAL or user.unit_id != pair[1]:
            continue
        if row.step == report_step(deadlines[pair[0]], today):
            wanted.add(row.pk)
    return wanted


# ---- wording


def _title_of(period: ReportPeriod) -> str:
    return period.title or period.label


def _headline(deadline: dt.date, today: dt.date) -> str:
    days = (deadline - today).days
    if days > 0:
        return _("Sắp đến hạn nộp báo cáo (còn %(days)s ngày)") % {"days": days}
    if days == 0:
        return _("Hôm nay là hạn nộp báo cáo")
    return _("Đã quá hạn nộp báo cáo %(days)s ngày") % {"days": -days}


def _reminder(period, unit_id, unit_name, step, user, today) -> Notice:
    title = _title_of(period)
    body = [
        _("Báo cáo: %(title)s") % {"title": title},
        _("Ban Chỉ đạo: %(committee)s") % {"committee": period.committee.name},
        _("Đơn vị báo cáo: %(unit)s") % {"unit": unit_name},
        _("Số liệu từ %(start)s đến %(end)s")
        % {"start": vn_date(period.data_from), "end": vn_date(period.data_to)},
        _("Hạn nộp: %(deadline)s") % {"deadline": vn_date(period.deadline)},
        "",
        _("Đề nghị đơn vị nộp báo cáo đúng hạn theo chế độ báo cáo đã ban hành."),
    ]
    return Notice(
        kind=REMINDER,
        subject=subject_key(period.pk, unit_id),
        step=step,
        recipient=user,
        title=_("%(headline)s: “%(title)s” của %(unit)s (hạn %(deadline)s)")
        % {
            "headline": _headline(period.deadline, today),
            "title": title,
            "unit": unit_name,
            "deadline": vn_date(period.deadline),
        },
        body="\n".join(body),
        url=submission_path(period.pk, unit_id),
        data={"period": period.pk, "unit": unit_id, "deadline": period.deadline.isoformat()},
    )


def _late(periods, missing, planned, today) -> list[Notice]:
    """The day after the deadline: the standing agency learns which units have not reported."""
    notices = []
    late = [
        periods[period_id]
        for period_id, names in missing.items()
        if names and periods[period_id].deadline == today - dt.timedelta(days=1)
    ]
    staff_of = {}
    for period in late:
        if period.committee_id not in staff_of:
            staff_of[period.committee_id] = standing_staff(period.committee_id)
        names = sorted(missing[period.pk])
        step = f"late@{period.deadline.isoformat()}"
        key = f"{LATE}:{period.pk}"
        for user in staff_of[period.committee_id]:
            if planned.planned(key, step, user.pk):
                continue
            notices.append(
                Notice(
                    kind=LATE,
                    subject=key,
                    step=step,
                    recipient=user,
                    title=_("%(count)s đơn vị chưa nộp báo cáo “%(title)s” (hạn %(deadline)s)")
                    % {
                        "count": len(names),
                        "title": _title_of(period),
                        "deadline": vn_date(period.deadline),
                    },
                    body=_("Đơn vị chưa nộp: %(units)s") % {"units": "; ".join(names)},
                    url=reverse("report-period", args=[period.pk]),
                    data={"period": period.pk, "units": len(names)},
                )
            )
    return notices


# ---- events


def submission_returned(*, actor, submission: Submission, reason: str) -> int:
    """The standing agency returned the unit's report for correction: its focal persons are
    told why."""
    with translation.override(settings.LANGUAGE_CODE):
        period = submission.period
        title = _("Báo cáo “%(title)s” được trả lại để sửa") % {"title": _title_of(period)}
        body = "\n".join(
            [
                _("Đơn vị báo cáo: %(unit)s") % {"unit": submission.unit_name},
                _("Hạn nộp: %(deadline)s") % {"deadline": vn_date(period.deadline)},
                _("Lý do: %(reason)s") % {"reason": reason[:1000]},
            ]
        )
        actor_id = getattr(actor, "pk", None)
        users = [u for u in focal_persons([submission.unit_id]) if u.pk != actor_id]
        return emit(
            Notice(
                kind=RETURNED,
                subject=submission,
                step="returned",
                recipient=user,
                title=title,
                body=body,
                url=submission_path(period.pk, submission.unit_id),
                data={"period": period.pk, "unit": submission.unit_id},
            )
            for user in users
        )
