"""Personal API tokens: shown once, stored as a hash, revocable, and accepted as Bearer."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from chidao.accounts.models import ApiToken
from chidao.accounts.tokens import (
    TOKEN_PREFIX,
    TokenError,
    token_create,
    token_revoke,
    user_for_token,
)
from chidao.audit.models import ChangeLog
from chidao.core.policy import SystemActor

pytestmark = pytest.mark.django_db


def test_token_is_recognisable_and_only_its_hash_is_stored(personas):
    raw = token_create(actor=SystemActor("test"), user=personas.focal_a, name="máy chủ báo cáo")

    token = ApiToken.objects.get(user=personas.focal_a)
    assert raw.startswith(TOKEN_PREFIX) and len(raw) > 40
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(token.prefix) and len(token.prefix) == 12
    assert raw not in str(ApiToken.objects.values_list())
    assert token.name == "máy chủ báo cáo"


def test_creating_a_token_is_logged_without_the_secret(personas):
    raw = token_create(actor=SystemActor("test"), user=personas.focal_a)

    entry = ChangeLog.objects.get(target_type="accounts.apitoken", action="create")
    assert entry.actor_label == "test"
    assert raw not in str(entry.after)
    assert "key_hash" not in entry.after


def test_two_tokens_differ(personas):
    assert token_create(actor=SystemActor("test"), user=personas.viewer) != token_create(
        actor=SystemActor("test"), user=personas.viewer
    )


def test_a_live_token_gives_its_user(personas):
    raw = token_create(actor=SystemActor("test"), user=personas.focal_b)

    assert user_for_token(raw) == personas.focal_b


@pytest.mark.parametrize(
    "raw", ["", None, "chd_", "chd_not-a-token", "Bearer chd_x", "x" * 500, "not-prefixed"]
)
def test_anything_else_gives_nobody(personas, raw):
    token_create(actor=SystemActor("test"), user=personas.focal_b)

    assert user_for_token(raw) is None


def test_a_revoked_token_gives_nobody(personas):
    raw = token_create(actor=SystemActor("test"), user=personas.focal_a)
    token = ApiToken.objects.get(user=personas.focal_a)

    token_revoke(actor=personas.admin, token=token)

    assert user_for_token(raw) is None
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert ChangeLog.objects.filter(
        target_type="accounts.apitoken", action="update", actor=personas.admin
    ).exists()


def test_revoking_twice_changes_nothing(personas):
    token_create(actor=SystemActor("test"), user=personas.focal_a)
    token = ApiToken.objects.get(user=personas.focal_a)
    first = token_revoke(actor=SystemActor("test"), token=token).revoked_at

    assert token_revoke(actor=SystemActor("test"), token=token).revoked_at == first
    assert ChangeLog.objects.filter(target_type="accounts.apitoken", action="update").count() == 1


def test_the_token_of_a_locked_account_gives_nobody(personas):
    raw = token_create(actor=SystemActor("test"), user=personas.focal_a)
    personas.focal_a.is_active = False
    personas.focal_a.save()

    assert user_for_token(raw) is None


def test_no_token_for_a_locked_account(personas):
    personas.viewer.is_active = False
    personas.viewer.save()

    with pytest.raises(TokenError, match="khóa"):
        token_create(actor=SystemActor("test"), user=personas.viewer)


def test_last_used_is_written_at_most_once_a_minute(personas):
    raw = token_create(actor=SystemActor("test"), user=personas.focal_a)
    token = ApiToken.objects.get(user=personas.focal_a)
    assert token.last_used_at is None

    user_for_token(raw)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None

    user_for_token(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first

    earlier = timezone.now() - dt.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    user_for_token(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > earlier


def test_bearer_token_reads_a_closed_register(client, settings, personas):
    settings.CHIDAO_PUBLIC_REGISTER = False
    raw = token_create(actor=SystemActor("test"), user=personas.viewer)

    assert client.get("/api/v1/committees").status_code == 401
    response = client.get("/api/v1/committees", headers={"authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_a_wrong_token_on_a_closed_register_is_refused_in_vietnamese(client, settings, personas):
    settings.CHIDAO_PUBLIC_REGISTER = False

    response = client.get("/api/v1/committees", headers={"authorization": "Bearer chd_wrong"})

    assert response.status_code == 401
    assert "Khóa API" in response.json()["detail"]


def test_public_register_needs_no_token(client, settings):
    settings.CHIDAO_PUBLIC_REGISTER = True

    assert client.get("/api/v1/committees").status_code == 200
    # A wrong token does not lock anyone out of what is public anyway.
    response = client.get("/api/v1/committees", headers={"authorization": "Bearer chd_wrong"})
    assert response.status_code == 200


def test_the_kept_token_query_is_the_querysets_and_makes_the_same_token(personas):
    """The token is read by SQL kept once (chidao.core.kept): the queryset's own SQL with the
    request's hash and time bound, and the token and user it makes are select_related's."""
    from django.db import DEFAULT_DB_ALIAS, connection

    from chidao.accounts.tokens import LIVE_TOKEN, _live_token, _live_tokens, hash_token

    raw = token_create(actor=SystemActor("test"), user=personas.focal_a, days=3)
    now = timezone.now()
    values = {"digest": hash_token(raw), "now": now}
    statement = LIVE_TOKEN.statement_for(None, values, DEFAULT_DB_ALIAS)
    assert statement is not None
    sql, params = _live_tokens(shape=None, **values)[:1].query.sql_with_params()
    assert statement.bound(connection, values, 0, 1) == (sql, tuple(params))

    token = _live_token(hash_token(raw), now)
    expected = ApiToken.objects.select_related("user").get(user=personas.focal_a)
    fields = [f.attname for f in ApiToken._meta.concrete_fields]
    assert [getattr(token, f) for f in fields] == [getattr(expected, f) for f in fields]
    user_fields = [f.attname for f in type(expected.user)._meta.concrete_fields]
    assert [getattr(token.user, f) for f in user_fields] == [
        getattr(expected.user, f) for f in user_fields
    ]
    assert not token._state.adding and token.user.pk == personas.focal_a.pk
    assert _live_token(hash_token(raw), now + dt.timedelta(days=4)) is None  # expired then
