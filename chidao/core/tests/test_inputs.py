"""Every input is answered: values the database cannot hold, NUL characters, over-long text,
oversized and malformed bodies and impossible dates get a 4xx in Vietnamese, never a 500, and
nothing is written."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from chidao.accounts.tokens import token_create
from chidao.committees.models import Committee
from chidao.core.inputs import NOTE
from chidao.core.policy import SystemActor
from chidao.tasks import services
from chidao.tasks.models import Domain, ProgressReport, Task

pytestmark = pytest.mark.django_db

COMMITTEE = "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội"
TOO_BIG = "99999999999999999999"


def bearer(user) -> dict:
    return {"authorization": f"Bearer {token_create(actor=SystemActor('test'), user=user)}"}


@pytest.fixture
def task(personas):
    domain, _ = Domain.objects.get_or_create(
        code="dx-digital-government",
        defaults={"name": "Chính quyền số", "area": Domain.Area.DIGITAL_TRANSFORMATION},
    )
    return services.task_create(
        actor=SystemActor("test"),
        committee=Committee.objects.get(name=COMMITTEE),
        title="Nhiệm vụ thử",
        domain=domain,
        lead_unit=personas.focal_a.unit,
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/tasks?source={TOO_BIG}",
        f"/api/v1/tasks?committee={TOO_BIG}",
        f"/api/v1/tasks?offset={TOO_BIG}",
        f"/api/v1/tasks/{TOO_BIG}",
        f"/api/v1/reports/periods?committee={TOO_BIG}",
        f"/api/v1/committees/{TOO_BIG}",
        f"/api/v1/units?limit={TOO_BIG}",
    ],
)
def test_an_integer_beyond_64_bits_is_a_422(client, personas, url):
    response = client.get(url, headers=bearer(personas.admin))

    assert response.status_code == 422
    assert response.json()["detail"].startswith("Tham số không hợp lệ")


def test_a_date_given_as_a_number_is_refused(client, personas):
    response = client.get("/api/v1/tasks?deadline_to=0", headers=bearer(personas.admin))

    assert response.status_code == 422
    assert "YYYY-MM-DD" in response.json()["detail"]


def test_a_nul_in_a_progress_note_is_a_422_and_writes_nothing(client, personas, task):
    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        {"percent": 10, "note": "Đã họp\x00"},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 422
    assert "NUL" in response.json()["detail"]
    assert not ProgressReport.objects.filter(task=task).exists()


def test_a_nul_in_a_task_title_is_a_422(client, personas):
    count = Task.objects.count()

    response = client.post(
        "/api/v1/tasks",
        {
            "committee": 1,
            "title": "A\x00B",
            "domain": "x",
            "lead_unit": 1,
            "deadline": "2030-06-01",
        },
        content_type="application/json",
        headers=bearer(personas.admin),
    )

    assert response.status_code == 422
    assert Task.objects.count() == count


def test_a_nul_in_a_query_string_is_a_422(client, personas):
    response = client.get("/api/v1/tasks?search=a%00b", headers=bearer(personas.admin))

    assert response.status_code == 422


def test_a_nul_in_a_page_filter_is_a_400(client, personas):
    client.force_login(personas.admin)

    response = client.get("/tasks/?q=a%00b")

    assert response.status_code == 400


def test_a_note_over_its_documented_limit_is_a_422(client, personas, task):
    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        {"percent": 10, "note": "x" * (NOTE + 1)},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 422
    assert f"dài quá {NOTE} ký tự" in response.json()["detail"]
    assert not ProgressReport.objects.filter(task=task).exists()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_a_body_over_the_limit_is_a_json_413(client, personas, task):
    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        {"percent": 10, "note": "x" * 2000},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 413
    assert response["content-type"].startswith("application/json")
    assert "quá lớn" in response.json()["detail"]


def test_a_six_megabyte_json_body_is_a_413(client, personas, task):
    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        '{"note": "' + "x" * (6 * 1024 * 1024) + '"}',
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"]


def test_malformed_json_is_a_422_in_vietnamese(client, personas, task):
    response = client.post(
        f"/api/v1/tasks/{task.pk}/progress",
        '{"note": ',
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Nội dung gửi lên không phải JSON hợp lệ."
    assert body["errors"][0]["loc"] == ["body"]
