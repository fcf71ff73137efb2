"""Urging units to submit their reports: plan the reminders due today, then send each once.

The same two steps as task reminders (chidao.urging.services), each safe to run twice,
concurrently, or after a crash:

1. `plan_report_reminders` inserts one ReportReminder per (period, unit, step, recipient,
   channel) that is due today, for every required unit whose report does not count yet
   (nothing written, a draft, or awaiting its leader's approval). The unique constraint on
   that key makes a duplicate impossible; `bulk_create(ignore_conflicts=True)`.
2. `send_report_reminders` claims rows with a conditional UPDATE stamped with its own token,
   delivers them (email through django.core.mail, in-app as a Notification with no task),
   and marks each sent right after its delivery.

Steps carry the deadline ("before-7@2026-03-17"), so a changed deadline re-arms them:
`before-N` for N in CHIDAO_REMIND_BEFORE_DAYS (only the tightest window entered), `due` on
the deadline, `overdue-K` weekly from the day after (K = days overdue // 7 + 1), for at most
CHIDAO_REPORT_OVERDUE_REMINDER_DAYS days (default 90) after the deadline. Recipients: the
unit's active focal persons; in-app always, email when they have an address.
"""

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.models import Role
from chidao.core import worker
from chidao.core.dates import vn_date
from chidao.reports.models import ReportPeriod, ReportReminder, Submission
from chidao.urging.models import Notification, Reminder
from chidao.urging.services import MAX_ATTEMPTS, step_rank

logger = logging.getLogger(__name__)

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
EMAIL, IN_APP = Reminder.Channel.EMAIL.value, Reminder.Channel.IN_APP.value
PeriodUnits = ReportPeriod.units.through


def _before_days() -> list[int]:
    return sorted({int(n) for n in settings.CHIDAO_REMIND_BEFORE_DAYS if int(n) > 0})


def _overdue_days() -> int:
    return int(getattr(settings, "CHIDAO_REPORT_OVERDUE_REMINDER_DAYS", 90))


def report_step(deadline: dt.date, today: dt.date) -> str | None:
    """The step due today for a report with this deadline, or None."""
    suffix = f"@{deadline.isoformat()}"
    days_left = (deadline - today).days
    if days_left > 0:
        windows = [n for n in _before_days() if days_left <= n]
        return f"before-{windows[0]}{suffix}" if windows else None
    if days_left == 0:
        return f"due{suffix}"
    late = -days_left
    if late > _overdue_days():
        return None
    return f"overdue-{late // 7 + 1}{suffix}"


def _counted_units(period_ids) -> set[tuple[int, int]]:
    return set(
        Submission.objects.filter(
            period_id__in=period_ids, state=Submission.State.SUBMITTED
        ).values_list("period_id", "unit_id")
    )


# ---- planning


def plan_report_reminders(*, today: dt.date | None = None) -> int:
    """Insert the report reminders due today that do not exist yet; returns how many.

    Set-based: one query for the periods near or past their deadline, one for their required
    units' focal persons, one for the reports that count, one for the reminders they have,
    one bulk insert."""
    today = today or timezone.localdate()
    before = _before_days()
    horizon = today + dt.timedelta(days=before[-1] if before else 0)
    oldest = today - dt.timedelta(days=_overdue_days())
    deadlines = dict(
        ReportPeriod.objects.filter(deadline__lte=horizon, deadline__gte=oldest).values_list(
            "id", "deadline"
        )
    )
    if not deadlines:
        return 0
    # One filter() call: the user conditions apply to the same join row.
    rows = PeriodUnits.objects.filter(
        reportperiod_id__in=list(deadlines),
        unit__users__is_active=True,
        unit__users__role=Role.FOCAL,
    ).values_list("reportperiod_id", "unit_id", "unit__users__id", "unit__users__email")
    counted = _counted_units(list(deadlines))

    existing = set()
    reached: dict[tuple, int] = {}
    for period_id, unit_id, step, user_id, channel in ReportReminder.objects.filter(
        period_id__in=list(deadlines)
    ).values_list("period_id", "unit_id", "step", "recipient_id", "channel"):
        existing.add((period_id, unit_id, step, user_id, channel))
        if not step.endswith(f"@{deadlines[period_id].isoformat()}"):
            continue  # a step of an earlier deadline does not hold back the current ones
        rank = step_rank(step)
        if rank is not None:
            key = (period_id, unit_id, user_id, channel)
            reached[key] = max(rank, reached.get(key, rank))

    new = []
    for period_id, unit_id, user_id, email in rows:
        if (period_id, unit_id) in counted:
            continue
        step = report_step(deadlines[period_id], today)
        if step is None:
            continue
        channels = [(IN_APP, "")]
        if email:
            channels.append((EMAIL, email))
        for channel, address in channels:
            key = (period_id, unit_id, step, user_id, channel)
            if key in existing:
                continue
            furthest = reached.get((period_id, unit_id, user_id, channel))
            if furthest is not None and furthest > step_rank(step):
                continue  # never a wider before-N after a tighter step
            existing.add(key)
            new.append(
                ReportReminder(
                    period_id=period_id,
                    unit_id=unit_id,
                    step=step,
                    recipient_id=user_id,
                    channel=channel,
                    address=address,
                )
            )
    ReportReminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)


