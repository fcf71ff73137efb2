"""API tokens expire, have a read-only or read-write scope, and show both on the user's page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chidao.accounts.models import ApiToken
from chidao.accounts.tokens import token_create
from chidao.core.policy import SystemActor

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict:
    return {"authorization": f"Bearer {raw}"}


def test_a_read_only_token_reads_but_cannot_write(client, personas):
    raw = token_create(actor=SystemActor("test"), user=personas.admin, scope=ApiToken.Scope.READ)

    assert client.get("/api/v1/tasks", headers=bearer(raw)).status_code == 200
    response = client.post(
        "/api/v1/tasks/1/cancel",
        {"reason": "x"},
        content_type="application/json",
        headers=bearer(raw),
    )
    assert response.status_code == 403
    assert "chỉ được đọc" in response.json()["detail"]


def test_an_expired_token_is_refused(client, personas):
    raw = token_create(actor=SystemActor("test"), user=personas.admin, days=30)
    ApiToken.objects.filter(user=personas.admin).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    response = client.get("/api/v1/tasks", headers=bearer(raw))

    assert response.status_code == 401
    assert "hết hạn" in response.json()["detail"]


def test_a_new_token_expires_after_the_default_lifetime(personas, settings):
    settings.CHIDAO_TOKEN_DAYS = 90

    token_create(actor=SystemActor("test"), user=personas.viewer)

    token = ApiToken.objects.get(user=personas.viewer)
    left = token.expires_at - timezone.now()
    assert dt.timedelta(days=89) < left <= dt.timedelta(days=90)


def test_the_page_creates_a_read_only_token_and_shows_scope_expiry_and_use(client, personas):
    client.force_login(personas.focal_a)

    client.post(
        reverse("my-account"),
        {"action": "create", "name": "bao cao", "scope": "read", "days": "30"},
    )

    token = ApiToken.objects.get(user=personas.focal_a)
    assert token.scope == ApiToken.Scope.READ
    page = client.get(reverse("my-account")).content.decode()
    assert "chỉ đọc" in page
    assert timezone.localtime(token.expires_at).strftime("%d/%m/%Y") in page


def test_the_page_refuses_a_scope_or_lifetime_it_does_not_offer(client, personas):
    client.force_login(personas.focal_a)

    response = client.post(
        reverse("my-account"), {"action": "create", "scope": "admin", "days": "99999"}
    )

    assert response.status_code == 400
    assert not ApiToken.objects.filter(user=personas.focal_a).exists()
