"""Results: the effective score of every leaf and where it came from (the sheet), totals with
ranks and bands, live or frozen at approval, and the comparison with the previous cycle."""

from collections import defaultdict
from decimal import Decimal

from chidao.evaluation import formulas
from chidao.evaluation.formulas import points
from chidao.evaluation.models import (
    Criterion,
    CycleResult,
    CycleUnit,
    EvaluationCycle,
    Method,
    UnitGroup,
    UnitScore,
)

ZERO = Decimal("0.00")
# The common default; each cycle sets its own (percentage of the maximum).
DEFAULT_BANDS = [
    {"name": "Tốt", "min_percent": 90},
    {"name": "Khá", "min_percent": 80},
    {"name": "Trung bình", "min_percent": 65},
    {"name": "Yếu", "min_percent": 0},
]
GROUP_ORDER = {UnitGroup.DEPARTMENTS.value: 0, UnitGroup.COMMUNES.value: 1}


# ---- numbers


def fmt_points(value) -> str:
    """'92,5' — Vietnamese decimal comma, no useless zeros."""
    if value is None or value == "":
        return ""
    text = f"{points(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def percent_of(total: Decimal, max_total: Decimal) -> Decimal:
    if not max_total:
        return ZERO
    return points(Decimal(total) * 100 / Decimal(max_total))


def band_for(percent: Decimal, bands: list[dict] | None) -> str:
    ordered = sorted(bands or DEFAULT_BANDS, key=lambda b: -Decimal(str(b["min_percent"])))
    for band in ordered:
        if percent >= Decimal(str(band["min_percent"])):
            return band["name"]
    return ordered[-1]["name"] if ordered else ""


def assign_ranks(rows: list[dict], *, keep_rank: bool = False) -> None:
    """Rank within each group by total, highest first; equal totals share a rank (1, 2, 2, 4).

    Also sets group_size and from_bottom (1 for the last place, shared by equal totals too).
    keep_rank leaves a rank already set (a frozen result) as it is."""
    by_group = defaultdict(list)
    for row in rows:
        by_group[row["group"]].append(row)
    for members in by_group.values():
        for row in members:
            if not keep_rank:
                row["rank"] = 1 + sum(1 for other in members if other["total"] > row["total"])
            row["from_bottom"] = 1 + sum(1 for other in members if other["total"] < row["total"])
            row["group_size"] = len(members)


def _sort(rows: list[dict]) -> list[dict]:
    return sorted(
        rows,
        key=lambda r: (GROUP_ORDER.get(r["group"], 9), r["rank"], r["unit_name"], r["unit_id"]),
    )


# ---- the effective score of a leaf


def effective(score: dict, method: str) -> tuple[Decimal, str]:
    """(points, where they came from) for one leaf score given as a dict of UnitScore values.

    Self-assessed: the appraised score once appraised, the unit's own score until then
    (provisional); computed: the value from the data; external: the outside score. A leaf
    with nothing yet counts 0 ("missing")."""
    if method == Method.SELF_ASSESSED:
        if score.get("appraised_score") is not None:
            return score["appraised_score"], "appraised"
        if score.get("self_score") is not None:
            return score["self_score"], "self"
    elif method == Method.COMPUTED:
        if score.get("computed_value") is not None:
            return score["computed_value"], "computed"
    elif method == Method.EXTERNAL:
        if score.get("external_score") is not None:
            return score["external_score"], "external"
    return ZERO, "missing"


SOURCE_LABELS = {
    "appraised": "Điểm thẩm định",
    "self": "Điểm tự chấm (chưa thẩm định)",
    "computed": "Tính từ dữ liệu",
    "external": "Nguồn bên ngoài",
    "missing": "Chưa có điểm",
}

SCORE_FIELDS = (
    "id",
    "unit_id",
    "criterion_id",
    "self_score",
    "explanation",
    "appraised_score",
    "appraisal_reason",
    "computed_value",
    "computed_detail",
    "external_score",
    "external_source",
)


