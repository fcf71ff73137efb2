"""Who may see and change which tasks: the one choke point for pages, API and downloads.

- administrators: everything;
- standing-agency staff: all tasks of the committees their unit serves as standing agency;
- leaders and viewers: read all tasks;
- a unit's focal person: read and report on the tasks their unit leads or coordinates.
"""

from django.db.models import Q, QuerySet

from chidao.accounts.models import Role
from chidao.committees.models import StandingAgency
from chidao.tasks.models import Task, TaskCoordination


def served_committee_ids(user) -> set[int]:
    """Committees for which the user's unit is (or was) a standing agency."""
    if not user.unit_id:
        return set()
    return set(
        StandingAgency.objects.filter(unit_id=user.unit_id).values_list(
            "version__committee_id", flat=True
        )
    )


def visible_tasks(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Task.objects.all() if queryset is None else queryset
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser or user.role in (Role.ADMIN, Role.LEADER, Role.VIEWER):
        return queryset
    if user.role == Role.STANDING:
        return queryset.filter(committee_id__in=served_committee_ids(user))
    if user.role == Role.FOCAL and user.unit_id:
        # A subquery rather than a join: no duplicate rows, so no DISTINCT, and counts
        # (GROUP BY status, unit, domain) over this queryset stay right.
        coordinated = TaskCoordination.objects.filter(unit_id=user.unit_id).values("task_id")
        return queryset.filter(Q(lead_unit_id=user.unit_id) | Q(pk__in=coordinated))
    return queryset.none()


def can_manage(user, task: Task) -> bool:
    """Create, edit, cancel, reassign, decide extensions."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role == Role.STANDING and task.committee_id in served_committee_ids(user)


def can_manage_committee(user, committee_id: int) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role == Role.STANDING and committee_id in served_committee_ids(user)


def reporting_role(user, task: Task) -> str | None:
    """'lead' or 'coordinating' when the user's unit may report on the task, else None."""
    if not user.is_authenticated or not user.is_active or not user.unit_id:
        return None
    if user.role not in (Role.FOCAL, Role.STANDING, Role.ADMIN):
        return None
    if task.lead_unit_id == user.unit_id:
        return "lead"
    if task.coordinations.filter(unit_id=user.unit_id).exists():
        return "coordinating"
    return None
