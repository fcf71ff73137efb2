"""What the register notifies, through the outbox (chidao.notifications).

- `obstacle.assigned`: the resolver unit's focal persons learn an item is theirs to answer,
  with its deadline;
- the daily planner (`plan`): an item assigned and not answered is urged to the resolver
  unit's focal persons at the steps of chidao.notifications.steps (`before-N`, `due`, weekly
  `overdue-K` for at most CHIDAO_OBSTACLE_OVERDUE_REMINDER_DAYS days, default 90); the
  outbox's unique key keeps one reminder per step and recipient, and the sender drops a
  reminder whose item was answered or whose deadline moved since.
"""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chidao.accounts.models import Role
from chidao.accounts.selectors import focal_persons, focal_persons_by_unit
from chidao.core.dates import vn_date
from chidao.notifications import steps
from chidao.notifications.models import OutboxMessage
from chidao.notifications.registry import Notice, register_kind, register_planner
from chidao.notifications.selectors import unplanned_steps
from chidao.notifications.services import emit, enqueue
from chidao.obstacles.models import Obstacle

ASSIGNED = "obstacle.assigned"
REMINDER = "obstacle.reminder"


def register() -> None:
    register_kind(ASSIGNED, gettext_lazy("Khó khăn, vướng mắc được giao xử lý"))
    register_kind(
        REMINDER, gettext_lazy("Đôn đốc trả lời khó khăn, vướng mắc"), still_wanted=still_wanted
    )
    register_planner("obstacles", plan)


def overdue_days() -> int:
    return int(getattr(settings, "CHIDAO_OBSTACLE_OVERDUE_REMINDER_DAYS", 90))


def reminder_step(due_on: dt.date, today: dt.date) -> str | None:
    step = steps.deadline_step(due_on, today, overdue_until=overdue_days())
    return step[0] if step else None


def _url(obstacle_id: int) -> str:
    return reverse("obstacle-detail", args=[obstacle_id])


def _headline(due_on: dt.date, today: dt.date) -> str:
    days = (due_on - today).days
    if days > 0:
        return _("Sắp đến hạn trả lời (còn %(days)s ngày)") % {"days": days}
    if days == 0:
        return _("Hôm nay là hạn trả lời")
    return _("Đã quá hạn trả lời %(days)s ngày") % {"days": -days}


def _body(obstacle: Obstacle) -> str:
    return "\n".join(
        [
            _("Nội dung: %(title)s") % {"title": obstacle.title},
            _("Đơn vị nêu: %(unit)s") % {"unit": obstacle.raised_by_name},
            _("Ngày nêu: %(date)s") % {"date": vn_date(obstacle.raised_on)},
            _("Hạn trả lời: %(date)s") % {"date": vn_date(obstacle.due_on)},
        ]
    )


def plan(*, today: dt.date | None = None) -> list[Notice]:
    """The reminders due today not planned yet (one query for the items, one for the focal
    persons, one for the reminders they have)."""
    today = today or timezone.localdate()
    items = list(
        Obstacle.objects.filter(
            state=Obstacle.State.ASSIGNED,
            due_on__lte=steps.horizon(today),
            due_on__gte=today - dt.timedelta(days=overdue_days()),
        ).order_by("pk")
    )
    if not items:
        return []
    focal = focal_persons_by_unit({item.resolver_id for item in items})
    due = unplanned_steps(
        REMINDER,
        items,
        step_of=lambda item: reminder_step(item.due_on, today),
        recipients_of=lambda item: focal[item.resolver_id],
    )
    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for item, step, user in due:
            notices.append(
                Notice(
                    kind=REMINDER,
                    subject=item,
                    step=step,
                    recipient=user,
                    title=_("%(headline)s: “%(title)s” của %(unit)s")
                    % {
                        "headline": _headline(item.due_on, today),
                        "title": item.title[:200],
                        "unit": item.raised_by_name,
                    },
                    body=_body(item),
                    url=_url(item.pk),
                    data={
                        "obstacle": item.pk,
                        "unit": item.resolver_id,
                        "due_on": item.due_on.isoformat(),
                    },
                )
            )
    return notices


def plan_reminders(*, today: dt.date | None = None) -> int:
    return enqueue(plan(today=today))


def still_wanted(rows: list[OutboxMessage], today: dt.date) -> set[int]:
    ids = {row.data["obstacle"] for row in rows}
    items = {o.pk: o for o in Obstacle.objects.filter(pk__in=ids)}
    wanted = set()
    for row in rows:
        item, user = items.get(row.data["obstacle"]), row.recipient
        if item is None or item.state != Obstacle.State.ASSIGNED or item.due_on is None:
            continue
        if not user.is_active or user.role != Role.FOCAL or user.unit_id != item.resolver_id:
            continue
        if row.step == reminder_step(item.due_on, today):
            wanted.add(row.pk)
    return wanted


def assigned(*, obstacle: Obstacle) -> int:
    """An assignment (in its transaction): the resolver unit's focal persons are told."""
    if obstacle.resolver_id is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Đơn vị được giao trả lời: “%(title)s” (hạn %(date)s)") % {
            "title": obstacle.title[:200],
            "date": vn_date(obstacle.due_on),
        }
        return emit(
            Notice(
                kind=ASSIGNED,
                subject=obstacle,
                step=f"assigned@{obstacle.due_on.isoformat()}:{obstacle.resolver_id}",
                recipient=user,
                title=title,
                body=_body(obstacle),
                url=_url(obstacle.pk),
                data={"obstacle": obstacle.pk, "unit": obstacle.resolver_id},
            )
            for user in focal_persons([obstacle.resolver_id])
        )
