"""The user's own page: personal API tokens are created and revoked there."""

import pytest
from django.urls import reverse

from chidao.accounts.models import ApiToken
from chidao.accounts.tokens import user_for_token
from chidao.audit.models import ChangeLog

pytestmark = pytest.mark.django_db


def test_a_token_created_on_the_page_is_shown_once_and_works(client, personas):
    client.force_login(personas.focal_a)
    response = client.post(reverse("my-account"), {"action": "create", "name": "báo cáo"})
    page = response.content.decode()
    token = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert user_for_token(token) == personas.focal_a
    assert token not in client.get(reverse("my-account")).content.decode()
    assert ChangeLog.objects.filter(target_type="accounts.apitoken", action="create").exists()


def test_a_user_revokes_their_own_token(client, personas):
    client.force_login(personas.focal_a)
    client.post(reverse("my-account"), {"action": "create"})
    token = ApiToken.objects.get(user=personas.focal_a)
    client.post(reverse("my-account"), {"action": "revoke", "token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_nobody_revokes_another_users_token(client, personas):
    client.force_login(personas.focal_a)
    client.post(reverse("my-account"), {"action": "create"})
    token = ApiToken.objects.get(user=personas.focal_a)
    client.force_login(personas.focal_b)
    response = client.post(reverse("my-account"), {"action": "revoke", "token": token.pk})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_unknown_action_is_a_400(client, personas):
    client.force_login(personas.viewer)
    assert client.post(reverse("my-account"), {"action": "x"}).status_code == 400


@pytest.mark.parametrize("token", ["abc", "99999999999999999999", ""])
def test_revoking_a_token_that_cannot_exist_is_a_400(client, personas, token):
    client.force_login(personas.focal_a)

    response = client.post(reverse("my-account"), {"action": "revoke", "token": token})

    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
