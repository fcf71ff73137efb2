"""The reader on the ways the press and real decisions word things: named seats in news
phrasing, counts that are not seats, member lists by agency, whole committee names, dates and
numbers in prose, amend and dissolve, national committees and texts that are not decisions.
The texts are written for these tests (names are placeholders)."""

import random
import time

import pytest

from chidao.core.text import fold
from chidao.ingest.reader import extract

pytestmark = pytest.mark.django_db


def seats_of(draft: dict) -> list[tuple]:
    return [(s["role"], s["person"], s["position"], s["unit"]) for s in draft["seats"]]


def test_news_phrasing_of_named_seats():
    draft = extract(
        "Theo đó, thành lập Ban Chỉ đạo cấp tỉnh về phát triển khoa học, công nghệ, đổi mới "
        "sáng tạo và chuyển đổi số gồm 15 thành viên, trong đó: Ông Nguyễn Văn An - Bí thư Tỉnh "
        "ủy làm Trưởng Ban Chỉ đạo; ông Trần Văn Bình - Phó Bí thư Thường trực Tỉnh ủy Phó "
        "Trưởng Ban Chỉ đạo; ông Lê Văn Cường - Phó Bí thư, Chủ tịch UBND tỉnh Phó Trưởng Ban "
        "Chỉ đạo."
    )

    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Bí thư", "Tỉnh ủy"),
        ("deputy_head", "Trần Văn Bình", "Phó Bí thư Thường trực", "Tỉnh ủy"),
        ("deputy_head", "Lê Văn Cường", "Chủ tịch", "Ủy ban nhân dân tỉnh"),
    ]


def test_a_list_of_deputy_prime_ministers_gives_one_seat_each():
    draft = extract(
        "Thủ tướng Chính phủ vừa ký Quyết định số 100/QĐ-TTg kiện toàn Ban Chỉ đạo quốc gia "
        "về thử nghiệm. Ban Chỉ đạo có 03 Phó Trưởng ban gồm: Ông Nguyễn Văn An, Ủy viên Trung "
        "ương Đảng, Phó Thủ tướng Chính phủ; Ông Trần Văn Bình, Bí thư Trung ương Đảng, Phó Thủ "
        "tướng Chính phủ; Ông Lê Văn Cường, Phó Thủ tướng Chính phủ."
    )

    assert seats_of(draft) == [
        ("deputy_head", "Nguyễn Văn An", "Phó Thủ tướng", "Chính phủ"),
        ("deputy_head", "Trần Văn Bình", "Phó Thủ tướng", "Chính phủ"),
        ("deputy_head", "Lê Văn Cường", "Phó Thủ tướng", "Chính phủ"),
    ]


def test_counts_are_not_seats():
    draft = extract(
        "UBND tỉnh vừa ban hành Quyết định thành lập Ban Chỉ đạo chuyển đổi số tỉnh Lạng Sơn "
        "gồm 19 thành viên, trong đó có 02 phó trưởng ban."
    )

    assert draft["seats"] == []
    assert draft["committee"]["name"] == "Ban Chỉ đạo chuyển đổi số tỉnh Lạng Sơn"


def test_a_member_list_by_agency_gives_one_seat_per_agency():
    draft = extract(
        "UBND tỉnh vừa ra Quyết định kiện toàn Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh "
        "Lạng Sơn. Các Ủy viên Ban chỉ đạo là lãnh đạo các sở, ban, ngành, đơn vị: Tài chính, "
        "Văn hóa, Thể thao và Du lịch, Công an tỉnh, Viettel Lạng Sơn."
    )

    assert [(s["position"], s["unit"]) for s in draft["seats"]] == [
        ("Lãnh đạo", "Sở Tài chính"),
        ("Lãnh đạo", "Sở Văn hóa, Thể thao và Du lịch"),
        # the press's "Công an tỉnh" stays as written (data/ingest_corpus/README.md)
        ("Lãnh đạo", "Công an tỉnh"),
        ("Lãnh đạo", "Viettel Lạng Sơn"),
    ]


def test_a_committee_name_is_not_cut_at_its_first_comma():
    draft = extract(
        "Thủ tướng Chính phủ ký Quyết định số 200/QĐ-TTg ngày 24/9/2025 về việc thành lập Ban "
        "Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi "
        "số và Đề án 06 như sau: Thủ tướng Chính phủ làm Trưởng ban."
    )

    assert draft["committee"]["name"] == (
        "Ban Chỉ đạo của Chính phủ về phát triển khoa học, công nghệ, đổi mới sáng tạo, "
        "chuyển đổi số và Đề án 06"
    )
    assert draft["document"]["number"] == "200/QĐ-TTg"
    assert draft["document"]["date"] == "2025-09-24"
    assert draft["document"]["issuer"] == "Thủ tướng Chính phủ"


