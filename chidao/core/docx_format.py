"""Word documents in the administrative format of Decree 30/2020/NĐ-CP (thể thức văn bản).

Shared by every document chidao renders (urging letters, reports, proposals): A4 portrait,
margins 20/20/30/15 mm, Times New Roman 14 pt, justified body with a 1 cm first-line indent,
the two-column header, the title, the signature block, "Nơi nhận:" and page numbers from
page 2. The content is stored as fields elsewhere; this module only lays it out.

    doc = new_document()
    header_block(doc, "ỦY BAN NHÂN DÂN\\nTHÀNH PHỐ HÀ NỘI", "SỞ NỘI VỤ", "Số: 12/SNV-CCHC",
                 "Hà Nội", date, summary="V/v đôn đốc thực hiện nhiệm vụ")
    body_paragraph(doc, "...")
    table = signature_block(doc, "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A")
    recipients(doc, ["Như trên", "Lưu: VT"], beside=table)
    data = to_bytes(doc)
"""

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(12)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP = MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT, MARGIN_RIGHT = Mm(30), Mm(15)
FIRST_LINE_INDENT = Cm(1)
SPACE_AFTER = Pt(6)
LINE_SPACING = 1.15  # the decree allows single to 1.5
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 165 mm
# Header and signature columns: the left one for the issuer, the right one wider.
LEFT_COLUMN, RIGHT_COLUMN = Mm(62), Emu(TEXT_WIDTH - Mm(62))

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def vn_long_date(place: str, date: dt.date) -> str:
    """'Hà Nội, ngày 05 tháng 01 năm 2026': leading zeros for days below 10 and months 1–2."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def new_document() -> Document:
    """An empty document: A4 portrait, the decree's margins and fonts, page numbers from p. 2."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = Mm(10)

    _set_default_font(doc)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    normal.font.color.rgb = RGBColor(0, 0, 0)
    _set_east_asian_font(normal.element)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before = Pt(0)
    fmt.space_after = SPACE_AFTER
    fmt.line_spacing = LINE_SPACING
    for name in ("Header", "Footer", "Table Grid"):
        if name in [s.name for s in doc.styles]:
            style = doc.styles[name]
            style.font.name = FONT
            _set_east_asian_font(style.element)

    _page_numbers_from_page_two(section)
    return doc


