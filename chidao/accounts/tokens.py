"""Personal API tokens: created once, stored as a SHA-256, revoked by a date.

A token looks like `chd_<43 url-safe characters>`: the prefix makes a leaked token easy to
recognise (secret scanners, logs). Only its SHA-256 and its first characters are kept, so the
plain token is shown once, at creation. Looking a token up goes through the unique index on
the hash: the secret itself is never compared character by character.
"""

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.accounts.models import ApiToken, User
from chidao.audit.services import record_change, snapshot
from chidao.core.kept import KeptQuery

TOKEN_PREFIX = "chd_"  # noqa: S105 - a public marker, not a secret
# What is kept in clear to tell tokens apart in lists: "chd_" and 8 characters.
SHOWN_PREFIX_LENGTH = 12
# last_used_at is written at most this often, so a busy client does not write on every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
# The longest a token may be made to live (about five years).
MAX_DAYS = 5 * 366


class TokenError(ValueError):
    """A refused token action; the message is for the user."""


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _token_snapshot(token: ApiToken) -> dict:
    data = snapshot(token)
    data.pop("key_hash", None)  # not secret, but of no use to a reader of the log
    return data


def default_days() -> int:
    return settings.CHIDAO_TOKEN_DAYS


@transaction.atomic
def token_create(
    *,
    actor,
    user: User,
    name: str = "",
    scope: str = ApiToken.Scope.WRITE,
    days: int | None = None,
) -> str:
    """Create a token for `user`; returns the plain token, which is not stored anywhere.

    `scope` is read (GET only) or write; the token expires after `days` days
    (settings.CHIDAO_TOKEN_DAYS by default; 0 means never, for a service account).
    """
    if not user.is_active:
        raise TokenError(_("Tài khoản “%(user)s” đã bị khóa.") % {"user": user.get_username()})
    if scope not in ApiToken.Scope.values:
        raise TokenError(_("Phạm vi của khóa phải là “read” hoặc “write”."))
    days = default_days() if days is None else days
    if not 0 <= days <= MAX_DAYS:
        raise TokenError(_("Thời hạn của khóa phải từ 0 đến %(max)s ngày.") % {"max": MAX_DAYS})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=(name or "").strip()[:100],
        prefix=raw[:SHOWN_PREFIX_LENGTH],
        key_hash=hash_token(raw),
        scope=scope,
        expires_at=timezone.now() + dt.timedelta(days=days) if days else None,
    )
    record_change(actor=actor, action="create", target=token, after=_token_snapshot(token))
    return raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke a token from now on; revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    before = _token_snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_change(
        actor=actor, action="update", target=token, before=before, after=_token_snapshot(token)
    )
    return token


# Every request with a token reads it: its SQL is kept (chidao.core.kept), not built and
# compiled each time, and the token and its user are made from the one row, as
# select_related makes them.
_TOKEN_FIELDS = tuple(f.attname for f in ApiToken._meta.concrete_fields)
_USER_FIELDS = tuple(f.attname for f in User._meta.concrete_fields)


def _live_tokens(*, shape, digest: str, now: dt.datetime):
    return (
        ApiToken.objects.filter(key_hash=digest, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by("pk")
        .values_list(*_TOKEN_FIELDS, *(f"user__{name}" for name in _USER_FIELDS))
    )


LIVE_TOKEN = KeptQuery(_live_tokens, name="accounts.token")


def _live_token(digest: str, now: dt.datetime) -> ApiToken | None:
    """The token of `digest` not revoked nor expired at `now`, with its user (one query)."""
    values = {"digest": digest, "now": now}
    alias = router.db_for_read(ApiToken)
    rows = LIVE_TOKEN.rows(None, values, high=1, alias=alias)
    if rows is None:  # not kept (see chidao.core.kept): the queryset itself
        rows = list(_live_tokens(shape=None, **values)[:1])
    if not rows:
        return None
    width = len(_TOKEN_FIELDS)
    token = ApiToken.from_db(alias, _TOKEN_FIELDS, rows[0][:width])
    user = User.from_db(alias, _USER_FIELDS, rows[0][width:])
    ApiToken._meta.get_field("user").set_cached_value(token, user)
    return token


def token_for(raw: str | None) -> ApiToken | None:
    """The live token (not revoked, not expired, its user active), or None. Marks it used."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    digest = hash_token(raw)
    now = timezone.now()
    token = _live_token(digest, now)
    # The lookup is by hash; compare again in constant time as a belt-and-braces check.
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
        # A conditional update: concurrent requests write at most once per minute.
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ).update(last_used_at=now)
    return token


def bearer_user(raw: str | None) -> tuple[User, bool] | None:
    """For the API's bearer authentication (settings.CHIDAO_API_TOKEN_LOOKUP): the live
    token's user and whether the token only reads, or None."""
    token = token_for(raw)
    if token is None:
        return None
    return token.user, token.scope == ApiToken.Scope.READ


def user_for_token(raw: str | None) -> User | None:
    """The active user a live token belongs to, or None. Marks the token as used."""
    token = token_for(raw)
    return token.user if token else None
