"""Which rows name which stored files: every `StoredName` column of every installed model."""

from django.apps import apps

from chidao.storage.models import StoredName

BATCH = 500


def reference_fields() -> list[tuple[type, str]]:
    """(model, field name) for every column that names a stored file."""
    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, StoredName)
    ]


def referenced(names: list[str]) -> set[str]:
    """Those of `names` that some row names."""
    found: set[str] = set()
    fields = reference_fields()
    for start in range(0, len(names), BATCH):
        batch = names[start : start + BATCH]
        for model, field in fields:
            found.update(
                model._base_manager.filter(**{f"{field}__in": batch}).values_list(field, flat=True)
            )
    return found
