from django.contrib import admin

from chidao.audit.admin_base import AuditedAdmin, AuditedInline
from chidao.committees.models import (
    Committee,
    CommitteeLineage,
    CommitteeVersion,
    Duty,
    MemberListApproval,
    Seat,
    StandingAgency,
)


class LineageInline(AuditedInline):
    model = CommitteeLineage
    fk_name = "successor"
    autocomplete_fields = ["predecessor", "decision", "source"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "issuing_body"]
    search_fields = ["name", "name_key", "short_name"]
    autocomplete_fields = ["issuing_body", "source"]
    inlines = [LineageInline]


class SeatInline(AuditedInline):
    model = Seat
    fields = [
        "body",
        "role",
        "order",
        "holder_kind",
        "person",
        "position",
        "rule",
        "rule_parent",
        "label",
        "source",
        "source_quote",
    ]
    autocomplete_fields = ["person", "position", "rule_parent", "source"]


class StandingAgencyInline(AuditedInline):
    model = StandingAgency
    autocomplete_fields = ["unit", "source"]


class DutyInline(AuditedInline):
    model = Duty
    autocomplete_fields = ["source"]


class ApprovalInline(AuditedInline):
    model = MemberListApproval
    autocomplete_fields = ["proposed_by", "source"]


@admin.register(CommitteeVersion)
class CommitteeVersionAdmin(AuditedAdmin):
    list_display = ["committee", "decision", "action", "effective_from"]
    list_filter = ["action", "committee"]
    search_fields = ["committee__name", "decision__number"]
    autocomplete_fields = ["committee", "decision", "working_group_seat", "source"]
    list_select_related = ["committee", "decision"]
    inlines = [SeatInline, StandingAgencyInline, DutyInline, ApprovalInline]
