"""Committee pages: the list with search, and one committee's composition on a date."""

import datetime as dt

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from chidao.committees.models import Committee, CommitteeLineage, CommitteeVersion, Seat
from chidao.committees.selectors import composition_on, search_committees
from chidao.core.access import require_register_reader
from chidao.core.dates import bad_date_message, parse_as_of

COMMITTEE_ROLES = [
    Seat.Role.HEAD,
    Seat.Role.STANDING_DEPUTY_HEAD,
    Seat.Role.DEPUTY_HEAD,
    Seat.Role.MEMBER,
]
WORKING_GROUP_ROLES = [Seat.Role.LEADER, Seat.Role.DEPUTY_LEADER, Seat.Role.MEMBER]


def _fragment_only(request) -> bool:
    # A history restore after a cache miss needs the whole page, not the fragment.
    return bool(request.htmx) and not request.htmx.history_restore_request


@require_register_reader
def home(request):
    query = request.GET.get("q", "").strip()
    versions = CommitteeVersion.objects.select_related("decision").order_by("effective_from")
    committees = search_committees(query).prefetch_related(
        Prefetch("versions", queryset=versions, to_attr="ordered_versions"),
        Prefetch(
            "successor_links",
            queryset=CommitteeLineage.objects.select_related("successor"),
            to_attr="successor_list",
        ),
    )
    today = timezone.localdate()
    rows = [_committee_row(committee, today) for committee in committees]
    context = {"rows": rows, "query": query, "today": today}
    template = (
        "committees/_committee_list.html" if _fragment_only(request) else "committees/home.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _committee_row(committee: Committee, today: dt.date) -> dict:
    """Establishing decision and the version in force today, from the prefetched versions."""
    versions = committee.ordered_versions
    in_force = [v for v in versions if v.effective_from <= today]
    dissolved = committee.dissolved_on is not None and committee.dissolved_on <= today
    return {
        "committee": committee,
        "established_by": versions[0] if versions else None,
        "current": in_force[-1] if in_force and not dissolved else None,
        "dissolved": dissolved,
        "not_yet": bool(versions) and not in_force,
        "successors": committee.successor_list,
    }


@require_register_reader
def committee_detail(request, pk: int):
    committee = get_object_or_404(Committee.objects.select_related("issuing_body", "source"), pk=pk)
    raw = request.GET.get("as_of", "")
    fragment = _fragment_only(request)
    try:
        as_of = parse_as_of(raw)
    except ValueError:
        context = {"committee": committee, "error": bad_date_message(raw), "as_of_raw": raw}
        template = "committees/_composition.html" if fragment else "committees/detail.html"
        response = render(request, template, context, status=400)
        patch_vary_headers(response, ("HX-Request",))
        return response

    composition = composition_on(committee, as_of)
    context = {
        "committee": committee,
        "composition": composition,
        "as_of": as_of,
        "today": timezone.localdate(),
        "committee_groups": _group_by_role(composition.seats, COMMITTEE_ROLES),
        "working_group_groups": _group_by_role(
            composition.working_group.get("seats", []), WORKING_GROUP_ROLES
        ),
        "decision_chain": [_dated(entry) for entry in composition.decision_chain],
        "basis": [_dated(entry) for entry in composition.basis],
        "predecessors": [_lineage(link) for link in composition.predecessors],
        "successors": [_lineage(link) for link in composition.successors],
    }
    template = "committees/_composition.html" if fragment else "committees/detail.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _group_by_role(seats, roles) -> list[dict]:
    groups = []
    for role in roles:
        members = [seat for seat in seats if seat.role == role]
        if members:
            groups.append({"role": role, "label": role.label, "seats": members})
    return groups


def _dated(decision: dict) -> dict:
    """A decision of the chain with its action's label, for the templates."""
    result = dict(decision)
    if decision.get("action"):
        result["action_label"] = CommitteeVersion.Action(decision["action"]).label
    return result


def _lineage(link: dict) -> dict:
    return {**link, "kind_label": CommitteeLineage.Kind(link["kind"]).label}
