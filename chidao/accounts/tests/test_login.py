"""Signing in and out; a successful login is in the change log, a failed one is not."""

from django.urls import reverse

from chidao.audit.models import ChangeLog


def test_login_writes_a_change_log_row(client, personas):
    response = client.post(
        reverse("login"), {"username": personas.viewer.username, "password": personas.password}
    )
    assert response.status_code == 302
    row = ChangeLog.objects.get(action=ChangeLog.Action.LOGIN)
    assert row.actor == personas.viewer
    assert row.actor_label == personas.viewer.username
    assert row.target_id == str(personas.viewer.pk)


def test_bad_password_shows_the_error_and_logs_nothing(client, personas):
    response = client.post(
        reverse("login"), {"username": personas.viewer.username, "password": "sai-mat-khau"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert 'role="alert"' in response.content.decode()
    assert not ChangeLog.objects.filter(action=ChangeLog.Action.LOGIN).exists()


def test_login_redirects_to_next(client, personas):
    response = client.post(
        reverse("login") + "?next=/units/",
        {"username": personas.viewer.username, "password": personas.password, "next": "/units/"},
    )
    assert response["Location"] == "/units/"


def test_logout_is_a_post_and_ends_the_session(client, personas):
    client.login(username=personas.viewer.username, password=personas.password)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_login_page_renders_the_form(client, db):
    text = client.get(reverse("login")).content.decode()
    assert 'name="username"' in text and 'name="password"' in text
