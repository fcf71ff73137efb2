"""The setup step that records real texts through the reader (chidao load-demo-readings):
Hà Nội's 2025 committee and the Government's, each seat with its source, an amend that keeps
the other seats, and nothing written the second time."""

import pytest

from chidao.committees.models import Committee, CommitteeVersion
from chidao.ingest.readings import load_readings

pytestmark = pytest.mark.django_db

HANOI = (
    "Ban Chỉ đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số, cải cách "
    "hành chính và Đề án 06 thành phố Hà Nội"
)
GOVERNMENT = (
    "Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển "
    "đổi số và Đề án 06"
)


@pytest.fixture
def loaded(db):
    return load_readings()


def test_loading_twice_writes_nothing_the_second_time(loaded):
    versions = CommitteeVersion.objects.count()

    again = load_readings()

    assert loaded == {"committed": 3, "already": 0}
    assert again == {"committed": 0, "already": 3}
    assert CommitteeVersion.objects.count() == versions


def test_the_api_finds_hanoi_2025_committee_and_its_2026_composition_has_sources(
    loaded, client, personas
):
    client.force_login(personas.viewer)

    found = client.get("/api/v1/committees?search=khoa hoc cong nghe").json()

    hanoi = next(c for c in found if c["name"] == HANOI)
    assert hanoi["current_decision"]["number"] == "3903/QĐ-UBND"
    composition = client.get(f"/api/v1/committees/{hanoi['id']}/composition?as_of=2026-03-01")
    seats = composition.json()["seats"]
    assert [(s["role"], s["person"]) for s in seats[:2]] == [
        ("head", "Trần Sỹ Thanh"),
        ("deputy_head", "Trương Việt Dũng"),
    ]
    assert all(s["source"]["url"].startswith("https://doanhnghieptiepthi.vn/") for s in seats)
    assert "Trương Việt Dũng, Phó Chủ tịch UBND thành phố" in seats[1]["source"]["quote"]


def test_the_government_committee_is_amended_by_2130_keeping_the_other_seats(loaded):
    committee = Committee.objects.get(name=GOVERNMENT)
    first, amended = committee.versions.order_by("effective_from")

    assert (first.decision.number, first.effective_from.isoformat()) == ("598/QĐ-TTg", "2025-03-13")
    assert (amended.decision.number, amended.action) == ("2130/QĐ-TTg", "amend")
    before = set(first.seats.values_list("person__full_name", flat=True))
    after = set(amended.seats.values_list("person__full_name", flat=True))
    assert before - after == {"Đỗ Đức Duy"}
    assert after - before == {"Lê Hoài Trung", "Trần Đức Thắng", "Lê Văn Lợi", "Vũ Hải Quân"}
    assert amended.source.url.startswith("https://www.vietnamplus.vn/")
