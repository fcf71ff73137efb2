"""Indicators with targets, their actual values per unit and quarter, and a committee's public
progress page.

An indicator belongs to a committee (and may name the program it serves), sits in a layer
(strategic → operational), says whether higher or lower is better, and where its actuals come
from: entered by the units (directly or through a report form's figure whose key is the
indicator's `figure_key`), or computed from chidao's own data. Targets are per unit (or for the
whole committee, `unit` empty) and per period: the year ("2025") and its quarterly milestones
("2025-Q1"). Actual values are per unit and quarter; a correction is a new version and the
old one is kept.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy


class IndicatorQuerySet(policy.CommitteeScopedQuerySet):
    """- view: everyone signed in reads the indicators (as the register); the public page
    reads only published ones of a published committee, through its own selector;
    - change: the committee's managers."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if action == policy.VIEW:
            return self if policy.is_system(user) or policy.is_signed_in(user) else self.none()
        return super().restrict(user, action)


class Layer(models.TextChoices):
    STRATEGIC = "strategic", _("Chiến lược")
    OUTCOME = "outcome", _("Kết quả")
    OPERATIONAL = "operational", _("Tác nghiệp")


LAYER_ORDER = {value: index for index, value in enumerate(Layer.values)}


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class SourceKind(models.TextChoices):
    ENTERED = "entered", _("Đơn vị nhập hoặc báo cáo")
    TASK_COMPLETION = "task_completion", _("Tính từ nhiệm vụ: tỷ lệ hoàn thành")
    REPORTS_ON_TIME = "reports_on_time", _("Tính từ báo cáo: tỷ lệ nộp đúng hạn")
    MEETING_ATTENDANCE = "meeting_attendance", _("Tính từ phiên họp: tỷ lệ tham dự")


class State(models.TextChoices):
    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ chậm")
    OFF_TRACK = "off_track", _("Chậm tiến độ")


