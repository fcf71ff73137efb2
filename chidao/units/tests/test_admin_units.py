"""Loading administrative units from the vietnamadminunits package.

Each test loads what it needs inside its own rolled-back transaction; expected values are
read from the package itself, not copied into the tests.
"""

import datetime as dt
import json
from pathlib import Path

import pytest
import vietnamadminunits
from django.core.management import CommandError, call_command
from vietnamadminunits.database import query

from chidao.audit.models import ChangeLog
from chidao.core.policy import SystemActor
from chidao.documents.models import Source
from chidao.units.admin_units import load_units, resolve_provinces
from chidao.units.models import Unit, UnitEvent, valid_on_q

BEFORE = dt.date(2025, 6, 30)
AFTER = dt.date(2025, 7, 1)
ACTOR = SystemActor("test load-units")
HANOI = "thanhphohanoi"


def converter() -> dict:
    path = Path(vietnamadminunits.__file__).parent / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))


def legacy_code(full_key: str) -> str:
    """The legacy ward code for a converter key "province_district_ward"."""
    province, district, ward = full_key.split("_")
    rows = query(
        "SELECT wardCode FROM admin_units_legacy "  # noqa: S608 - keys come from the package
        f"WHERE provinceKey = '{province}' AND districtKey = '{district}' AND wardKey = '{ward}'"
    )
    assert len(rows) == 1, full_key
    return rows[0]["wardCode"]


def hanoi() -> Unit:
    return Unit.objects.get(external_id="vn-admin:province:01")


def hanoi_on(date):
    return Unit.objects.filter(valid_on_q(date), province=hanoi())


@pytest.fixture
def hanoi_loaded(db):
    """Hà Nội loaded inside the test's transaction. The session set-up (load_demo) has
    usually loaded it already, so this is then a quick no-op load."""
    return load_units(provinces=["Hà Nội"], actor=ACTOR)


def db_state() -> dict:
    """Every row and link the loader writes, plus the audit row count."""
    links = {}
    for attr in ("predecessors", "successors"):
        through = getattr(UnitEvent, attr).through
        links[attr] = sorted(through.objects.values_list("unitevent_id", "unit_id"))
    return {
        "units": list(Unit.objects.order_by("id").values()),
        "events": list(UnitEvent.objects.order_by("id").values()),
        "sources": list(Source.objects.order_by("id").values()),
        "links": links,
        "audit_rows": ChangeLog.objects.count(),
    }


@pytest.mark.django_db
def test_source_is_the_package_release(hanoi_loaded):
    source = Source.objects.get(key="pkg:vietnamadminunits==1.0.4")

    assert source.kind == Source.Kind.PACKAGE
    assert source.url == "https://pypi.org/project/vietnamadminunits/1.0.4/"
    assert not Unit.objects.filter(external_id__startswith="vn-admin:").exclude(source=source)


@pytest.mark.django_db
def test_hanoi_on_2025_06_30_has_30_districts_and_their_communes(hanoi_loaded):
    districts = hanoi_on(BEFORE).filter(kind=Unit.Kind.DISTRICT)
    communes = hanoi_on(BEFORE).filter(kind=Unit.Kind.COMMUNE)
    legacy_wards = query(
        f"SELECT wardCode FROM admin_units_legacy WHERE provinceKey = '{HANOI}'"  # noqa: S608
    )

    assert districts.count() == 30
    assert sorted(communes.values_list("code", flat=True)) == sorted(
        row["wardCode"] for row in legacy_wards
    )
    assert set(communes.values_list("parent_id", flat=True)) == set(
        districts.values_list("id", flat=True)
    )


@pytest.mark.django_db
def test_hanoi_on_2025_07_01_has_126_communes_and_no_districts(hanoi_loaded):
    on_date = hanoi_on(AFTER)

    assert on_date.filter(kind=Unit.Kind.COMMUNE).count() == 126
    assert not on_date.filter(kind=Unit.Kind.DISTRICT).exists()
    assert set(on_date.filter(kind=Unit.Kind.COMMUNE).values_list("parent_id", flat=True)) == {
        hanoi().pk
    }


@pytest.mark.django_db
def test_every_2025_hanoi_commune_has_legacy_commune_predecessors(hanoi_loaded):
    communes = (
        hanoi_on(AFTER)
        .filter(kind=Unit.Kind.COMMUNE)
        .prefetch_related("events_as_successor__predecessors")
    )
    for commune in communes:
        predecessors = [
            unit for event in commune.events_as_successor.all() for unit in event.predecessors.all()
        ]
        assert predecessors, commune.name
        for unit in predecessors:
            assert unit.kind == Unit.Kind.COMMUNE
            assert unit.is_valid_on(BEFORE) and not unit.is_valid_on(AFTER)


