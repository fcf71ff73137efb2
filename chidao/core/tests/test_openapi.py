"""The OpenAPI document: served, browsable, and the committed copy is up to date."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chidao.core.management.commands.export_openapi import OPENAPI_PATH, render_openapi

CONTRACT_PATHS = {
    "/api/v1/committees",
    "/api/v1/committees/{committee_id}/composition",
    "/api/v1/units",
    "/api/v1/units/{unit_id}",
    "/api/v1/decisions",
    "/api/v1/decisions/{decision_id}",
}


@pytest.mark.django_db
def test_openapi_json_is_served(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert CONTRACT_PATHS <= set(response.json()["paths"])


@pytest.mark.django_db
def test_the_kept_document_cannot_be_changed_by_a_caller(client):
    from chidao.api import api

    first = api.get_openapi_schema()
    first["paths"].clear()
    response = client.get("/api/v1/openapi.json")

    assert CONTRACT_PATHS <= set(api.get_openapi_schema()["paths"])
    assert CONTRACT_PATHS <= set(response.json()["paths"])


@pytest.mark.django_db
def test_docs_page_is_served(client):
    assert client.get("/api/v1/docs").status_code == 200


def test_output_schemas_are_described():
    schemas = json.loads(render_openapi())["components"]["schemas"]

    assert {"CompositionOut", "SeatOut", "UnitOut", "DecisionOut"} <= set(schemas)
    assert "person" in schemas["SeatOut"]["properties"]


def test_committed_openapi_document_is_fresh():
    committed = OPENAPI_PATH.read_text(encoding="utf-8") if OPENAPI_PATH.exists() else ""

    assert committed == render_openapi(), (
        f"{OPENAPI_PATH} is stale: run `chidao export-openapi` and commit the result."
    )


def test_export_check_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "openapi.json"
    stale.write_text("{}\n", encoding="utf-8")

    with pytest.raises(CommandError, match="export-openapi"):
        call_command("export_openapi", "--check", "--output", str(stale))


def test_export_writes_the_document(tmp_path):
    target = tmp_path / "openapi.json"

    call_command("export_openapi", "--output", str(target), stdout=StringIO())

    assert target.read_text(encoding="utf-8") == render_openapi()


def test_the_docs_page_loads_swagger_from_our_own_static_files(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in page
    assert "/static/ninja/swagger-ui-bundle.js" in page


def _schema_classes(base) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        found += [sub, *_schema_classes(sub)]
    return found


def test_no_two_api_shapes_share_a_name():
    """ninja files shapes under their class name: two classes of one name would make one
    operation answer a shape the document does not describe."""
    from ninja import Schema

    import chidao.api  # noqa: F401 — every router and shape

    names: dict[str, set[str]] = {}
    for cls in _schema_classes(Schema):
        if cls.__module__.startswith("chidao.") and ".tests." not in cls.__module__:
            names.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: places for name, places in names.items() if len(places) > 1}

    assert shared == {}


def test_every_operation_documents_the_answers_the_shared_plumbing_gives():
    paths = json.loads(render_openapi())["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            expected = {"422"} | ({"403", "413"} if method != "get" else set())
            assert expected <= documented, f"{method.upper()} {path} lacks {expected - documented}"
