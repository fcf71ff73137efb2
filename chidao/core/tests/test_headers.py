"""Headers and cookies: a Content-Security-Policy without inline script on every page, and,
outside debug, Secure cookies and HSTS by default (each changeable by a setting)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

TEMPLATE_DIRS = sorted(Path(settings.BASE_DIR, "chidao").glob("**/templates"))


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def test_pages_carry_a_policy_that_allows_no_inline_script(client):
    response = client.get("/")

    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_api_answers_carry_the_policy_too(client):
    response = client.get("/api/v1/committees")

    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_no_template_holds_an_inline_script_or_event_handler():
    inline = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
    handlers = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)=", re.I)
    offenders = []
    for directory in TEMPLATE_DIRS:
        for template in directory.glob("**/*.html"):
            text = template.read_text(encoding="utf-8")
            if inline.search(text) or handlers.search(text):
                offenders.append(str(template.relative_to(settings.BASE_DIR)))
    assert offenders == []


def _settings_outside_debug(**env) -> dict:
    """The settings a production process gets from its environment (a fresh interpreter:
    the test process itself runs with TESTING on)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', 'DEBUG')}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CHIDAO_")}
    clean.update(
        {
            "DJANGO_SETTINGS_MODULE": "chidao.settings",
            "CHIDAO_SECRET_KEY": "x" * 50,
            "DATABASE_URL": "sqlite:///:memory:",
            **env,
        }
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed program
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_outside_debug_cookies_are_secure_and_hsts_is_on_by_default():
    values = _settings_outside_debug()

    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000


def test_settings_turn_them_off_for_a_plain_http_demo():
    values = _settings_outside_debug(CHIDAO_SECURE_COOKIES="false", CHIDAO_HSTS_SECONDS="0")

    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0


def test_hsts_is_sent_on_secure_requests(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
