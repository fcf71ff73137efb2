"""Periodic and ad-hoc reporting (Decree 09/2019/NĐ-CP): regimes, periods, versioned forms,
units' submissions, and consolidated documents generated in the background."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chidao.core import policy
from chidao.storage.models import StoredFile, StoredName


class PeriodQuerySet(policy.PolicyQuerySet):
    """- view: those who read everything; standing-agency staff the periods of the committees
    they serve; anyone the periods their unit must report in;
    - change (open, edit, consolidate): the committee's managers."""

    def of_units(self, unit_ids) -> models.QuerySet:
        rows = ReportPeriod.units.through.objects.filter(unit_id__in=unit_ids)
        return self.filter(pk__in=rows.values("reportperiod_id"))

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if policy.is_system(user):
            return self
        managed = policy.managed_committee_ids(user)
        if action == policy.VIEW:
            if policy.reads_everything(user):
                return self
            units = policy.acting_unit_ids(user)
            if managed and units:
                return self.filter(committee_id__in=managed) | self.of_units(units)
            if managed:
                return self.filter(committee_id__in=managed)
            return self.of_units(units) if units else self.none()
        if action in (policy.CHANGE, policy.DELETE):
            return self if managed is None else self.filter(committee_id__in=managed)
        raise self.unknown(action)


