"""The inspections API beyond the conclusion: planning, the checklist, issuing the plan, the
unit's preparation and the team's findings, per persona."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chidao.evaluation.models import CriteriaSet, Criterion
from chidao.inspections.models import (
    ChecklistItem,
    Finding,
    InspectedUnit,
    Inspection,
    PreparationFile,
)
from chidao.inspections.tests.helpers import PREPARATION_LIMITS, make_world, pdf, plan
from chidao.tasks.tests.api.world import bearer
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def new_plan(world, **extra) -> dict:
    return {
        "year": 2025,
        "title": "Kế hoạch kiểm tra qua API",
        "starts_on": "2025-10-01",
        "ends_on": "2025-10-31",
        "units": [
            {"unit": world.justice.pk, "day": "2025-10-06"},
            {"unit": world.finance.pk, "day": "2025-10-13"},
        ],
        "items": [{"code": "A1", "text": "Kế hoạch năm"}, {"text": "Công khai thủ tục"}],
    } | extra


def post_json(client, url, payload, user):
    return client.post(url, payload, content_type="application/json", headers=bearer(user))


def create(client, world, payload, user):
    return post_json(client, f"/api/v1/committees/{world.committee.pk}/inspections", payload, user)


def test_the_standing_agency_plans_an_inspection_with_its_units_and_items(client):
    world = make_world()
    answer = create(client, world, new_plan(world), world.staff)
    assert answer.status_code == 201
    data = answer.json()
    assert data["status"] == "draft"
    assert [(u["id"], u["scheduled_on"]) for u in data["units"]] == [
        (world.justice.pk, "2025-10-06"),
        (world.finance.pk, "2025-10-13"),
    ]
    assert [c["code"] for c in data["checklist"]] == ["A1", "K2"]
    assert Inspection.objects.get().pk == data["id"]


def test_a_plan_takes_its_checklist_from_a_criteria_set(client):
    world = make_world()
    criteria = CriteriaSet.objects.create(name="Bộ tiêu chí thử", committee=world.committee)
    Criterion.objects.create(
        criteria_set=criteria, code="1.1", title="Ban hành kế hoạch", method="manual", max_points=2
    )
    payload = new_plan(world, criteria_set=criteria.pk, items=[])
    answer = create(client, world, payload, world.staff)
    assert answer.status_code == 201
    assert [c["code"] for c in answer.json()["checklist"]] == ["1.1"]


def test_others_may_not_plan_and_nothing_is_saved(client):
    world = make_world()
    for user in (world.focal, world.viewer, world.other_staff):
        assert create(client, world, new_plan(world), user).status_code == 403
    assert not Inspection.objects.exists()


def test_an_unknown_unit_is_a_422_naming_it_and_nothing_is_saved(client):
    world = make_world()
    payload = new_plan(world)
    payload["units"][1]["unit"] = 987654
    answer = create(client, world, payload, world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "units[1]"]
    assert not Inspection.objects.exists()


def test_a_day_outside_the_plan_is_a_422_and_nothing_is_saved(client):
    world = make_world()
    payload = new_plan(world)
    payload["units"][0]["day"] = "2025-11-06"
    answer = create(client, world, payload, world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "units[0]"]
    assert not Inspection.objects.exists()


def test_a_duplicate_item_code_refuses_the_whole_plan(client):
    world = make_world()
    payload = new_plan(world, items=[{"code": "A1", "text": "Một"}, {"code": "A1", "text": "Hai"}])
    answer = create(client, world, payload, world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "items[1]"]
    assert not Inspection.objects.exists() and not ChecklistItem.objects.exists()


def test_an_item_is_added_by_the_standing_agency_only(client):
    world = make_world()
    inspection = plan(world, issue=False)
    url = f"/api/v1/inspections/{inspection.pk}/checklist"
    item = {"code": "K9", "text": "Ứng dụng chữ ký số"}
    assert post_json(client, url, item, world.focal).status_code == 403
    assert post_json(client, url, item, world.focal_health).status_code == 404
    answer = post_json(client, url, item, world.staff)
    assert answer.status_code == 201
    assert answer.json()["code"] == "K9"
    assert inspection.checklist.count() == 4


def test_the_standing_agency_issues_the_plan(client):
    world = make_world()
    inspection = plan(world, issue=False)
    url = f"/api/v1/inspections/{inspection.pk}/issue"
    payload = {"number": "07/KH-BCĐ", "date": "2025-09-20"}
    assert post_json(client, url, payload, world.focal).status_code == 403
    answer = post_json(client, url, payload, world.staff)
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["number"]) == ("issued", "07/KH-BCĐ")
    assert post_json(client, url, payload, world.staff).status_code == 409


def test_issuing_after_the_first_day_is_a_422_naming_the_date(client):
    world = make_world()
    inspection = plan(world, issue=False)
    url = f"/api/v1/inspections/{inspection.pk}/issue"
    answer = post_json(client, url, {"number": "07", "date": "2025-10-02"}, world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "date"]
    assert Inspection.objects.get().status == "draft"


def preparation_url(inspection, unit) -> str:
    return f"/api/v1/inspections/{inspection.pk}/units/{unit.pk}/preparation"


def test_the_unit_files_its_preparation_with_evidence(client):
    world = make_world()
    inspection = plan(world)
    answer = client.post(
        preparation_url(inspection, world.justice),
        {"self_report": "Đã tự kiểm tra", "files": [pdf("bao-cao.pdf"), pdf("phu-luc.pdf")]},
        headers=bearer(world.focal),
    )
    assert answer.status_code == 200
    data = answer.json()
    assert (data["status"], data["self_report"]) == ("prepared", "Đã tự kiểm tra")
    assert [f["name"] for f in data["files"]] == ["bao-cao.pdf", "phu-luc.pdf"]


def test_a_preparation_without_text_or_files_is_a_422(client):
    world = make_world()
    inspection = plan(world)
    answer = client.post(
        preparation_url(inspection, world.justice), {}, headers=bearer(world.focal)
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "text"]


def test_a_rejected_file_is_a_422_and_nothing_is_saved(client):
    world = make_world()
    inspection = plan(world)
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/x-msdownload")
    answer = client.post(
        preparation_url(inspection, world.justice),
        {"self_report": "Đã tự kiểm tra", "files": [bad]},
        headers=bearer(world.focal),
    )
    assert answer.status_code == 422
    assert InspectedUnit.objects.get(unit=world.justice).self_report == ""
    assert not PreparationFile.objects.exists()


@pytest.mark.parametrize(("payload", "field", "message"), PREPARATION_LIMITS)
def test_a_too_long_self_report_or_too_many_files_is_a_422_and_nothing_is_saved(
    client, store, payload, field, message
):
    world = make_world()
    inspection = plan(world)
    answer = client.post(
        preparation_url(inspection, world.justice), payload(), headers=bearer(world.focal)
    )
    assert answer.status_code == 422
    assert answer.json()["detail"] == message
    assert answer.json()["errors"][0]["loc"] == ["body", field]
    inspected = InspectedUnit.objects.get(unit=world.justice)
    assert (inspected.status, inspected.self_report) == ("scheduled", "")
    assert not PreparationFile.objects.exists()


def test_ten_files_are_within_the_limit(client, store):
    world = make_world()
    inspection = plan(world)
    answer = client.post(
        preparation_url(inspection, world.justice),
        {"files": [pdf(f"{n}.pdf") for n in range(10)]},
        headers=bearer(world.focal),
    )
    assert answer.status_code == 200
    assert PreparationFile.objects.count() == 10


def test_only_the_unit_or_the_standing_agency_prepares(client):
    world = make_world()
    inspection = plan(world)
    payload = {"self_report": "Báo cáo"}
    url = preparation_url(inspection, world.justice)
    assert client.post(url, payload, headers=bearer(world.viewer)).status_code == 403
    assert client.post(url, payload, headers=bearer(world.focal_finance)).status_code == 404
    assert client.post(url, payload, headers=bearer(world.focal_health)).status_code == 404
    assert InspectedUnit.objects.get(unit=world.justice).self_report == ""


def findings_url(inspection, unit) -> str:
    return f"/api/v1/inspections/{inspection.pk}/units/{unit.pk}/findings"


def findings_body(inspection) -> dict:
    items = list(inspection.checklist.all())
    return {
        "findings": [
            {"item": items[0].pk, "result": "compliant", "note": "Đủ"},
            {"item": items[1].code, "result": "partial"},
        ]
    }


def test_the_team_records_findings_before_the_conclusion(client):
    world = make_world()
    inspection = plan(world)
    url = findings_url(inspection, world.justice)
    answer = post_json(client, url, findings_body(inspection), world.staff)
    assert answer.status_code == 200
    assert [(f["code"], f["result"]) for f in answer.json()["findings"]] == [
        ("K1", "compliant"),
        ("K2", "partial"),
    ]
    assert InspectedUnit.objects.get(unit=world.justice).status == "inspected"


def test_findings_are_the_standing_agencys_others_403_or_404(client):
    world = make_world()
    inspection = plan(world)
    url = findings_url(inspection, world.justice)
    payload = findings_body(inspection)
    assert post_json(client, url, payload, world.focal).status_code == 403
    assert post_json(client, url, payload, world.viewer).status_code == 403
    assert post_json(client, url, payload, world.focal_health).status_code == 404
    assert post_json(client, url, payload, world.other_staff).status_code == 404
    assert not Finding.objects.exists()


def test_a_bad_finding_item_is_a_422_naming_it_and_nothing_is_saved(client):
    world = make_world()
    inspection = plan(world)
    payload = findings_body(inspection)
    payload["findings"][1]["item"] = "K7"
    answer = post_json(client, findings_url(inspection, world.justice), payload, world.staff)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["loc"] == ["body", "findings[1]"]
    assert "K7" in answer.json()["detail"]
    assert not Finding.objects.exists()
