"""Evidence files on disk: checked by content, and orphans pruned by `chidao prune-uploads`."""

import io
import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from chidao.tasks import files
from chidao.tasks.models import Attachment
from chidao.tasks.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
TWO_HOURS = 2 * 60 * 60


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    settings.CHIDAO_UPLOAD_DIR.mkdir()
    return settings.CHIDAO_UPLOAD_DIR


def put(directory, name: str, content: bytes, age_seconds: int = 0):
    path = directory / name
    path.write_bytes(content)
    if age_seconds:
        then = time.time() - age_seconds
        os.utime(path, (then, then))
    return path


def prune(*args) -> str:
    out = io.StringIO()
    call_command("prune_uploads", *args, stdout=out)
    return out.getvalue()


def test_the_type_is_read_from_the_content_not_the_name():
    assert files.check_upload(SimpleUploadedFile("anh.txt", PNG))[0] == "image/png"
    with pytest.raises(files.UploadRejected):
        files.check_upload(SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>"))


def test_an_empty_file_is_rejected():
    with pytest.raises(files.UploadRejected, match="rỗng"):
        files.check_upload(SimpleUploadedFile("trong.pdf", b""))


def test_prune_deletes_an_old_orphan_and_keeps_a_referenced_file(upload_dir):
    stored, digest = files.store(PDF, "application/pdf")
    Attachment.objects.create(
        task=TaskFactory(),
        storage_name=stored,
        original_name="ket-qua.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=digest,
    )
    referenced = upload_dir / stored
    os.utime(referenced, (time.time() - TWO_HOURS,) * 2)
    orphan = put(upload_dir, "0123456789abcdef.pdf", PDF, age_seconds=TWO_HOURS)

    output = prune()

    assert not orphan.exists()
    assert referenced.read_bytes() == PDF
    assert "Đã xóa 1 tệp" in output
    assert "giữ lại 1 tệp" in output


def test_prune_keeps_a_recent_orphan_an_upload_may_still_be_committing(upload_dir):
    recent = put(upload_dir, "fedcba9876543210.pdf", PDF)

    output = prune()

    assert recent.exists()
    assert "Đã xóa 0 tệp" in output


def test_a_dry_run_lists_and_deletes_nothing(upload_dir):
    orphan = put(upload_dir, "00aa.png", PNG, age_seconds=TWO_HOURS)

    output = prune("--dry-run")

    assert orphan.exists()
    assert "00aa.png" in output
    assert "Sẽ xóa 1 tệp" in output


def test_prune_without_an_upload_directory_does_nothing(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "missing"

    assert "không tồn tại" in prune()
    assert not (tmp_path / "missing").exists()
