"""Uploads are checked by content; a file stored inside a transaction that rolls back is
deleted with it, by `files.atomic()` and by every service that stores files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from chidao.audit.services import record_change
from chidao.evaluation.models import EvidenceFile
from chidao.ingest.models import IngestDraft
from chidao.reports.models import Submission
from chidao.storage import files
from chidao.storage.tests import kinds
from chidao.tasks.models import Attachment, ProgressReport
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


class Boom(Exception):
    """A failure after the file was stored, before the transaction commits."""


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    settings.CHIDAO_HOLIDAYS = []
    return settings.CHIDAO_UPLOAD_DIR


def stored(store) -> list[str]:
    if not store.exists():
        return []
    return sorted(str(p.relative_to(store)) for p in store.rglob("*") if p.is_file())


# ---- checks


def test_the_type_is_read_from_the_content_not_the_name():
    assert files.check_upload(SimpleUploadedFile("anh.txt", PNG))[0] == "image/png"
    with pytest.raises(files.UploadRejected):
        files.check_upload(SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>"))


def test_an_empty_file_is_rejected():
    with pytest.raises(files.UploadRejected, match="rỗng"):
        files.check_upload(SimpleUploadedFile("trong.pdf", b""))


def test_a_stored_file_lands_in_its_folder_under_a_random_name(store):
    name, digest = files.store(kinds.PDF, "application/pdf", folder="tasks")

    assert name.startswith("tasks/") and name.endswith(".pdf")
    assert (store / name).read_bytes() == kinds.PDF
    assert len(digest) == 64


# ---- rollback


def test_a_block_that_raises_deletes_the_files_it_stored(store):
    with pytest.raises(Boom), files.atomic():
        files.save(kinds.PDF, folder="tasks", extension="pdf")
        raise Boom

    assert stored(store) == []


def test_a_block_that_commits_keeps_its_files(store):
    with files.atomic():
        name = files.save(kinds.PDF, folder="tasks", extension="pdf")

    assert stored(store) == [name]


def test_a_block_marked_for_rollback_deletes_its_files(store):
    with files.atomic():
        files.save(kinds.PDF, folder="tasks", extension="pdf")
        transaction.set_rollback(True)

    assert stored(store) == []


def test_files_of_an_inner_block_go_when_the_enclosing_block_rolls_back(store):
    with pytest.raises(Boom), files.atomic():
        with files.atomic():
            files.save(kinds.PDF, folder="tasks", extension="pdf")
        files.save(kinds.PDF, folder="reports", extension="pdf")
        raise Boom

    assert stored(store) == []


def test_an_inner_block_that_fails_leaves_the_enclosing_blocks_files(store):
    with files.atomic():
        kept = files.save(kinds.PDF, folder="tasks", extension="pdf")
        with pytest.raises(Boom), files.atomic():
            files.save(kinds.PDF, folder="reports", extension="pdf")
            raise Boom

    assert stored(store) == [kept]


def test_task_evidence_goes_when_its_report_rolls_back(personas, store, monkeypatch):
    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr("chidao.tasks.services._event", fail)

    with pytest.raises(Boom):
        kinds.task_evidence(personas)

    assert not ProgressReport.objects.exists() and not Attachment.objects.exists()
    assert stored(store) == []


def test_a_report_attachment_goes_when_the_draft_rolls_back(store, monkeypatch):
    def fail_on_attachment(*, target, **kwargs):
        if target._meta.model_name == "submissionattachment":
            raise Boom
        return record_change(target=target, **kwargs)

    monkeypatch.setattr("chidao.reports.services.record_change", fail_on_attachment)

    with pytest.raises(Boom):
        kinds.report_attachment()

    assert not Submission.objects.filter(attachments__isnull=False).exists()
    assert stored(store) == []


def test_evaluation_evidence_goes_when_the_self_assessment_rolls_back(personas, store, monkeypatch):
    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr("chidao.evaluation.services.scores._change", fail)

    with pytest.raises(Boom):
        kinds.evaluation_evidence(personas)

    assert not EvidenceFile.objects.exists()
    assert stored(store) == []


def test_an_ingest_source_goes_when_the_draft_rolls_back(personas, store, monkeypatch):
    def fail(*args, **kwargs):
        raise Boom

    monkeypatch.setattr("chidao.ingest.services.record_change", fail)

    with pytest.raises(Boom):
        kinds.ingest_source(personas)

    assert not IngestDraft.objects.exists()
    assert stored(store) == []