def test_date_number_issuer_and_signer_in_news_phrasing():
    draft = extract(
        "Ngày 17/11/2021, Chủ tịch UBND tỉnh Vĩnh Long Nguyễn Văn An đã ký Quyết định số 3157 "
        "về kiện toàn Ban Chỉ đạo xây dựng chính quyền điện tử tỉnh Vĩnh Long."
    )
    cited = extract(
        "UBND tỉnh ban hành Quyết định kiện toàn Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh "
        "Lạng Sơn (Quyết định số 2041/QĐ-UBND, ngày 13/10/2021)."
    )

    assert draft["document"]["number"] == "3157"
    assert draft["document"]["date"] == "2021-11-17"
    assert draft["document"]["issuer"] == "Ủy ban nhân dân tỉnh Vĩnh Long"
    assert draft["document"]["signer"] == "Nguyễn Văn An"
    assert cited["document"]["number"] == "2041/QĐ-UBND"
    assert cited["document"]["date"] == "2021-10-13"
    assert cited["document"]["issuer"] == "Ủy ban nhân dân tỉnh Lạng Sơn"


AMEND_NEWS = (
    "Thủ tướng Chính phủ Nguyễn Văn An ký Quyết định số 300/QĐ-TTg ngày 2/10/2025 về việc "
    "kiện toàn thành viên Ban Chỉ đạo quốc gia về thử nghiệm.\n\n"
    "Theo Quyết định, bổ sung, kiện toàn thành viên Ban Chỉ đạo như sau: Bổ sung đồng chí Trần "
    "Văn Bình, Bộ trưởng Bộ Ngoại giao, thành viên Ban Chỉ đạo; bổ sung đồng chí Lê Văn Cường, "
    "Thứ trưởng Bộ Tài chính, thành viên Ban Chỉ đạo thay đồng chí Phạm Văn Dũng.\n\n"
    "Ban Chỉ đạo được thành lập theo Quyết định số 100/QĐ-TTg ngày 5/8/2024. Theo quyết định, "
    "Phó Thủ tướng Hoàng Văn Em làm Trưởng Ban Chỉ đạo."
)


def test_a_news_text_adding_members_is_an_amend_with_only_those_seats():
    draft = extract(AMEND_NEWS)

    assert draft["action"] == "amend"
    assert seats_of(draft) == [
        ("member", "Trần Văn Bình", "Bộ trưởng", "Bộ Ngoại giao"),
        ("member", "Lê Văn Cường", "Thứ trưởng", "Bộ Tài chính"),
    ]
    assert [(s["role"], s["person"]) for s in draft["removed_seats"]] == [
        ("member", "Phạm Văn Dũng")
    ]


def test_a_dissolution_ends_the_committee_and_names_no_seat():
    draft = extract(
        "Thủ tướng Chính phủ quyết định giải thể Ban Chỉ đạo quốc gia về thử nghiệm được thành "
        "lập theo Quyết định số 56/QĐ-TTg ngày 11/1/2018 của Thủ tướng Chính phủ từ ngày "
        "7/8/2025."
    )

    assert draft["action"] == "dissolve"
    assert draft["committee"]["name"] == "Ban Chỉ đạo quốc gia về thử nghiệm"
    assert draft["ends"] == ["Ban Chỉ đạo quốc gia về thử nghiệm"]
    assert draft["seats"] == []


def test_a_national_committee_is_read_with_its_chair_and_deputies():
    draft = extract(
        "Thủ tướng Chính phủ đã ký Quyết định số 1500/QĐ-TTg thành lập Ủy ban Quốc gia về thử "
        "nghiệm.\n\nỦy ban Quốc gia do Phó Thủ tướng Chính phủ Nguyễn Văn An làm Chủ tịch Ủy "
        "ban Quốc gia.\n\nPhó Chủ tịch Ủy ban Quốc gia gồm: Thứ trưởng Bộ Ngoại giao Trần Văn "
        "Bình (Phó Chủ tịch Thường trực); Thứ trưởng Bộ Công Thương Lê Văn Cường.\n\nCác thành "
        "viên khác của Ủy ban Quốc gia gồm có: Thứ trưởng Bộ Quốc phòng Thượng tướng Phạm Văn "
        "Dũng; Thứ trưởng Bộ Y tế Hoàng Văn Em."
    )

    assert draft["committee"]["name"] == "Ủy ban Quốc gia về thử nghiệm"
    assert draft["action"] == "establish"
    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Phó Thủ tướng", "Chính phủ"),
        ("standing_deputy_head", "Trần Văn Bình", "Thứ trưởng", "Bộ Ngoại giao"),
        ("deputy_head", "Lê Văn Cường", "Thứ trưởng", "Bộ Công Thương"),
        ("member", "Phạm Văn Dũng", "Thứ trưởng", "Bộ Quốc phòng"),
        ("member", "Hoàng Văn Em", "Thứ trưởng", "Bộ Y tế"),
    ]


