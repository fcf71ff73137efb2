"""Urging (đôn đốc): plan the reminders that are due, then send each exactly once.

Two steps, each safe to run twice, concurrently, or after a crash:

1. `plan_reminders` inserts one Reminder row per (task, step, recipient, channel) that is due
   today. The unique constraint on that key makes a duplicate impossible; inserting is
   `bulk_create(ignore_conflicts=True)`, so two planners racing insert each row once.
2. `send_pending` claims rows with a conditional UPDATE (pending, failed with attempts left, or
   "sending" for longer than `stale_after`, i.e. abandoned by a crashed sender), stamping
   them with its own claim token; it then processes only rows carrying its token, so two
   senders never get the same row. Each row is marked sent right after its delivery.

Steps. The step key carries the deadline ("before-7@2026-03-31"), so an approved extension
(a new deadline) re-arms the reminders:
- `before-N` for N in CHIDAO_REMIND_BEFORE_DAYS: only the tightest window entered (the
  smallest N >= days left), never a wider one after a tighter one;
- `due` on the deadline day;
- `overdue-K` weekly while overdue, K = days overdue // 7 + 1, from the day after;
- `escalation` once CHIDAO_ESCALATE_AFTER_DAYS days overdue, to the lead unit's leaders.
Recipients: the lead unit's active focal persons (FOCAL), or its leaders (LEADER) for the
escalation; in-app always, email when the user has an address.
"""

import datetime as dt
import logging
import re
import uuid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.models import Role
from chidao.core import worker
from chidao.core.dates import vn_date
from chidao.tasks.models import Task, TaskEvent
from chidao.tasks.status import Status, status_of
from chidao.urging.models import Notification, Reminder

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
ACTOR_LABEL = "chidao (đôn đốc tự động)"
_STEP = re.compile(r"^(before|due|overdue|escalation)(?:-(\d+))?@")


# -- what is due -----------------------------------------------------------------------------


def _before_days() -> list[int]:
    return sorted({int(n) for n in settings.CHIDAO_REMIND_BEFORE_DAYS if int(n) > 0})


def due_steps(deadline: dt.date, today: dt.date) -> list[tuple[str, str]]:
    """The steps due today for a task with this deadline: [(step key, step kind), …].

    At most one focal step (before-N, due or overdue-K) and the escalation when reached.
    """
    suffix = f"@{deadline.isoformat()}"
    days_left = (deadline - today).days
    steps = []
    if days_left > 0:
        windows = [n for n in _before_days() if days_left <= n]
        if windows:
            steps.append((f"before-{windows[0]}{suffix}", Reminder.Step.BEFORE))
    elif days_left == 0:
        steps.append((f"due{suffix}", Reminder.Step.DUE))
    else:
        late = -days_left
        steps.append((f"overdue-{late // 7 + 1}{suffix}", Reminder.Step.OVERDUE))
        if late >= settings.CHIDAO_ESCALATE_AFTER_DAYS:
            steps.append((f"escalation{suffix}", Reminder.Step.ESCALATION))
    return steps


def step_rank(step: str) -> int | None:
    """Order of the focal steps of one deadline: before-7 < before-1 < due < overdue-1 < …;
    None for the escalation, which stands apart."""
    match = _STEP.match(step)
    if not match or match.group(1) == "escalation":
        return None
    kind, number = match.group(1), int(match.group(2) or 0)
    return {"before": -number, "due": 0, "overdue": number}[kind]


# -- planning --------------------------------------------------------------------------------


