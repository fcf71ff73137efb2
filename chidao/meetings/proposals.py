"""What the standing agency is proposed to raise: tasks past the committee's threshold for an
explanation request, and the items for the next meeting's agenda.

The rule (per committee, `chidao.explanations.models.rule_for`; Hanoi's practice is "still
overdue after more than three reminders"): an open task is proposed for an explanation
request when it is overdue by more than N days, or more than K reminders were sent about its
current deadline; a task with a request still open is not proposed again.

The proposed agenda of a meeting: every request of its committee left unanswered past its due
date, and every task still overdue whose request was answered (the new plan did not hold),
each with its history.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from chidao.explanations.models import ExplanationRequest, rule_for
from chidao.explanations.selectors import history_of
from chidao.tasks.explanations import KIND as TASK
from chidao.tasks.models import Task, TaskEvent
from chidao.tasks.status import Status, with_status


@dataclass
class ProposedRequest:
    task: Task
    days_overdue: int
    reminders: int


@dataclass
class ProposedItem:
    title: str
    task: Task | None
    request: ExplanationRequest | None
    why: str
    history: list = field(default_factory=list)


def _reminders_sent(task_ids) -> Counter:
    """Reminders sent per task about its current deadline (one per step, whatever the number
    of recipients and channels)."""
    steps = set(
        TaskEvent.objects.filter(task_id__in=list(task_ids), kind=TaskEvent.Kind.REMINDER)
        .values_list("task_id", "data__step")
        .distinct()
    )
    return Counter(task_id for task_id, _step in steps)


def overdue_tasks(committee, today: dt.date):
    return with_status(
        Task.objects.filter(
            committee=committee, completed_on__isnull=True, cancelled_on__isnull=True
        ),
        today,
    ).filter(status=Status.OVERDUE)


def proposed_requests(committee, today: dt.date) -> list[ProposedRequest]:
    """The committee's tasks past its threshold with no request still open, most late first."""
    days, reminders = rule_for(committee.pk, TASK)
    candidates = list(overdue_tasks(committee, today).select_related("lead_unit"))
    asked = set(
        ExplanationRequest.objects.filter(
            subject_kind=TASK,
            subject_id__in=[t.pk for t in candidates],
            state=ExplanationRequest.State.OPEN,
        ).values_list("subject_id", flat=True)
    )
    sent = _reminders_sent(t.pk for t in candidates)
    found = []
    for task in candidates:
        late = (today - task.deadline).days
        if task.pk in asked:
            continue
        if late > days or sent[task.pk] > reminders:
            found.append(ProposedRequest(task=task, days_overdue=late, reminders=sent[task.pk]))
    return sorted(found, key=lambda p: (-p.days_overdue, p.task.pk))


def proposed_agenda(meeting, today: dt.date) -> list[ProposedItem]:
    """Items the meeting should hear: unanswered requests past due, and tasks still overdue
    after their unit's explanation; those already on the agenda are left out."""
    on_agenda = set(
        meeting.agenda.exclude(explanation=None).values_list("explanation_id", flat=True)
    )
    tasks_on_agenda = set(meeting.agenda.exclude(task=None).values_list("task_id", flat=True))
    requests = list(
        ExplanationRequest.objects.filter(committee=meeting.committee, subject_kind=TASK)
        .exclude(state=ExplanationRequest.State.WITHDRAWN)
        .select_related("unit")
        .order_by("due_on", "id")
    )
    overdue = {t.pk: t for t in overdue_tasks(meeting.committee, today).select_related("lead_unit")}
    items, seen = [], set()
    for request in requests:
        if request.pk in on_agenda or request.subject_id in tasks_on_agenda:
            continue
        if request.subject_id in seen:
            continue
        task = overdue.get(request.subject_id)
        if request.state == ExplanationRequest.State.OPEN and request.due_on < today:
            why = _("%(unit)s chưa giải trình (hạn %(due)s)") % {
                "unit": request.unit.name,
                "due": request.due_on.strftime("%d/%m/%Y"),
            }
        elif request.state == ExplanationRequest.State.ANSWERED and task is not None:
            why = _("Đã giải trình ngày %(date)s nhưng nhiệm vụ vẫn quá hạn") % {
                "date": request.answered_on.strftime("%d/%m/%Y")
            }
        else:
            continue
        seen.add(request.subject_id)
        items.append(
            ProposedItem(
                title=request.subject_title,
                task=task,
                request=request,
                why=why,
                history=history_of(TASK, request.subject_id),
            )
        )
    return items
