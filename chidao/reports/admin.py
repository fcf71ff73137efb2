"""Reporting in the admin: forms and regimes are edited here (audited); form versions,
periods and submissions are read-only (they change through the report pages, API
and services, which keep versions immutable and write the change log)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from chidao.audit.admin_base import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from chidao.audit.services import record_change, snapshot
from chidao.reports import periods
from chidao.reports.models import (
    Frequency,
    ReportForm,
    ReportFormVersion,
    ReportingRegime,
    ReportPeriod,
    Submission,
    SubmissionAttachment,
)
from chidao.reports.services import DEFAULT_SECTIONS


class VersionInline(ReadOnlyInline):
    """A form's versions, read-only: a submitted report points at its version for good."""

    model = ReportFormVersion
    fields = ["number", "sections", "figures", "created_at", "created_by"]
    readonly_fields = fields


@admin.register(ReportForm)
class ReportFormAdmin(AuditedAdmin):
    """A new form gets version 1 with the default sections; later versions are made on the
    form editor page (/reports/forms/)."""

    list_display = ["name", "committee"]
    list_filter = ["committee"]
    search_fields = ["name"]
    inlines = [VersionInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and not obj.versions.exists():
            version = ReportFormVersion.objects.create(
                form=obj, number=1, sections=DEFAULT_SECTIONS, figures=[], created_by=request.user
            )
            record_change(
                actor=request.user, action="create", target=version, after=snapshot(version)
            )

    def has_delete_permission(self, request, obj=None):
        return False  # forms are referenced by periods and reports (PROTECT)


class RegimeForm(forms.ModelForm):
    class Meta:
        model = ReportingRegime
        fields = [
            "committee",
            "name",
            "frequency",
            "form",
            "units",
            "deadline_rule",
            "deadline_value",
            "requires_leader_approval",
            "synthetic",
        ]

    def clean(self):
        cleaned = super().clean()
        frequency = cleaned.get("frequency")
        if frequency == Frequency.AD_HOC:
            self.add_error("frequency", _("Chế độ báo cáo định kỳ không dùng tần suất đột xuất."))
        rule, value = cleaned.get("deadline_rule"), cleaned.get("deadline_value")
        if rule and value is not None:
            try:
                periods.check_rule(rule, int(value))
            except ValueError as exc:
                self.add_error("deadline_value", str(exc))
        form, committee = cleaned.get("form"), cleaned.get("committee")
        if form and committee and form.committee_id != committee.pk:
            self.add_error("form", _("Mẫu báo cáo thuộc Ban Chỉ đạo khác."))
        return cleaned


@admin.register(ReportingRegime)
class ReportingRegimeAdmin(AuditedAdmin):
    form = RegimeForm
    list_display = [
        "name",
        "committee",
        "frequency",
        "deadline_rule",
        "deadline_value",
        "requires_leader_approval",
        "synthetic",
    ]
    list_filter = ["committee", "frequency", "synthetic"]
    search_fields = ["name"]
    filter_horizontal = ["units"]

    def has_delete_permission(self, request, obj=None):
        return False  # periods point at their regime (PROTECT)


@admin.register(ReportPeriod)
class ReportPeriodAdmin(ReadOnlyAdmin):
    list_display = ["label", "committee", "kind", "data_from", "data_to", "deadline"]
    list_filter = ["committee", "kind"]
    search_fields = ["label", "title"]


class AttachmentInline(ReadOnlyInline):
    model = SubmissionAttachment
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ["unit_name", "period", "version", "state", "submitted_at"]
    list_filter = ["state", "period__committee"]
    search_fields = ["unit_name", "period__label"]
    list_select_related = ["period"]
    inlines = [AttachmentInline]
