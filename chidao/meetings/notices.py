"""What meetings notify, through chidao.notifications (in-app and e-mail, once each):
invitations sent → the focal persons of every invited unit (they answer for their leader).
The tasks a conclusions notice gives notify their units through chidao.tasks.notices."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.selectors import focal_persons
from chidao.notifications.registry import Notice, register_kind
from chidao.notifications.services import emit

INVITED = "meeting.invited"


def register() -> None:
    register_kind(INVITED, gettext_lazy("Giấy mời họp"))


def invited(*, actor, meeting) -> int:
    unit_ids = set(meeting.invitations.filter(unit__isnull=False).values_list("unit_id", flat=True))
    actor_id = getattr(actor, "pk", None)
    users = [u for u in focal_persons(sorted(unit_ids)) if u.pk != actor_id]
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
