"""The units API: Hanoi's administrative units on a date, before and after 1 July 2025."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.units.models import Unit, valid_on_q

pytestmark = pytest.mark.django_db

UNITS_MAX_QUERIES = 8


def units(client, **params) -> list[dict]:
    response = client.get("/api/v1/units", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_hanoi_has_30_districts_on_the_eve_of_the_reform(client):
    items = units(client, province="Hà Nội", level="district", as_of="2025-06-30")

    assert len(items) == 30
    assert {u["level"] for u in items} == {"district"}


def test_hanoi_communes_after_the_reform_each_have_predecessors(client):
    items = units(client, province="Hà Nội", level="commune", as_of="2025-07-01")

    assert len(items) == 126
    assert all(len(u["predecessors"]) >= 1 for u in items)
    assert all(set(p) == {"id", "name"} for u in items for p in u["predecessors"])


def test_old_communes_list_their_successors(client):
    items = units(client, province="Hà Nội", level="commune", as_of="2025-06-30")

    assert items
    assert all(u["valid_to"] == "2025-06-30" for u in items)
    assert all(len(u["successors"]) >= 1 for u in items)


@pytest.mark.parametrize("name", ["Hà Nội", "ha noi", "Thành phố Hà Nội", "HA NOI"])
def test_province_matches_without_case_or_diacritics(client, name):
    items = units(client, province=name, level="district", as_of="2025-06-30")

    assert len(items) == 30


def test_without_level_all_three_levels_of_the_province(client):
    date = dt.date(2025, 6, 30)
    hanoi = Unit.objects.get(kind=Unit.Kind.PROVINCE, name="Thành phố Hà Nội")
    expected = (
        Unit.objects.filter(province=hanoi, kind__in=Unit.ADMINISTRATIVE_LEVELS)
        .filter(valid_on_q(date))
        .count()
    )

    items = units(client, province="ha noi", as_of=date.isoformat())

    assert len(items) == expected
    assert {u["level"] for u in items} == {"province", "district", "commune"}
    assert items[0]["name"] == "Thành phố Hà Nội"


def test_limit_and_offset_slice_the_same_list(client):
    everything = units(client, province="ha noi", level="commune", as_of="2025-07-01")

    page = units(client, province="ha noi", level="commune", as_of="2025-07-01", limit=10, offset=5)

    assert page == everything[5:15]


def test_bad_level_is_422_with_message(client):
    response = client.get("/api/v1/units", {"province": "ha noi", "level": "village"})

    assert response.status_code == 422
    assert "level" in response.json()["detail"]


def test_unknown_province_is_404_with_message(client):
    response = client.get("/api/v1/units", {"province": "Atlantis", "level": "district"})

    assert response.status_code == 404
    assert "Atlantis" in response.json()["detail"]


@pytest.mark.parametrize("as_of", ["2019-13-40", "abc"])
def test_malformed_date_is_422_with_message(client, as_of):
    response = client.get("/api/v1/units", {"province": "ha noi", "as_of": as_of})

    assert response.status_code == 422
    assert f"Ngày “{as_of}” không hợp lệ" in response.json()["detail"]


def test_unit_detail_gives_history(client):
    ward = (
        Unit.objects.filter(kind=Unit.Kind.COMMUNE, valid_from=dt.date(2025, 7, 1))
        .order_by("name")
        .first()
    )

    response = client.get(f"/api/v1/units/{ward.pk}")

    data = response.json()
    assert data["name"] == ward.name
    assert data["level"] == "commune"
    assert data["province"]["name"] == "Thành phố Hà Nội"
    assert len(data["predecessors"]) >= 1


def test_unknown_unit_is_404_with_message(client):
    missing = (Unit.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    response = client.get(f"/api/v1/units/{missing}")

    assert response.status_code == 404
    assert str(missing) in response.json()["detail"]


def test_units_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries):
    params = {"province": "ha noi", "level": "commune", "as_of": "2025-07-01"}
    with CaptureQueriesContext(connection) as few:
        assert len(units(client, **params, limit=3)) == 3
    with django_assert_max_num_queries(UNITS_MAX_QUERIES):
        assert len(units(client, **params)) == 126

    assert len(few) <= UNITS_MAX_QUERIES
