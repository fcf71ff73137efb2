"""The committees API: search, composition on a date, read access and query budget.

Expected values come from the two seed decisions (6218 of 2019, 818/QĐ-UBND of 2023) and,
where a rule seat expands over units, from the units table itself.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chidao.committees.models import Committee
from chidao.committees.selectors import composition_on
from chidao.committees.serializers import composition_payload
from chidao.units.models import Unit, valid_on_q

pytestmark = pytest.mark.django_db

E_GOVERNMENT = "chinh quyen dien tu"
REFORM_DX = "cai cach hanh chinh, chuyen doi so"
DEPUTY_HEAD_DEPARTMENTS = {"Sở Thông tin và Truyền thông", "Sở Nội vụ"}
COMPOSITION_MAX_QUERIES = 15


def committee_id(client, text: str) -> int:
    response = client.get("/api/v1/committees", {"search": text})
    assert response.status_code == 200
    [committee] = response.json()
    return committee["id"]


def composition(client, text: str, as_of: str) -> dict:
    url = f"/api/v1/committees/{committee_id(client, text)}/composition"
    response = client.get(url, {"as_of": as_of})
    assert response.status_code == 200, response.content
    return response.json()


def seats(data: dict, role: str) -> list[dict]:
    return [s for s in data["seats"] if s["role"] == role]


def only(items: list[dict]) -> dict:
    assert len(items) == 1, items
    return items[0]


def test_search_ignores_case_and_diacritics(client):
    response = client.get("/api/v1/committees", {"search": "chinh quyen dien tu"})

    [committee] = response.json()
    assert committee["name"] == "Ban chỉ đạo xây dựng Chính quyền điện tử thành phố Hà Nội"
    assert committee["established_on"] == "2019-02-04"
    assert committee["current_decision"]["number"] == "6218"


def test_list_without_search_gives_every_committee(client):
    names = [c["name"] for c in client.get("/api/v1/committees").json()]

    assert sorted(names) == sorted(Committee.objects.values_list("name", flat=True))


def test_e_government_head_is_the_chairman_on_the_day(client):
    data = composition(client, E_GOVERNMENT, "2019-11-25")

    head = only(seats(data, "head"))
    assert head["person"] == "Nguyễn Đức Chung"
    assert head["position"].startswith("Chủ tịch")


def test_e_government_standing_deputy_head(client):
    data = composition(client, E_GOVERNMENT, "2019-11-25")

    assert only(seats(data, "standing_deputy_head"))["person"] == "Ngô Văn Quý"


def test_e_government_three_deputy_heads_including_information_and_communications(client):
    data = composition(client, E_GOVERNMENT, "2019-11-25")

    deputies = seats(data, "deputy_head")
    assert len(deputies) == 3
    ic = only([s for s in deputies if "Thông tin và Truyền thông" in (s["position"] or "")])
    assert ic["person"] == "Nguyễn Ngọc Kỳ"


def test_e_government_department_rule_expands_to_each_department_on_the_day(client):
    data = composition(client, E_GOVERNMENT, "2019-11-25")

    city_committee = Unit.objects.get(
        kind=Unit.Kind.PEOPLES_COMMITTEE, name="Ủy ban nhân dân thành phố Hà Nội"
    )
    departments = set(
        Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, parent=city_committee)
        .filter(valid_on_q(dt.date(2019, 11, 25)))
        .values_list("name", flat=True)
    )
    assert DEPUTY_HEAD_DEPARTMENTS <= departments
    rule_units = [s["unit"] for s in seats(data, "member") if s["rule"] == "department_heads"]
    assert sorted(rule_units) == sorted(departments - DEPUTY_HEAD_DEPARTMENTS)


def test_e_government_named_members_besides_departments(client):
    data = composition(client, E_GOVERNMENT, "2019-11-25")

    named = [s["unit"] for s in seats(data, "member") if not s["rule"]]
    assert "Công an thành phố Hà Nội" in named
    assert "Bộ Tư lệnh Thủ đô Hà Nội" in named
    assert len([u for u in named if u.startswith("Ban Quản lý dự án")]) == 4
    assert "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội" in named
    assert sorted(u for u in named if u.startswith("Cục")) == [
        "Cục Hải quan thành phố Hà Nội",
        "Cục Thuế thành phố Hà Nội",
        "Cục Thống kê thành phố Hà Nội",
    ]
    assert "Bảo hiểm xã hội thành phố Hà Nội" in named
    assert len(named) == 11


def test_e_government_seats_give_source_and_basis(client):
    data = composition(client, E_GOVERNMENT, "2019-11-25")

    head = only(seats(data, "head"))
    assert head["basis"]["number"] == "6218"
    assert set(head["source"]) >= {"key", "title", "url", "published_on", "quote"}
    assert head["source"]["quote"]


def test_e_government_basis_is_6218_replacing_699(client):
    data = composition(client, E_GOVERNMENT, "2019-11-25")

    assert data["basis"][0]["number"] == "6218"
    assert data["basis"][0]["replaces"][0]["number"] == "699"


def test_e_government_working_group(client):
    data = composition(client, E_GOVERNMENT, "2019-11-25")

    group = data["working_group"]["seats"]
    assert len([s for s in group if s["role"] == "leader"]) == 1
    assert len([s for s in group if s["role"] == "deputy_leader"]) == 3
    members = [s for s in group if s["role"] == "member"]
    assert members
    assert all(s["rule"] for s in members)


def test_e_government_standing_agency_is_the_office(client):
    data = composition(client, E_GOVERNMENT, "2019-11-25")

    [agency] = data["standing_agencies"]
    assert agency["domain"] == "all"
    assert agency["unit"] == "Văn phòng Ủy ban nhân dân thành phố"


def test_before_establishment_the_committee_is_not_established(client):
    data = composition(client, E_GOVERNMENT, "2019-01-01")

    assert data["established"] is False
    assert data["status"] == "not_yet_established"
    assert data["seats"] == []


def test_position_seat_follows_the_holder_of_the_day(client):
    data = composition(client, E_GOVERNMENT, "2021-01-01")

    assert only(seats(data, "head"))["person"] == "Chu Ngọc Anh"


def test_reform_dx_leadership_in_2023(client):
    data = composition(client, REFORM_DX, "2023-02-14")

    assert only(seats(data, "head"))["person"] == "Trần Sỹ Thanh"
    assert only(seats(data, "standing_deputy_head"))["person"] == "Lê Hồng Sơn"
    assert only(seats(data, "deputy_head"))["person"] == "Hà Minh Hải"


def test_reform_dx_standing_agencies_in_2023(client):
    data = composition(client, REFORM_DX, "2023-02-14")

    agencies = {a["domain"]: a["unit"] for a in data["standing_agencies"]}
    assert agencies == {
        "administrative_reform": "Sở Nội vụ",
        "digital_transformation": "Sở Thông tin và Truyền thông",
    }


def test_reform_dx_predecessor_is_the_dx_committee(client):
    data = composition(client, REFORM_DX, "2023-02-14")

    assert "Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội" in [p["name"] for p in data["predecessors"]]


def test_merged_standing_agency_shows_its_successor(client):
    data = composition(client, REFORM_DX, "2025-06-01")

    dx = only([a for a in data["standing_agencies"] if a["domain"] == "digital_transformation"])
    assert dx["unit"] == "Sở Khoa học và Công nghệ"
    assert dx["named_unit"] == "Sở Thông tin và Truyền thông"


def test_named_head_who_left_is_flagged(client):
    data = composition(client, REFORM_DX, "2025-12-01")

    head = only(seats(data, "head"))
    assert "needs_reconstitution" in [f["kind"] for f in head["flags"]]
    assert head["position_holder"] == "Vũ Đại Thắng"


def test_as_of_defaults_to_today(client):
    response = client.get(f"/api/v1/committees/{committee_id(client, E_GOVERNMENT)}/composition")

    assert response.json()["as_of"] == timezone.localdate().isoformat()


def test_unknown_committee_is_404_with_message(client):
    missing = (Committee.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    response = client.get(f"/api/v1/committees/{missing}/composition")

    assert response.status_code == 404
    assert str(missing) in response.json()["detail"]


@pytest.mark.parametrize("as_of", ["2019-13-40", "abc"])
def test_malformed_date_is_422_with_message(client, as_of):
    url = f"/api/v1/committees/{committee_id(client, E_GOVERNMENT)}/composition"

    response = client.get(url, {"as_of": as_of})

    assert response.status_code == 422
    assert f"Ngày “{as_of}” không hợp lệ" in response.json()["detail"]


def test_non_numeric_id_is_422_with_message(client):
    response = client.get("/api/v1/committees/abc/composition")

    assert response.status_code == 422
    assert "committee_id" in response.json()["detail"]


def test_payload_keeps_every_field_of_the_composition():
    committee = Committee.objects.get(name_key__contains="chinh quyen dien tu")
    composition = composition_on(committee, dt.date(2019, 11, 25))

    assert_same_keys(composition.as_dict(), composition_payload(composition))


def assert_same_keys(expected, actual, path="composition"):
    if isinstance(expected, dict):
        assert set(actual) == set(expected), path
        for key, value in expected.items():
            assert_same_keys(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), path
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            assert_same_keys(e, a, f"{path}[{i}]")


def test_composition_query_count_does_not_grow_with_seats(client, django_assert_max_num_queries):
    """~60 seats (two rule expansions) cost as many queries as none; a merged unit adds the
    steps of its succession chain, not a query per seat."""
    url = f"/api/v1/committees/{committee_id(client, E_GOVERNMENT)}/composition"
    with CaptureQueriesContext(connection) as without_seats:
        assert client.get(url, {"as_of": "2019-06-01"}).json()["seats"] == []  # 699
    with django_assert_max_num_queries(len(without_seats) + 5):
        data = client.get(url, {"as_of": "2019-11-25"}).json()

    assert len(data["seats"]) + len(data["working_group"]["seats"]) > 50
    reform = f"/api/v1/committees/{committee_id(client, REFORM_DX)}/composition"
    with django_assert_max_num_queries(COMPOSITION_MAX_QUERIES):
        client.get(reform, {"as_of": "2025-12-01"})


def test_closed_register_refuses_anonymous_readers(client, settings):
    settings.CHIDAO_PUBLIC_REGISTER = False

    response = client.get("/api/v1/committees")

    assert response.status_code == 401
    assert "đăng nhập" in response.json()["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/units?province=ha%20noi&level=district", "/api/v1/decisions"]
)
def test_closed_register_covers_every_router(client, settings, url):
    settings.CHIDAO_PUBLIC_REGISTER = False

    assert client.get(url).status_code == 401


def test_closed_register_serves_logged_in_users(client, settings, personas):
    settings.CHIDAO_PUBLIC_REGISTER = False
    client.force_login(personas.viewer)

    response = client.get("/api/v1/committees", {"search": E_GOVERNMENT})

    assert response.status_code == 200
    assert len(response.json()) == 1
