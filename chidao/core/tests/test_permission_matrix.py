"""The permission matrix: every route, GET and POST, as each of eight personas.

Every URL pattern of the resolver (pages, the API under /api/v1/, downloads, the admin) is
asked once with GET and once with an empty POST by: an anonymous visitor, a viewer, the focal
person of unit A, the focal person of unit B, the standing staff of committee 1, the standing
staff of another committee, a leader and an administrator (the signed-in ones with a
confirmed second factor, as the admin needs). Path parameters name the world's objects
(chidao/core/tests/permission_world.py): objects of committee 1 and of unit A.

The expected answer of each pair is written once, in EXPECTED (permission_expected.py): one
row per route and method, eight answers in the order of PERSONAS. An answer is the status
code, or "L" for a redirect to a sign-in page. Each request runs in a transaction rolled
back after it, so no answer depends on the order of the requests.

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
from chidao.core.tests.permission_expected import EXPECTED
from chidao.core.tests.permission_world import PERSONAS, admin_object, build_world
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db

THIS_FILE = "chidao/core/tests/test_permission_matrix.py"
TABLE_FILE = "chidao/core/tests/permission_expected.py"
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
    "explanation_id": "explanation",
    "meeting_id": "meeting",
    "invitation_id": "invitation",
    "obstacle_id": "obstacle",
    "program_id": "program",
    "indicator_id": "indicator",
    "value_id": "indicator_value",
    "inspection_id": "inspection",
    "item_id": "checklist_item",
    "view_id": "saved_view",
}
# Names that mean different objects under different routes: (route prefix, attribute).
BY_NAME_AND_PREFIX = {
    "file_id": [("api/v1/obstacles/", "reply_file"), ("api/v1/inspections/", "finding_file")],
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
    ("explanations/", "explanation"),
    ("meetings/files/", "meeting_file"),
    ("meetings/agenda-files/", "agenda_file"),
    ("meetings/guests/", "guest"),
    ("meetings/invitations/", "invitation"),
    ("meetings/", "meeting"),
    ("obstacles/files/", "reply_file"),
    ("obstacles/", "obstacle"),
    ("inspections/files/preparation/", "preparation_file"),
    ("inspections/files/finding/", "finding_file"),
    ("inspections/", "inspection"),
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
        for prefix, attribute in BY_NAME_AND_PREFIX.get(name, ()):
            if route.startswith(prefix):
                return str(getattr(world, attribute).pk)
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
        f"{len(missing)} route(s) have no row in EXPECTED ({TABLE_FILE}); add, in the order "
        f"{' '.join(PERSONAS)}:\n"
        + "\n".join(f'    "{key}": "…",' for key in missing)
        + "\n(run the file with CHIDAO_MATRIX_OBSERVED=/tmp/rows.py to see what they answer)"
    )
    assert not stale, (
        f"rows for routes that no longer exist, remove them from {TABLE_FILE}: {stale}"
    )


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
