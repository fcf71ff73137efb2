"""What explanation requests notify, through chidao.notifications (in-app and e-mail, once):

- issued: the focal persons of the addressed unit;
- answered: the staff of the committee's standing agency.
The actor is never notified of their own action. Called by the services inside the action's
transaction; the outbox delivers after it commits.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.selectors import focal_persons
from chidao.committees.selectors import standing_staff
from chidao.core.dates import vn_date
from chidao.notifications.registry import Notice, register_kind
from chidao.notifications.services import emit

ISSUED = "explanation.issued"
ANSWERED = "explanation.answered"


def register() -> None:
    register_kind(ISSUED, gettext_lazy("Yêu cầu giải trình"))
    register_kind(ANSWERED, gettext_lazy("Đơn vị đã giải trình"))


def _others(users, actor) -> list:
    actor_id = getattr(actor, "pk", None)
    return [u for u in users if u.pk != actor_id]


def _emit(kind, request, step, users, title, body) -> int:
    url = reverse("explanation-detail", args=[request.pk])
    return emit(
        Notice(
            kind=kind,
            subject=request,
            step=step,
            recipient=user,
            title=title,
            body=body,
            url=url,
            data={"subject_kind": request.subject_kind, "subject_id": request.subject_id},
        )
        for user in users
    )


def _details(request, *extra: str) -> list[str]:
    return [
        _("Nội dung: %(title)s") % {"title": request.subject_title},
        _("Ban Chỉ đạo: %(committee)s") % {"committee": request.committee.name},
        _("Đơn vị giải trình: %(unit)s") % {"unit": request.unit.name},
        _("Hạn giải trình: %(date)s") % {"date": vn_date(request.due_on)},
        *extra,
    ]


def issued(*, actor, request) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Yêu cầu giải trình trước %(date)s: %(title)s") % {
            "date": vn_date(request.due_on),
            "title": request.subject_title,
        }
        body = "\n".join(_details(request, _("Lý do: %(reason)s") % {"reason": request.reason}))
        users = _others(focal_persons([request.unit_id]), actor)
        return _emit(ISSUED, request, "issued", users, title, body)


def answered(*, actor, request) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(unit)s đã giải trình: %(title)s") % {
            "unit": request.unit.name,
            "title": request.subject_title,
        }
        body = "\n".join(
            _details(
                request,
                _("Nguyên nhân: %(text)s") % {"text": request.answer_reasons[:1000]},
                _("Kế hoạch mới: %(text)s") % {"text": request.answer_plan[:1000]},
            )
        )
        users = _others(standing_staff(request.committee_id), actor)
        return _emit(ANSWERED, request, "answered", users, title, body)
