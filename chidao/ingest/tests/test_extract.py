"""The two seed articles, read by chidao ingest, give what the demo register holds, field by
field; and the extraction reads the ways Vietnamese decisions are written."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from chidao.committees.seeds import read_register_file
from chidao.core.text import fold
from chidao.ingest.reader import extract, work_text
from chidao.ingest.services import read_draft
from chidao.ingest.tests.helpers import SET_DIR, set_text

pytestmark = pytest.mark.django_db

REGISTER = read_register_file()
SEED_FILES = {"seed:000": "seed_000.txt", "seed:001": "seed_001.txt"}


def register_version(key: str) -> dict:
    return next(v for v in REGISTER["versions"] if v["key"] == key)


def register_document(key: str) -> dict:
    return next(d for d in REGISTER["documents"] if d["key"] == key)


def register_committee(key: str) -> dict:
    return next(c for c in REGISTER["committees"] if c["key"] == key)


def cli_json(name: str) -> dict:
    out = StringIO()
    call_command("ingest", str(SET_DIR / name), "--json", stdout=out)
    return json.loads(out.getvalue())


def seat_key(seat: dict) -> tuple:
    """A register seat (TOML) or a draft seat, as comparable values."""
    if "position" in seat and isinstance(seat["position"], dict):
        position = seat["position"]
        return (
            seat["role"],
            fold(seat.get("person")),
            fold(position["title"]),
            fold(position["unit"]),
            fold(position.get("portfolio")),
            seat.get("rule") or "",
        )
    if seat.get("rule"):
        return (seat["role"], "", "", "", "", seat["rule"])
    return (
        seat["role"],
        fold(seat.get("person")),
        fold(seat.get("position")),
        fold(seat.get("unit")),
        fold(seat.get("portfolio")),
        seat.get("rule") or "",
    )


def rule_key(seat: dict) -> tuple:
    return (seat["role"], "", "", "", "", seat["rule"]) if seat.get("rule") else seat_key(seat)


@pytest.mark.parametrize(
    ("version_key", "file"), [("egov-6218", "seed_000.txt"), ("par-dx-818", "seed_001.txt")]
)
def test_seed_articles_match_the_demo_register_field_by_field(version_key, file):
    version = register_version(version_key)
    document = register_document(version["decision"])
    committee = register_committee(version["committee"])
    draft = cli_json(file)

    # the document
    assert draft["document"]["number"] == document["number"]
    assert draft["document"]["date"] == (
        document["date"].isoformat() if document.get("date") else None
    )
    assert draft["document"]["issuer"] == document["issuer"]
    assert draft["document"]["signer"] == document["signer"]
    assert draft["action"] == version["action"]
    replaced = [register_document(key) for key in document.get("replaces", [])]
    assert [(r["number"], r["date"]) for r in draft["replaces"]] == [
        (r["number"], r["date"].isoformat() if r.get("date") else None) for r in replaced
    ]
    # the committee and its predecessor
    assert fold(draft["committee"]["name"]) == fold(committee["name"])
    predecessors = [
        register_committee(link["predecessor"])["name"]
        for link in REGISTER["lineage"]
        if link["successor"] == version["committee"]
    ]
    assert draft["committee"]["predecessor"] == (predecessors[0] if predecessors else None)
    # seats, in order, and the working group
    assert [rule_key(s) for s in draft["seats"]] == [rule_key(s) for s in version["seats"]]
    assert [rule_key(s) for s in draft["working_group"]["seats"]] == [
        rule_key(s) for s in version.get("working_group", [])
    ]
    # standing agencies by domain
    assert [(a["domain"], a["unit"]) for a in draft["standing_agencies"]] == [
        (a["domain"], a["unit"]) for a in version["standing_agencies"]
    ]
    # duties, as written
    assert [(d["domain"], d["text"]) for d in draft["duties"]] == [
        (d["domain"], d["text"]) for d in version["duties"]
    ]
    # the article's date is the source date the register uses for effective_from
    assert draft["source"]["date"] == version["effective_from"].isoformat()
    if version.get("regulation_issuer"):
        assert draft["regulation"]["issuer"] == version["regulation_issuer"]


def test_seed_6218_names_what_the_article_says():
    draft = cli_json("seed_000.txt")

    assert draft["document"]["number"] == "6218"
    assert draft["document"]["signer"] == "Nguyễn Đức Chung"
    assert draft["replaces"] == [
        {"number": "699", "date": "2019-02-04", "spans": draft["replaces"][0]["spans"]}
    ]
    head = draft["seats"][0]
    assert (head["role"], head["position"], head["unit"], head["person"]) == (
        "head",
        "Chủ tịch",
        "Ủy ban nhân dân thành phố Hà Nội",
        None,  # the article names the post, not the person: never guessed
    )
    quy = draft["seats"][1]
    assert (quy["role"], quy["person"]) == ("standing_deputy_head", "Ngô Văn Quý")
    # Nguyễn Ngọc Kỳ is named as the holder of an ex-officio seat, not as the seat
    tt = next(s for s in draft["seats"] if s["unit"] == "Sở Thông tin và Truyền thông")
    assert tt["person"] is None and tt["holder_attested"] == "Nguyễn Ngọc Kỳ"
    rule = next(s for s in draft["seats"] if s["rule"])
    assert rule["rule"] == "department_heads" and rule["unit"] is None
    assert draft["working_group"]["seated_at"] == "Văn phòng Ủy ban nhân dân thành phố"
    assert draft["standing_agencies"] == [
        {
            **draft["standing_agencies"][0],
            "domain": "all",
            "unit": "Văn phòng Ủy ban nhân dân thành phố",
        }
    ]


def test_seed_818_names_its_three_leaders():
    draft = cli_json("seed_001.txt")

    assert draft["document"]["number"] == "818/QĐ-UBND"
    assert [(s["role"], s["person"], s["position"]) for s in draft["seats"][:3]] == [
        ("head", "Trần Sỹ Thanh", "Chủ tịch"),
        ("standing_deputy_head", "Lê Hồng Sơn", "Phó Chủ tịch Thường trực"),
        ("deputy_head", "Hà Minh Hải", "Phó Chủ tịch"),
    ]
    assert draft["seats"][3]["rule"] == "agency_leader_representatives"
    assert [(a["domain"], a["unit"]) for a in draft["standing_agencies"]] == [
        ("administrative_reform", "Sở Nội vụ"),
        ("digital_transformation", "Sở Thông tin và Truyền thông"),
    ]
    assert draft["committee"]["predecessor"] == "Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội"
    # matched to the register
    assert draft["seats"][0]["match"]["person"]["status"] == "matched"
    assert draft["committee"]["match"]["name"]["status"] == "matched"


@pytest.mark.parametrize(
    "name",
    ["seed_000.txt", "seed_001.txt", "d01_hn_cchc_2020.txt", "d04_hn_de_an_06_bang_2022.txt"],
)
def test_every_value_keeps_the_span_it_was_read_from(name):
    text = set_text(name)
    draft = extract(text)

    for seat in draft["seats"] + draft["working_group"]["seats"]:
        spans = seat["spans"]
        assert seat["quote"] and seat["quote"] in text
        if seat["person"]:
            start, end = spans["person"]
            assert text[start:end] == seat["person"]
        if seat["position"] and not seat["rule"]:
            start, end = spans["position"]
            assert fold(text[start:end]) == fold(seat["position"])
        if seat["unit"]:
            start, end = spans["unit"]
            # a unit of a list ("Cục trưởng các Cục: Thuế …") is read with its list's head
            assert text[start:end] in seat["unit_as_written"]
    number = draft["document"]["spans"]["number"]
    assert text[number[0] : number[1]] == draft["document"]["number"]
    name_span = draft["committee"]["spans"]["name"]
    assert text[name_span[0] : name_span[1]] == draft["committee"]["name"]


def test_the_same_text_always_gives_the_same_draft():
    text = set_text("d08_hn_thay_the_hai_qd_2021.txt")

    assert extract(text) == extract(text)


def test_abbreviations_titles_and_names_in_prose():
    text = (
        "UBND TP Hà Nội vừa ban hành Quyết định số 77/QĐ-UBND ngày 3/2/2022 về việc kiện toàn "
        "Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội. Theo đó, đồng chí Phạm Văn Bình (Chủ tịch "
        "UBND TP) làm Trưởng ban; Phó Trưởng ban là Giám đốc Sở TT&TT và bà Lê Thị Hoa, Giám "
        "đốc Sở KH&CN. Ủy viên gồm Giám đốc các Sở: Tư pháp, Kế hoạch và Đầu tư và Y tế."
    )
    draft = read_draft(text)

    assert draft["document"]["number"] == "77/QĐ-UBND"
    assert draft["document"]["date"] == "2022-02-03"
    assert draft["action"] == "reconstitute"
    seats = [(s["role"], s["person"], s["position"], s["unit"]) for s in draft["seats"]]
    assert seats == [
        ("head", "Phạm Văn Bình", "Chủ tịch", "Ủy ban nhân dân thành phố Hà Nội"),
        ("deputy_head", None, "Giám đốc", "Sở Thông tin và Truyền thông"),
        ("deputy_head", "Lê Thị Hoa", "Giám đốc", "Sở Khoa học và Công nghệ"),
        ("member", None, "Giám đốc", "Sở Tư pháp"),
        ("member", None, "Giám đốc", "Sở Kế hoạch và Đầu tư"),
        ("member", None, "Giám đốc", "Sở Y tế"),
    ]


def test_old_tone_marks_read_like_new_ones_and_offsets_do_not_move():
    text = "Uỷ ban nhân dân thành phố Hoà Bình"

    assert work_text(text) == "Ủy ban nhân dân thành phố Hòa Bình"
    assert len(work_text(text)) == len(text)
    assert work_text("Ngô Văn Quý") == "Ngô Văn Quý"  # "qu" keeps its tone on the y


def test_a_place_is_not_taken_for_a_person():
    draft = extract(
        "Quyết định số 5/QĐ-UBND thành lập Ban Chỉ đạo Chuyển đổi số tỉnh Hà Giang. "
        "Trưởng ban là Chủ tịch UBND tỉnh Hà Giang."
    )

    assert draft["seats"][0]["person"] is None
    assert draft["seats"][0]["unit"] == "Ủy ban nhân dân tỉnh Hà Giang"


def test_what_the_text_does_not_state_is_null():
    draft = extract(
        "Ban Chỉ đạo Cải cách hành chính thành phố Hà Nội vừa được kiện toàn. Trưởng ban là "
        "Chủ tịch UBND Thành phố."
    )

    assert draft["document"]["number"] is None
    assert draft["document"]["date"] is None
    assert draft["document"]["signer"] is None
    assert draft["replaces"] == []
    assert draft["committee"]["predecessor"] is None
    assert draft["seats"][0]["person"] is None
