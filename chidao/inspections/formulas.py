"""Inspection results as an evaluation criterion, through the registry of
chidao.evaluation.formulas (evaluation sits below inspections and never imports it).

Formula `inspection_compliance_share`: points = (items found compliant + half the items found
partly compliant) ÷ items checked × maximum points, from the unit's latest inspection
conclusion of the cycle's committee dated between 1 January of the cycle's year and the
cut-off. A unit not inspected in that span gets the full points (nothing was found against it),
like the other formulas when nothing is due.
"""

import datetime as dt
from decimal import Decimal

from chidao.core.dates import vn_date
from chidao.evaluation import formulas
from chidao.inspections.models import Conclusion, Finding

KEY = "inspection_compliance_share"
FACTS = "inspections"


def inspection_facts(*, committee_id: int, year: int, cut_off: dt.date, unit_ids) -> dict:
    """{unit id: {"conclusion", "number", "date", "compliant", "partial", "not_compliant"}}
    for the units concluded in the span (two queries for all units)."""
    latest: dict[int, dict] = {}
    for row in (
        Conclusion.objects.filter(
            inspected__inspection__committee_id=committee_id,
            inspected__unit_id__in=list(unit_ids),
            date__gte=dt.date(year, 1, 1),
            date__lte=cut_off,
        )
        .order_by("date", "id")
        .values("id", "number", "date", "inspected_id", "inspected__unit_id")
    ):
        latest[row["inspected__unit_id"]] = row  # the latest wins
    result = {
        unit_id: {
            "conclusion": row["id"],
            "number": row["number"],
            "date": row["date"].isoformat(),
            "compliant": 0,
            "partial": 0,
            "not_compliant": 0,
        }
        for unit_id, row in latest.items()
    }
    by_inspected = {row["inspected_id"]: unit_id for unit_id, row in latest.items()}
    for inspected_id, value in Finding.objects.filter(
        inspected_id__in=list(by_inspected)
    ).values_list("inspected_id", "result"):
        result[by_inspected[inspected_id]][value] += 1
    return result


def _compute(facts: dict, max_points: Decimal) -> tuple[Decimal, dict]:
    found = facts.get(FACTS) or {}
    compliant, partial = found.get("compliant", 0), found.get("partial", 0)
    checked = compliant + partial + found.get("not_compliant", 0)
    detail = {
        "numerator": compliant,
        "partial": partial,
        "denominator": checked,
        "conclusion": found.get("conclusion"),
        "number": found.get("number", ""),
        "date": found.get("date", ""),
        "noun": "mục kiểm tra đạt",
    }
    if checked == 0:
        return formulas.points(max_points), detail
    value = (Decimal(compliant) + Decimal(partial) / 2) * Decimal(max_points) / Decimal(checked)
    return formulas.points(value), detail


def _describe(detail: dict) -> str:
    if not detail.get("denominator"):
        return "Không có kết luận kiểm tra trong năm (đạt điểm tối đa)"
    day = vn_date(dt.date.fromisoformat(detail["date"])) if detail.get("date") else ""
    return (
        f"{detail['numerator']}/{detail['denominator']} mục kiểm tra đạt, "
        f"{detail.get('partial', 0)} mục đạt một phần (kết luận {detail.get('number', '')} "
        f"ngày {day})"
    )


FORMULA = formulas.Formula(
    key=KEY,
    title="Kết quả kiểm tra công tác CCHC, CĐS",
    text=(
        "Điểm = (số mục kiểm tra đạt + ½ số mục đạt một phần) ÷ số mục đã kiểm tra × điểm tối "
        "đa, theo kết luận kiểm tra gần nhất của Ban Chỉ đạo đối với đơn vị, ban hành từ 01/01 "
        "đến ngày chốt. Đơn vị không được kiểm tra trong năm: đạt điểm tối đa."
    ),
    compute=_compute,
    describe=_describe,
)


def register() -> None:
    formulas.register_facts(FACTS, inspection_facts)
    formulas.register_formula(FORMULA)