def test_a_meeting_report_is_not_a_decision_and_invents_nothing():
    draft = extract(
        "Chiều 13/3, Ban Chỉ đạo thực hiện sắp xếp đơn vị hành chính đã họp phiên thứ nhất. "
        "Phó Thủ tướng Nguyễn Văn An, Trưởng ban Chỉ đạo chủ trì phiên họp. Tại phiên họp, các "
        "thành viên đã thảo luận về tiến độ."
    )

    assert draft["not_a_decision"] is True
    assert draft["committee"]["name"] is None
    assert draft["seats"] == [] and draft["action"] is None


def test_a_report_announcing_a_decision_at_a_meeting_is_read():
    draft = extract(
        "Tại hội nghị, Văn phòng UBND tỉnh Lạng Sơn đã công bố Quyết định số 3820 của UBND tỉnh "
        "về việc kiện toàn Ban Chỉ đạo chuyển đổi số tỉnh Lạng Sơn."
    )

    assert not draft.get("not_a_decision")
    assert draft["committee"]["name"] == "Ban Chỉ đạo chuyển đổi số tỉnh Lạng Sơn"


GARBAGE = [
    "",
    " ",
    "\n\n\n",
    "(((((((",
    "Quyết định số",
    "Ban Chỉ đạo",
    "Ủy ban Quốc gia về",
    "thay đồng chí",
    ";;;;,,,,....::::" * 200,
    "Ông " * 5000,
    "Trưởng ban " * 3000,
    "QUYẾT ĐỊNH:\nĐiều 1.\nĐiều 2.\n" * 300,
    "\x00\x01\x02 Ban Chỉ đạo \ufeff\u200b",
]


@pytest.mark.parametrize("text", GARBAGE)
def test_no_input_crashes_the_reader(text):
    draft = extract(text)

    assert set(draft) >= {"document", "action", "committee", "seats", "working_group"}


