"""The review drafted as a file (.docx, .xlsx or .pdf), one answer for the page and the API:
the same bytes (`chidao.reports.jobs.render`), file name and headers. A PDF the LibreOffice
conversion could not make raises ConversionError; both callers answer it with 503 and
PDF_UNAVAILABLE (the page in the layout, the API in JSON)."""

import datetime as dt

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from chidao.reports import jobs
from chidao.reports.documents import CONTENT_TYPES, ConversionError

__all__ = ["PDF_UNAVAILABLE", "ConversionError", "draft_response"]

PDF_UNAVAILABLE = _("Chưa chuyển được sang PDF, vui lòng thử lại sau hoặc tải bản Word.")


def draft_response(report, *, source_id: int, end: dt.date, final: bool, format: str):
    """The draft as a download; raises ConversionError when the PDF could not be made."""
    content = jobs.render(report, format)
    response = HttpResponse(content, content_type=CONTENT_TYPES[format])
    word = "tong-ket" if final else "so-ket"
    response["Content-Disposition"] = (
        f'attachment; filename="{word}-{source_id}-{end:%Y%m%d}.{format}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
