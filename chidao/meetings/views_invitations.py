"""The invitee's side: "my invitations" (a unit's members and focal persons answer them),
an answer, and the iCalendar feed with its revocable address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chidao.core import policy
from chidao.core.error_views import refused
from chidao.meetings import calendar, selectors, services
from chidao.meetings.forms import AnswerForm
from chidao.meetings.models import CalendarToken, Invitation
from chidao.meetings.services import MeetingError


@login_required
@require_GET
def my_invitations(request):
    rows = list(selectors.my_invitations(request.user)[:200])
    return render(
        request,
        "meetings/mine.html",
        {
            "rows": rows,
            "form": AnswerForm(),
            "has_calendar": CalendarToken.objects.filter(user=request.user).exists(),
        },
    )


@login_required
@require_POST
def invitation_answer(request, pk: int):
    invitation = get_object_or_404(Invitation.objects.select_related("meeting"), pk=pk)
    selectors.get_visible_meeting(request.user, invitation.meeting_id)
    policy.require(
        services.may_answer(request.user, invitation),
        _("Chỉ đơn vị được mời mới trả lời giấy mời."),
    )
    form = AnswerForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(str(e) for errs in form.errors.values() for e in errs)
        return refused(
            request, _("Dữ liệu chưa hợp lệ: %(errors)s") % {"errors": errors}, status=422
        )
    try:
        services.invitation_answer(actor=request.user, invitation=invitation, **form.cleaned_data)
    except MeetingError as exc:
        return refused(request, str(exc), status=exc.status)
    messages.success(request, _("Đã ghi nhận trả lời giấy mời."))
    return redirect("meeting-invitations-mine")


@login_required
@require_POST
def calendar_create(request):
    token = calendar.token_create(user=request.user)
    messages.success(
        request,
        _(
            "Địa chỉ lịch mới (chỉ hiện một lần, địa chỉ cũ không còn dùng được): %(url)s — "
            "chỉ phiên họp: %(meetings)s — chỉ hạn nhiệm vụ của đơn vị: %(deadlines)s"
        )
        % {
            "url": calendar.feed_url(token),
            "meetings": calendar.feed_url(token, "meetings"),
            "deadlines": calendar.feed_url(token, "deadlines"),
        },
    )
    return redirect("meeting-invitations-mine")


@login_required
@require_POST
def calendar_revoke(request):
    if calendar.token_revoke(user=request.user):
        messages.success(request, _("Đã thu hồi địa chỉ lịch."))
    return redirect("meeting-invitations-mine")


@require_GET
def calendar_feed(request, token: str):
    """The feed, opened by its token alone (no session): an unknown token is a 404."""
    user = calendar.user_for_token(token)
    if user is None:
        raise Http404("No calendar matches the given token.")
    only = request.GET.get("only", "")
    if only and only not in calendar.PARTS:
        raise Http404("No such part of the calendar.")
    response = HttpResponse(
        calendar.ical(user, only=only), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response