class Sheet:
    """The criteria of a cycle and its units' scores, read once (four queries), from which
    every unit's lines, fields and totals are derived in memory."""

    def __init__(
        self,
        cycle: EvaluationCycle,
        unit_ids: list[int] | None = None,
        *,
        with_evidence: bool = True,
    ):
        self.cycle = cycle
        self.sets = {s.unit_group: s for s in cycle.criteria_sets.all()}
        criteria = list(
            Criterion.objects.filter(criteria_set__in=list(self.sets.values())).order_by(
                "criteria_set_id", "order", "id"
            )
        )
        self.criteria_by_set = defaultdict(list)
        for criterion in criteria:
            self.criteria_by_set[criterion.criteria_set_id].append(criterion)
        members = CycleUnit.objects.filter(cycle=cycle).order_by("group", "unit_name", "id")
        if unit_ids is not None:
            members = members.filter(unit_id__in=unit_ids)
        self.members = list(members)
        scores = UnitScore.objects.filter(cycle=cycle)
        if unit_ids is not None:
            scores = scores.filter(unit_id__in=unit_ids)
        self.scores = {
            (row["unit_id"], row["criterion_id"]): row for row in scores.values(*SCORE_FIELDS)
        }
        evidence = defaultdict(int)
        if with_evidence:
            for score_id in scores.filter(evidence__isnull=False).values_list("id", flat=True):
                evidence[score_id] += 1
        self.evidence = evidence

    def lines(self, member: CycleUnit) -> list[dict]:
        """Every criterion of the unit's set, in order, with its score and its origin."""
        criteria_set = self.sets.get(member.group)
        if criteria_set is None:
            return []
        nodes = self.criteria_by_set[criteria_set.pk]
        by_id = {c.pk: c for c in nodes}
        totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
        lines = []
        for node in nodes:
            line = {
                "id": node.pk,
                "code": node.code,
                "title": node.title,
                "level": node.level,
                "max": node.max_points,
                "method": node.method,
                "leaf": node.is_leaf,
                "field_code": self._field_of(node, by_id).code,
            }
            if node.is_leaf:
                row = self.scores.get((member.unit_id, node.pk), {})
                value, source = effective(row, node.method)
                formula = formulas.REGISTRY.get(node.formula_key)
                line |= {
                    "score": points(value),
                    "source": source,
                    "score_id": row.get("id"),
                    "self_score": row.get("self_score"),
                    "explanation": row.get("explanation", ""),
                    "appraised_score": row.get("appraised_score"),
                    "appraisal_reason": row.get("appraisal_reason", ""),
                    "computed_value": row.get("computed_value"),
                    "computed_detail": row.get("computed_detail") or {},
                    "computed_text": formulas.describe(row.get("computed_detail") or {}),
                    "formula_key": node.formula_key,
                    "formula_text": formula.text if formula else "",
                    "external_score": row.get("external_score"),
                    "external_source": row.get("external_source", ""),
                    "evidence": self.evidence.get(row.get("id"), 0),
                }
                ancestor = node
                while ancestor is not None:
                    totals[ancestor.pk] += points(value)
                    ancestor = by_id.get(ancestor.parent_id)
            lines.append(line)
        for line in lines:
            if not line["leaf"]:
                line["score"] = points(totals[line["id"]])
        return lines

    @staticmethod
    def _field_of(node: Criterion, by_id: dict) -> Criterion:
        while node.parent_id is not None and node.parent_id in by_id:
            node = by_id[node.parent_id]
        return node

    def result(self, member: CycleUnit) -> dict:
        lines = self.lines(member)
        fields = [
            {
                "code": line["code"],
                "name": line["title"],
                "score": line["score"],
                "max": line["max"],
            }
            for line in lines
            if line["level"] == 1
        ]
        total = points(sum((f["score"] for f in fields), ZERO))
        max_total = points(sum((f["max"] for f in fields), ZERO))
        percent = percent_of(total, max_total)
        return {
            "unit_id": member.unit_id,
            "unit_name": member.unit_name,
            "group": member.group,
            "fields": fields,
            "lines": lines,
            "total": total,
            "max_total": max_total,
            "percent": percent,
            "band": band_for(percent, self.cycle.bands),
            "provisional": True,
        }


def live_results(cycle: EvaluationCycle, *, with_evidence: bool = True) -> list[dict]:
    """Every unit's provisional result from the scores as they stand (four or five queries)."""
    sheet = Sheet(cycle, with_evidence=with_evidence)
    rows = [sheet.result(member) for member in sheet.members]
    assign_ranks(rows)
    return _sort(rows)


