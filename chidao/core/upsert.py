"""Idempotent loading: write a row only when it is new or differs from what is stored."""

from django.db import models


def upsert(model: type[models.Model], lookup: dict, values: dict, counts: dict) -> models.Model:
    """get-or-create by `lookup`, then update the fields in `values` that differ.

    counts gets "created" / "updated" / "unchanged" incremented, so a loader can tell
    whether a second run changed anything.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        counts["created"] = counts.get("created", 0) + 1
        return obj
    changed = [name for name, value in values.items() if _field_value(obj, name) != _key(value)]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        counts["updated"] = counts.get("updated", 0) + 1
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
