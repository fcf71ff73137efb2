"""Pages of indicators: a committee's indicators by layer with their state (per program when
asked), one indicator's values by unit and quarter with sources and versions (and the entry
form), the Excel export, and the public page's switch."""

from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from openpyxl import Workbook

from chidao.committees.models import Committee
from chidao.core import policy, xlsx
from chidao.core.error_views import refused
from chidao.core.errors import ActionRefused
from chidao.explanations.models import ExplanationRequest
from chidao.indicators import charts, explanations, rules, saved, selectors, services
from chidao.indicators.forms import PublicationForm, SavedViewForm, ValueForm
from chidao.indicators.models import Indicator, Layer, Publication, State, Target, Value
from chidao.tasks.models import TaskSource
from chidao.units.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _committees(user=None):
    """Committees that have indicators, and those whose indicators the user defines (a
    standing agency without any yet), by name."""
    having = Q(pk__in=Indicator.objects.values("committee_id"))
    managed = policy.managed_committee_ids(user) if user is not None else frozenset()
    wanted = Q() if managed is None else having | Q(pk__in=managed)
    found = Committee.objects.filter(wanted).annotate(has=ExpressionWrapper(having, BooleanField()))
    # Those with indicators first (the default choice), then by name.
    return list(found.order_by("-has", "name").only("id", "name"))


def _pick(request, choices):
    raw = request.GET.get("committee", "")
    if raw:
        if not raw.isdigit():
            raise Http404("No committee matches the given query.")
        for committee in choices:
            if committee.pk == int(raw):
                return committee
        raise Http404("No committee matches the given query.")
    return choices[0] if choices else None


