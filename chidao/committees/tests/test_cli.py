"""`chidao composition`: the same composition as the API, as a table or as its JSON."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("composition", *args, stdout=out)
    return out.getvalue()


def test_json_is_exactly_the_api_answer(client):
    [committee] = client.get("/api/v1/committees", {"search": "chinh quyen dien tu"}).json()
    api = client.get(
        f"/api/v1/committees/{committee['id']}/composition", {"as_of": "2019-11-25"}
    ).json()

    printed = run("chinh quyen dien tu", "--as-of", "2019-11-25", "--json")

    assert json.loads(printed) == api


def test_committee_by_id(client):
    [committee] = client.get("/api/v1/committees", {"search": "chinh quyen dien tu"}).json()

    data = json.loads(run(str(committee["id"]), "--as-of", "2019-11-25", "--json"))

    assert data["committee"]["name"] == committee["name"]


def test_table_lists_seats_and_people():
    printed = run("chinh quyen dien tu", "--as-of", "2019-11-25")

    assert "Trưởng ban" in printed
    assert "Nguyễn Đức Chung" in printed
    assert "Quyết định 6218" in printed
    assert "Văn phòng Ủy ban nhân dân thành phố" in printed


def test_table_shows_flags():
    printed = run("cai cach hanh chinh", "--as-of", "2025-12-01")

    assert "Vũ Đại Thắng" in printed


def test_unknown_committee_is_an_error():
    with pytest.raises(CommandError, match="Không tìm thấy"):
        run("khong co ban nay", "--as-of", "2019-11-25")


def test_unknown_id_is_an_error():
    with pytest.raises(CommandError, match="Không có Ban Chỉ đạo mã"):
        run("999999", "--as-of", "2019-11-25")


def test_ambiguous_search_lists_candidates():
    with pytest.raises(CommandError) as error:
        run("ha noi", "--as-of", "2019-11-25")

    assert "Ban chỉ đạo xây dựng Chính quyền điện tử thành phố Hà Nội" in str(error.value)
    assert "Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội" in str(error.value)


@pytest.mark.parametrize("as_of", ["2019-13-40", "abc"])
def test_bad_date_is_an_error(as_of):
    with pytest.raises(CommandError, match=f"Ngày “{as_of}” không hợp lệ"):
        run("chinh quyen dien tu", "--as-of", as_of)
