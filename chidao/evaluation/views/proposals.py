"""Proposal pages: the lists, added and edited by hand, and their Word document."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.core import error_views, policy
from chidao.evaluation import proposals_document, selectors, services
from chidao.evaluation.models import (
    EvaluationCycle,
    Proposal,
)
from chidao.evaluation.services import EvaluationError
from chidao.evaluation.views.common import DOCX, _filename, _refused
from chidao.evaluation.views.forms import ProposalAddForm, ProposalEditForm

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
        messages.error(
            request, _("Chưa lưu: %(errors)s") % {"errors": error_views.form_errors(form)}
        )
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
        messages.error(
            request, _("Chưa lưu: %(errors)s") % {"errors": error_views.form_errors(form)}
        )
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
    try:
        content = proposals_document.proposals_docx(cycle, issuer_unit=issuer)
    except ValueError as error:  # an agency's own template that cannot hold the text
        return error_views.refused(request, str(error))
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