def _program(request, committee):
    raw = request.GET.get("program", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No program matches the given query.")
    return get_object_or_404(TaskSource, pk=int(raw), committee=committee)


def _filters(request, committee) -> dict:
    """The page's filters besides the program: a layer, units, a range of quarters (a value
    that is not one of them is a 404, as a committee that does not exist)."""
    layer = request.GET.get("layer", "")
    if layer and layer not in Layer.values:
        raise Http404("No layer matches the given query.")
    raw_units = request.GET.getlist("unit")
    if any(not u.isdigit() or len(u) > 18 for u in raw_units):
        raise Http404("No unit matches the given query.")
    try:
        since, until = saved.check_range(request.GET.get("from", ""), request.GET.get("to", ""))
    except ActionRefused:
        raise Http404("No quarter matches the given query.") from None
    return {"layer": layer, "unit_ids": [int(u) for u in raw_units], "since": since, "until": until}


def _filtered_standings(request, committee, program):
    filters = _filters(request, committee)
    return selectors.committee_standings(
        request.user,
        committee,
        program=program,
        layer=filters["layer"],
        unit_ids=filters["unit_ids"],
        since=filters["since"],
        as_of=rules.quarter_window(filters["until"]).data_to if filters["until"] else None,
    )


def _in_range(period: str, since: str, until: str) -> bool:
    quarter = rules.parse_quarter(period)
    return (not since or quarter >= rules.parse_quarter(since)) and (
        not until or quarter <= rules.parse_quarter(until)
    )


def _unit_choices(committee) -> list:
    """Units given a target of one of the committee's indicators, by name."""
    return list(
        Unit.objects.filter(
            pk__in=Target.objects.filter(indicator__committee=committee, unit__isnull=False).values(
                "unit_id"
            )
        )
        .order_by("name")
        .only("id", "name")
    )


@login_required
@require_GET
def indicator_list(request):
    choices = _committees(request.user)
    committee = _pick(request, choices)
    context = {"committees": choices, "committee": committee, "today": timezone.localdate()}
    if committee is not None:
        program = _program(request, committee)
        filters = _filters(request, committee)
        found = _filtered_standings(request, committee, program)
        export_query = request.GET.copy()
        export_query.pop("view", None)
        export_query["committee"] = str(committee.pk)
        manages = policy.manages_committee(request.user, committee.pk)
        views = saved.saved_views_for(request.user, committee)
        raw_view = request.GET.get("view", "")
        current_view = next((v for v in views if str(v.pk) == raw_view), None)
        layers = []
        for value, label in Layer.choices:
            rows = [s for s in found if s.indicator.layer == value]
            if rows:
                layers.append({"label": label, "standings": rows})
        publication = Publication.objects.filter(committee=committee).first()
        context |= {
            "program": program,
            "programs": TaskSource.objects.filter(
                committee=committee, pk__in=Indicator.objects.values("program_id")
            ).select_related("document"),
            "off_track": selectors.off_track(found),
            "layers": layers,
            "filters": filters,
            "export_query": export_query.urlencode(),
            "layer_choices": Layer.choices,
            "unit_choices": _unit_choices(committee),
            "saved_views": [
                {
                    "view": v,
                    "url": saved.url_of(v),
                    "deletable": v.owner_id == request.user.pk or (v.shared and manages),
                }
                for v in views
            ],
            "current_view": current_view,
            "save_view_form": SavedViewForm(),
            "publication": publication,
            "manages": manages,
            "publication_form": PublicationForm(
                committee=committee,
                initial={
                    "enabled": bool(publication and publication.enabled),
                    "plans": list(publication.plans.all()) if publication else [],
                },
            )
            if manages
            else None,
        }
    return render(request, "indicators/list.html", context)


def _entry_units(user, indicator):
    units = Unit.objects.filter(
        pk__in=Target.objects.filter(indicator=indicator, unit__isnull=False).values("unit_id")
    ).order_by("name")
    if policy.manages_committee(user, indicator.committee_id):
        return list(units)
    return list(units.filter(pk__in=policy.acting_unit_ids(user)))


@login_required
def indicator_detail(request, indicator_id):
    indicator = selectors.get_visible_indicator(request.user, indicator_id)
    units = _entry_units(request.user, indicator)
    form = None
    if request.method == "POST":
        policy.require(
            bool(units),
            _("Chỉ đầu mối của đơn vị hoặc cơ quan thường trực mới nhập được số liệu này."),
        )
        form = ValueForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.value_record(
                    actor=request.user,
                    indicator=indicator,
                    unit=next(u for u in units if u.pk == data["unit"]),
                    period=data["period"],
                    actual=data["actual"],
                    note=data["note"],
                )
            except ActionRefused as exc:
                if exc.status != 422:
                    return refused(request, str(exc), status=exc.status)
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
            else:
                return redirect(f"{request.path}?unit={data['unit']}")
    elif units:
        form = ValueForm(
            units=units, initial={"period": rules.last_closed_quarter(timezone.localdate())}
        )
    raw_unit = request.GET.get("unit", "")
    unit_id = int(raw_unit) if raw_unit.isdigit() else None
    rows = selectors.value_rows(indicator, unit_id=unit_id)
    history = []
    if unit_id is not None:
        history = list(
            Value.objects.filter(indicator=indicator, unit_id=unit_id)
            .order_by("-period_end", "-version")
            .select_related("submission__period")
        )
    _attach_explanations(request.user, rows)
    standing = selectors.standings([indicator])[0]
    names_in_rows = {r.value.unit_id: r.value.unit_name for r in rows}
    if unit_id is not None:
        points = [
            {
                "label": rules.quarter_label(r.period),
                "period": r.period,
                "actual": r.value.actual,
                "target": r.target,
                "state": r.state,
            }
            for r in rows
        ]
        chart_title = _("%(code)s — %(unit)s qua các quý") % {
            "code": indicator.code,
            "unit": names_in_rows.get(unit_id, ""),
        }
    else:
        points = standing.series
        chart_title = _("%(code)s — chung của Ban Chỉ đạo qua các quý") % {"code": indicator.code}
    chart = charts.line_chart(points, unit_of_measure=indicator.unit_of_measure, title=chart_title)
    unit_names = dict(
        Unit.objects.filter(
            pk__in=Target.objects.filter(indicator=indicator).values("unit_id")
        ).values_list("pk", "name")
    )
    return render(
        request,
        "indicators/detail.html",
        {
            "indicator": indicator,
            "standing": standing,
            "chart": chart,
            "rows": rows[::-1],
            "unit_id": unit_id,
            "unit_choices": sorted(unit_names.items(), key=lambda kv: kv[1]),
            "history": history,
            "form": form,
            "state_labels": dict(State.choices),
            "asks_explanations": policy.manages_committee(request.user, indicator.committee_id),
            "explanation_kind": explanations.KIND,
        },
        status=400 if form is not None and form.errors else 200,
    )


def _attach_explanations(user, rows) -> None:
    """Each row's explanation requests the user may see (one query), and whether one is open."""
    asked: dict[int, list] = {}
    requests = (
        policy.restrict(ExplanationRequest, user)
        .filter(subject_kind=explanations.KIND, subject_id__in=[r.value.pk for r in rows])
        .order_by("issued_on", "id")
    )
    for row in requests:
        asked.setdefault(row.subject_id, []).append(row)
    for row in rows:
        row.explanations = asked.get(row.value.pk, [])
        row.explanation_open = any(e.is_open for e in row.explanations)


@login_required
@require_GET
def value_page(request, value_id):
    """A value's place: its indicator's page, at the unit's rows (where explanation requests
    about it link to)."""
    value = explanations.get_visible_value(request.user, value_id)
    url = reverse("indicator-detail", args=[value.indicator_id])
    return redirect(f"{url}?unit={value.unit_id}#value-{value.pk}")


@login_required
@require_GET
def indicator_export(request):
    choices = _committees()
    committee = _pick(request, choices)
    if committee is None:
        raise Http404("No committee has indicators.")
    found = _filtered_standings(request, committee, _program(request, committee))
    labels = dict(State.choices)
    layers = dict(Layer.choices)
    book = Workbook()
    sheet = book.active
    sheet.title = "Chỉ tiêu"
    sheet.append([str(committee)])
    sheet.append(
        [
            _("Mã"),
            _("Chỉ tiêu"),
            _("Tầng"),
            _("Đơn vị tính"),
            _("Kỳ"),
            _("Mốc"),
            _("Thực hiện"),
            _("Đánh giá"),
            _("Căn cứ"),
        ]
    )
    for s in found:
        sheet.append(
            [
                s.indicator.code,
                s.indicator.name + (" [Mô phỏng]" if s.indicator.synthetic else ""),
                str(layers.get(s.indicator.layer, "")),
                s.indicator.unit_of_measure,
                s.period or "",
                float(s.target) if s.target is not None else None,
                float(s.actual) if s.actual is not None else None,
                str(labels.get(s.state, "")),
                s.indicator.legal_basis,
            ]
        )
    values = book.create_sheet("Giá trị")
    values.append(
        [
            _("Mã"),
            _("Đơn vị"),
            _("Kỳ"),
            _("Mốc"),
            _("Thực hiện"),
            _("Đánh giá"),
            _("Nguồn"),
            _("Giải trình"),
        ]
    )
    by_id = {s.indicator.pk: s.indicator for s in found}
    targets = selectors.targets_by_indicator(by_id)
    grouped: dict = {}
    filters = _filters(request, committee)
    wanted = set(filters["unit_ids"])
    for value in selectors.current_values(by_id):
        if not wanted or value.unit_id in wanted:
            grouped.setdefault(value.indicator_id, []).append(value)
    for indicator_id, group in grouped.items():
        for row in selectors.rows_for(by_id[indicator_id], group, targets.get(indicator_id, {})):
            if not _in_range(row.period, filters["since"], filters["until"]):
                continue
            values.append(
                [
                    by_id[indicator_id].code,
                    row.value.unit_name,
                    row.period,
                    float(row.target) if row.target is not None else None,
                    float(row.value.actual),
                    str(labels.get(row.state, "")),
                    row.value.get_source_display(),
                    row.value.note,
                ]
            )
    synthetic = any(s.indicator.synthetic for s in found)
    name = f"chi-tieu-{committee.pk}{'-mo-phong' if synthetic else ''}.xlsx"
    response = HttpResponse(xlsx.save(book), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def publication_switch(request, committee_id):
    committee = policy.get_visible_or_404(Committee, request.user, committee_id)
    policy.require(
        policy.manages_committee(request.user, committee.pk),
        _("Chỉ cơ quan thường trực của Ban Chỉ đạo mới bật, tắt được trang công khai."),
    )
    form = PublicationForm(request.POST, committee=committee)
    if not form.is_valid():
        return refused(request, _("Kế hoạch được chọn không hợp lệ."))
    services.publication_set(
        actor=request.user,
        committee=committee,
        enabled=form.cleaned_data["enabled"],
        plans=form.cleaned_data["plans"],
    )
    return redirect(f"/indicators/?committee={committee.pk}")
