"""The task API: who may read and change which task, through tokens or the session.

Personas: focal_a is the focal person of Sở Nội vụ (unit A), focal_b of Sở Tư pháp (unit B);
`manager` is a standing-agency officer of Sở Nội vụ, a standing agency of the 2023 committee.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from chidao.tasks import services
from chidao.tasks.tests.api.world import (
    COMMITTEE,
    DETAIL_MAX_QUERIES,
    LIST_MAX_QUERIES,
    bearer,
)

pytestmark = pytest.mark.django_db


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


def test_a_units_page_is_two_queries_token_and_page(
    client, personas, make_task, unit_a, unit_b, django_assert_num_queries
):
    """The list's budget once the token's use is marked (at most once a minute): the token
    with its user, then the page with its coordinations, whatever the page's size."""
    for i in range(4):
        make_task(unit_b, title=f"Phối hợp {i}", coordinating_units=[unit_a])
        make_task(unit_a, title=f"Chủ trì {i}", coordinating_units=[unit_b])
    headers = bearer(personas.focal_a)
    params = {"unit": unit_a.pk, "limit": 25, "count": "false"}
    client.get("/api/v1/tasks", params, headers=headers)  # marks the token used

    with django_assert_num_queries(2):
        response = client.get("/api/v1/tasks", params, headers=headers)

    assert len(response.json()) == 8
    assert all(t["coordinating_units"] for t in response.json())


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


def test_the_list_writes_what_the_schema_would(client, personas, make_task, unit_a, unit_b):
    """The list is written from its rows without a second validation (core.api_render): its
    bytes are those of the same tasks validated through TaskOut and rendered by the API."""
    import json

    from ninja.responses import NinjaJSONEncoder

    from chidao.accounts.tests.factories import unit_named
    from chidao.core.policy import SystemActor
    from chidao.tasks.models import Task
    from chidao.tasks.schemas import TaskOut, task_payload
    from chidao.tasks.selectors import tasks_for
    from chidao.tasks.tests.factories import TaskSourceFactory

    source = TaskSourceFactory()
    make_task(unit_a, title="Có văn bản", source=source, source_clause="Mục I", priority="high")
    done = make_task(unit_b, title="Đã xong", days=3, coordinating_units=[unit_a])
    services.progress_report(
        actor=personas.focal_b, task=done, note="Xong", completed=True, output_number="1/BC"
    )
    make_task(unit_a, title="Quá hạn", days=-4, assigned_days_ago=10, coordinating_units=[unit_b])
    make_task(unit_b, title="Gia hạn", days=2)
    # Several coordinating units: by their name when assigned, not by id.
    make_task(
        unit_named("Sở Y tế"),
        title="Ba đơn vị phối hợp",
        coordinating_units=[unit_b, unit_named("Sở Công Thương"), unit_a],
    )
    Task.objects.filter(title="Gia hạn").update(deadline=timezone.localdate() + dt.timedelta(9))

    response = client.get("/api/v1/tasks", headers=bearer(personas.leader))

    tasks = list(tasks_for(SystemActor("test")))
    expected = [
        TaskOut.model_validate(task_payload(t, timezone.localdate())).model_dump() for t in tasks
    ]
    assert response.content.decode() == json.dumps(
        expected, cls=NinjaJSONEncoder, ensure_ascii=False
    )
    assert {t["source"]["number"] for t in response.json() if t["source"]} == {
        source.document.number
    }
