"""Evaluation pages: the cycles, the ranking (bars), one unit's sheet (where every point came
from, per-field profile, comparison with the previous cycle), the unit's self-assessment, the
standing agency's appraisal, the cycle's settings and steps, the proposals with their Word
document, the criteria sets with Excel import and export, and evidence downloads.

Views stay thin: reads come from `chidao.evaluation.selectors` (which also says who may see
what: a cycle one may not see is a 404), every change goes through
`chidao.evaluation.services`; a refusal shows its message with the status the service chose.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.text import fold
from chidao.evaluation import formulas, proposals_document, selectors, services
from chidao.evaluation.models import (
    CriteriaSet,
    CycleUnit,
    EvaluationCycle,
    EvidenceFile,
    Method,
    Proposal,
    ScoreChange,
    UnitGroup,
    UnitScore,
)
from chidao.evaluation.services import EvaluationError
from chidao.storage.serve import serve_file
from chidao.tasks.forms import DateInput, MultipleFileField
from chidao.units.models import Unit

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refused(request, exc: EvaluationError, fallback: str):
    """A refused change: its message, and back where the user came from (PRG)."""
    messages.error(request, str(exc))
    return redirect(fallback)


def _filename(text: str) -> str:
    return fold(text).replace(" ", "-")[:80] or "chidao"


# ---- forms (they only parse; the rules live in the services)


class SelfAssessForm(forms.Form):
    score = forms.DecimalField(label=gettext_lazy("Điểm tự chấm"), min_value=0, decimal_places=2)
    explanation = forms.CharField(
        label=gettext_lazy("Giải trình"), widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(
        label=gettext_lazy("Tài liệu kiểm chứng"),
        required=False,
        help_text=gettext_lazy("PDF, Word, Excel, ảnh; mỗi tệp tối đa theo cấu hình."),
    )


class AppraiseForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", gettext_lazy("Chấp nhận điểm tự chấm")),
            ("adjust", gettext_lazy("Điều chỉnh")),
        ],
        widget=forms.RadioSelect,
        initial="accept",
        label=gettext_lazy("Thẩm định"),
    )
    score = forms.DecimalField(
        label=gettext_lazy("Điểm thẩm định"), required=False, min_value=0, decimal_places=2
    )
    reason = forms.CharField(
        label=gettext_lazy("Lý do điều chỉnh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExternalForm(forms.Form):
    score = forms.DecimalField(label=gettext_lazy("Điểm"), min_value=0, decimal_places=2)
    source = forms.CharField(label=gettext_lazy("Nguồn"), max_length=500)


class CycleCreateForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=gettext_lazy("Ban Chỉ đạo"), queryset=Committee.objects.none()
    )
    year = forms.IntegerField(label=gettext_lazy("Năm đánh giá"), min_value=2000, max_value=2100)
    name = forms.CharField(label=gettext_lazy("Tên đợt đánh giá"), max_length=300)
    criteria_sets = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Bộ tiêu chí (mỗi nhóm đơn vị một bộ)"),
        queryset=CriteriaSet.objects.none(),
    )
    self_assessment_deadline = forms.DateField(
        label=gettext_lazy("Hạn tự chấm"), widget=DateInput()
    )
    cut_off = forms.DateField(label=gettext_lazy("Ngày chốt số liệu"), widget=DateInput())

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.filter(
            pk__in=[c.pk for c in committees]
        ).order_by("name")
        self.fields["criteria_sets"].queryset = CriteriaSet.objects.order_by("name", "-version")


class SettingsForm(forms.Form):
    self_assessment_deadline = forms.DateField(
        label=gettext_lazy("Hạn tự chấm"), widget=DateInput()
    )
    cut_off = forms.DateField(label=gettext_lazy("Ngày chốt số liệu"), widget=DateInput())
    good = forms.DecimalField(
        label=gettext_lazy("Tốt: từ (% điểm tối đa)"), min_value=0, max_value=100
    )
    fair = forms.DecimalField(label=gettext_lazy("Khá: từ (%)"), min_value=0, max_value=100)
    average = forms.DecimalField(
        label=gettext_lazy("Trung bình: từ (%)"), min_value=0, max_value=100
    )
    top_n = forms.IntegerField(
        label=gettext_lazy("Khen thưởng: N đơn vị dẫn đầu mỗi nhóm (0: không áp dụng)"),
        min_value=0,
        max_value=50,
    )
    all_on_time = forms.BooleanField(
        label=gettext_lazy("Khen thưởng: mọi nhiệm vụ và báo cáo đúng hạn"), required=False
    )
    bottom_n = forms.IntegerField(
        label=gettext_lazy("Phê bình: N đơn vị cuối mỗi nhóm (0: không áp dụng)"),
        min_value=0,
        max_value=50,
    )
    overdue_more_than = forms.IntegerField(
        label=gettext_lazy("Phê bình: có hơn N nhiệm vụ quá hạn (để trống: không áp dụng)"),
        min_value=0,
        required=False,
    )
    report_missing = forms.BooleanField(
        label=gettext_lazy("Phê bình: không nộp báo cáo định kỳ"), required=False
    )
    weak_band = forms.BooleanField(label=gettext_lazy("Phê bình: xếp loại Yếu"), required=False)

    @classmethod
    def initial_for(cls, cycle: EvaluationCycle) -> dict:
        bands = {b["name"]: b["min_percent"] for b in (cycle.bands or selectors.DEFAULT_BANDS)}
        rules = cycle.rules or selectors.DEFAULT_RULES
        find = {
            (kind, r["rule"]): r
            for kind in ("commendation", "criticism")
            for r in rules.get(kind, [])
        }
        return {
            "self_assessment_deadline": cycle.self_assessment_deadline,
            "cut_off": cycle.cut_off,
            "good": bands.get("Tốt", 90),
            "fair": bands.get("Khá", 80),
            "average": bands.get("Trung bình", 65),
            "top_n": find.get(("commendation", "top_n"), {}).get("n", 0),
            "all_on_time": ("commendation", "all_on_time") in find,
            "bottom_n": find.get(("criticism", "bottom_n"), {}).get("n", 0),
            "overdue_more_than": find.get(("criticism", "overdue_more_than"), {}).get("n"),
            "report_missing": ("criticism", "report_missing") in find,
            "weak_band": ("criticism", "band") in find,
        }

    def bands(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {"name": "Tốt", "min_percent": float(data["good"])},
            {"name": "Khá", "min_percent": float(data["fair"])},
            {"name": "Trung bình", "min_percent": float(data["average"])},
            {"name": "Yếu", "min_percent": 0},
        ]

    def rules(self) -> dict:
        data = self.cleaned_data
        commendation, criticism = [], []
        if data["top_n"]:
            commendation.append({"rule": "top_n", "n": data["top_n"]})
        if data["all_on_time"]:
            commendation.append({"rule": "all_on_time"})
        if data["bottom_n"]:
            criticism.append({"rule": "bottom_n", "n": data["bottom_n"]})
        if data["overdue_more_than"] is not None:
            criticism.append({"rule": "overdue_more_than", "n": data["overdue_more_than"]})
        if data["report_missing"]:
            criticism.append({"rule": "report_missing"})
        if data["weak_band"]:
            criticism.append({"rule": "band", "band": "Yếu"})
        return {"commendation": commendation, "criticism": criticism}


class ProposalAddForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Danh sách"), choices=Proposal.Kind.choices)
    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị"), queryset=Unit.objects.none())
    person_name = forms.CharField(
        label=gettext_lazy("Cá nhân (nếu đề nghị cho cá nhân)"), required=False, max_length=200
    )
    grounds = forms.CharField(
        label=gettext_lazy("Căn cứ đề nghị"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(label=gettext_lazy("Lý do bổ sung"), max_length=1000)

    def __init__(self, *args, cycle=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(
            pk__in=CycleUnit.objects.filter(cycle=cycle).values("unit_id")
        ).order_by("name")
        self.fields["unit"].label_from_instance = lambda unit: unit.name


class ProposalEditForm(forms.Form):
    grounds = forms.CharField(
        label=gettext_lazy("Căn cứ đề nghị"), widget=forms.Textarea(attrs={"rows": 2})
    )
    included = forms.BooleanField(label=gettext_lazy("Đưa vào danh sách"), required=False)
    reason = forms.CharField(label=gettext_lazy("Lý do chỉnh sửa"), max_length=1000)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"))
    name = forms.CharField(
        label=gettext_lazy("Tên bộ tiêu chí (để trống: lấy trong tệp)"),
        required=False,
        max_length=300,
    )
    unit_group = forms.ChoiceField(
        label=gettext_lazy("Nhóm đơn vị"),
        choices=[("", gettext_lazy("Lấy trong tệp")), *UnitGroup.choices],
        required=False,
    )
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Là phiên bản mới của"),
        queryset=CriteriaSet.objects.order_by("name", "version"),
        required=False,
    )


# ---- cycles


def _managed_committees(user) -> list[Committee]:
    return list(Committee.objects.restrict(user, policy.CHANGE).order_by("name").only("id", "name"))


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
        messages.error(request, _("Chưa lưu: %(errors)s") % {"errors": _form_errors(form)})
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


def _form_errors(form) -> str:
    return "; ".join(f"{', '.join(errors)}" for errors in form.errors.values())


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
                messages.error(request, _("Chưa lưu: %(errors)s") % {"errors": _form_errors(form)})
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
                messages.error(request, _("Chưa lưu: %(errors)s") % {"errors": _form_errors(form)})
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


# ---- proposals


@login_required
def proposals(request, pk: int):
    cycle = selectors.get_visible_cycle(request.user, pk)
    if not selectors.can_see_proposals(request.user, cycle):
        raise PermissionDenied(_("Danh sách đề nghị chỉ dành cho cơ quan thường trực, lãnh đạo."))
    lists = selectors.proposal_lists(cycle, include_excluded=True)
    rules = cycle.rules or selectors.DEFAULT_RULES
    by_key = {
        (kind, r["rule"]): r for kind in ("commendation", "criticism") for r in rules.get(kind, [])
    }
    editable = (
        selectors.can_manage(request.user, cycle) and cycle.state == EvaluationCycle.State.APPROVED
    )
    for kind in ("commendation", "criticism"):
        for item in lists[kind]:
            item["form"] = (
                ProposalEditForm(
                    initial={"grounds": item["grounds"], "included": item["included"]},
                    prefix=f"p{item['id']}",
                )
                if editable and item["id"]
                else None
            )
            item["rule_labels"] = [
                selectors.rule_label(by_key.get((kind, r), {"rule": r})) for r in item["rules"]
            ]
    return render(
        request,
        "evaluation/proposals.html",
        {
            "cycle": cycle,
            "lists": lists,
            "editable": editable,
            "manage": selectors.can_manage(request.user, cycle),
            "add_form": ProposalAddForm(cycle=cycle) if editable else None,
            "rules": {
                kind: [selectors.rule_label(r) for r in rules.get(kind, [])]
                for kind in ("commendation", "criticism")
            },
        },
    )


@login_required
@require_POST
def proposal_add(request, pk: int):
    cycle = selectors.get_visible_cycle(request.user, pk)
    target = reverse("evaluation-proposals", args=[cycle.pk])
    form = ProposalAddForm(request.POST, cycle=cycle)
    if not form.is_valid():
        if not selectors.can_manage(request.user, cycle):
            raise PermissionDenied(_("Chỉ cơ quan thường trực mới sửa danh sách đề nghị."))
        messages.error(request, _("Chưa lưu: %(errors)s") % {"errors": _form_errors(form)})
        return redirect(target)
    try:
        services.proposal_add(actor=request.user, cycle=cycle, **form.cleaned_data)
    except EvaluationError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from exc
        return _refused(request, exc, target)
    messages.success(request, _("Đã bổ sung vào danh sách."))
    return redirect(target)


@login_required
@require_POST
def proposal_edit(request, pk: int, proposal_id: int):
    cycle = selectors.get_visible_cycle(request.user, pk)
    proposal = get_object_or_404(Proposal, cycle=cycle, pk=proposal_id)
    target = reverse("evaluation-proposals", args=[cycle.pk]) + f"#proposal-{proposal.pk}"
    form = ProposalEditForm(request.POST, prefix=f"p{proposal.pk}")
    if not form.is_valid():
        if not selectors.can_manage(request.user, cycle):
            raise PermissionDenied(_("Chỉ cơ quan thường trực mới sửa danh sách đề nghị."))
        messages.error(request, _("Chưa lưu: %(errors)s") % {"errors": _form_errors(form)})
        return redirect(target)
    try:
        services.proposal_edit(
            actor=request.user,
            proposal=proposal,
            grounds=form.cleaned_data["grounds"],
            included=form.cleaned_data["included"],
            reason=form.cleaned_data["reason"],
        )
    except EvaluationError as exc:
        if exc.status == 403:
            raise PermissionDenied(str(exc)) from exc
        return _refused(request, exc, target)
    messages.success(request, _("Đã lưu chỉnh sửa."))
    return redirect(target)


def proposals_response(request, cycle: EvaluationCycle) -> HttpResponse:
    """The proposal document as a download, issued by the user's unit when it is a standing
    agency of the committee."""
    issuer = policy.issuing_unit(request.user, cycle.committee_id)
    content = proposals_document.proposals_docx(cycle, issuer_unit=issuer)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"to-trinh-khen-thuong-phe-binh-{_filename(cycle.name)}.docx"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def proposals_docx(request, pk: int):
    cycle = selectors.get_visible_cycle(request.user, pk)
    if not selectors.can_see_proposals(request.user, cycle):
        raise PermissionDenied(_("Danh sách đề nghị chỉ dành cho cơ quan thường trực, lãnh đạo."))
    try:
        return proposals_response(request, cycle)
    except EvaluationError as exc:
        return _refused(request, exc, reverse("evaluation-proposals", args=[cycle.pk]))


# ---- criteria sets


def _can_edit_sets(user) -> bool:
    return policy.manages_any_committee(user)


@login_required
def criteria_sets(request):
    sets = CriteriaSet.objects.annotate(
        n_criteria=Count("criteria"), n_cycles=Count("cycles", distinct=True)
    ).order_by("name", "version")
    can_import = _can_edit_sets(request.user)
    return render(
        request,
        "evaluation/criteria_sets.html",
        {"sets": sets, "form": ImportForm() if can_import else None},
    )


@login_required
def criteria_set_detail(request, set_id: int):
    criteria_set = get_object_or_404(CriteriaSet, pk=set_id)
    criteria = list(criteria_set.criteria.order_by("order", "id"))
    for criterion in criteria:
        formula = formulas.REGISTRY.get(criterion.formula_key)
        criterion.formula_text = formula.text if formula else ""
    return render(
        request,
        "evaluation/criteria_set.html",
        {
            "set": criteria_set,
            "criteria": criteria,
            "total": sum(c.max_points for c in criteria if c.level == 1),
        },
    )


@login_required
def criteria_set_export(request, set_id: int):
    criteria_set = get_object_or_404(CriteriaSet, pk=set_id)
    response = HttpResponse(services.criteria_set_export_xlsx(criteria_set), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"bo-tieu-chi-{_filename(criteria_set.name)}-v{criteria_set.version}.xlsx"
    )
    return response


@login_required
@require_POST
def criteria_set_import(request):
    if not _can_edit_sets(request.user):
        raise PermissionDenied(_("Chỉ cơ quan thường trực hoặc quản trị mới nhập bộ tiêu chí."))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chưa nhập: %(errors)s") % {"errors": _form_errors(form)})
        return redirect("evaluation-sets")
    managed = _managed_committees(request.user)
    try:
        criteria_set = services.criteria_set_import_xlsx(
            actor=request.user,
            content=form.cleaned_data["file"].read(),
            name=form.cleaned_data["name"],
            unit_group=form.cleaned_data["unit_group"],
            committee=managed[0] if len(managed) == 1 else None,
            parent=form.cleaned_data["parent"],
        )
    except EvaluationError as exc:
        return _refused(request, exc, reverse("evaluation-sets"))
    messages.success(request, _("Đã nhập bộ tiêu chí “%(name)s”.") % {"name": criteria_set})
    return redirect("evaluation-set", set_id=criteria_set.pk)


# ---- evidence


@login_required
def evidence_download(request, pk: int):
    """The file, to those who may see the unit's sheet; everyone else gets the same 404."""
    evidence = policy.get_visible_or_404(EvidenceFile.objects, request.user, pk)
    return serve_file(evidence)
