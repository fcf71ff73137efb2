"""Urging pages: the urging letter download (standing agency)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.error_views import refused
from chidao.core.text import fold
from chidao.units.models import Unit
from chidao.urging.letters import urging_letter_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _bad_request(request, message: str):
    return refused(request, message)


def _id_param(request, name: str, label: str):
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None, _("Thiếu tham số “%(name)s” (%(label)s).") % {"name": name, "label": label}
    if not raw.isdigit() or len(raw) > 18:
        return None, _("Tham số “%(name)s” phải là mã số (%(label)s), không phải “%(value)s”.") % {
            "name": name,
            "label": label,
            "value": raw[:50],
        }
    return int(raw), None


@login_required
@require_http_methods(["GET"])
def urging_letter(request):
    """GET ?committee=ID&unit=ID → the urging letter to that unit, as a Word file."""
    committee_id, error = _id_param(request, "committee", _("Ban Chỉ đạo"))
    if error:
        return _bad_request(request, error)
    unit_id, error = _id_param(request, "unit", _("đơn vị nhận"))
    if error:
        return _bad_request(request, error)
    committee = get_object_or_404(Committee.objects.select_related("issuing_body"), pk=committee_id)
    if not policy.manages_committee(request.user, committee.pk):
        raise PermissionDenied(
            _("Chỉ cơ quan thường trực của Ban Chỉ đạo mới lập văn bản đôn đốc.")
        )
    unit = get_object_or_404(Unit, pk=unit_id)

    # Issued by the user's own unit when it is a standing agency of the committee.
    user_unit = policy.issuing_unit(request.user, committee.pk)
    today = timezone.localdate()
    try:
        content = urging_letter_docx(
            committee=committee, unit=unit, today=today, issuer_unit=user_unit
        )
    except ValueError as error:  # no standing agency to issue it
        return _bad_request(request, str(error))
    filename = f"don-doc-{fold(unit.name).replace(' ', '-')}-{today:%Y-%m-%d}.docx"
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET"])
def notifications(request):
    """The former address of the notifications page."""
    return redirect("notifications", permanent=True)
