"""Pages where a committee's standing agency defines its indicators: a new indicator, an
indicator's definition changed, and the targets (a year with its quarterly milestones) per
unit. Others get 403; a refused input is shown beside its field (400)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.errors import ActionRefused
from chidao.indicators import definitions, selectors
from chidao.indicators.forms import IndicatorForm, TargetsForm
from chidao.indicators.models import Target
from chidao.tasks.models import Task
from chidao.units.models import Unit

ONLY_MANAGERS = _("Chỉ cơ quan thường trực của Ban Chỉ đạo mới xác định được chỉ tiêu và mốc.")


def _refusal_to_form(form, exc: ActionRefused) -> None:
    if exc.status == 403:
        raise exc
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _posted(request):
    return request.POST if request.method == "POST" else None


def _require_manager(user, committee_id: int) -> None:
    policy.require(policy.manages_committee(user, committee_id), str(ONLY_MANAGERS))


@login_required
def indicator_new(request, committee_id):
    committee = policy.get_visible_or_404(Committee, request.user, committee_id)
    _require_manager(request.user, committee.pk)
    form = IndicatorForm(_posted(request), committee=committee)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = definitions.indicator_create(
                actor=request.user, committee=committee, **form.cleaned_data
            )
        except ActionRefused as exc:
            _refusal_to_form(form, exc)
        else:
            return redirect("indicator-targets", indicator.pk)
    return render(
        request,
        "indicators/form.html",
        {"form": form, "committee": committee, "indicator": None},
        status=400 if form.errors else 200,
    )


@login_required
def indicator_edit(request, indicator_id):
    indicator = selectors.get_visible_indicator(request.user, indicator_id)
    _require_manager(request.user, indicator.committee_id)
    initial = {name: getattr(indicator, name) for name in definitions.FIELDS}
    form = IndicatorForm(_posted(request), committee=indicator.committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            definitions.indicator_update(
                actor=request.user, indicator=indicator, **form.cleaned_data
            )
        except ActionRefused as exc:
            _refusal_to_form(form, exc)
        else:
            return redirect("indicator-detail", indicator.pk)
    return render(
        request,
        "indicators/form.html",
        {"form": form, "committee": indicator.committee, "indicator": indicator},
        status=400 if form.errors else 200,
    )


def _target_table(indicator) -> list[dict]:
    """One row per unit and year: the year's target and its four milestones."""
    rows: dict = {}
    for target in Target.objects.filter(indicator=indicator).select_related("unit"):
        year, _sep, quarter = target.period.partition("-Q")
        key = (target.unit.name if target.unit else "", target.unit_id, year)
        row = rows.setdefault(
            key, {"unit": target.unit, "year": year, "target": None, "quarters": [None] * 4}
        )
        if quarter:
            row["quarters"][int(quarter) - 1] = target.value
        else:
            row["target"] = target.value
    return [rows[k] for k in sorted(rows, key=lambda k: (k[2], k[0]))]


def _target_units(committee) -> list[Unit]:
    """The units a target may be set for on the page: those leading the committee's tasks and
    those already given one of its indicators (the API takes any unit)."""
    leading = Task.objects.filter(committee=committee).values("lead_unit_id")
    given = Target.objects.filter(indicator__committee=committee).values("unit_id")
    return list(
        Unit.objects.filter(Q(pk__in=leading) | Q(pk__in=given)).order_by("name").only("id", "name")
    )


@login_required
def indicator_targets(request, indicator_id):
    indicator = selectors.get_visible_indicator(request.user, indicator_id)
    _require_manager(request.user, indicator.committee_id)
    units = _target_units(indicator.committee)
    form = TargetsForm(_posted(request), units=units, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            definitions.targets_set(
                actor=request.user,
                indicator=indicator,
                unit=next((u for u in units if u.pk == data["unit"]), None),
                year=data["year"],
                target=data["target"],
                milestones={q: data[f"q{q}"] for q in range(1, 5)},
            )
        except ActionRefused as exc:
            _refusal_to_form(form, exc)
        else:
            return redirect(reverse("indicator-targets", args=[indicator.pk]) + "#targets")
    return render(
        request,
        "indicators/targets.html",
        {"form": form, "indicator": indicator, "table": _target_table(indicator)},
        status=400 if form.errors else 200,
    )
