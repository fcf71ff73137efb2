"""`chidao token` and `chidao users`: the commands a client scripts against."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chidao.accounts.models import ApiToken, Role
from chidao.accounts.tests.factories import UserFactory
from chidao.accounts.tokens import user_for_token

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_token_create_prints_the_token_on_its_last_line(personas):
    output = run("token", "create", personas.focal_a.username, "--name", "cổng dữ liệu")

    token = output.strip().splitlines()[-1]
    assert token.startswith("chd_")
    assert user_for_token(token) == personas.focal_a
    assert ApiToken.objects.get(user=personas.focal_a).name == "cổng dữ liệu"


def test_token_create_for_an_unknown_user_fails_in_vietnamese(personas):
    with pytest.raises(CommandError, match="Không có tài khoản “khongai”"):
        run("token", "create", "khongai")

    assert not ApiToken.objects.exists()


def test_token_list_and_revoke(personas):
    token = run("token", "create", personas.focal_a.username).strip().splitlines()[-1]
    prefix = ApiToken.objects.get().prefix

    listing = run("token", "list", personas.focal_a.username)
    assert prefix in listing and token not in listing

    run("token", "revoke", prefix)
    assert user_for_token(token) is None
    assert "đã thu hồi" in run("token", "list", personas.focal_a.username)


def test_revoking_an_unknown_prefix_fails(personas):
    with pytest.raises(CommandError, match="Không có khóa API"):
        run("token", "revoke", "chd_nothing1")


def test_users_json_lists_username_unit_and_role(personas):
    data = json.loads(run("users", "--json"))

    by_name = {u["username"]: u for u in data}
    assert set(by_name[personas.focal_a.username]) == {"username", "unit", "role"}
    assert by_name[personas.focal_a.username] == {
        "username": "daumoi_noivu",
        "unit": {"id": personas.focal_a.unit_id, "name": "Sở Nội vụ"},
        "role": "focal",
    }
    assert by_name["nguoixem"]["unit"] is None
    assert by_name["thuongtruc"]["role"] == "standing"
    assert by_name["lanhdao"]["role"] == "leader"
    assert by_name["admin"]["role"] == "admin"
    assert {u["role"] for u in data} <= {"admin", "standing", "leader", "focal", "viewer"}


def test_a_superuser_counts_as_admin(personas):
    UserFactory(username="root", role=Role.VIEWER, is_superuser=True)

    data = {u["username"]: u for u in json.loads(run("users", "--json"))}
    assert data["root"]["role"] == "admin"


def test_users_json_leaves_out_locked_accounts_unless_asked(personas):
    personas.viewer.is_active = False
    personas.viewer.save()

    assert "nguoixem" not in {u["username"] for u in json.loads(run("users", "--json"))}
    assert "nguoixem" in {u["username"] for u in json.loads(run("users", "--json", "--all"))}


def test_users_table_shows_roles_in_vietnamese(personas):
    output = run("users")

    assert "daumoi_noivu" in output
    assert "Đầu mối của đơn vị" in output
    assert "Sở Nội vụ" in output
