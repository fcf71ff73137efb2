"""Tasks as subjects of explanation requests (chidao.explanations): a task's lead unit
explains its delay to the committee's standing agency."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from chidao.core.dates import vn_date
from chidao.explanations.subjects import SubjectKind, register_subject
from chidao.tasks.models import Task
from chidao.tasks.selectors import get_visible_task

KIND = "task"


def _history(task: Task) -> list[str]:
    lines = [f"Hạn hoàn thành: {vn_date(task.deadline)}"]
    if task.deadline != task.original_deadline:
        lines.append(f"Hạn ban đầu: {vn_date(task.original_deadline)}")
    return lines


def register() -> None:
    register_subject(
        SubjectKind(
            key=KIND,
            label=gettext_lazy("Nhiệm vụ"),
            model=Task,
            visible=lambda user, pk: get_visible_task(user, pk),
            title=lambda task: task.title,
            url=lambda pk: reverse("task-detail", args=[pk]),
            committee_id=lambda task: task.committee_id,
            unit_id=lambda task: task.lead_unit_id,
            history=_history,
        )
    )
