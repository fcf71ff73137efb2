"""Reads of the register, each taking the user (chidao.core.policy decides what they see)."""

import datetime as dt

from django.db.models import Q, QuerySet

from chidao.core import policy
from chidao.obstacles.models import Obstacle

OPEN = "open"  # the filter "still open": every pending state


def obstacles_for(
    user,
    *,
    committee: int | None = None,
    state: str | None = None,
    unit: int | None = None,
    overdue_on: dt.date | None = None,
    search: str = "",
) -> QuerySet:
    """The items `user` may see, filtered; `state="open"` means every pending state, and
    `unit` the items the unit raised or must resolve."""
    queryset = (
        Obstacle.objects.restrict(user, policy.VIEW)
        .select_related("raised_by", "resolver", "committee")
        .order_by("-raised_on", "-pk")
    )
    if committee:
        queryset = queryset.filter(committee_id=committee)
    if state == OPEN:
        queryset = queryset.filter(state__in=Obstacle.PENDING)
    elif state:
        queryset = queryset.filter(state=state)
    if unit:
        queryset = queryset.filter(Q(raised_by_id=unit) | Q(resolver_id=unit))
    if overdue_on:
        queryset = queryset.filter(state=Obstacle.State.ASSIGNED, due_on__lt=overdue_on)
    if search:
        from chidao.core.text import fold

        queryset = queryset.filter(title_key__contains=fold(search))
    return queryset


def get_visible_obstacle(user, pk) -> Obstacle:
    return policy.get_visible_or_404(
        Obstacle.objects.select_related("raised_by", "resolver", "committee", "merged_into"),
        user,
        pk,
    )
