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

By what they hold: access, results (sheet, totals, ranks, previous cycle), proposals.
Callers import from this package.
"""

from chidao.evaluation.selectors.access import (
    can_approve,
    can_manage,
    can_see_own_self_assessment,
    can_see_proposals,
    can_see_results,
    can_see_unit,
    can_self_assess,
    get_visible_cycle,
    visible_cycles,
)
from chidao.evaluation.selectors.proposals import (
    COMMENDATION_RULES,
    CRITICISM_RULES,
    DEFAULT_RULES,
    RULE_LABELS,
    draw_proposals,
    facts_for,
    grounds_text,
    proposal_lists,
    rule_label,
)
from chidao.evaluation.selectors.results import (
    DEFAULT_BANDS,
    GROUP_ORDER,
    NUMERIC_LINE_KEYS,
    SCORE_FIELDS,
    SOURCE_LABELS,
    ZERO,
    Sheet,
    assign_ranks,
    band_for,
    compare,
    cycle_results,
    effective,
    fmt_points,
    line_from_json,
    line_to_json,
    live_results,
    percent_of,
    previous_cycle,
    previous_results,
    unit_result,
)

__all__ = [
    "can_approve",
    "can_manage",
    "can_see_own_self_assessment",
    "can_see_proposals",
    "can_see_results",
    "can_see_unit",
    "can_self_assess",
    "get_visible_cycle",
    "visible_cycles",
    "DEFAULT_BANDS",
    "GROUP_ORDER",
    "NUMERIC_LINE_KEYS",
    "SCORE_FIELDS",
    "SOURCE_LABELS",
    "Sheet",
    "ZERO",
    "assign_ranks",
    "band_for",
    "compare",
    "cycle_results",
    "effective",
    "fmt_points",
    "line_from_json",
    "line_to_json",
    "live_results",
    "percent_of",
    "previous_cycle",
    "previous_results",
    "unit_result",
    "COMMENDATION_RULES",
    "CRITICISM_RULES",
    "DEFAULT_RULES",
    "RULE_LABELS",
    "draw_proposals",
    "facts_for",
    "grounds_text",
    "proposal_lists",
    "rule_label",
]
