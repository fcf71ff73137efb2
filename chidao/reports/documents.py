"""The consolidated report as files: Word in the Decree 30/2020 format, an Excel annex of the
statistics, and PDF converted from the Word file by LibreOffice.

    report = consolidation.consolidate(period)
    docx = consolidated_docx(report)
    xlsx = consolidated_xlsx(report)
    pdf = consolidated_pdf(docx)          # needs LibreOffice (soffice); see scripts/

The charts in the Word file are PNG images drawn here with the standard library only
(zlib): bars and digits, no text rendering library; every chart has its numbers in the
table next to it, so nothing is only in the picture.
"""

import datetime as dt
import io
import os
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from chidao.core import docx_format as fmt
from chidao.core import xlsx
from chidao.core.dates import vn_date
from chidao.reports import statistics as st
from chidao.reports.consolidation import ConsolidatedReport, Narrative, UnitSubmission
from chidao.urging.letters import governing_body_lines, place_of

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
CONTENT_TYPES = {"docx": DOCX_TYPE, "xlsx": XLSX_TYPE, "pdf": PDF_TYPE}

# One colour per column, as on the task pages (chidao/tasks/templatetags/task_charts.py).
COLOURS = {
    st.DONE_ON_TIME: "2E8B57",
    st.DONE_LATE: "7D5BA6",
    st.OVERDUE: "C0392B",
    st.IN_PROGRESS: "3B7DD8",
    st.NOT_STARTED: "8A93A0",
}
UNIT_CHART_ROWS = 15
LEGEND_LABELS = {
    st.DONE_ON_TIME: "Đúng hạn",
    st.DONE_LATE: "Hoàn thành quá hạn",
    st.OVERDUE: "Quá hạn",
    st.IN_PROGRESS: "Đang thực hiện",
    st.NOT_STARTED: "Chưa thực hiện",
}  # the units with the most tasks in the annex chart
SOFFICE_TIMEOUT = 600  # seconds; a 700-page report converts in about a minute


# ==== PNG charts (standard library only) =====================================================

# 3×5 digits and "%" (rows top to bottom, 3 bits each, most significant on the left).
_GLYPHS = {
    "0": (7, 5, 5, 5, 7),
    "1": (2, 6, 2, 2, 7),
    "2": (7, 1, 7, 4, 7),
    "3": (7, 1, 7, 1, 7),
    "4": (5, 5, 7, 1, 1),
    "5": (7, 4, 7, 1, 7),
    "6": (7, 4, 7, 5, 7),
    "7": (7, 1, 1, 1, 1),
    "8": (7, 5, 7, 5, 7),
    "9": (7, 5, 7, 1, 7),
    "%": (5, 1, 2, 4, 5),
    ",": (0, 0, 0, 2, 4),
    ".": (0, 0, 0, 0, 2),
}


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))


