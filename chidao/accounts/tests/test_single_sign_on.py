"""Single sign-on against a real OpenID Connect provider (django-oidc-provider in its own
process on the loopback): the provider's user signs in there, comes back with a code, and
lands on their chidao page as the account mapped to them, with the unit and role an
administrator set."""

import os
import re
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.urls import reverse

from chidao.accounts.models import Role, SsoIdentity, User
from chidao.accounts.tests.factories import unit_named
from chidao.audit.models import ChangeLog

pytestmark = pytest.mark.django_db

CLIENT_ID, CLIENT_SECRET = "chidao-test", "bi-mat-cua-ung-dung-thu"
IDP_USER, IDP_PASSWORD, IDP_EMAIL = "nguyen.van.a", "mat-khau-idp-2026", "a.nv@example.vn"
CALLBACK = "http://testserver/accounts/oidc/callback/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def provider(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "IDP_DATABASE": str(tmp_path / "idp.sqlite3"),
        "IDP_SITE_URL": base,
        "IDP_USERNAME": IDP_USER,
        "IDP_PASSWORD": IDP_PASSWORD,
        "IDP_EMAIL": IDP_EMAIL,
        "IDP_NAME": "Nguyễn Văn A",
        "IDP_CLIENT_ID": CLIENT_ID,
        "IDP_CLIENT_SECRET": CLIENT_SECRET,
        "IDP_REDIRECT_URI": CALLBACK,
    }
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "chidao.accounts.tests.idp.serve", str(port)],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        lines = []
        while not (lines and lines[-1].startswith("READY")):
            line = process.stdout.readline()
            assert line, "the provider stopped: " + "".join(lines)
            lines.append(line)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def sso_settings(settings, provider):
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/openid/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/openid/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider}/openid/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/openid/jwks"
    settings.OIDC_OP_ISSUER = f"{provider}/openid"
    return provider


def sign_in_at_the_provider(client, provider) -> str:
    """Start at chidao, sign in at the provider like a browser; the callback URL it returns."""
    start = client.get(reverse("oidc_authentication_init") + "?next=/accounts/me/")
    assert start.status_code == 302 and start["Location"].startswith(provider)
    browser = requests.Session()
    to_login = browser.get(start["Location"], allow_redirects=False, timeout=10)
    login_url = provider + to_login.headers["Location"]
    form = browser.get(login_url, timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    after_login = browser.post(
        login_url,
        data={
            "csrfmiddlewaretoken": token,
            "username": IDP_USER,
            "password": IDP_PASSWORD,
            "next": urlsplit(login_url).query.split("next=", 1)[1],
        },
        allow_redirects=False,
        timeout=10,
    )
    authorize = browser.get(
        provider + requests.utils.unquote(after_login.headers["Location"]),
        allow_redirects=False,
        timeout=10,
    )
    callback = authorize.headers["Location"]
    assert callback.startswith(CALLBACK), callback
    return callback.removeprefix("http://testserver")


def test_a_provider_user_lands_on_their_page_as_the_mapped_account(client, sso_settings):
    mapped = User.objects.create(
        username="vana_sonoivu",
        email=IDP_EMAIL,
        role=Role.FOCAL,
        unit=unit_named("Sở Nội vụ"),
    )

    response = client.get(sign_in_at_the_provider(client, sso_settings))

    assert response.status_code == 302
    assert response["Location"] == "/accounts/me/"
    page = client.get("/accounts/me/").content.decode()
    assert "vana_sonoivu" in page and "Sở Nội vụ" in page
    assert SsoIdentity.objects.get(user=mapped).issuer == f"{sso_settings}/openid"
    assert ChangeLog.objects.filter(action=ChangeLog.Action.LOGIN, actor=mapped).exists()


def test_an_unknown_provider_user_becomes_a_viewer_without_unit(client, sso_settings):
    response = client.get(sign_in_at_the_provider(client, sso_settings))

    assert response.status_code == 302
    user = SsoIdentity.objects.get().user
    assert (user.role, user.unit, user.has_usable_password()) == (Role.VIEWER, None, False)
    assert client.session["_auth_user_id"] == str(user.pk)
