# ruff: noqa: E501 (EXPECTED holds one route a line, however long the route)
"""The permission matrix: every route, GET and POST, as each of eight personas.

Every URL pattern of the resolver (pages, the API under /api/v1/, downloads, the admin) is
asked once with GET and once with an empty POST by: an anonymous visitor, a viewer, the focal
person of unit A, the focal person of unit B, the standing staff of committee 1, the standing
staff of another committee, a leader and an administrator (the signed-in ones with a
confirmed second factor, as the admin needs). Path parameters name the world's objects
(chidao/core/tests/permission_world.py): objects of committee 1 and of unit A.

The expected answer of each pair is written once, in EXPECTED below: one row per route and
method, eight answers in the order of PERSONAS. An answer is the status code, or "L" for a
redirect to a sign-in page. Each request runs in a transaction rolled back after it, so no
answer depends on the order of the requests.

A new route without a row fails `test_every_route_has_a_row`, which names the row to add.
To see what a new route answers, run this file with CHIDAO_MATRIX_OBSERVED=<file>: the
observed rows are written there, to check (a 200 where a 404 is due is a bug to fix in the
policy, chidao/core/policy.py, not in the table) and copy into EXPECTED.
"""

import os
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from chidao.accounts.tests.factories import login_verified
from chidao.core.tests.permission_world import PERSONAS, admin_object, build_world
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db

THIS_FILE = "chidao/core/tests/test_permission_matrix.py"
METHODS = ("GET", "POST")
CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
ADMIN_APP_LIST = re.compile(r"^admin/\^\(\?P<app_label>")

# Path parameters by name, as attributes of the world.
BY_NAME = {
    "task_id": "task",
    "request_id": "extension",
    "request_pk": "extension",
    "attachment_id": "task_attachment",
    "period_id": "period",
    "unit_id": "unit",
    "submission_id": "submission",
    "document_id": "consolidated",
    "cycle_id": "cycle",
    "score_id": "score",
    "proposal_id": "proposal",
    "set_id": "criteria",
    "draft_id": "draft",
    "notification_id": "notification",
    "committee_id": "committee",
    "decision_id": "decision",
}
CONSTANTS = {"version": "1", "format": "pdf", "action": "compute", "uidb64": "x", "token": "x"}
# `pk` names the object of the route's first segments.
BY_PREFIX = [
    ("tasks/attachments/", "task_attachment"),
    ("tasks/", "task"),
    ("reports/periods/", "period"),
    ("reports/attachments/", "report_attachment"),
    ("reports/forms/", "form"),
    ("reports/consolidated/", "consolidated"),
    ("reports/programs/", "program"),
    ("evaluation/evidence/", "evidence"),
    ("evaluation/", "cycle"),
    ("committees/", "committee"),
    ("units/", "unit"),
    ("decisions/", "decision"),
    ("ingest/", "draft"),
    ("notifications/", "notification"),
]


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def all_routes() -> list[str]:
    return sorted(set(walk(get_resolver().url_patterns)))


def row_keys() -> list[str]:
    return [f"{method} {route}" for route in all_routes() for method in METHODS]


def fill(route: str, world) -> str:
    """The concrete path of `route` for the world's objects."""
    if ADMIN_APP_LIST.match(route):
        return "/admin/committees/"
    if route == "admin/(?P<url>.*)$":
        return "/admin/no-such-page/"
    admin_model = None
    found = re.match(r"admin/(\w+)/(\w+)/", route)
    if found:
        try:
            admin_model = apps.get_model(found[1], found[2])
        except LookupError:
            admin_model = None

    def value(match) -> str:
        name = match["name"]
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name == "content_type_id":
            return str(ContentType.objects.get_for_model(world.committee).pk)
        if name in ("object_id", "id") or (name == "pk" and admin_model is not None):
            if admin_model is None:  # admin/r/<content_type_id>/<object_id>/
                return str(world.committee.pk)
            obj = admin_object(world, admin_model)
            return str(obj.pk) if obj is not None else "1"
        if name in ("cycle_id", "pk") and "/proposals" in route:
            return str(world.cycle_done.pk)  # proposals belong to an approved cycle
        if name in BY_NAME:
            return str(getattr(world, BY_NAME[name]).pk)
        if name == "pk":
            for prefix, attribute in BY_PREFIX:
                if route.startswith(prefix):
                    return str(getattr(world, attribute).pk)
        raise AssertionError(
            f"{THIS_FILE}: no value for <{name}> in {route}: add it to BY_NAME or BY_PREFIX"
        )

    return "/" + CONVERTER.sub(value, route)


def answer(response) -> str:
    if response.status_code in (301, 302) and "/login/" in response.get("Location", ""):
        return "L"
    return str(response.status_code)


def clients(world) -> dict[str, Client]:
    result = {"anonymous": Client(raise_request_exception=False)}
    for persona in PERSONAS[1:]:
        client = Client(raise_request_exception=False)
        login_verified(client, world.users[persona])
        result[persona] = client
    return result


SIGNS_OUT = ("accounts/", "i18n/", "admin/logout/", "admin/password_change/")


def ask_everything(world) -> dict[str, str]:
    """{"METHOD route": "eight answers"} for every route and method."""
    by_persona = clients(world)
    observed = {}
    for route in all_routes():
        path = fill(route, world)
        for method in METHODS:
            answers = []
            for persona in PERSONAS:
                client = by_persona[persona]
                with transaction.atomic():
                    response = client.get(path) if method == "GET" else client.post(path)
                    transaction.set_rollback(True)
                answers.append(answer(response))
                if method == "POST" and route.startswith(SIGNS_OUT) and persona != "anonymous":
                    login_verified(client, world.users[persona])  # the session may be gone
            observed[f"{method} {route}"] = " ".join(answers)
    return observed


def test_every_route_has_a_row():
    keys = row_keys()
    missing = [key for key in keys if key not in EXPECTED]
    stale = [key for key in EXPECTED if key not in keys]
    assert not missing, (
        f"{len(missing)} route(s) have no row in EXPECTED ({THIS_FILE}); add, in the order "
        f"{' '.join(PERSONAS)}:\n"
        + "\n".join(f'    "{key}": "…",' for key in missing)
        + "\n(run the file with CHIDAO_MATRIX_OBSERVED=/tmp/rows.py to see what they answer)"
    )
    assert not stale, f"rows for routes that no longer exist, remove them from {THIS_FILE}: {stale}"


def test_every_persona_gets_the_expected_answer_on_every_route():
    world = build_world()
    observed = ask_everything(world)
    if os.environ.get("CHIDAO_MATRIX_OBSERVED"):
        with open(os.environ["CHIDAO_MATRIX_OBSERVED"], "w", encoding="utf-8") as out:
            out.writelines(f'    "{key}": "{value}",\n' for key, value in observed.items())
    unexpected = []
    for key, got in observed.items():
        want = EXPECTED.get(key)
        if want is None:
            continue  # test_every_route_has_a_row names it
        for persona, w, g in zip(PERSONAS, want.split(), got.split(), strict=True):
            if w != g:
                unexpected.append(f"{key} as {persona}: expected {w}, got {g}")
    pairs = len(observed) * len(PERSONAS)
    print(f"\npermission matrix: {pairs} pairs tried, {len(unexpected)} unexpected answers")
    assert not unexpected, "\n".join(unexpected)


