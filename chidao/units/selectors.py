"""Reading units: the filtered list, provinces by name, validity on a date and succession
through restructuring events."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core.text import compact_key, fold
from chidao.units.models import Unit, UnitEvent, valid_on_q

LEVELS = tuple(kind.value for kind in Unit.ADMINISTRATIVE_LEVELS)
LEVEL_ORDER = Case(
    When(kind=Unit.Kind.PROVINCE, then=Value(0)),
    When(kind=Unit.Kind.DISTRICT, then=Value(1)),
    When(kind=Unit.Kind.COMMUNE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
PROVINCE_PREFIXES = ("thanhpho", "tinh")


class ProvinceNotFound(LookupError):
    """No province matches the name asked for."""


class ProvinceAmbiguous(ValueError):
    """Several provinces match the name asked for, even on the date."""


def _strip_prefix(key: str) -> str:
    for prefix in PROVINCE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def resolve_province(name: str, as_of: dt.date) -> Unit:
    """The province unit named by `name` ("Hà Nội", "ha noi", "Thành phố Hà Nội", "HÀ NỘI").

    Case, diacritics, spaces and the "Thành phố" / "Tỉnh" prefix are ignored; among several
    matches an exact name wins, then the one valid on `as_of`. ValueError when `name` has no
    letters or digits, ProvinceNotFound when nothing matches, ProvinceAmbiguous when several do.
    """
    key = compact_key(name)
    if not key:
        raise ValueError(_("Cần tên tỉnh, thành phố."))
    bare = _strip_prefix(key)
    candidates = list(
        Unit.objects.filter(kind=Unit.Kind.PROVINCE)
        .annotate(compact=Replace("name_key", Value(" "), Value("")))
        .filter(compact__contains=bare)
        .order_by("name_key", "id")
    )
    if not candidates:
        raise ProvinceNotFound(_("Không tìm thấy tỉnh, thành phố “%(name)s”.") % {"name": name})
    if len(candidates) > 1:
        exact = [u for u in candidates if _strip_prefix(u.compact) == bare]
        candidates = exact or candidates
    if len(candidates) > 1:
        valid = [u for u in candidates if u.is_valid_on(as_of)]
        candidates = valid or candidates
    if len(candidates) > 1:
        raise ProvinceAmbiguous(
            _("“%(name)s” khớp nhiều tỉnh, thành phố: %(names)s.")
            % {"name": name, "names": ", ".join(u.name for u in candidates)}
        )
    return candidates[0]


def filter_units(
    *,
    province: str | None = None,
    level: str | None = None,
    as_of: dt.date | None = None,
    q: str | None = None,
    parent_id: int | None = None,
) -> QuerySet[Unit]:
    """The units asked for by the list page and the API, provinces first, then by name.

    With `province`: the units of that province (resolve_province), of `level` or of the
    three administrative levels (with `q` and no level: all its units, agencies included).
    Without it: with `q`, every unit whose name has its words (of `level` when given: a ward
    or a department is found without choosing its province); else the provinces, unless
    `parent_id` is given (then the children of that unit, of any kind unless `level` says).
    `as_of` keeps the units valid on that date (None: no date filter). `q` is matched word by
    word, ignoring case and diacritics ("so tu phap" finds "Sở Tư pháp").
    ValueError (or ProvinceNotFound, ProvinceAmbiguous) with a message for the user when
    the filters cannot be answered.
    """
    if level and level not in LEVELS:
        raise ValueError(_("Cấp “%(value)s” không hợp lệ.") % {"value": level})
    units = Unit.objects.all()
    words = fold(q).split() if q else []
    if province:
        province_unit = resolve_province(province, as_of or timezone.localdate())
        if words and not level:
            # a search within a province: its agencies and departments too
            units = units.filter(Q(province=province_unit) | Q(pk=province_unit.pk))
        else:
            units = units.filter(province=province_unit, kind__in=[level] if level else LEVELS)
    elif words and parent_id is None:
        # A search needs no province: every unit by name, of `level` when given.
        if level:
            units = units.filter(kind=level)
    elif parent_id is None:
        if level not in (None, "", Unit.Kind.PROVINCE):
            raise ValueError(_("Cần tên tỉnh, thành phố khi chọn cấp huyện hoặc xã."))
        units = units.filter(kind=Unit.Kind.PROVINCE)
    elif level:
        units = units.filter(kind=level)
    if parent_id is not None:
        units = units.filter(parent_id=parent_id)
    if as_of is not None:
        units = units.filter(valid_on_q(as_of))
    for word in words:  # every word, in any order, without diacritics
        units = units.filter(name_key__contains=word)
    return (
        units.select_related("parent", "province")
        .annotate(level_order=LEVEL_ORDER)
        .order_by("level_order", "name_key", "id")
    )


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
    for _step in range(10):  # chains are short; the bound guards against cyclic data
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
            origin = origins[unit_id][0]
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