def test_random_and_huge_input_does_not_crash_and_a_long_text_reads_in_time():
    rng = random.Random(20261203)  # noqa: S311 (test data, not security)
    alphabet = "abcđêôơư ,.;:()-–\n0123456789/ÔngBàTrưởngbanPhóỦyviênQuyếtđịnhsố"
    for _ in range(30):
        extract("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 5000))))
    long_text = (AMEND_NEWS + "\n") * 40  # ~40 KB, longer than any real decision
    started = time.monotonic()
    draft = extract(long_text)

    assert time.monotonic() - started < 2.0
    assert fold(draft["committee"]["name"]) == fold("Ban Chỉ đạo quốc gia về thử nghiệm")


def test_the_command_refuses_a_meeting_report_saying_why(tmp_path):
    from django.core.management import CommandError, call_command

    report = tmp_path / "hop.txt"
    report.write_text(
        "Chiều 13/3, Ban Chỉ đạo cải cách hành chính của Chính phủ tổ chức phiên họp thứ năm để "
        "đánh giá kết quả công tác cải cách hành chính sáu tháng đầu năm và bàn nhiệm vụ trọng tâm "
        "của những tháng cuối năm. Phó Thủ tướng Nguyễn Văn An chủ trì phiên họp. Tại phiên họp, "
        "các bộ, ngành và địa phương đã báo cáo tiến độ thực hiện các nhiệm vụ được giao.",
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="không phải quyết định"):
        call_command("ingest", str(report), "--json")


def test_line_breaks_the_page_left_inside_a_sentence_do_not_cut_a_seat():
    draft = extract(
        "Ngày 10/3/2025, UBND tỉnh Nghệ An ban hành Quyết định số 700/QĐ-UBND thành lập Ban "
        "Chỉ đạo chuyển đổi số tỉnh Nghệ An.\nTheo đó, ông Lê Hồng Vinh,\nChủ tịch UBND tỉnh "
        "làm Trưởng ban; ông Bùi Đình Long, Phó Chủ tịch UBND tỉnh\nlàm Phó Trưởng ban thường "
        "trực; ông Trần Quốc Thành, Giám đốc Sở Khoa học và Công nghệ làm\nPhó Trưởng ban."
    )

    assert [(s["role"], s["person"], s["position"]) for s in draft["seats"]] == [
        ("head", "Lê Hồng Vinh", "Chủ tịch"),
        ("standing_deputy_head", "Bùi Đình Long", "Phó Chủ tịch"),
        ("deputy_head", "Trần Quốc Thành", "Giám đốc"),
    ]
    # offsets still point into the text as stored
    assert "Lê Hồng Vinh,\nChủ tịch" in draft["seats"][0]["quote"]


def test_members_named_by_their_body_alone_are_seats_of_that_body():
    draft = extract(
        "UBND tỉnh Quảng Ninh vừa có quyết định thành lập Ban Chỉ đạo về thử nghiệm. Ban Chỉ "
        "đạo còn có các thành viên là thường trực HĐND tỉnh, Ủy ban MTTQ tỉnh, Văn phòng UBND "
        "tỉnh, lãnh đạo các sở, ban, ngành.\n\nThành viên gồm Lãnh đạo Văn phòng Tỉnh ủy, Viễn "
        "thông Quảng Ninh, Bưu điện tỉnh Quảng Ninh, Viettel Quảng Ninh."
    )

    # a body alone first is held with no title; after "Lãnh đạo <body>", by the same post
    bodies = {s[3]: s[2] for s in seats_of(draft) if s[1] is None}
    assert bodies["Văn phòng Ủy ban nhân dân tỉnh"] is None
    assert bodies["Thường trực Hội đồng nhân dân tỉnh"] is None
    assert bodies["Viettel Quảng Ninh"] == "Lãnh đạo"
    assert bodies["Bưu điện tỉnh Quảng Ninh"] == "Lãnh đạo"


def test_a_post_of_a_unit_written_with_cua_has_the_unit_without_it():
    draft = extract(
        "UBND tỉnh Quảng Ninh vừa có quyết định thành lập Ban Chỉ đạo về thử nghiệm. Tổ công tác "
        "giúp việc Ban Chỉ đạo gồm: Phó Giám đốc Sở Nội vụ làm Tổ trưởng; các thành viên là "
        "lãnh đạo cấp phòng của Sở Tài chính."
    )

    units = [s["unit"] for s in draft["working_group"]["seats"]]
    assert units == ["Sở Nội vụ", "Sở Tài chính"]


def test_holders_who_join_the_committee_are_its_members():
    draft = extract(
        "Thủ tướng vừa ký Quyết định thành lập Ủy ban Quốc gia về thử nghiệm. Lãnh đạo hai "
        "doanh nghiệp tham gia Ủy ban là ông Nguyễn Văn An, Chủ tịch Hội đồng quản trị Công ty "
        "cổ phần Alpha; ông Trần Văn Bình, Chủ tịch Hội đồng thành viên Tổng công ty Beta."
    )

    assert {s["role"] for s in draft["seats"]} == {"member"}
    assert [(s["person"], s["unit"]) for s in draft["seats"]] == [
        ("Nguyễn Văn An", "Công ty cổ phần Alpha"),
        ("Trần Văn Bình", "Tổng công ty Beta"),
    ]


def test_a_sentence_that_opens_with_the_role_names_its_holder_after_the_comma():
    draft = extract(
        "Bộ trưởng vừa ký Quyết định bổ sung thành viên Tổ công tác giúp việc Ủy ban quốc gia về "
        "thử nghiệm. Là thành viên mới của Tổ công tác, ông Nguyễn Văn An, Phó Cục trưởng Cục "
        "Tin học hóa sẽ tham gia nhóm Nguồn lực."
    )

    group = [(s["role"], s["person"], s["position"]) for s in draft["working_group"]["seats"]]
    assert group == [("member", "Nguyễn Văn An", "Phó Cục trưởng")]
    assert draft["working_group"]["seats"][0]["unit"] == "Cục Tin học hóa"


def test_a_member_moved_from_an_acting_post_holds_the_new_post():
    draft = extract(
        "Thủ tướng vừa ký Quyết định kiện toàn Ban Chỉ đạo quốc gia về thử nghiệm. Đồng thời, "
        "điều chỉnh chức vụ ông Nguyễn Văn An, thành viên Ban Chỉ đạo từ Quyền Bộ trưởng thành "
        "Bộ trưởng Bộ Ngoại giao."
    )

    (seat,) = draft["seats"]
    assert (seat["person"], seat["position"]) == ("Nguyễn Văn An", "Bộ trưởng")
    assert seat["unit"] == "Bộ Ngoại giao" and seat["role"] == "member"


def test_a_body_joined_by_va_after_the_agencies_rule_is_a_seat_of_its_own():
    draft = extract(
        "UBND tỉnh Quảng Ninh vừa thành lập Ban Chỉ đạo về thử nghiệm. Ban Chỉ đạo còn có các "
        "thành viên là lãnh đạo các sở, ban ngành và Trung tâm Chuyển đổi số tỉnh."
    )

    rule, body = draft["seats"][-2:]
    assert rule["rule"] == "agency_leader_representatives"
    assert (body["unit"], body["position"], body["rule"]) == (
        "Trung tâm Chuyển đổi số tỉnh",
        None,
        None,
    )
