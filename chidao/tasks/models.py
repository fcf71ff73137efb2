"""Direction and follow-up: where tasks come from, the tasks, and what units report on them.

A task's status is never stored: it is derived from its dates and reports by
`chidao.tasks.status`, the same way for pages, API, exports and reports.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy
from chidao.storage.models import StoredFile
from chidao.tasks.filters import unit_task_ids


@dataclass(frozen=True)
class TaskView:
    """Which tasks someone may view, as the policy answers for them: every task, or those of
    the committees they manage and those their units lead or coordinate (ids ascending).

    A value rather than a user, so that a read kept per shape (`chidao.core.kept`, the list
    API) binds the ids where the rule put them; the rule itself is `TaskQuerySet.viewable`."""

    everything: bool
    committees: tuple[int, ...] = ()
    units: tuple[int, ...] = ()

    @classmethod
    def of(cls, user) -> "TaskView":
        if policy.is_system(user) or policy.reads_everything(user):
            return EVERY_TASK
        served = policy.managed_committee_ids(user)
        if served is None:
            return EVERY_TASK
        return cls(False, tuple(sorted(served)), tuple(sorted(policy.acting_unit_ids(user))))

    def of_unit(self, unit_id: int) -> "TaskView":
        """What still restricts a unit's tasks: nothing for whoever acts for the unit (view
        includes the tasks of one's units), so its list is one semi-join, not two."""
        return EVERY_TASK if self.everything or unit_id in self.units else self


EVERY_TASK = TaskView(everything=True)


class TaskQuerySet(policy.PolicyQuerySet):
    """Who may do what with which tasks (chidao.core.policy):

    - view: administrators, leaders and viewers every task; standing-agency staff the tasks
      of the committees they serve; anyone the tasks their unit leads or coordinates;
    - change (create, edit, cancel, reassign, decide extensions): the committee's managers;
    - report (progress, contributions, extension requests): the lead and coordinating units.
    """

    def _of_units(self, unit_ids) -> models.QuerySet:
        # A semi-join on a UNION of two index scans rather than a join or an OR: no duplicate
        # rows, so no DISTINCT, counts (GROUP BY status, unit, domain) stay right, and
        # PostgreSQL reads only the unit's tasks (chidao.tasks.filters).
        return self.filter(pk__in=unit_task_ids(unit_ids))

    def viewable(self, view: TaskView) -> models.QuerySet:
        """The tasks `view` (TaskView.of a user) lets its holder see."""
        if view.everything:
            return self
        served, units = view.committees, view.units
        if served and units:
            return self.filter(committee_id__in=served) | self._of_units(units)
        if served:
            return self.filter(committee_id__in=served)
        return self._of_units(units) if units else self.none()

    def viewable_of_unit(self, view: TaskView, unit) -> models.QuerySet:
        """The tasks `unit` (an instance or an id) leads or coordinates that `view` allows."""
        unit_id = getattr(unit, "pk", unit)
        return self.filter(pk__in=unit_task_ids(unit_id)).viewable(view.of_unit(unit_id))

    def visible_of_unit(self, user, unit) -> models.QuerySet:
        """The tasks `unit` (an instance or an id) leads or coordinates that `user` may view."""
        return self.viewable_of_unit(TaskView.of(user), unit)

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if policy.is_system(user):
            return self
        if action == policy.VIEW:
            return self.viewable(TaskView.of(user))
        if action in (policy.CHANGE, policy.DELETE):
            ids = policy.managed_committee_ids(user)
            return self if ids is None else self.filter(committee_id__in=ids)
        if action == policy.REPORT:
            units = policy.acting_unit_ids(user)
            return self._of_units(units) if units else self.none()
        raise self.unknown(action)


class DomainQuerySet(policy.CommitteeScopedQuerySet):
    """Built-in domains (no committee) are the administrators' to change."""


class Domain(models.Model):
    """A field of administrative reform or a pillar of digital transformation.

    Built-in domains have no committee; a standing agency may add its own for its committee.
    """

    class Area(models.TextChoices):
        ADMINISTRATIVE_REFORM = "administrative_reform", _("Cải cách hành chính")
        DIGITAL_TRANSFORMATION = "digital_transformation", _("Chuyển đổi số")
        OTHER = "other", _("Khác")

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    area = models.CharField(_("nhóm"), max_length=30, choices=Area.choices)
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="domains",
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    objects = DomainQuerySet.as_manager()

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["area", "order", "name"]

    def __str__(self) -> str:
        return self.name

    def permits(self, user, action: str) -> bool:
        return action == policy.VIEW or policy.manages_committee(user, self.committee_id)


