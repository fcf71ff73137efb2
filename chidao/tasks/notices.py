"""What the life of a task notifies, and to whom (through chidao.notifications).

- assigned: the focal persons of the lead and coordinating units;
- progress reported, completed: the standing agency's staff of the task's committee
  (settings CHIDAO_NOTIFY_STANDING_OF_PROGRESS / _OF_COMPLETION);
- extension requested: the standing agency's staff; decided: the requester and the lead
  unit's focal persons;
- cancelled: the focal persons of the lead and coordinating units; reassigned: those of the
  former and the new lead unit.
The actor is never notified of their own action. Called by chidao.tasks.services inside the
action's transaction; the outbox delivers after it commits.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.models import User
from chidao.accounts.selectors import focal_persons
from chidao.committees.selectors import standing_staff
from chidao.core.dates import vn_date
from chidao.notifications.registry import Notice, register_kind
from chidao.notifications.services import emit

ASSIGNED = "task.assigned"
PROGRESS = "task.progress"
COMPLETED = "task.completed"
EXTENSION_REQUESTED = "task.extension_requested"
EXTENSION_DECIDED = "task.extension_decided"
CANCELLED = "task.cancelled"
REASSIGNED = "task.reassigned"


def register() -> None:
    register_kind(ASSIGNED, gettext_lazy("Nhiệm vụ được giao"))
    register_kind(PROGRESS, gettext_lazy("Báo cáo tiến độ nhiệm vụ"))
    register_kind(COMPLETED, gettext_lazy("Nhiệm vụ hoàn thành"))
    register_kind(EXTENSION_REQUESTED, gettext_lazy("Đề nghị gia hạn"))
    register_kind(EXTENSION_DECIDED, gettext_lazy("Kết quả đề nghị gia hạn"))
    register_kind(CANCELLED, gettext_lazy("Nhiệm vụ bị hủy"))
    register_kind(REASSIGNED, gettext_lazy("Chuyển đơn vị chủ trì"))


# -- who ---------------------------------------------------------------------------------


def _others(users, actor) -> list[User]:
    actor_id = getattr(actor, "pk", None)  # None for the system
    seen, result = set(), []
    for user in users:
        if user is None or user.pk == actor_id or user.pk in seen:
            continue
        seen.add(user.pk)
        result.append(user)
    return result


# -- what --------------------------------------------------------------------------------


def task_url(task) -> str:
    return reverse("task-detail", args=[task.pk])


def _details(task, *extra: str) -> str:
    lines = [
        _("Nhiệm vụ: %(title)s") % {"title": task.title},
        _("Ban Chỉ đạo: %(committee)s") % {"committee": task.committee.name},
        _("Đơn vị chủ trì: %(unit)s") % {"unit": task.lead_unit.name},
        _("Hạn hoàn thành: %(deadline)s") % {"deadline": vn_date(task.deadline)},
        *extra,
    ]
    return "\n".join(lines)


def _emit(kind, task, step, users, title, body, *, new_steps=False, **data) -> int:
    return emit(
        (
            Notice(
                kind=kind,
                subject=task,
                step=step,
                recipient=user,
                title=title,
                body=body,
                url=task_url(task),
                data=data,
            )
            for user in users
        ),
        new_steps=new_steps,
    )


def task_assigned(*, actor, task, coordinating_units) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Nhiệm vụ mới giao cho đơn vị: %(title)s") % {"title": task.title}
        coordinating = [u.name for u in coordinating_units]
        extra = (
            [_("Đơn vị phối hợp: %(units)s") % {"units": "; ".join(coordinating)}]
            if coordinating
            else []
        )
        body = _details(task, *extra)
        users = _others(
            focal_persons([task.lead_unit_id, *(u.pk for u in coordinating_units)]), actor
        )
        # the task is new: no outbox row can have its step yet
        return _emit(ASSIGNED, task, "assigned", users, title, body, new_steps=True)


def progress_reported(*, actor, task, report) -> int:
    completed = report.completed
    wanted = (
        settings.CHIDAO_NOTIFY_STANDING_OF_COMPLETION
        if completed
        else settings.CHIDAO_NOTIFY_STANDING_OF_PROGRESS
    )
    if not wanted:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        unit = report.unit.name if report.unit_id else task.lead_unit.name
        if completed:
            title = _("%(unit)s báo cáo hoàn thành nhiệm vụ: %(title)s") % {
                "unit": unit,
                "title": task.title,
            }
        else:
            title = _("%(unit)s báo cáo tiến độ (%(percent)s%%): %(title)s") % {
                "unit": unit,
                "percent": report.percent if report.percent is not None else task.percent,
                "title": task.title,
            }
        body = _details(task, _("Nội dung báo cáo: %(note)s") % {"note": report.note[:1000]})
        users = _others(standing_staff(task.committee_id), actor)
        kind = COMPLETED if completed else PROGRESS
        # the step names the report just written: no outbox row can have it yet
        return _emit(
            kind, task, f"{kind}-{report.pk}", users, title, body, new_steps=True, report=report.pk
        )


def extension_requested(*, actor, task, request) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("%(unit)s đề nghị gia hạn đến %(date)s: %(title)s") % {
            "unit": task.lead_unit.name,
            "date": vn_date(request.requested_deadline),
            "title": task.title,
        }
        body = _details(task, _("Lý do: %(reason)s") % {"reason": request.reason[:1000]})
        users = _others(standing_staff(task.committee_id), actor)
        return _emit(
            EXTENSION_REQUESTED,
            task,
            f"extension-{request.pk}",
            users,
            title,
            body,
            request=request.pk,
        )


def extension_decided(*, actor, task, request) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        approved = request.granted_deadline is not None
        if approved:
            title = _("Đồng ý gia hạn đến %(date)s: %(title)s") % {
                "date": vn_date(request.granted_deadline),
                "title": task.title,
            }
        else:
            title = _("Không đồng ý gia hạn: %(title)s") % {"title": task.title}
        extra = []
        if request.decision_note:
            extra.append(_("Ý kiến: %(note)s") % {"note": request.decision_note[:1000]})
        users = _others([request.requested_by, *focal_persons([task.lead_unit_id])], actor)
        return _emit(
            EXTENSION_DECIDED,
            task,
            f"extension-{request.pk}-decided",
            users,
            title,
            _details(task, *extra),
            request=request.pk,
            approved=approved,
        )


def task_cancelled(*, actor, task) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Nhiệm vụ đã bị hủy: %(title)s") % {"title": task.title}
        body = _details(task, _("Lý do: %(reason)s") % {"reason": task.cancel_reason[:1000]})
        units = [task.lead_unit_id, *task.coordinations.values_list("unit_id", flat=True)]
        return _emit(
            CANCELLED, task, "cancelled", _others(focal_persons(units), actor), title, body
        )


def task_reassigned(*, actor, task, old_unit, event) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Chuyển đơn vị chủ trì từ %(old)s sang %(new)s: %(title)s") % {
            "old": old_unit.name,
            "new": task.lead_unit.name,
            "title": task.title,
        }
        reason = event.data.get("reason") or ""
        extra = [_("Lý do: %(reason)s") % {"reason": reason[:1000]}] if reason else []
        users = _others(focal_persons([old_unit.pk, task.lead_unit_id]), actor)
        return _emit(
            REASSIGNED, task, f"reassigned-{event.pk}", users, title, _details(task, *extra)
        )
