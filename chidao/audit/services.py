"""Writing the change log. Services call these inside their own transaction."""

import datetime as dt
import decimal
import uuid

from django.db import models
from django.forms.models import model_to_dict

from chidao.audit.models import ChangeLog
from chidao.core import policy


def _jsonable(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model) -> dict:
    """The instance's field values as JSON-ready data, for before/after."""
    data = model_to_dict(instance)
    return {key: _jsonable(value) for key, value in data.items()}


def record_change(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    target_type: str | None = None,
    target_id: str = "",
    target_repr: str = "",
    before: dict | None = None,
    after: dict | None = None,
    request_id: str = "",
) -> ChangeLog:
    """Add one change-log row. `actor` is a user or a `SystemActor` (a command, a job)."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_repr = target_repr or str(target)[:300]
    label = policy.actor_label(actor)
    return ChangeLog.objects.create(
        actor=policy.as_user(actor),
        actor_label=label,
        action=action,
        target_type=target_type or "",
        target_id=target_id,
        target_repr=target_repr[:300],
        before=before,
        after=after,
        request_id=request_id,
    )
