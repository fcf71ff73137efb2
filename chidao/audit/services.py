"""Writing the change log. Services call these inside their own transaction."""

import datetime as dt
import decimal
import uuid
from itertools import chain

from django.db import models
from django.forms.models import model_to_dict

from chidao.audit.models import ChangeLog
from chidao.core import policy
from chidao.core.upsert import upsert


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


def snapshot(instance: models.Model, *, many_to_many: dict | None = None) -> dict:
    """The instance's field values as JSON-ready data, for before/after.

    Each many-to-many field costs a query; `many_to_many` gives their values when the caller
    knows them already (an earlier snapshot of the same instance in the same transaction,
    or a new row's empty relations): {field name: value as snapshot gives it}."""
    known = many_to_many or {}
    names = [f.name for f in instance._meta.many_to_many if f.name in known]
    data = model_to_dict(instance, exclude=names or None)
    data = {key: _jsonable(value) for key, value in data.items()}
    if not names:
        return data
    # model_to_dict's order: the concrete fields, then the many-to-many ones.
    opts = instance._meta
    order = chain(opts.concrete_fields, opts.private_fields, opts.many_to_many)
    return {
        f.name: data[f.name] if f.name in data else known[f.name]
        for f in order
        if f.name in data or f.name in names
    }


def many_to_many_of(data: dict, instance: models.Model) -> dict:
    """The many-to-many values of `data`, a snapshot of `instance` (for `many_to_many`)."""
    return {f.name: data[f.name] for f in instance._meta.many_to_many if f.name in data}


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


def record_upsert(
    model: type[models.Model], lookup: dict, values: dict, *, actor, counts: dict | None = None
) -> models.Model:
    """chidao.core.upsert.upsert, plus a change-log row for each row it creates or changes
    (an unchanged row logs nothing, so loading twice leaves no trace the second time)."""

    def log(obj: models.Model, previous: models.Model | None) -> None:
        record_change(
            actor=actor,
            action="update" if previous is not None else "create",
            target=obj,
            before=snapshot(previous) if previous is not None else None,
            after=snapshot(obj),
        )

    return upsert(model, lookup, values, {} if counts is None else counts, on_write=log)
