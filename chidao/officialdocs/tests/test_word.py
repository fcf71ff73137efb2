import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from chidao.officialdocs import make_templates, word
from chidao.officialdocs.register import Letterhead, Signature

LETTERHEAD = Letterhead(
    governing_body="ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI",
    issuer="[Mô phỏng] Ban Chỉ đạo & Tổ <công tác>",
    number="Số: 57/BC-BCĐ",
    place="Hà Nội",
    date=dt.date(2026, 2, 3),
)
SIGNATURE = Signature("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Nguyễn Văn A")


def render(**kwargs) -> docx.Document:
    doc = word.OfficialDocument.open(
        "bao-cao",
        letterhead=kwargs.pop("letterhead", LETTERHEAD),
        signature=kwargs.pop("signature", SIGNATURE),
        recipients=["Như trên", "- Lưu: VT;"],
        title="Báo cáo",
        subject="Kết quả quý I",
    )
    doc.paragraph("Nội dung báo cáo trên hệ thống chidao.")
    doc.table(
        ["STT", "Đơn vị", "Số"],
        [["1", "Sở A", "3"], ["2", word.Cell("Sở B", fill="C0392B"), "4"]],
        [Mm(15), Mm(100), Mm(50)],
        total=["", "Tổng cộng", "7"],
    )
    return docx.Document(io.BytesIO(doc.to_bytes()))


def test_letterhead_title_and_signature_filled_from_the_fields():
    document = render()
    header = document.tables[0]
    assert header.cell(0, 0).text.startswith("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI")
    assert "BAN CHỈ ĐẠO & TỔ <CÔNG TÁC>" in header.cell(0, 0).text  # escaped, no marker
    assert "MÔ PHỎNG" not in header.cell(0, 0).text
    assert header.cell(1, 0).text == "Số: 57/BC-BCĐ"
    date = header.cell(1, 1).paragraphs[0].runs[0]
    assert date.text == "Hà Nội, ngày 03 tháng 02 năm 2026" and date.italic
    heading = next(p for p in document.paragraphs if p.text == "BÁO CÁO")
    assert heading.runs[0].bold and heading.alignment == WD_ALIGN_PARAGRAPH.CENTER
    signature = document.tables[-1]
    lines = [p.text for p in signature.cell(0, 1).paragraphs if p.text]
    assert lines == ["KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN THƯỜNG TRỰC", "Nguyễn Văn A"]
    recipients = [p.text for p in signature.cell(0, 0).paragraphs]
    assert recipients == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    body = [p.text for p in document.paragraphs]
    assert "Nội dung báo cáo trên hệ thống." in body
    assert not any("{{" in text or "@@" in text for text in body)


def test_the_one_table_builder():
    table = render().tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Đơn vị", "Số"]
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeated on each page
    assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)
    assert [c.text for c in table.rows[-1].cells] == ["", "Tổng cộng", "7"]
    assert all(r.bold for c in table.rows[-1].cells for p in c.paragraphs for r in p.runs)
    assert table.rows[1].cells[1].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert 'w:fill="C0392B"' in table.rows[2].cells[1]._tc.xml


def test_an_unrecorded_signer_is_a_marked_blank():
    document = render(signature=Signature("", "GIÁM ĐỐC", ""))
    lines = [p.text for p in document.tables[-1].cell(0, 1).paragraphs if p.text]
    assert lines == ["GIÁM ĐỐC", "…………………………", "(chưa ghi nhận trong sổ đăng ký)"]


def test_page_setup_and_page_numbers_from_page_two():
    document = render()
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_an_agency_template_replaces_the_one_in_the_repository(settings, tmp_path):
    template = make_templates.build("bao-cao")
    template.add_paragraph("MẪU CỦA SỞ NỘI VỤ TỈNH MẪU")
    template.save(tmp_path / "bao-cao.docx")
    settings.CHIDAO_DOCUMENT_TEMPLATES_DIR = str(tmp_path)
    assert word.template_path("bao-cao") == tmp_path / "bao-cao.docx"
    assert word.template_path("cong-van") == word.DEFAULT_TEMPLATES / "cong-van.docx"
    texts = [p.text for p in render().paragraphs]
    assert "MẪU CỦA SỞ NỘI VỤ TỈNH MẪU" in texts
    assert "Nội dung báo cáo trên hệ thống." in texts


def test_a_template_without_a_place_for_the_body_is_refused(settings, tmp_path):
    docx.Document().save(tmp_path / "bao-cao.docx")
    settings.CHIDAO_DOCUMENT_TEMPLATES_DIR = str(tmp_path)
    with pytest.raises(ValueError, match="body"):
        render()


@pytest.mark.parametrize("name", sorted(make_templates.KINDS))
def test_the_templates_in_the_repository_are_what_the_script_makes(tmp_path, name):
    make_templates.main([str(tmp_path)])

    def document_xml(path):
        with zipfile.ZipFile(path) as archive:
            return archive.read("word/document.xml")

    committed = make_templates.DIRECTORY / f"{name}.docx"
    assert document_xml(committed) == document_xml(tmp_path / f"{name}.docx")
