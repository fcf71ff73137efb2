"""API: decisions and other legal documents, found by number."""

import datetime as dt
from typing import Annotated

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from chidao.core.api_auth import ERROR_RESPONSES, NOT_FOUND_RESPONSES
from chidao.core.inputs import LINE, Id
from chidao.core.text import fold
from chidao.documents.models import DocumentRelation, LegalDocument

router = Router(tags=["Văn bản"])

NumberParam = Annotated[
    str,
    Query(
        max_length=LINE,
        description=(
            "Một phần số, ký hiệu, không phân biệt hoa thường và dấu: “818”, “818/qđ-ubnd”."
        ),
    ),
]


class DecisionSourceOut(Schema):
    key: str
    title: str
    url: str | None = None
    published_on: dt.date | None = None


class DecisionOut(Schema):
    id: int
    number: str = Field(description="Số, ký hiệu như nguồn ghi: “818/QĐ-UBND”, “6218”.")
    type: str = Field(description="decision | plan | program | ... (LegalDocument.Type)")
    type_label: str
    date: dt.date | None = Field(None, description="Ngày ban hành; null khi nguồn không nêu.")
    signer: str | None = None
    issuer: str | None = None
    title: str
    replaces: list[str] = Field(
        default_factory=list, description="Số của các văn bản mà văn bản này thay thế."
    )


class DecisionDetailOut(DecisionOut):
    issuer_id: Id | None = None
    signer_capacity: str = ""
    replaced_by: list[str] = Field(
        default_factory=list, description="Số của các văn bản thay thế văn bản này."
    )
    source: DecisionSourceOut
    source_quote: str = ""
    note: str = ""


def _documents():
    replaces = DocumentRelation.objects.filter(kind=DocumentRelation.Kind.REPLACES)
    return LegalDocument.objects.select_related("signer", "issuer").prefetch_related(
        Prefetch(
            "relations_out",
            queryset=replaces.select_related("to_document"),
            to_attr="replacing",
        )
    )


def _document_dict(document: LegalDocument) -> dict:
    return {
        "id": document.pk,
        "number": document.number,
        "type": document.doc_type,
        "type_label": document.get_doc_type_display(),
        "date": document.date,
        "signer": document.signer.full_name if document.signer_id else None,
        "issuer": document.issuer.name if document.issuer_id else None,
        "title": document.title,
        "replaces": [r.to_document.number for r in document.replacing],
    }


@router.get(
    "",
    response={200: list[DecisionOut], **ERROR_RESPONSES},
    summary="Tìm quyết định theo số",
)
def list_decisions(
    request,
    number: NumberParam = "",
):
    documents = _documents()
    key = fold(number)
    if key:
        documents = documents.filter(number_key__contains=key)
    return [_document_dict(d) for d in documents]


@router.get(
    "/{decision_id}",
    response={200: DecisionDetailOut, **NOT_FOUND_RESPONSES},
    summary="Một quyết định",
)
def get_decision(request, decision_id: Id):
    replaced_by = DocumentRelation.objects.filter(kind=DocumentRelation.Kind.REPLACES)
    document = (
        _documents()
        .select_related("source")
        .prefetch_related(
            Prefetch(
                "relations_in",
                queryset=replaced_by.select_related("from_document"),
                to_attr="replaced_by",
            )
        )
        .filter(pk=decision_id)
        .first()
    )
    if document is None:
        raise HttpError(
            404, _("Không tìm thấy văn bản có mã %(decision_id)s.") % {"decision_id": decision_id}
        )
    source = document.source
    return _document_dict(document) | {
        "issuer_id": document.issuer_id,
        "signer_capacity": document.signer_capacity,
        "replaced_by": [r.from_document.number for r in document.replaced_by],
        "source": {
            "key": source.key,
            "title": source.title,
            "url": source.url or None,
            "published_on": source.published_on,
        },
        "source_quote": document.source_quote,
        "note": document.note,
    }