# ---- sending


def _claimable(now, stale_after, started) -> Q:
    return (
        Q(state=PENDING)
        | Q(state=SENDING, claimed_at__lt=now - stale_after)
        | Q(state=FAILED, attempts__lt=MAX_ATTEMPTS, claimed_at__lt=started)
    )


def _claim(batch: int, stale_after: dt.timedelta, started) -> str | None:
    now = timezone.now()
    candidates = list(
        ReportReminder.objects.filter(_claimable(now, stale_after, started))
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:batch]
    )
    if not candidates:
        return None
    token = uuid.uuid4().hex
    claimed = ReportReminder.objects.filter(
        _claimable(now, stale_after, started), id__in=candidates
    )
    if not claimed.update(state=SENDING, claim_token=token, claimed_at=now):
        return ""
    return token


def send_report_reminders(
    *,
    batch: int = 200,
    stale_after: dt.timedelta | None = None,
    today: dt.date | None = None,
) -> int:
    """Deliver the pending report reminders; returns how many went out. Failures are kept
    with their error and retried by later runs (at most MAX_ATTEMPTS times). Rows left
    "sending" by a dead sender are taken up after `stale_after` (default: the worker lease)."""
    today = today or timezone.localdate()
    stale_after = stale_after or worker.lease()
    started = timezone.now()
    sent = 0
    connection = None
    try:
        while True:
            token = _claim(batch, stale_after, started)
            if token is None:
                break
            if not token:
                continue
            rows = list(
                ReportReminder.objects.filter(claim_token=token, state=SENDING)
                .select_related("period__committee", "unit", "recipient")
                .order_by("created_at", "id")
            )
            period_ids = {r.period_id for r in rows}
            counted = _counted_units(period_ids)
            required = set(
                PeriodUnits.objects.filter(reportperiod_id__in=period_ids).values_list(
                    "reportperiod_id", "unit_id"
                )
            )
            for reminder in rows:
                if not _still_wanted(reminder, today, counted, required):
                    ReportReminder.objects.filter(pk=reminder.pk, claim_token=token).delete()
                    continue
                if reminder.channel == EMAIL and connection is None:
                    connection = get_connection(fail_silently=False)
                if _deliver(reminder, token, today, connection):
                    sent += 1
                elif reminder.channel == EMAIL and connection is not None:
                    connection.close()
                    connection = None
    finally:
        if connection is not None:
            connection.close()
    return sent


def _still_wanted(reminder: ReportReminder, today: dt.date, counted, required) -> bool:
    """Submitted since, deadline moved, recipient no longer the unit's focal person, unit no
    longer required, or another step due now: nothing to send."""
    if (reminder.period_id, reminder.unit_id) in counted:
        return False
    user = reminder.recipient
    if not user.is_active or user.role != Role.FOCAL or user.unit_id != reminder.unit_id:
        return False
    if (reminder.period_id, reminder.unit_id) not in required:
        return False
    return reminder.step == report_step(reminder.period.deadline, today)


