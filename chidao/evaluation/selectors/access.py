"""Who may see and do what in evaluations: the one choke point for pages and API (see the
package's docstring)."""

from django.db.models import QuerySet

from chidao.core import policy
from chidao.evaluation.models import (
    EvaluationCycle,
)

# ---- access


def can_manage(user, cycle: EvaluationCycle) -> bool:
    """Standing-agency staff of the cycle's committee, or an administrator."""
    return cycle.permits(user, policy.CHANGE)


def can_approve(user, cycle: EvaluationCycle | None = None) -> bool:
    """A committee leader or an administrator approves and locks."""
    return policy.approves(user)


def can_self_assess(user, cycle: EvaluationCycle, unit_id: int) -> bool:
    """The focal persons of the unit (their unit must be in the cycle)."""
    return (
        policy.is_focal(user)
        and user.unit_id == unit_id
        and cycle.units.filter(unit_id=unit_id).exists()
    )


def visible_cycles(user) -> QuerySet:
    return EvaluationCycle.objects.restrict(user, policy.VIEW).select_related("committee")


def get_visible_cycle(user, pk) -> EvaluationCycle:
    return policy.get_visible_or_404(visible_cycles(user), user, pk)


def can_see_results(user, cycle: EvaluationCycle) -> bool:
    """All units' results: published ones to whoever sees the cycle; provisional ones to the
    standing agency, the leaders and the administrators."""
    if cycle.is_published:
        return True
    return can_manage(user, cycle) or can_approve(user, cycle)


def can_see_unit(user, cycle: EvaluationCycle, unit_id: int) -> bool:
    """One unit's sheet (appraised and computed points, rank): as for the results — a unit
    sees its own self-assessment at any time (`can_see_own_self_assessment`), its results
    once published."""
    return can_see_results(user, cycle)


def can_see_own_self_assessment(user, cycle: EvaluationCycle, unit_id: int) -> bool:
    return policy.is_focal(user) and user.unit_id == unit_id


def can_see_proposals(user, cycle: EvaluationCycle) -> bool:
    return can_manage(user, cycle) or can_approve(user, cycle)
