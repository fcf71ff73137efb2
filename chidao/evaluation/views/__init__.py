"""Evaluation pages: the cycles, the ranking (bars), one unit's sheet (where every point came
from, per-field profile, comparison with the previous cycle), the unit's self-assessment, the
standing agency's appraisal, the cycle's settings and steps, the proposals with their Word
document, the criteria sets with Excel import and export, and evidence downloads.

Views stay thin: reads come from `chidao.evaluation.selectors` (which also says who may see
what: a cycle one may not see is a 404), every change goes through
`chidao.evaluation.services`; a refusal shows its message with the status the service chose.

By what they hold: cycles, scoring (self-assessment, appraisal), proposals, criteria (and
evidence), with their forms and shared helpers.
"""

from chidao.evaluation.views.common import (
    DOCX,
    XLSX,
)
from chidao.evaluation.views.criteria import (
    criteria_set_detail,
    criteria_set_export,
    criteria_set_import,
    criteria_sets,
    evidence_download,
)
from chidao.evaluation.views.cycles import (
    cycle_action,
    cycle_create,
    cycle_list,
    cycle_ranking,
    cycle_settings,
    unit_sheet,
)
from chidao.evaluation.views.forms import (
    AppraiseForm,
    CycleCreateForm,
    ExternalForm,
    ImportForm,
    ProposalAddForm,
    ProposalEditForm,
    SelfAssessForm,
    SettingsForm,
)
from chidao.evaluation.views.proposals import (
    proposal_add,
    proposal_edit,
    proposals,
    proposals_docx,
    proposals_response,
)
from chidao.evaluation.views.scoring import (
    appraisal,
    appraisal_unit,
    appraise_accept_all,
    appraise_score,
    self_assess_score,
    self_assessment,
)

__all__ = [
    "DOCX",
    "XLSX",
    "AppraiseForm",
    "CycleCreateForm",
    "ExternalForm",
    "ImportForm",
    "ProposalAddForm",
    "ProposalEditForm",
    "SelfAssessForm",
    "SettingsForm",
    "cycle_action",
    "cycle_create",
    "cycle_list",
    "cycle_ranking",
    "cycle_settings",
    "unit_sheet",
    "appraisal",
    "appraisal_unit",
    "appraise_accept_all",
    "appraise_score",
    "self_assess_score",
    "self_assessment",
    "proposal_add",
    "proposal_edit",
    "proposals",
    "proposals_docx",
    "proposals_response",
    "criteria_set_detail",
    "criteria_set_export",
    "criteria_set_import",
    "criteria_sets",
    "evidence_download",
]