def to_bytes(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def header_block(
    doc: Document,
    governing_body: str,
    issuing_body: str,
    number_symbol: str,
    place: str,
    date: dt.date,
    summary: str | None = None,
):
    """The two-column header (quốc hiệu, tiêu ngữ, issuer, number, place and date).

    governing_body: capitals, upright ("ỦY BAN NHÂN DÂN\\nTHÀNH PHỐ HÀ NỘI"), may be empty;
    issuing_body: capitals, bold, with a short rule under it; number_symbol: "Số: 12/SNV-CCHC";
    summary: an official letter's "V/v …", under the number. "\\n" breaks a line.
    """
    table = borderless_table(doc, rows=3, widths=(LEFT_COLUMN, RIGHT_COLUMN))
    left, right = table.cell(0, 0), table.cell(0, 1)

    first = True
    if governing_body:
        _cell_text(left, governing_body.upper(), size=Pt(13), first=first)
        first = False
    _cell_text(left, issuing_body.upper(), size=Pt(13), bold=True, first=first)
    _rule(left, Mm(22), LEFT_COLUMN)

    _cell_text(right, NATIONAL_TITLE, size=Pt(13), bold=True, first=True)
    _cell_text(right, MOTTO, size=Pt(14), bold=True)
    _rule(right, Mm(58), RIGHT_COLUMN)

    _cell_text(table.cell(1, 0), number_symbol, size=Pt(13), first=True)
    _cell_text(table.cell(1, 1), vn_long_date(place, date), size=Pt(14), italic=True, first=True)
    if summary:
        _cell_text(table.cell(2, 0), summary, size=Pt(12), first=True)
    return table


def title(doc: Document, kind: str, summary: str = ""):
    """The type of document in capitals, bold, centred; its summary (trích yếu) under it, bold."""
    paragraph = centred_paragraph(doc, kind.upper(), bold=True, space_before=Pt(12))
    paragraph.paragraph_format.space_after = Pt(0)
    if summary:
        centred_paragraph(doc, summary, bold=True).paragraph_format.space_after = Pt(12)
    return paragraph


def centred_paragraph(
    doc_or_cell,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size=None,
    space_before=None,
):
    paragraph = doc_or_cell.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.first_line_indent = Cm(0)
    if space_before is not None:
        fmt.space_before = space_before
    _add_lines(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def body_paragraph(doc: Document, text: str, *, bold: bool = False, italic: bool = False):
    """A body paragraph: justified, first-line indent, 14 pt (all from the Normal style)."""
    paragraph = doc.add_paragraph()
    _add_lines(paragraph, text, bold=bold, italic=italic)
    return paragraph


def data_table(doc: Document, headers: list[str], rows: list[list[str]], widths, *, size=None):
    """A table with borders (Table Grid): bold centred headers, then the rows (12 pt)."""
    size = size or TABLE_SIZE
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, header, size=size, bold=True, first=True)
    _repeat_as_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
            _cell_text(cell, value, size=size, first=True, align=align)
    _set_widths(table, widths)
    return table


def signature_block(doc: Document, authority_prefix: str, title: str, name: str):
    """The signature block, right: "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" (bold capitals), room to
    sign and seal, then the name (bold). Returns the table, whose left cell takes the
    recipients (`recipients(doc, lines, beside=table)`)."""
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    table = borderless_table(doc, rows=1, widths=(Mm(75), TEXT_WIDTH - Mm(75)))
    cell = table.cell(0, 1)
    first = True
    for line in (authority_prefix, title):
        if line:
            _cell_text(cell, line.upper(), size=Pt(14), bold=True, first=first)
            first = False
    for _ in range(4):  # signature and seal
        _cell_text(cell, "", size=Pt(14), first=first)
        first = False
    _cell_text(cell, name, size=Pt(14), bold=True)
    return table


def recipients(doc: Document, lines: list[str], *, beside=None):
    """ "Nơi nhận:" (italic bold 12 pt), one "- …;" line per recipient (11 pt), the last ending
    with "." — in the left cell of the signature table when given, else at the end."""
    if beside is not None:
        cell = beside.cell(0, 0)
        paragraph = cell.paragraphs[0]
    else:
        paragraph = doc.add_paragraph()
        cell = None
    _plain(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT)
    run = paragraph.add_run("Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for index, line in enumerate(lines):
        text = line.strip().lstrip("-").strip().rstrip(";.")
        end = "." if index == len(lines) - 1 else ";"
        target = cell.add_paragraph() if cell is not None else doc.add_paragraph()
        _plain(target, align=WD_ALIGN_PARAGRAPH.LEFT)
        target.add_run(f"- {text}{end}").font.size = Pt(11)
    return paragraph


def borderless_table(doc_or_cell, *, rows: int, widths):
    table = doc_or_cell.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    _insert_in_order(
        table._tbl.tblPr,
        borders,
        ("shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"),
    )
    _set_widths(table, widths)
    return table


# -- internals -------------------------------------------------------------------------------


def _set_default_font(doc: Document):
    """Document defaults, so tables, headers and styles all fall back to Times New Roman."""
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def _set_east_asian_font(style_element):
    rpr = style_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def _plain(paragraph, *, align=WD_ALIGN_PARAGRAPH.CENTER):
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _add_lines(paragraph, text: str, *, bold=False, italic=False, size=None):
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        run.bold, run.italic = bold, italic
        if size is not None:
            run.font.size = size
        if index < len(text.split("\n")) - 1:
            run.add_break()


def _cell_text(
    cell, text: str, *, size, bold=False, italic=False, first=False, align=None
) -> object:
    """Write a line into a table cell: the cell's first (empty) paragraph, or a new one."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    _plain(paragraph, align=align if align is not None else WD_ALIGN_PARAGRAPH.CENTER)
    _add_lines(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _rule(cell, length, cell_width):
    """A short centred rule under the text above it (a bottom border on an empty paragraph
    indented from both sides)."""
    paragraph = cell.add_paragraph()
    _plain(paragraph)
    side = max(int((cell_width - length) / 2), 0)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(3)  # exact: the rule sits right under the text
    paragraph.paragraph_format.space_after = Pt(3)
    ppr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    border.append(bottom)
    _insert_in_order(ppr, border, _PPR_AFTER_BORDER)
    return paragraph


def _set_widths(table, widths):
    widths = [Emu(int(width)) for width in widths]
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))


def _repeat_as_header(row):
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _page_numbers_from_page_two(section):
    """Page number centred at the top of every page but the first (different first page)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    _plain(paragraph)
    _field(paragraph, "PAGE")
    # The first page's header stays empty.
    section.first_page_header.paragraphs[0].text = ""


def _field(paragraph, instruction: str):
    """A complex field (begin, instruction, separate, shown value, end), one run each."""

    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    shown = OxmlElement("w:t")
    shown.text = "2"
    for element in (char("begin"), text, char("separate"), shown, char("end")):
        run = paragraph.add_run()
        run.font.size = Pt(14)
        run._r.append(element)


# pPr children that must follow w:pBdr (ECMA-376 order).
_PPR_AFTER_BORDER = (
    "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
    "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr",
    "pPrChange",
)  # fmt: skip


def _insert_in_order(parent, child, successors):
    """Insert child before the first existing element named in successors (schema order)."""
    for element in parent:
        if element.tag in {qn(f"w:{name}") for name in successors}:
            element.addprevious(child)
            return
    parent.append(child)