class SubmissionQuerySet(policy.PolicyQuerySet):
    """- view: those who read everything and the period committee's managers every
    submission; anyone their own unit's;
    - change: nobody here (submissions change through the report services)."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if policy.is_system(user):
            return self
        if action == policy.VIEW:
            managed = policy.managed_committee_ids(user)
            if policy.reads_everything(user) or managed is None:
                return self
            rule = Q(period__committee_id__in=managed) | Q(unit_id__in=policy.acting_unit_ids(user))
            return self.filter(rule)
        if action in (policy.CHANGE, policy.DELETE):
            return self.none()
        raise self.unknown(action)


def may_consolidate(user, committee_id: int) -> bool:
    """Consolidated reports of a committee are requested and read by its managers (standing
    agency, administrators, the system) and by committee leaders."""
    return policy.manages_committee(user, committee_id) or policy.is_leader(user)


class ConsolidatedQuerySet(policy.PolicyQuerySet):
    """Consolidated documents: requested and read as `may_consolidate` says."""

    def restrict(self, user, action: str = policy.VIEW) -> models.QuerySet:
        if action in (policy.VIEW, policy.CHANGE):
            if policy.is_leader(user):
                return self
            managed = policy.managed_committee_ids(user)
            return self if managed is None else self.filter(period__committee_id__in=managed)
        if action == policy.DELETE:
            return self.none()
        raise self.unknown(action)


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEAR = "half_year", _("6 tháng")
    NINE_MONTH = "nine_month", _("9 tháng")
    YEARLY = "yearly", _("Hằng năm")
    AD_HOC = "ad_hoc", _("Đột xuất")


class ReportForm(models.Model):
    """A report form the standing agency defines; its content lives in versions."""

    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.PROTECT, related_name="report_forms"
    )
    name = models.CharField(_("tên mẫu"), max_length=300)

    objects = policy.CommitteeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")

    def __str__(self) -> str:
        return self.name


class ReportFormVersion(models.Model):
    """One version of a form. Submitted reports point at the version they answered, so a
    changed form never alters them.

    sections: [{"key": "results", "title": "..."}]; figures: [{"key", "label", "unit"}].
    """

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    sections = models.JSONField(_("các phần"))
    figures = models.JSONField(_("các chỉ tiêu"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phiên bản mẫu báo cáo")
        verbose_name_plural = _("phiên bản mẫu báo cáo")
        ordering = ["form", "number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="form_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"


class ReportingRegime(models.Model):
    """Who reports what to the committee, how often, and by when.

    The deadline is either a number of working days after the data cut-off, or a fixed day
    of the month in which the period's data ends (a per-regime setting, as provinces differ).
    """

    class DeadlineRule(models.TextChoices):
        WORKING_DAYS_AFTER_CUTOFF = "working_days", _("Số ngày làm việc sau ngày chốt số liệu")
        FIXED_DAY = "fixed_day", _("Ngày cố định trong tháng chốt số liệu")

    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.PROTECT, related_name="reporting_regimes"
    )
    name = models.CharField(_("tên chế độ báo cáo"), max_length=300)
    frequency = models.CharField(_("tần suất"), max_length=20, choices=Frequency.choices)
    form = models.ForeignKey(
        ReportForm, on_delete=models.PROTECT, related_name="regimes", verbose_name=_("mẫu")
    )
    units = models.ManyToManyField(
        "units.Unit", related_name="reporting_regimes", verbose_name=_("đơn vị phải báo cáo")
    )
    deadline_rule = models.CharField(
        _("cách tính hạn"),
        max_length=20,
        choices=DeadlineRule.choices,
        default=DeadlineRule.WORKING_DAYS_AFTER_CUTOFF,
    )
    deadline_value = models.PositiveSmallIntegerField(
        _("số ngày / ngày cố định"),
        default=2,
        help_text=_("Số ngày làm việc sau ngày chốt, hoặc ngày trong tháng (16–20)."),
    )
    requires_leader_approval = models.BooleanField(_("cần lãnh đạo đơn vị duyệt"), default=False)
    synthetic = models.BooleanField(_("dữ liệu mô phỏng"), default=False)

    objects = policy.CommitteeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("chế độ báo cáo")
        verbose_name_plural = _("chế độ báo cáo")

    def __str__(self) -> str:
        return self.name


class ReportPeriod(models.Model):
    """One reporting period: its data window (15th to 14th) and its submission deadline.

    Ad-hoc requests are periods without a regime, with the deadline the requester set.
    The units that must report are copied from the regime when the period is opened.
    """

    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.PROTECT, related_name="report_periods"
    )
    regime = models.ForeignKey(
        ReportingRegime, null=True, blank=True, on_delete=models.PROTECT, related_name="periods"
    )
    kind = models.CharField(_("loại kỳ"), max_length=20, choices=Frequency.choices)
    label = models.CharField(_("tên kỳ"), max_length=100)
    data_from = models.DateField(_("số liệu từ ngày"))
    data_to = models.DateField(_("số liệu đến ngày (ngày chốt)"))
    deadline = models.DateField(_("hạn nộp"))
    form_version = models.ForeignKey(
        ReportFormVersion, on_delete=models.PROTECT, related_name="periods"
    )
    units = models.ManyToManyField(
        "units.Unit", related_name="report_periods", verbose_name=_("đơn vị phải báo cáo")
    )
    requires_leader_approval = models.BooleanField(default=False)
    title = models.CharField(_("nội dung yêu cầu"), max_length=500, blank=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-data_to", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "data_from", "data_to"],
                condition=Q(regime__isnull=False),
                name="one_period_per_regime_window",
            ),
            models.CheckConstraint(
                condition=Q(data_to__gte=models.F("data_from")),
                name="period_window_ordered",
                violation_error_message=_("Ngày chốt số liệu phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("data_to")),
                name="period_deadline_after_cutoff",
                violation_error_message=_("Hạn nộp phải sau ngày chốt số liệu."),
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Submission(models.Model):
    """A unit's report for a period. Once submitted it never changes: a correction is a new
    version (version + 1) and the old one is kept, marked superseded."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        AWAITING_APPROVAL = "awaiting_approval", _("Chờ lãnh đạo đơn vị duyệt")
        SUBMITTED = "submitted", _("Đã nộp")
        SUPERSEDED = "superseded", _("Đã thay bằng bản sửa")

    period = models.ForeignKey(ReportPeriod, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("tên đơn vị khi nộp"), max_length=255)
    version = models.PositiveIntegerField(_("lần nộp"), default=1)
    form_version = models.ForeignKey(
        ReportFormVersion, on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(
        _("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT
    )
    sections = models.JSONField(_("nội dung các phần"), default=dict, blank=True)
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    # Returned for correction by the standing agency: the report still stands (a submitted
    # report never changes) until the unit submits a corrected version.
    returned_at = models.DateTimeField(_("thời điểm trả lại để sửa"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["period", "unit_name", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "version"], name="submission_version_unique"
            ),
            models.UniqueConstraint(
                fields=["period", "unit"],
                condition=Q(state__in=["draft", "awaiting_approval"]),
                name="one_open_draft_per_unit_and_period",
            ),
        ]
        indexes = [
            # submission status of a period: current submissions by period and state.
            models.Index(fields=["period", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} — {self.period} (v{self.version})"


class SubmissionAttachment(StoredFile):
    """A file attached to a submission: checked like task evidence, served only to readers."""

    upload_folder = "reports"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")


class ConsolidatedDocument(models.Model):
    """A consolidated report file for a period, generated by a background job."""

    class Format(models.TextChoices):
        DOCX = "docx", "Word"
        XLSX = "xlsx", "Excel"
        PDF = "pdf", "PDF"

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ tạo")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    period = models.ForeignKey(
        ReportPeriod, on_delete=models.CASCADE, related_name="consolidated_documents"
    )
    format = models.CharField(max_length=10, choices=Format.choices)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    storage_name = StoredName(max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    data_fingerprint = models.CharField(
        max_length=64, blank=True, help_text=_("Dấu vân tay dữ liệu đã dùng để tạo tệp.")
    )
    # Who is building it: the worker's id ("" when built in a web request) and since when; a
    # document claimed by a worker that died is built again (chidao.reports.jobs._claim).
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    objects = ConsolidatedQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period} ({self.format})"


class CutoffTotals(models.Model):
    """A committee's statistics totals on a closed cut-off date, computed once and kept
    (chidao.reports.cutoffs): the past does not change, unless the history before the cut-off
    does, which `event_mark` detects."""

    committee = models.ForeignKey(
        "committees.Committee", on_delete=models.CASCADE, related_name="+"
    )
    as_of = models.DateField(_("ngày chốt số liệu"))
    totals = models.JSONField()
    # The highest TaskEvent id when the totals were computed: a later event dated on or before
    # the cut-off means they must be computed again.
    event_mark = models.BigIntegerField()
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("số liệu đã chốt")
        verbose_name_plural = _("số liệu đã chốt")
        constraints = [
            models.UniqueConstraint(fields=["committee", "as_of"], name="cutoff_totals_unique")
        ]

    def __str__(self) -> str:
        return f"{self.committee_id} {self.as_of:%d/%m/%Y}"