def _deliver(reminder: ReportReminder, token: str, today: dt.date, connection) -> bool:
    mine = ReportReminder.objects.filter(pk=reminder.pk, claim_token=token, state=SENDING)
    if not mine.update(claimed_at=timezone.now()):
        logger.warning("Report reminder %s was taken over by another sender.", reminder.pk)
        return False
    message = reminder_message(reminder, today)
    if reminder.channel == IN_APP:
        with transaction.atomic():
            if not mine.update(state=SENT, sent_at=timezone.now(), last_error=""):
                return False
            Notification.objects.create(
                user_id=reminder.recipient_id, task=None, message=message["notification"]
            )
        return True
    try:
        EmailMessage(
            subject=message["subject"],
            body=message["body"],
            to=[reminder.address],
            connection=connection,
            headers={"Message-ID": message_id(reminder)},
        ).send()
    except Exception as error:  # recorded, and retried by a later run
        logger.warning("Report reminder %s to %s failed: %s", reminder.pk, reminder.address, error)
        mine.update(
            state=FAILED,
            attempts=F("attempts") + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return False
    # As for task reminders: a crash between the SMTP server's acceptance and this UPDATE
    # resends that one message after `stale_after`, with the same Message-ID.
    if not mine.update(state=SENT, sent_at=timezone.now(), last_error=""):
        logger.warning("Report reminder %s was sent but its claim was lost.", reminder.pk)
        return False
    return True


def message_id(reminder: ReportReminder) -> str:
    stamp = int(reminder.created_at.timestamp())
    return f"<chidao.report-reminder.{reminder.pk}.{stamp}@{DNS_NAME}>"


# ---- wording


def submission_path(reminder: ReportReminder) -> str:
    return reverse("report-submission", args=[reminder.period_id, reminder.unit_id])


def _headline(reminder: ReportReminder, today: dt.date) -> str:
    days = (reminder.period.deadline - today).days
    if days > 0:
        return _("Sắp đến hạn nộp báo cáo (còn %(days)s ngày)") % {"days": days}
    if days == 0:
        return _("Hôm nay là hạn nộp báo cáo")
    return _("Đã quá hạn nộp báo cáo %(days)s ngày") % {"days": -days}


def reminder_message(reminder: ReportReminder, today: dt.date) -> dict:
    """Subject, body and in-app text of a report reminder, in Vietnamese."""
    period = reminder.period
    headline = _headline(reminder, today)
    link = getattr(settings, "CHIDAO_BASE_URL", "").rstrip("/") + submission_path(reminder)
    title = period.title or period.label
    lines = [
        _("Kính gửi %(name)s,")
        % {"name": reminder.recipient.get_full_name() or reminder.recipient.get_username()},
        "",
        headline + ".",
        "",
        _("Báo cáo: %(title)s") % {"title": title},
        _("Ban Chỉ đạo: %(committee)s") % {"committee": period.committee.name},
        _("Đơn vị báo cáo: %(unit)s") % {"unit": reminder.unit.name},
        _("Số liệu từ %(start)s đến %(end)s")
        % {"start": vn_date(period.data_from), "end": vn_date(period.data_to)},
        _("Hạn nộp: %(deadline)s") % {"deadline": vn_date(period.deadline)},
        _("Soạn và nộp báo cáo: %(link)s") % {"link": link},
        "",
        _("Đề nghị đơn vị nộp báo cáo đúng hạn theo chế độ báo cáo đã ban hành."),
        "",
        _("Thư này được gửi tự động từ hệ thống chidao; vui lòng không trả lời."),
    ]
    return {
        "subject": f"[chidao] {headline}: {title} — {reminder.unit.name}"[:250],
        "body": "\n".join(lines),
        "notification": _("%(headline)s: “%(title)s” của %(unit)s (hạn %(deadline)s). %(path)s")
        % {
            "headline": headline,
            "title": title,
            "unit": reminder.unit.name,
            "deadline": vn_date(period.deadline),
            "path": submission_path(reminder),
        },
    }


def run(*, today: dt.date | None = None) -> dict:
    """Plan, then send: the daily report urging."""
    planned = plan_report_reminders(today=today)
    sent = send_report_reminders(today=today)
    return {"planned": planned, "sent": sent}
