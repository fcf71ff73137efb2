"""The page and type of Decree 30/2020/NĐ-CP, and the python-docx helpers that lay them out
(used to generate the Word templates; the body is written by `word`).

A4 portrait; margins 20/20/30/15 mm; Times New Roman, black; body 14 pt, justified, 1 cm
first-line indent, 6 pt after paragraphs; page numbers centred at the top from page 2.
"""

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
# Header columns: the left one for the issuer, the right one wider.
LEFT_COLUMN, RIGHT_COLUMN = Mm(62), Emu(TEXT_WIDTH - Mm(62))
# Signature table: recipients on the left, the signature on the right.
RECIPIENTS_COLUMN, SIGNATURE_COLUMN = Mm(75), Emu(TEXT_WIDTH - Mm(75))

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def set_up_page(doc) -> None:
    """A4 portrait, the decree's margins, Times New Roman everywhere, the Normal style as the
    body paragraph, and page numbers from page 2."""
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
    _set_fonts(normal.element)
    fmt = normal.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = FIRST_LINE_INDENT
    fmt.space_before = Pt(0)
    fmt.space_after = SPACE_AFTER
    fmt.line_spacing = LINE_SPACING
    for name in ("Header", "Footer", "Table Grid"):
        if name in [s.name for s in doc.styles]:
            _set_fonts(doc.styles[name].element)
    _page_numbers_from_page_two(section)


def plain(paragraph, *, align=WD_ALIGN_PARAGRAPH.CENTER):
    """A paragraph with no indent or spacing (header, table and signature lines)."""
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Cm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    return paragraph


def line(container, text: str, *, size, bold=False, italic=False, first=False, align=None):
    """One line in a cell or the document: the cell's first (empty) paragraph, or a new one."""
    if first:
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    plain(paragraph, align=align if align is not None else WD_ALIGN_PARAGRAPH.CENTER)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, size
    return paragraph


def borderless_table(doc, *, rows: int, widths):
    table = doc.add_table(rows=rows, cols=len(widths))
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
    set_widths(table, widths)
    return table


def keep_rows_whole(table) -> None:
    """No row is split across two pages (the signature block stays on one page)."""
    for row in table.rows:
        trpr = row._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:cantSplit"))


def rule(cell, length, cell_width):
    """A short centred rule under the text above it (a bottom border on an empty paragraph
    indented from both sides)."""
    paragraph = cell.add_paragraph()
    plain(paragraph)
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


def set_widths(table, widths):
    widths = [Emu(int(width)) for width in widths]
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))


# -- internals -------------------------------------------------------------------------------


def _set_default_font(doc):
    """Document defaults, so tables, headers and styles all fall back to Times New Roman."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
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


def _set_fonts(style_element):
    rpr = style_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), FONT)


def _page_numbers_from_page_two(section):
    """Page number centred at the top of every page but the first (different first page)."""
    section.different_first_page_header_footer = True
    paragraph = plain(section.header.paragraphs[0])

    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = " PAGE "
    shown = OxmlElement("w:t")
    shown.text = "2"
    for element in (char("begin"), text, char("separate"), shown, char("end")):
        run = paragraph.add_run()
        run.font.size = Pt(14)
        run._r.append(element)
    section.first_page_header.paragraphs[0].text = ""


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
    names = {qn(f"w:{name}") for name in successors}
    for element in parent:
        if element.tag in names:
            element.addprevious(child)
            return
    parent.append(child)
