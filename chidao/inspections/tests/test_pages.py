"""The inspection pages per persona: plans, an inspection, a unit's inspection (preparation,
findings, conclusion and its tasks), the unit's own list, the documents, the menu."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chidao.core import policy
from chidao.core.navigation import menu_for
from chidao.inspections import services
from chidao.inspections.models import Conclusion, InspectedUnit, Inspection, PreparationFile
from chidao.inspections.tests.helpers import PREPARATION_LIMITS, findings, make_world, pdf, plan
from chidao.tasks.models import Task
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def unit_url(inspection, unit, name="inspection-unit"):
    return reverse(name, args=[inspection.pk, unit.pk])


def labels(user) -> set[str]:
    return {str(e["label"]) for g in menu_for(user) for e in g["entries"]}


def test_the_menu_offers_plans_to_the_standing_agency_and_the_units_own_to_focal_persons():
    world = make_world()
    assert {"Kế hoạch kiểm tra", "Kiểm tra của đơn vị"} <= labels(world.staff)
    assert "Kế hoạch kiểm tra" in labels(world.viewer)
    assert "Kiểm tra của đơn vị" in labels(world.focal)
    assert "Kế hoạch kiểm tra" not in labels(world.focal)


def test_the_standing_agency_plans_from_the_committees_page(client):
    world = make_world()
    client.force_login(world.staff)
    page = client.get(reverse("committee-inspections", args=[world.committee.pk]))
    assert "Lập kế hoạch kiểm tra" in page.content.decode()
    answer = client.post(
        reverse("inspection-create", args=[world.committee.pk]),
        {
            "title": "Kế hoạch kiểm tra năm 2025",
            "year": "2025",
            "starts_on": "2025-10-01",
            "ends_on": "2025-10-31",
            "units-TOTAL_FORMS": "2",
            "units-INITIAL_FORMS": "0",
            "units-0-unit": str(world.justice.pk),
            "units-0-day": "2025-10-06",
            "units-1-unit": "",
            "units-1-day": "",
        },
    )
    inspection = Inspection.objects.get()
    assert answer.status_code == 302
    assert list(inspection.units.values_list("unit_name", flat=True)) == ["Sở Tư pháp"]
    client.force_login(world.focal)
    refused = client.post(reverse("inspection-create", args=[world.committee.pk]), {})
    assert refused.status_code == 403


def test_the_inspection_page_shows_units_team_and_checklist(client):
    world = make_world()
    inspection = plan(world)
    client.force_login(world.staff)
    page = client.get(reverse("inspection-detail", args=[inspection.pk])).content.decode()
    for text in ("Sở Tư pháp", "Sở Tài chính", "Trưởng đoàn", "Hà Minh Hải", "K2"):
        assert text in page
    client.force_login(world.focal_health)
    assert client.get(reverse("inspection-detail", args=[inspection.pk])).status_code == 404


def test_a_unit_sees_its_own_part_only(client):
    world = make_world()
    inspection = plan(world)
    client.force_login(world.focal)
    assert client.get(unit_url(inspection, world.justice)).status_code == 200
    assert client.get(unit_url(inspection, world.finance)).status_code == 404
    mine = client.get(reverse("inspections-mine")).content.decode()
    assert inspection.title in mine
    assert inspection.permits(world.focal, policy.VIEW)
    assert not inspection.permits(world.focal_health, policy.VIEW)
    assert not inspection.permits(world.focal, policy.CHANGE)


def test_the_unit_prepares_and_the_team_concludes_on_the_pages(client):
    world = make_world()
    inspection = plan(world)
    client.force_login(world.focal)
    answer = client.post(
        unit_url(inspection, world.justice, "inspection-preparation"),
        {"self_report": "Báo cáo tự kiểm tra", "files": [pdf("bao-cao.pdf")]},
    )
    assert answer.status_code == 302
    client.force_login(world.staff)
    items = list(inspection.checklist.all())
    results = {f"result-{i.pk}": "compliant" for i in items} | {f"note-{items[0].pk}": "Tốt"}
    answer = client.post(
        unit_url(inspection, world.justice, "inspection-findings"),
        results | {f"files-{items[0].pk}": [pdf("bien-ban.pdf")]},
    )
    assert answer.status_code == 302
    answer = client.post(
        unit_url(inspection, world.justice, "inspection-conclusion"),
        {
            "date": "2025-10-10",
            "remedies-TOTAL_FORMS": "2",
            "remedies-INITIAL_FORMS": "0",
            "remedies-0-text": "Bổ sung hồ sơ",
            "remedies-0-deadline": "2025-11-30",
            "remedies-1-text": "Cập nhật quy trình",
            "remedies-1-deadline": "2025-12-15",
        },
    )
    assert answer.status_code == 302
    conclusion = Conclusion.objects.get()
    assert Task.objects.filter(source=conclusion.source).count() == 2
    page = client.get(unit_url(inspection, world.justice)).content.decode()
    for text in ("Bổ sung hồ sơ", "bao-cao.pdf", "bien-ban.pdf", conclusion.number, "Mục 2"):
        assert text in page
    document = client.get(unit_url(inspection, world.justice, "inspection-conclusion-docx"))
    assert document.status_code == 200
    assert document["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize(("payload", "field", "message"), PREPARATION_LIMITS)
def test_the_preparation_page_refuses_what_the_api_refuses(client, store, payload, field, message):
    world = make_world()
    inspection = plan(world)
    client.force_login(world.focal)
    answer = client.post(unit_url(inspection, world.justice, "inspection-preparation"), payload())
    assert answer.status_code == 422
    assert message in answer.content.decode()
    inspected = InspectedUnit.objects.get(unit=world.justice)
    assert (inspected.status, inspected.self_report) == ("scheduled", "")
    assert not PreparationFile.objects.exists()


def test_a_bad_remedy_on_the_page_is_refused_in_the_layout(client):
    world = make_world()
    inspection = plan(world)
    services.findings_record(
        actor=world.staff, inspection=inspection, unit=world.justice, findings=findings(inspection)
    )
    client.force_login(world.staff)
    answer = client.post(
        unit_url(inspection, world.justice, "inspection-conclusion"),
        {
            "date": "2025-10-10",
            "remedies-TOTAL_FORMS": "1",
            "remedies-INITIAL_FORMS": "0",
            "remedies-0-text": "Bổ sung hồ sơ",
            "remedies-0-deadline": "2025-10-01",
        },
    )
    assert answer.status_code == 422
    assert "Nội dung khắc phục thứ 1" in answer.content.decode()
    assert not Conclusion.objects.exists()


def test_the_plan_document_downloads(client):
    world = make_world()
    inspection = plan(world, synthetic=True)
    client.force_login(world.focal)
    answer = client.get(reverse("inspection-plan-docx", args=[inspection.pk]))
    assert answer.status_code == 200
    assert "du-lieu-mo-phong" in answer["Content-Disposition"]


def test_the_unit_page_costs_the_same_with_more_findings(client):
    world = make_world()
    inspection = plan(world, checklist=(("K1", "Một"),))
    services.findings_record(
        actor=world.staff, inspection=inspection, unit=world.justice, findings=findings(inspection)
    )
    client.force_login(world.staff)
    url = unit_url(inspection, world.justice)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    other = plan(world, title="Đợt 2")
    services.findings_record(
        actor=world.staff, inspection=other, unit=world.justice, findings=findings(other)
    )
    with CaptureQueriesContext(connection) as three:
        assert client.get(unit_url(other, world.justice)).status_code == 200
    assert len(three) == len(one)
    assert len(one) <= 20


def test_the_standing_agency_chooses_the_team_from_the_register_before_issuing(client):
    world = make_world()
    inspection = plan(world, issue=False)
    client.force_login(world.staff)
    page = client.get(reverse("inspection-detail", args=[inspection.pk])).content.decode()
    assert 'name="seat-committee-1"' in page  # the standing deputy head's seat
    answer = client.post(
        reverse("inspection-team", args=[inspection.pk]),
        {"seat-committee-1": "leader", "seat-committee-2": "member", "seat-committee-0": ""},
    )
    assert answer.status_code == 302
    assert [(m.role, m.person) for m in inspection.team.all()] == [
        ("leader", "Lê Hồng Sơn"),
        ("member", "Hà Minh Hải"),
    ]
    refused = client.post(
        reverse("inspection-team", args=[inspection.pk]), {"seat-committee-2": "member"}
    )
    assert refused.status_code == 422
    assert inspection.team.count() == 2
    client.force_login(world.focal)
    assert client.post(reverse("inspection-team", args=[inspection.pk]), {}).status_code == 403
