"""The urging letter: a Word file in the Decree 30/2020 format, listing the unit's overdue
and due-soon tasks, read back with python-docx."""

import datetime as dt
import io

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from chidao.accounts.tests.factories import unit_named
from chidao.core.policy import SystemActor
from chidao.officialdocs import pdf
from chidao.officialdocs.register import UNRECORDED_NAME, UNRECORDED_NOTE
from chidao.tasks import services as task_services
from chidao.urging.letters import urging_letter_docx
from chidao.urging.tests.test_plan import committee_818, make_task

LETTER_DAY = dt.date(2026, 1, 5)


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def justice_tasks(db):
    def task(days, title):
        return make_task(
            deadline=LETTER_DAY + dt.timedelta(days=days),
            unit_name="Sở Tư pháp",
            title=title,
            assigned_on=LETTER_DAY - dt.timedelta(days=90),
        )

    tasks = {
        "overdue": task(-12, "Rà soát quy định thủ tục chứng thực bản sao điện tử"),
        "soon": task(3, "Số hóa hồ sơ hộ tịch năm 2025"),
        "far": task(60, "Xây dựng cơ sở dữ liệu công chứng"),
        "done": task(-20, "Báo cáo kết quả kiểm soát thủ tục hành chính quý IV"),
    }
    task_services.progress_report(
        actor=SystemActor("test"),
        task=tasks["done"],
        note="Đã gửi báo cáo",
        completed=True,
        reported_on=LETTER_DAY - dt.timedelta(days=25),
    )
    make_task(  # another unit's overdue task is not in this letter
        deadline=LETTER_DAY - dt.timedelta(days=5),
        unit_name="Sở Nội vụ",
        title="Nhiệm vụ của Sở Nội vụ",
        assigned_on=LETTER_DAY - dt.timedelta(days=90),
    )
    return tasks


@pytest.fixture
def letter(justice_tasks):
    content = urging_letter_docx(
        committee=committee_818(),
        unit=unit_named("Sở Tư pháp"),
        today=LETTER_DAY,
    )
    assert content[:2] == b"PK"  # a .docx is a zip
    return docx.Document(io.BytesIO(content))


def test_page_is_a4_portrait_with_the_decrees_margins(letter):
    section = letter.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert section.page_height > section.page_width
    assert abs(section.top_margin - Mm(20)) < Mm(0.5)
    assert abs(section.bottom_margin - Mm(20)) < Mm(0.5)
    assert abs(section.left_margin - Mm(30)) < Mm(0.5)
    assert abs(section.right_margin - Mm(15)) < Mm(0.5)


def test_body_is_times_new_roman_14_justified_with_first_line_indent(letter):
    normal = letter.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(normal.paragraph_format.first_line_indent - Cm(1)) < Mm(0.1)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    # no run overrides the font with another one
    runs = [r for p in letter.paragraphs for r in p.runs]
    assert runs and all(r.font.name in (None, "Times New Roman") for r in runs)


def test_header_block(letter):
    header = letter.tables[0]
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert left.text.startswith("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI")
    issuer = [r for p in left.paragraphs for r in p.runs if r.text == "SỞ NỘI VỤ"]
    assert issuer and issuer[0].bold

    title, motto = right.paragraphs[0].runs[0], right.paragraphs[1].runs[0]
    assert title.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert title.bold and title.font.size == Pt(13)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert motto.bold and motto.font.size == Pt(14)

    assert header.cell(1, 0).text.startswith("Số:")
    assert header.cell(1, 0).text.endswith("/SNV-CCHC")
    date = header.cell(1, 1).paragraphs[0].runs[0]
    assert date.text == "Hà Nội, ngày 05 tháng 01 năm 2026" and date.italic
    assert header.cell(2, 0).text == "V/v đôn đốc thực hiện nhiệm vụ"


