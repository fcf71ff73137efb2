"""Scores: the unit's self-assessment with its evidence, the standing agency's appraisal,
external scores, and the computed leaves filled from tasks and reports."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import record_change, snapshot
from chidao.core import policy
from chidao.evaluation import formulas, selectors
from chidao.evaluation.models import (
    EvaluationCycle,
    EvidenceFile,
    Method,
    ScoreChange,
    UnitScore,
)
from chidao.evaluation.services.common import (
    EvaluationError,
    State,
    _change,
    _lock_cycle,
    _now,
    _points_in_range,
    _refuse,
    _require_manager,
    _require_state,
    _today,
)
from chidao.storage import files
from chidao.units.models import Unit

# ---- scores


def _score(score: UnitScore) -> tuple[UnitScore, EvaluationCycle]:
    score = (
        UnitScore.objects.select_for_update().select_related("criterion", "cycle").get(pk=score.pk)
    )
    return score, _lock_cycle(score.cycle)


@files.atomic()
def self_assess(
    *,
    actor,
    score: UnitScore,
    value,
    explanation: str,
    uploads: Iterable = (),
    today: dt.date | None = None,
) -> UnitScore:
    """The unit's focal person scores a self-assessed leaf, explains it and attaches evidence,
    while the cycle is in self-assessment and by its deadline."""
    score, cycle = _score(score)
    # Rights first: another unit learns nothing of this cycle's state from the answer.
    if not policy.is_system(actor) and not selectors.can_self_assess(actor, cycle, score.unit_id):
        _refuse(_("Chỉ đầu mối của đơn vị mới tự chấm điểm của đơn vị."))
    _require_state(cycle, State.SELF_ASSESSMENT)
    if score.criterion.method != Method.SELF_ASSESSED:
        _refuse(_("Tiêu chí này không do đơn vị tự chấm."), status=409)
    today = today or _today()
    if today > cycle.self_assessment_deadline:
        _refuse(
            _("Đã quá hạn tự chấm (%(date)s).")
            % {"date": cycle.self_assessment_deadline.strftime("%d/%m/%Y")},
            status=409,
        )
    value = _points_in_range(value, score.criterion.max_points)
    explanation = (explanation or "").strip()
    if not explanation:
        _refuse(_("Cần giải trình điểm tự chấm."), status=422, field="explanation")
    try:
        checked = [(upload, *files.check_upload(upload)) for upload in uploads]
    except files.UploadRejected as exc:
        raise EvaluationError(str(exc), field="files") from exc
    before = snapshot(score)
    old = score.self_score
    score.self_score = value
    score.explanation = explanation
    score.self_assessed_at = _now()
    score.self_assessed_by = policy.as_user(actor)
    score.save()
    for upload, content_type, content in checked:
        evidence = EvidenceFile.create_stored(
            content=content,
            content_type=content_type,
            original_name=upload.name,
            uploaded_by=policy.as_user(actor),
            score=score,
        )
        record_change(actor=actor, action="create", target=evidence, after=snapshot(evidence))
    _change(score, ScoreChange.Kind.SELF, old, value, actor=actor, reason=explanation)
    record_change(actor=actor, action="update", target=score, before=before, after=snapshot(score))
    return score


def _require_appraisal_step(actor, cycle):
    _require_manager(actor, cycle)
    _require_state(cycle, State.APPRAISAL)


@transaction.atomic
def appraise(*, actor, score: UnitScore, accept: bool, value=None, reason: str = "") -> UnitScore:
    """The standing agency confirms the unit's score (accept) or sets another one with a
    reason (adjust). Both are kept in the history."""
    score, cycle = _score(score)
    _require_appraisal_step(actor, cycle)
    if score.criterion.method != Method.SELF_ASSESSED:
        _refuse(_("Chỉ thẩm định tiêu chí do đơn vị tự chấm."), status=409)
    reason = (reason or "").strip()
    if accept:
        if score.self_score is None:
            _refuse(_("Đơn vị chưa tự chấm tiêu chí này: hãy chấm điểm thẩm định."), status=409)
        new, kind = score.self_score, ScoreChange.Kind.ACCEPTED
    else:
        new = _points_in_range(value, score.criterion.max_points)
        if not reason:
            _refuse(_("Điều chỉnh điểm cần nêu lý do."), status=422, field="reason")
        kind = ScoreChange.Kind.ADJUSTED
    before = snapshot(score)
    old = score.appraised_score
    score.appraised_score = new
    score.appraisal_reason = reason
    score.appraised_at = _now()
    score.appraised_by = policy.as_user(actor)
    score.save()
    _change(score, kind, old, new, actor=actor, reason=reason)
    record_change(actor=actor, action="update", target=score, before=before, after=snapshot(score))
    return score


@transaction.atomic
def appraise_accept_all(*, actor, cycle: EvaluationCycle, unit: Unit | None = None) -> int:
    """Accept every self-score not yet appraised (of one unit, or of all)."""
    cycle = _lock_cycle(cycle)
    _require_appraisal_step(actor, cycle)
    pending = UnitScore.objects.select_for_update().filter(
        cycle=cycle,
        criterion__method=Method.SELF_ASSESSED,
        self_score__isnull=False,
        appraised_score__isnull=True,
    )
    if unit is not None:
        pending = pending.filter(unit=unit)
    now, count = _now(), 0
    for score in pending:
        score.appraised_score = score.self_score
        score.appraisal_reason = ""
        score.appraised_at = now
        score.appraised_by = policy.as_user(actor)
        score.save(
            update_fields=["appraised_score", "appraisal_reason", "appraised_at", "appraised_by"]
        )
        _change(score, ScoreChange.Kind.ACCEPTED, None, score.self_score, actor=actor)
        count += 1
    record_change(
        actor=actor,
        action="update",
        target=cycle,
        after={"accepted_self_scores": count, "unit": unit.pk if unit else None},
    )
    return count


@transaction.atomic
def external_enter(*, actor, score: UnitScore, value, source: str) -> UnitScore:
    """A score from an outside source (a survey of satisfaction...), naming the source."""
    score, cycle = _score(score)
    _require_manager(actor, cycle)
    _require_state(cycle, State.SELF_ASSESSMENT, State.APPRAISAL)
    if score.criterion.method != Method.EXTERNAL:
        _refuse(_("Tiêu chí này không lấy điểm từ nguồn ngoài."), status=409)
    value = _points_in_range(value, score.criterion.max_points)
    source = (source or "").strip()
    if not source:
        _refuse(_("Cần ghi nguồn của điểm."), status=422, field="source")
    before = snapshot(score)
    old = score.external_score
    score.external_score = value
    score.external_source = source[:500]
    score.save(update_fields=["external_score", "external_source"])
    _change(score, ScoreChange.Kind.EXTERNAL, old, value, actor=actor, reason=source)
    record_change(actor=actor, action="update", target=score, before=before, after=snapshot(score))
    return score


def _fill_computed(actor, cycle: EvaluationCycle) -> int:
    scores = list(
        UnitScore.objects.select_for_update()
        .filter(cycle=cycle, criterion__method=Method.COMPUTED)
        .select_related("criterion")
    )
    facts = selectors.facts_for(cycle, {s.unit_id for s in scores})
    now, changed = _now(), 0
    for score in scores:
        value, detail = formulas.compute(
            score.criterion.formula_key, facts[score.unit_id], score.criterion.max_points
        )
        if score.computed_value == value and score.computed_detail == detail:
            continue
        old = score.computed_value
        score.computed_value, score.computed_detail, score.computed_at = value, detail, now
        score.save(update_fields=["computed_value", "computed_detail", "computed_at"])
        if old != value:
            _change(
                score,
                ScoreChange.Kind.COMPUTED,
                old,
                value,
                actor=actor,
                reason=formulas.describe(detail),
            )
        changed += 1
    return changed


@transaction.atomic
def fill_computed(*, actor, cycle: EvaluationCycle) -> int:
    """Compute every computed leaf of every unit from the data as of the cut-off; returns how
    many scores changed. Safe to run again."""
    cycle = _lock_cycle(cycle)
    _require_manager(actor, cycle)
    _require_state(cycle, State.OPEN, State.SELF_ASSESSMENT, State.APPRAISAL)
    changed = _fill_computed(actor, cycle)
    record_change(
        actor=actor,
        action="update",
        target=cycle,
        after={"computed_as_of": cycle.cut_off.isoformat(), "changed_scores": changed},
    )
    return changed
