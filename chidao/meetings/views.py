"""Meeting pages: the meetings (upcoming and past), a committee's meetings, one meeting
(agenda, invitees and answers, attendance and quorum, minutes, conclusions and their tasks),
the standing agency's forms on it, its documents, and the tasks proposed for an explanation.

Views stay thin: reads through `chidao.meetings.selectors`, writes through
`chidao.meetings.services`; a refusal is shown in the layout with the status the service
chose, and nothing is written."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.error_views import answers_refusals, invalid_form, refused
from chidao.core.text import fold
from chidao.explanations.models import ExplanationRequest, rule_for
from chidao.meetings import documents, proposals, selectors, services, services_schedule
from chidao.meetings import schedule as schedule_rule
from chidao.meetings.forms import (
    AgendaForm,
    ConclusionRows,
    ConclusionsForm,
    GuestForm,
    MeetingForm,
    ScheduleForm,
)
from chidao.meetings.models import Invitation, Meeting, MeetingSchedule, MinutesFile
from chidao.officialdocs.word import docx_response
from chidao.storage.serve import serve_file
from chidao.tasks.models import Task
from chidao.units.models import Unit


@login_required
@require_GET
def meeting_index(request):
    """Every meeting the user may see, upcoming first, with the committees to plan for."""
    meetings = list(selectors.meetings_for(request.user)[:300])
    upcoming, past = selectors.split_upcoming(meetings)
    managed = policy.managed_committee_ids(request.user)
    committees = Committee.objects.order_by("name")
    if managed is not None:
        committees = committees.filter(pk__in=managed)
    return render(
        request,
        "meetings/index.html",
        {"upcoming": upcoming, "past": past, "committees": list(committees[:100])},
    )


@login_required
@require_GET
def committee_meetings(request, committee_id: int):
    committee = get_object_or_404(Committee, pk=committee_id)
    meetings = list(selectors.meetings_for(request.user, committee))
    upcoming, past = selectors.split_upcoming(meetings)
    schedule = MeetingSchedule.objects.filter(committee=committee).first()
    initial = {}
    if schedule is not None:
        initial = {
            name: getattr(schedule, name)
            for name in ScheduleForm.base_fields
            if hasattr(schedule, name)
        }
    return render(
        request,
        "meetings/committee.html",
        {
            "committee": committee,
            "upcoming": upcoming,
            "past": past,
            "manages": policy.manages_committee(request.user, committee.pk),
            "form": MeetingForm(),
            "schedule": schedule,
            "schedule_text": schedule_rule.describe(schedule) if schedule else "",
            "slots": (
                services_schedule.upcoming_slots(schedule, timezone.localdate())
                if schedule and schedule.active
                else []
            ),
            "schedule_form": ScheduleForm(initial=initial),
        },
    )


@login_required
@require_POST
@answers_refusals
def meeting_create(request, committee_id: int):
    committee = get_object_or_404(Committee, pk=committee_id)
    policy.require(
        policy.manages_committee(request.user, committee.pk),
        _("Chỉ cơ quan thường trực của Ban Chỉ đạo được quản lý phiên họp."),
    )
    form = MeetingForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form)
    meeting = services.meeting_create(actor=request.user, committee=committee, **form.cleaned_data)
    messages.success(request, _("Đã lên lịch phiên họp; thành phần mời lấy từ sổ đăng ký."))
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
@require_GET
def meeting_detail(request, pk: int):
    meeting = selectors.get_visible_meeting(request.user, pk)
    manages = meeting.permits(request.user, policy.CHANGE)
    today = timezone.localdate()
    invitations = selectors.invitations_of(meeting)
    for invitation in invitations:
        invitation.may_answer = services.may_answer(request.user, invitation)
    open_states = (Meeting.Status.PLANNED, Meeting.Status.INVITED)
    conclusion_tasks = selectors.conclusion_tasks(meeting, today)
    return render(
        request,
        "meetings/detail.html",
        {
            "meeting": meeting,
            "manages": manages,
            "agenda": list(
                meeting.agenda.select_related(
                    "presenting_unit", "explanation", "task"
                ).prefetch_related("files")
            ),
            "invitations": invitations,
            "quorum": selectors.quorum_of(meeting),
            "files": list(meeting.files.all()),
            "notice": getattr(meeting, "conclusions", None),
            "conclusion_tasks": conclusion_tasks,
            "conclusion_summary": selectors.conclusion_summary(conclusion_tasks),
            "guest_form": GuestForm(),
            "proposed": (
                proposals.proposed_agenda(meeting, today)
                if manages and meeting.status in open_states
                else []
            ),
            "attendance_choices": Invitation.Attendance.choices,
            "rows": ConclusionRows(prefix="items"),
            "conclusions_form": ConclusionsForm(),
            "agenda_form": AgendaForm(),
            "open": meeting.status in open_states,
        },
    )


def _managed(request, pk: int) -> Meeting:
    meeting = selectors.get_visible_meeting(request.user, pk)
    policy.require(
        meeting.permits(request.user, policy.CHANGE),
        _("Chỉ cơ quan thường trực của Ban Chỉ đạo được quản lý phiên họp."),
    )
    return meeting


def _done(request, meeting, message):
    messages.success(request, message)
    return redirect("meeting-detail", pk=meeting.pk)


@login_required
@require_POST
@answers_refusals
def meeting_send(request, pk: int):
    meeting = _managed(request, pk)
    services.invitations_send(
        actor=request.user, meeting=meeting, number=request.POST.get("number", "")[:100]
    )
    return _done(request, meeting, _("Đã gửi giấy mời đến các đơn vị được mời."))


@login_required
@require_POST
@answers_refusals
def meeting_agenda(request, pk: int):
    meeting = _managed(request, pk)
    form = AgendaForm(request.POST)
    if not form.is_valid():
        return invalid_form(request, form)
    data = form.cleaned_data
    unit = None
    if data["presenting_unit"]:
        unit = Unit.objects.filter(pk=data["presenting_unit"]).first()
        if unit is None:
            return refused(
                request,
                _("Không có đơn vị mã %(id)s.") % {"id": data["presenting_unit"]},
                status=422,
            )
    explanation = task = None
    if data["explanation"]:
        explanation = get_object_or_404(
            ExplanationRequest, pk=data["explanation"], committee=meeting.committee
        )
    if data["task"]:
        task = get_object_or_404(Task, pk=data["task"], committee=meeting.committee)
    services.agenda_add(
        actor=request.user,
        meeting=meeting,
        title=data["title"],
        presenting_unit=unit or (task.lead_unit if task else None),
        documents=data["documents"],
        explanation=explanation,
        task=task,
        uploads=request.FILES.getlist("files")[:10],
    )
    return _done(request, meeting, _("Đã thêm nội dung vào chương trình họp."))


@login_required
@require_POST
@answers_refusals
def meeting_attendance(request, pk: int):
    meeting = _managed(request, pk)
    marks = {}
    for key, value in request.POST.items():
        if key.startswith("attendance-"):
            raw = key.removeprefix("attendance-")
            if not raw.isdigit() or len(raw) > 18:
                return refused(request, _("Điểm danh không hợp lệ."), status=422)
            marks[int(raw)] = value
    if not marks:
        return refused(request, _("Chưa điểm danh người nào."), status=422)
    services.attendance_record(actor=request.user, meeting=meeting, marks=marks)
    return _done(request, meeting, _("Đã ghi nhận điểm danh."))


@login_required
@require_POST
@answers_refusals
def meeting_minutes(request, pk: int):
    meeting = _managed(request, pk)
    opinions = {}
    for key, value in request.POST.items():
        raw = key.removeprefix("opinion-")
        if key.startswith("opinion-") and raw.isdigit() and len(raw) <= 18:
            opinions[int(raw)] = value[:10_000]
    services.minutes_save(
        actor=request.user,
        meeting=meeting,
        text=request.POST.get("minutes", "")[:100_000],
        opinions=opinions,
        uploads=request.FILES.getlist("files")[:10],
    )
    return _done(request, meeting, _("Đã lưu biên bản."))


@login_required
@require_POST
@answers_refusals
def meeting_conclusions(request, pk: int):
    meeting = _managed(request, pk)
    head = ConclusionsForm(request.POST)
    rows = ConclusionRows(request.POST, prefix="items")
    if not head.is_valid():
        return invalid_form(request, head)
    if not rows.is_valid():
        return invalid_form(request, rows)
    items = []
    for number, row in enumerate(
        (r.cleaned_data for r in rows.forms if r.cleaned_data.get("text")), 1
    ):
        if not row.get("lead_unit") or not row.get("deadline"):
            return refused(
                request,
                _("Mục %(number)s: cần đơn vị chủ trì và hạn.") % {"number": number},
                status=422,
            )
        items.append(
            services.ConclusionIn(
                text=row["text"],
                lead_unit=row["lead_unit"],
                coordinating_units=row["coordinating_units"],
                deadline=row["deadline"],
            )
        )
    notice = services.conclusions_issue(
        actor=request.user,
        meeting=meeting,
        number=head.cleaned_data["number"],
        date=head.cleaned_data["date"],
        items=items,
    )
    return _done(
        request,
        meeting,
        _("Đã ban hành thông báo kết luận %(number)s và giao %(count)s nhiệm vụ.")
        % {"number": notice.number, "count": notice.items.count()},
    )


@login_required
@require_POST
@answers_refusals
def meeting_cancel(request, pk: int):
    meeting = _managed(request, pk)
    services.meeting_cancel(
        actor=request.user, meeting=meeting, reason=request.POST.get("reason", "")[:10_000]
    )
    return _done(request, meeting, _("Đã hủy phiên họp."))


@login_required
@require_GET
def invitation_document(request, pk: int):
    meeting = selectors.get_visible_meeting(request.user, pk)
    content = documents.invitation_docx(meeting, selectors.invitations_of(meeting))
    return docx_response(content, f"giay-moi-{meeting.pk}", synthetic=meeting.synthetic)


@login_required
@require_GET
def conclusions_document(request, pk: int):
    meeting = selectors.get_visible_meeting(request.user, pk)
    if getattr(meeting, "conclusions", None) is None:
        return refused(request, _("Phiên họp chưa có thông báo kết luận."), status=404)
    name = (
        f"thong-bao-ket-luan-{fold(meeting.conclusions.number).replace('/', '-').replace(' ', '-')}"
    )
    return docx_response(documents.conclusions_docx(meeting), name, synthetic=meeting.synthetic)


@login_required
@require_GET
def minutes_file(request, pk: int):
    stored = get_object_or_404(MinutesFile, pk=pk)
    selectors.get_visible_meeting(request.user, stored.meeting_id)
    return serve_file(stored)


@login_required
@require_GET
def proposed_explanations(request, committee_id: int):
    """The committee's tasks past its threshold, to issue explanation requests for."""
    committee = get_object_or_404(Committee, pk=committee_id)
    policy.require(
        policy.manages_committee(request.user, committee.pk),
        _("Chỉ cơ quan thường trực của Ban Chỉ đạo xem đề xuất yêu cầu giải trình."),
    )
    days, reminders = rule_for(committee.pk)
    return render(
        request,
        "meetings/proposed_explanations.html",
        {
            "committee": committee,
            "rows": proposals.proposed_requests(committee, timezone.localdate()),
            "days": days,
            "reminders": reminders,
        },
    )
