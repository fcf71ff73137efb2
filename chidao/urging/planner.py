"""Urging (đôn đốc): the task reminders due each day, delivered through the outbox.

`plan_reminders(today=...)` is this part's daily planning (registered from
UrgingConfig.ready(); the daily job chidao.jobs runs it, then the one sender): one statement
writes into the outbox every reminder due today that is not there yet, worded by the
database (statements.py). `plan(today=...)` returns the same reminders as notices, worded in
Python (a preview; the tests hold both equal). The outbox keeps one row per (subject, step,
recipient, channel), so planning twice, or two planners at once, queue each reminder once.

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
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.models import Role, User
from chidao.core.dates import vn_date
from chidao.notifications import steps
from chidao.notifications.models import OutboxMessage
from chidao.notifications.registry import Notice, register_kind, register_planner
from chidao.tasks.models import Task, TaskEvent
from chidao.tasks.status import Status, due_soon_days, status_of
from chidao.urging import statements

KIND = "task.reminder"
ESCALATION = "escalation"
ACTOR_LABEL = "chidao (đôn đốc tự động)"


def register() -> None:
    register_kind(
        KIND, gettext_lazy("Đôn đốc nhiệm vụ"), still_wanted=still_wanted, on_sent=on_sent
    )
    register_planner("urging", plan, queue=plan_reminders)


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


def _params(today: dt.date) -> dict:
    return {
        "today": today,
        "horizon": steps.horizon(today),
        "escalate_after": max(settings.CHIDAO_ESCALATE_AFTER_DAYS, 1),
        "focal": Role.FOCAL.value,
        "leader": Role.LEADER.value,
        "escalation": ESCALATION,
        "kind": KIND,
    }


def due_rows(today: dt.date) -> list[tuple]:
    """(task id, title, deadline, percent, last progress, step, step kind, recipient id,
    committee name, unit name) of every reminder due today that was not planned yet."""
    params = _params(today)
    with connection.cursor() as cursor:
        cursor.execute(statements.due_sql(connection.vendor), params)
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
    """Queue the task reminders due today in the outbox; returns how many rows were new.

    One INSERT … SELECT: the database finds the due rows, words them with the sentences
    translated here once, and writes the outbox rows (`statements.queue_sql`); what `plan`
    returns, without a Python object per reminder. The outbox's unique key keeps each
    reminder once when two runs race."""
    today = today or timezone.localdate()
    params = _params(today)
    with translation.override(settings.LANGUAGE_CODE):
        texts = _texts()
    params.update(
        subject_type=ContentType.objects.get_for_model(Task).pk,
        false=False,
        now=connection.ops.adapt_datetimefield_value(timezone.now()),
    )
    due_soon = due_soon_days()
    # The NOT EXISTS of the statement already leaves out the rows that exist, so a plain
    # INSERT is tried first: ON CONFLICT DO NOTHING (speculative insertion) doubled the cost
    # of writing 182,285 rows at 1M (14.4 s against 8.3 s). Only when another planner
    # inserted some of the same rows meanwhile does the unique key refuse the statement; it
    # then runs again, skipping them.
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statements.queue_sql(connection.vendor, texts, params, due_soon), params)
            return cursor.rowcount
    except IntegrityError:
        sql = statements.queue_sql(connection.vendor, texts, params, due_soon, on_conflict=True)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.rowcount


# -- the sender's hooks ----------------------------------------------------------------------


def still_wanted(rows: list[OutboxMessage], today: dt.date) -> set[int]:
    # only what the checks read: a batch is up to a thousand rows
    tasks = Task.objects.only("deadline", "completed_on", "cancelled_on", "lead_unit_id").in_bulk(
        {row.subject_id for row in rows}
    )
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
    is for user actions): one INSERT … SELECT from the outbox rows (`statements.events_sql`)."""
    if not rows:
        return
    params = {
        "event_kind": TaskEvent.Kind.REMINDER.value,
        "today": connection.ops.adapt_datefield_value(today),
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
        "label": ACTOR_LABEL,
    }
    sql = statements.events_sql(connection.vendor, [row.pk for row in rows], params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


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
