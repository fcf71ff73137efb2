"""The consolidated documents: Word in the Decree 30/2020 format (read back with python-docx),
the Excel annex (read back with openpyxl), and PDF through the real LibreOffice."""

import datetime as dt
import io
import os
import struct

import openpyxl
import pytest
from docx import Document

from chidao.committees.models import Committee
from chidao.officialdocs import pdf
from chidao.officialdocs.register import UNRECORDED_NAME, UNRECORDED_NOTE
from chidao.reports import consolidation, documents
from chidao.reports import statistics as st
from chidao.reports.documents import word
from chidao.reports.tests import history as h
from chidao.reports.tests import reporting as r
from chidao.tasks.tests.factories import FINANCE, SCIENCE, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 9, 30)

# The conversion test runs wherever LibreOffice is; on CI (CI=true) it must run, so a CI
# machine without LibreOffice fails here instead of skipping (scripts/ensure-libreoffice.sh).
needs_soffice = pytest.mark.skipif(
    pdf.soffice_path() is None and os.environ.get("CI", "").lower() != "true",
    reason="LibreOffice (soffice) is not installed and CI is not set",
)


@pytest.fixture
def report():
    h.build_named_history()
    h.build_random_history(count=15)
    data = r.build_reporting()
    return consolidation.consolidate(data.period, today=TODAY)


@pytest.fixture
def docx(report):
    return Document(io.BytesIO(documents.consolidated_docx(report)))


def texts(doc) -> list[str]:
    """Every paragraph's text, body and table cells, in order."""
    result = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                result.extend(p.text for p in cell.paragraphs)
    return result


def table_after(doc, header_text: str):
    """The first table whose first row starts with 'STT' and contains header_text."""
    for table in doc.tables:
        first = [c.text for c in table.rows[0].cells]
        if first[0] == "STT" and header_text in first:
            return table
    raise AssertionError(f"no table with {header_text!r}")


def signature_cell(doc):
    """The signature's cell: beside "Nơi nhận:" (the annex follows the block)."""
    (table,) = [t for t in doc.tables if t.cell(0, 0).text.startswith("Nơi nhận:")]
    return table.cell(0, 1)


def number(text: str) -> int:
    return int(text.replace(".", ""))


def test_header_block_number_place_date_and_title(docx, report):
    header = docx.tables[0]
    left = header.cell(0, 0).text
    right = header.cell(0, 1).text
    assert "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI" in left
    assert "BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH, CHUYỂN ĐỔI SỐ" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    number_cell = header.cell(1, 0).text
    assert number_cell.startswith("Số:") and number_cell.endswith("/BC-BCĐCCHC-CĐS")
    assert header.cell(1, 1).text == "Hà Nội, ngày 30 tháng 9 năm 2025"
    assert header.cell(1, 1).paragraphs[0].runs[0].italic
    paragraphs = [p.text for p in docx.paragraphs]
    index = paragraphs.index("BÁO CÁO")
    assert paragraphs[index + 1] == "Kết quả thực hiện nhiệm vụ quý III/2025"
    assert docx.paragraphs[index].runs[0].bold


def test_page_setup_follows_decree_30(docx):
    section = docx.sections[0]
    mm = [round(v.mm) for v in (section.page_width, section.page_height)]
    assert mm == [210, 297]  # A4 portrait
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert section.different_first_page_header_footer  # page numbers from page 2
    assert docx.styles["Normal"].font.name == "Times New Roman"


def test_body_sections_signature_and_recipients(docx, report):
    all_text = texts(docx)
    for heading in (
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "III. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI",
        "IV. KIẾN NGHỊ, ĐỀ XUẤT",
        "PHỤ LỤC",
    ):
        assert heading in all_text, heading
    joined = "\n".join(all_text)
    # difficulties and proposals with their units
    for entry in (*report.difficulties, *report.proposals):
        first, *rest = entry.text.split("\n")
        assert f"- {entry.unit_name}: {first}" in all_text
        assert all(line in all_text for line in rest)
    # late and missing units by name
    (late,) = report.late_units
    (missing,) = report.missing_units
    assert "Đơn vị gửi báo cáo muộn: " + late.unit_name in joined
    assert "Đơn vị chưa gửi báo cáo: " + missing.unit_name in joined
    # the standing deputy head the register records on the report's date signs for the head
    signature = [p.text for p in signature_cell(docx).paragraphs if p.text]
    assert signature == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Lê Hồng Sơn"]
    assert "Nơi nhận:" in all_text
    assert "- Lưu: VT." in all_text


