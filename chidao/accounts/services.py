"""Account changes. Each one is a single transaction that writes its audit row."""

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from chidao.accounts.models import Role, SsoIdentity, User
from chidao.audit.models import ChangeLog
from chidao.audit.services import record_change, snapshot
from chidao.core.policy import SystemActor
from chidao.units.hanoi_agencies import LOAD_DEMO, agency_external_id
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
    *,
    actor,
    username: str,
    role: str,
    unit: Unit | None,
    password: str,
    full_name: str = "",
    email: str = "",
) -> User:
    user = User(username=username, role=role, unit=unit, first_name=full_name, email=email)
    user.is_staff = role in (Role.ADMIN, Role.STANDING)
    user.is_superuser = role == Role.ADMIN
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    after = snapshot(user)
    after.pop("password", None)
    record_change(actor=actor, action="create", target=user, after=after)
    return user


def demo_email(username: str) -> str:
    """A demo account's address: in the reserved .invalid domain (RFC 2606), so the demo's
    e-mails land in var/outbox/ (or a test SMTP server) and can never reach anybody."""
    return f"{username}@demo.invalid"


def ensure_demo_users(*, actor=LOAD_DEMO) -> list[CreatedAccount]:
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
            email=demo_email(username),
        )
        created.append(CreatedAccount(username, role, unit_name, password))
    return created


def demo_accounts_file() -> Path:
    """Where demo passwords are kept for `make run` to show (var/, never committed)."""
    return Path(settings.VAR_DIR) / "demo-accounts.txt"


def remember_demo_accounts(accounts: list[CreatedAccount]) -> list[str]:
    """Append new demo accounts to the file (readable by its owner only); returns their lines."""
    lines = [f"{a.username}\t{a.role}\t{a.password}\t{a.unit}" for a in accounts]
    if lines:
        path = demo_accounts_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")
        path.chmod(0o600)
    return lines


@transaction.atomic
def sso_user_for(
    *, issuer: str, subject: str, email: str = "", full_name: str = "", preferred_username: str = ""
) -> User:
    """The chidao account of the identity provider's user `subject` at `issuer`.

    Known identity: its account. Otherwise the one unlinked account with that e-mail address
    is linked, or a new account is created: a viewer without unit and without a local
    password, until an administrator sets its unit and role. Linking and creating are logged.
    """
    identity = SsoIdentity.objects.select_related("user").filter(issuer=issuer, subject=subject)
    found = identity.first()
    if found is not None:
        return found.user
    actor = SystemActor("sso")
    user = None
    if email:
        candidates = list(User.objects.filter(email__iexact=email, sso_identities__isnull=True)[:2])
        if len(candidates) == 1:
            user = candidates[0]
    if user is None:
        user = User(
            username=_free_username(preferred_username or email.split("@")[0] or subject),
            email=email,
            first_name=full_name[:150],
            role=Role.VIEWER,
        )
        user.set_unusable_password()
        user.save()
        after = snapshot(user)
        after.pop("password", None)
        record_change(actor=actor, action="create", target=user, after=after)
    link = SsoIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    record_change(actor=actor, action="create", target=link, after=snapshot(link))
    return user


def _free_username(wanted: str) -> str:
    base = "".join(c for c in wanted if c.isalnum() or c in "._-@+")[:140] or "sso"
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def login_failed(*, username: str, remote_addr: str, locked: bool = False) -> None:
    """Log a refused sign-in: the name tried (the account when it exists) and the address."""
    username = (username or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    record_change(
        actor=SystemActor("login"),
        action=ChangeLog.Action.LOGIN_FAILED,
        target_type="accounts.user",
        target_id=str(user.pk) if user else "",
        target_repr=username,
        after={"username": username, "remote_addr": remote_addr, "locked": locked},
    )


@transaction.atomic
def second_factor_confirm(*, actor, device) -> None:
    """A TOTP device whose first code was right becomes the user's second factor."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_change(
        actor=actor,
        action=ChangeLog.Action.UPDATE,
        target=device.user,
        after={"second_factor": "totp", "device": device.pk},
    )


@transaction.atomic
def language_set(*, actor, user: User, language: str) -> User:
    """Remember `user`'s choice of language (one of settings.LANGUAGES), with its audit row."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(language)
    before = user.language
    if before != language:
        user.language = language
        user.save(update_fields=["language"])
        record_change(
            actor=actor,
            action=ChangeLog.Action.UPDATE,
            target=user,
            before={"language": before},
            after={"language": language},
        )
    return user
