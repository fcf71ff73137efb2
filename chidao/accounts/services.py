"""Account changes. Each one is a single transaction that writes its audit row."""

import secrets
from dataclasses import dataclass

from django.db import transaction

from chidao.accounts.models import Role, User
from chidao.audit.services import record_change, snapshot
from chidao.units.hanoi_agencies import agency_external_id
from chidao.units.models import Unit

# Demo accounts: one per role, at real Hanoi agencies. Synthetic, and labelled so.
DEMO_USERS = [
    ("quantri", Role.ADMIN, "Văn phòng Ủy ban nhân dân thành phố", "Quản trị (demo)"),
    ("thuongtruc", Role.STANDING, "Sở Nội vụ", "Cán bộ thường trực (demo)"),
    ("lanhdao", Role.LEADER, "Ủy ban nhân dân thành phố Hà Nội", "Lãnh đạo (demo)"),
    ("daumoi_tuphap", Role.FOCAL, "Sở Tư pháp", "Đầu mối Sở Tư pháp (demo)"),
    ("nguoixem", Role.VIEWER, "Văn phòng Ủy ban nhân dân thành phố", "Người xem (demo)"),
]


@dataclass
class CreatedAccount:
    username: str
    role: str
    unit: str
    password: str


@transaction.atomic
def user_create(
    *, actor, username: str, role: str, unit: Unit | None, password: str, full_name: str = ""
) -> User:
    user = User(username=username, role=role, unit=unit, first_name=full_name)
    user.is_staff = role in (Role.ADMIN, Role.STANDING)
    user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    after = snapshot(user)
    after.pop("password", None)
    record_change(actor=actor, action="create", target=user, after=after)
    return user


def ensure_demo_users(*, actor="chidao load-demo") -> list[CreatedAccount]:
    """Create the demo accounts that do not exist yet; returns the new ones with passwords.

    Passwords are random, shown once; existing accounts are left alone.
    """
    created = []
    for username, role, unit_name, full_name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        unit = Unit.objects.get(external_id=agency_external_id(unit_name))
        password = secrets.token_urlsafe(12)
        user_create(
            actor=actor,
            username=username,
            role=role,
            unit=unit,
            password=password,
            full_name=full_name,
        )
        created.append(CreatedAccount(username, role, unit_name, password))
    return created