@pytest.mark.django_db
def test_phuong_ba_dinh_succeeds_the_wards_named_in_the_package_mapping(hanoi_loaded):
    mapping = converter()
    old_keys = list(mapping["DICT_PROVINCE_WARD_NO_DIVIDED"][HANOI]["phuongbadinh"])
    old_keys += [
        old
        for old, parts in mapping["DICT_PROVINCE_WARD_DIVIDED"][HANOI].items()
        if any(part["newWardKey"] == "phuongbadinh" for part in parts)
    ]
    assert len(old_keys) > 1  # a real merger

    ba_dinh = hanoi_on(AFTER).get(kind=Unit.Kind.COMMUNE, name="Phường Ba Đình")
    event = ba_dinh.events_as_successor.get()

    assert event.kind == UnitEvent.Kind.REORGANISED
    assert event.effective_date == AFTER
    assert sorted(event.predecessors.values_list("code", flat=True)) == sorted(
        legacy_code(key) for key in old_keys
    )


@pytest.mark.django_db
def test_loading_twice_changes_nothing(hanoi_loaded):
    before = db_state()

    counts = load_units(provinces=["ha noi"], actor=ACTOR)

    assert counts["created"] == counts["updated"] == counts["events"] == 0
    assert db_state() == before


@pytest.mark.django_db
def test_reload_repairs_a_changed_unit_and_writes_one_audit_row(hanoi_loaded):
    commune = hanoi_on(BEFORE).filter(kind=Unit.Kind.COMMUNE).first()
    name = commune.name
    Unit.objects.filter(pk=commune.pk).update(name="Sửa tay")
    audit_rows = ChangeLog.objects.count()

    counts = load_units(provinces=["Hà Nội"], actor=ACTOR)

    assert counts["updated"] == 1 and counts["created"] == 0
    commune.refresh_from_db()
    assert commune.name == name
    assert ChangeLog.objects.count() == audit_rows + 1
    log = ChangeLog.objects.latest("id")
    assert log.actor_label == ACTOR.job
    assert log.action == ChangeLog.Action.LOAD
    assert log.target_type == "units.unit"
    assert log.after == counts


@pytest.mark.django_db
def test_merged_province_tuyen_quang_succeeds_tuyen_quang_and_ha_giang():
    expected = converter()["DICT_PROVINCE"]["tinhtuyenquang"]
    expected_names = {
        row["province"]
        for row in query("SELECT DISTINCT provinceKey, province FROM admin_units_legacy")
        if row["provinceKey"] in expected
    }
    assert expected_names == {"Tỉnh Tuyên Quang", "Tỉnh Hà Giang"}

    load_units(provinces=["Tuyên Quang"], actor=ACTOR)

    new = Unit.objects.get(kind=Unit.Kind.PROVINCE, name="Tỉnh Tuyên Quang", valid_from=AFTER)
    event = new.events_as_successor.get()
    predecessors = list(event.predecessors.all())
    assert {unit.name for unit in predecessors} == expected_names
    assert all(unit.valid_to == BEFORE for unit in predecessors)


def test_province_names_resolve_as_typed():
    assert resolve_provinces(["Hà Nội"]) == {HANOI}
    assert resolve_provinces(["ha noi", "Thành phố Hà Nội", "hanoi", "HN"]) == {HANOI}
    assert resolve_provinces(["TP Hồ Chí Minh"]) == {"thanhphohochiminh"}
    assert resolve_provinces(["Hà Giang"]) == {"tinhtuyenquang"}  # merged into Tuyên Quang


@pytest.mark.django_db
def test_unknown_province_raises_value_error():
    with pytest.raises(ValueError, match="Không tìm thấy tỉnh, thành phố: 'Atlantis'"):
        load_units(provinces=["Atlantis"])


@pytest.mark.django_db
def test_command_without_arguments_errors_cleanly():
    with pytest.raises(CommandError, match="--province"):
        call_command("load_units")


@pytest.mark.django_db
def test_command_with_unknown_province_errors_cleanly():
    with pytest.raises(CommandError, match="Không tìm thấy tỉnh, thành phố"):
        call_command("load_units", province=["Atlantis"])
