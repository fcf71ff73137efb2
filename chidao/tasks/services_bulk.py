"""Writes over several tasks at once (the board's bulk actions), and the standing agency's
own extension of a task.

Each bulk action is ONE transaction: all the chosen tasks change, or none does (a refusal
names the task that stopped it). It is made of the one-task services, so every task gets the
same timeline event, change-log row and notices as when it is changed alone. The tasks are
the ones the actor manages (`Task.objects.restrict(actor, CHANGE)`); one that is not is a
refusal, never a silent skip.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.tasks import services
from chidao.tasks.models import ExtensionRequest, Task, TaskEvent
from chidao.tasks.services import TaskError
from chidao.units.models import Unit

MAX_TASKS = 200  # a page of the board is 50; four pages is plenty for one decision


def managed_tasks(actor, task_ids: Iterable[int]) -> list[Task]:
    """The chosen tasks, all of them managed by `actor`, or a refusal."""
    ids = sorted({int(pk) for pk in task_ids})
    if not ids:
        raise TaskError(_("Hãy chọn ít nhất một nhiệm vụ."), field="task")
    if len(ids) > MAX_TASKS:
        raise TaskError(
            _("Mỗi lần chỉ xử lý được tối đa %(max)s nhiệm vụ.") % {"max": MAX_TASKS},
            field="task",
        )
    tasks = list(Task.objects.restrict(actor, policy.CHANGE).filter(pk__in=ids).order_by("pk"))
    if len(tasks) != len(ids):
        raise TaskError(
            _("Có nhiệm vụ đã chọn không còn hoặc không thuộc Ban Chỉ đạo bạn quản lý."),
            status=403,
            field="task",
        )
    return tasks


def _each(tasks: list[Task], run) -> list:
    done = []
    for task in tasks:
        try:
            done.append(run(task))
        except TaskError as exc:
            raise TaskError(
                _("Nhiệm vụ “%(title)s”: %(error)s") % {"title": task.title, "error": exc},
                status=exc.status,
                field=exc.field,
            ) from exc
    return done


@transaction.atomic
def extension_grant(*, actor, task: Task, deadline: dt.date, reason: str) -> ExtensionRequest:
    """The standing agency extends an open task on its own initiative, with a reason: an
    extension asked and approved by the same manager, so the timeline, the notices and the
    as-of statistics count it like any approved extension. A task with a request waiting is
    decided through that request."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    if not policy.manages_committee(actor, task.committee_id):
        raise TaskError(_("Bạn không có quyền quản lý nhiệm vụ của Ban Chỉ đạo này."), status=403)
    reason = (reason or "").strip()
    if not reason:
        raise TaskError(_("Cần nêu lý do gia hạn."), field="reason")
    if task.completed_on or task.cancelled_on:
        raise TaskError(_("Nhiệm vụ đã kết thúc, không thể gia hạn."), status=409)
    if deadline <= task.deadline:
        raise TaskError(_("Hạn mới phải sau hạn hiện tại."), field="deadline")
    if task.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
        raise TaskError(
            _("Nhiệm vụ có đề nghị gia hạn đang chờ: hãy xử lý đề nghị đó."), status=409
        )
    request = ExtensionRequest.objects.create(
        task=task,
        requested_by=policy.as_user(actor),
        requested_on=services._today(),
        reason=reason,
        requested_deadline=deadline,
        previous_deadline=task.deadline,
    )
    services._event(
        task,
        TaskEvent.Kind.EXTENSION_REQUESTED,
        actor=actor,
        request=request.pk,
        reason=reason,
        requested_deadline=deadline.isoformat(),
    )
    record_change(actor=actor, action="create", target=request, after=snapshot(request))
    return services.extension_decide(actor=actor, request=request, approve=True, note=reason)


@transaction.atomic
def tasks_extend(*, actor, task_ids: Iterable[int], deadline: dt.date, reason: str) -> int:
    """Extend the chosen tasks to `deadline`, with one reason; returns how many."""
    tasks = managed_tasks(actor, task_ids)
    if not (reason or "").strip():
        raise TaskError(_("Cần nêu lý do gia hạn."), field="reason")
    done = _each(
        tasks, lambda t: extension_grant(actor=actor, task=t, deadline=deadline, reason=reason)
    )
    return len(done)


@transaction.atomic
def tasks_reassign(*, actor, task_ids: Iterable[int], new_lead_unit: Unit, reason: str) -> int:
    """Give the chosen open tasks to another lead unit, with one reason; returns how many."""
    tasks = managed_tasks(actor, task_ids)
    reason = (reason or "").strip()
    if not reason:
        raise TaskError(_("Cần nêu lý do chuyển đơn vị chủ trì."), field="reason")
    done = _each(
        tasks,
        lambda t: services.task_reassign(
            actor=actor, task=t, new_lead_unit=new_lead_unit, reason=reason
        ),
    )
    return len(done)
