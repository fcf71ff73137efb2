"""Who is reached for a unit: the recipients every part's notices and reminders address."""

from collections import defaultdict

from chidao.accounts.models import Role, User


def focal_persons(unit_ids) -> list[User]:
    """The active focal persons of the units, in a stable order (the outbox's keys depend on it)."""
    return list(
        User.objects.filter(unit_id__in=list(unit_ids), role=Role.FOCAL, is_active=True).order_by(
            "pk"
        )
    )


def focal_persons_by_unit(unit_ids) -> dict[int, list[User]]:
    """The same, grouped by unit, in one query (planners reach many units at once)."""
    grouped: dict[int, list[User]] = defaultdict(list)
    for user in focal_persons(unit_ids):
        grouped[user.unit_id].append(user)
    return grouped
