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

from django.conf import settings
from django.db import connection
from django.db.models.base import ModelState
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

# One statement finds every (task, step, recipient) due today that was not planned yet. `days`
# is the number of days left (negative when overdue); the CASEs are `deadline_step` and
# `step_rank` in SQL. A step is left out when the recipient already has it, or (for the focal
# steps) already has a further step of the same deadline: a wider before-N is never planned
# after a tighter step (a catch-up run as of an earlier day).
_DUE_SQL = """
WITH open_tasks AS (
    SELECT t.id, t.title, t.deadline, t.percent, t.last_progress_on, t.lead_unit_id,
        t.committee_id, {days} AS days, {iso} AS deadline_iso
    FROM tasks_task t
    WHERE t.completed_on IS NULL AND t.cancelled_on IS NULL AND t.deadline <= %(horizon)s
), due AS (
    SELECT o.*, {focal_kind} AS step_kind, {focal_rank} AS step_rank, %(focal)s AS role
    FROM open_tasks o
    UNION ALL
    SELECT o.*, %(escalation)s, NULL, %(leader)s
    FROM open_tasks o WHERE o.days <= -%(escalate_after)s
), keyed AS (
    SELECT d.*, (CASE d.step_kind WHEN 'before' THEN 'before-' || CAST(-d.step_rank AS TEXT)
                 WHEN 'overdue' THEN 'overdue-' || CAST(d.step_rank AS TEXT)
                 ELSE d.step_kind END) || '@' || d.deadline_iso AS step,
        'tasks.task:' || CAST(d.id AS TEXT) AS subject_key
    FROM due d WHERE d.step_kind IS NOT NULL
)
SELECT k.id, k.title, k.deadline, k.percent, k.last_progress_on, k.step, k.step_kind,
    u.id, c.name, n.name
FROM keyed k
JOIN accounts_user u ON u.unit_id = k.lead_unit_id AND u.is_active AND u.role = k.role
JOIN committees_committee c ON c.id = k.committee_id
JOIN units_unit n ON n.id = k.lead_unit_id
WHERE NOT EXISTS (
    SELECT 1 FROM notifications_outboxmessage m
    WHERE m.kind = %(kind)s AND m.subject_key = k.subject_key AND m.recipient_id = u.id
      AND (m.step = k.step OR (k.step_rank IS NOT NULL
           AND substr(m.step, {at}(m.step, '@') + 1) = k.deadline_iso
           AND (CASE WHEN m.step LIKE 'before-%%'
                     THEN -CAST(substr(m.step, 8, {at}(m.step, '@') - 8) AS INTEGER)
                     WHEN m.step LIKE 'due@%%' THEN 0
                     WHEN m.step LIKE 'overdue-%%'
                     THEN CAST(substr(m.step, 9, {at}(m.step, '@') - 9) AS INTEGER)
                END) > k.step_rank))
)
"""


def _due_sql(vendor: str) -> str:
    """The statement for this database: days between dates, the deadline as ISO text and the
    position of a character are the only differences between PostgreSQL and SQLite."""
    if vendor == "postgresql":
        days, iso, at = (
            "(t.deadline - %(today)s::date)",
            "to_char(t.deadline, 'YYYY-MM-DD')",
            "strpos",
        )
    else:
        days = "CAST(julianday(t.deadline) - julianday(%(today)s) AS INTEGER)"
        iso, at = "t.deadline", "instr"
    before = steps.before_days()
    windows = " ".join(f"WHEN o.days <= {n} THEN {n}" for n in before)
    before_kind = (
        "WHEN o.days > 0 THEN NULL"
        if not before
        else (f"WHEN o.days > 0 AND o.days <= {before[-1]} THEN 'before' WHEN o.days > 0 THEN NULL")
    )
    focal_kind = f"CASE {before_kind} WHEN o.days = 0 THEN 'due' ELSE 'overdue' END"
    before_rank = f"WHEN o.days > 0 THEN -(CASE {windows} END)" if before else ""
    focal_rank = f"CASE {before_rank} WHEN o.days = 0 THEN 0 ELSE (-o.days) / 7 + 1 END"
    return _DUE_SQL.format(days=days, iso=iso, at=at, focal_kind=focal_kind, focal_rank=focal_rank)


def due_rows(today: dt.date) -> list[tuple]:
    """(task id, title, deadline, percent, last progress, step, step kind, recipient id,
    committee name, unit name) of every reminder due today that was not planned yet."""
    params = {
        "today": today,
        "horizon": steps.horizon(today),
        "escalate_after": max(settings.CHIDAO_ESCALATE_AFTER_DAYS, 1),
        "focal": Role.FOCAL.value,
        "leader": Role.LEADER.value,
        "escalation": ESCALATION,
        "kind": KIND,
    }
    with connection.cursor() as cursor:
        cursor.execute(_due_sql(connection.vendor), params)
        return cursor.fetchall()


_TASK_FIELDS = ("id", "title", "deadline", "percent", "last_progress_on")


