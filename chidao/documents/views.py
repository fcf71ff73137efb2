"""Document pages: search by number, and one document with its relations and what it grounds."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from chidao.core.access import require_register_reader
from chidao.core.text import fold
from chidao.documents.models import DocumentRelation, LegalDocument

PAGE_SIZE = 50


@require_register_reader
def decision_list(request):
    number = request.GET.get("number", "").strip()
    documents = LegalDocument.objects.select_related("issuer", "signer").order_by(
        "-date", "number", "pk"
    )
    key = fold(number)
    if key:
        documents = documents.filter(number_key__contains=key)
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"number": number, "page": page, "paginator": page.paginator}
    return render(request, "documents/list.html", context)


@require_register_reader
def decision_detail(request, pk: int):
    document = get_object_or_404(
        LegalDocument.objects.select_related("issuer", "signer", "source"), pk=pk
    )
    context = {
        "document": document,
        "relations_out": document.relations_out.select_related("to_document", "source"),
        "relations_in": document.relations_in.select_related("from_document", "source"),
        "relation_kinds": DocumentRelation.Kind,
        "committee_versions": document.committee_versions.select_related("committee").order_by(
            "effective_from"
        ),
        "unit_events": document.unit_events.prefetch_related("predecessors", "successors"),
    }
    return render(request, "documents/detail.html", context)
