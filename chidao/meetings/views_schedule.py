"""The standing agency's pages beside a meeting: the committee's regular schedule (set it,
plan the meeting of one of its dates), the guests of a meeting (add, remove), and the files of
an agenda item. Thin: writes through `chidao.meetings.services` and `services_schedule`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.dates import parse_iso_date
from chidao.core.error_views import answers_refusals, invalid_form, refused
from chidao.meetings import selectors, services, services_schedule
from chidao.meetings.forms import GuestForm, ScheduleForm
from chidao.meetings.models import AgendaFile, Invitation
from chidao.meetings.views import _managed
from chidao.storage.serve import serve_file
from chidao.units.models import Unit


def _managed_committee(request, committee_id: int) -> Committee:
    committee = get_object_or_404(Committee, pk=committee_id)
    policy.require(
        policy.manages_committee(request.user, committee.pk),
        _("Chỉ cơ quan thường trực của Ban Chỉ đạo được quản lý phiên họp."),
    )
    return committee


@login_required
@require_POST
@answers_refusals
def schedule_save(request, committee_id: int):
    committee = _managed_committee(request, committee_id)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form)
    services_schedule.schedule_save(actor=request.user, committee=committee, **form.cleaned_data)
    messages.success(request, _("Đã lưu lịch họp định kỳ."))
    return redirect("committee-meetings", committee_id=committee.pk)


@login_required
@require_POST
@answers_refusals
def schedule_plan(request, committee_id: int):
    committee = _managed_committee(request, committee_id)
    try:
        slot = parse_iso_date(request.POST.get("slot", "")[:20])
    except ValueError as exc:
        return refused(request, str(exc), status=422)
    meeting = services_schedule.schedule_plan(actor=request.user, committee=committee, slot=slot)
    messages.success(request, _("Đã lên lịch phiên họp định kỳ; thành phần mời lấy từ sổ đăng ký."))
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
@require_POST
@answers_refusals
def guest_add(request, pk: int):
    meeting = _managed(request, pk)
    form = GuestForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form)
    data = form.cleaned_data
    unit = None
    if data["unit"]:
        unit = Unit.objects.filter(pk=data["unit"]).first()
        if unit is None:
            return refused(
                request, _("Không có đơn vị mã %(id)s.") % {"id": data["unit"]}, status=422
            )
    services.guest_add(
        actor=request.user,
        meeting=meeting,
        person=data["person"],
        position=data["position"],
        unit=unit,
        email=data["email"],
    )
    messages.success(request, _("Đã thêm khách mời."))
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
@require_POST
@answers_refusals
def guest_remove(request, pk: int):
    invitation = get_object_or_404(Invitation.objects.select_related("meeting"), pk=pk)
    meeting = _managed(request, invitation.meeting_id)
    services.guest_remove(actor=request.user, invitation=invitation)
    messages.success(request, _("Đã bỏ khách mời khỏi thành phần mời."))
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
@require_GET
def agenda_file(request, pk: int):
    stored = get_object_or_404(AgendaFile.objects.select_related("item"), pk=pk)
    selectors.get_visible_meeting(request.user, stored.item.meeting_id)
    return serve_file(stored)
