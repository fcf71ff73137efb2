"""Unit pages: the filtered, paginated list and one unit with its history."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.core.access import require_register_reader
from chidao.core.dates import parse_iso_date
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
