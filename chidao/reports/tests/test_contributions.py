"""Higher parts add to the consolidated report through chidao.reports.contributions: their
headings, paragraphs and tables appear in the Word document's part and as an Excel sheet, and
a change in what they say changes the report's fingerprint (so a cached document is rebuilt)."""

import datetime as dt
import io

import openpyxl
import pytest
from docx import Document

from chidao.reports import consolidation, contributions, documents
from chidao.reports.tests import reporting as r
from chidao.reports.tests.test_documents import texts
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 9, 30)
BUILDER = "test-obstacles"


@pytest.fixture
def contributed():
    """A builder answering with what `said` holds, for the report's scope."""
    said = {"state": "đã giải quyết", "scopes": []}

    def build(scope):
        said["scopes"].append(scope)
        yield contributions.Contribution(
            key="test.resolved",
            place=contributions.SHORTCOMINGS,
            title="Khó khăn, vướng mắc đã được tháo gỡ trong kỳ",
            paragraphs=("Trong kỳ đã tháo gỡ 1 vướng mắc.",),
            headers=("STT", "Nội dung", "Đơn vị giải quyết", "Ngày trả lời", "Tình trạng"),
            rows=((1, "Thiếu chữ ký số", "Sở Nội vụ", dt.date(2025, 9, 10), said["state"]),),
            widths_mm=(12, 63, 40, 25, 25),
        )

    contributions.register_contribution(BUILDER, build)
    yield said
    contributions.unregister_contribution(BUILDER)


def test_a_contribution_is_laid_out_in_its_part_of_the_word_report(contributed):
    period = r.build_reporting().period
    report = consolidation.consolidate(period, today=TODAY)
    lines = texts(Document(io.BytesIO(documents.consolidated_docx(report))))

    heading = lines.index("Khó khăn, vướng mắc đã được tháo gỡ trong kỳ")
    assert lines.index("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN") < heading
    assert heading < lines.index("III. NHIỆM VỤ, GIẢI PHÁP KỲ TỚI")
    assert "Thiếu chữ ký số" in lines and "10/09/2025" in lines
    scope = contributed["scopes"][0]
    assert (scope.period, scope.as_of) == (period, period.data_to)
    assert scope.data_from == period.data_from


def test_a_contribution_with_a_table_gets_its_own_sheet(contributed):
    report = consolidation.consolidate(r.build_reporting().period, today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(documents.consolidated_xlsx(report)))

    sheet = book[[n for n in book.sheetnames if n.startswith("Khó khăn")][0]]
    values = [c.value for c in sheet[5]]
    assert values[:3] == [1, "Thiếu chữ ký số", "Sở Nội vụ"]


def test_what_a_contribution_says_enters_the_fingerprint(contributed):
    period = r.build_reporting().period
    before = consolidation.consolidate(period, today=TODAY).fingerprint()
    contributed["state"] = "đang xử lý"
    assert consolidation.consolidate(period, today=TODAY).fingerprint() != before


def test_a_contribution_in_an_unknown_place_is_refused():
    with pytest.raises(ValueError):
        contributions.Contribution(key="x", place="annex", title="x")