def test_tables_hold_the_statistics(docx, report):
    totals = table_after(docx, "Số nhiệm vụ")
    by_label = {row.cells[1].text: row.cells[2].text for row in totals.rows[1:]}
    for column in st.COLUMNS:
        assert number(by_label[st.COLUMN_LABELS[column]]) == report.totals[column]
    units = table_after(docx, "Đơn vị chủ trì")
    rows = units.rows[1:-1]
    assert len(rows) == len(report.by_unit)
    for row, entry in zip(rows, report.by_unit, strict=True):
        cells = [c.text for c in row.cells]
        assert cells[1] == entry["name"]
        assert [number(v) for v in cells[2:8]] == [entry["total"], *(entry[c] for c in st.COLUMNS)]
    total_row = [c.text for c in units.rows[-1].cells]
    assert total_row[1] == "Tổng cộng" and number(total_row[2]) == report.totals["total"]
    domains = table_after(docx, "Lĩnh vực")
    assert [c.text for c in domains.rows[1].cells][1] == report.by_domain[0]["name"]
    sources = table_after(docx, "Văn bản giao nhiệm vụ")
    assert len(sources.rows) == len(report.by_source) + 2


def test_charts_are_embedded_png_images(docx, report):
    images = [
        rel.target_part.blob
        for rel in docx.part.rels.values()
        if "image" in rel.reltype and not rel.is_external
    ]
    assert images and all(blob.startswith(b"\x89PNG\r\n\x1a\n") for blob in images)
    assert len(docx.inline_shapes) == 2  # the results, and the units with the most tasks


def test_each_chart_is_followed_by_its_caption_on_the_same_page(docx):
    body = [p for p in docx.paragraphs]
    pictures = [i for i, p in enumerate(body) if p._p.xpath(".//pic:pic")]
    assert len(pictures) == 2
    for index in pictures:
        assert body[index].paragraph_format.keep_with_next
        assert body[index + 1].text.startswith("Biểu đồ ")


def test_charts_are_drawn_with_vietnamese_labels():
    png = word.status_chart({c: n for c, n in zip(st.COLUMNS, [3, 1, 4, 1, 5], strict=True)})
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width > 600 and height > 300
    assert word.unit_chart([]) is None


def test_xlsx_annex_values_equal_the_statistics(report):
    book = openpyxl.load_workbook(io.BytesIO(documents.consolidated_xlsx(report)))
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Theo lĩnh vực",
        "Theo văn bản giao",
        "Chế độ báo cáo",
    ]
    for sheet_name, entries in (
        ("Theo đơn vị", report.by_unit),
        ("Theo lĩnh vực", report.by_domain),
        ("Theo văn bản giao", report.by_source),
    ):
        sheet = book[sheet_name]
        rows = list(sheet.iter_rows(min_row=5, values_only=True))
        assert len(rows) == len(entries) + 1
        for row, entry in zip(rows, entries, strict=False):
            assert row[1] == entry["name"] and row[2] == entry["id"]
            assert list(row[3:9]) == [entry["total"], *(entry[c] for c in st.COLUMNS)]
            assert row[10] == entry["completion_rate"]
        assert rows[-1][1] == "Tổng cộng" and rows[-1][3] == report.totals["total"]
    summary = {row[1]: row[2] for row in book["Tổng hợp"].iter_rows(min_row=5, values_only=True)}
    for column in st.COLUMNS:
        assert summary[st.COLUMN_LABELS[column]] == report.totals[column]
    standing = {
        row[1]: row[3] for row in book["Chế độ báo cáo"].iter_rows(min_row=5, values_only=True)
    }
    assert standing[report.late_units[0].unit_name] == "Gửi muộn"
    assert standing[report.missing_units[0].unit_name] == "Chưa gửi"


