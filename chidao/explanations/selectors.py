"""Reads of explanation requests, always through the user's view of them (a hidden request
is a 404)."""

from django.db.models import QuerySet

from chidao.core import policy
from chidao.explanations.models import ExplanationRequest

STATUSES = ("open", "answered", "withdrawn", "all")


def requests_for(
    user, *, status: str = "open", committee_id=None, unit_id=None, subject=None
) -> QuerySet:
    """The requests `user` may see, by state ("all" for every state), soonest due first."""
    queryset = policy.restrict(ExplanationRequest, user, policy.VIEW).select_related(
        "unit", "committee", "issuing_unit"
    )
    if status != "all":
        queryset = queryset.filter(state=status)
    if committee_id is not None:
        queryset = queryset.filter(committee_id=committee_id)
    if unit_id is not None:
        queryset = queryset.filter(unit_id=unit_id)
    if subject is not None:
        kind, pk = subject
        queryset = queryset.filter(subject_kind=kind, subject_id=pk)
    return queryset.order_by("due_on", "id")


def get_visible_request(user, pk) -> ExplanationRequest:
    return policy.get_visible_or_404(
        ExplanationRequest.objects.select_related("unit", "committee", "issuing_unit"), user, pk
    )


def history_of(kind: str, subject_id: int) -> list[ExplanationRequest]:
    """Every request about one subject, oldest first (the history a meeting is shown)."""
    return list(
        ExplanationRequest.objects.filter(subject_kind=kind, subject_id=subject_id)
        .select_related("unit")
        .order_by("issued_on", "id")
    )
