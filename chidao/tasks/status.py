"""A task's status, derived from its dates and reports, never typed by hand.

One definition, in two forms that must agree: `status_of` for one task in Python and
`with_status` as a database annotation for filtering and counting. Both take "today" so a
status can be computed as of any date.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    CANCELLED = "cancelled", _("Đã hủy")


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DUE_SOON, Status.OVERDUE)
DONE_STATUSES = (Status.DONE_ON_TIME, Status.DONE_LATE)


def due_soon_days() -> int:
    return settings.CHIDAO_DUE_SOON_DAYS


def status_of(task, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if task.cancelled_on is not None:
        return Status.CANCELLED
    if task.completed_on is not None:
        return Status.DONE_ON_TIME if task.completed_on <= task.deadline else Status.DONE_LATE
    if task.deadline < today:
        return Status.OVERDUE
    if task.deadline <= today + dt.timedelta(days=due_soon_days()):
        return Status.DUE_SOON
    if task.last_progress_on is not None or task.percent > 0:
        return Status.IN_PROGRESS
    return Status.NOT_STARTED


def status_case(today: dt.date) -> Case:
    soon = today + dt.timedelta(days=due_soon_days())
    return Case(
        When(cancelled_on__isnull=False, then=Value(Status.CANCELLED.value)),
        When(
            Q(completed_on__isnull=False) & Q(completed_on__lte=models.F("deadline")),
            then=Value(Status.DONE_ON_TIME.value),
        ),
        When(completed_on__isnull=False, then=Value(Status.DONE_LATE.value)),
        When(deadline__lt=today, then=Value(Status.OVERDUE.value)),
        When(deadline__lte=soon, then=Value(Status.DUE_SOON.value)),
        When(
            Q(last_progress_on__isnull=False) | Q(percent__gt=0),
            then=Value(Status.IN_PROGRESS.value),
        ),
        default=Value(Status.NOT_STARTED.value),
        output_field=CharField(),
    )


def with_status(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Annotate `status` so pages, API and exports filter and count in the database.

    The annotation keeps its date (`status_today`), so counts can use the column conditions
    of `chidao.tasks.filters.status_q` for the same day instead of grouping by the CASE."""
    today = today or timezone.localdate()
    case = status_case(today)
    case.status_today = today
    return queryset.annotate(status=case)


def status_date(queryset: QuerySet) -> dt.date | None:
    """The date `queryset`'s status annotation is computed for (None without one)."""
    return getattr(queryset.query.annotations.get("status"), "status_today", None)
