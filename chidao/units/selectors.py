"""Reading units: validity on a date and succession through restructuring events."""

import datetime as dt
from dataclasses import dataclass

from chidao.units.models import Unit, UnitEvent


@dataclass(frozen=True)
class Succession:
    """A unit that no longer exists on a date, and who took over from it."""

    original: Unit
    current: Unit
    since: dt.date
    event_kind: str


def successions_on(units: list[Unit], date: dt.date) -> dict[int, Succession]:
    """For each unit closed before `date`, the successor valid on `date` (following chains).

    Where an event has several successors (a split), the first is taken and the caller is
    told through the Succession; one query per step of the chain, not per unit.
    """
    result: dict[int, Succession] = {}
    frontier = {u.pk: u for u in units if u.valid_to is not None and u.valid_to < date}
    origins = {pk: (unit, None, None) for pk, unit in frontier.items()}  # current pk -> origin
    for _ in range(10):  # chains are short; the bound guards against cyclic data
        if not frontier:
            break
        events = (
            UnitEvent.objects.filter(predecessors__in=list(frontier), effective_date__lte=date)
            .prefetch_related("successors")
            .order_by("effective_date", "id")
            .distinct()
        )
        through = UnitEvent.predecessors.through.objects.filter(
            unitevent__in=events, unit_id__in=list(frontier)
        ).values_list("unitevent_id", "unit_id")
        event_by_id = {e.pk: e for e in events}
        next_frontier: dict[int, Unit] = {}
        next_origins: dict[int, tuple] = {}
        for event_id, unit_id in through:
            event = event_by_id[event_id]
            successors = sorted(event.successors.all(), key=lambda u: u.pk)
            if not successors:
                continue
            successor = successors[0]
            origin, _, _ = origins[unit_id]
            if successor.is_valid_on(date):
                result.setdefault(
                    origin.pk, Succession(origin, successor, event.effective_date, event.kind)
                )
            else:
                next_frontier[successor.pk] = successor
                next_origins[successor.pk] = (origin, event.effective_date, event.kind)
        frontier, origins = next_frontier, next_origins
    return result


def predecessors_and_successors(units: list[Unit]) -> tuple[dict, dict]:
    """Map unit pk -> list of predecessor units, and unit pk -> list of successor units."""
    pred_through = UnitEvent.successors.through.objects.filter(
        unit_id__in=[u.pk for u in units]
    ).values_list("unitevent_id", "unit_id")
    succ_through = UnitEvent.predecessors.through.objects.filter(
        unit_id__in=[u.pk for u in units]
    ).values_list("unitevent_id", "unit_id")
    pred_through, succ_through = list(pred_through), list(succ_through)
    event_ids = {e for e, _ in pred_through} | {e for e, _ in succ_through}
    event_preds: dict[int, list[int]] = {}
    for e, u in UnitEvent.predecessors.through.objects.filter(
        unitevent_id__in=event_ids
    ).values_list("unitevent_id", "unit_id"):
        event_preds.setdefault(e, []).append(u)
    event_succs: dict[int, list[int]] = {}
    for e, u in UnitEvent.successors.through.objects.filter(unitevent_id__in=event_ids).values_list(
        "unitevent_id", "unit_id"
    ):
        event_succs.setdefault(e, []).append(u)
    all_ids = {u for ids in event_preds.values() for u in ids} | {
        u for ids in event_succs.values() for u in ids
    }
    names = {u.pk: u for u in Unit.objects.filter(pk__in=all_ids).only("id", "name", "valid_to")}
    predecessors: dict[int, list[Unit]] = {}
    for event_id, unit_id in pred_through:
        for pred in event_preds.get(event_id, []):
            if pred != unit_id:
                predecessors.setdefault(unit_id, []).append(names[pred])
    successors: dict[int, list[Unit]] = {}
    for event_id, unit_id in succ_through:
        for succ in event_succs.get(event_id, []):
            if succ != unit_id:
                successors.setdefault(unit_id, []).append(names[succ])
    return predecessors, successors
