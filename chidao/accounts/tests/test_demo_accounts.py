import pytest
from django.contrib.auth import authenticate

from chidao.accounts.models import Role, User
from chidao.accounts.services import DEMO_USERS, ensure_demo_users
from chidao.audit.models import ChangeLog

pytestmark = pytest.mark.django_db


def test_one_demo_account_per_role_with_a_working_password():
    created = ensure_demo_users()
    assert {a.role for a in created} == set(Role.values)
    for account in created:
        assert authenticate(username=account.username, password=account.password) is not None


def test_creating_an_account_is_audited_without_the_password_hash():
    ensure_demo_users()
    log = ChangeLog.objects.get(target_type="accounts.user", target_repr="thuongtruc")
    assert log.action == "create"
    assert "password" not in log.after


def test_existing_accounts_are_left_alone_on_a_second_run():
    ensure_demo_users()
    assert ensure_demo_users() == []
    assert User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).count() == len(DEMO_USERS)


def test_only_administrators_and_standing_staff_may_edit_the_register():
    ensure_demo_users()
    editors = {u.username for u in User.objects.all() if u.can_edit_register}
    assert editors == {"quantri", "thuongtruc"}


def test_demo_accounts_have_addresses_that_cannot_reach_anybody():
    """The demo shows e-mail (files in var/outbox/), in the reserved .invalid domain."""
    ensure_demo_users()
    addresses = list(User.objects.values_list("email", flat=True))
    assert addresses and all(a.endswith("@demo.invalid") for a in addresses)