class TaskSource(models.Model):
    """A program, plan, scheme or meeting conclusions that gives tasks, and its committee."""

    document = models.OneToOneField(
        "documents.LegalDocument",
        verbose_name=_("văn bản"),
        on_delete=models.PROTECT,
        related_name="task_source",
    )
    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="task_sources",
    )
    synthetic = models.BooleanField(
        _("dữ liệu mô phỏng"), default=False, help_text=_("Dữ liệu trình diễn, không có thật.")
    )

    objects = policy.CommitteeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản giao nhiệm vụ")
        verbose_name_plural = _("văn bản giao nhiệm vụ")

    def __str__(self) -> str:
        return str(self.document)

    def permits(self, user, action: str) -> bool:
        return action == policy.VIEW or policy.manages_committee(user, self.committee_id)


# The columns besides the deadline a status is computed from (chidao.tasks.status).
STATUS_COLUMNS = ["completed_on", "cancelled_on", "last_progress_on", "percent"]


class TaskSeries(models.Model):
    """A recurring task; each occurrence is a Task of its own, tracked on its own."""

    class Recurrence(models.TextChoices):
        MONTHLY = "monthly", _("Hằng tháng")
        QUARTERLY = "quarterly", _("Hằng quý")
        YEARLY = "yearly", _("Hằng năm")

    recurrence = models.CharField(_("lặp lại"), max_length=20, choices=Recurrence.choices)
    first_deadline = models.DateField(_("hạn lần đầu"))
    until = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("chuỗi nhiệm vụ định kỳ")
        verbose_name_plural = _("chuỗi nhiệm vụ định kỳ")

    def __str__(self) -> str:
        return (
            f"{self.get_recurrence_display()} {self.first_deadline:%d/%m/%Y}–{self.until:%d/%m/%Y}"
        )


