"""Evidence files through the pages: uploaded with a report (checked by content, several at
once), downloaded only by those who may see the task; everyone else gets a 404."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.committees.models import Committee
from chidao.core.policy import SystemActor
from chidao.tasks import services
from chidao.tasks.models import Attachment, Domain, ProgressReport

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    return settings.CHIDAO_UPLOAD_DIR


@pytest.fixture
def task(db):
    domain = Domain.objects.get_or_create(
        code="ar-procedures",
        defaults={"name": "Cải cách thủ tục hành chính", "area": Domain.Area.ADMINISTRATIVE_REFORM},
    )[0]
    return services.task_create(
        actor=SystemActor("test"),
        committee=Committee.objects.get(external_id="seed-committee:par-dx"),
        title="Công khai kết quả giải quyết hồ sơ",
        domain=domain,
        lead_unit=unit_named("Sở Nội vụ"),
        coordinating_units=[unit_named("Sở Tài chính")],
        deadline=dt.date(2026, 12, 31),
        assigned_on=dt.date(2025, 9, 1),
    )


@pytest.fixture
def lead_focal(db):
    return UserFactory(username="daumoi_nv", role=Role.FOCAL, unit=unit_named("Sở Nội vụ"))


@pytest.fixture
def attachment(client, task, lead_focal):
    """A PDF uploaded with a progress report through the task page."""
    client.force_login(lead_focal)
    response = client.post(
        reverse("task-progress", args=[task.pk]),
        {
            "note": "Đã công khai trên cổng",
            "percent": 40,
            "files": [SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")],
        },
    )
    assert response.status_code == 302
    client.logout()
    return Attachment.objects.get(task=task)


def download(attachment):
    return reverse("attachment-download", args=[attachment.pk])


def test_lead_unit_downloads_its_evidence_as_an_attachment(client, attachment, lead_focal):
    client.force_login(lead_focal)
    response = client.get(download(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "bao-cao.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_task_page_links_the_download(client, attachment, lead_focal):
    client.force_login(lead_focal)
    page = client.get(reverse("task-detail", args=[attachment.task_id])).content.decode()
    assert f'href="{download(attachment)}"' in page
    assert "bao-cao.pdf" in page


def test_coordinating_unit_and_readers_may_download(client, attachment):
    coordinating = UserFactory(role=Role.FOCAL, unit=unit_named("Sở Tài chính"))
    leader = UserFactory(role=Role.LEADER, unit=unit_named("Văn phòng Ủy ban nhân dân thành phố"))
    for user in (coordinating, leader):
        client.force_login(user)
        assert client.get(download(attachment)).status_code == 200


def test_another_units_focal_person_gets_404(client, attachment):
    other = UserFactory(role=Role.FOCAL, unit=unit_named("Sở Tư pháp"))
    client.force_login(other)
    response = client.get(download(attachment))
    assert response.status_code == 404
    assert PDF not in response.content


def test_unknown_attachment_is_the_same_404(client, attachment, lead_focal):
    client.force_login(lead_focal)
    unknown = reverse("attachment-download", args=[attachment.pk + 1000])
    assert client.get(unknown).status_code == 404


def test_anonymous_is_sent_to_login(client, attachment):
    response = client.get(download(attachment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_several_files_in_one_report(client, task, lead_focal):
    client.force_login(lead_focal)
    response = client.post(
        reverse("task-progress", args=[task.pk]),
        {
            "note": "Kèm ảnh chụp và báo cáo",
            "files": [
                SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("b.png", PNG, content_type="image/png"),
            ],
        },
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=task)
    assert sorted(a.original_name for a in report.attachments.all()) == ["a.pdf", "b.png"]


def test_a_file_of_a_forbidden_type_is_refused_and_nothing_saved(client, task, lead_focal):
    client.force_login(lead_focal)
    response = client.post(
        reverse("task-progress", args=[task.pk]),
        {
            "note": "Kèm trang web",
            "percent": 20,
            "files": [SimpleUploadedFile("x.pdf", b"<html><script>1</script>", "application/pdf")],
        },
    )
    assert response.status_code == 422
    assert "không thuộc loại được phép" in response.content.decode()
    assert not ProgressReport.objects.filter(task=task).exists()
    assert not Attachment.objects.filter(task=task).exists()
