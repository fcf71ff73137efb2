"""The notifications page: one's own only, links to the object, read one by one or all, the
unread count in the menu, the e-mail preference; the page and the API within a fixed number
of queries however many notifications there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chidao.notifications.models import Notification, Preference
from chidao.notifications.sender import send_pending
from chidao.notifications.services import enqueue
from chidao.notifications.tests.helpers import make_user, notice

pytestmark = pytest.mark.django_db


def give(user, count: int, start: int = 1) -> None:
    enqueue(
        notice(user, subject=f"thu-nghiem:{n}", title=f"Thông báo thử số {n}")
        for n in range(start, start + count)
    )
    send_pending()


def test_the_page_needs_login(client):
    response = client.get(reverse("notifications"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_page_shows_only_mine_with_the_unread_count_in_the_menu(client):
    me, other = make_user(), make_user()
    give(me, 2)
    enqueue([notice(other, subject="thu-nghiem:99", title="Thông báo của người khác")])
    send_pending()
    client.force_login(me)
    page = client.get(reverse("notifications")).content.decode()
    assert "Thông báo thử số 1" in page and "Thông báo thử số 2" in page
    assert "Thông báo của người khác" not in page
    assert "2 thông báo chưa đọc" in page
    assert '<span class="badge"' in page and ">2</span>" in page


def test_opening_one_marks_it_read_and_goes_to_its_object(client):
    me = make_user()
    give(me, 2)
    first = Notification.objects.filter(user=me).order_by("id").first()
    client.force_login(me)
    response = client.post(reverse("notification-open", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/tasks/1/"
    first.refresh_from_db()
    assert first.read_at is not None
    assert Notification.objects.filter(user=me, read_at__isnull=True).count() == 1


def test_marking_one_read_then_all(client):
    me, other = make_user(), make_user()
    give(me, 3)
    give(other, 1, start=10)
    client.force_login(me)
    one = Notification.objects.filter(user=me).first()
    assert client.post(reverse("notification-read", args=[one.pk])).status_code == 302
    assert Notification.objects.filter(user=me, read_at__isnull=True).count() == 2
    unread_page = client.get(reverse("notifications"), {"unread": "1"}).content.decode()
    assert one.title not in unread_page

    assert client.post(reverse("notifications-read-all")).status_code == 302
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).exists()
    assert "0 thông báo chưa đọc" in client.get(reverse("notifications")).content.decode()


def test_another_users_notification_is_404(client):
    me, other = make_user(), make_user()
    give(other, 1)
    theirs = Notification.objects.get(user=other)
    client.force_login(me)
    assert client.post(reverse("notification-open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notification-read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_is_a_post(client):
    me = make_user()
    give(me, 1)
    client.force_login(me)
    mine = Notification.objects.get(user=me)
    assert client.get(reverse("notification-read", args=[mine.pk])).status_code == 405
    assert client.get(reverse("notifications-read-all")).status_code == 405


def test_the_user_chooses_the_daily_digest_on_the_page(client):
    me = make_user()
    client.force_login(me)
    assert client.post(reverse("notifications-preference"), {"email_digest": "1"}).status_code == (
        302
    )
    assert Preference.objects.get(user=me).email_digest is True
    page = client.get(reverse("notifications")).content.decode()
    assert 'value="1" checked' in page
    client.post(reverse("notifications-preference"), {"email_digest": "0"})
    assert Preference.objects.get(user=me).email_digest is False


def _queries(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured)


def test_the_page_and_the_api_take_a_fixed_number_of_queries(client):
    me = make_user()
    give(me, 2)
    client.force_login(me)
    page_few = _queries(client, reverse("notifications"))
    api_few = _queries(client, "/api/v1/notifications", {"unread": "true"})
    give(me, 40, start=100)
    page_many = _queries(client, reverse("notifications"))
    api_many = _queries(client, "/api/v1/notifications", {"unread": "true"})
    assert page_many == page_few <= 8
    assert api_many == api_few <= 5
