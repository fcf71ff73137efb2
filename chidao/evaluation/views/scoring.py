"""Scoring pages: the unit's self-assessment with evidence and history, and the standing
agency's appraisal (per unit, per score, or all at once)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core import policy
from chidao.core.error_views import form_errors
from chidao.evaluation import formulas, selectors, services
from chidao.evaluation.models import (
    CycleUnit,
    EvaluationCycle,
    EvidenceFile,
    Method,
    ScoreChange,
    UnitScore,
)
from chidao.evaluation.services import EvaluationError
from chidao.evaluation.views.common import _refused
from chidao.evaluation.views.forms import AppraiseForm, ExternalForm, SelfAssessForm

# ---- self-assessment


def _history(score_ids) -> dict[int, list]:
    history: dict[int, list] = {}
    for change in (
        ScoreChange.objects.filter(score_id__in=score_ids)
        .select_related("actor")
        .order_by("created_at", "id")
    ):
        history.setdefault(change.score_id, []).append(change)
    return history


def _evidence(score_ids) -> dict[int, list]:
    found: dict[int, list] = {}
    for evidence in EvidenceFile.objects.filter(score_id__in=score_ids).order_by("uploaded_at"):
        found.setdefault(evidence.score_id, []).append(evidence)
    return found


def _sheet_rows(cycle, unit_id, *, methods=None):
    """The unit's leaves with their score rows, evidence and history (four queries)."""
    scores = (
        UnitScore.objects.filter(cycle=cycle, unit_id=unit_id)
        .select_related("criterion")
        .order_by("criterion__order", "id")
    )
    if methods:
        scores = scores.filter(criterion__method__in=methods)
    scores = list(scores)
    ids = [s.pk for s in scores]
    history, evidence = _history(ids), _evidence(ids)
    for score in scores:
        score.history = history.get(score.pk, [])
        for change in score.history:
            change.actor_title = policy.actor_title(change.actor_label)
        score.files = evidence.get(score.pk, [])
        score.effective, score.source = selectors.effective(
            {
                "self_score": score.self_score,
                "appraised_score": score.appraised_score,
                "computed_value": score.computed_value,
                "external_score": score.external_score,
            },
            score.criterion.method,
        )
    return scores


@login_required
def self_assessment(request, pk: int):
    """The focal person's sheet for their own unit: a form per self-assessed leaf while the
    cycle is in self-assessment and before the deadline; read-only otherwise."""
    user = request.user
    cycle = selectors.get_visible_cycle(user, pk)
    if not user.unit_id or not cycle.units.filter(unit_id=user.unit_id).exists():
        raise PermissionDenied(_("Đơn vị của bạn không thuộc đợt đánh giá này."))
    member = cycle.units.get(unit_id=user.unit_id)
    open_now = (
        cycle.state == EvaluationCycle.State.SELF_ASSESSMENT
        and timezone.localdate() <= cycle.self_assessment_deadline
        and selectors.can_self_assess(user, cycle, user.unit_id)
    )
    scores = _sheet_rows(cycle, user.unit_id, methods=[Method.SELF_ASSESSED])
    for score in scores:
        if not cycle.is_published:  # the appraisal is part of the results, published later
            score.appraised_score, score.appraisal_reason = None, ""
            score.history = [c for c in score.history if c.kind == ScoreChange.Kind.SELF]
        score.form = (
            SelfAssessForm(
                initial={"score": score.self_score, "explanation": score.explanation},
                prefix=f"s{score.pk}",
            )
            if open_now
            else None
        )
    done = sum(1 for s in scores if s.self_score is not None)
    return render(
        request,
        "evaluation/self_assessment.html",
        {
            "cycle": cycle,
            "member": member,
            "scores": scores,
            "open_now": open_now,
            "done": done,
            "total": len(scores),
        },
    )


@login_required
@require_POST
def self_assess_score(request, pk: int, score_id: int):
    user = request.user
    cycle = selectors.get_visible_cycle(user, pk)
    score = UnitScore.objects.filter(cycle=cycle, pk=score_id, unit_id=user.unit_id).first()
    if score is None:
        raise Http404("No such score of your unit.")
    target = reverse("evaluation-self-assessment", args=[cycle.pk]) + f"#score-{score.pk}"
    form = SelfAssessForm(request.POST, request.FILES, prefix=f"s{score.pk}")
    if not form.is_valid():
        messages.error(request, _("Chưa lưu: %(errors)s") % {"errors": form_errors(form)})
        return redirect(target)
    try:
        services.self_assess(
            actor=user,
            score=score,
            value=form.cleaned_data["score"],
            explanation=form.cleaned_data["explanation"],
            uploads=form.cleaned_data["files"],
        )
    except EvaluationError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from exc
        return _refused(request, exc, target)
    messages.success(
        request, _("Đã lưu điểm tự chấm tiêu chí %(code)s.") % {"code": score.criterion.code}
    )
    return redirect(target)


# ---- appraisal


