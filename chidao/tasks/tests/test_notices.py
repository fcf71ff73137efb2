"""What a task's life notifies, end to end: an action through the API, the delivery job the
worker runs, then the recipient's GET /api/v1/notifications and a real SMTP server on
loopback (aiosmtpd)."""

import datetime as dt

import pytest
from django.utils import timezone

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.committees.models import Committee
from chidao.notifications.models import OutboxMessage
from chidao.notifications.tasks import deliver
from chidao.tasks import services
from chidao.tasks.models import Domain, Task
from chidao.tasks.tests.api.world import COMMITTEE, bearer, create_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    return Committee.objects.get(name=COMMITTEE)


@pytest.fixture
def domain():
    return Domain.objects.get_or_create(
        code="dx-digital-government",
        defaults={"name": "Chính quyền số", "area": Domain.Area.DIGITAL_TRANSFORMATION},
    )[0]


@pytest.fixture
def unit_a():
    return unit_named("Sở Nội vụ")


@pytest.fixture
def unit_b():
    return unit_named("Sở Tư pháp")


@pytest.fixture
def manager(personas, unit_a):
    """Standing-agency staff of the committee (Home Affairs)."""
    return UserFactory(username="thuongtruc_noivu", role=Role.STANDING, unit=unit_a)


@pytest.fixture
def make_task(committee, domain, manager):
    def make(lead_unit, days=30, **fields):
        return services.task_create(
            actor=manager,
            committee=committee,
            title="Số hóa hồ sơ thủ tục hành chính",
            domain=domain,
            lead_unit=lead_unit,
            deadline=timezone.localdate() + dt.timedelta(days=days),
            **fields,
        )

    return make


@pytest.fixture
def people(personas, manager):
    """Everyone with an address: the two focal persons, the committee's standing-agency
    officer (Home Affairs), and the Office's officer, who serves another committee."""
    for user in (personas.focal_a, personas.focal_b, personas.standing, manager):
        user.email = f"{user.username}@example.vn"
        user.save(update_fields=["email"])
    return personas


def notifications_of(client, user, **params) -> list[dict]:
    response = client.get("/api/v1/notifications", params, headers=bearer(user))
    assert response.status_code == 200, response.content
    return response.json()


def act(django_capture_on_commit_callbacks, action):
    """Do the action, let its transaction commit, then run the delivery job as the worker
    would."""
    with django_capture_on_commit_callbacks(execute=True):
        result = action()
    deliver.call()
    return result


def test_a_task_created_through_the_api_reaches_the_units_focal_persons(
    client,
    people,
    manager,
    committee,
    domain,
    unit_a,
    unit_b,
    smtp,
    django_capture_on_commit_callbacks,
):
    body = create_body(committee, domain, unit_b, coordinating_units=[unit_a.pk])

    response = act(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            "/api/v1/tasks", body, content_type="application/json", headers=bearer(manager)
        ),
    )

    assert response.status_code == 201, response.content
    task = Task.objects.get(pk=response.json()["id"])
    for focal in (people.focal_b, people.focal_a):  # lead, then coordinating
        [notification] = notifications_of(client, focal, unread="true")
        assert notification["kind"] == "task.assigned"
        assert task.title in notification["title"]
        assert notification["url"] == f"/tasks/{task.pk}/"
        assert notification["read"] is False
        [mail] = smtp.to(focal.email)
        assert task.title in mail["subject"]
        assert f"/tasks/{task.pk}/" in mail["body"]
    assert notifications_of(client, manager) == []  # the actor is not told of their own act
    assert smtp.to(manager.email) == []


