"""Word documents from the templates in docx_templates/ (docxtpl), with the body written in.

The template holds the letterhead, the title, the signature block and "Nơi nhận:"; they are
filled from the register (`register.Letterhead`, `register.Signature`). The body is written
where the template has "{{ body }}", an annex where it has "{{ annex }}", as
WordprocessingML parsed in batches: a report of a thousand units is a few seconds, not a
minute of python-docx objects.

An agency replaces a template by putting a file of the same name in the directory of the
setting CHIDAO_DOCUMENT_TEMPLATES_DIR (see `make_templates` for the tags it must keep).
"""

import io
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt
from docxtpl import DocxTemplate

from chidao.officialdocs import layout
from chidao.officialdocs.register import Letterhead, Signature
from chidao.officialdocs.text import official_text

DEFAULT_TEMPLATES = Path(__file__).resolve().parent / "docx_templates"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_BODY_MARK = "@@NOI-DUNG@@"
_ANNEX_MARK = "@@PHU-LUC@@"
_W = qn("w:p")
_END_PARAGRAPH = (
    f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
    'w:lineRule="exact"/><w:ind w:firstLine="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>'
)


def template_path(name: str) -> Path:
    """The agency's template of that name when CHIDAO_DOCUMENT_TEMPLATES_DIR holds one, else
    the one kept in the repository."""
    directory = getattr(settings, "CHIDAO_DOCUMENT_TEMPLATES_DIR", "") or ""
    if directory:
        candidate = Path(directory) / f"{name}.docx"
        if candidate.is_file():
            return candidate
    return DEFAULT_TEMPLATES / f"{name}.docx"


def recipient_lines(recipients: list[str]) -> list[str]:
    """One "- …;" line per recipient, the last ending with "."."""
    lines = []
    for index, line in enumerate(recipients):
        text = official_text(line).strip().lstrip("-").strip().rstrip(";.")
        lines.append(f"- {text}{'.' if index == len(recipients) - 1 else ';'}")
    return lines


@dataclass(frozen=True)
class Cell:
    """A table cell with more than text: bold, a background and a text colour (hex)."""

    text: str
    bold: bool = False
    fill: str = ""
    colour: str = ""


