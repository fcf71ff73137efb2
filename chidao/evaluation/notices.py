"""What evaluation notifies, through the outbox (chidao.notifications).

The daily planner (`plan`, registered from EvaluationConfig.ready()): a self-assessment due
reminder to the focal persons of every unit whose self-assessment is unfinished, at the
reminder steps before the deadline (CHIDAO_REMIND_BEFORE_DAYS) and on the day, once per
(cycle, unit, step, recipient). The sender drops it when the unit has finished since or the
cycle has left self-assessment.
Events: `appraisal_finished` (the committee approved the results) tells the focal persons
and leaders of every evaluated unit that their result is published.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.models import Role, User
from chidao.accounts.selectors import focal_persons_by_unit
from chidao.core.dates import vn_date
from chidao.evaluation.models import CycleUnit, EvaluationCycle, Method, UnitScore
from chidao.notifications import steps
from chidao.notifications.models import OutboxMessage
from chidao.notifications.registry import Notice, register_kind, register_planner
from chidao.notifications.services import emit, enqueue

SELF_ASSESSMENT_DUE = "evaluation.self_assessment_due"
APPRAISAL_FINISHED = "evaluation.appraisal_finished"


def register() -> None:
    register_kind(
        SELF_ASSESSMENT_DUE,
        gettext_lazy("Nhắc tự chấm điểm"),
        still_wanted=still_wanted_self_assessment,
    )
    register_kind(APPRAISAL_FINISHED, gettext_lazy("Kết quả đánh giá đã công bố"))
    register_planner("evaluation", plan)


def subject_key(cycle_id: int, unit_id: int) -> str:
    return f"evaluation.evaluationcycle:{cycle_id}/unit:{unit_id}"


def _unfinished(cycle_ids) -> dict[tuple[int, int], dict]:
    """(cycle, unit) → {left, total} of the self-assessed criteria not scored yet."""
    return {
        (row["cycle_id"], row["unit_id"]): row
        for row in UnitScore.objects.filter(
            cycle_id__in=list(cycle_ids), criterion__method=Method.SELF_ASSESSED
        )
        .values("cycle_id", "unit_id")
        .annotate(total=Count("id"), left=Count("id", filter=Q(self_score__isnull=True)))
        .filter(left__gt=0)
    }


def plan(*, today: dt.date | None = None) -> list[Notice]:
    """The self-assessment reminders due today that were not planned yet."""
    today = today or timezone.localdate()
    cycles = {
        c.pk: c
        for c in EvaluationCycle.objects.filter(
            state=EvaluationCycle.State.SELF_ASSESSMENT,
            self_assessment_deadline__gte=today,
            self_assessment_deadline__lte=steps.horizon(today),
        )
    }
    due = {}
    for cycle in cycles.values():
        step = steps.deadline_step(cycle.self_assessment_deadline, today)
        if step:
            due[cycle.pk] = step[0]
    if not due:
        return []
    missing = _unfinished(due)
    names = {
        (c, u): name
        for c, u, name in CycleUnit.objects.filter(cycle_id__in=list(due)).values_list(
            "cycle_id", "unit_id", "unit_name"
        )
    }
    focal = focal_persons_by_unit({unit for _c, unit in missing})
    existing = set(
        OutboxMessage.objects.filter(
            kind=SELF_ASSESSMENT_DUE,
            subject_key__in=[subject_key(c, u) for c, u in missing],
            step__in=set(due.values()),
        ).values_list("subject_key", "step", "recipient_id")
    )
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for (cycle_id, unit_id), row in sorted(missing.items()):
            cycle, step, key = cycles[cycle_id], due[cycle_id], subject_key(cycle_id, unit_id)
            for user in focal[unit_id]:
                if (key, step, user.pk) in existing:
                    continue
                notices.append(
                    Notice(
                        kind=SELF_ASSESSMENT_DUE,
                        subject=key,
                        step=step,
                        recipient=user,
                        title=_(
                            "%(unit)s còn %(left)s/%(total)s tiêu chí chưa tự chấm trong "
                            "“%(cycle)s”; hạn tự chấm %(date)s"
                        )
                        % {
                            "unit": names.get((cycle_id, unit_id), ""),
                            "left": row["left"],
                            "total": row["total"],
                            "cycle": cycle.name,
                            "date": vn_date(cycle.self_assessment_deadline),
                        },
                        url=reverse("evaluation-self-assessment", args=[cycle_id]),
                        data={"cycle": cycle_id, "unit": unit_id},
                    )
                )
    return notices


def plan_reminders(*, today: dt.date | None = None) -> int:
    """Queue the self-assessment reminders due today in the outbox; returns how many rows
    were new."""
    return enqueue(plan(today=today))


def still_wanted_self_assessment(rows: list[OutboxMessage], today: dt.date) -> set[int]:
    cycle_ids = {row.data["cycle"] for row in rows}
    open_cycles = set(
        EvaluationCycle.objects.filter(
            pk__in=cycle_ids,
            state=EvaluationCycle.State.SELF_ASSESSMENT,
            self_assessment_deadline__gte=today,
        ).values_list("pk", flat=True)
    )
    missing = _unfinished(open_cycles)
    return {
        row.pk
        for row in rows
        if (row.data["cycle"], row.data["unit"]) in missing
        and row.recipient.is_active
        and row.recipient.unit_id == row.data["unit"]
    }


# ---- events


def appraisal_finished(*, actor, cycle: EvaluationCycle) -> int:
    """The committee approved the cycle: the focal persons and leaders of every evaluated
    unit learn that the results are published."""
    with translation.override(settings.LANGUAGE_CODE):
        unit_ids = list(cycle.units.values_list("unit_id", flat=True))
        actor_id = getattr(actor, "pk", None)
        users = User.objects.filter(
            unit_id__in=unit_ids, role__in=[Role.FOCAL, Role.LEADER], is_active=True
        ).exclude(pk=actor_id)
        title = _("Đã công bố kết quả đánh giá “%(cycle)s”") % {"cycle": cycle.name}
        return emit(
            Notice(
                kind=APPRAISAL_FINISHED,
                subject=cycle,
                step=f"approved@{timezone.now():%Y%m%d%H%M%S}",
                recipient=user,
                title=title,
                url=reverse("evaluation-unit", args=[cycle.pk, user.unit_id]),
                data={"cycle": cycle.pk},
            )
            for user in users.order_by("pk")
        )
