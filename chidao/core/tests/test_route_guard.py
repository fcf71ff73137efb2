"""A convention guard: with the register closed to the public, no route answers an anonymous
visitor with content, except the few that must (login, language switch, API description)."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

OPEN_TO_ANONYMOUS = {
    "/accounts/login/",
    # A forgotten password is reset without signing in.
    "/accounts/password/reset/",
    "/accounts/password/reset/sent/",
    "/accounts/password/reset/1/1/",
    "/accounts/password/reset/done/",
    "/accounts/language/",
    "/api/v1/openapi.json",
    "/api/v1/docs",
}
CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def concrete(route: str) -> str | None:
    if route.startswith("^") or "(?P" in route:
        return None  # regex routes belong to Django's own apps (admin, static)
    return "/" + CONVERTER.sub(lambda m: "1" if m["conv"] in (None, "int") else "x", route)


def project_routes():
    routes = {concrete(r) for r in walk(get_resolver().url_patterns)}
    return sorted(r for r in routes if r and not r.startswith("/admin/"))


def test_there_are_routes_to_check():
    assert len(project_routes()) > 20


@pytest.mark.parametrize("path", project_routes())
def test_anonymous_gets_no_content_when_the_register_is_closed(client, settings, path):
    settings.CHIDAO_PUBLIC_REGISTER = False
    response = client.get(path)
    if path in OPEN_TO_ANONYMOUS:
        assert response.status_code in (200, 302, 405)
        return
    assert response.status_code in (302, 401, 403, 404, 405), path
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"], path


NONSENSE = {
    "as_of": "2020-02-30",
    "page": "x",
    "status": "bogus",
    "committee": "x",
    "unit": "-1",
    "format": "exe",
    "level": "village",
    "deadline_from": "yesterday",
    "q": "%' OR 1=1 --",
    "number": "\x00",
}


@pytest.mark.parametrize("path", project_routes())
def test_nonsense_query_parameters_never_cause_a_server_error(client, personas, path):
    client.force_login(personas.admin)
    response = client.get(path, NONSENSE)
    assert response.status_code < 500, path
