import io

import docx
import pytest
from docx.enum.text import WD_BREAK

from chidao.officialdocs import pdf

needs_soffice = pytest.mark.skipif(
    pdf.soffice_path() is None, reason="LibreOffice (soffice) is not installed"
)
TEXT = "Nội dung của trang, đủ dài để được tính là văn bản của trang này. " * 3


def _docx(*pages: str) -> bytes:
    document = docx.Document()
    for index, text in enumerate(pages):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@needs_soffice
def test_a_page_without_body_text_is_found():
    content = pdf.docx_to_pdf(_docx(TEXT, "", "Biểu đồ 3", TEXT))
    assert pdf.page_count(content) == 4
    assert pdf.pages_without_text(content) == [2, 3]
    assert "Nội dung của trang" in pdf.page_texts(content)[0]


def test_conversion_without_libreoffice_raises_a_clear_error(settings):
    settings.CHIDAO_SOFFICE = "/nonexistent/soffice"
    with pytest.raises(pdf.ConversionError, match="LibreOffice"):
        pdf.docx_to_pdf(b"not used")
