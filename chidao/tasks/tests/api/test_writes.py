"""The task API's writes: progress, files, managing (create, extend, cancel, reassign) and
export, as each persona (see api_world.py)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chidao.audit.models import ChangeLog
from chidao.tasks import excel, services
from chidao.tasks.models import (
    Attachment,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskEvent,
)
from chidao.tasks.tests.api.world import (
    PDF,
    bearer,
    create_body,
)

pytestmark = pytest.mark.django_db


# ---- progress


def test_lead_unit_reports_progress(client, personas, make_task, unit_a):
    task = make_task(unit_a)

    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        {"percent": 40, "note": "Đã hoàn thành dự thảo", "completed": False},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 201, response.content
    assert response.json()["percent"] == 40
    task.refresh_from_db()
    assert task.percent == 40
    assert ProgressReport.objects.get(task=task).author == personas.focal_a


def test_progress_on_another_units_task_is_403_and_writes_nothing(
    client, personas, make_task, unit_a
):
    task = make_task(unit_a)

    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        {"percent": 50, "note": "Không phải việc của tôi", "completed": True},
        content_type="application/json",
        headers=bearer(personas.focal_b),
    )

    assert response.status_code == 403
    assert "không chủ trì hay phối hợp" in response.json()["detail"]
    task.refresh_from_db()
    assert task.percent == 0 and task.completed_on is None
    assert not ProgressReport.objects.filter(task=task).exists()


def test_a_reader_who_may_see_but_not_report_gets_403(client, personas, make_task, unit_a):
    task = make_task(unit_a)

    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        {"percent": 50, "note": "x"},
        content_type="application/json",
        headers=bearer(personas.leader),
    )

    assert response.status_code == 403


def test_progress_on_an_unknown_task_is_404(client, personas):
    response = client.post(
        "/api/v1/tasks/999999/progress",
        {"percent": 50, "note": "x"},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"percent": 150, "note": "Quá trăm phần trăm", "completed": False}, "percent"),
        ({"percent": -1, "note": "Âm", "completed": False}, "percent"),
        ({"percent": 50, "note": "   ", "completed": False}, "note"),
        ({"percent": 50, "completed": False}, "note"),
    ],
)
def test_bad_values_are_422_with_a_message_and_nothing_is_written(
    client, personas, make_task, unit_a, body, field
):
    task = make_task(unit_a)
    before = ChangeLog.objects.count()

    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        body,
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 422
    data = response.json()
    assert data["detail"]
    assert field in str(data["errors"])
    task.refresh_from_db()
    assert task.percent == 0 and task.last_progress_on is None
    assert not ProgressReport.objects.filter(task=task).exists()
    assert TaskEvent.objects.filter(task=task).count() == 1  # the assignment only
    assert ChangeLog.objects.count() == before + 1  # the token's creation only


def test_completion_after_the_deadline_is_done_late_in_list_and_detail(
    client, personas, make_task, unit_a
):
    task = make_task(unit_a, days=-5, assigned_days_ago=20)
    headers = bearer(personas.focal_a)
    assert client.get(f"/api/v1/tasks/{task.pk}", headers=headers).json()["status"] == "overdue"

    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        {
            "percent": 100,
            "note": "Đã ban hành văn bản",
            "completed": True,
            "output_number": "12/SNV-CCHC",
            "output_date": timezone.localdate().isoformat(),
        },
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 201
    [item] = client.get("/api/v1/tasks", headers=headers).json()
    assert item["status"] == "done_late"
    assert item["completed_on"] == timezone.localdate().isoformat()
    detail = client.get(f"/api/v1/tasks/{task.pk}", headers=headers).json()
    assert detail["status"] == "done_late"
    assert detail["output_number"] == "12/SNV-CCHC"
    assert detail["history"][-1]["kind"] == "completed"
    done_late = client.get("/api/v1/tasks", {"status": "done_late"}, headers=headers).json()
    assert [t["id"] for t in done_late] == [task.pk]


def test_coordinating_unit_adds_a_contribution(client, personas, make_task, unit_a, unit_b):
    task = make_task(unit_b, coordinating_units=[unit_a])

    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        {"note": "Đã góp ý dự thảo", "completed": False},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 201
    assert response.json()["is_contribution"] is True


# ---- files


@pytest.fixture
def evidence(settings, tmp_path, personas, make_task, unit_a):
    settings.CHIDAO_UPLOAD_DIR = tmp_path
    task = make_task(unit_a)
    services.progress_report(
        actor=personas.focal_a,
        task=task,
        note="Kèm biên bản",
        percent=30,
        uploads=[SimpleUploadedFile("biên bản.pdf", PDF, content_type="application/pdf")],
    )
    return Attachment.objects.get(task=task)


def test_attachment_is_listed_on_the_task(client, personas, evidence):
    data = client.get(f"/api/v1/tasks/{evidence.task_id}", headers=bearer(personas.focal_a)).json()

    [item] = data["attachments"]
    assert item == {
        "id": evidence.pk,
        "name": "biên bản.pdf",
        "size": len(PDF),
        "content_type": "application/pdf",
        "url": f"/api/v1/attachments/{evidence.pk}",
    }
    assert data["reports"][0]["attachments"][0]["id"] == evidence.pk


def test_lead_unit_downloads_the_attachment(client, personas, evidence):
    response = client.get(f"/api/v1/attachments/{evidence.pk}", headers=bearer(personas.focal_a))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_another_unit_cannot_download_the_attachment(client, personas, evidence):
    response = client.get(f"/api/v1/attachments/{evidence.pk}", headers=bearer(personas.focal_b))

    assert response.status_code == 404


def test_unknown_attachment_is_404(client, personas):
    response = client.get("/api/v1/attachments/999999", headers=bearer(personas.leader))

    assert response.status_code == 404


# ---- managing


def test_standing_staff_create_a_task(client, manager, committee, domain, unit_a, unit_b):
    body = create_body(committee, domain, unit_b, coordinating_units=[unit_a.pk])

    response = client.post(
        "/api/v1/tasks", body, content_type="application/json", headers=bearer(manager)
    )

    assert response.status_code == 201, response.content
    data = response.json()
    task = Task.objects.get(pk=data["id"])
    assert task.assigned_by == manager
    assert task.priority == "urgent" and task.source_clause == "Mục II.1"
    assert data["lead_unit"]["id"] == unit_b.pk
    assert data["coordinating_units"] == [{"id": unit_a.pk, "name": "Sở Nội vụ"}]
    assert data["history"][0]["kind"] == "assigned"
    assert ChangeLog.objects.filter(target_type="tasks.task", target_id=str(task.pk)).exists()


def test_a_focal_person_cannot_create_tasks(client, personas, committee, domain, unit_a):
    response = client.post(
        "/api/v1/tasks",
        create_body(committee, domain, unit_a),
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 403
    assert not Task.objects.exists()


def test_standing_staff_of_another_committee_cannot_create(
    client, personas, committee, domain, unit_a
):
    # personas.standing serves the e-Government committee (Office of the People's Committee).
    response = client.post(
        "/api/v1/tasks",
        create_body(committee, domain, unit_a),
        content_type="application/json",
        headers=bearer(personas.standing),
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"domain": "khong-co"}, "domain"),
        ({"lead_unit": 99999999}, "lead_unit"),
        ({"coordinating_units": [99999999]}, "coordinating_units"),
        ({"title": "  "}, "title"),
        ({"deadline": "2000-01-01"}, "deadline"),
        ({"source": 99999999}, "source"),
        ({"priority": "very"}, "priority"),
    ],
)
def test_create_refuses_bad_values_with_422(
    client, manager, committee, domain, unit_a, change, field
):
    body = {**create_body(committee, domain, unit_a), **change}

    response = client.post(
        "/api/v1/tasks", body, content_type="application/json", headers=bearer(manager)
    )

    assert response.status_code == 422, response.content
    assert field in str(response.json()["errors"])
    assert not Task.objects.exists()


def test_extension_request_and_approval(client, personas, manager, make_task, unit_a):
    task = make_task(unit_a, days=10)
    new_deadline = task.deadline + dt.timedelta(days=30)

    response = client.post(
        f"/api/v1/tasks/{task.pk}/extension-requests",
        {"reason": "Chờ ý kiến Bộ", "requested_deadline": new_deadline.isoformat()},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    assert response.json()["state"] == "pending"

    refused = client.post(
        f"/api/v1/extension-requests/{request_id}/decision",
        {"approve": True},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )
    assert refused.status_code == 403

    response = client.post(
        f"/api/v1/extension-requests/{request_id}/decision",
        {"approve": True, "note": "Đồng ý"},
        content_type="application/json",
        headers=bearer(manager),
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "approved"
    assert response.json()["decided_by"] == manager.username
    detail = client.get(f"/api/v1/tasks/{task.pk}", headers=bearer(personas.focal_a)).json()
    assert detail["deadline"] == new_deadline.isoformat()
    assert detail["extended"] is True
    assert detail["original_deadline"] == task.deadline.isoformat()
    assert [e["kind"] for e in detail["history"]][-2:] == [
        "extension_requested",
        "extension_approved",
    ]


def test_extension_request_by_another_unit_is_404(client, personas, make_task, unit_a):
    task = make_task(unit_a)

    response = client.post(
        f"/api/v1/tasks/{task.pk}/extension-requests",
        {"reason": "x", "requested_deadline": "2099-01-01"},
        content_type="application/json",
        headers=bearer(personas.focal_b),
    )

    assert response.status_code == 404
    assert not ExtensionRequest.objects.exists()


def test_refusing_an_extension_needs_a_note(client, personas, manager, make_task, unit_a):
    task = make_task(unit_a, days=10)
    extension = services.extension_request(
        actor=personas.focal_a,
        task=task,
        reason="Thiếu kinh phí",
        requested_deadline=task.deadline + dt.timedelta(days=10),
    )

    response = client.post(
        f"/api/v1/extension-requests/{extension.pk}/decision",
        {"approve": False},
        content_type="application/json",
        headers=bearer(manager),
    )

    assert response.status_code == 422
    extension.refresh_from_db()
    assert extension.state == "pending"


def test_cancel_needs_a_reason_and_a_manager(client, personas, manager, make_task, unit_a):
    task = make_task(unit_a)
    url = f"/api/v1/tasks/{task.pk}/cancel"

    assert (
        client.post(
            url, {"reason": "x"}, content_type="application/json", headers=bearer(personas.focal_a)
        ).status_code
        == 403
    )
    assert (
        client.post(
            url, {"reason": " "}, content_type="application/json", headers=bearer(manager)
        ).status_code
        == 422
    )
    response = client.post(
        url,
        {"reason": "Trùng nhiệm vụ khác"},
        content_type="application/json",
        headers=bearer(manager),
    )
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    again = client.post(
        url, {"reason": "lần nữa"}, content_type="application/json", headers=bearer(manager)
    )
    assert again.status_code == 409


def test_reassign_moves_the_task(client, personas, manager, make_task, unit_a, unit_b):
    task = make_task(unit_a)

    response = client.post(
        f"/api/v1/tasks/{task.pk}/reassign",
        {"lead_unit": unit_b.pk, "reason": "Theo chức năng"},
        content_type="application/json",
        headers=bearer(manager),
    )

    assert response.status_code == 200, response.content
    assert response.json()["lead_unit"] == {"id": unit_b.pk, "name": "Sở Tư pháp"}
    assert response.json()["lead_unit_name"] == "Sở Nội vụ"
    # Unit A no longer sees it; unit B now does.
    assert (
        client.get(f"/api/v1/tasks/{task.pk}", headers=bearer(personas.focal_a)).status_code == 404
    )
    assert (
        client.get(f"/api/v1/tasks/{task.pk}", headers=bearer(personas.focal_b)).status_code == 200
    )


def test_cancel_by_a_manager_of_another_committee_is_404(client, personas, make_task, unit_a):
    task = make_task(unit_a)

    response = client.post(
        f"/api/v1/tasks/{task.pk}/cancel",
        {"reason": "x"},
        content_type="application/json",
        headers=bearer(personas.standing),
    )

    assert response.status_code == 404
    task.refresh_from_db()
    assert task.cancelled_on is None


# ---- export


def test_export_holds_only_what_the_caller_sees(
    client, personas, make_task, unit_a, unit_b, committee
):
    make_task(unit_a, title="Của A")
    make_task(unit_b, title="Của B")

    response = client.get("/api/v1/tasks/export.xlsx", headers=bearer(personas.focal_a))

    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    preview = excel.parse_task_sheet(response.content, committee=committee)
    assert [row.title for row in preview.rows] == ["Của A"]


def test_export_applies_filters(client, personas, make_task, unit_a, committee):
    make_task(unit_a, title="Sắp đến hạn", days=2)
    make_task(unit_a, title="Còn lâu", days=90)

    response = client.get(
        "/api/v1/tasks/export.xlsx", {"status": "due_soon"}, headers=bearer(personas.leader)
    )

    preview = excel.parse_task_sheet(response.content, committee=committee)
    assert [row.title for row in preview.rows] == ["Sắp đến hạn"]
