"""Reads of inspections, through the user's view of them: a hidden inspection is a 404; a
unit's people see only their own unit's preparation, findings and conclusion."""

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from chidao.core import policy
from chidao.inspections.models import Finding, FindingFile, InspectedUnit, Inspection
from chidao.meetings import conclusions
from chidao.tasks.models import Task
from chidao.tasks.status import with_status


def inspections_for(user, committee=None) -> QuerySet:
    queryset = (
        policy.restrict(Inspection, user, policy.VIEW)
        .select_related("committee")
        .prefetch_related(
            Prefetch("units", queryset=InspectedUnit.objects.order_by("scheduled_on", "order"))
        )
    )
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    return queryset


def get_visible_inspection(user, pk) -> Inspection:
    return policy.get_visible_or_404(
        Inspection.objects.select_related("committee", "criteria_set"), user, pk
    )


def sees_every_unit(user, inspection: Inspection) -> bool:
    return policy.reads_everything(user) or policy.manages_committee(user, inspection.committee_id)


def units_seen(user, inspection: Inspection) -> list[InspectedUnit]:
    """The inspected units whose details the user sees: all of them for the standing agency
    and those who read everything, else the units the user acts for."""
    queryset = inspection.units.select_related("conclusion").order_by("scheduled_on", "order")
    if not sees_every_unit(user, inspection):
        queryset = queryset.filter(unit_id__in=policy.acting_unit_ids(user))
    return list(queryset)


def get_visible_unit(user, inspection: Inspection, unit_id) -> InspectedUnit:
    """The inspected unit of the inspection, if the user sees its details; else a 404."""
    for inspected in units_seen(user, inspection):
        if str(inspected.unit_id) == str(unit_id):
            return inspected
    raise Http404("No object matches the given query.")


def findings_of(inspected: InspectedUnit) -> dict[int, Finding]:
    return {
        f.item_id: f for f in inspected.findings.prefetch_related("files").select_related("item")
    }


def get_visible_finding_file(user, pk) -> FindingFile:
    """A finding's evidence file, if the user sees the inspected unit's details; else a 404
    (the pages' download and the API's)."""
    stored = get_object_or_404(FindingFile.objects.select_related("finding__inspected"), pk=pk)
    inspected = stored.finding.inspected
    inspection = get_visible_inspection(user, inspected.inspection_id)
    get_visible_unit(user, inspection, inspected.unit_id)
    return stored


def conclusion_tasks(inspected: InspectedUnit, today: dt.date | None = None) -> list[Task]:
    """The tasks the unit's conclusion gave, with their status, in remedy order."""
    conclusion = getattr(inspected, "conclusion", None)
    if conclusion is None:
        return []
    queryset = Task.objects.filter(source=conclusion.source_id).select_related("lead_unit")
    return conclusions.in_clause_order(with_status(queryset, today))


def my_inspections(user) -> list[InspectedUnit]:
    """The inspections of the units the user acts for (or belongs to), latest first."""
    units = set(policy.acting_unit_ids(user))
    if policy.is_signed_in(user) and user.unit_id:
        units.add(user.unit_id)
    if not units:
        return []
    return list(
        InspectedUnit.objects.filter(unit_id__in=units)
        .select_related("inspection", "inspection__committee", "conclusion")
        .order_by("-inspection__year", "-scheduled_on", "id")
    )