def test_addressee_and_body(letter):
    text = all_text(letter)
    assert "Kính gửi: Sở Tư pháp." in text
    assert "còn 1 nhiệm vụ quá hạn và 1 nhiệm vụ sắp đến hạn" in text
    assert "giải trình bằng văn bản" in text
    assert "./." in text


def test_table_lists_the_units_overdue_and_due_soon_tasks(letter, justice_tasks):
    table = letter.tables[1]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["STT", "Nhiệm vụ", "Văn bản giao", "Hạn", "Tình trạng", "Số ngày quá hạn"]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [
        ["1", justice_tasks["overdue"].title, "", "24/12/2025", "Quá hạn", "12"],
        ["2", justice_tasks["soon"].title, "", "08/01/2026", "Sắp đến hạn", ""],
    ]
    text = all_text(letter)
    for absent in ("far", "done"):
        assert justice_tasks[absent].title not in text
    assert "Nhiệm vụ của Sở Nội vụ" not in text


def test_signature_names_nobody_where_the_register_records_no_director_then(letter):
    # Sở Nội vụ had no director recorded on 5 January 2026 (one took office on the 13th):
    # the block says so and leaves the name to fill in.
    block = letter.tables[-1]
    signature = block.cell(0, 1)
    lines = [p.text for p in signature.paragraphs if p.text]
    assert lines == ["GIÁM ĐỐC", UNRECORDED_NAME, UNRECORDED_NOTE]
    assert signature.paragraphs[0].runs[0].bold

    recipients = block.cell(0, 0).paragraphs
    heading = recipients[0].runs[0]
    assert heading.text == "Nơi nhận:"
    assert heading.bold and heading.italic and heading.font.size == Pt(12)
    lines = [p.text for p in recipients[1:]]
    assert lines[0] == "- Như trên;"
    assert lines[-1] == "- Lưu: VT."


@pytest.mark.django_db
def test_the_letter_ends_with_the_director_the_register_records_on_its_date():
    content = urging_letter_docx(
        committee=committee_818(), unit=unit_named("Sở Y tế"), today=dt.date(2026, 1, 20)
    )
    document = docx.Document(io.BytesIO(content))
    block = document.tables[-1]
    lines = [p.text for p in block.cell(0, 1).paragraphs if p.text]
    assert lines == ["GIÁM ĐỐC", "Nguyễn Minh Long"]
    assert block.cell(0, 1).paragraphs[-1].runs[0].bold


@pytest.mark.skipif(pdf.soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_the_letter_converts_to_pdf_with_text_on_every_page(letter):
    buffer = io.BytesIO()
    letter.save(buffer)
    content = pdf.docx_to_pdf(buffer.getvalue())
    assert pdf.page_count(content) >= 1
    assert pdf.pages_without_text(content) == []
    assert "Nơi nhận:" in pdf.page_texts(content)[-1]


def test_page_numbers_from_page_two(letter):
    section = letter.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


@pytest.mark.django_db
def test_a_unit_without_overdue_tasks_gets_a_letter_saying_so():
    content = urging_letter_docx(
        committee=committee_818(), unit=unit_named("Sở Y tế"), today=LETTER_DAY, number="15"
    )
    document = docx.Document(io.BytesIO(content))
    assert document.tables[0].cell(1, 0).text == "Số: 15/SNV-CCHC"
    assert "Không có nhiệm vụ quá hạn hoặc sắp đến hạn." in all_text(document)


@pytest.mark.django_db
def test_the_digital_transformation_standing_agency_issues_in_its_own_name():
    content = urging_letter_docx(
        committee=committee_818(),
        unit=unit_named("Sở Y tế"),
        today=LETTER_DAY,
        issuer_unit=unit_named("Sở Thông tin và Truyền thông"),
    )
    header = docx.Document(io.BytesIO(content)).tables[0]
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in header.cell(0, 0).text
    assert header.cell(1, 0).text.endswith("/STTTT-CĐS")