def _task(values: tuple, alias: str) -> Task:
    """A task carrying only the fields the wording and the outbox read (the others deferred,
    never read here). Built directly: Model.__init__ over every field of Task was a third of
    the planning time of a national run."""
    task = Task.__new__(Task)
    task.__dict__.update(zip(_TASK_FIELDS, values, strict=True))
    task.completed_on = task.cancelled_on = None  # open tasks only
    task._state = ModelState()
    task._state.adding, task._state.db = False, alias
    return task


def plan(*, today: dt.date | None = None) -> list[Notice]:
    """The task reminders due today that were not planned yet.

    Set-based: one statement finds the due (task, step, recipient) rows with what their
    wording needs (`due_rows`), one more reads their recipients; each (task, step) is worded
    once for all its recipients.
    """
    today = today or timezone.localdate()
    rows = due_rows(today)
    if not rows:
        return []
    users = User.objects.in_bulk({row[7] for row in rows})
    alias = connection.alias
    tasks: dict[int, Task] = {}
    worded: dict[tuple, tuple] = {}
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        texts = _texts()
        for task_id, title, deadline, percent, progress, step, kind, user_id, *names in rows:
            wording = worded.get((task_id, step))
            if wording is None:
                task = tasks.get(task_id)
                if task is None:
                    if isinstance(deadline, str):  # SQLite hands raw SQL dates back as text
                        deadline = dt.date.fromisoformat(deadline)
                        progress = progress and dt.date.fromisoformat(progress)
                    task = tasks[task_id] = _task(
                        (task_id, title, deadline, percent, progress), alias
                    )
                title_text, body = _wording(
                    task, step_kind=kind, names=names, today=today, texts=texts
                )
                data = {"deadline": task.deadline.isoformat(), "step_kind": kind}
                wording = worded[(task_id, step)] = (task, title_text, body, task_path(task), data)
            task, title_text, body, url, data = wording
            notices.append(
                Notice(
                    kind=KIND,
                    subject=task,
                    step=step,
                    recipient=users[user_id],
                    title=title_text,
                    body=body,
                    url=url,
                    data=data,
                )
            )
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


def _texts() -> dict:
    """The reminders' sentences in the active language, translated once for a whole plan."""
    return {
        steps.BEFORE: _("Nhiệm vụ sắp đến hạn (còn %(days)s ngày)"),
        steps.DUE: _("Nhiệm vụ đến hạn hôm nay"),
        ESCALATION: _("Báo cáo lãnh đạo đơn vị: nhiệm vụ quá hạn %(days)s ngày"),
        steps.OVERDUE: _("Nhiệm vụ đã quá hạn %(days)s ngày"),
        "task": _("Nhiệm vụ: %(title)s"),
        "committee": _("Ban Chỉ đạo: %(committee)s"),
        "unit": _("Đơn vị chủ trì: %(unit)s"),
        "deadline": _("Hạn hoàn thành: %(deadline)s"),
        "status": _("Tình trạng: %(status)s (tiến độ %(percent)s%%)"),
        "late": _(
            "Đề nghị đơn vị khẩn trương hoàn thành, báo cáo tiến độ hoặc đề nghị gia hạn, "
            "và giải trình bằng văn bản nguyên nhân chậm trễ."
        ),
        "on_time": _("Đề nghị đơn vị bảo đảm hoàn thành đúng hạn và cập nhật tiến độ."),
        "title": _("%(headline)s: “%(title)s” (hạn %(deadline)s)"),
        "statuses": {status.value: str(status.label) for status in Status},
    }


def _wording(
    task: Task, *, step_kind: str, names, today: dt.date, texts: dict | None = None
) -> tuple[str, str]:
    """(title, body) of a reminder; `names` are the committee's and the lead unit's."""
    texts = texts or _texts()
    committee, unit = names
    days = (task.deadline - today).days
    headline = texts[step_kind] % {"days": -days if days < 0 else days}
    deadline = vn_date(task.deadline)
    status = texts["statuses"][status_of(task, today)]
    lines = [
        texts["task"] % {"title": task.title},
        texts["committee"] % {"committee": committee},
        texts["unit"] % {"unit": unit},
        texts["deadline"] % {"deadline": deadline},
        texts["status"] % {"status": status, "percent": task.percent},
        "",
        texts["late" if step_kind in (steps.OVERDUE, ESCALATION) else "on_time"],
    ]
    title = texts["title"] % {"headline": headline, "title": task.title, "deadline": deadline}
    return title, "\n".join(lines)


def _notice(task: Task, step: str, step_kind: str, user, today: dt.date) -> Notice:
    names = (task.committee.name, task.lead_unit.name)
    title, body = _wording(task, step_kind=step_kind, names=names, today=today)
    return Notice(
        kind=KIND,
        subject=task,
        step=step,
        recipient=user,
        title=title,
        body=body,
        url=task_path(task),
        data={"deadline": task.deadline.isoformat(), "step_kind": step_kind},
    )
