"""Checklist items changed and removed (service, page and API) while no unit has a finding on
the item and no unit has its conclusion; refused with a 409 and a message after that; every
change in the change log."""

import pytest
from django.urls import reverse

from chidao.audit.models import ChangeLog
from chidao.inspections import services
from chidao.inspections.models import ChecklistItem
from chidao.inspections.tests.helpers import conclude, findings, make_world, plan
from chidao.tasks.tests.api.world import bearer
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def item(inspection, code: str) -> ChecklistItem:
    return inspection.checklist.get(code=code)


def record_k1(world, inspection) -> None:
    services.findings_record(
        actor=world.staff,
        inspection=inspection,
        unit=world.justice,
        findings=findings(inspection)[:1],
    )


def item_url(inspection, code: str) -> str:
    return f"/api/v1/inspections/{inspection.pk}/checklist/{item(inspection, code).pk}"


def patch(client, url, payload, user):
    return client.patch(url, payload, content_type="application/json", headers=bearer(user))


def test_an_item_changes_before_any_finding_and_the_change_is_logged():
    world = make_world()
    inspection = plan(world)
    changed = services.checklist_change(
        actor=world.staff, item=item(inspection, "K2"), text="Công khai TTHC", code="K2a"
    )
    assert (changed.code, changed.text) == ("K2a", "Công khai TTHC")
    log = ChangeLog.objects.filter(target_type="inspections.checklistitem").latest("id")
    assert (log.action, log.before["code"], log.after["code"]) == ("update", "K2", "K2a")


def test_an_item_is_removed_and_the_removal_is_logged():
    world = make_world()
    inspection = plan(world, issue=False)
    removed = item(inspection, "K3")
    services.checklist_remove(actor=world.staff, item=removed)
    assert list(inspection.checklist.values_list("code", flat=True)) == ["K1", "K2"]
    log = ChangeLog.objects.filter(target_type="inspections.checklistitem").latest("id")
    assert (log.action, log.target_id, log.before["text"]) == (
        "delete",
        str(removed.pk),
        removed.text,
    )


def test_an_item_with_a_finding_is_refused_but_another_still_changes():
    world = make_world()
    inspection = plan(world)
    record_k1(world, inspection)
    with pytest.raises(services.InspectionError) as refused:
        services.checklist_remove(actor=world.staff, item=item(inspection, "K1"))
    assert refused.value.status == 409
    assert "K1" in str(refused.value)
    services.checklist_change(actor=world.staff, item=item(inspection, "K2"), text="Sửa")
    assert item(inspection, "K2").text == "Sửa"


def test_no_item_changes_once_a_unit_has_its_conclusion():
    world = make_world()
    inspection = plan(world)
    conclude(world, inspection, findings=findings(inspection)[:1])
    with pytest.raises(services.InspectionError) as refused:
        services.checklist_change(actor=world.staff, item=item(inspection, "K3"), text="Sửa")
    assert (refused.value.status, str(refused.value)) == (
        409,
        "Đã có kết luận: không sửa danh mục kiểm tra.",
    )


def test_a_code_already_used_is_a_422():
    world = make_world()
    inspection = plan(world)
    with pytest.raises(services.InspectionError) as refused:
        services.checklist_change(actor=world.staff, item=item(inspection, "K3"), code="K1")
    assert (refused.value.status, refused.value.field) == (422, "code")


def test_an_item_added_after_a_removal_takes_a_free_code():
    world = make_world()
    inspection = plan(world, issue=False)
    services.checklist_remove(actor=world.staff, item=item(inspection, "K1"))
    added = services.checklist_add(actor=world.staff, inspection=inspection, text="Mục mới")
    assert added.code == "K4"


def test_the_api_changes_and_removes_an_item(client):
    world = make_world()
    inspection = plan(world)
    answer = patch(client, item_url(inspection, "K2"), {"text": "Công khai TTHC"}, world.staff)
    assert answer.status_code == 200
    assert (answer.json()["code"], answer.json()["text"]) == ("K2", "Công khai TTHC")
    url = item_url(inspection, "K3")
    assert client.delete(url, headers=bearer(world.staff)).status_code == 204
    assert not inspection.checklist.filter(code="K3").exists()


def test_the_api_refuses_others_with_403_or_404(client):
    world = make_world()
    inspection = plan(world)
    url = item_url(inspection, "K2")
    assert patch(client, url, {"text": "x"}, world.focal).status_code == 403
    assert client.delete(url, headers=bearer(world.viewer)).status_code == 403
    assert patch(client, url, {"text": "x"}, world.focal_health).status_code == 404
    assert client.delete(url, headers=bearer(world.other_staff)).status_code == 404
    assert item(inspection, "K2").text != "x"


def test_the_api_answers_409_with_the_message_once_the_item_has_a_finding(client):
    world = make_world()
    inspection = plan(world)
    record_k1(world, inspection)
    answer = client.delete(item_url(inspection, "K1"), headers=bearer(world.staff))
    assert answer.status_code == 409
    assert answer.json()["detail"].startswith("Mục K1 đã có kết quả kiểm tra tại 1 đơn vị")
    assert inspection.checklist.filter(code="K1").exists()


def test_an_item_of_another_inspection_is_a_404(client):
    world = make_world()
    inspection, other = plan(world), plan(world, title="Đợt khác")
    url = f"/api/v1/inspections/{inspection.pk}/checklist/{item(other, 'K1').pk}"
    assert client.delete(url, headers=bearer(world.staff)).status_code == 404


def test_the_page_offers_changes_for_items_without_findings_only(client):
    world = make_world()
    inspection = plan(world)
    record_k1(world, inspection)
    client.force_login(world.staff)
    page = client.get(reverse("inspection-detail", args=[inspection.pk])).content.decode()
    assert (
        reverse("inspection-checklist-change", args=[inspection.pk, item(inspection, "K2").pk])
        in page
    )
    assert (
        reverse("inspection-checklist-change", args=[inspection.pk, item(inspection, "K1").pk])
        not in page
    )
    client.force_login(world.focal)
    page = client.get(reverse("inspection-detail", args=[inspection.pk])).content.decode()
    assert "Sửa hoặc bỏ mục" not in page


def test_the_page_changes_an_item(client):
    world = make_world()
    inspection = plan(world)
    client.force_login(world.staff)
    url = reverse("inspection-checklist-change", args=[inspection.pk, item(inspection, "K2").pk])
    answer = client.post(url, {"code": "", "text": "Công khai TTHC", "guidance": "Cổng"})
    assert answer.status_code == 302
    changed = item(inspection, "K2")
    assert (changed.text, changed.guidance) == ("Công khai TTHC", "Cổng")


def test_the_page_refuses_removing_an_item_with_a_finding(client):
    world = make_world()
    inspection = plan(world)
    record_k1(world, inspection)
    client.force_login(world.staff)
    url = reverse("inspection-checklist-remove", args=[inspection.pk, item(inspection, "K1").pk])
    answer = client.post(url)
    assert answer.status_code == 409
    assert "Mục K1 đã có kết quả kiểm tra" in answer.content.decode()
    assert inspection.checklist.filter(code="K1").exists()
