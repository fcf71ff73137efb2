"""The public progress page of a committee (/public/committees/{id}/), the one page anonymous
visitors read, with its open data (data.json, data.csv).

It answers 404 unless the committee's standing agency switched it on. It shows only what is
published: the plans the standing agency chose (their number, date and summary as issued)
with their tasks counted by state and by domain, and the indicators marked public with their
targets and actuals for the committee as a whole and per unit (agencies, never persons). No
person's name or e-mail, no explanation or internal note, no unpublished plan: the data is
built here from an explicit list of fields (`public_data`), and the page, JSON and CSV all
render that one dictionary.
"""

import csv
import io

from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.indicators import selectors
from chidao.indicators.models import Direction, Indicator, Layer, Publication, State
from chidao.reports import statistics as st

SYNTHETIC = "[Mô phỏng]"


def _number(value):
    return None if value is None else float(value)


def public_data(committee, today) -> dict:
    """Everything the public page shows, as plain data (fixed number of queries)."""
    publication = Publication.objects.get(committee=committee, enabled=True)
    plans = list(publication.plans.select_related("document").order_by("document__date", "pk"))
    rows = st.status_rows(
        as_of=today,
        committee=committee,
        task_filter=Q(source_id__in=[p.pk for p in plans]),
        keys=("source", "domain"),
    )
    by_source: dict = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    state_labels = dict(State.choices)
    status_labels = dict(st.COLUMN_LABELS)
    plan_data = []
    for plan in plans:
        plan_rows = by_source.get(plan.pk, [])
        totals = st.totals_of(plan_rows)
        domains = st.breakdown(plan_rows, "domain") if plan_rows else []
        document = plan.document
        plan_data.append(
            {
                "id": plan.pk,
                "number": document.number,
                "date": document.date.isoformat() if document.date else None,
                "title": document.title,
                "synthetic": plan.synthetic,
                "tasks": {
                    "total": totals["total"],
                    **{key: totals[key] for key in st.COLUMNS},
                    "completion_rate": totals["completion_rate"],
                },
                "by_domain": [
                    {
                        "domain": d["name"],
                        "total": d["total"],
                        **{key: d[key] for key in st.COLUMNS},
                    }
                    for d in domains
                ],
            }
        )
    indicators = Indicator.objects.filter(committee=committee, published=True)
    layers = dict(Layer.choices)
    directions = dict(Direction.choices)
    indicator_data = []
    for s in selectors.standings(indicators, as_of=today):
        ind = s.indicator
        indicator_data.append(
            {
                "id": ind.pk,
                "code": ind.code,
                "name": ind.name,
                "unit_of_measure": ind.unit_of_measure,
                "direction": ind.direction,
                "direction_label": str(directions[ind.direction]),
                "layer": ind.layer,
                "layer_label": str(layers[ind.layer]),
                "legal_basis": ind.legal_basis,
                "synthetic": ind.synthetic,
                "period": s.period,
                "target": _number(s.target),
                "actual": _number(s.actual),
                "state": s.state,
                "state_label": str(state_labels.get(s.state, "")),
                "series": [
                    {
                        "period": p["period"],
                        "label": p["label"],
                        "target": _number(p["target"]),
                        "actual": _number(p["actual"]),
                        "state": p["state"],
                    }
                    for p in s.series
                ],
                "units": [
                    {
                        "unit": r.value.unit_name,
                        "target": _number(r.target),
                        "actual": _number(r.value.actual),
                        "state": r.state,
                    }
                    for r in s.units
                ],
            }
        )
    return {
        "committee": {"id": committee.pk, "name": committee.name},
        "as_of": today.isoformat(),
        "synthetic": any(p["synthetic"] for p in plan_data)
        or any(i["synthetic"] for i in indicator_data),
        "status_labels": status_labels,
        "plans": plan_data,
        "indicators": indicator_data,
    }


def _published(committee_id) -> Committee:
    committee = Committee.objects.filter(pk=policy._pk(committee_id)).first()
    if committee is None or not selectors.is_published(committee):
        raise Http404("No committee matches the given query.")
    return committee


@require_GET
def public_page(request, committee_id):
    committee = _published(committee_id)
    data = public_data(committee, timezone.localdate())
    return render(
        request,
        "indicators/public.html",
        {"data": data, "columns": list(st.COLUMN_LABELS.items())},
    )


@require_GET
def public_json(request, committee_id):
    committee = _published(committee_id)
    return JsonResponse(
        public_data(committee, timezone.localdate()), json_dumps_params={"ensure_ascii": False}
    )


CSV_HEADERS = [
    "loai",
    "ma",
    "ten",
    "don_vi_tinh",
    "don_vi",
    "ky",
    "chi_tieu",
    "thuc_hien",
    "danh_gia",
    "mo_phong",
]


@require_GET
def public_csv(request, committee_id):
    """One row per indicator and quarter (committee-wide), then per unit in the latest
    quarter, then one per plan with its tasks by state."""
    committee = _published(committee_id)
    data = public_data(committee, timezone.localdate())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADERS)
    for ind in data["indicators"]:
        for point in ind["series"]:
            writer.writerow(
                [
                    "chi_tieu",
                    ind["code"],
                    ind["name"],
                    ind["unit_of_measure"],
                    "",
                    point["period"],
                    point["target"],
                    point["actual"],
                    point["state"] or "",
                    int(ind["synthetic"]),
                ]
            )
        for unit in ind["units"]:
            writer.writerow(
                [
                    "chi_tieu_don_vi",
                    ind["code"],
                    ind["name"],
                    ind["unit_of_measure"],
                    unit["unit"],
                    ind["period"],
                    unit["target"],
                    unit["actual"],
                    unit["state"] or "",
                    int(ind["synthetic"]),
                ]
            )
    for plan in data["plans"]:
        for key in ("total", *st.COLUMNS):
            writer.writerow(
                [
                    "nhiem_vu",
                    plan["number"],
                    plan["title"],
                    "nhiệm vụ",
                    "",
                    data["as_of"],
                    "",
                    plan["tasks"][key],
                    key,
                    int(plan["synthetic"]),
                ]
            )
    suffix = "-mo-phong" if data["synthetic"] else ""
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="tien-do-ban-chi-dao-{committee.pk}{suffix}.csv"'
    )
    return response
