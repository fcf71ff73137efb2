"""GET /api/v1/notifications and POST /api/v1/notifications/{id}/read: one's own only."""

import pytest

from chidao.notifications.models import Notification
from chidao.notifications.sender import send_pending
from chidao.notifications.services import enqueue
from chidao.notifications.tests.helpers import make_user, notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    user = make_user(email=False)
    enqueue(
        [
            notice(user, subject="thu-nghiem:1", title="Thông báo cũ"),
            notice(user, subject="thu-nghiem:2", title="Thông báo mới"),
        ]
    )
    send_pending()
    return user


def test_the_list_has_the_agreed_fields_newest_first(client, reader):
    client.force_login(reader)
    response = client.get("/api/v1/notifications")
    assert response.status_code == 200
    items = response.json()
    assert [item["title"] for item in items] == ["Thông báo mới", "Thông báo cũ"]
    assert set(items[0]) == {"id", "kind", "title", "url", "created", "read"}
    assert items[0]["kind"] == "test.notice" and items[0]["url"] == "/tasks/1/"
    assert items[0]["read"] is False


def test_marking_one_read_removes_it_from_the_unread_list(client, reader):
    client.force_login(reader)
    first = client.get("/api/v1/notifications").json()[0]
    response = client.post(f"/api/v1/notifications/{first['id']}/read")
    assert response.status_code == 200
    assert response.json()["read"] is True
    assert Notification.objects.get(pk=first["id"]).read_at is not None
    unread = client.get("/api/v1/notifications", {"unread": "true"}).json()
    assert [item["title"] for item in unread] == ["Thông báo cũ"]
    read = client.get("/api/v1/notifications", {"unread": "false"}).json()
    assert [item["id"] for item in read] == [first["id"]]


def test_another_users_notification_is_404_and_stays_unread(client, reader):
    other = make_user(email=False)
    theirs = Notification.objects.filter(user=reader).first()
    client.force_login(other)
    assert client.get("/api/v1/notifications").json() == []
    response = client.post(f"/api/v1/notifications/{theirs.pk}/read")
    assert response.status_code == 404
    assert "detail" in response.json()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_without_a_token_or_session_the_api_answers_401(client, settings):
    settings.CHIDAO_PUBLIC_REGISTER = True
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.post("/api/v1/notifications/1/read").status_code == 401


def test_a_bad_filter_answers_422(client, reader):
    client.force_login(reader)
    response = client.get("/api/v1/notifications", {"unread": "peut-etre"})
    assert response.status_code == 422
    assert client.get("/api/v1/notifications", {"limit": "0"}).status_code == 422
