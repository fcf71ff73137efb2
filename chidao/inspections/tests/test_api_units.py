"""The API at an inspected unit: a finding's evidence files (uploaded, listed with the
findings, downloaded through the pages' access check) and difficulties raised at the
inspection put into the register, per persona."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chidao.inspections import services
from chidao.inspections.models import FindingFile, InspectedUnit
from chidao.inspections.tests.helpers import PDF, conclude, findings, make_world, pdf, plan
from chidao.obstacles.models import Obstacle
from chidao.storage import files
from chidao.tasks.tests.api.world import bearer
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def recorded(world, **kwargs):
    """An issued inspection whose team recorded K1, K2 and K3 at Sở Tư pháp."""
    inspection = plan(world, **kwargs)
    services.findings_record(
        actor=world.staff, inspection=inspection, unit=world.justice, findings=findings(inspection)
    )
    return inspection


def files_url(inspection, unit, code="K1") -> str:
    item = inspection.checklist.get(code=code)
    return f"/api/v1/inspections/{inspection.pk}/units/{unit.pk}/findings/{item.pk}/files"


def upload(client, url, uploads, user):
    return client.post(url, {"files": uploads}, headers=bearer(user))


def findings_of(client, inspection, unit, user):
    url = f"/api/v1/inspections/{inspection.pk}/units/{unit.pk}/findings"
    return client.get(url, headers=bearer(user))


def test_the_team_adds_evidence_to_a_finding(client, store):
    world = make_world()
    inspection = recorded(world)
    answer = upload(
        client, files_url(inspection, world.justice), [pdf("bien-ban.pdf")], world.staff
    )
    assert answer.status_code == 201
    data = answer.json()
    assert (data["code"], data["result"]) == ("K1", "compliant")
    assert [(f["name"], f["size"], f["content_type"]) for f in data["files"]] == [
        ("bien-ban.pdf", len(PDF), "application/pdf")
    ]
    assert data["files"][0]["url"] == f"/api/v1/inspections/files/finding/{data['files'][0]['id']}"


def test_the_findings_list_carries_each_findings_files(client, store):
    world = make_world()
    inspection = recorded(world)
    upload(
        client,
        files_url(inspection, world.justice, "K2"),
        [pdf("a.pdf"), pdf("b.pdf")],
        world.staff,
    )
    rows = findings_of(client, inspection, world.justice, world.focal).json()["findings"]
    assert [(r["code"], [f["name"] for f in r["files"]]) for r in rows] == [
        ("K1", []),
        ("K2", ["a.pdf", "b.pdf"]),
        ("K3", []),
    ]


def test_the_findings_list_costs_the_same_for_one_file_or_many(client, store):
    world = make_world()
    inspection = recorded(world)
    upload(client, files_url(inspection, world.justice), [pdf()], world.staff)
    findings_of(client, inspection, world.justice, world.staff)
    with CaptureQueriesContext(connection) as one:
        findings_of(client, inspection, world.justice, world.staff)
    for code in ("K2", "K3"):
        upload(client, files_url(inspection, world.justice, code), [pdf(), pdf()], world.staff)
    with CaptureQueriesContext(connection) as five:
        rows = findings_of(client, inspection, world.justice, world.staff).json()["findings"]
    assert sum(len(r["files"]) for r in rows) == 5
    assert len(five) == len(one)


def test_the_findings_of_a_unit_are_seen_as_on_its_page(client):
    world = make_world()
    inspection = recorded(world)
    assert findings_of(client, inspection, world.justice, world.viewer).status_code == 200
    assert findings_of(client, inspection, world.justice, world.focal_finance).status_code == 404
    assert findings_of(client, inspection, world.justice, world.other_staff).status_code == 404


def test_others_may_not_add_evidence(client, store):
    world = make_world()
    inspection = recorded(world)
    url = files_url(inspection, world.justice)
    assert upload(client, url, [pdf()], world.focal).status_code == 403
    assert upload(client, url, [pdf()], world.viewer).status_code == 403
    assert upload(client, url, [pdf()], world.focal_finance).status_code == 404
    assert upload(client, url, [pdf()], world.other_staff).status_code == 404
    assert not FindingFile.objects.exists()


def test_evidence_waits_for_the_finding_409(client, store):
    world = make_world()
    inspection = plan(world)
    answer = upload(client, files_url(inspection, world.justice), [pdf()], world.staff)
    assert answer.status_code == 409
    assert answer.json()["detail"] == (
        "Mục K1 chưa có kết quả kiểm tra tại đơn vị: ghi kết quả trước."
    )


def test_evidence_after_the_conclusion_is_a_409(client, store):
    world = make_world()
    inspection = recorded(world)
    conclude(world, inspection)
    answer = upload(client, files_url(inspection, world.justice), [pdf()], world.staff)
    assert answer.status_code == 409
    assert not FindingFile.objects.exists()


def test_an_item_not_in_the_checklist_is_a_404(client, store):
    world = make_world()
    inspection, other = recorded(world), plan(world, title="Đợt khác")
    item = other.checklist.get(code="K1")
    url = f"/api/v1/inspections/{inspection.pk}/units/{world.justice.pk}/findings/{item.pk}/files"
    assert upload(client, url, [pdf()], world.staff).status_code == 404


def test_a_rejected_file_refuses_them_all_422_and_stores_nothing(client, store):
    world = make_world()
    inspection = recorded(world)
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/x-msdownload")
    answer = upload(client, files_url(inspection, world.justice), [pdf(), bad], world.staff)
    assert answer.status_code == 422
    assert "x.exe" in answer.json()["detail"]
    assert not FindingFile.objects.exists()
    assert not store.exists() or not any(store.rglob("*.pdf"))


def test_a_file_over_the_size_limit_is_a_422(client, store, settings):
    settings.CHIDAO_UPLOAD_MAX_BYTES = len(PDF) - 1
    world = make_world()
    inspection = recorded(world)
    answer = upload(client, files_url(inspection, world.justice), [pdf()], world.staff)
    assert answer.status_code == 422
    assert "quá lớn" in answer.json()["detail"]


def test_no_file_or_more_than_five_is_a_422(client, store):
    world = make_world()
    inspection = recorded(world)
    url = files_url(inspection, world.justice)
    assert upload(client, url, [], world.staff).status_code == 422
    answer = upload(client, url, [pdf() for _ in range(6)], world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "files"]
    assert not FindingFile.objects.exists()


def test_evidence_is_downloaded_by_those_who_see_the_unit_only(client, store):
    world = make_world()
    inspection = recorded(world)
    data = upload(client, files_url(inspection, world.justice), [pdf("bb.pdf")], world.staff).json()
    url = data["files"][0]["url"]
    answer = client.get(url, headers=bearer(world.focal))
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF
    assert 'filename="bb.pdf"' in answer["Content-Disposition"]
    for user in (world.focal_finance, world.other_staff):
        assert client.get(url, headers=bearer(user)).status_code == 404


def test_a_file_gone_from_the_store_is_a_404_not_a_500(client, store):
    world = make_world()
    inspection = recorded(world)
    data = upload(client, files_url(inspection, world.justice), [pdf()], world.staff).json()
    files.discard([FindingFile.objects.get().storage_name])
    answer = client.get(data["files"][0]["url"], headers=bearer(world.staff))
    assert answer.status_code == 404
    assert answer.json()["detail"] == "Tệp không còn trên máy chủ."


# ---- difficulties raised at the inspection


def obstacle_url(inspection, unit) -> str:
    return f"/api/v1/inspections/{inspection.pk}/units/{unit.pk}/obstacles"


def raise_obstacle(client, inspection, unit, payload, user):
    return client.post(
        obstacle_url(inspection, unit),
        payload,
        content_type="application/json",
        headers=bearer(user),
    )


def test_the_unit_raises_a_difficulty_answered_like_the_registers_list(client):
    world = make_world()
    inspection = plan(world)
    payload = {"title": "Thiếu máy quét để số hóa hồ sơ", "content": "Cần 5 máy"}
    answer = raise_obstacle(client, inspection, world.justice, payload, world.focal)
    assert answer.status_code == 201
    data = answer.json()
    listed = client.get(
        f"/api/v1/obstacles?committee={world.committee.pk}", headers=bearer(world.focal)
    ).json()
    assert data in listed
    assert (data["raised_by"]["id"], data["state"], data["resolver"]) == (
        world.justice.pk,
        "open",
        None,
    )


def test_the_difficulty_names_the_inspection_as_its_source(client):
    world = make_world()
    inspection = plan(world)
    payload = {"title": "Đề nghị hướng dẫn", "kind": "proposal"}
    data = raise_obstacle(client, inspection, world.justice, payload, world.staff).json()
    obstacle = Obstacle.objects.get(pk=data["id"])
    assert (obstacle.origin, obstacle.kind) == ("inspection", "proposal")
    assert obstacle.origin_note.startswith(inspection.title)
    assert list(obstacle.inspections.all()) == [InspectedUnit.objects.get(unit=world.justice)]


def test_only_the_unit_or_the_standing_agency_raises_one(client):
    world = make_world()
    inspection = plan(world)
    payload = {"title": "Vướng mắc"}
    assert (
        raise_obstacle(client, inspection, world.justice, payload, world.viewer).status_code == 403
    )
    for user in (world.focal_finance, world.focal_health, world.other_staff):
        answer = raise_obstacle(client, inspection, world.justice, payload, user)
        assert answer.status_code == 404
    assert not Obstacle.objects.filter(title="Vướng mắc").exists()


def test_a_difficulty_without_a_title_or_raised_tomorrow_is_a_422(client):
    world = make_world()
    inspection = plan(world)
    answer = raise_obstacle(client, inspection, world.justice, {"title": " "}, world.focal)
    assert answer.status_code == 422
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    payload = {"title": "Vướng mắc", "raised_on": tomorrow.isoformat()}
    answer = raise_obstacle(client, inspection, world.justice, payload, world.focal)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "raised_on"]