class OfficialDocument:
    """One official document being written: open a template, write the body, take bytes."""

    def __init__(self, doc):
        self.doc = doc
        marks = {p.text.strip(): p._p for p in doc.paragraphs}
        if _BODY_MARK not in marks:
            raise ValueError(_("Mẫu văn bản thiếu chỗ đặt nội dung ({{ body }})."))
        self._body = marks[_BODY_MARK]
        self._annex = marks.get(_ANNEX_MARK)
        self._anchor = self._body
        self._pending: list[str] = []
        self._break_before_next = False

    @classmethod
    def open(
        cls,
        template: str,
        *,
        letterhead: Letterhead,
        signature: Signature,
        recipients: list[str],
        title: str = "",
        subject: str = "",
        addressee: str = "",
    ) -> "OfficialDocument":
        document = DocxTemplate(template_path(template))
        document.render(
            {
                **letterhead.context(),
                "title": official_text(title).upper(),
                "subject": official_text(subject),
                "addressee": official_text(addressee),
                "signature": signature.context(),
                "recipients": recipient_lines(recipients),
                "body": _BODY_MARK,
                "annex": _ANNEX_MARK,
            },
            autoescape=True,
        )
        buffer = io.BytesIO()
        document.save(buffer)
        buffer.seek(0)
        return cls(Document(buffer))

    # ---- the body

    def paragraph(
        self,
        text: str = "",
        *,
        lead: str = "",
        bold: bool = False,
        italic: bool = False,
        centred: bool = False,
        size=None,
        keep_with_next: bool = False,
        space_before=None,
    ) -> None:
        """A body paragraph (Normal: justified, indented, 14 pt); `lead` in bold before it."""
        props = []
        if keep_with_next:
            props.append("<w:keepNext/>")
        if self._break_before_next:
            props.append("<w:pageBreakBefore/>")
            self._break_before_next = False
        if space_before is not None:
            props.append(f'<w:spacing w:before="{int(space_before.pt * 20)}"/>')
        if centred:
            props.append('<w:ind w:firstLine="0"/><w:jc w:val="center"/>')
        ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
        runs = _run(lead, bold=True, size=size) if lead else ""
        runs += _run(text, bold=bold, italic=italic, size=size)
        self._pending.append(f"<w:p>{ppr}{runs}</w:p>")

    def heading(self, text: str) -> None:
        """A section heading: bold, kept with what follows it."""
        self.paragraph(text, bold=True, keep_with_next=True)

    def centred(self, text: str, *, bold=False, italic=False, size=None, keep_with_next=False):
        self.paragraph(
            text, bold=bold, italic=italic, size=size, centred=True, keep_with_next=keep_with_next
        )

    def caption(self, text: str, *, keep_with_next: bool = False) -> None:
        """A table's caption (above it, kept with it) or a chart's (under it)."""
        self.centred(text, italic=True, size=Pt(12), keep_with_next=keep_with_next)

    def table(
        self,
        headers: list[str],
        rows: list[list],
        widths,
        *,
        size=None,
        total: list | None = None,
        left_columns: tuple = (1,),
    ) -> None:
        """The one table builder: borders, bold header row repeated on each page, rows never
        split, the `left_columns` aligned left and the others centred; `total` a last row in
        bold. A value may be a `Cell` for bold, background or colour."""
        size = size or layout.TABLE_SIZE
        widths = [int(Emu(int(w)).twips) for w in widths]
        border = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
        borders = "".join(
            f"<w:{edge} {border}/>"
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        parts = [
            "<w:tbl><w:tblPr>",
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
            f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>',
            "</w:tblPr><w:tblGrid>",
            "".join(f'<w:gridCol w:w="{w}"/>' for w in widths),
            "</w:tblGrid>",
            _row([Cell(h, bold=True) for h in headers], widths, size, header=True, left=()),
        ]
        parts += [_row(values, widths, size, left=left_columns) for values in rows]
        if total is not None:
            parts.append(_row([_bold(v) for v in total], widths, size, left=left_columns))
        parts.append("</w:tbl>")
        self._pending.append("".join(parts))
        # Word needs a paragraph between two tables; this one also spaces what follows.
        self._pending.append('<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>')

    def picture(self, png: bytes, width, *, caption: str) -> None:
        """A chart, centred, kept on the page of its caption (under it)."""
        self._flush()
        paragraph = self.doc.add_paragraph()
        layout.plain(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.space_before = Pt(6)
        if self._break_before_next:
            paragraph.paragraph_format.page_break_before = True
            self._break_before_next = False
        paragraph.add_run().add_picture(io.BytesIO(png), width=width)
        self._anchor.addprevious(paragraph._p)
        self.caption(caption)

    def start_annex(self) -> None:
        """What follows goes after the signature block, from a new page."""
        self._flush()
        if self._annex is None:  # a template without {{ annex }}: at the end
            self._annex = self.doc.add_paragraph()._p
        self._anchor = self._annex
        self._break_before_next = True

    def to_bytes(self) -> bytes:
        self._flush()
        previous = self._body.getprevious()
        if previous is not None and previous.tag == _W:  # the closing line stays with the signature
            ppr = previous.get_or_add_pPr()
            if ppr.find(qn("w:keepNext")) is None:
                ppr.insert(0, parse_xml(f"<w:keepNext {nsdecls('w')}/>"))
        self._body.getparent().remove(self._body)
        if self._annex is not None and self._annex.getparent() is not None:
            # The body ends with a paragraph, as Word expects after a table: an empty one of
            # 1 pt, which cannot push anything onto a page of its own.
            self._annex.addprevious(parse_xml(_END_PARAGRAPH))
            self._annex.getparent().remove(self._annex)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _flush(self) -> None:
        if not self._pending:
            return
        holder = parse_xml(f"<w:body {nsdecls('w')}>{''.join(self._pending)}</w:body>")
        for element in list(holder):
            self._anchor.addprevious(element)
        self._pending = []


# ---- WordprocessingML


def _run(text: str, *, bold=False, italic=False, size=None, colour="") -> str:
    props = (
        ("<w:b/>" if bold else "")
        + ("<w:i/>" if italic else "")
        + (f'<w:color w:val="{colour}"/>' if colour else "")
        + (f'<w:sz w:val="{int(size.pt * 2)}"/>' if size else "")
    )
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = []
    for index, line in enumerate(official_text(text).split("\n")):
        if index:
            parts.append("<w:br/>")
        parts.append(f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def _bold(value) -> Cell:
    return value if isinstance(value, Cell) else Cell(str(value), bold=True)


def _row(values, widths, size, *, header=False, left=(1,)) -> str:
    trpr = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
    cells = []
    for index, (value, width) in enumerate(zip(values, widths, strict=True)):
        cell = value if isinstance(value, Cell) else Cell("" if value is None else str(value))
        shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{cell.fill}"/>' if cell.fill else ""
        align = "left" if index in left else "center"
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}'
            '<w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr>'
            '<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>'
            f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>'
            f"{_run(cell.text, bold=cell.bold, size=size, colour=cell.colour)}</w:p></w:tc>"
        )
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def docx_response(content: bytes, name: str, *, synthetic: bool = False):
    """A Word file handed to the browser as `name`.docx (not cached); a synthetic document's
    file name says so ("-du-lieu-mo-phong")."""
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    if synthetic:
        name += "-du-lieu-mo-phong"
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.docx")
    response["Cache-Control"] = "private, no-store"
    return response