class Indicator(models.Model):
    """One indicator of a committee: what is measured, how, on what legal basis."""

    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.PROTECT, related_name="indicators"
    )
    program = models.ForeignKey(
        "tasks.TaskSource",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("chương trình, kế hoạch"),
    )
    code = models.CharField(_("mã"), max_length=30)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=30)
    direction = models.CharField(
        _("chiều tốt"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    layer = models.CharField(_("tầng"), max_length=20, choices=Layer.choices)
    source_kind = models.CharField(
        _("nguồn số liệu"), max_length=20, choices=SourceKind.choices, default=SourceKind.ENTERED
    )
    figure_key = models.CharField(
        _("mã số liệu trong mẫu báo cáo"),
        max_length=50,
        blank=True,
        help_text=_("Số liệu có mã này trong báo cáo định kỳ của đơn vị là giá trị thực hiện."),
    )
    formula = models.TextField(_("công thức, cách tính"), blank=True)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    minimum = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=14, decimal_places=2)
    maximum = models.DecimalField(_("giá trị lớn nhất"), max_digits=14, decimal_places=2)
    margin_percent = models.DecimalField(
        _("biên an toàn (%)"),
        max_digits=5,
        decimal_places=2,
        default=5,
        help_text=_("Đạt mốc nhưng không vượt quá biên này thì có nguy cơ chậm."),
    )
    published = models.BooleanField(_("công khai"), default=False)
    synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["committee", "code"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(maximum__gt=models.F("minimum")),
                name="indicator_range_ordered",
                violation_error_message=_("Giá trị lớn nhất phải lớn hơn giá trị nhỏ nhất."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Target(models.Model):
    """A target for a period: "2025" for the year, "2025-Q2" for a quarterly milestone; for a
    unit, or for the whole committee when `unit` is empty (the units' fallback)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("kỳ"), max_length=7)
    value = models.DecimalField(_("chỉ tiêu"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("mốc chỉ tiêu")
        verbose_name_plural = _("mốc chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"],
                condition=Q(unit__isnull=False),
                name="target_unit_period_unique",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=Q(unit__isnull=True),
                name="target_committee_period_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"


class Value(models.Model):
    """An actual value of a unit for a quarter, with its source, who entered it and when. A
    correction is a new version; the current one is the only row with `current` set."""

    class Source(models.TextChoices):
        ENTERED = "entered", _("Đơn vị nhập")
        REPORT = "report", _("Báo cáo định kỳ")
        COMPUTED = "computed", _("Tính từ dữ liệu chidao")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("tên đơn vị khi nhập"), max_length=255)
    period = models.CharField(_("kỳ"), max_length=7)
    period_end = models.DateField(_("ngày chốt số liệu"))
    actual = models.DecimalField(_("thực hiện"), max_digits=14, decimal_places=2)
    note = models.TextField(_("giải trình, ghi chú"), blank=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)
    source_detail = models.CharField(_("chi tiết nguồn"), max_length=300, blank=True)
    submission = models.ForeignKey(
        "reports.Submission", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    current = models.BooleanField(default=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by_label = models.CharField(_("người nhập"), max_length=150)
    entered_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)

    class Meta:
        verbose_name = _("giá trị thực hiện")
        verbose_name_plural = _("giá trị thực hiện")
        ordering = ["indicator", "period_end", "unit_name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period", "version"], name="value_version_unique"
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit", "period"],
                condition=Q(current=True),
                name="one_current_value",
            ),
        ]
        indexes = [
            # the values of an indicator over time (API, drill-down, dashboards)
            models.Index(fields=["indicator", "current", "period_end"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit_name} {self.period}: {self.actual}"


class Publication(models.Model):
    """Whether a committee's public progress page is on (off unless its standing agency
    switched it on) and which of its plans it shows; every change is in the change log."""

    committee = models.OneToOneField(
        "committees.Committee", on_delete=models.CASCADE, related_name="publication"
    )
    enabled = models.BooleanField(_("công khai tiến độ"), default=False)
    plans = models.ManyToManyField(
        "tasks.TaskSource",
        blank=True,
        related_name="+",
        verbose_name=_("kế hoạch được công khai"),
        help_text=_("Chỉ những kế hoạch này và nhiệm vụ của chúng hiện trên trang công khai."),
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trang công khai")
        verbose_name_plural = _("trang công khai")

    def __str__(self) -> str:
        return f"{self.committee_id}: {self.enabled}"


class SavedViewQuerySet(policy.PolicyQuerySet):
    """- view: one's own views, and the views shared with a committee (everyone signed in);
    - change/delete: one's own views, and a committee's shared views for its managers."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if policy.is_system(user):
            return self
        if not policy.is_signed_in(user):
            return self.none()
        if action == policy.VIEW:
            return self.filter(Q(owner=user) | Q(shared=True))
        if action not in (policy.CHANGE, policy.DELETE):
            raise self.unknown(action)
        managed = policy.managed_committee_ids(user)
        shared_managed = (
            Q(shared=True) if managed is None else Q(shared=True, committee__in=managed)
        )
        return self.filter(Q(owner=user) | shared_managed)


class SavedView(models.Model):
    """A named view of a committee's indicators (a program, a layer, some units, a range of
    quarters) that its owner opens again from the indicators page; the committee's standing
    agency may share one with everyone who follows the committee."""

    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("tên dạng xem"), max_length=100)
    program = models.ForeignKey(
        "tasks.TaskSource",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("chương trình, kế hoạch"),
    )
    layer = models.CharField(_("tầng"), max_length=20, choices=Layer.choices, blank=True)
    units = models.ManyToManyField("units.Unit", blank=True, related_name="+")
    period_from = models.CharField(_("từ quý"), max_length=7, blank=True)
    period_to = models.CharField(_("đến quý"), max_length=7, blank=True)
    shared = models.BooleanField(_("dùng chung cho Ban Chỉ đạo"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        verbose_name = _("dạng xem chỉ tiêu")
        verbose_name_plural = _("dạng xem chỉ tiêu")
        ordering = ["committee", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "committee", "name"], name="saved_view_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name