def plan_reminders(*, today: dt.date | None = None) -> int:
    """Insert the reminders due today that do not exist yet; returns how many were new.

    Set-based: one query reads the open tasks near or past their deadline joined with their
    lead units' focal persons and leaders, one reads the reminders those tasks already have
    for their current deadline, one bulk insert writes the new ones.
    """
    today = today or timezone.localdate()
    before = _before_days()
    horizon = today + dt.timedelta(days=before[-1] if before else 0)
    open_near = Q(completed_on__isnull=True, cancelled_on__isnull=True, deadline__lte=horizon)

    # One filter() call: the user conditions apply to the same join row.
    rows = Task.objects.filter(
        open_near,
        lead_unit__users__is_active=True,
        lead_unit__users__role__in=[Role.FOCAL, Role.LEADER],
    ).values_list(
        "id",
        "deadline",
        "lead_unit__users__id",
        "lead_unit__users__role",
        "lead_unit__users__email",
    )

    existing = set()
    # The furthest step reached per (task, recipient, channel, deadline): a wider before-N is
    # never planned after a tighter step exists (e.g. when run with an earlier --today).
    reached: dict[tuple, int] = {}
    for task_id, step, recipient_id, channel, deadline in Reminder.objects.filter(
        task__completed_on__isnull=True,
        task__cancelled_on__isnull=True,
        task__deadline__lte=horizon,
        deadline=F("task__deadline"),
    ).values_list("task_id", "step", "recipient_id", "channel", "deadline"):
        existing.add((task_id, step, recipient_id, channel))
        rank = step_rank(step)
        if rank is not None:
            key = (task_id, recipient_id, channel, deadline)
            reached[key] = max(rank, reached.get(key, rank))

    new = []
    for task_id, deadline, user_id, role, email in rows:
        for step, kind in due_steps(deadline, today):
            wanted_role = Role.LEADER if kind == Reminder.Step.ESCALATION else Role.FOCAL
            if role != wanted_role:
                continue
            channels = [(Reminder.Channel.IN_APP, "")]
            if email:
                channels.append((Reminder.Channel.EMAIL, email))
            for channel, address in channels:
                if (task_id, step, user_id, channel) in existing:
                    continue
                rank = step_rank(step)
                furthest = reached.get((task_id, user_id, channel, deadline))
                if rank is not None and furthest is not None and furthest > rank:
                    continue
                existing.add((task_id, step, user_id, channel))
                new.append(
                    Reminder(
                        task_id=task_id,
                        step=step,
                        step_kind=kind,
                        recipient_id=user_id,
                        channel=channel,
                        address=address,
                        deadline=deadline,
                    )
                )
    # A concurrent planner may have inserted some of these meanwhile: the unique key keeps
    # one row each, and the conflicts are ignored.
    Reminder.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    return len(new)


# -- sending ---------------------------------------------------------------------------------


def _claimable(now, stale_after, started) -> Q:
    return (
        Q(state=Reminder.State.PENDING)
        | Q(state=Reminder.State.SENDING, claimed_at__lt=now - stale_after)
        # failed rows are retried by later runs, not again within the run that failed them
        | Q(state=Reminder.State.FAILED, attempts__lt=MAX_ATTEMPTS, claimed_at__lt=started)
    )


def _claim(batch: int, stale_after: dt.timedelta, started) -> str | None:
    """Claim up to `batch` rows for this sender; returns the claim token, None if none."""
    now = timezone.now()
    candidates = list(
        Reminder.objects.filter(_claimable(now, stale_after, started))
        .order_by("created_at", "id")
        .values_list("id", flat=True)[:batch]
    )
    if not candidates:
        return None
    token = uuid.uuid4().hex
    # The condition is checked again by the UPDATE itself, row by row: a row another sender
    # claimed in between no longer matches and is left alone.
    claimed = Reminder.objects.filter(_claimable(now, stale_after, started), id__in=candidates)
    if not claimed.update(state=Reminder.State.SENDING, claim_token=token, claimed_at=now):
        return ""  # all taken by someone else: try the next candidates
    return token