def test_an_extension_request_reaches_the_standing_agency_and_the_decision_the_requester(
    client, people, manager, make_task, unit_a, smtp, django_capture_on_commit_callbacks
):
    task = make_task(unit_a, days=10)
    new_deadline = task.deadline + dt.timedelta(days=30)

    response = act(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            f"/api/v1/tasks/{task.pk}/extension-requests",
            {"reason": "Chờ ý kiến Bộ", "requested_deadline": new_deadline.isoformat()},
            content_type="application/json",
            headers=bearer(people.focal_a),
        ),
    )
    assert response.status_code == 201, response.content

    [notification] = notifications_of(client, manager)
    assert notification["kind"] == "task.extension_requested"
    assert notification["url"] == f"/tasks/{task.pk}/"
    [mail] = smtp.to(manager.email)
    assert "đề nghị gia hạn" in mail["subject"] and task.title in mail["subject"]
    assert "Chờ ý kiến Bộ" in mail["body"]
    # the Office's officer serves another committee: not told
    assert notifications_of(client, people.standing) == []

    response = act(
        django_capture_on_commit_callbacks,
        lambda: client.post(
            f"/api/v1/extension-requests/{response.json()['id']}/decision",
            {"approve": True, "note": "Đồng ý"},
            content_type="application/json",
            headers=bearer(manager),
        ),
    )
    assert response.status_code == 200, response.content

    decided = [
        n for n in notifications_of(client, people.focal_a) if n["kind"] == "task.extension_decided"
    ]
    assert len(decided) == 1 and "Đồng ý gia hạn" in decided[0]["title"]
    mails = [m for m in smtp.to(people.focal_a.email) if "gia hạn" in m["subject"]]
    assert len(mails) == 1 and new_deadline.strftime("%d/%m/%Y") in mails[0]["subject"]


def test_a_refusal_reaches_the_requester_with_the_reason(
    people, manager, make_task, unit_a, django_capture_on_commit_callbacks
):
    task = make_task(unit_a, days=10)
    request = services.extension_request(
        actor=people.focal_a,
        task=task,
        reason="Thiếu kinh phí",
        requested_deadline=task.deadline + dt.timedelta(days=10),
    )
    services.extension_decide(actor=manager, request=request, approve=False, note="Không có căn cứ")
    row = OutboxMessage.objects.get(
        kind="task.extension_decided", recipient=people.focal_a, channel="email"
    )
    assert row.title.startswith("Không đồng ý gia hạn")
    assert "Không có căn cứ" in row.body


def test_progress_and_completion_reach_the_standing_agency_as_configured(
    people, manager, make_task, unit_a, settings
):
    task = make_task(unit_a)
    services.progress_report(actor=people.focal_a, task=task, note="Đã xong 50%", percent=50)
    assert OutboxMessage.objects.filter(kind="task.progress", recipient=manager).exists()

    settings.CHIDAO_NOTIFY_STANDING_OF_PROGRESS = False
    services.progress_report(actor=people.focal_a, task=task, note="Đã xong 60%", percent=60)
    assert OutboxMessage.objects.filter(kind="task.progress", recipient=manager).count() == 2

    services.progress_report(actor=people.focal_a, task=task, note="Hoàn thành", completed=True)
    assert OutboxMessage.objects.filter(
        kind="task.completed", recipient=manager, channel="in_app"
    ).exists()


def test_cancelling_tells_the_lead_and_coordinating_units(
    people, manager, make_task, unit_a, unit_b
):
    task = make_task(unit_a, coordinating_units=[unit_b])
    services.task_cancel(actor=manager, task=task, reason="Không còn phù hợp")
    told = set(
        OutboxMessage.objects.filter(kind="task.cancelled", channel="in_app").values_list(
            "recipient", flat=True
        )
    )
    assert told == {people.focal_a.pk, people.focal_b.pk}


def test_reassigning_tells_the_former_and_the_new_lead_unit(
    people, manager, make_task, unit_a, unit_b
):
    task = make_task(unit_a)
    bystander = UserFactory(username="daumoi_khac", role=Role.FOCAL, unit=None)
    services.task_reassign(actor=manager, task=task, new_lead_unit=unit_b, reason="Theo chức năng")
    told = set(
        OutboxMessage.objects.filter(kind="task.reassigned", channel="in_app").values_list(
            "recipient", flat=True
        )
    )
    assert told == {people.focal_a.pk, people.focal_b.pk}
    assert bystander.pk not in told
