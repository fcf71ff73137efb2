"""What meetings notify, through chidao.notifications (in-app and e-mail, once each):
invitations sent → the focal persons of every invited unit (they answer for their leader),
and a guest who has an account; a regular meeting planned by the daily job from the
committee's schedule → the committee's standing staff (the job's planner, below).
The tasks a conclusions notice gives notify their units through chidao.tasks.notices."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.models import User
from chidao.accounts.selectors import focal_persons
from chidao.committees.selectors import standing_staff
from chidao.notifications.registry import Notice, register_kind, register_planner
from chidao.notifications.services import emit

INVITED = "meeting.invited"
SCHEDULED = "meeting.scheduled"


def register() -> None:
    register_kind(INVITED, gettext_lazy("Giấy mời họp"))
    register_kind(SCHEDULED, gettext_lazy("Phiên họp định kỳ được lên lịch"))
    register_planner("meetings", plan)


def plan(today=None) -> list[Notice]:
    """The daily job's step: plan the regular meetings now due by their committees'
    schedules, and tell the standing staff to prepare the agenda and the invitations."""
    from chidao.meetings.services_schedule import plan_due

    found = []
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in plan_due(today):
            when = timezone.localtime(meeting.starts_at).strftime("%H:%M %d/%m/%Y")
            title = _("Đã lên lịch dự kiến %(title)s lúc %(time)s") % {
                "title": meeting.title,
                "time": when,
            }
            body = _(
                "Theo lịch họp định kỳ của %(committee)s. Đề nghị chuẩn bị chương trình họp, "
                "khách mời và gửi giấy mời."
            ) % {"committee": meeting.committee.name}
            url = reverse("meeting-detail", args=[meeting.pk])
            found += [
                Notice(
                    kind=SCHEDULED,
                    subject=meeting,
                    step="scheduled",
                    recipient=user,
                    title=title,
                    body=body,
                    url=url,
                    data={"meeting": meeting.pk},
                )
                for user in standing_staff(meeting.committee_id)
            ]
    return found


def _guest_users(meeting) -> list:
    """Guests with an account (by their e-mail address) are told themselves."""
    emails = [
        e for e in meeting.invitations.filter(is_guest=True).values_list("email", flat=True) if e
    ]
    if not emails:
        return []
    return list(User.objects.filter(email__in=emails, is_active=True).order_by("pk"))


def invited(*, actor, meeting) -> int:
    unit_ids = set(meeting.invitations.filter(unit__isnull=False).values_list("unit_id", flat=True))
    actor_id = getattr(actor, "pk", None)
    users = {u.pk: u for u in focal_persons(sorted(unit_ids)) + _guest_users(meeting)}
    users = [u for u in users.values() if u.pk != actor_id]
    with translation.override(settings.LANGUAGE_CODE):
        when = timezone.localtime(meeting.starts_at)
        title = _("Giấy mời họp %(title)s lúc %(time)s") % {
            "title": meeting.title,
            "time": when.strftime("%H:%M %d/%m/%Y"),
        }
        body = "\n".join(
            [
                _("Ban Chỉ đạo: %(committee)s") % {"committee": meeting.committee.name},
                _("Địa điểm: %(place)s") % {"place": meeting.place or meeting.online_link or "—"},
                _("Chủ trì: %(chair)s") % {"chair": meeting.chair_person or meeting.chair_position},
                _("Đề nghị đơn vị xác nhận tham dự, cử người dự thay hoặc báo vắng."),
            ]
        )
        url = reverse("meeting-invitations-mine")
        return emit(
            Notice(
                kind=INVITED,
                subject=meeting,
                step=f"invited@{meeting.starts_at:%Y-%m-%dT%H:%M}",
                recipient=user,
                title=title,
                body=body,
                url=url,
                data={"meeting": meeting.pk},
            )
            for user in users
        )