class Canvas:
    """An RGB bitmap with filled rectangles and digits, saved as PNG."""

    def __init__(self, width: int, height: int, background=(255, 255, 255)):
        self.width, self.height = width, height
        self.pixels = bytearray(bytes(background) * (width * height))

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour) -> None:
        x0, x1 = max(0, min(x0, x1)), min(self.width, max(x0, x1))
        y0, y1 = max(0, min(y0, y1)), min(self.height, max(y0, y1))
        if x1 <= x0 or y1 <= y0:
            return
        row = bytes(colour) * (x1 - x0)
        for y in range(y0, y1):
            start = (y * self.width + x0) * 3
            self.pixels[start : start + len(row)] = row

    def text(self, x: int, y: int, text: str, colour=(0, 0, 0), scale: int = 4) -> int:
        """Digits (and % , .) from (x, y), top-left; returns the width drawn."""
        cursor = x
        for char in text:
            glyph = _GLYPHS.get(char)
            if glyph is not None:
                for row, bits in enumerate(glyph):
                    for column in range(3):
                        if bits & (4 >> column):
                            self.rect(
                                cursor + column * scale,
                                y + row * scale,
                                cursor + (column + 1) * scale,
                                y + (row + 1) * scale,
                                colour,
                            )
            cursor += 4 * scale
        return cursor - x

    @staticmethod
    def text_width(text: str, scale: int = 4) -> int:
        return len(text) * 4 * scale - scale

    def png(self) -> bytes:
        stride = self.width * 3
        raw = b"".join(
            b"\x00" + bytes(self.pixels[y * stride : (y + 1) * stride]) for y in range(self.height)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        dpi = struct.pack(">IIB", 5906, 5906, 1)  # 150 dpi, in pixels per metre
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"pHYs", dpi)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def status_column_chart(totals: dict, *, width: int = 1200, height: int = 560) -> bytes:
    """Five columns (done on time, done late, overdue, in progress, not started), each with
    its number above it; heights relative to the largest."""
    canvas = Canvas(width, height)
    left, right, top, bottom = 40, width - 40, 70, height - 30
    largest = max([totals.get(c, 0) for c in st.COLUMNS] + [1])
    axis = (90, 90, 90)
    for step in range(1, 5):  # light grid lines at quarters
        y = bottom - (bottom - top) * step // 4
        canvas.rect(left, y, right, y + 1, (225, 228, 232))
    canvas.rect(left, bottom, right, bottom + 3, axis)
    slot = (right - left) // len(st.COLUMNS)
    bar = slot * 3 // 5
    for index, column in enumerate(st.COLUMNS):
        value = totals.get(column, 0)
        x0 = left + index * slot + (slot - bar) // 2
        y0 = bottom - round((bottom - top) * value / largest)
        canvas.rect(x0, y0, x0 + bar, bottom, _rgb(COLOURS[column]))
        label = str(value)
        canvas.text(x0 + (bar - Canvas.text_width(label, 6)) // 2, y0 - 42, label, scale=6)
    return canvas.png()


def stacked_bar(counts: dict, scale: int, *, width: int = 900, height: int = 36) -> bytes:
    """One horizontal bar, its segments the five columns, its length counts["total"] over
    `scale` (the largest total of the chart)."""
    canvas = Canvas(width, height)
    canvas.rect(0, 0, width, height, (238, 241, 245))
    scale = max(scale, 1)
    x = 0.0
    for column in st.COLUMNS:
        part = counts.get(column, 0) * width / scale
        canvas.rect(round(x), 0, round(x + part), height, _rgb(COLOURS[column]))
        x += part
    return canvas.png()


# ==== Word ===================================================================================


def _symbol(committee) -> str:
    """The issuer part of the number: the committee's short name without spaces, else BCĐ."""
    return (committee.short_name or "").replace(" ", "") or "BCĐ"


def number_symbol(report: ConsolidatedReport) -> str:
    """'Số:      /BC-BCĐCCHC-CĐS': the number is left for the clerk to fill in when the
    report is registered (numbers run per issuer per year)."""
    return f"Số: {' ' * 6}/BC-{_symbol(report.committee)}"


def _issuer_name(committee) -> str:
    """The committee's name without the place already in the governing body's line."""
    name = committee.name
    body = committee.issuing_body
    if body is not None:
        place = place_of(body)
        for prefix in ("thành phố ", "tỉnh ", "Thành phố ", "Tỉnh "):
            suffix = f" {prefix}{place}"
            if place and name.endswith(suffix):
                return name[: -len(suffix)]
    return name


def _heading(doc, text: str):
    paragraph = fmt.body_paragraph(doc, text, bold=True)
    paragraph.paragraph_format.keep_with_next = True
    return paragraph


def _caption(doc, text: str):
    paragraph = fmt.centred_paragraph(doc, text, italic=True, size=Pt(12))
    paragraph.paragraph_format.space_after = Pt(6)
    return paragraph


def _n(value) -> str:
    """Vietnamese number format: 1.234 and 15,5."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")  # 1,234.5
        return text.translate(str.maketrans(",.", ".,"))
    return str(value)


def _rate(value) -> str:
    return "" if value is None else f"{value:.1f}".replace(".", ",")


def _stat_rows(entries: list[dict]) -> list[list[str]]:
    return [
        [
            str(index),
            entry["name"],
            _n(entry["total"]),
            *(_n(entry[c]) for c in st.COLUMNS),
            _rate(entry["completion_rate"]),
        ]
        for index, entry in enumerate(entries, start=1)
    ]


STAT_HEADERS = [
    "STT",
    "{group}",
    "Tổng số",
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Quá hạn",
    "Đang thực hiện",
    "Chưa thực hiện",
    "Tỷ lệ hoàn thành (%)",
]
STAT_WIDTHS = [Mm(12), Mm(43), Mm(14), Mm(17), Mm(17), Mm(15), Mm(16), Mm(16), Mm(15)]


def statistics_table(doc, entries: list[dict], group_title: str, totals: dict):
    """A statistics table: one row per entry, then the total row (bold)."""
    headers = [h.format(group=group_title) for h in STAT_HEADERS]
    rows = [[clean_text(v) for v in row] for row in _stat_rows(entries)]
    rows.append(
        [
            "",
            "Tổng cộng",
            _n(totals["total"]),
            *(_n(totals[c]) for c in st.COLUMNS),
            _rate(totals["completion_rate"]),
        ]
    )
    table = fast_table(doc, headers, rows[:-1], STAT_WIDTHS, size=Pt(11))
    append_rows(table, rows[-1:], STAT_WIDTHS, size=Pt(11), bold=True)
    return table


def _totals_table(doc, totals: dict):
    rows = []
    for index, column in enumerate(st.COLUMNS, start=1):
        share = st.percent(totals[column], totals["total"])
        rows.append([str(index), st.COLUMN_LABELS[column], _n(totals[column]), _rate(share)])
    rows.append(["", "Tổng số nhiệm vụ (không kể nhiệm vụ đã hủy)", _n(totals["total"]), "100"])
    table = fmt.data_table(
        doc,
        ["STT", "Kết quả thực hiện", "Số nhiệm vụ", "Tỷ lệ (%)"],
        rows,
        [Mm(14), Mm(95), Mm(28), Mm(28)],
    )
    for index, column in enumerate(st.COLUMNS, start=1):  # colour key of the chart
        _shade(table.rows[index].cells[0], COLOURS[column])
        for run in table.rows[index].cells[0].paragraphs[0].runs:
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            run.bold = True
    return table


def _shade(cell, hex_colour: str):
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    tcpr.append(shading)


def _picture(doc, png: bytes, width):
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(png), width=width)
    return paragraph


def _unit_chart(doc, by_unit: list[dict]):
    """Annex chart: the units with the most tasks, one bar per unit (name | bar | total)."""
    rows = sorted(by_unit, key=lambda r: (-r["total"], r["name"]))[:UNIT_CHART_ROWS]
    if not rows:
        return None
    scale = max(r["total"] for r in rows)
    table = fmt.borderless_table(doc, rows=len(rows), widths=(Mm(55), Mm(95), Mm(15)))
    for row, entry in zip(table.rows, rows, strict=True):
        name, bar, total = row.cells
        fmt._cell_text(
            name, clean_text(entry["name"]), size=Pt(10), first=True, align=WD_ALIGN_PARAGRAPH.LEFT
        )
        paragraph = bar.paragraphs[0]
        fmt._plain(paragraph, align=WD_ALIGN_PARAGRAPH.LEFT)
        width = Mm(max(1, round(93 * entry["total"] / scale)))
        paragraph.add_run().add_picture(io.BytesIO(stacked_bar(entry, entry["total"])), width=width)
        fmt._cell_text(total, _n(entry["total"]), size=Pt(10), first=True)
    return table


def _legend(doc):
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    for column in st.COLUMNS:
        swatch = paragraph.add_run("■ ")
        swatch.font.size = Pt(11)
        swatch.font.color.rgb = _docx_rgb(COLOURS[column])
        label = paragraph.add_run(f"{LEGEND_LABELS[column]}  ")
        label.font.size = Pt(10)
    return paragraph


def _docx_rgb(hex_colour: str):
    return RGBColor.from_string(hex_colour)


# ---- the fast path for long content ----------------------------------------------------------
# python-docx's object layer costs about 2 ms per table cell (it re-orders children on every
# property set); a 1,000-unit annex would take a quarter of a minute. Rows and narrative
# paragraphs are therefore written as WordprocessingML strings, parsed once and appended.

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text) -> str:
    """Text users wrote, without the control characters XML cannot hold."""
    return _CONTROL.sub("", str(text if text is not None else ""))


def _run_xml(text: str, *, bold=False, size=None) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{int(size.pt * 2)}"/>' if size else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = clean_text(text).split("\n")
    parts = []
    for index, line in enumerate(lines):
        if index:
            parts.append("<w:br/>")
        parts.append(f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


def _cell_xml(text: str, width, *, align: str, size, bold=False, fill=None) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{int(Emu(int(width)).twips)}" w:type="dxa"/>{shading}'
        "</w:tcPr><w:p><w:pPr>"
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:firstLine="0"/><w:jc w:val="{align}"/></w:pPr>'
        f"{_run_xml(text, bold=bold, size=size)}</w:p></w:tc>"
    )


def append_rows(table, rows: list[list[str]], widths, *, size=None, bold=False):
    """Rows appended to a python-docx table: the second column left-aligned, the others
    centred, as `docx_format.data_table` lays them out."""
    size = size or fmt.TABLE_SIZE
    xml = "".join(
        "<w:tr>"
        + "".join(
            _cell_xml(value, width, align="left" if i == 1 else "center", size=size, bold=bold)
            for i, (value, width) in enumerate(zip(values, widths, strict=True))
        )
        + "</w:tr>"
        for values in rows
    )
    holder = parse_xml(f"<w:tbl {nsdecls('w')}>{xml}</w:tbl>")
    for row in list(holder):
        table._tbl.append(row)
    return table


def fast_table(doc, headers: list[str], rows: list[list[str]], widths, *, size=None):
    """`docx_format.data_table` (same look: Table Grid, bold repeated header), any length."""
    table = fmt.data_table(doc, headers, [], widths, size=size)
    return append_rows(table, rows, widths, size=size)


def _append_paragraphs(doc, xml_paragraphs: list[str]):
    """Body paragraphs (Normal style) inserted before the final section properties."""
    if not xml_paragraphs:
        return
    body = doc.element.body
    holder = parse_xml(f"<w:body {nsdecls('w')}>{''.join(xml_paragraphs)}</w:body>")
    anchor = body.sectPr
    for paragraph in list(holder):
        if anchor is not None:
            anchor.addprevious(paragraph)
        else:
            body.append(paragraph)


def _narratives(doc, entries: list[Narrative], empty: str):
    """ "- Unit: text" per entry (the unit in bold), or `empty` in italics when none."""
    if not entries:
        if empty:
            fmt.body_paragraph(doc, empty, italic=True)
        return
    paragraphs = []
    for entry in entries:
        # one paragraph per line the unit wrote: a line break inside a justified paragraph
        # would stretch the line before it.
        lines = [line.strip() for line in clean_text(entry.text).split("\n")]
        lines = [line for line in lines if line] or [""]
        head = _run_xml(f"- {entry.unit_name}: ", bold=True)
        paragraphs.append(f"<w:p>{head}{_run_xml(lines[0])}</w:p>")
        paragraphs.extend(f"<w:p>{_run_xml(line)}</w:p>" for line in lines[1:])
    _append_paragraphs(doc, paragraphs)


def _unit_list(entries: list[UnitSubmission], *, with_time: bool) -> str:
    names = []
    for entry in entries:
        if with_time and entry.submitted_at is not None:
            local = timezone.localtime(entry.submitted_at)
            names.append(f"{clean_text(entry.unit_name)} (gửi ngày {vn_date(local.date())})")
        else:
            names.append(clean_text(entry.unit_name))
    return "; ".join(names)


def _summary_sentence(report: ConsolidatedReport) -> str:
    t = report.totals
    done = t[st.DONE_ON_TIME] + t[st.DONE_LATE]
    if not t["total"]:
        return (
            f"Tính đến ngày {vn_date(report.as_of)} (ngày chốt số liệu), chưa có nhiệm vụ nào "
            "được giao đang theo dõi."
        )
    text = (
        f"Tính đến ngày {vn_date(report.as_of)} (ngày chốt số liệu), tổng số nhiệm vụ đang "
        f"theo dõi là {_n(t['total'])} nhiệm vụ (không kể nhiệm vụ đã hủy), trong đó: đã hoàn "
        f"thành {_n(done)} nhiệm vụ (đạt {_rate(t['completion_rate'])}%), gồm "
        f"{_n(t[st.DONE_ON_TIME])} nhiệm vụ hoàn thành đúng hạn"
    )
    if t[st.ON_TIME_AFTER_EXTENSION]:
        text += f" (có {_n(t[st.ON_TIME_AFTER_EXTENSION])} nhiệm vụ đúng hạn sau khi được gia hạn)"
    text += (
        f" và {_n(t[st.DONE_LATE])} nhiệm vụ hoàn thành quá hạn; {_n(t[st.OVERDUE])} nhiệm vụ "
        f"quá hạn chưa hoàn thành (chiếm {_rate(t['overdue_rate'])}%); "
        f"{_n(t[st.IN_PROGRESS])} nhiệm vụ đang thực hiện; {_n(t[st.NOT_STARTED])} nhiệm vụ "
        "chưa thực hiện."
    )
    return text


def _reporting_paragraphs(doc, report: ConsolidatedReport):
    required = report.required_units
    reported = len(report.reported)
    on_time = len(report.on_time_units)
    fmt.body_paragraph(
        doc,
        f"Có {reported}/{required} đơn vị đã gửi báo cáo ({on_time} đơn vị đúng hạn, "
        f"{len(report.late_units)} đơn vị gửi muộn); {len(report.missing_units)} đơn vị chưa "
        f"gửi báo cáo (hạn gửi báo cáo: ngày {vn_date(report.period.deadline)}).",
    )
    if report.late_units:
        fmt.body_paragraph(
            doc, "- Đơn vị gửi báo cáo muộn: " + _unit_list(report.late_units, with_time=True) + "."
        )
    if report.missing_units:
        fmt.body_paragraph(
            doc,
            "- Đơn vị chưa gửi báo cáo: " + _unit_list(report.missing_units, with_time=False) + ".",
        )


def _figures_table(doc, report: ConsolidatedReport):
    rows = [
        [str(i), clean_text(f.label), clean_text(f.unit), _n(f.total), str(f.units_reporting)]
        for i, f in enumerate(report.figures, start=1)
    ]
    fmt.data_table(
        doc,
        ["STT", "Chỉ tiêu", "Đơn vị tính", "Tổng hợp", "Số đơn vị báo cáo"],
        rows,
        [Mm(12), Mm(75), Mm(25), Mm(28), Mm(25)],
    )


def _worst_units(report: ConsolidatedReport, limit: int = 5) -> list[dict]:
    rows = [r for r in report.by_unit if r[st.OVERDUE]]
    return sorted(rows, key=lambda r: (-r[st.OVERDUE], r["name"]))[:limit]


def _period_phrase(report: ConsolidatedReport) -> str:
    if report.period is not None:
        return f"kỳ báo cáo {report.period.label}"
    return "kỳ sơ kết" if report.kind == "interim_review" else "kỳ tổng kết"


def consolidated_docx(report: ConsolidatedReport) -> bytes:
    """The report in the Decree 30/2020 format: header block, number and symbol, place and
    date, "BÁO CÁO" and its summary, sections I–IV with the statistics tables and charts,
    the signature block, "Nơi nhận:", and the annex by lead unit."""
    committee = report.committee
    body = committee.issuing_body
    doc = fmt.new_document()
    symbol = number_symbol(report)
    fmt.header_block(
        doc,
        governing_body_lines(body),
        _issuer_name(committee),
        symbol,
        place_of(body),
        report.generated_on,
    )
    fmt.title(doc, "BÁO CÁO", clean_text(report.summary))

    period = report.period
    if period is not None:
        intro = (
            f"Thực hiện chế độ báo cáo định kỳ, {committee.name} tổng hợp báo cáo của các "
            f"đơn vị và kết quả theo dõi việc thực hiện nhiệm vụ {report.label} (số liệu từ "
            f"ngày {vn_date(report.data_from)} đến ngày {vn_date(report.as_of)}) như sau:"
        )
    else:
        intro = (
            f"{committee.name} báo cáo kết quả {report.summary[:1].lower()}{report.summary[1:]}"
            " như sau:"
        )
    fmt.body_paragraph(doc, intro)

    # I. Results
    _heading(doc, "I. KẾT QUẢ ĐẠT ĐƯỢC")
    _heading(doc, "1. Kết quả thực hiện nhiệm vụ được giao")
    fmt.body_paragraph(doc, _summary_sentence(report))
    if report.baseline is not None:
        base = report.baseline
        done_then = base[st.DONE_ON_TIME] + base[st.DONE_LATE]
        done_now = report.totals[st.DONE_ON_TIME] + report.totals[st.DONE_LATE]
        fmt.body_paragraph(
            doc,
            f"So với đầu kỳ (ngày {vn_date(report.data_from - dt.timedelta(days=1))}: "
            f"{_n(base['total'])} nhiệm vụ, đã hoàn thành {_n(done_then)}), trong kỳ đã hoàn "
            f"thành thêm {_n(done_now - done_then)} nhiệm vụ.",
        )
    _caption(doc, "Bảng 1. Kết quả thực hiện nhiệm vụ")
    _totals_table(doc, report.totals)
    fmt.body_paragraph(doc, "").paragraph_format.space_after = Pt(0)
    _picture(doc, status_column_chart(report.totals), Mm(140))
    _legend(doc)
    _caption(doc, "Biểu đồ 1. Kết quả thực hiện nhiệm vụ tính đến ngày chốt số liệu")
    _caption(doc, "Bảng 2. Kết quả thực hiện nhiệm vụ theo lĩnh vực")
    statistics_table(doc, report.by_domain, "Lĩnh vực", report.totals)
    fmt.body_paragraph(doc, "").paragraph_format.space_after = Pt(0)
    _caption(doc, "Bảng 3. Kết quả thực hiện nhiệm vụ theo văn bản giao nhiệm vụ")
    statistics_table(doc, report.by_source, "Văn bản giao nhiệm vụ", report.totals)
    fmt.body_paragraph(doc, "").paragraph_format.space_after = Pt(0)
    fmt.body_paragraph(
        doc,
        f"Kết quả chi tiết theo {len(report.by_unit)} đơn vị chủ trì tại Phụ lục kèm theo.",
        italic=True,
    )

    number = 2
    if period is not None:
        _heading(doc, f"{number}. Kết quả theo báo cáo của các đơn vị")
        _narratives(doc, report.results, "Chưa có đơn vị nào báo cáo nội dung này.")
        number += 1
        for section in report.other_sections:
            _heading(doc, f"{number}. {clean_text(section.title)}")
            _narratives(doc, section.entries, "Chưa có đơn vị nào báo cáo nội dung này.")
            number += 1
        if report.figures:
            _heading(doc, f"{number}. Số liệu tổng hợp từ báo cáo của các đơn vị")
            _figures_table(doc, report)
            fmt.body_paragraph(doc, "").paragraph_format.space_after = Pt(0)
            number += 1
        _heading(doc, f"{number}. Tình hình thực hiện chế độ báo cáo")
        _reporting_paragraphs(doc, report)

    # II. Shortcomings
    _heading(doc, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
    worst = _worst_units(report)
    if report.totals[st.OVERDUE]:
        names = "; ".join(f"{clean_text(r['name'])} ({_n(r[st.OVERDUE])} nhiệm vụ)" for r in worst)
        fmt.body_paragraph(
            doc,
            f"Còn {_n(report.totals[st.OVERDUE])} nhiệm vụ quá hạn chưa hoàn thành; các đơn vị "
            f"có nhiều nhiệm vụ quá hạn nhất: {names}.",
        )
    else:
        fmt.body_paragraph(doc, "Không có nhiệm vụ quá hạn chưa hoàn thành.")
    if report.late_units or report.missing_units:
        fmt.body_paragraph(
            doc,
            f"Còn {len(report.late_units)} đơn vị gửi báo cáo muộn và "
            f"{len(report.missing_units)} đơn vị chưa gửi báo cáo theo quy định.",
        )
    if period is not None:
        fmt.body_paragraph(doc, "Khó khăn, vướng mắc các đơn vị nêu:")
        _narratives(doc, report.difficulties, "Các đơn vị không nêu khó khăn, vướng mắc.")

    # III. Next period
    _heading(doc, "III. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI")
    fmt.body_paragraph(
        doc,
        "- Đôn đốc các đơn vị hoàn thành dứt điểm các nhiệm vụ quá hạn; đơn vị có nhiệm vụ "
        "quá hạn báo cáo giải trình bằng văn bản, nêu rõ nguyên nhân và thời hạn hoàn thành.",
    )
    fmt.body_paragraph(
        doc,
        "- Tập trung thực hiện các nhiệm vụ đang triển khai và chưa thực hiện, bảo đảm tiến độ "
        "theo kế hoạch; chấp hành nghiêm chế độ báo cáo định kỳ.",
    )
    if period is not None and report.next_period:
        fmt.body_paragraph(doc, "Nhiệm vụ, giải pháp các đơn vị đề ra:")
        _narratives(doc, report.next_period, "")

    # IV. Proposals
    _heading(doc, "IV. KIẾN NGHỊ, ĐỀ XUẤT")
    if period is not None:
        _narratives(doc, report.proposals, "Các đơn vị không có kiến nghị, đề xuất.")
    else:
        fmt.body_paragraph(doc, "(Cơ quan thường trực bổ sung kiến nghị, đề xuất.)", italic=True)

    fmt.body_paragraph(
        doc,
        f"Trên đây là báo cáo {_period_phrase(report)} của {committee.name}./.",
    )
    table = fmt.signature_block(doc, "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "")
    fmt.recipients(
        doc,
        [
            "Trưởng Ban Chỉ đạo (để báo cáo)",
            "Các Phó Trưởng Ban Chỉ đạo",
            "Các thành viên Ban Chỉ đạo",
            "Các đơn vị được giao nhiệm vụ",
            "Lưu: VT",
        ],
        beside=table,
    )

    # Annex: by lead unit, on a page of its own.
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    fmt.centred_paragraph(doc, "PHỤ LỤC", bold=True)
    fmt.centred_paragraph(doc, "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ CHỦ TRÌ", bold=True)
    fmt.centred_paragraph(
        doc,
        f"(Kèm theo Báo cáo số {symbol.removeprefix('Số: ')} ngày "
        f"{vn_date(report.generated_on)} của {committee.name})",
        italic=True,
        size=Pt(12),
    ).paragraph_format.space_after = Pt(12)
    statistics_table(doc, report.by_unit, "Đơn vị chủ trì", report.totals)
    fmt.body_paragraph(doc, "").paragraph_format.space_after = Pt(0)
    if report.by_unit:
        _caption(
            doc,
            f"Biểu đồ 2. Kết quả thực hiện nhiệm vụ của {min(UNIT_CHART_ROWS, len(report.by_unit))}"
            " đơn vị chủ trì nhiều nhiệm vụ nhất",
        )
        _unit_chart(doc, report.by_unit)
        _legend(doc)
    return fmt.to_bytes(doc)


# ==== Excel ==================================================================================

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE3EA")


def _sheet(workbook, title: str, heading: str, report: ConsolidatedReport):
    sheet = workbook.create_sheet(title)
    sheet["A1"] = heading
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = (
        f"{report.committee.name} — {report.label} — số liệu tính đến ngày {vn_date(report.as_of)}"
    )
    sheet["A2"].font = Font(italic=True)
    return sheet


def _table(sheet, headers: list[str], rows: list[list], start_row: int = 4, widths=None):
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=start_row, column=column, value=header)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            if isinstance(value, str):
                value = clean_text(value)
            cell = sheet.cell(row=start_row + offset, column=column, value=value)
            cell.border = _BORDER
            if column == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(row=start_row + 1, column=3)


XLSX_STAT_HEADERS = ["STT", "{group}", "Mã", "Tổng số"] + [
    st.COLUMN_LABELS[c] for c in st.COLUMNS
] + ["Trong đó: đúng hạn sau gia hạn", "Tỷ lệ hoàn thành (%)", "Tỷ lệ quá hạn (%)"]  # fmt: skip


def _stat_values(index, entry: dict) -> list:
    return [
        index,
        entry["name"],
        entry["id"],
        entry["total"],
        *(entry[c] for c in st.COLUMNS),
        entry[st.ON_TIME_AFTER_EXTENSION],
        entry["completion_rate"],
        entry["overdue_rate"],
    ]


def _stat_sheet(workbook, title, heading, group, entries, report):
    sheet = _sheet(workbook, title, heading, report)
    rows = [_stat_values(i, e) for i, e in enumerate(entries, start=1)]
    totals = {"name": "Tổng cộng", "id": None, **report.totals}
    rows.append(["", *_stat_values("", totals)[1:]])
    headers = [h.format(group=group) for h in XLSX_STAT_HEADERS]
    _table(sheet, headers, rows, widths=[6, 50, 8, 10] + [14] * 8)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    return sheet


def consolidated_xlsx(report: ConsolidatedReport) -> bytes:
    """The statistics annex: a summary sheet, then one sheet by lead unit, by domain and by
    source (numbers as numbers, a total row at the bottom), and the reporting status."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    summary["A1"] = clean_text(f"BÁO CÁO {report.summary}".upper())
    summary["A1"].font = Font(bold=True, size=13)
    summary["A2"] = f"{report.committee.name} — số liệu tính đến ngày {vn_date(report.as_of)}"
    summary["A2"].font = Font(italic=True)
    rows = [[i, st.COLUMN_LABELS[c], report.totals[c]] for i, c in enumerate(st.COLUMNS, 1)]
    rows.append(["", "Tổng số (không kể nhiệm vụ đã hủy)", report.totals["total"]])
    rows.append(["", "Trong đó: đúng hạn sau gia hạn", report.totals[st.ON_TIME_AFTER_EXTENSION]])
    rows.append(["", "Tỷ lệ hoàn thành (%)", report.totals["completion_rate"]])
    rows.append(["", "Tỷ lệ quá hạn (%)", report.totals["overdue_rate"]])
    _table(summary, ["STT", "Kết quả thực hiện", "Số nhiệm vụ"], rows, widths=[6, 50, 14])

    _stat_sheet(workbook, "Theo đơn vị", "KẾT QUẢ THEO ĐƠN VỊ CHỦ TRÌ", "Đơn vị chủ trì",
                report.by_unit, report)  # fmt: skip
    _stat_sheet(workbook, "Theo lĩnh vực", "KẾT QUẢ THEO LĨNH VỰC", "Lĩnh vực",
                report.by_domain, report)  # fmt: skip
    _stat_sheet(workbook, "Theo văn bản giao", "KẾT QUẢ THEO VĂN BẢN GIAO NHIỆM VỤ",
                "Văn bản giao nhiệm vụ", report.by_source, report)  # fmt: skip

    if report.period is not None:
        sheet = _sheet(workbook, "Chế độ báo cáo", "TÌNH HÌNH GỬI BÁO CÁO", report)
        rows = []
        standing = sorted(
            [*report.reported, *report.missing_units], key=lambda u: (u.unit_name, u.unit_id)
        )
        for index, entry in enumerate(standing, start=1):
            state = "Chưa gửi" if entry.missing else ("Gửi muộn" if entry.late else "Đúng hạn")
            when = entry.submitted_at
            if when is not None:
                when = timezone.localtime(when).replace(tzinfo=None)
            rows.append([index, entry.unit_name, entry.unit_id, state, when])
        _table(sheet, ["STT", "Đơn vị", "Mã", "Tình trạng", "Thời điểm gửi"], rows,
               widths=[6, 50, 8, 14, 20])  # fmt: skip
        for row in sheet.iter_rows(min_row=5, min_col=5, max_col=5):
            for cell in row:
                cell.number_format = "DD/MM/YYYY HH:MM"
    return xlsx.save(workbook)


# ==== PDF ====================================================================================


class ConversionError(RuntimeError):
    """LibreOffice is missing, failed, or took too long."""


def soffice_path() -> str | None:
    """The LibreOffice binary: settings.CHIDAO_SOFFICE, else soffice or libreoffice on PATH."""
    configured = getattr(settings, "CHIDAO_SOFFICE", "") or os.environ.get("CHIDAO_SOFFICE", "")
    if configured:
        return configured if Path(configured).exists() else shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


def consolidated_pdf(docx_bytes: bytes, *, timeout: int | None = None) -> bytes:
    """Convert a .docx to PDF with LibreOffice headless, in a private temporary directory
    with its own LibreOffice profile (so conversions never share or lock a user profile
    and may run side by side)."""
    timeout = timeout or int(getattr(settings, "CHIDAO_SOFFICE_TIMEOUT", SOFFICE_TIMEOUT))
    binary = soffice_path()
    if binary is None:
        raise ConversionError("LibreOffice (soffice) không có trên máy chủ.")
    with tempfile.TemporaryDirectory(prefix="chidao-pdf-") as workdir:
        work = Path(workdir)
        source = work / "bao-cao.docx"
        source.write_bytes(docx_bytes)
        profile = (work / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            completed = subprocess.run(  # noqa: S603 — fixed arguments, no shell
                command,
                capture_output=True,
                timeout=timeout,
                check=False,
                env={**os.environ, "HOME": str(work)},
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(f"LibreOffice quá {timeout} giây chưa chuyển xong.") from exc
        target = work / "bao-cao.pdf"
        if completed.returncode != 0 or not target.is_file():
            detail = (completed.stderr or completed.stdout or b"").decode(errors="replace")
            raise ConversionError(
                f"LibreOffice không chuyển được sang PDF (mã {completed.returncode}): "
                f"{detail.strip()[:500]}"
            )
        return target.read_bytes()


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF, by its page objects (enough for LibreOffice's output)."""
    pages = re.findall(rb"/Type\s*/Page(?![s\w])", pdf)
    return len(pages)
