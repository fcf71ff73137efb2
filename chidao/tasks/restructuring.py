"""Tasks follow the units that take over from a closed one (mergers, renames, splits): the
daily job applies each restructuring in force to the open tasks it concerns; what no single
heir takes over is left for the standing agency to reassign (`orphaned_tasks`). Each move is
one timeline event and one change-log row, as every task change is (chidao.tasks.services).
"""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.tasks.models import Task, TaskCoordination, TaskEvent
from chidao.tasks.services import _event, _require_manager, task_reassign
from chidao.units.models import Unit, UnitEvent

RESTRUCTURING = policy.SystemActor("chidao restructuring")


def _today() -> dt.date:
    return timezone.localdate()


def open_tasks_of(units: Iterable[Unit]):
    return Task.objects.filter(
        lead_unit__in=list(units), completed_on__isnull=True, cancelled_on__isnull=True
    )


def _heirs(units: list[Unit]) -> dict[int, set[int]]:
    """For each unit, the units that took it over, across every event that closed it.

    A legacy commune split between several new communes is a predecessor in several
    events: its heirs are all their successors, and its tasks have no single new owner.
    """
    through_p = UnitEvent.predecessors.through
    through_s = UnitEvent.successors.through
    events_of: dict[int, set[int]] = {}
    for unit_id, event_id in through_p.objects.filter(unit__in=units).values_list(
        "unit_id", "unitevent_id"
    ):
        events_of.setdefault(unit_id, set()).add(event_id)
    successors_of: dict[int, set[int]] = {}
    all_events = set().union(*events_of.values()) if events_of else set()
    for event_id, unit_id in through_s.objects.filter(unitevent_id__in=all_events).values_list(
        "unitevent_id", "unit_id"
    ):
        successors_of.setdefault(event_id, set()).add(unit_id)
    return {
        unit.pk: {
            heir
            for event_id in events_of.get(unit.pk, ())
            for heir in successors_of.get(event_id, ())
            if heir != unit.pk
        }
        for unit in units
    }


@transaction.atomic
def tasks_follow_succession(*, actor, event: UnitEvent) -> dict:
    """After a restructuring event: open tasks of a renamed or merged unit follow its single
    successor (their history keeps the old name); where the unit was split (it went to
    several successors, in this event or in others) or dissolved, the tasks are left for the
    standing agency to reassign, and listed."""
    predecessors = list(event.predecessors.all())
    successors = list(event.successors.all())
    closed = [u for u in predecessors if u not in successors]
    following, left = [], closed
    if len(successors) == 1 and event.kind in (
        UnitEvent.Kind.RENAMED,
        UnitEvent.Kind.MERGED,
        UnitEvent.Kind.REORGANISED,
        UnitEvent.Kind.ESTABLISHED,
    ):
        successor = successors[0]
        heirs = _heirs(closed)
        following = [u for u in closed if heirs[u.pk] == {successor.pk}]
        left = [u for u in closed if u not in following]
    moved, orphaned = [], []
    if following:
        reason = _("%(kind)s ngày %(date)s") % {
            "kind": event.get_kind_display(),
            "date": event.effective_date.strftime("%d/%m/%Y"),
        }
        for task in open_tasks_of(following).select_for_update():
            task_reassign(
                actor=actor,
                task=task,
                new_lead_unit=successor,
                reason=reason,
                effective_on=event.effective_date,
            )
            moved.append(task.pk)
        # Coordinating roles follow as well.
        for coordination in TaskCoordination.objects.filter(
            unit__in=following, task__completed_on__isnull=True, task__cancelled_on__isnull=True
        ).select_related("task", "unit"):
            task = coordination.task
            _require_manager(actor, task)
            before = snapshot(coordination)
            old_unit = coordination.unit
            if (
                task.lead_unit_id == successor.pk
                or task.coordinations.filter(unit=successor).exists()
            ):
                record_change(actor=actor, action="delete", target=coordination, before=before)
                coordination.delete()
            else:
                coordination.unit = successor
                coordination.save(update_fields=["unit"])
                record_change(
                    actor=actor,
                    action="update",
                    target=coordination,
                    before=before,
                    after=snapshot(coordination),
                )
            _event(
                task,
                TaskEvent.Kind.EDITED,
                actor=actor,
                effective_on=event.effective_date,
                coordinating_unit_old=old_unit.name,
                coordinating_unit_old_id=old_unit.pk,
                coordinating_unit_new=successor.name,
                coordinating_unit_new_id=successor.pk,
                reason=reason,
            )
    if left:
        orphaned = [task.pk for task in open_tasks_of(left)]
    return {"moved": moved, "orphaned": orphaned}


def orphaned_tasks(committee=None):
    """Open tasks whose lead unit no longer exists today: the standing agency must reassign."""
    today = _today()
    queryset = Task.objects.filter(
        completed_on__isnull=True, cancelled_on__isnull=True, lead_unit__valid_to__lt=today
    ).select_related("lead_unit", "committee")
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    return queryset


def apply_restructurings(*, actor=RESTRUCTURING, today: dt.date | None = None) -> dict:
    """Apply every restructuring event in force by `today` to the open tasks it concerns.

    Run by the daily follow-up job, so tasks follow a merger on the day it takes effect
    without anyone remembering to move them. Safe to run again: a moved task is no longer
    on a closed unit.
    """
    today = today or _today()
    open_filter = {"completed_on__isnull": True, "cancelled_on__isnull": True}
    closed_units = set(
        Task.objects.filter(lead_unit__valid_to__lt=today, **open_filter).values_list(
            "lead_unit_id", flat=True
        )
    ) | set(
        TaskCoordination.objects.filter(
            unit__valid_to__lt=today, **{f"task__{k}": v for k, v in open_filter.items()}
        ).values_list("unit_id", flat=True)
    )
    events = UnitEvent.objects.filter(
        predecessors__in=closed_units, effective_date__lte=today
    ).distinct()
    moved, orphaned = [], set()
    for event in events.order_by("effective_date", "id"):
        result = tasks_follow_succession(actor=actor, event=event)
        moved += result["moved"]
        orphaned |= set(result["orphaned"])
    return {"moved": moved, "orphaned": sorted(orphaned - set(moved))}
