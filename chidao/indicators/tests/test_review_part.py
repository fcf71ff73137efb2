"""The program's indicators in its review (sơ kết, tổng kết): target, actual and state in the
latest quarter ending by the review's end, in the JSON, on the page and in the Word draft."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from chidao.indicators import hooks
from chidao.indicators.tests.helpers import JUSTICE, enter_value, make_indicator
from chidao.tasks.tests.factories import TaskSourceFactory, fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
SPAN = {"from": "2026-01-01", "to": "2026-10-15"}


@pytest.fixture
def program(db):
    source = TaskSourceFactory()
    indicator = make_indicator("CT-01", units=(JUSTICE,), program=source)
    enter_value(indicator, JUSTICE, "2026-Q2", 50)
    enter_value(indicator, JUSTICE, "2026-Q3", 80)
    enter_value(indicator, JUSTICE, "2026-Q4", 30)  # after the review's end
    make_indicator("KHAC-01", units=(JUSTICE,))  # not the program's
    return source


def test_the_part_gives_the_programs_indicators_as_of_the_end(program):
    part = hooks.review_part(program, dt.date(2026, 1, 1), dt.date(2026, 10, 15))
    assert [(i["code"], i["period"], i["target"], i["actual"], i["state"]) for i in part.data] == [
        ("CT-01", "2026-Q3", 70, 80, "on_track")
    ]
    earlier = hooks.review_part(program, dt.date(2026, 1, 1), dt.date(2026, 8, 1))
    assert [(i["period"], i["state"]) for i in earlier.data] == [("2026-Q2", "off_track")]


def test_the_review_json_lists_the_programs_indicators(client, personas, program):
    client.force_login(personas.leader)
    body = client.get(f"/api/v1/programs/{program.pk}/review", SPAN).json()
    assert [(i["code"], i["target"], i["actual"], i["state"]) for i in body["indicators"]] == [
        ("CT-01", 70.0, 80.0, "on_track")
    ]


def test_the_review_page_shows_the_programs_indicators(client, personas, program):
    client.force_login(personas.leader)
    url = reverse("program-review", args=[program.pk])
    page = client.get(url, {"start": SPAN["from"], "end": SPAN["to"]}).content.decode()
    assert "Chỉ tiêu của chương trình" in page and "CT-01" in page


def test_the_review_draft_has_the_programs_indicators(client, personas, program):
    client.force_login(personas.leader)
    response = client.get(f"/api/v1/programs/{program.pk}/review", {**SPAN, "format": "docx"})
    document = Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "CT-01" in cells
    assert "Chỉ tiêu của chương trình" in "\n".join(p.text for p in document.paragraphs)


def test_the_review_draft_has_only_the_programs_indicator_table(client, personas, program):
    """The consolidated report's committee-wide tables (every indicator, those off track) are
    not the review's: its draft keeps the program's table only."""
    client.force_login(personas.leader)
    response = client.get(f"/api/v1/programs/{program.pk}/review", {**SPAN, "format": "docx"})
    document = Document(io.BytesIO(response.content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "CT-01" in cells and "KHAC-01" not in cells
    assert "Kết quả thực hiện các chỉ tiêu" not in paragraphs
    assert "Chỉ tiêu chậm tiến độ" not in paragraphs
    assert paragraphs.count("Chỉ tiêu của chương trình") == 1