def send_pending(
    *,
    batch: int = 200,
    stale_after: dt.timedelta | None = None,
    today: dt.date | None = None,
) -> int:
    """Deliver the pending reminders, in batches, until none is left; returns how many went
    out. Failed deliveries are kept with their error and retried by later runs (at most
    MAX_ATTEMPTS times). Rows left "sending" by a dead sender are taken up once they are older
    than `stale_after`, by default the worker lease (CHIDAO_WORKER_LEASE)."""
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
                Reminder.objects.filter(claim_token=token, state=Reminder.State.SENDING)
                .select_related("task__lead_unit", "task__committee", "recipient")
                .order_by("created_at", "id")
            )
            for reminder in rows:
                if not _still_wanted(reminder, today):
                    # Done, cancelled, extended or reassigned since it was planned, or a
                    # tighter step is due now: nothing to send. Deleting the unsent row is
                    # safe: the planner only ever plans the current steps.
                    Reminder.objects.filter(pk=reminder.pk, claim_token=token).delete()
                    continue
                if reminder.channel == Reminder.Channel.EMAIL and connection is None:
                    connection = get_connection(fail_silently=False)
                if _deliver(reminder, token, today, connection):
                    sent += 1
                elif reminder.channel == Reminder.Channel.EMAIL and connection is not None:
                    connection.close()  # a broken SMTP session is not reused
                    connection = None
    finally:
        if connection is not None:
            connection.close()
    return sent


def _still_wanted(reminder: Reminder, today: dt.date) -> bool:
    task, user = reminder.task, reminder.recipient
    if task.completed_on or task.cancelled_on or task.deadline != reminder.deadline:
        return False
    wanted_role = Role.LEADER if reminder.step_kind == Reminder.Step.ESCALATION else Role.FOCAL
    if not user.is_active or user.unit_id != task.lead_unit_id or user.role != wanted_role:
        return False
    return reminder.step in {step for step, _kind in due_steps(task.deadline, today)}


