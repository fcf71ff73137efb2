"""Unit pages: the filtered, paginated list and one unit with its history."""

import re

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core.access import require_register_reader
from chidao.core.dates import parse_iso_date
from chidao.documents.models import Source
from chidao.units.hanoi_agencies import SOURCE_KEY_PREFIX
from chidao.units.models import Unit, UnitAttestation, UnitEvent, valid_on_q
from chidao.units.selectors import ProvinceNotFound, filter_units

PAGE_SIZE = 50
LEVELS = [(kind.value, kind.label) for kind in Unit.ADMINISTRATIVE_LEVELS]


def _filter_units(params) -> tuple[dict, object]:
    """The list's filters from the query string and the units they select (filter_units);
    ValueError or ProvinceNotFound with a message when they cannot be answered."""
    filters = {
        "province": params.get("province", "").strip(),
        "level": params.get("level", "").strip(),
        "as_of": params.get("as_of", "").strip(),
        "q": params.get("q", "").strip(),
        "parent": params.get("parent", "").strip(),
    }
    as_of = None  # the page filters by date only when asked to
    if filters["as_of"]:
        as_of = parse_iso_date(filters["as_of"])
    if filters["parent"] and not filters["parent"].isdigit():
        raise ValueError(_("Đơn vị cấp trên không hợp lệ."))
    units = filter_units(
        province=filters["province"] or None,
        level=filters["level"] or None,
        as_of=as_of,
        q=filters["q"] or None,
        parent_id=int(filters["parent"]) if filters["parent"] else None,
    )
    return filters, units


@require_register_reader
def unit_list(request):
    provinces = (
        Unit.objects.filter(kind=Unit.Kind.PROVINCE).order_by("name").values_list("name", flat=True)
    )
    context = {"levels": LEVELS, "provinces": provinces}
    try:
        filters, units = _filter_units(request.GET)
    except (ValueError, ProvinceNotFound) as error:
        context |= {"error": str(error), "filters": request.GET}
        return render(request, "units/list.html", context, status=400)
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    parent = None
    if filters["parent"]:
        parent = Unit.objects.filter(pk=filters["parent"]).only("id", "name").first()
    context |= {"filters": filters, "page": page, "paginator": page.paginator, "parent": parent}
    return render(request, "units/list.html", context)


@require_register_reader
def unit_detail(request, pk: int):
    unit = get_object_or_404(Unit.objects.select_related("parent", "province", "source"), pk=pk)
    today = timezone.localdate()
    events = UnitEvent.objects.select_related("basis_document", "source").prefetch_related(
        "predecessors", "successors"
    )
    context = {
        "unit": unit,
        "today": today,
        "valid_today": unit.is_valid_on(today),
        "attestations": UnitAttestation.objects.filter(unit=unit)
        .select_related("source")
        .prefetch_related("other_sources")
        .order_by("snapshot"),
        "events_before": events.filter(successors=unit).order_by("effective_date", "pk"),
        "events_after": events.filter(predecessors=unit).order_by("effective_date", "pk"),
        # Positions and their holders belong to chidao.people, above this app: read through
        # the reverse relations (holdings in their model's order: start, attested_on).
        "positions": unit.positions.select_related("unit").prefetch_related(
            "holdings__person", "holdings__source", "holdings__end_source"
        ),
        "children_today": Unit.objects.filter(parent=unit).filter(valid_on_q(today)).count(),
        "children_all": Unit.objects.filter(parent=unit).count(),
    }
    return render(request, "units/detail.html", context)


@require_register_reader
def unit_sources(request, pk: int):
    """The sources behind one unit's facts and the researchers' notes on them: where the
    unit, its attestations, its events and its office holders come from (the notes are kept
    in Vietnamese; s1, s2, … name the sources listed)."""
    unit = get_object_or_404(Unit.objects.select_related("source"), pk=pk)
    attestations = list(
        UnitAttestation.objects.filter(unit=unit)
        .select_related("source")
        .prefetch_related("other_sources")
        .order_by("snapshot")
    )
    events = list(
        UnitEvent.objects.filter(Q(successors=unit) | Q(predecessors=unit))
        .select_related("source")
        .distinct()
        .order_by("effective_date", "pk")
    )
    # Holdings belong to chidao.people, above this app: read through the reverse relations.
    holdings = [
        holding
        for position in unit.positions.prefetch_related(
            "holdings__person", "holdings__source", "holdings__end_source"
        )
        for holding in position.holdings.all()
    ]
    notes = (
        [
            {"about": _("Xác nhận tồn tại (%(snapshot)s)") % {"snapshot": a.snapshot}, "row": a}
            for a in attestations
        ]
        + [
            {
                "about": _("Sự kiện ngày %(date)s: %(kind)s")
                % {"date": e.effective_date.strftime("%d/%m/%Y"), "kind": e.get_kind_display()},
                "row": e,
            }
            for e in events
        ]
        + [{"about": f"{h.position.label}: {h.person.full_name}", "row": h} for h in holdings]
    )
    sources: dict[int, object] = {unit.source.pk: unit.source}
    for row in [*attestations, *events, *holdings]:
        for source in (row.source, getattr(row, "end_source", None)):
            if source is not None:
                sources.setdefault(source.pk, source)
    for attestation in attestations:
        for source in attestation.other_sources.all():
            sources.setdefault(source.pk, source)
    # Sources a note names by code (e.g. "theo s5") are listed too, so the reader finds them.
    named = {
        f"{SOURCE_KEY_PREFIX}{code}"
        for note in notes
        for code in re.findall(r"\bs\d+\b", note["row"].note)
    }
    for source in Source.objects.filter(key__in=named):
        sources.setdefault(source.pk, source)
    for note in notes:
        note["source_code"] = source_code(note["row"].source)
    context = {
        "unit": unit,
        "notes": [note for note in notes if note["row"].note],
        "sources": [
            {"source": source, "code": source_code(source)}
            for source in sorted(sources.values(), key=_source_order)
        ],
    }
    return render(request, "units/sources.html", context)


def _source_order(source) -> tuple:
    code = source_code(source)
    return (0, int(code[1:]), "") if code else (1, 0, source.title)


def source_code(source) -> str:
    """The short name research notes use for a source of the Hanoi dataset (s1, s2, …)."""
    code = source.key.removeprefix(SOURCE_KEY_PREFIX)
    return code if code != source.key and re.fullmatch(r"s\d+", code) else ""
