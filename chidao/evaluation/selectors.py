"""Reading evaluations: who may see what, results with ranks and bands, where every point of a
unit came from, the comparison with the previous cycle, and the proposals the rules draw.

Access (the one choke point for pages and API):
- administrators: everything; committee leaders (role LEADER): every cycle, provisional
  results included (they approve);
- standing-agency staff of the cycle's committee: manage the cycle (appraise, enter outside
  scores, compute, edit proposals);
- a unit's focal person: the cycles their unit is in, their own self-assessment (scores,
  explanations, evidence) at any time, and the results (all units, with appraisals and
  computed points) once the cycle is approved;
- viewers: published results.
A cycle the user may not see is a 404; results not yet published are refused (403).
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import QuerySet

from chidao.core import policy
from chidao.core.dates import vn_date
from chidao.evaluation import formulas
from chidao.evaluation.formulas import points
from chidao.evaluation.models import (
    Criterion,
    CycleResult,
    CycleUnit,
    EvaluationCycle,
    Method,
    Proposal,
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


# ---- access


def can_manage(user, cycle: EvaluationCycle) -> bool:
    """Standing-agency staff of the cycle's committee, or an administrator."""
    return cycle.permits(user, policy.CHANGE)


def can_approve(user, cycle: EvaluationCycle | None = None) -> bool:
    """A committee leader or an administrator approves and locks."""
    return policy.approves(user)


def can_self_assess(user, cycle: EvaluationCycle, unit_id: int) -> bool:
    """The focal persons of the unit (their unit must be in the cycle)."""
    return (
        policy.is_focal(user)
        and user.unit_id == unit_id
        and cycle.units.filter(unit_id=unit_id).exists()
    )


def visible_cycles(user) -> QuerySet:
    return EvaluationCycle.objects.restrict(user, policy.VIEW).select_related("committee")


def get_visible_cycle(user, pk) -> EvaluationCycle:
    return policy.get_visible_or_404(visible_cycles(user), user, pk)


def can_see_results(user, cycle: EvaluationCycle) -> bool:
    """All units' results: published ones to whoever sees the cycle; provisional ones to the
    standing agency, the leaders and the administrators."""
    if cycle.is_published:
        return True
    return can_manage(user, cycle) or can_approve(user, cycle)


def can_see_unit(user, cycle: EvaluationCycle, unit_id: int) -> bool:
    """One unit's sheet (appraised and computed points, rank): as for the results — a unit
    sees its own self-assessment at any time (`can_see_own_self_assessment`), its results
    once published."""
    return can_see_results(user, cycle)


def can_see_own_self_assessment(user, cycle: EvaluationCycle, unit_id: int) -> bool:
    return policy.is_focal(user) and user.unit_id == unit_id


def can_see_proposals(user, cycle: EvaluationCycle) -> bool:
    return can_manage(user, cycle) or can_approve(user, cycle)


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


# ---- facts and proposals


def facts_for(cycle: EvaluationCycle, unit_ids) -> dict[int, dict]:
    return formulas.unit_facts(
        committee_id=cycle.committee_id, year=cycle.year, cut_off=cycle.cut_off, unit_ids=unit_ids
    )


DEFAULT_RULES = {
    "commendation": [{"rule": "top_n", "n": 3}, {"rule": "all_on_time"}],
    "criticism": [
        {"rule": "bottom_n", "n": 1},
        {"rule": "overdue_more_than", "n": 2},
        {"rule": "report_missing"},
    ],
}
RULE_LABELS = {
    "top_n": "Xếp hạng trong {n} đơn vị dẫn đầu nhóm",
    "all_on_time": "Hoàn thành mọi nhiệm vụ đúng hạn và nộp mọi báo cáo đúng hạn",
    "band": "Xếp loại {band}",
    "bottom_n": "Xếp hạng trong {n} đơn vị cuối nhóm",
    "overdue_more_than": "Có hơn {n} nhiệm vụ quá hạn tại ngày chốt",
    "report_missing": "Không nộp báo cáo định kỳ",
}
COMMENDATION_RULES = ("top_n", "all_on_time", "band")
CRITICISM_RULES = ("bottom_n", "overdue_more_than", "report_missing", "band")


def rule_label(rule: dict) -> str:
    return RULE_LABELS.get(rule.get("rule"), rule.get("rule", "")).format(
        n=rule.get("n", ""), band=rule.get("band", "")
    )


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _group_label(group: str) -> str:
    try:
        return str(UnitGroup(group).label).lower()
    except ValueError:
        return group


def _fires(rule: dict, row: dict, facts: dict) -> bool:
    kind = rule.get("rule")
    n = int(rule.get("n", 0) or 0)
    tasks, reports = facts["tasks"], facts["reports"]
    if kind == "top_n":
        return row["rank"] <= n and row["total"] > 0
    if kind == "bottom_n":
        # Never the whole group, never a unit sharing the first place.
        return row["group_size"] > n and row["from_bottom"] <= n and row["rank"] > 1
    if kind == "all_on_time":
        return (
            len(tasks["due"]) > 0
            and len(tasks["on_time"]) == len(tasks["due"])
            and len(reports["on_time"]) == len(reports["required"])
        )
    if kind == "overdue_more_than":
        return len(tasks["overdue"]) > n
    if kind == "report_missing":
        return len(reports["missing"]) > 0
    if kind == "band":
        return row["band"] == rule.get("band")
    return False


