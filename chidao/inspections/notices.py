"""What inspections notify, through chidao.notifications (in-app and e-mail, once each):
the plan issued → the focal persons of every inspected unit (their day, what to prepare);
a conclusion → the inspected unit's focal persons (the remedies' tasks notify on their own
through chidao.tasks.notices)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.selectors import focal_persons_by_unit
from chidao.core.dates import vn_date
from chidao.notifications.registry import Notice, register_kind
from chidao.notifications.services import emit

PLANNED = "inspection.planned"
CONCLUDED = "inspection.concluded"


def register() -> None:
    register_kind(PLANNED, gettext_lazy("Kế hoạch kiểm tra"))
    register_kind(CONCLUDED, gettext_lazy("Kết luận kiểm tra"))


def _others(users, actor) -> list:
    actor_id = getattr(actor, "pk", None)
    return [u for u in users if u.pk != actor_id]


def planned(*, actor, inspection) -> int:
    units = list(inspection.units.all())
    by_unit = focal_persons_by_unit([u.unit_id for u in units])
    with translation.override(settings.LANGUAGE_CODE):
        notices = []
        for inspected in units:
            url = reverse("inspection-unit", args=[inspection.pk, inspected.unit_id])
            title = _("Kế hoạch kiểm tra: %(title)s, ngày %(day)s") % {
                "title": inspection.title,
                "day": vn_date(inspected.scheduled_on),
            }
            body = _(
                "Đơn vị được kiểm tra ngày %(day)s. Đề nghị đơn vị gửi báo cáo tự kiểm tra và "
                "tài liệu kiểm chứng trên chidao trước ngày kiểm tra."
            ) % {"day": vn_date(inspected.scheduled_on)}
            notices += [
                Notice(
                    kind=PLANNED,
                    subject=inspected,
                    step=f"planned@{inspected.scheduled_on:%Y-%m-%d}",
                    recipient=user,
                    title=title,
                    body=body,
                    url=url,
                    data={"inspection": inspection.pk, "unit": inspected.unit_id},
                )
                for user in _others(by_unit.get(inspected.unit_id, []), actor)
            ]
        return emit(notices)


def concluded(*, actor, conclusion) -> int:
    inspected = conclusion.inspected
    users = _others(focal_persons_by_unit([inspected.unit_id]).get(inspected.unit_id, []), actor)
    count = conclusion.remedies.count()
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Kết luận kiểm tra %(number)s: %(count)s nội dung khắc phục") % {
            "number": conclusion.number,
            "count": count,
        }
        body = _("%(title)s. Các nội dung khắc phục đã được giao thành nhiệm vụ của đơn vị.") % {
            "title": inspected.inspection.title
        }
        url = reverse("inspection-unit", args=[inspected.inspection_id, inspected.unit_id])
        return emit(
            Notice(
                kind=CONCLUDED,
                subject=conclusion,
                step="concluded",
                recipient=user,
                title=title,
                body=body,
                url=url,
                data={"inspection": inspected.inspection_id, "unit": inspected.unit_id},
            )
            for user in users
        )
