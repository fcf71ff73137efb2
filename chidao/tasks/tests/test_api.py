"""The task API: who may read and change which task, through tokens or the session.

Personas: focal_a is the focal person of Sở Nội vụ (unit A), focal_b of Sở Tư pháp (unit B);
`manager` is a standing-agency officer of Sở Nội vụ, a standing agency of the 2023 committee.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.accounts.tokens import token_create
from chidao.audit.models import ChangeLog
from chidao.committees.models import Committee
from chidao.core.policy import SystemActor
from chidao.tasks import excel, services
from chidao.tasks.models import (
    Attachment,
    Domain,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskEvent,
)

pytestmark = pytest.mark.django_db

COMMITTEE = "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
# token + its last-used mark, count, tasks, coordinations
LIST_MAX_QUERIES = 5
# token + mark, task, coordinations, attachments, events, reports, extension requests
DETAIL_MAX_QUERIES = 8


@pytest.fixture
def committee():
    return Committee.objects.get(name=COMMITTEE)


@pytest.fixture
def domain():
    domain, _ = Domain.objects.get_or_create(
        code="dx-digital-government",
        defaults={"name": "Chính quyền số", "area": Domain.Area.DIGITAL_TRANSFORMATION},
    )
    return domain


@pytest.fixture
def unit_a():
    return unit_named("Sở Nội vụ")


@pytest.fixture
def unit_b():
    return unit_named("Sở Tư pháp")


@pytest.fixture
def manager(personas, unit_a):
    return UserFactory(username="thuongtruc_noivu", role=Role.STANDING, unit=unit_a)


@pytest.fixture
def make_task(committee, domain):
    def make(lead_unit, title="Nhiệm vụ thử", days=30, assigned_days_ago=0, **fields):
        today = timezone.localdate()
        return services.task_create(
            actor=SystemActor("test"),
            committee=committee,
            title=title,
            domain=domain,
            lead_unit=lead_unit,
            deadline=today + dt.timedelta(days=days),
            assigned_on=today - dt.timedelta(days=assigned_days_ago),
            **fields,
        )

    return make


def bearer(user) -> dict:
    return {"authorization": f"Bearer {token_create(actor=SystemActor('test'), user=user)}"}


# ---- authentication


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/tasks"),
        ("get", "/api/v1/tasks/1"),
        ("get", "/api/v1/tasks/export.xlsx"),
        ("post", "/api/v1/tasks/1/progress"),
        ("post", "/api/v1/tasks"),
        ("get", "/api/v1/attachments/1"),
        ("post", "/api/v1/extension-requests/1/decision"),
    ],
)
def test_without_token_or_session_the_task_api_answers_401(client, settings, method, url):
    settings.CHIDAO_PUBLIC_REGISTER = True  # the register being public opens no task

    response = getattr(client, method)(url, content_type="application/json")

    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_token_from_the_command_works_as_bearer(client, personas, make_task, unit_a):
    task = make_task(unit_a)
    out = StringIO()
    call_command("token", "create", personas.focal_a.username, stdout=out)
    token = out.getvalue().strip().splitlines()[-1]

    response = client.get("/api/v1/tasks", headers={"authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert [t["id"] for t in response.json()] == [task.pk]


def test_a_revoked_token_is_refused(client, personas):
    out = StringIO()
    call_command("token", "create", personas.focal_a.username, stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    call_command("token", "revoke", token[:12], stdout=StringIO())

    response = client.get("/api/v1/tasks", headers={"authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert "thu hồi" in response.json()["detail"]


def test_a_wrong_token_is_refused(client, personas):
    response = client.get("/api/v1/tasks", headers={"authorization": "Bearer chd_made-up"})

    assert response.status_code == 401


def test_the_site_session_works_too(client, personas, make_task, unit_a):
    make_task(unit_a)
    client.force_login(personas.focal_a)

    assert len(client.get("/api/v1/tasks").json()) == 1


# ---- reading


def test_focal_person_sees_only_their_units_tasks(client, personas, make_task, unit_a, unit_b):
    led = make_task(unit_a, title="Chủ trì A")
    coordinated = make_task(unit_b, title="B chủ trì, A phối hợp", coordinating_units=[unit_a])
    make_task(unit_b, title="Chỉ của B")

    response = client.get("/api/v1/tasks", headers=bearer(personas.focal_a))

    assert response.status_code == 200
    assert {t["id"] for t in response.json()} == {led.pk, coordinated.pk}
    assert response["X-Total-Count"] == "2"


def test_list_item_shape(client, personas, make_task, unit_a, unit_b, domain, committee):
    task = make_task(unit_a, title="Số hóa hồ sơ", coordinating_units=[unit_b], priority="high")

    [item] = client.get("/api/v1/tasks", headers=bearer(personas.focal_a)).json()

    assert item["id"] == task.pk
    assert item["title"] == "Số hóa hồ sơ"
    assert item["lead_unit"] == {"id": unit_a.pk, "name": "Sở Nội vụ"}
    assert item["coordinating_units"] == [{"id": unit_b.pk, "name": "Sở Tư pháp"}]
    assert item["deadline"] == task.deadline.isoformat()
    assert item["status"] == "not_started"
    assert item["lead_unit_name"] == "Sở Nội vụ"
    assert item["original_deadline"] == task.deadline.isoformat()
    assert item["extended"] is False
    assert item["percent"] == 0
    assert item["domain"] == {"code": domain.code, "name": domain.name}
    assert item["committee"] == {"id": committee.pk, "name": COMMITTEE}
    assert item["source"] is None
    assert item["completed_on"] is None
    assert item["priority"] == "high"


def test_leader_reads_everything_and_filters_by_status_and_unit(
    client, personas, make_task, unit_a, unit_b
):
    soon = make_task(unit_a, days=3)
    later = make_task(unit_b, days=60)
    headers = bearer(personas.leader)

    ids = {t["id"] for t in client.get("/api/v1/tasks", headers=headers).json()}
    assert {soon.pk, later.pk} <= ids

    due_soon = client.get("/api/v1/tasks", {"status": "due_soon"}, headers=headers).json()
    assert soon.pk in {t["id"] for t in due_soon} and later.pk not in {t["id"] for t in due_soon}
    assert {t["status"] for t in due_soon} == {"due_soon"}

    of_b = client.get("/api/v1/tasks", {"unit": unit_b.pk}, headers=headers).json()
    assert [t["id"] for t in of_b] == [later.pk]


def test_other_filters(client, personas, make_task, unit_a, domain):
    first = make_task(unit_a, title="Rà soát thủ tục hành chính", days=10)
    make_task(unit_a, title="Số hóa kết quả", days=40)
    headers = bearer(personas.focal_a)

    def ids(**params):
        return [t["id"] for t in client.get("/api/v1/tasks", params, headers=headers).json()]

    today = timezone.localdate()
    assert ids(search="thủ tục") == [first.pk]
    assert ids(deadline_to=(today + dt.timedelta(days=20)).isoformat()) == [first.pk]
    assert len(ids(deadline_from=today.isoformat())) == 2
    assert len(ids(domain=domain.code)) == 2
    assert ids(domain="khong-co") == []
    assert len(ids(limit=1)) == 1
    assert ids(limit=1, offset=1) != ids(limit=1)


def test_pages_say_whether_more_follow(client, personas, make_task, unit_a):
    tasks = [make_task(unit_a, days=10 + i) for i in range(5)]
    headers = bearer(personas.focal_a)

    first = client.get("/api/v1/tasks", {"limit": 2}, headers=headers)
    last = client.get("/api/v1/tasks", {"limit": 2, "offset": 4}, headers=headers)
    beyond = client.get("/api/v1/tasks", {"limit": 2, "offset": 9}, headers=headers)

    assert [t["id"] for t in first.json()] == [tasks[0].pk, tasks[1].pk]
    assert (first["X-Has-More"], first["X-Total-Count"]) == ("true", "5")
    assert [t["id"] for t in last.json()] == [tasks[4].pk]
    assert (last["X-Has-More"], last["X-Total-Count"]) == ("false", "5")
    assert (beyond.json(), beyond["X-Has-More"], beyond["X-Total-Count"]) == ([], "false", "5")


def test_a_page_without_the_count_is_one_query(
    client, personas, make_task, unit_a, unit_b, django_assert_max_num_queries
):
    for i in range(3):
        make_task(unit_a, title=f"Nhiệm vụ {i}", coordinating_units=[unit_b])
    headers = bearer(personas.focal_a)

    with django_assert_max_num_queries(LIST_MAX_QUERIES - 1):  # no count
        response = client.get("/api/v1/tasks", {"limit": 2, "count": "false"}, headers=headers)

    assert len(response.json()) == 2
    assert response["X-Has-More"] == "true"
    assert "X-Total-Count" not in response


def test_a_focal_persons_unit_filter_keeps_coordinated_tasks(
    client, personas, make_task, unit_a, unit_b
):
    led = make_task(unit_a, days=5)
    coordinated = make_task(unit_b, days=6, coordinating_units=[unit_a])
    make_task(unit_b, days=7)

    response = client.get("/api/v1/tasks", {"unit": unit_a.pk}, headers=bearer(personas.focal_a))

    assert [t["id"] for t in response.json()] == [led.pk, coordinated.pk]
    assert response["X-Total-Count"] == "2"


def test_another_units_filter_shows_only_what_the_caller_may_see(
    client, personas, make_task, unit_a, unit_b
):
    shared = make_task(unit_b, days=6, coordinating_units=[unit_a])
    make_task(unit_b, days=7)

    response = client.get("/api/v1/tasks", {"unit": unit_b.pk}, headers=bearer(personas.focal_a))

    assert [t["id"] for t in response.json()] == [shared.pk]


@pytest.mark.parametrize(
    "params", [{"status": "finished"}, {"unit": "abc"}, {"deadline_from": "31/12/2026"}]
)
def test_bad_filter_values_answer_422(client, personas, params):
    response = client.get("/api/v1/tasks", params, headers=bearer(personas.leader))

    assert response.status_code == 422
    assert response.json()["detail"].startswith("Tham số không hợp lệ")


def test_list_query_count_does_not_grow_with_tasks(
    client, personas, make_task, unit_a, unit_b, django_assert_max_num_queries
):
    for i in range(12):
        make_task(unit_a, title=f"Nhiệm vụ {i}", coordinating_units=[unit_b])
    headers = bearer(personas.leader)

    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = client.get("/api/v1/tasks", headers=headers)
    assert len(response.json()) >= 12


def test_detail_has_history_oldest_first(client, personas, make_task, unit_a):
    task = make_task(unit_a)
    services.progress_report(
        actor=personas.focal_a, task=task, note="Đã họp triển khai", percent=20
    )
    services.progress_report(actor=personas.focal_a, task=task, note="Đã dự thảo", percent=60)

    response = client.get(f"/api/v1/tasks/{task.pk}", headers=bearer(personas.focal_a))

    assert response.status_code == 200
    data = response.json()
    assert [e["kind"] for e in data["history"]] == ["assigned", "progress", "progress"]
    assert [e["data"].get("percent") for e in data["history"][1:]] == [20, 60]
    assert data["history"][0]["actor"] == "test"
    assert {"kind", "effective_on", "at", "actor", "data"} <= set(data["history"][0])
    assert [r["percent"] for r in data["reports"]] == [20, 60]
    assert data["status"] == "in_progress" and data["percent"] == 60
    assert data["extension_requests"] == [] and data["attachments"] == []


def test_detail_query_count_does_not_grow_with_reports(
    client, personas, make_task, unit_a, unit_b, django_assert_max_num_queries
):
    task = make_task(unit_a, coordinating_units=[unit_b])
    for percent in range(10, 60, 10):
        services.progress_report(actor=personas.focal_a, task=task, note="Tiến độ", percent=percent)
    services.progress_report(actor=personas.focal_b, task=task, note="Góp ý")
    headers = bearer(personas.focal_a)

    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(f"/api/v1/tasks/{task.pk}", headers=headers)
    assert len(response.json()["reports"]) == 6


def test_another_units_task_is_404(client, personas, make_task, unit_a):
    task = make_task(unit_a)

    response = client.get(f"/api/v1/tasks/{task.pk}", headers=bearer(personas.focal_b))

    assert response.status_code == 404
    assert response.json()["detail"]


def test_unknown_task_is_404(client, personas):
    assert client.get("/api/v1/tasks/999999", headers=bearer(personas.leader)).status_code == 404


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


def create_body(committee, domain, lead, **extra):
    return {
        "committee": committee.pk,
        "title": "Triển khai dịch vụ công trực tuyến toàn trình",
        "domain": domain.code,
        "lead_unit": lead.pk,
        "coordinating_units": [],
        "deadline": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
        "content": "Theo Kế hoạch",
        "expected_output": "Báo cáo kết quả",
        "priority": "urgent",
        "source_clause": "Mục II.1",
        **extra,
    }


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
