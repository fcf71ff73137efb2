"""GET /api/v1/programs/{id}/review: the program's task figures as of the cut-off (the same
as the statistics of the consolidated report at that date), difficulties raised and
resolved, units' contributions; the Word draft and its PDF; who may ask."""

import datetime as dt
import io
import os

import pytest
from django.db.models import Q
from django.test import Client
from docx import Document

from chidao.officialdocs import pdf
from chidao.reports import jobs
from chidao.reports import statistics as st

pytestmark = pytest.mark.django_db
START, END = dt.date(2025, 9, 1), dt.date(2025, 12, 14)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review(user, program, **params):
    query = {"from": START.isoformat(), "to": END.isoformat(), **params}
    return client_of(user).get(f"/api/v1/programs/{program.pk}/review", query)


def test_the_review_gives_the_same_task_figures_as_the_statistics_at_the_cut_off(w, program):
    body = review(w.staff, program).json()
    expected = st.statistics_as_of(
        as_of=END, committee=program.committee, task_filter=Q(source=program)
    )
    for key in ("total", "done_on_time", "done_late", "overdue", "in_progress", "not_started"):
        assert body["totals"][key] == expected["totals"][key]
    assert body["totals"]["total"] == 3 and body["totals"]["done_on_time"] == 1
    assert {u["unit"]["id"]: u["total"] for u in body["units"]} == {
        row["unit"]["id"]: row["total"] for row in expected["units"]
    }


def test_the_review_names_the_programs_difficulties_and_contributions(w, program):
    body = review(w.staff, program).json()
    assert [o["title"] for o in body["obstacles"]["raised"]] == [
        "Thiếu hướng dẫn số hóa hồ sơ đất đai"
    ]
    assert [o["resolver"] for o in body["obstacles"]["resolved"]] == [w.justice.name]
    by_unit = {row["name"]: row for row in body["contributions"]}
    assert by_unit[w.commune.name]["completed"] == 1
    assert by_unit[w.justice.name]["led"] == 2


def test_the_review_as_a_word_draft(w, program):
    response = review(w.staff, program, format="docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "SƠ KẾT" in text.upper() and "Đóng góp của các đơn vị" in text
    cells = [
        c.text
        for t in Document(io.BytesIO(response.content)).tables
        for r in t.rows
        for c in r.cells
    ]
    assert "Thiếu hướng dẫn số hóa hồ sơ đất đai" in cells


@pytest.mark.parametrize(("who", "status"), [("focal_commune", 403), ("leader", 200)])
def test_who_may_ask_for_a_review(w, program, who, status):
    assert review(getattr(w, who), program).status_code == status


def test_a_reversed_span_is_a_422_in_vietnamese(w, program):
    response = review(w.staff, program, **{"from": "2025-12-31", "to": "2025-01-01"})
    assert response.status_code == 422
    assert "Ngày bắt đầu" in response.json()["detail"]


def test_an_unknown_program_is_a_404(w):
    response = client_of(w.staff).get("/api/v1/programs/999999/review")
    assert response.status_code == 404


needs_soffice = pytest.mark.skipif(
    pdf.soffice_path() is None and os.environ.get("CI", "").lower() != "true",
    reason="LibreOffice (soffice) is not installed and CI is not set",
)


@needs_soffice
def test_the_review_as_a_pdf(w, program):
    response = review(w.staff, program, format="pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].endswith(f'so-ket-{program.pk}-20251214.pdf"')


def test_a_failed_pdf_conversion_is_a_503_in_vietnamese(w, program, monkeypatch):
    def fail(content):
        raise pdf.ConversionError("soffice")

    monkeypatch.setattr(jobs.documents, "consolidated_pdf", fail)
    response = review(w.staff, program, format="pdf")
    assert response.status_code == 503
    assert "PDF" in response.json()["detail"]
