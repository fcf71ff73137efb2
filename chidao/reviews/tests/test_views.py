"""/reports/programs/<id>/review/: the program's task figures, difficulties and units'
contributions on screen; the Word draft; who may open it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
SPAN = {"start": "2025-09-01", "end": "2025-12-14"}


def page(user, program, **params):
    client = Client()
    client.force_login(user)
    return client.get(reverse("program-review", args=[program.pk]), {**SPAN, **params})


def test_the_page_keeps_its_address():
    assert reverse("program-review", args=[7]) == "/reports/programs/7/review/"


def test_the_page_shows_the_programs_task_figures(w, program):
    response = page(w.staff, program)
    assert response.status_code == 200
    assert response.context["report"].totals["total"] == 3
    assert "Sơ kết" in response.content.decode()


def test_the_page_lists_the_difficulties_raised_resolved_and_open(w, program):
    obstacles = dict(page(w.staff, program).context["obstacles"])
    titles = {key: [o["title"] for o in lines] for key, lines in obstacles.items()}
    assert titles == {
        "Nêu trong kỳ": ["Thiếu hướng dẫn số hóa hồ sơ đất đai"],
        "Đã giải quyết trong kỳ": ["Thiếu hướng dẫn số hóa hồ sơ đất đai"],
        "Còn tồn đọng cuối kỳ": [],
    }
    assert "Thiếu hướng dẫn số hóa hồ sơ đất đai" in page(w.staff, program).content.decode()


def test_the_page_shows_the_units_contributions(w, program):
    response = page(w.staff, program)
    by_unit = {row["name"]: row for row in response.context["contributions"]}
    assert by_unit[w.commune.name]["completed"] == 1
    assert by_unit[w.justice.name]["led"] == 2
    assert "Đóng góp của các đơn vị" in response.content.decode()


def test_the_page_gives_the_word_draft(w, program):
    file = page(w.leader, program, download="docx")
    assert file.status_code == 200
    assert re.search(r'filename="so-ket-\d+-20251214\.docx"', file["Content-Disposition"])


def test_a_communes_focal_person_may_not_open_it(w, program):
    assert page(w.focal_commune, program).status_code == 403


def test_a_failed_pdf_conversion_is_a_503_page_in_vietnamese(w, program, monkeypatch):
    from chidao.officialdocs import pdf
    from chidao.reports import jobs

    def fail(content):
        raise pdf.ConversionError("soffice")

    monkeypatch.setattr(jobs.documents, "consolidated_pdf", fail)
    response = page(w.staff, program, download="pdf")
    assert response.status_code == 503
    body = response.content.decode()
    assert "Chưa chuyển được sang PDF" in body
    assert "download=docx" in body and "<html" in body
