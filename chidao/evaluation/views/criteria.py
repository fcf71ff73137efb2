"""Criteria set pages (list, detail, Excel import and export) and evidence downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core import policy
from chidao.core.error_views import form_errors
from chidao.evaluation import formulas, services
from chidao.evaluation.models import (
    CriteriaSet,
    EvidenceFile,
)
from chidao.evaluation.services import EvaluationError
from chidao.evaluation.views.common import (
    XLSX,
    _can_edit_sets,
    _filename,
    _managed_committees,
    _refused,
)
from chidao.evaluation.views.forms import ImportForm
from chidao.storage.serve import serve_file

# ---- criteria sets


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
        messages.error(request, _("Chưa nhập: %(errors)s") % {"errors": form_errors(form)})
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
