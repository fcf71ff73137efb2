"""filter_units and resolve_province: the one filter behind the unit list page and the API."""

import datetime as dt

import pytest

from chidao.units.models import Unit
from chidao.units.selectors import (
    ProvinceAmbiguous,
    ProvinceNotFound,
    filter_units,
    resolve_province,
)

pytestmark = pytest.mark.django_db

EVE = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)


def test_hanoi_had_thirty_districts_on_the_eve_of_the_reform():
    units = filter_units(province="Hà Nội", level="district", as_of=EVE)

    assert units.count() == 30
    assert {u.kind for u in units} == {Unit.Kind.DISTRICT}


def test_hanoi_has_no_districts_from_july_2025():
    assert filter_units(province="Hà Nội", level="district", as_of=REFORM).count() == 0


def test_hanoi_has_126_communes_from_july_2025():
    assert filter_units(province="Hà Nội", level="commune", as_of=REFORM).count() == 126


def test_without_level_the_province_comes_first_then_districts_then_communes():
    kinds = [u.kind for u in filter_units(province="ha noi", as_of=EVE)]

    assert kinds[0] == Unit.Kind.PROVINCE
    assert kinds.index(Unit.Kind.COMMUNE) > max(
        i for i, kind in enumerate(kinds) if kind == Unit.Kind.DISTRICT
    )
    assert set(kinds) == {Unit.Kind.PROVINCE, Unit.Kind.DISTRICT, Unit.Kind.COMMUNE}


def test_without_province_only_provinces():
    assert {u.kind for u in filter_units(as_of=REFORM)} == {Unit.Kind.PROVINCE}


def test_without_province_a_lower_level_is_an_error():
    with pytest.raises(ValueError, match="Cần tên tỉnh"):
        filter_units(level="commune", as_of=REFORM)


def test_parent_gives_its_children_of_any_kind():
    committee = Unit.objects.get(name="Ủy ban nhân dân thành phố Hà Nội")

    names = [u.name for u in filter_units(parent_id=committee.pk, q="thong tin va truyen thong")]

    assert "Sở Thông tin và Truyền thông" in names


@pytest.mark.parametrize("level", ["village", "department"])
def test_bad_level_is_a_value_error(level):
    with pytest.raises(ValueError, match=level):
        filter_units(province="Hà Nội", level=level, as_of=REFORM)


def test_unknown_province_is_not_found():
    with pytest.raises(ProvinceNotFound, match="Atlantis"):
        filter_units(province="Atlantis", as_of=REFORM)


def test_not_found_is_not_a_value_error():
    assert not issubclass(ProvinceNotFound, ValueError)
    assert issubclass(ProvinceAmbiguous, ValueError)


@pytest.mark.parametrize("name", ["ha noi", "Thành phố Hà Nội", "HÀ NỘI"])
def test_province_names_resolve_to_the_same_unit(name):
    hanoi = Unit.objects.get(kind=Unit.Kind.PROVINCE, name="Thành phố Hà Nội")

    assert resolve_province(name, REFORM) == hanoi


def test_several_matching_provinces_are_ambiguous():
    hanoi = Unit.objects.get(kind=Unit.Kind.PROVINCE, name="Thành phố Hà Nội")
    for name in ["Tỉnh Hà Nam", "Tỉnh Hà Tĩnh"]:
        Unit.objects.create(
            external_id=f"test:{name}", name=name, kind=Unit.Kind.PROVINCE, source=hanoi.source
        )

    with pytest.raises(ProvinceAmbiguous, match="Tỉnh Hà Nam, Tỉnh Hà Tĩnh"):
        resolve_province("ha", REFORM)
    assert resolve_province("Hà Nam", REFORM).name == "Tỉnh Hà Nam"


def test_a_department_is_found_without_diacritics_or_a_province():
    names = [u.name for u in filter_units(q="so tu phap")]

    assert "Sở Tư pháp" in names


def test_words_are_matched_in_any_order_and_case():
    assert "Sở Tư pháp" in [u.name for u in filter_units(q="PHÁP tư sở")]


def test_a_ward_is_found_without_choosing_its_province():
    units = list(filter_units(q="phuong hoan kiem", as_of=REFORM))

    assert any(u.kind == Unit.Kind.COMMUNE and u.name == "Phường Hoàn Kiếm" for u in units)


def test_a_search_keeps_the_level_asked_for():
    kinds = {u.kind for u in filter_units(q="hoan kiem", level="commune")}

    assert kinds == {Unit.Kind.COMMUNE}


def test_a_search_within_a_province_finds_its_agencies():
    names = [u.name for u in filter_units(province="Hà Nội", q="tu phap")]

    assert "Sở Tư pháp" in names
