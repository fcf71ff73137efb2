"""`chidao prune-uploads` deletes old files that no row names — of every kind — and nothing
else: not a file some row names, however old; not a recent file, which may still be
committing."""

import io
import os
import time

import pytest
from django.core.management import call_command

from chidao.evaluation.models import EvidenceFile
from chidao.ingest.models import IngestDraft
from chidao.reports.models import ConsolidatedDocument, SubmissionAttachment
from chidao.storage.references import reference_fields
from chidao.storage.tests import kinds
from chidao.tasks.models import Attachment
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db

TWO_HOURS = 2 * 60 * 60


@pytest.fixture(autouse=True)
def store(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    settings.CHIDAO_HOLIDAYS = []
    return settings.CHIDAO_UPLOAD_DIR


def put(store, name: str, age_seconds: int = 0):
    path = store / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(kinds.PDF)
    if age_seconds:
        age(path, age_seconds)
    return path


def age(path, seconds: int = TWO_HOURS):
    then = time.time() - seconds
    os.utime(path, (then, then))


def prune(*args) -> str:
    out = io.StringIO()
    call_command("prune_uploads", *args, stdout=out)
    return out.getvalue()


def test_prune_deletes_only_orphans_of_every_kind(personas, store):
    rows = {
        "task evidence": kinds.task_evidence(personas),
        "report attachment": (attachment := kinds.report_attachment()),
        "evaluation evidence": kinds.evaluation_evidence(personas),
        "ingest source": kinds.ingest_source(personas),
        "consolidated document": kinds.consolidated_document(attachment.submission.period),
    }
    kept = {kind: store / row.storage_name for kind, row in rows.items()}
    orphans = [
        put(store, name)
        for name in (
            "0123456789abcdef0123456789abcdef.pdf",  # where task evidence used to go
            "tasks/00000000000000000000000000000001.pdf",
            "reports/00000000000000000000000000000002.pdf",
            "evaluation/00000000000000000000000000000003.pdf",
            "ingest/00000000000000000000000000000004.txt",
            "reports/consolidated/00000000000000000000000000000005.pdf",
            "imports/00000000000000000000000000000006.xlsx",
        )
    ]
    for path in [*kept.values(), *orphans]:
        age(path)

    output = prune()

    assert {kind: path.is_file() for kind, path in kept.items()} == dict.fromkeys(kept, True)
    assert [path for path in orphans if path.exists()] == []
    assert f"Đã xóa {len(orphans)} tệp" in output
    assert f"giữ lại {len(kept)} tệp" in output


def test_prune_keeps_a_recent_orphan_an_upload_may_still_be_committing(store):
    recent = put(store, "evaluation/fedcba9876543210fedcba9876543210.pdf")

    output = prune()

    assert recent.exists()
    assert "Đã xóa 0 tệp" in output


def test_the_threshold_is_an_option(store):
    orphan = put(store, "tasks/aa.pdf", age_seconds=10 * 60)

    prune("--min-age-minutes", "15")
    assert orphan.exists()
    prune("--min-age-minutes", "5")
    assert not orphan.exists()


def test_a_dry_run_lists_and_deletes_nothing(store):
    orphan = put(store, "reports/00aa.pdf", age_seconds=TWO_HOURS)

    output = prune("--dry-run")

    assert orphan.exists()
    assert "reports/00aa.pdf" in output
    assert "Sẽ xóa 1 tệp" in output


def test_prune_without_an_upload_directory_does_nothing(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "missing"

    assert "không có gì để xóa" in prune()
    assert not (tmp_path / "missing").exists()


def test_every_kind_of_stored_file_is_a_reference_prune_honours():
    references = {(model, field) for model, field in reference_fields()}

    assert references >= {
        (Attachment, "storage_name"),
        (SubmissionAttachment, "storage_name"),
        (EvidenceFile, "storage_name"),
        (IngestDraft, "storage_name"),
        (ConsolidatedDocument, "storage_name"),
    }