def test_program_review_renders_without_a_period(report):
    from chidao.tasks.models import Task

    source = Task.objects.filter(source__isnull=False, committee=h.committee()).first().source
    review = consolidation.program_review(source, dt.date(2025, 7, 1), h.Q4_2025, today=TODAY)
    doc = Document(io.BytesIO(documents.consolidated_docx(review)))
    joined = "\n".join(texts(doc))
    assert review.summary in joined
    assert "So với đầu kỳ" in joined
    openpyxl.load_workbook(io.BytesIO(documents.consolidated_xlsx(review)))


@needs_soffice
def test_the_pdf_has_body_text_on_every_page_and_ends_the_report_with_its_signer(report):
    content = documents.consolidated_pdf(documents.consolidated_docx(report))
    assert content.startswith(b"%PDF-")
    assert pdf.page_count(content) >= 2
    assert pdf.pages_without_text(content) == []
    pages = pdf.page_texts(content)
    signed = next(i for i, page in enumerate(pages) if "Lê Hồng Sơn" in page)
    assert "PHỤ LỤC" in pages[signed + 1]  # the annex starts on the page after, none between


def test_synthetic_markers_stay_out_of_the_official_text(report):
    from chidao.reports.consolidation import Narrative

    report.summary = "[Mô phỏng] Kết quả thực hiện nhiệm vụ quý III/2025"
    report.sections[0].entries = [Narrative(1, "[Mô phỏng] Sở A", "Nhập trên chidao.", 1, 1)]
    doc = Document(io.BytesIO(documents.consolidated_docx(report)))
    joined = "\n".join(texts(doc))
    assert "Mô phỏng" not in joined and "chidao" not in joined.lower()
    assert "Kết quả thực hiện nhiệm vụ quý III/2025" in joined
    assert "- Sở A: Nhập trên." in joined


def test_where_the_register_records_no_head_the_signature_is_left_to_fill_in(report):
    report.committee = Committee.objects.get(name="Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội")
    doc = Document(io.BytesIO(documents.consolidated_docx(report)))
    signature = [p.text for p in signature_cell(doc).paragraphs if p.text]
    assert signature == [
        "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", UNRECORDED_NAME, UNRECORDED_NOTE,
    ]  # fmt: skip


def test_narratives_keep_each_line_and_survive_control_characters(report):
    from chidao.reports.consolidation import Narrative

    section = report.sections[0]
    section.entries = [Narrative(1, "Sở A", "Dòng một\nDòng hai <b> & \x0b", 1, 1)]
    doc = Document(io.BytesIO(documents.consolidated_docx(report)))
    paragraphs = [p.text for p in doc.paragraphs]
    index = paragraphs.index("- Sở A: Dòng một")
    assert paragraphs[index + 1] == "Dòng hai <b> &"
    book = openpyxl.load_workbook(io.BytesIO(documents.consolidated_xlsx(report)))
    assert book.sheetnames[0] == "Tổng hợp"


def test_typed_names_never_become_formulas_in_the_annex(report):
    """A task's source document is named as the standing agency typed it (its number, its
    title): in the annex it stays text whatever it starts with."""
    typed = ['=HYPERLINK("http://x.example","Bấm")', "+1+1", "@SUM(A1)", "-2+3"]
    for entry, text in zip(report.by_source, typed, strict=False):
        entry["name"] = text
    typed = typed[: len(report.by_source)]
    book = openpyxl.load_workbook(io.BytesIO(documents.consolidated_xlsx(report)))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    written = [cell for cell in cells if isinstance(cell.value, str) and cell.value in typed]

    assert len(typed) >= 2 and {cell.value for cell in written} == set(typed)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in written)
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_conversion_without_libreoffice_raises_a_clear_error(settings):
    settings.CHIDAO_SOFFICE = "/nonexistent/soffice"
    with pytest.raises(documents.ConversionError, match="LibreOffice"):
        documents.consolidated_pdf(b"not used")
