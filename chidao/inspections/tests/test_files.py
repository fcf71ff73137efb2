"""The inspection's evidence files live in chidao.storage: kept by `chidao prune-uploads` while
a row names them, an orphan of their folder deleted; served only to those who see the unit."""

import pytest
from django.urls import reverse

from chidao.inspections import services
from chidao.inspections.models import InspectedUnit
from chidao.inspections.tests.helpers import make_world, pdf, plan
from chidao.storage.tests.test_prune import age, prune, put
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    return settings.CHIDAO_UPLOAD_DIR


def test_prune_keeps_inspection_evidence_and_deletes_an_orphan(store):
    world = make_world()
    inspection = plan(world)
    item = inspection.checklist.first()
    inspected = InspectedUnit.objects.get(inspection=inspection, unit=world.justice)
    services.preparation_save(actor=world.focal, inspected=inspected, text="x", uploads=[pdf()])
    services.findings_record(
        actor=world.staff,
        inspection=inspection,
        unit=world.justice,
        findings=[services.FindingIn(item=item.pk, result="compliant")],
        uploads={item.pk: [pdf("bien-ban.pdf")]},
    )
    kept = [store / inspected.files.get().storage_name]
    kept.append(store / inspected.findings.get().files.get().storage_name)
    orphan = put(store, "inspections/00000000000000000000000000000009.pdf")
    for path in [*kept, orphan]:
        age(path)
    prune()
    assert [path.is_file() for path in kept] == [True, True]
    assert not orphan.exists()


def test_evidence_is_served_to_the_unit_and_the_agency_only(client, store):
    world = make_world()
    inspection = plan(world)
    inspected = InspectedUnit.objects.get(inspection=inspection, unit=world.justice)
    services.preparation_save(actor=world.focal, inspected=inspected, text="x", uploads=[pdf()])
    url = reverse("inspection-preparation-file", args=[inspected.files.get().pk])
    for user, status in (
        (world.focal, 200),
        (world.staff, 200),
        (world.focal_finance, 404),
        (world.other_staff, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status
