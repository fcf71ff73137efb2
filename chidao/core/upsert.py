"""Idempotent loading: write a row only when it is new or differs from what is stored."""

import copy
from collections.abc import Callable

from django.db import models


def upsert(
    model: type[models.Model],
    lookup: dict,
    values: dict,
    counts: dict,
    *,
    on_write: Callable[[models.Model, models.Model | None], None] | None = None,
) -> models.Model:
    """get-or-create by `lookup`, then update the fields in `values` that differ.

    counts gets "created" / "updated" / "unchanged" incremented, so a loader can tell
    whether a second run changed anything. `on_write(obj, previous)` is called after each
    save (previous is None for a new row, else the row as it was), e.g. to log the change.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        counts["created"] = counts.get("created", 0) + 1
        if on_write is not None:
            on_write(obj, None)
        return obj
    changed = [name for name, value in values.items() if _field_value(obj, name) != _key(value)]
    if changed:
        previous = copy.copy(obj)
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        counts["updated"] = counts.get("updated", 0) + 1
        if on_write is not None:
            on_write(obj, previous)
    else:
        counts["unchanged"] = counts.get("unchanged", 0) + 1
    return obj


def _key(value):
    return value.pk if isinstance(value, models.Model) else value


def _field_value(obj: models.Model, name: str):
    field = obj._meta.get_field(name)
    if field.is_relation and field.many_to_one:
        return getattr(obj, field.attname)
    return getattr(obj, name)


def set_m2m(manager, objects, counts: dict) -> None:
    """Replace a many-to-many set only when it differs."""
    wanted = {o.pk for o in objects}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        manager.set(list(wanted))
        counts["updated"] = counts.get("updated", 0) + 1