def _decimal(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


NUMERIC_LINE_KEYS = ("max", "score", "self_score", "appraised_score", "computed_value")


def line_from_json(line: dict) -> dict:
    line = dict(line)
    for key in (*NUMERIC_LINE_KEYS, "external_score"):
        if key in line:
            line[key] = _decimal(line[key])
    return line


def line_to_json(line: dict) -> dict:
    return {
        key: (str(value) if isinstance(value, Decimal) else value) for key, value in line.items()
    }


def _from_snapshot(result: CycleResult, *, with_lines: bool) -> dict:
    fields = [{**f, "score": Decimal(f["score"]), "max": Decimal(f["max"])} for f in result.fields]
    row = {
        "unit_id": result.unit_id,
        "unit_name": result.unit_name,
        "group": result.group,
        "fields": fields,
        "total": result.total,
        "max_total": result.max_total,
        "percent": percent_of(result.total, result.max_total),
        "rank": result.rank,
        "band": result.band,
        "stats": result.stats,
        "provisional": False,
    }
    if with_lines:
        row["lines"] = [line_from_json(line) for line in result.lines]
    return row


def cycle_results(cycle: EvaluationCycle) -> list[dict]:
    """Results of every unit: the frozen copy once approved, else computed from the scores.

    Each row: unit_id, unit_name, group, fields [{code, name, score, max}], total, max_total,
    percent, rank, group_size, from_bottom, band, provisional (and stats once frozen)."""
    if cycle.is_published:
        rows = [
            _from_snapshot(r, with_lines=False)
            for r in CycleResult.objects.filter(cycle=cycle).defer("lines")
        ]
        assign_ranks(rows, keep_rank=True)
        return _sort(rows)
    rows = live_results(cycle, with_evidence=False)
    for row in rows:
        row.pop("lines", None)
    return rows


def unit_result(cycle: EvaluationCycle, unit_id: int) -> dict | None:
    """One unit's result with its lines (where every point came from)."""
    if cycle.is_published:
        snapshot = CycleResult.objects.filter(cycle=cycle, unit_id=unit_id).first()
        if snapshot is None:
            return None
        row = _from_snapshot(snapshot, with_lines=True)
        row["group_size"] = CycleResult.objects.filter(cycle=cycle, group=row["group"]).count()
        return row
    rows = live_results(cycle)
    return next((row for row in rows if row["unit_id"] == unit_id), None)


# ---- the previous cycle


def previous_cycle(cycle: EvaluationCycle, group: str | None = None) -> EvaluationCycle | None:
    """The latest published cycle of the same committee in an earlier year that evaluated
    units of the same group."""
    queryset = EvaluationCycle.objects.filter(
        committee_id=cycle.committee_id,
        year__lt=cycle.year,
        state__in=[EvaluationCycle.State.APPROVED, EvaluationCycle.State.LOCKED],
    )
    if group:
        queryset = queryset.filter(units__group=group)
    return queryset.order_by("-year", "-id").distinct().first()


def previous_results(cycle: EvaluationCycle) -> dict[int, dict]:
    """{unit id: its result in the previous cycle of its group} (two or three queries)."""
    groups = set(CycleUnit.objects.filter(cycle=cycle).values_list("group", flat=True))
    found: dict[int, dict] = {}
    for group in sorted(groups):
        previous = previous_cycle(cycle, group)
        if previous is None:
            continue
        for result in CycleResult.objects.filter(cycle=previous, group=group).defer("lines"):
            row = _from_snapshot(result, with_lines=False)
            row["cycle"] = {"id": previous.pk, "year": previous.year, "name": previous.name}
            found[result.unit_id] = row
    return found


def compare(current: dict, previous: dict | None) -> dict | None:
    """Change of total, percentage and rank, and of each field found in both (by code)."""
    if previous is None:
        return None
    fields_then = {f["code"]: f for f in previous["fields"]}
    return {
        "cycle": previous.get("cycle"),
        "total": previous["total"],
        "max_total": previous["max_total"],
        "percent": previous["percent"],
        "percent_change": points(current["percent"] - previous["percent"]),
        "rank": previous["rank"],
        "rank_change": previous["rank"] - current["rank"],
        "rank_change_abs": abs(previous["rank"] - current["rank"]),
        "band": previous["band"],
        "fields": {
            f["code"]: {
                "score": fields_then[f["code"]]["score"],
                "max": fields_then[f["code"]]["max"],
                "change": points(f["score"] - fields_then[f["code"]]["score"]),
            }
            for f in current["fields"]
            if f["code"] in fields_then
        },
    }
