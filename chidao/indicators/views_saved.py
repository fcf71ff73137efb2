"""Saving the indicators page's filters as a named view, and deleting one (chidao.indicators
.saved). The form is sent from the page with its current filters; a refusal is answered in
the layout with its message and status."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.error_views import answers_refusals
from chidao.indicators import saved
from chidao.indicators.forms import SavedViewForm
from chidao.indicators.models import SavedView
from chidao.indicators.services import IndicatorError
from chidao.tasks.models import TaskSource
from chidao.units.models import Unit


def _ids(values) -> list[int]:
    if any(not v.isdigit() or len(v) > 18 for v in values):
        raise IndicatorError(_("Đơn vị không hợp lệ."), field="units")
    return [int(v) for v in values]


@login_required
@require_POST
@answers_refusals
def saved_view_create(request, committee_id):
    committee = policy.get_visible_or_404(Committee, request.user, committee_id)
    form = SavedViewForm(request.POST)
    if not form.is_valid():
        raise IndicatorError(
            " ".join(str(e) for errors in form.errors.values() for e in errors), field="name"
        )
    program = None
    raw_program = request.POST.get("program", "")
    if raw_program:
        if not raw_program.isdigit():
            raise IndicatorError(_("Chương trình, kế hoạch không hợp lệ."), field="program")
        program = get_object_or_404(TaskSource, pk=int(raw_program))
    view = saved.saved_view_create(
        actor=request.user,
        committee=committee,
        name=form.cleaned_data["name"],
        program=program,
        layer=request.POST.get("layer", ""),
        units=list(Unit.objects.filter(pk__in=_ids(request.POST.getlist("unit")))),
        period_from=request.POST.get("from", ""),
        period_to=request.POST.get("to", ""),
        shared=form.cleaned_data["shared"],
    )
    return HttpResponseRedirect(saved.url_of(view))


@login_required
@require_POST
@answers_refusals
def saved_view_delete(request, view_id):
    view = policy.get_visible_or_404(SavedView, request.user, view_id)
    committee_id = view.committee_id
    saved.saved_view_delete(actor=request.user, view=view)
    return HttpResponseRedirect(f"/indicators/?committee={committee_id}")