def _deliver(reminder: Reminder, token: str, today: dt.date, connection) -> bool:
    """Deliver one claimed reminder and mark it sent; False when it failed or was lost."""
    mine = Reminder.objects.filter(pk=reminder.pk, claim_token=token, state=Reminder.State.SENDING)
    # Heartbeat: renew the claim right before delivering, so a slow batch is not mistaken
    # for an abandoned one; a row another sender took over (we were stalled past
    # stale_after) is skipped.
    if not mine.update(claimed_at=timezone.now()):
        logger.warning("Reminder %s was taken over by another sender; skipped.", reminder.pk)
        return False
    message = reminder_message(reminder, today)

    if reminder.channel == Reminder.Channel.IN_APP:
        # The notification, the "sent" mark and the timeline event commit together:
        # exactly once (Notification.reminder is one-to-one as well).
        with transaction.atomic():
            if not mine.update(state=Reminder.State.SENT, sent_at=timezone.now(), last_error=""):
                return False
            Notification.objects.create(
                user_id=reminder.recipient_id,
                task_id=reminder.task_id,
                reminder=reminder,
                message=message["notification"],
            )
            record_reminder_event(reminder, today)
        return True

    try:
        EmailMessage(
            subject=message["subject"],
            body=message["body"],
            to=[reminder.address],
            connection=connection,
            # The same Message-ID on every attempt of this reminder: should the crash window
            # below ever deliver it twice, mail systems and readers can tell the copies apart.
            headers={"Message-ID": message_id(reminder)},
        ).send()
    except Exception as error:  # any failure is recorded, and retried by a later run
        logger.warning("Reminder %s to %s failed: %s", reminder.pk, reminder.address, error)
        mine.update(
            state=Reminder.State.FAILED,
            attempts=F("attempts") + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        return False
    # The remaining window: if the process dies after the SMTP server accepted the message
    # and before this UPDATE commits, the row stays "sending" and is claimed again after
    # `stale_after`, so that one email goes out twice. SMTP gives no way to make the
    # acceptance and our write atomic; the window is one round trip to the database, and
    # the stable Message-ID above marks such a copy as the same message.
    with transaction.atomic():
        if not mine.update(state=Reminder.State.SENT, sent_at=timezone.now(), last_error=""):
            logger.warning("Reminder %s was sent but its claim was lost.", reminder.pk)
            return False
        record_reminder_event(reminder, today)
    return True


def message_id(reminder: Reminder) -> str:
    """Stable for a reminder (its row), different for every other one."""
    stamp = int(reminder.created_at.timestamp())
    return f"<chidao.reminder.{reminder.pk}.{stamp}@{DNS_NAME}>"


def record_reminder_event(reminder: Reminder, today: dt.date) -> TaskEvent:
    """The task's timeline records each reminder sent (the history; no ChangeLog row, which is
    for user actions)."""
    return TaskEvent.objects.create(
        task_id=reminder.task_id,
        kind=TaskEvent.Kind.REMINDER,
        effective_on=today,
        actor=None,
        actor_label=ACTOR_LABEL,
        data={
            "reminder": reminder.pk,
            "step": reminder.step,
            "step_kind": reminder.step_kind,
            "channel": reminder.channel,
            "recipient": reminder.recipient.get_username(),
            "recipient_id": reminder.recipient_id,
            "deadline": reminder.deadline.isoformat(),
        },
    )


# -- wording ---------------------------------------------------------------------------------


def task_path(task: Task) -> str:
    return f"/tasks/{task.pk}/"


def _headline(reminder: Reminder, today: dt.date) -> str:
    task = reminder.task
    days = (task.deadline - today).days
    if reminder.step_kind == Reminder.Step.BEFORE:
        return _("Nhiệm vụ sắp đến hạn (còn %(days)s ngày)") % {"days": days}
    if reminder.step_kind == Reminder.Step.DUE:
        return _("Nhiệm vụ đến hạn hôm nay")
    if reminder.step_kind == Reminder.Step.ESCALATION:
        return _("Báo cáo lãnh đạo đơn vị: nhiệm vụ quá hạn %(days)s ngày") % {"days": -days}
    return _("Nhiệm vụ đã quá hạn %(days)s ngày") % {"days": -days}


def reminder_message(reminder: Reminder, today: dt.date) -> dict:
    """Subject, body and in-app text of a reminder, in Vietnamese."""
    task = reminder.task
    headline = _headline(reminder, today)
    status = Status(status_of(task, today)).label
    link = getattr(settings, "CHIDAO_BASE_URL", "").rstrip("/") + task_path(task)
    lines = [
        _("Kính gửi %(name)s,")
        % {"name": reminder.recipient.get_full_name() or reminder.recipient.get_username()},
        "",
        headline + ".",
        "",
        _("Nhiệm vụ: %(title)s") % {"title": task.title},
        _("Ban Chỉ đạo: %(committee)s") % {"committee": task.committee.name},
        _("Đơn vị chủ trì: %(unit)s") % {"unit": task.lead_unit.name},
        _("Hạn hoàn thành: %(deadline)s") % {"deadline": vn_date(task.deadline)},
        _("Tình trạng: %(status)s (tiến độ %(percent)s%%)")
        % {"status": status, "percent": task.percent},
        _("Xem và báo cáo tiến độ: %(link)s") % {"link": link},
        "",
    ]
    if reminder.step_kind in (Reminder.Step.OVERDUE, Reminder.Step.ESCALATION):
        lines.append(
            _(
                "Đề nghị đơn vị khẩn trương hoàn thành, báo cáo tiến độ hoặc đề nghị gia hạn, "
                "và giải trình bằng văn bản nguyên nhân chậm trễ."
            )
        )
    else:
        lines.append(_("Đề nghị đơn vị bảo đảm hoàn thành đúng hạn và cập nhật tiến độ."))
    lines += ["", _("Thư này được gửi tự động từ hệ thống chidao; vui lòng không trả lời.")]
    return {
        "subject": f"[chidao] {headline}: {task.title}"[:250],
        "body": "\n".join(lines),
        "notification": _("%(headline)s: “%(title)s” (hạn %(deadline)s).")
        % {"headline": headline, "title": task.title, "deadline": vn_date(task.deadline)},
    }


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
