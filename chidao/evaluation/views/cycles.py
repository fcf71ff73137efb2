"""Cycle pages: the list, creation, the ranking, one unit's sheet, the steps and the settings."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core import policy
from chidao.evaluation import formulas, selectors, services
from chidao.evaluation.models import (
    EvaluationCycle,
    EvidenceFile,
    UnitGroup,
)
from chidao.evaluation.services import EvaluationError
from chidao.evaluation.views.common import _can_edit_sets, _managed_committees, _refused
from chidao.evaluation.views.forms import CycleCreateForm, SettingsForm
from chidao.units.models import Unit

# ---- cycles


@login_required
def cycle_list(request):
    user = request.user
    cycles = list(
        selectors.visible_cycles(user).annotate(n_units=Count("units")).order_by("-year", "name")
    )
    context = {
        "cycles": cycles,
        "can_create": policy.manages_any_committee(user),
        "can_edit_sets": _can_edit_sets(user),
        "is_focal": policy.is_focal(user) and bool(user.unit_id),
    }
    return render(request, "evaluation/cycle_list.html", context)


@login_required
def cycle_create(request):
    managed = _managed_committees(request.user)
    if not managed:
        raise PermissionDenied(_("Chỉ cơ quan thường trực mới tạo đợt đánh giá."))
    today = timezone.localdate()
    form = CycleCreateForm(
        request.POST or None,
        committees=managed,
        initial={
            "committee": managed[0].pk,
            "year": today.year,
            "name": _("Đánh giá Chỉ số cải cách hành chính năm %(year)s") % {"year": today.year},
            "self_assessment_deadline": dt.date(today.year, 12, 10),
            "cut_off": dt.date(today.year, 12, 14),
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                cycle = services.cycle_create(
                    actor=request.user,
                    committee=data["committee"],
                    year=data["year"],
                    name=data["name"],
                    criteria_sets=data["criteria_sets"],
                    units=[
                        u
                        for u in services.default_units(data["committee"], data["year"])
                        if services.group_of(u) in {s.unit_group for s in data["criteria_sets"]}
                    ],
                    self_assessment_deadline=data["self_assessment_deadline"],
                    cut_off=data["cut_off"],
                )
            except EvaluationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc))
                status = exc.status
            else:
                messages.success(request, _("Đã tạo đợt đánh giá."))
                return redirect("evaluation-ranking", pk=cycle.pk)
        else:
            status = 422
    return render(request, "evaluation/cycle_create.html", {"form": form}, status=status)


def _steps(user, cycle: EvaluationCycle) -> list[dict]:
    """The actions the user may take on the cycle now, as buttons."""
    state = EvaluationCycle.State
    manage, approve = selectors.can_manage(user, cycle), selectors.can_approve(user, cycle)
    steps = []
    if manage and cycle.state == state.OPEN:
        steps.append({"action": "open", "label": _("Mở cho đơn vị tự chấm")})
    if manage and cycle.state in (state.OPEN, state.SELF_ASSESSMENT, state.APPRAISAL):
        steps.append({"action": "compute", "label": _("Tính điểm từ dữ liệu (đến ngày chốt)")})
    if manage and cycle.state == state.SELF_ASSESSMENT:
        steps.append({"action": "appraisal", "label": _("Kết thúc tự chấm, bắt đầu thẩm định")})
    if approve and cycle.state == state.APPRAISAL:
        steps.append({"action": "approve", "label": _("Phê duyệt và công bố kết quả")})
    if approve and cycle.state == state.APPROVED:
        steps.append({"action": "lock", "label": _("Khóa kết quả")})
        steps.append({"action": "reopen", "label": _("Mở lại để thẩm định"), "reason": True})
    return steps


@login_required
def cycle_ranking(request, pk: int):
    """The ranking of every group with bars, bands and the change since the previous cycle."""
    user = request.user
    cycle = selectors.get_visible_cycle(user, pk)
    context = {
        "cycle": cycle,
        "manage": selectors.can_manage(user, cycle),
        "steps": _steps(user, cycle),
        "own_unit": user.unit_id
        if user.role == "focal" and cycle.units.filter(unit_id=user.unit_id).exists()
        else None,
        "published": cycle.is_published,
        "can_see_results": selectors.can_see_results(user, cycle),
        "can_see_proposals": selectors.can_see_proposals(user, cycle),
    }
    if context["can_see_results"]:
        rows = selectors.cycle_results(cycle)
        previous = selectors.previous_results(cycle)
        groups = []
        for group in UnitGroup:
            members = [row for row in rows if row["group"] == group.value]
            if not members:
                continue
            scale = max(row["max_total"] for row in members)
            for row in members:
                row["previous"] = selectors.compare(row, previous.get(row["unit_id"]))
            groups.append(
                {"value": group.value, "label": group.label, "rows": members, "scale": scale}
            )
        context["groups"] = groups
        context["bands"] = sorted(
            cycle.bands or selectors.DEFAULT_BANDS, key=lambda b: -float(b["min_percent"])
        )
    return render(request, "evaluation/ranking.html", context)


@login_required
def unit_sheet(request, pk: int, unit_id: int):
    """One unit: per-field profile, and for every leaf where its points came from."""
    user = request.user
    cycle = selectors.get_visible_cycle(user, pk)
    if not selectors.can_see_unit(user, cycle, unit_id):
        if not cycle.units.filter(unit_id=unit_id).exists():
            raise Http404("No such unit in this cycle.")
        raise PermissionDenied(_("Kết quả chưa được Ban Chỉ đạo phê duyệt, công bố."))
    result = selectors.unit_result(cycle, unit_id)
    if result is None:
        raise Http404("No such unit in this cycle.")
    previous = selectors.previous_results(cycle).get(unit_id)
    comparison = selectors.compare(result, previous)
    fields = []
    for field in result["fields"]:
        field = dict(field)
        field["lines"] = [
            line
            for line in result["lines"]
            if line["field_code"] == field["code"] and line["level"] > 1
        ]
        field["line"] = next(
            (line for line in result["lines"] if line["code"] == field["code"]), None
        )
        if comparison and field["code"] in comparison["fields"]:
            field["previous"] = comparison["fields"][field["code"]]
        fields.append(field)
    evidence: dict[int, list] = {}
    for item in EvidenceFile.objects.filter(score__cycle=cycle, score__unit_id=unit_id).order_by(
        "uploaded_at", "id"
    ):
        evidence.setdefault(item.score_id, []).append(item)
    for line in result["lines"]:
        line["files"] = evidence.get(line.get("score_id"), [])
    context = {
        "cycle": cycle,
        "result": result,
        "fields": fields,
        "comparison": comparison,
        "unit": get_object_or_404(Unit, pk=unit_id),
        "can_self_assess": selectors.can_self_assess(user, cycle, unit_id)
        and cycle.state == EvaluationCycle.State.SELF_ASSESSMENT,
        "can_appraise": selectors.can_manage(user, cycle)
        and cycle.state == EvaluationCycle.State.APPRAISAL,
        "formulas": formulas.REGISTRY,
    }
    return render(request, "evaluation/unit.html", context)


@login_required
@require_POST
def cycle_action(request, pk: int, action: str):
    """A step of the cycle (open, compute, appraisal, approve, lock, reopen)."""
    cycle = selectors.get_visible_cycle(request.user, pk)
    target = reverse("evaluation-ranking", args=[cycle.pk])
    runs = {
        "open": (services.cycle_open_self_assessment, _("Đã mở cho đơn vị tự chấm.")),
        "appraisal": (services.cycle_start_appraisal, _("Đã kết thúc tự chấm; bắt đầu thẩm định.")),
        "approve": (services.cycle_approve, _("Đã phê duyệt và công bố kết quả.")),
        "lock": (services.cycle_lock, _("Đã khóa kết quả.")),
    }
    try:
        if action == "compute":
            changed = services.fill_computed(actor=request.user, cycle=cycle)
            messages.success(request, _("Đã tính lại; %(n)s điểm thay đổi.") % {"n": changed})
        elif action == "reopen":
            services.cycle_reopen(
                actor=request.user, cycle=cycle, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã mở lại để thẩm định."))
        elif action in runs:
            run, message = runs[action]
            run(actor=request.user, cycle=cycle)
            messages.success(request, message)
        else:
            raise Http404("Unknown action.")
    except EvaluationError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from exc
        return _refused(request, exc, target)
    return redirect(target)


@login_required
def cycle_settings(request, pk: int):
    cycle = selectors.get_visible_cycle(request.user, pk)
    if not selectors.can_manage(request.user, cycle):
        raise PermissionDenied(_("Chỉ cơ quan thường trực mới sửa thiết lập đợt đánh giá."))
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(cycle))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.cycle_update_settings(
                    actor=request.user,
                    cycle=cycle,
                    bands=form.bands(),
                    rules=form.rules(),
                    self_assessment_deadline=form.cleaned_data["self_assessment_deadline"],
                    cut_off=form.cleaned_data["cut_off"],
                )
            except EvaluationError as exc:
                form.add_error(None, str(exc))
                status = exc.status
            else:
                messages.success(request, _("Đã lưu thiết lập."))
                return redirect("evaluation-ranking", pk=cycle.pk)
        else:
            status = 422
    return render(
        request,
        "evaluation/settings.html",
        {"cycle": cycle, "form": form, "locked": cycle.is_published},
        status=status,
    )
