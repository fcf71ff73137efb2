"""Urging (đôn đốc): the task reminders due each day, delivered through the outbox.

`plan(today=...)` is this part's daily planner (registered from UrgingConfig.ready(); the
daily job chidao.jobs runs it, then the one sender). It returns one notice per (task, step,
recipient) due today; the outbox keeps one row per (subject, step, recipient, channel), so
planning twice, or two planners at once, queue each reminder once.

Steps (chidao.notifications.steps): `before-N`, `due`, weekly `overdue-K`, each carrying the
deadline, so an approved extension re-arms them; and `escalation` once
CHIDAO_ESCALATE_AFTER_DAYS days overdue, to the lead unit's leaders. Recipients: the lead
unit's active focal persons (its leaders for the escalation).

Hooks the sender calls: `still_wanted` drops a reminder whose task was completed, cancelled,
extended or reassigned since it was planned, or whose step is no longer the one due;
`on_sent` records each reminder sent on the task's timeline.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.models import Role, User
from chidao.core.dates import vn_date
from chidao.notifications import steps
from chidao.notifications.models import OutboxMessage
from chidao.notifications.registry import Notice, register_kind, register_planner
from chidao.notifications.services import enqueue
from chidao.tasks.models import Task, TaskEvent
from chidao.tasks.status import Status, status_of

KIND = "task.reminder"
ESCALATION = "escalation"
ACTOR_LABEL = "chidao (đôn đốc tự động)"


def register() -> None:
    register_kind(
        KIND, gettext_lazy("Đôn đốc nhiệm vụ"), still_wanted=still_wanted, on_sent=on_sent
    )
    register_planner("urging", plan)


# -- what is due -----------------------------------------------------------------------------


def due_steps(deadline: dt.date, today: dt.date) -> list[tuple[str, str]]:
    """The steps due today for a task with this deadline: [(step key, step kind), …].

    At most one focal step (before-N, due or overdue-K) and the escalation when reached.
    """
    found = []
    step = steps.deadline_step(deadline, today)
    if step:
        found.append(step)
    late = (today - deadline).days
    if late > 0 and late >= settings.CHIDAO_ESCALATE_AFTER_DAYS:
        found.append((f"{ESCALATION}@{deadline.isoformat()}", ESCALATION))
    return found


step_rank = steps.step_rank


def subject_key(task_id: int) -> str:
    return f"tasks.task:{task_id}"


# -- planning --------------------------------------------------------------------------------


def plan(*, today: dt.date | None = None) -> list[Notice]:
    """The task reminders due today that were not planned yet.

    Set-based: one query for the open tasks near or past their deadline, one for their lead
    units' focal persons and leaders, one for the reminders those tasks already have.
    """
    today = today or timezone.localdate()
    tasks = list(
        Task.objects.filter(
            completed_on__isnull=True,
            cancelled_on__isnull=True,
            deadline__lte=steps.horizon(today),
        ).select_related("committee", "lead_unit")
    )
    if not tasks:
        return []
    people = defaultdict(list)
    for user in User.objects.filter(
        unit_id__in={t.lead_unit_id for t in tasks},
        is_active=True,
        role__in=[Role.FOCAL, Role.LEADER],
    ).order_by("pk"):
        people[user.unit_id].append(user)

    by_key = {subject_key(t.pk): t for t in tasks}
    existing = set()
    # The furthest step reached per (task, recipient) for the current deadline: a wider
    # before-N is never planned after a tighter step exists.
    reached: dict[tuple, int] = {}
    for key, step, recipient_id in OutboxMessage.objects.filter(
        kind=KIND, subject_key__in=list(by_key)
    ).values_list("subject_key", "step", "recipient_id"):
        existing.add((key, step, recipient_id))
        if steps.step_deadline(step) != by_key[key].deadline.isoformat():
            continue
        rank = step_rank(step)
        if rank is not None:
            reached[(key, recipient_id)] = max(rank, reached.get((key, recipient_id), rank))

    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for task in tasks:
            key = subject_key(task.pk)
            for step, step_kind in due_steps(task.deadline, today):
                role = Role.LEADER if step_kind == ESCALATION else Role.FOCAL
                for user in people[task.lead_unit_id]:
                    if user.role != role or (key, step, user.pk) in existing:
                        continue
                    rank, furthest = step_rank(step), reached.get((key, user.pk))
                    if rank is not None and furthest is not None and furthest > rank:
                        continue
                    notices.append(_notice(task, step, step_kind, user, today))
    return notices


def notices_on(task: Task, day: dt.date, users) -> list[Notice]:
    """The reminders of `task` due on `day` for these users (focal persons and leaders of its
    lead unit): what `plan` would have queued that day. For building a dated history."""
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for step, step_kind in due_steps(task.deadline, day):
            role = Role.LEADER if step_kind == ESCALATION else Role.FOCAL
            notices += [_notice(task, step, step_kind, u, day) for u in users if u.role == role]
    return notices


def plan_reminders(*, today: dt.date | None = None) -> int:
    """Queue the task reminders due today in the outbox; returns how many rows were new."""
    return enqueue(plan(today=today))


# -- the sender's hooks ----------------------------------------------------------------------


def still_wanted(rows: list[OutboxMessage], today: dt.date) -> set[int]:
    tasks = Task.objects.in_bulk({row.subject_id for row in rows})
    wanted = set()
    for row in rows:
        task, user = tasks.get(row.subject_id), row.recipient
        if task is None or task.completed_on or task.cancelled_on:
            continue
        if task.deadline.isoformat() != row.data.get("deadline"):
            continue
        role = Role.LEADER if row.data.get("step_kind") == ESCALATION else Role.FOCAL
        if not user.is_active or user.unit_id != task.lead_unit_id or user.role != role:
            continue
        if row.step in {step for step, _kind in due_steps(task.deadline, today)}:
            wanted.add(row.pk)
    return wanted


def on_sent(rows: list[OutboxMessage], today: dt.date) -> None:
    """The task's timeline records each reminder sent (the history; no ChangeLog row, which
    is for user actions)."""
    TaskEvent.objects.bulk_create(
        [
            TaskEvent(
                task_id=row.subject_id,
                kind=TaskEvent.Kind.REMINDER,
                effective_on=today,
                actor=None,
                actor_label=ACTOR_LABEL,
                data={
                    "reminder": row.pk,
                    "step": row.step,
                    "step_kind": row.data.get("step_kind", ""),
                    "channel": row.channel,
                    "recipient": row.recipient.get_username(),
                    "recipient_id": row.recipient_id,
                    "deadline": row.data.get("deadline", ""),
                },
            )
            for row in rows
        ]
    )


# -- wording ---------------------------------------------------------------------------------


def task_path(task: Task) -> str:
    return f"/tasks/{task.pk}/"


def _headline(step_kind: str, days: int) -> str:
    if step_kind == steps.BEFORE:
        return _("Nhiệm vụ sắp đến hạn (còn %(days)s ngày)") % {"days": days}
    if step_kind == steps.DUE:
        return _("Nhiệm vụ đến hạn hôm nay")
    if step_kind == ESCALATION:
        return _("Báo cáo lãnh đạo đơn vị: nhiệm vụ quá hạn %(days)s ngày") % {"days": -days}
    return _("Nhiệm vụ đã quá hạn %(days)s ngày") % {"days": -days}


def _notice(task: Task, step: str, step_kind: str, user, today: dt.date) -> Notice:
    headline = _headline(step_kind, (task.deadline - today).days)
    lines = [
        _("Nhiệm vụ: %(title)s") % {"title": task.title},
        _("Ban Chỉ đạo: %(committee)s") % {"committee": task.committee.name},
        _("Đơn vị chủ trì: %(unit)s") % {"unit": task.lead_unit.name},
        _("Hạn hoàn thành: %(deadline)s") % {"deadline": vn_date(task.deadline)},
        _("Tình trạng: %(status)s (tiến độ %(percent)s%%)")
        % {"status": Status(status_of(task, today)).label, "percent": task.percent},
        "",
    ]
    if step_kind in (steps.OVERDUE, ESCALATION):
        lines.append(
            _(
                "Đề nghị đơn vị khẩn trương hoàn thành, báo cáo tiến độ hoặc đề nghị gia hạn, "
                "và giải trình bằng văn bản nguyên nhân chậm trễ."
            )
        )
    else:
        lines.append(_("Đề nghị đơn vị bảo đảm hoàn thành đúng hạn và cập nhật tiến độ."))
    return Notice(
        kind=KIND,
        subject=task,
        step=step,
        recipient=user,
        title=_("%(headline)s: “%(title)s” (hạn %(deadline)s)")
        % {"headline": headline, "title": task.title, "deadline": vn_date(task.deadline)},
        body="\n".join(lines),
        url=task_path(task),
        data={"deadline": task.deadline.isoformat(), "step_kind": step_kind},
    )
