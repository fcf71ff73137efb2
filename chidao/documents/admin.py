from django.contrib import admin

from chidao.audit.admin_base import AuditedAdmin, AuditedInline
from chidao.documents.models import DocumentRelation, LegalDocument, Source


@admin.register(Source)
class SourceAdmin(AuditedAdmin):
    list_display = ["key", "title", "kind", "published_on", "publisher"]
    list_filter = ["kind"]
    search_fields = ["key", "title", "url", "publisher"]


class RelationInline(AuditedInline):
    model = DocumentRelation
    fk_name = "from_document"
    autocomplete_fields = ["to_document", "source"]


@admin.register(LegalDocument)
class LegalDocumentAdmin(AuditedAdmin):
    list_display = ["number", "doc_type", "date", "issuer", "signer", "title"]
    list_filter = ["doc_type"]
    search_fields = ["number", "number_key", "title"]
    autocomplete_fields = ["issuer", "signer", "source"]
    list_select_related = ["issuer", "signer"]
    inlines = [RelationInline]
