"""Inspections (kiểm tra) of the committee's units: the yearly plan (Kế hoạch kiểm tra CCHC/CĐS)
with its units, dates and team; the checklist; per inspected unit its preparation, the team's
findings per checklist item, and the conclusion whose remedial items become the unit's tasks.

The team is a snapshot of the committee's composition (and working group) on the plan's first
day (`chidao.committees.selectors.composition_on`): seat, position, unit and holder are kept as
they were. The conclusion's document is the tasks' source (`tasks.TaskSource`), each remedy's
task names it with its clause "Mục N".
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy
from chidao.meetings.models import NumberedItem, TaskNotice
from chidao.storage.models import StoredFile


class InspectionQuerySet(policy.PolicyQuerySet):
    """Who may do what with inspections (chidao.core.policy):

    - view: administrators, leaders and viewers every inspection; standing-agency staff the
      inspections of the committees they serve; a unit's people the inspections of their unit;
    - change (plan, checklist, findings, conclusion): the committee's managers.
    """

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if policy.is_system(user):
            return self
        served = policy.managed_committee_ids(user)
        if action == policy.VIEW:
            if policy.reads_everything(user):
                return self
            condition = Q(pk__in=[])
            if served:
                condition |= Q(committee_id__in=served)
            units = policy.acting_unit_ids(user)
            if units:
                inspected = InspectedUnit.objects.filter(
                    inspection=OuterRef("pk"), unit_id__in=units
                )
                condition |= Q(Exists(inspected))
            return self.filter(condition)
        if action in (policy.CHANGE, policy.DELETE):
            return self if served is None else self.filter(committee_id__in=served)
        raise self.unknown(action)


class Inspection(models.Model):
    """A yearly inspection plan of a committee and the round it runs."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo kế hoạch")
        ISSUED = "issued", _("Đã ban hành kế hoạch")
        CONCLUDED = "concluded", _("Đã kết luận")

    committee = models.ForeignKey(
        "committees.Committee",
        verbose_name=_("ban chỉ đạo"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    year = models.PositiveIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    purpose = models.TextField(_("mục đích, yêu cầu"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    number = models.CharField(_("số kế hoạch"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    criteria_set = models.ForeignKey(
        "evaluation.CriteriaSet",
        verbose_name=_("bộ tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    synthetic = models.BooleanField(
        _("dữ liệu mô phỏng"), default=False, help_text=_("Dữ liệu trình diễn, không có thật.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt kiểm tra")
        verbose_name_plural = _("đợt kiểm tra")
        ordering = ["-year", "-starts_on", "id"]
        indexes = [models.Index(fields=["committee", "year"], name="inspection_committee_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="inspection_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def permits(self, user, action: str) -> bool:
        if policy.is_system(user):
            return True
        if action in (policy.CHANGE, policy.DELETE):
            return policy.manages_committee(user, self.committee_id)
        return Inspection.objects.restrict(user, action).filter(pk=self.pk).exists()


class TeamMember(models.Model):
    """A member of the inspection team: a seat of the composition (or working group) on the
    plan's first day, with its holder as the register knew them, and the team role."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Trưởng đoàn")
        DEPUTY = "deputy", _("Phó Trưởng đoàn")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    role = models.CharField(_("nhiệm vụ trong đoàn"), max_length=20, choices=Role.choices)
    body = models.CharField(_("thuộc"), max_length=20, default="committee")
    seat_role_label = models.CharField(_("vai trò trong Ban"), max_length=100, blank=True)
    position = models.CharField(_("chức vụ"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit_name = models.CharField(_("đơn vị"), max_length=300, blank=True)
    person = models.CharField(_("họ và tên"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")
        ordering = ["inspection", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person or self.position}"


class ChecklistItem(models.Model):
    """One item the team checks at every unit: from a criterion of the criteria set, or
    written for the inspection."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    code = models.CharField(_("mã"), max_length=20)
    text = models.CharField(_("nội dung kiểm tra"), max_length=500)
    guidance = models.TextField(_("tài liệu kiểm chứng"), blank=True)
    criterion = models.ForeignKey(
        "evaluation.Criterion",
        verbose_name=_("tiêu chí"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("mục kiểm tra")
        verbose_name_plural = _("mục kiểm tra")
        ordering = ["inspection", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "code"], name="checklist_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class InspectedUnit(models.Model):
    """A unit the plan inspects, on its day: its preparation, then the findings and the
    conclusion."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Chờ kiểm tra")
        PREPARED = "prepared", _("Đơn vị đã chuẩn bị")
        INSPECTED = "inspected", _("Đã kiểm tra")
        CONCLUDED = "concluded", _("Đã có kết luận")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    unit_name = models.CharField(_("tên đơn vị"), max_length=300)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    scheduled_on = models.DateField(_("ngày kiểm tra"))
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    self_report = models.TextField(_("báo cáo tự kiểm tra"), blank=True)
    prepared_at = models.DateTimeField(null=True, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    obstacles = models.ManyToManyField(
        "obstacles.Obstacle",
        verbose_name=_("khó khăn, vướng mắc nêu khi kiểm tra"),
        blank=True,
        related_name="inspections",
    )

    class Meta:
        verbose_name = _("đơn vị được kiểm tra")
        verbose_name_plural = _("đơn vị được kiểm tra")
        ordering = ["inspection", "scheduled_on", "order", "id"]
        indexes = [models.Index(fields=["unit", "inspection"], name="inspected_unit_idx")]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "unit"], name="inspected_unit_unique")
        ]

    def __str__(self) -> str:
        return self.unit_name


class PreparationFile(StoredFile):
    """Evidence the unit files with its preparation."""

    upload_folder = "inspections"

    inspected = models.ForeignKey(InspectedUnit, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("tệp chuẩn bị kiểm tra")
        verbose_name_plural = _("tệp chuẩn bị kiểm tra")


class Finding(models.Model):
    """The team's finding on one checklist item at one unit."""

    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("Đạt")
        PARTIAL = "partial", _("Đạt một phần")
        NOT_COMPLIANT = "not_compliant", _("Không đạt")

    inspected = models.ForeignKey(InspectedUnit, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="findings")
    result = models.CharField(_("kết quả"), max_length=20, choices=Result.choices)
    note = models.TextField(_("nhận xét"), blank=True)
    recorded_at = models.DateTimeField(auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        ordering = ["inspected", "item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["inspected", "item"], name="finding_unique")]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.get_result_display()}"


class FindingFile(StoredFile):
    """Evidence the team files with a finding."""

    upload_folder = "inspections"

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = _("tệp minh chứng kết quả kiểm tra")
        verbose_name_plural = _("tệp minh chứng kết quả kiểm tra")


class Conclusion(TaskNotice):
    """The inspection conclusion for one unit (Thông báo kết luận kiểm tra); its document is
    the source of the remedies' tasks."""

    inspected = models.OneToOneField(
        InspectedUnit, on_delete=models.PROTECT, related_name="conclusion"
    )
    source = models.OneToOneField(
        "tasks.TaskSource", on_delete=models.PROTECT, related_name="inspection_conclusion"
    )
    summary = models.TextField(_("nhận xét chung"), blank=True)

    class Meta:
        verbose_name = _("kết luận kiểm tra")
        verbose_name_plural = _("kết luận kiểm tra")


class Remedy(NumberedItem):
    """A remedial item of a conclusion; its task carries `Mục N` as source clause."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="remedies")
    text = models.TextField(_("nội dung khắc phục"))
    deadline = models.DateField(_("hạn"))
    task = models.OneToOneField(
        "tasks.Task", null=True, blank=True, on_delete=models.SET_NULL, related_name="remedy"
    )

    class Meta:
        verbose_name = _("nội dung khắc phục")
        verbose_name_plural = _("nội dung khắc phục")
        ordering = ["conclusion", "number"]
        constraints = [
            models.UniqueConstraint(fields=["conclusion", "number"], name="remedy_unique")
        ]