class Task(models.Model):
    """A task given to a lead unit (chủ trì), with coordinating units (phối hợp).

    The lead unit's name is kept as it was when assigned (lead_unit_name): after a merger the
    task follows the successor (lead_unit) and still shows whom it was given to.
    """

    class Priority(models.TextChoices):
        NORMAL = "normal", _("Bình thường")
        HIGH = "high", _("Cao")
        URGENT = "urgent", _("Khẩn")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    source = models.ForeignKey(
        TaskSource,
        verbose_name=_("văn bản giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    source_clause = models.CharField(_("điều, khoản, mục"), max_length=100, blank=True)
    title = models.CharField(_("tên nhiệm vụ"), max_length=500)
    title_key = models.CharField(max_length=500, blank=True, editable=False)
    content = models.TextField(_("nội dung"), blank=True)
    domain = models.ForeignKey(
        Domain, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="tasks"
    )
    lead_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    lead_unit_name = models.CharField(_("tên đơn vị chủ trì khi giao"), max_length=255)
    coordinating_units = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("đơn vị phối hợp"),
        through="TaskCoordination",
        related_name="coordinated_tasks",
        blank=True,
    )
    deadline = models.DateField(_("hạn hoàn thành"))
    original_deadline = models.DateField(_("hạn ban đầu"))
    series = models.ForeignKey(
        TaskSeries,
        verbose_name=_("chuỗi định kỳ"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="occurrences",
    )
    period_label = models.CharField(_("kỳ"), max_length=40, blank=True)
    expected_output = models.CharField(_("sản phẩm"), max_length=500, blank=True)
    priority = models.CharField(
        _("mức ưu tiên"), max_length=20, choices=Priority.choices, default=Priority.NORMAL
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_on = models.DateField(_("ngày giao"))
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    last_progress_on = models.DateField(_("ngày báo cáo gần nhất"), null=True, blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    output_number = models.CharField(_("số văn bản kết quả"), max_length=100, blank=True)
    output_date = models.DateField(_("ngày văn bản kết quả"), null=True, blank=True)
    cancelled_on = models.DateField(_("ngày hủy"), null=True, blank=True)
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "id"]
        indexes = [
            # "my unit's tasks" by deadline; on PostgreSQL it also covers the status columns,
            # so counts by lead unit (dashboard, counts endpoint) read the index alone.
            models.Index(
                fields=["lead_unit", "deadline"],
                include=["assigned_on", *STATUS_COLUMNS],
                name="task_unit_deadline_idx",
            ),
            # the reminder planner: open tasks by deadline.
            models.Index(
                fields=["deadline"],
                name="task_open_deadline_idx",
                condition=Q(completed_on__isnull=True, cancelled_on__isnull=True),
            ),
            # a committee's tasks by deadline; covering its counts per lead unit.
            models.Index(
                fields=["committee", "deadline"],
                include=["lead_unit", "assigned_on", *STATUS_COLUMNS],
                name="task_committee_deadline_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100),
                name="task_percent_at_most_100",
                violation_error_message=_("Tiến độ phải từ 0 đến 100%."),
            ),
            models.CheckConstraint(
                condition=Q(cancelled_on__isnull=True) | ~Q(cancel_reason=""),
                name="task_cancel_needs_reason",
                violation_error_message=_("Hủy nhiệm vụ cần nêu lý do."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def reporting_role(self, user) -> str | None:
        """'lead' or 'coordinating' when the user acts for a unit that may report on the task
        (the system reports as the lead unit), else None."""
        if policy.is_system(user):
            return "lead"
        units = policy.acting_unit_ids(user)
        if self.lead_unit_id in units:
            return "lead"
        if units and self.coordinations.filter(unit_id__in=units).exists():
            return "coordinating"
        return None

    def permits(self, user, action: str) -> bool:
        if action in (policy.CHANGE, policy.DELETE):
            return policy.manages_committee(user, self.committee_id)
        if action == policy.REPORT:
            return self.reporting_role(user) is not None
        return type(self).objects.restrict(user, action).filter(pk=self.pk).exists()


class TaskCoordination(models.Model):
    """A coordinating unit of a task, with its name as it was when assigned."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="coordinations")
    # indexed by (unit, task) below: a unit's coordinated tasks from the index alone.
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit_name = models.CharField(_("tên đơn vị khi giao"), max_length=255)

    class Meta:
        verbose_name = _("đơn vị phối hợp")
        verbose_name_plural = _("đơn vị phối hợp")
        indexes = [models.Index(fields=["unit", "task"], name="task_coordination_unit_idx")]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="task_coordination_unique")
        ]

    def __str__(self) -> str:
        return self.unit_name


class ProgressReport(models.Model):
    """A report on a task: the lead unit's progress, or a coordinating unit's contribution."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_on = models.DateField(_("ngày báo cáo"))
    created_at = models.DateTimeField(auto_now_add=True)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), null=True, blank=True)
    note = models.TextField(_("nội dung báo cáo"))
    completed = models.BooleanField(_("đã hoàn thành"), default=False)
    is_contribution = models.BooleanField(_("đóng góp của đơn vị phối hợp"), default=False)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["task", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="progress_percent_at_most_100",
                violation_error_message=_("Tiến độ phải từ 0 đến 100%."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.reported_on:%d/%m/%Y}"


class Attachment(StoredFile):
    """An evidence file of a task (or of one of its progress reports), served only to those
    who may see the task."""

    upload_folder = "tasks"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")


class ExtensionRequest(models.Model):
    """A lead unit asks for more time; the standing agency approves (new deadline) or refuses."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ xử lý")
        APPROVED = "approved", _("Đã đồng ý")
        REFUSED = "refused", _("Không đồng ý")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extension_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_on = models.DateField(_("ngày đề nghị"))
    reason = models.TextField(_("lý do"))
    requested_deadline = models.DateField(_("hạn đề nghị"))
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_on = models.DateField(_("ngày xử lý"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến xử lý"), blank=True)
    previous_deadline = models.DateField(_("hạn trước khi gia hạn"))
    granted_deadline = models.DateField(_("hạn được gia hạn"), null=True, blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["task", "requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(state="pending"),
                name="one_pending_extension_per_task",
                violation_error_message=_("Nhiệm vụ đã có một đề nghị gia hạn đang chờ xử lý."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} → {self.requested_deadline:%d/%m/%Y}"


class TaskEvent(models.Model):
    """The task's timeline, written on purpose by the services: the history is the product."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Giao nhiệm vụ")
        PROGRESS = "progress", _("Báo cáo tiến độ")
        CONTRIBUTION = "contribution", _("Đơn vị phối hợp báo cáo")
        COMPLETED = "completed", _("Hoàn thành")
        EXTENSION_REQUESTED = "extension_requested", _("Đề nghị gia hạn")
        EXTENSION_APPROVED = "extension_approved", _("Đồng ý gia hạn")
        EXTENSION_REFUSED = "extension_refused", _("Không đồng ý gia hạn")
        REMINDER = "reminder", _("Đôn đốc")
        REASSIGNED = "reassigned", _("Chuyển đơn vị chủ trì")
        CANCELLED = "cancelled", _("Hủy nhiệm vụ")
        EDITED = "edited", _("Sửa nhiệm vụ")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("sự kiện nhiệm vụ")
        verbose_name_plural = _("sự kiện nhiệm vụ")
        ordering = ["task", "created_at", "id"]
        indexes = [
            # consolidation as of a cut-off: events of a kind up to a date.
            models.Index(fields=["kind", "effective_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.get_kind_display()}"