@login_required
def appraisal(request, pk: int):
    """Units of the cycle with their self-assessment and appraisal progress."""
    cycle = selectors.get_visible_cycle(request.user, pk)
    if not selectors.can_manage(request.user, cycle):
        raise PermissionDenied(_("Chỉ cơ quan thường trực mới thẩm định."))
    members = list(cycle.units.order_by("group", "unit_name"))
    counts = {
        row["unit_id"]: row
        for row in UnitScore.objects.filter(cycle=cycle, criterion__method=Method.SELF_ASSESSED)
        .values("unit_id")
        .annotate(
            leaves=Count("id"),
            self_done=Count("id", filter=Q(self_score__isnull=False)),
            appraised=Count("id", filter=Q(appraised_score__isnull=False)),
        )
    }
    for member in members:
        member.counts = counts.get(member.unit_id, {"leaves": 0, "self_done": 0, "appraised": 0})
    return render(
        request,
        "evaluation/appraisal.html",
        {
            "cycle": cycle,
            "members": members,
            "open": cycle.state == EvaluationCycle.State.APPRAISAL,
        },
    )


@login_required
def appraisal_unit(request, pk: int, unit_id: int):
    cycle = selectors.get_visible_cycle(request.user, pk)
    if not selectors.can_manage(request.user, cycle):
        raise PermissionDenied(_("Chỉ cơ quan thường trực mới thẩm định."))
    member = get_object_or_404(CycleUnit, cycle=cycle, unit_id=unit_id)
    appraising = cycle.state == EvaluationCycle.State.APPRAISAL
    external_open = cycle.state in (
        EvaluationCycle.State.SELF_ASSESSMENT,
        EvaluationCycle.State.APPRAISAL,
    )
    scores = _sheet_rows(cycle, unit_id)
    for score in scores:
        method = score.criterion.method
        score.form = None
        if method == Method.SELF_ASSESSED and appraising:
            score.form = AppraiseForm(
                initial={
                    "decision": "adjust" if score.self_score is None else "accept",
                    "score": score.appraised_score,
                    "reason": score.appraisal_reason,
                },
                prefix=f"a{score.pk}",
            )
        elif method == Method.EXTERNAL and external_open:
            score.form = ExternalForm(
                initial={"score": score.external_score, "source": score.external_source},
                prefix=f"e{score.pk}",
            )
        if method == Method.COMPUTED:
            formula = formulas.REGISTRY.get(score.criterion.formula_key)
            score.formula_text = formula.text if formula else ""
            score.computed_text = formulas.describe(score.computed_detail)
    return render(
        request,
        "evaluation/appraisal_unit.html",
        {
            "cycle": cycle,
            "member": member,
            "scores": scores,
            "appraising": appraising,
            "pending": sum(
                1
                for s in scores
                if s.criterion.method == Method.SELF_ASSESSED
                and s.self_score is not None
                and s.appraised_score is None
            ),
        },
    )


@login_required
@require_POST
def appraise_score(request, pk: int, score_id: int):
    cycle = selectors.get_visible_cycle(request.user, pk)
    if not selectors.can_manage(request.user, cycle):
        raise PermissionDenied(_("Chỉ cơ quan thường trực mới thẩm định."))
    score = get_object_or_404(
        UnitScore.objects.select_related("criterion"), cycle=cycle, pk=score_id
    )
    target = (
        reverse("evaluation-appraisal-unit", args=[cycle.pk, score.unit_id]) + f"#score-{score.pk}"
    )
    try:
        if score.criterion.method == Method.EXTERNAL:
            form = ExternalForm(request.POST, prefix=f"e{score.pk}")
            if not form.is_valid():
                messages.error(request, _("Chưa lưu: %(errors)s") % {"errors": form_errors(form)})
                return redirect(target)
            services.external_enter(
                actor=request.user,
                score=score,
                value=form.cleaned_data["score"],
                source=form.cleaned_data["source"],
            )
        else:
            form = AppraiseForm(request.POST, prefix=f"a{score.pk}")
            if not form.is_valid():
                messages.error(request, _("Chưa lưu: %(errors)s") % {"errors": form_errors(form)})
                return redirect(target)
            accept = form.cleaned_data["decision"] == "accept"
            services.appraise(
                actor=request.user,
                score=score,
                accept=accept,
                value=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
            )
    except EvaluationError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from exc
        return _refused(request, exc, target)
    messages.success(request, _("Đã lưu tiêu chí %(code)s.") % {"code": score.criterion.code})
    return redirect(target)


@login_required
@require_POST
def appraise_accept_all(request, pk: int, unit_id: int):
    cycle = selectors.get_visible_cycle(request.user, pk)
    member = get_object_or_404(CycleUnit, cycle=cycle, unit_id=unit_id)
    target = reverse("evaluation-appraisal-unit", args=[cycle.pk, unit_id])
    try:
        count = services.appraise_accept_all(actor=request.user, cycle=cycle, unit=member.unit)
    except EvaluationError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from exc
        return _refused(request, exc, target)
    messages.success(request, _("Đã chấp nhận %(n)s điểm tự chấm.") % {"n": count})
    return redirect(target)
