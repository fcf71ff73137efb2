"""Proposals: the facts of each unit (tasks, reports), the rules that fire, their grounds in
words, and the lists drawn or edited for a cycle."""

from chidao.core.dates import vn_date
from chidao.evaluation import formulas
from chidao.evaluation.models import (
    EvaluationCycle,
    Proposal,
    UnitGroup,
)
from chidao.evaluation.selectors.results import cycle_results, fmt_points

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
