"""Every download of a stored file carries the same safe headers: an attachment (never shown
inline), nosniff, not cached, and only a type chidao accepts; a missing file is a 404."""

import pytest
from django.urls import reverse

from chidao.storage import files
from chidao.storage.serve import FileMissing, serve
from chidao.storage.tests import kinds
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    settings.CHIDAO_HOLIDAYS = []
    return settings.CHIDAO_UPLOAD_DIR


def assert_safe(response, filename_part: str, content_type: str):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert filename_part in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == kinds.PDF


def test_a_stored_file_is_served_as_an_attachment_with_safe_headers():
    name = files.save(kinds.PDF, folder="tasks", extension="pdf")

    response = serve(name, filename="Kết quả.pdf", content_type="application/pdf")

    # a Vietnamese name travels RFC 5987-encoded
    assert_safe(response, "filename*=utf-8''K%E1%BA%BFt%20qu%E1%BA%A3.pdf", "application/pdf")


def test_a_type_chidao_does_not_accept_is_served_as_bytes():
    name = files.save(kinds.PDF, folder="tasks", extension="pdf")

    response = serve(name, filename="trang.html", content_type="text/html")

    assert response["Content-Type"] == "application/octet-stream"


def test_a_missing_file_is_a_404():
    with pytest.raises(FileMissing):
        serve("tasks/0000.pdf", filename="x.pdf", content_type="application/pdf")


@pytest.mark.parametrize(
    ("kind", "route", "who"),
    [
        ("task evidence", "attachment-download", "focal_a"),
        ("report attachment", "report-attachment", "uploader"),
        ("evaluation evidence", "evaluation-evidence", "focal_a"),
    ],
)
def test_every_download_page_serves_through_it(client, personas, kind, route, who):
    row = {
        "task evidence": lambda: kinds.task_evidence(personas),
        "report attachment": kinds.report_attachment,
        "evaluation evidence": lambda: kinds.evaluation_evidence(personas),
    }[kind]()
    client.force_login(row.uploaded_by if who == "uploader" else getattr(personas, who))

    response = client.get(reverse(route, args=[row.pk]))

    assert_safe(response, row.original_name, "application/pdf")


def test_the_api_download_serves_through_it(client, personas):
    row = kinds.task_evidence(personas)
    client.force_login(personas.focal_a)

    response = client.get(f"/api/v1/attachments/{row.pk}")

    assert_safe(response, row.original_name, "application/pdf")