# "METHOD route": "anonymous viewer focal_a focal_b staff_1 staff_2 leader admin"
# (L: redirected to a sign-in page). With the register public (the default), anyone reads
# committees, units and decisions; a hidden object answers 404, a visible one whose action is
# forbidden 403, both before any input is looked at; an empty POST by one who may act is a
# 400/422 (missing input) or 409 (wrong state). The admin answers staff_2 403 on committee
# 1's objects. test_route_guard.py checks the closed register and nonsense query strings.
EXPECTED = {
    "GET ": "200 200 200 200 200 200 200 200",
    "POST ": "200 200 200 200 200 200 200 200",
    "GET accounts/language/": "405 405 405 405 405 405 405 405",
    "POST accounts/language/": "400 400 400 400 400 400 400 400",
    "GET accounts/login/": "200 302 302 302 302 302 302 302",
    "POST accounts/login/": "200 302 302 302 302 302 302 302",
    "GET accounts/login/code/": "L L L L L L L L",
    "POST accounts/login/code/": "L L L L L L L L",
    "GET accounts/logout/": "405 405 405 405 405 405 405 405",
    "POST accounts/logout/": "302 302 302 302 302 302 302 302",
    "GET accounts/me/": "L 200 200 200 200 200 200 200",
    "POST accounts/me/": "L 400 400 400 400 400 400 400",
    "GET accounts/me/second-factor/": "L 200 200 200 200 200 200 200",
    "POST accounts/me/second-factor/": "L 200 200 200 200 200 200 200",
    "GET accounts/oidc/authenticate/": "L L L L L L L L",
    "POST accounts/oidc/authenticate/": "405 405 405 405 405 405 405 405",
    "GET accounts/oidc/callback/": "L L L L L L L L",
    "POST accounts/oidc/callback/": "405 405 405 405 405 405 405 405",
    "GET accounts/oidc/logout/": "405 405 405 405 405 405 405 405",
    "POST accounts/oidc/logout/": "302 302 302 302 302 302 302 302",
    "GET accounts/password/": "L 200 200 200 200 200 200 200",
    "POST accounts/password/": "L 200 200 200 200 200 200 200",
    "GET accounts/password/reset/": "200 200 200 200 200 200 200 200",
    "POST accounts/password/reset/": "200 200 200 200 200 200 200 200",
    "GET accounts/password/reset/<uidb64>/<token>/": "200 200 200 200 200 200 200 200",
    "POST accounts/password/reset/<uidb64>/<token>/": "200 200 200 200 200 200 200 200",
    "GET accounts/password/reset/done/": "200 200 200 200 200 200 200 200",
    "POST accounts/password/reset/done/": "405 405 405 405 405 405 405 405",
    "GET accounts/password/reset/sent/": "200 200 200 200 200 200 200 200",
    "POST accounts/password/reset/sent/": "405 405 405 405 405 405 405 405",
    "GET admin/": "L L L L 200 200 L 200",
    "POST admin/": "L L L L 200 200 L 200",
    "GET admin/(?P<url>.*)$": "L L L L 404 404 L 404",
    "POST admin/(?P<url>.*)$": "L L L L 404 404 L 404",
    "GET admin/^(?P<app_label>auth|django_tasks_database|axes|otp_totp|audit|accounts|units|people|documents|committees|tasks|reports)/$": "L L L L 200 200 L 200",
    "POST admin/^(?P<app_label>auth|django_tasks_database|axes|otp_totp|audit|accounts|units|people|documents|committees|tasks|reports)/$": "L L L L 200 200 L 200",
    "GET admin/accounts/user/": "L L L L 403 403 L 200",
    "POST admin/accounts/user/": "L L L L 403 403 L 200",
    "GET admin/accounts/user/<id>/password/": "L L L L 403 403 L 200",
    "POST admin/accounts/user/<id>/password/": "L L L L 403 403 L 200",
    "GET admin/accounts/user/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/accounts/user/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/accounts/user/<path:object_id>/change/": "L L L L 403 403 L 200",
    "POST admin/accounts/user/<path:object_id>/change/": "L L L L 403 403 L 200",
    "GET admin/accounts/user/<path:object_id>/delete/": "L L L L 403 403 L 200",
    "POST admin/accounts/user/<path:object_id>/delete/": "L L L L 403 403 L 200",
    "GET admin/accounts/user/<path:object_id>/history/": "L L L L 403 403 L 200",
    "POST admin/accounts/user/<path:object_id>/history/": "L L L L 403 403 L 200",
    "GET admin/accounts/user/add/": "L L L L 403 403 L 200",
    "POST admin/accounts/user/add/": "L L L L 403 403 L 200",
    "GET admin/audit/changelog/": "L L L L 200 200 L 200",
    "POST admin/audit/changelog/": "L L L L 200 200 L 200",
    "GET admin/audit/changelog/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/audit/changelog/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/audit/changelog/<path:object_id>/change/": "L L L L 403 403 L 200",
    "POST admin/audit/changelog/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/audit/changelog/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/audit/changelog/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/audit/changelog/<path:object_id>/history/": "L L L L 403 403 L 200",
    "POST admin/audit/changelog/<path:object_id>/history/": "L L L L 403 403 L 200",
    "GET admin/audit/changelog/add/": "L L L L 403 403 L 403",
    "POST admin/audit/changelog/add/": "L L L L 403 403 L 403",
    "GET admin/auth/group/": "L L L L 403 403 L 403",
    "POST admin/auth/group/": "L L L L 403 403 L 403",
    "GET admin/auth/group/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/auth/group/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/auth/group/<path:object_id>/change/": "L L L L 403 403 L 403",
    "POST admin/auth/group/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/auth/group/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/auth/group/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/auth/group/<path:object_id>/history/": "L L L L 302 302 L 302",
    "POST admin/auth/group/<path:object_id>/history/": "L L L L 302 302 L 302",
    "GET admin/auth/group/add/": "L L L L 403 403 L 403",
    "POST admin/auth/group/add/": "L L L L 403 403 L 403",
    "GET admin/autocomplete/": "L L L L 403 403 L 403",
    "POST admin/autocomplete/": "L L L L 405 405 L 405",
    "GET admin/axes/accessattempt/": "L L L L 403 403 L 403",
    "POST admin/axes/accessattempt/": "L L L L 403 403 L 403",
    "GET admin/axes/accessattempt/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/axes/accessattempt/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/axes/accessattempt/<path:object_id>/change/": "L L L L 403 403 L 403",
    "POST admin/axes/accessattempt/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/axes/accessattempt/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/axes/accessattempt/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/axes/accessattempt/<path:object_id>/history/": "L L L L 302 302 L 302",
    "POST admin/axes/accessattempt/<path:object_id>/history/": "L L L L 302 302 L 302",
    "GET admin/axes/accessattempt/add/": "L L L L 403 403 L 403",
    "POST admin/axes/accessattempt/add/": "L L L L 403 403 L 403",
    "GET admin/axes/accessfailurelog/": "L L L L 403 403 L 403",
    "POST admin/axes/accessfailurelog/": "L L L L 403 403 L 403",
    "GET admin/axes/accessfailurelog/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/axes/accessfailurelog/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/axes/accessfailurelog/<path:object_id>/change/": "L L L L 403 403 L 403",
    "POST admin/axes/accessfailurelog/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/axes/accessfailurelog/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/axes/accessfailurelog/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/axes/accessfailurelog/<path:object_id>/history/": "L L L L 302 302 L 302",
    "POST admin/axes/accessfailurelog/<path:object_id>/history/": "L L L L 302 302 L 302",
    "GET admin/axes/accessfailurelog/add/": "L L L L 403 403 L 403",
    "POST admin/axes/accessfailurelog/add/": "L L L L 403 403 L 403",
    "GET admin/axes/accesslog/": "L L L L 403 403 L 403",
    "POST admin/axes/accesslog/": "L L L L 403 403 L 403",
    "GET admin/axes/accesslog/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/axes/accesslog/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/axes/accesslog/<path:object_id>/change/": "L L L L 403 403 L 403",
    "POST admin/axes/accesslog/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/axes/accesslog/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/axes/accesslog/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/axes/accesslog/<path:object_id>/history/": "L L L L 403 403 L 403",
    "POST admin/axes/accesslog/<path:object_id>/history/": "L L L L 403 403 L 403",
    "GET admin/axes/accesslog/add/": "L L L L 403 403 L 403",
    "POST admin/axes/accesslog/add/": "L L L L 403 403 L 403",
    "GET admin/committees/committee/": "L L L L 200 200 L 200",
    "POST admin/committees/committee/": "L L L L 200 200 L 200",
    "GET admin/committees/committee/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/committees/committee/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/committees/committee/<path:object_id>/change/": "L L L L 200 403 L 200",
    "POST admin/committees/committee/<path:object_id>/change/": "L L L L 200 403 L 200",
    "GET admin/committees/committee/<path:object_id>/delete/": "L L L L 200 403 L 200",
    "POST admin/committees/committee/<path:object_id>/delete/": "L L L L 200 403 L 200",
    "GET admin/committees/committee/<path:object_id>/history/": "L L L L 200 403 L 200",
    "POST admin/committees/committee/<path:object_id>/history/": "L L L L 200 403 L 200",
    "GET admin/committees/committee/add/": "L L L L 200 200 L 200",
    "POST admin/committees/committee/add/": "L L L L 200 200 L 200",
    "GET admin/committees/committeeversion/": "L L L L 200 200 L 200",
    "POST admin/committees/committeeversion/": "L L L L 200 200 L 200",
    "GET admin/committees/committeeversion/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/committees/committeeversion/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/committees/committeeversion/<path:object_id>/change/": "L L L L 200 403 L 200",
    "POST admin/committees/committeeversion/<path:object_id>/change/": "L L L L 200 403 L 200",
    "GET admin/committees/committeeversion/<path:object_id>/delete/": "L L L L 200 403 L 200",
    "POST admin/committees/committeeversion/<path:object_id>/delete/": "L L L L 200 403 L 200",
    "GET admin/committees/committeeversion/<path:object_id>/history/": "L L L L 200 403 L 200",
    "POST admin/committees/committeeversion/<path:object_id>/history/": "L L L L 200 403 L 200",
    "GET admin/committees/committeeversion/add/": "L L L L 200 200 L 200",
    "POST admin/committees/committeeversion/add/": "L L L L 200 200 L 200",
    "GET admin/django_tasks_database/dbtaskresult/": "L L L L 403 403 L 403",
    "POST admin/django_tasks_database/dbtaskresult/": "L L L L 403 403 L 403",
    "GET admin/django_tasks_database/dbtaskresult/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/django_tasks_database/dbtaskresult/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/django_tasks_database/dbtaskresult/<path:object_id>/change/": "L L L L 403 403 L 403",
    "POST admin/django_tasks_database/dbtaskresult/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/django_tasks_database/dbtaskresult/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/django_tasks_database/dbtaskresult/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/django_tasks_database/dbtaskresult/<path:object_id>/history/": "L L L L 302 302 L 302",
    "POST admin/django_tasks_database/dbtaskresult/<path:object_id>/history/": "L L L L 302 302 L 302",
    "GET admin/django_tasks_database/dbtaskresult/add/": "L L L L 403 403 L 403",
    "POST admin/django_tasks_database/dbtaskresult/add/": "L L L L 403 403 L 403",
    "GET admin/documents/legaldocument/": "L L L L 200 200 L 200",
    "POST admin/documents/legaldocument/": "L L L L 200 200 L 200",
    "GET admin/documents/legaldocument/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/documents/legaldocument/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/documents/legaldocument/<path:object_id>/change/": "L L L L 200 200 L 200",
    "POST admin/documents/legaldocument/<path:object_id>/change/": "L L L L 200 200 L 200",
    "GET admin/documents/legaldocument/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "POST admin/documents/legaldocument/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "GET admin/documents/legaldocument/<path:object_id>/history/": "L L L L 200 200 L 200",
    "POST admin/documents/legaldocument/<path:object_id>/history/": "L L L L 200 200 L 200",
    "GET admin/documents/legaldocument/add/": "L L L L 200 200 L 200",
    "POST admin/documents/legaldocument/add/": "L L L L 200 200 L 200",
    "GET admin/documents/source/": "L L L L 200 200 L 200",
    "POST admin/documents/source/": "L L L L 200 200 L 200",
    "GET admin/documents/source/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/documents/source/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/documents/source/<path:object_id>/change/": "L L L L 200 200 L 200",
    "POST admin/documents/source/<path:object_id>/change/": "L L L L 200 200 L 200",
    "GET admin/documents/source/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "POST admin/documents/source/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "GET admin/documents/source/<path:object_id>/history/": "L L L L 200 200 L 200",
    "POST admin/documents/source/<path:object_id>/history/": "L L L L 200 200 L 200",
    "GET admin/documents/source/add/": "L L L L 200 200 L 200",
    "POST admin/documents/source/add/": "L L L L 200 200 L 200",
    "GET admin/jsi18n/": "L L L L 200 200 L 200",
    "POST admin/jsi18n/": "L L L L 405 405 L 405",
    "GET admin/login/": "L L L L 302 302 L 302",
    "POST admin/login/": "L L L L 302 302 L 302",
    "GET admin/logout/": "302 302 302 302 405 405 302 405",
    "POST admin/logout/": "302 302 302 302 302 302 302 302",
    "GET admin/otp_totp/totpdevice/": "L L L L 403 403 L 403",
    "POST admin/otp_totp/totpdevice/": "L L L L 403 403 L 403",
    "GET admin/otp_totp/totpdevice/<int:pk>/config/": "L L L L 403 403 L 403",
    "POST admin/otp_totp/totpdevice/<int:pk>/config/": "L L L L 403 403 L 403",
    "GET admin/otp_totp/totpdevice/<int:pk>/qrcode/": "L L L L 403 403 L 403",
    "POST admin/otp_totp/totpdevice/<int:pk>/qrcode/": "L L L L 403 403 L 403",
    "GET admin/otp_totp/totpdevice/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/otp_totp/totpdevice/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/otp_totp/totpdevice/<path:object_id>/change/": "L L L L 403 403 L 403",
    "POST admin/otp_totp/totpdevice/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/otp_totp/totpdevice/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/otp_totp/totpdevice/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/otp_totp/totpdevice/<path:object_id>/history/": "L L L L 403 403 L 403",
    "POST admin/otp_totp/totpdevice/<path:object_id>/history/": "L L L L 403 403 L 403",
    "GET admin/otp_totp/totpdevice/add/": "L L L L 403 403 L 403",
    "POST admin/otp_totp/totpdevice/add/": "L L L L 403 403 L 403",
    "GET admin/password_change/": "L L L L 200 200 L 200",
    "POST admin/password_change/": "L L L L 200 200 L 200",
    "GET admin/password_change/done/": "L L L L 200 200 L 200",
    "POST admin/password_change/done/": "L L L L 405 405 L 405",
    "GET admin/people/holding/": "L L L L 200 200 L 200",
    "POST admin/people/holding/": "L L L L 200 200 L 200",
    "GET admin/people/holding/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/people/holding/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/people/holding/<path:object_id>/change/": "L L L L 200 200 L 200",
    "POST admin/people/holding/<path:object_id>/change/": "L L L L 200 200 L 200",
    "GET admin/people/holding/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "POST admin/people/holding/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "GET admin/people/holding/<path:object_id>/history/": "L L L L 200 200 L 200",
    "POST admin/people/holding/<path:object_id>/history/": "L L L L 200 200 L 200",
    "GET admin/people/holding/add/": "L L L L 200 200 L 200",
    "POST admin/people/holding/add/": "L L L L 200 200 L 200",
    "GET admin/people/person/": "L L L L 200 200 L 200",
    "POST admin/people/person/": "L L L L 200 200 L 200",
    "GET admin/people/person/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/people/person/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/people/person/<path:object_id>/change/": "L L L L 200 200 L 200",
    "POST admin/people/person/<path:object_id>/change/": "L L L L 200 200 L 200",
    "GET admin/people/person/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "POST admin/people/person/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "GET admin/people/person/<path:object_id>/history/": "L L L L 200 200 L 200",
    "POST admin/people/person/<path:object_id>/history/": "L L L L 200 200 L 200",
    "GET admin/people/person/add/": "L L L L 200 200 L 200",
    "POST admin/people/person/add/": "L L L L 200 200 L 200",
    "GET admin/people/position/": "L L L L 200 200 L 200",
    "POST admin/people/position/": "L L L L 200 200 L 200",
    "GET admin/people/position/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/people/position/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/people/position/<path:object_id>/change/": "L L L L 200 200 L 200",
    "POST admin/people/position/<path:object_id>/change/": "L L L L 200 200 L 200",
    "GET admin/people/position/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "POST admin/people/position/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "GET admin/people/position/<path:object_id>/history/": "L L L L 200 200 L 200",
    "POST admin/people/position/<path:object_id>/history/": "L L L L 200 200 L 200",
    "GET admin/people/position/add/": "L L L L 200 200 L 200",
    "POST admin/people/position/add/": "L L L L 200 200 L 200",
    "GET admin/r/<path:content_type_id>/<path:object_id>/": "L L L L 404 404 L 404",
    "POST admin/r/<path:content_type_id>/<path:object_id>/": "L L L L 404 404 L 404",
    "GET admin/reports/reportform/": "L L L L 200 200 L 200",
    "POST admin/reports/reportform/": "L L L L 200 200 L 200",
    "GET admin/reports/reportform/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/reports/reportform/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/reports/reportform/<path:object_id>/change/": "L L L L 200 403 L 200",
    "POST admin/reports/reportform/<path:object_id>/change/": "L L L L 200 403 L 200",
    "GET admin/reports/reportform/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/reports/reportform/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/reports/reportform/<path:object_id>/history/": "L L L L 200 403 L 200",
    "POST admin/reports/reportform/<path:object_id>/history/": "L L L L 200 403 L 200",
    "GET admin/reports/reportform/add/": "L L L L 200 200 L 200",
    "POST admin/reports/reportform/add/": "L L L L 200 200 L 200",
    "GET admin/reports/reportingregime/": "L L L L 200 200 L 200",
    "POST admin/reports/reportingregime/": "L L L L 200 200 L 200",
    "GET admin/reports/reportingregime/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/reports/reportingregime/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/reports/reportingregime/<path:object_id>/change/": "L L L L 200 403 L 200",
    "POST admin/reports/reportingregime/<path:object_id>/change/": "L L L L 200 403 L 200",
    "GET admin/reports/reportingregime/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/reports/reportingregime/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/reports/reportingregime/<path:object_id>/history/": "L L L L 200 403 L 200",
    "POST admin/reports/reportingregime/<path:object_id>/history/": "L L L L 200 403 L 200",
    "GET admin/reports/reportingregime/add/": "L L L L 200 200 L 200",
    "POST admin/reports/reportingregime/add/": "L L L L 200 200 L 200",
    "GET admin/reports/reportperiod/": "L L L L 200 200 L 200",
    "POST admin/reports/reportperiod/": "L L L L 200 200 L 200",
    "GET admin/reports/reportperiod/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/reports/reportperiod/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/reports/reportperiod/<path:object_id>/change/": "L L L L 200 403 L 200",
    "POST admin/reports/reportperiod/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/reports/reportperiod/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/reports/reportperiod/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/reports/reportperiod/<path:object_id>/history/": "L L L L 200 403 L 200",
    "POST admin/reports/reportperiod/<path:object_id>/history/": "L L L L 200 403 L 200",
    "GET admin/reports/reportperiod/add/": "L L L L 403 403 L 403",
    "POST admin/reports/reportperiod/add/": "L L L L 403 403 L 403",
    "GET admin/reports/submission/": "L L L L 200 200 L 200",
    "POST admin/reports/submission/": "L L L L 200 200 L 200",
    "GET admin/reports/submission/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/reports/submission/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/reports/submission/<path:object_id>/change/": "L L L L 200 403 L 200",
    "POST admin/reports/submission/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/reports/submission/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/reports/submission/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/reports/submission/<path:object_id>/history/": "L L L L 200 403 L 200",
    "POST admin/reports/submission/<path:object_id>/history/": "L L L L 200 403 L 200",
    "GET admin/reports/submission/add/": "L L L L 403 403 L 403",
    "POST admin/reports/submission/add/": "L L L L 403 403 L 403",
    "GET admin/tasks/domain/": "L L L L 200 200 L 200",
    "POST admin/tasks/domain/": "L L L L 200 200 L 200",
    "GET admin/tasks/domain/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/tasks/domain/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/tasks/domain/<path:object_id>/change/": "L L L L 403 403 L 200",
    "POST admin/tasks/domain/<path:object_id>/change/": "L L L L 403 403 L 200",
    "GET admin/tasks/domain/<path:object_id>/delete/": "L L L L 403 403 L 200",
    "POST admin/tasks/domain/<path:object_id>/delete/": "L L L L 403 403 L 200",
    "GET admin/tasks/domain/<path:object_id>/history/": "L L L L 403 403 L 200",
    "POST admin/tasks/domain/<path:object_id>/history/": "L L L L 403 403 L 200",
    "GET admin/tasks/domain/add/": "L L L L 200 200 L 200",
    "POST admin/tasks/domain/add/": "L L L L 200 200 L 200",
    "GET admin/tasks/task/": "L L L L 200 200 L 200",
    "POST admin/tasks/task/": "L L L L 200 200 L 200",
    "GET admin/tasks/task/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/tasks/task/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/tasks/task/<path:object_id>/change/": "L L L L 200 403 L 200",
    "POST admin/tasks/task/<path:object_id>/change/": "L L L L 403 403 L 403",
    "GET admin/tasks/task/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "POST admin/tasks/task/<path:object_id>/delete/": "L L L L 403 403 L 403",
    "GET admin/tasks/task/<path:object_id>/history/": "L L L L 200 403 L 200",
    "POST admin/tasks/task/<path:object_id>/history/": "L L L L 200 403 L 200",
    "GET admin/tasks/task/add/": "L L L L 403 403 L 403",
    "POST admin/tasks/task/add/": "L L L L 403 403 L 403",
    "GET admin/tasks/tasksource/": "L L L L 200 200 L 200",
    "POST admin/tasks/tasksource/": "L L L L 200 200 L 200",
    "GET admin/tasks/tasksource/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/tasks/tasksource/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/tasks/tasksource/<path:object_id>/change/": "L L L L 200 403 L 200",
    "POST admin/tasks/tasksource/<path:object_id>/change/": "L L L L 200 403 L 200",
    "GET admin/tasks/tasksource/<path:object_id>/delete/": "L L L L 200 403 L 200",
    "POST admin/tasks/tasksource/<path:object_id>/delete/": "L L L L 200 403 L 200",
    "GET admin/tasks/tasksource/<path:object_id>/history/": "L L L L 200 403 L 200",
    "POST admin/tasks/tasksource/<path:object_id>/history/": "L L L L 200 403 L 200",
    "GET admin/tasks/tasksource/add/": "L L L L 200 200 L 200",
    "POST admin/tasks/tasksource/add/": "L L L L 200 200 L 200",
    "GET admin/units/unit/": "L L L L 200 200 L 200",
    "POST admin/units/unit/": "L L L L 200 200 L 200",
    "GET admin/units/unit/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/units/unit/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/units/unit/<path:object_id>/change/": "L L L L 200 200 L 200",
    "POST admin/units/unit/<path:object_id>/change/": "L L L L 200 200 L 200",
    "GET admin/units/unit/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "POST admin/units/unit/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "GET admin/units/unit/<path:object_id>/history/": "L L L L 200 200 L 200",
    "POST admin/units/unit/<path:object_id>/history/": "L L L L 200 200 L 200",
    "GET admin/units/unit/add/": "L L L L 200 200 L 200",
    "POST admin/units/unit/add/": "L L L L 200 200 L 200",
    "GET admin/units/unitevent/": "L L L L 200 200 L 200",
    "POST admin/units/unitevent/": "L L L L 200 200 L 200",
    "GET admin/units/unitevent/<path:object_id>/": "L L L L 302 302 L 302",
    "POST admin/units/unitevent/<path:object_id>/": "L L L L 302 302 L 302",
    "GET admin/units/unitevent/<path:object_id>/change/": "L L L L 200 200 L 200",
    "POST admin/units/unitevent/<path:object_id>/change/": "L L L L 200 200 L 200",
    "GET admin/units/unitevent/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "POST admin/units/unitevent/<path:object_id>/delete/": "L L L L 200 200 L 200",
    "GET admin/units/unitevent/<path:object_id>/history/": "L L L L 200 200 L 200",
    "POST admin/units/unitevent/<path:object_id>/history/": "L L L L 200 200 L 200",
    "GET admin/units/unitevent/add/": "L L L L 200 200 L 200",
    "POST admin/units/unitevent/add/": "L L L L 200 200 L 200",
    "GET api/v1/": "404 404 404 404 404 404 404 404",
    "POST api/v1/": "404 404 404 404 404 404 404 404",
    "GET api/v1/attachments/<attachment_id>": "401 200 200 404 200 404 200 200",
    "POST api/v1/attachments/<attachment_id>": "405 405 405 405 405 405 405 405",
    "GET api/v1/committees": "200 200 200 200 200 200 200 200",
    "POST api/v1/committees": "405 405 405 405 405 405 405 405",
    "GET api/v1/committees/<committee_id>": "200 200 200 200 200 200 200 200",
    "POST api/v1/committees/<committee_id>": "405 405 405 405 405 405 405 405",
    "GET api/v1/committees/<committee_id>/composition": "200 200 200 200 200 200 200 200",
    "POST api/v1/committees/<committee_id>/composition": "405 405 405 405 405 405 405 405",
    "GET api/v1/decisions": "200 200 200 200 200 200 200 200",
    "POST api/v1/decisions": "405 405 405 405 405 405 405 405",
    "GET api/v1/decisions/<decision_id>": "200 200 200 200 200 200 200 200",
    "POST api/v1/decisions/<decision_id>": "405 405 405 405 405 405 405 405",
    "GET api/v1/docs": "200 200 200 200 200 200 200 200",
    "POST api/v1/docs": "200 200 200 200 200 200 200 200",
    "GET api/v1/evaluation/cycles": "401 200 200 200 200 200 200 200",
    "POST api/v1/evaluation/cycles": "405 405 405 405 405 405 405 405",
    "GET api/v1/evaluation/cycles/<cycle_id>/actions/<action>": "405 405 405 405 405 405 405 405",
    "POST api/v1/evaluation/cycles/<cycle_id>/actions/<action>": "401 404 403 403 200 404 403 200",
    "GET api/v1/evaluation/cycles/<cycle_id>/proposals": "401 403 403 403 200 403 200 200",
    "POST api/v1/evaluation/cycles/<cycle_id>/proposals": "401 422 422 422 422 422 422 422",
    "GET api/v1/evaluation/cycles/<cycle_id>/proposals/<proposal_id>": "405 405 405 405 405 405 405 405",
    "POST api/v1/evaluation/cycles/<cycle_id>/proposals/<proposal_id>": "405 405 405 405 405 405 405 405",
    "GET api/v1/evaluation/cycles/<cycle_id>/results": "401 404 403 403 200 404 200 200",
    "POST api/v1/evaluation/cycles/<cycle_id>/results": "405 405 405 405 405 405 405 405",
    "GET api/v1/evaluation/cycles/<cycle_id>/scores/<score_id>/appraisal": "405 405 405 405 405 405 405 405",
    "POST api/v1/evaluation/cycles/<cycle_id>/scores/<score_id>/appraisal": "401 422 422 422 422 422 422 422",
    "GET api/v1/evaluation/cycles/<cycle_id>/scores/<score_id>/external": "405 405 405 405 405 405 405 405",
    "POST api/v1/evaluation/cycles/<cycle_id>/scores/<score_id>/external": "401 422 422 422 422 422 422 422",
    "GET api/v1/evaluation/cycles/<cycle_id>/scores/<score_id>/self-assessment": "405 405 405 405 405 405 405 405",
    "POST api/v1/evaluation/cycles/<cycle_id>/scores/<score_id>/self-assessment": "401 422 422 422 422 422 422 422",
    "GET api/v1/evaluation/cycles/<cycle_id>/self-assessment": "401 404 200 200 403 404 403 403",
    "POST api/v1/evaluation/cycles/<cycle_id>/self-assessment": "405 405 405 405 405 405 405 405",
    "GET api/v1/evaluation/cycles/<cycle_id>/units/<unit_id>": "401 404 403 403 200 404 200 200",
    "POST api/v1/evaluation/cycles/<cycle_id>/units/<unit_id>": "405 405 405 405 405 405 405 405",
    "GET api/v1/extension-requests/<request_id>/decision": "405 405 405 405 405 405 405 405",
    "POST api/v1/extension-requests/<request_id>/decision": "401 422 422 422 422 422 422 422",
    "GET api/v1/ingest": "405 405 405 405 405 405 405 405",
    "POST api/v1/ingest": "401 403 403 403 400 400 403 400",
    "GET api/v1/ingest/<draft_id>": "401 403 403 403 200 200 403 200",
    "POST api/v1/ingest/<draft_id>": "405 405 405 405 405 405 405 405",
    "GET api/v1/ingest/<draft_id>/commit": "405 405 405 405 405 405 405 405",
    "POST api/v1/ingest/<draft_id>/commit": "401 403 403 403 201 201 403 201",
    "GET api/v1/notifications": "401 200 200 200 200 200 200 200",
    "POST api/v1/notifications": "405 405 405 405 405 405 405 405",
    "GET api/v1/notifications/<int:notification_id>/read": "405 405 405 405 405 405 405 405",
    "POST api/v1/notifications/<int:notification_id>/read": "401 404 200 404 404 404 404 404",
    "GET api/v1/openapi.json": "200 200 200 200 200 200 200 200",
    "POST api/v1/openapi.json": "200 200 200 200 200 200 200 200",
    "GET api/v1/reports/consolidated/<document_id>": "401 404 404 404 200 404 200 200",
    "POST api/v1/reports/consolidated/<document_id>": "405 405 405 405 405 405 405 405",
    "GET api/v1/reports/periods": "401 200 200 200 200 200 200 200",
    "POST api/v1/reports/periods": "401 422 422 422 422 422 422 422",
    "GET api/v1/reports/periods/<period_id>/consolidated": "401 403 403 403 200 403 200 200",
    "POST api/v1/reports/periods/<period_id>/consolidated": "405 405 405 405 405 405 405 405",
    "GET api/v1/reports/periods/<period_id>/draft": "405 405 405 405 405 405 405 405",
    "POST api/v1/reports/periods/<period_id>/draft": "401 422 422 422 422 422 422 422",
    "GET api/v1/reports/periods/<period_id>/statistics": "401 200 200 200 200 200 200 200",
    "POST api/v1/reports/periods/<period_id>/statistics": "405 405 405 405 405 405 405 405",
    "GET api/v1/reports/periods/<period_id>/submissions": "401 200 200 200 200 404 200 200",
    "POST api/v1/reports/periods/<period_id>/submissions": "405 405 405 405 405 405 405 405",
    "GET api/v1/reports/periods/<period_id>/units/<unit_id>/versions": "401 200 200 404 200 404 200 200",
    "POST api/v1/reports/periods/<period_id>/units/<unit_id>/versions": "405 405 405 405 405 405 405 405",
    "GET api/v1/reports/submissions/<submission_id>": "401 200 200 404 200 404 200 200",
    "POST api/v1/reports/submissions/<submission_id>": "405 405 405 405 405 405 405 405",
    "GET api/v1/reports/submissions/<submission_id>/approve": "405 405 405 405 405 405 405 405",
    "POST api/v1/reports/submissions/<submission_id>/approve": "401 403 403 404 403 404 403 403",
    "GET api/v1/reports/submissions/<submission_id>/correct": "405 405 405 405 405 405 405 405",
    "POST api/v1/reports/submissions/<submission_id>/correct": "401 422 422 422 422 422 422 422",
    "GET api/v1/reports/submissions/<submission_id>/return": "405 405 405 405 405 405 405 405",
    "POST api/v1/reports/submissions/<submission_id>/return": "401 422 422 422 422 422 422 422",
    "GET api/v1/reports/submissions/<submission_id>/submit": "405 405 405 405 405 405 405 405",
    "POST api/v1/reports/submissions/<submission_id>/submit": "401 403 200 404 403 404 403 403",
    "GET api/v1/tasks": "401 200 200 200 200 200 200 200",
    "POST api/v1/tasks": "401 422 422 422 422 422 422 422",
    "GET api/v1/tasks/<task_id>": "401 200 200 404 200 404 200 200",
    "POST api/v1/tasks/<task_id>": "405 405 405 405 405 405 405 405",
    "GET api/v1/tasks/<task_id>/cancel": "405 405 405 405 405 405 405 405",
    "POST api/v1/tasks/<task_id>/cancel": "401 422 422 422 422 422 422 422",
    "GET api/v1/tasks/<task_id>/extension-requests": "405 405 405 405 405 405 405 405",
    "POST api/v1/tasks/<task_id>/extension-requests": "401 422 422 422 422 422 422 422",
    "GET api/v1/tasks/<task_id>/progress": "405 405 405 405 405 405 405 405",
    "POST api/v1/tasks/<task_id>/progress": "401 422 422 422 422 422 422 422",
    "GET api/v1/tasks/<task_id>/reassign": "405 405 405 405 405 405 405 405",
    "POST api/v1/tasks/<task_id>/reassign": "401 422 422 422 422 422 422 422",
    "GET api/v1/tasks/counts": "401 200 200 200 200 200 200 200",
    "POST api/v1/tasks/counts": "405 405 405 405 405 405 405 405",
    "GET api/v1/tasks/export.xlsx": "401 200 200 200 200 200 200 200",
    "POST api/v1/tasks/export.xlsx": "405 405 405 405 405 405 405 405",
    "GET api/v1/units": "200 200 200 200 200 200 200 200",
    "POST api/v1/units": "405 405 405 405 405 405 405 405",
    "GET api/v1/units/<unit_id>": "200 200 200 200 200 200 200 200",
    "POST api/v1/units/<unit_id>": "405 405 405 405 405 405 405 405",
    "GET committees/<int:pk>/": "200 200 200 200 200 200 200 200",
    "POST committees/<int:pk>/": "200 200 200 200 200 200 200 200",
    "GET decisions/": "200 200 200 200 200 200 200 200",
    "POST decisions/": "200 200 200 200 200 200 200 200",
    "GET decisions/<int:pk>/": "200 200 200 200 200 200 200 200",
    "POST decisions/<int:pk>/": "200 200 200 200 200 200 200 200",
    "GET evaluation/": "L 200 200 200 200 200 200 200",
    "POST evaluation/": "L 200 200 200 200 200 200 200",
    "GET evaluation/<int:pk>/": "L 404 200 200 200 404 200 200",
    "POST evaluation/<int:pk>/": "L 404 200 200 200 404 200 200",
    "GET evaluation/<int:pk>/actions/<slug:action>/": "L 405 405 405 405 405 405 405",
    "POST evaluation/<int:pk>/actions/<slug:action>/": "L 404 403 403 302 404 403 302",
    "GET evaluation/<int:pk>/appraisal/": "L 404 403 403 200 404 403 200",
    "POST evaluation/<int:pk>/appraisal/": "L 404 403 403 200 404 403 200",
    "GET evaluation/<int:pk>/appraisal/<int:unit_id>/": "L 404 403 403 200 404 403 200",
    "POST evaluation/<int:pk>/appraisal/<int:unit_id>/": "L 404 403 403 200 404 403 200",
    "GET evaluation/<int:pk>/appraisal/<int:unit_id>/accept-all/": "L 405 405 405 405 405 405 405",
    "POST evaluation/<int:pk>/appraisal/<int:unit_id>/accept-all/": "L 404 403 403 302 404 403 302",
    "GET evaluation/<int:pk>/appraisal/scores/<int:score_id>/": "L 405 405 405 405 405 405 405",
    "POST evaluation/<int:pk>/appraisal/scores/<int:score_id>/": "L 404 403 403 302 404 403 302",
    "GET evaluation/<int:pk>/proposals.docx": "L 403 403 403 200 403 200 200",
    "POST evaluation/<int:pk>/proposals.docx": "L 403 403 403 200 403 200 200",
    "GET evaluation/<int:pk>/proposals/": "L 403 403 403 200 403 200 200",
    "POST evaluation/<int:pk>/proposals/": "L 403 403 403 200 403 200 200",
    "GET evaluation/<int:pk>/proposals/<int:proposal_id>/": "L 405 405 405 405 405 405 405",
    "POST evaluation/<int:pk>/proposals/<int:proposal_id>/": "L 403 403 403 302 403 403 302",
    "GET evaluation/<int:pk>/proposals/add/": "L 405 405 405 405 405 405 405",
    "POST evaluation/<int:pk>/proposals/add/": "L 403 403 403 302 403 403 302",
    "GET evaluation/<int:pk>/self-assessment/": "L 404 200 200 403 404 403 403",
    "POST evaluation/<int:pk>/self-assessment/": "L 404 200 200 403 404 403 403",
    "GET evaluation/<int:pk>/self-assessment/<int:score_id>/": "L 405 405 405 405 405 405 405",
    "POST evaluation/<int:pk>/self-assessment/<int:score_id>/": "L 404 302 404 404 404 404 404",
    "GET evaluation/<int:pk>/settings/": "L 404 403 403 200 404 403 200",
    "POST evaluation/<int:pk>/settings/": "L 404 403 403 422 404 403 422",
    "GET evaluation/<int:pk>/units/<int:unit_id>/": "L 404 403 403 200 404 200 200",
    "POST evaluation/<int:pk>/units/<int:unit_id>/": "L 404 403 403 200 404 200 200",
    "GET evaluation/evidence/<int:pk>/": "L 404 200 404 200 404 200 200",
    "POST evaluation/evidence/<int:pk>/": "L 404 200 404 200 404 200 200",
    "GET evaluation/new/": "L 403 403 403 200 200 403 200",
    "POST evaluation/new/": "L 403 403 403 422 422 403 422",
    "GET evaluation/sets/": "L 200 200 200 200 200 200 200",
    "POST evaluation/sets/": "L 200 200 200 200 200 200 200",
    "GET evaluation/sets/<int:set_id>/": "L 200 200 200 200 200 200 200",
    "POST evaluation/sets/<int:set_id>/": "L 200 200 200 200 200 200 200",
    "GET evaluation/sets/<int:set_id>/export.xlsx": "L 200 200 200 200 200 200 200",
    "POST evaluation/sets/<int:set_id>/export.xlsx": "L 200 200 200 200 200 200 200",
    "GET evaluation/sets/import/": "L 405 405 405 405 405 405 405",
    "POST evaluation/sets/import/": "L 403 403 403 302 302 403 302",
    "GET ingest/": "L 403 403 403 200 200 403 200",
    "POST ingest/": "L 403 403 403 400 400 403 400",
    "GET ingest/<int:pk>/": "L 403 403 403 200 200 403 200",
    "POST ingest/<int:pk>/": "L 403 403 403 302 302 403 302",
    "GET notifications/": "L 200 200 200 200 200 200 200",
    "POST notifications/": "L 405 405 405 405 405 405 405",
    "GET notifications/<int:pk>/open/": "L 405 405 405 405 405 405 405",
    "POST notifications/<int:pk>/open/": "L 404 302 404 404 404 404 404",
    "GET notifications/<int:pk>/read/": "L 405 405 405 405 405 405 405",
    "POST notifications/<int:pk>/read/": "L 404 302 404 404 404 404 404",
    "GET notifications/preference/": "L 405 405 405 405 405 405 405",
    "POST notifications/preference/": "L 302 302 302 302 302 302 302",
    "GET notifications/read/": "L 405 405 405 405 405 405 405",
    "POST notifications/read/": "L 302 302 302 302 302 302 302",
    "GET reports/adhoc/new/": "L 403 403 403 200 200 403 200",
    "POST reports/adhoc/new/": "L 403 403 403 422 422 403 422",
    "GET reports/attachments/<int:pk>/": "L 200 200 404 200 404 200 200",
    "POST reports/attachments/<int:pk>/": "L 200 200 404 200 404 200 200",
    "GET reports/consolidated/": "L 403 403 403 200 200 200 200",
    "POST reports/consolidated/": "L 403 403 403 200 200 200 200",
    "GET reports/consolidated/<int:pk>/": "L 404 404 404 200 404 200 200",
    "POST reports/consolidated/<int:pk>/": "L 404 404 404 200 404 200 200",
    "GET reports/consolidated/<int:pk>/download/": "L 404 404 404 200 404 200 200",
    "POST reports/consolidated/<int:pk>/download/": "L 404 404 404 200 404 200 200",
    "GET reports/dashboard/": "L 200 403 403 200 200 200 200",
    "POST reports/dashboard/": "L 200 403 403 200 200 200 200",
    "GET reports/forms/": "L 403 403 403 200 200 403 200",
    "POST reports/forms/": "L 403 403 403 200 200 403 200",
    "GET reports/forms/<int:pk>/": "L 403 403 403 200 403 403 200",
    "POST reports/forms/<int:pk>/": "L 403 403 403 422 403 403 422",
    "GET reports/forms/new/": "L 403 403 403 200 200 403 200",
    "POST reports/forms/new/": "L 403 403 403 422 422 403 422",
    "GET reports/periods/": "L 200 200 200 200 200 200 200",
    "POST reports/periods/": "L 200 200 200 200 200 200 200",
    "GET reports/periods/<int:pk>/": "L 200 200 200 200 404 200 200",
    "POST reports/periods/<int:pk>/": "L 200 200 200 200 404 200 200",
    "GET reports/periods/<int:pk>/consolidated/": "L 403 403 403 200 404 200 200",
    "POST reports/periods/<int:pk>/consolidated/": "L 403 403 403 200 404 200 200",
    "GET reports/periods/<int:pk>/consolidated/<str:format>/": "L 405 405 405 405 405 405 405",
    "POST reports/periods/<int:pk>/consolidated/<str:format>/": "L 403 403 403 302 404 302 302",
    "GET reports/periods/<int:pk>/units/<int:unit_id>/": "L 200 200 404 200 404 200 200",
    "POST reports/periods/<int:pk>/units/<int:unit_id>/": "L 200 200 404 200 404 200 200",
    "GET reports/periods/<int:pk>/units/<int:unit_id>/approve/": "L 405 405 405 405 405 405 405",
    "POST reports/periods/<int:pk>/units/<int:unit_id>/approve/": "L 403 403 404 403 404 403 403",
    "GET reports/periods/<int:pk>/units/<int:unit_id>/correct/": "L 405 405 405 405 405 405 405",
    "POST reports/periods/<int:pk>/units/<int:unit_id>/correct/": "L 403 409 404 403 404 403 403",
    "GET reports/periods/<int:pk>/units/<int:unit_id>/save/": "L 405 405 405 405 405 405 405",
    "POST reports/periods/<int:pk>/units/<int:unit_id>/save/": "L 403 302 404 403 404 403 403",
    "GET reports/periods/<int:pk>/units/<int:unit_id>/v<int:version>/": "L 200 200 404 200 404 200 200",
    "POST reports/periods/<int:pk>/units/<int:unit_id>/v<int:version>/": "L 200 200 404 200 404 200 200",
    "GET reports/periods/open/": "L 403 403 403 200 200 403 200",
    "POST reports/periods/open/": "L 403 403 403 422 422 403 422",
    "GET reports/programs/<int:pk>/review/": "L 403 403 403 200 403 200 200",
    "POST reports/programs/<int:pk>/review/": "L 403 403 403 200 403 200 200",
    "GET reports/tasks-as-of/": "L 200 200 200 200 200 200 200",
    "POST reports/tasks-as-of/": "L 200 200 200 200 200 200 200",
    "GET tasks/": "L 200 200 200 200 200 200 200",
    "POST tasks/": "L 200 200 200 200 200 200 200",
    "GET tasks/<int:pk>/": "L 200 200 404 200 404 200 200",
    "POST tasks/<int:pk>/": "L 200 200 404 200 404 200 200",
    "GET tasks/<int:pk>/cancel/": "L 405 405 405 405 405 405 405",
    "POST tasks/<int:pk>/cancel/": "L 403 403 404 422 404 403 422",
    "GET tasks/<int:pk>/edit/": "L 403 403 404 200 404 403 200",
    "POST tasks/<int:pk>/edit/": "L 403 403 404 422 404 403 422",
    "GET tasks/<int:pk>/extension/": "L 405 405 405 405 405 405 405",
    "POST tasks/<int:pk>/extension/": "L 403 422 404 403 404 403 403",
    "GET tasks/<int:pk>/extension/<int:request_pk>/decide/": "L 405 405 405 405 405 405 405",
    "POST tasks/<int:pk>/extension/<int:request_pk>/decide/": "L 403 403 404 422 404 403 422",
    "GET tasks/<int:pk>/progress/": "L 405 405 405 405 405 405 405",
    "POST tasks/<int:pk>/progress/": "L 403 422 404 403 404 403 403",
    "GET tasks/<int:pk>/reassign/": "L 405 405 405 405 405 405 405",
    "POST tasks/<int:pk>/reassign/": "L 403 403 404 422 404 403 422",
    "GET tasks/attachments/<int:pk>/": "L 200 200 404 200 404 200 200",
    "POST tasks/attachments/<int:pk>/": "L 200 200 404 200 404 200 200",
    "GET tasks/dashboard/": "L 200 200 200 200 200 200 200",
    "POST tasks/dashboard/": "L 200 200 200 200 200 200 200",
    "GET tasks/export.xlsx": "L 200 200 200 200 200 200 200",
    "POST tasks/export.xlsx": "L 405 405 405 405 405 405 405",
    "GET tasks/extensions/": "L 403 403 403 200 200 403 200",
    "POST tasks/extensions/": "L 403 403 403 200 200 403 200",
    "GET tasks/import/": "L 403 403 403 200 200 403 200",
    "POST tasks/import/": "L 403 403 403 400 400 403 400",
    "GET tasks/import/confirm/": "L 405 405 405 405 405 405 405",
    "POST tasks/import/confirm/": "L 403 403 403 302 302 403 302",
    "GET tasks/import/template.xlsx": "L 403 403 403 200 200 403 200",
    "POST tasks/import/template.xlsx": "L 405 405 405 405 405 405 405",
    "GET tasks/mine/": "L 200 200 200 200 200 200 200",
    "POST tasks/mine/": "L 200 200 200 200 200 200 200",
    "GET tasks/new/": "L 403 403 403 200 200 403 200",
    "POST tasks/new/": "L 403 403 403 422 422 403 422",
    "GET tasks/orphaned/": "L 403 403 403 200 200 403 200",
    "POST tasks/orphaned/": "L 403 403 403 200 200 403 200",
    "GET units/": "200 200 200 200 200 200 200 200",
    "POST units/": "200 200 200 200 200 200 200 200",
    "GET units/<int:pk>/": "200 200 200 200 200 200 200 200",
    "POST units/<int:pk>/": "200 200 200 200 200 200 200 200",
    "GET urging/letter/": "L 400 400 400 400 400 400 400",
    "POST urging/letter/": "L 405 405 405 405 405 405 405",
    "GET urging/notifications/": "L 301 301 301 301 301 301 301",
    "POST urging/notifications/": "L 405 405 405 405 405 405 405",
}
