from django.contrib import admin

from chidao.audit.admin_base import AuditedAdmin, AuditedInline
from chidao.units.models import Unit, UnitAttestation, UnitEvent


class AttestationInline(AuditedInline):
    model = UnitAttestation
    autocomplete_fields = ["source"]
    filter_horizontal = ["other_sources"]


@admin.register(Unit)
class UnitAdmin(AuditedAdmin):
    list_display = ["name", "kind", "code", "valid_from", "valid_to", "province"]
    list_filter = ["kind"]
    search_fields = ["name", "name_key", "code", "external_id"]
    autocomplete_fields = ["parent", "province", "source"]
    list_select_related = ["province"]
    inlines = [AttestationInline]


@admin.register(UnitEvent)
class UnitEventAdmin(AuditedAdmin):
    list_display = ["__str__", "kind", "effective_date", "legal_basis"]
    list_filter = ["kind"]
    search_fields = ["legal_basis", "external_id", "predecessors__name", "successors__name"]
    autocomplete_fields = ["predecessors", "successors", "basis_document", "source"]
    date_hierarchy = "effective_date"
