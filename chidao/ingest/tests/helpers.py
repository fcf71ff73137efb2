"""Shared helpers for the ingest tests."""

import io
from pathlib import Path

from django.conf import settings

SET_DIR = Path(settings.BASE_DIR) / "tests" / "ingest_set"
FIXTURES = Path(__file__).parent / "fixtures"


def set_text(name: str) -> str:
    return (SET_DIR / name).read_text(encoding="utf-8")


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def blank_pdf_bytes() -> bytes:
    """A one-page PDF with no text at all, like a scan without OCR."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def contract(draft: dict) -> dict:
    """The contract's keys of a draft, as the labels hold them."""

    def seat(s):
        return {k: s.get(k) for k in ("role", "person", "position", "unit", "rule")}

    return {
        "document": {k: draft["document"].get(k) for k in ("number", "date", "issuer", "signer")},
        "action": draft["action"],
        "replaces": [{"number": r["number"], "date": r["date"]} for r in draft["replaces"]],
        "committee": {
            "name": draft["committee"]["name"],
            "predecessor": draft["committee"]["predecessor"],
        },
        "seats": [seat(s) for s in draft["seats"]],
        "standing_agencies": [
            {"domain": a["domain"], "unit": a["unit"]} for a in draft["standing_agencies"]
        ],
        "working_group": {"seats": [seat(s) for s in draft["working_group"]["seats"]]},
    }