def grounds_text(kind: str, fired: list[str], row: dict, facts: dict, cycle) -> str:
    """The grounds drawn from the data, e.g. "Xếp thứ 1/13 trong nhóm sở, ban, ngành với
    92,5/100 điểm, xếp loại Tốt; hoàn thành 12/12 nhiệm vụ đúng hạn; nộp đủ 4/4 báo cáo đúng
    hạn"."""
    tasks, reports = facts["tasks"], facts["reports"]
    parts = []
    if {"top_n", "bottom_n", "band"} & set(fired):
        parts.append(
            f"xếp thứ {row['rank']}/{row['group_size']} trong nhóm {_group_label(row['group'])} "
            f"với {fmt_points(row['total'])}/{fmt_points(row['max_total'])} điểm, "
            f"xếp loại {row['band']}"
        )
    due = len(tasks["due"])
    if kind == Proposal.Kind.COMMENDATION and "all_on_time" in fired:
        parts.append(f"hoàn thành {len(tasks['on_time'])}/{due} nhiệm vụ đúng hạn")
        required = len(reports["required"])
        if required:
            parts.append(f"nộp đủ {len(reports['on_time'])}/{required} báo cáo đúng hạn")
    if kind == Proposal.Kind.CRITICISM:
        if "overdue_more_than" in fired or (fired and tasks["overdue"]):
            parts.append(
                f"còn {len(tasks['overdue'])}/{due} nhiệm vụ quá hạn tại ngày chốt "
                f"{vn_date(cycle.cut_off)}"
            )
        if "report_missing" in fired:
            labels = [reports["periods"].get(str(pid), str(pid)) for pid in reports["missing"]]
            required = len(reports["required"])
            parts.append(
                f"không nộp {len(labels)}/{required} báo cáo định kỳ ({', '.join(labels)})"
            )
    return _capitalise("; ".join(parts)) + "." if parts else ""


def draw_proposals(cycle: EvaluationCycle, rows: list[dict], facts: dict[int, dict]) -> dict:
    """{"commendation": [...], "criticism": [...]}: each {unit_id, unit_name, grounds, rules},
    in ranking order, a unit once per list with every rule that fired for it.

    A unit that a criticism rule catches is not proposed for commendation as well (the
    standing agency may still add it by hand, with its reason)."""
    rules = cycle.rules or DEFAULT_RULES
    drawn = {Proposal.Kind.COMMENDATION.value: [], Proposal.Kind.CRITICISM.value: []}
    criticised = set()
    for kind, allowed in (
        (Proposal.Kind.CRITICISM.value, CRITICISM_RULES),
        (Proposal.Kind.COMMENDATION.value, COMMENDATION_RULES),
    ):
        for row in rows:
            unit_facts = facts.get(row["unit_id"])
            if unit_facts is None or (
                kind == Proposal.Kind.COMMENDATION and row["unit_id"] in criticised
            ):
                continue
            fired = [
                r["rule"]
                for r in rules.get(kind, [])
                if r.get("rule") in allowed and _fires(r, row, unit_facts)
            ]
            if fired:
                if kind == Proposal.Kind.CRITICISM:
                    criticised.add(row["unit_id"])
                drawn[kind].append(
                    {
                        "unit_id": row["unit_id"],
                        "unit_name": row["unit_name"],
                        "grounds": grounds_text(kind, fired, row, unit_facts, cycle),
                        "rules": fired,
                    }
                )
    return drawn


def proposal_lists(cycle: EvaluationCycle, *, include_excluded: bool = False) -> dict:
    """The proposals: the stored lists once drawn (at approval), else a preview drawn from the
    provisional results. {"commendation": [...], "criticism": [...], "preview": bool}; each
    item {id, unit_id, unit_name, person_name, grounds, rules, origin, included, reason}."""
    stored = list(Proposal.objects.filter(cycle=cycle).order_by("kind", "order", "id"))
    if stored or cycle.is_published:
        lists = {"commendation": [], "criticism": [], "preview": False}
        for p in stored:
            if p.included or include_excluded:
                lists[p.kind].append(
                    {
                        "id": p.pk,
                        "unit_id": p.unit_id,
                        "unit_name": p.unit_name,
                        "person_name": p.person_name,
                        "grounds": p.grounds,
                        "rules": p.rules,
                        "origin": p.origin,
                        "included": p.included,
                        "reason": p.reason,
                    }
                )
        return lists
    rows = cycle_results(cycle)
    facts = facts_for(cycle, [row["unit_id"] for row in rows])
    drawn = draw_proposals(cycle, rows, facts)
    return {
        kind: [
            {
                "id": None,
                "person_name": "",
                "origin": Proposal.Origin.RULE,
                "included": True,
                "reason": "",
                **item,
            }
            for item in items
        ]
        for kind, items in drawn.items()
    } | {"preview": True}
