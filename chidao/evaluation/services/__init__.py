"""Every change to evaluations. Each function is one user action: one transaction, its history
row (ScoreChange for scores) and its change-log row, written here and nowhere else.

A refusal is an EvaluationError whose `status` is the HTTP answer: 403 (not allowed), 409
(not in this state: a locked cycle never changes, an approved one keeps its scores) or 422
(bad input, naming the field).

By what they hold: common (refusal, locks, checks), criteria (criteria sets and Excel),
cycles (creation, settings, steps), scores (self-assessment, appraisal, external and computed
scores), approval (approve, reopen, lock, proposals). Callers import from this package.
"""

from chidao.evaluation.services.approval import (
    cycle_approve,
    cycle_lock,
    cycle_reopen,
    proposal_add,
    proposal_edit,
)
from chidao.evaluation.services.common import (
    COMMUNE_KINDS,
    DEFAULT_BANDS,
    DEFAULT_RULES,
    EvaluationError,
    State,
)
from chidao.evaluation.services.criteria import (
    COLUMNS,
    INFO_SHEET,
    criteria_rows,
    criteria_set_create,
    criteria_set_export_xlsx,
    criteria_set_import_xlsx,
    read_criteria_xlsx,
)
from chidao.evaluation.services.cycles import (
    cycle_add_units,
    cycle_create,
    cycle_open_self_assessment,
    cycle_start_appraisal,
    cycle_update_settings,
    default_units,
    group_of,
)
from chidao.evaluation.services.scores import (
    appraise,
    appraise_accept_all,
    external_enter,
    fill_computed,
    self_assess,
)

__all__ = [
    "COMMUNE_KINDS",
    "DEFAULT_BANDS",
    "DEFAULT_RULES",
    "EvaluationError",
    "State",
    "COLUMNS",
    "INFO_SHEET",
    "criteria_rows",
    "criteria_set_create",
    "criteria_set_export_xlsx",
    "criteria_set_import_xlsx",
    "read_criteria_xlsx",
    "cycle_add_units",
    "cycle_create",
    "cycle_open_self_assessment",
    "cycle_start_appraisal",
    "cycle_update_settings",
    "default_units",
    "group_of",
    "appraise",
    "appraise_accept_all",
    "external_enter",
    "fill_computed",
    "self_assess",
    "cycle_approve",
    "cycle_lock",
    "cycle_reopen",
    "proposal_add",
    "proposal_edit",
]
