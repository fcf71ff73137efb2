"""The reader on forms of real decisions beyond the project's own set: a national committee's
clauses ("Phó Chủ tịch Thường trực: …"), a standing agency whose name has a comma, the
Party's numbering, a district's decision and the press's "X thành lập Ban Chỉ đạo".
The texts are written for these tests (names are placeholders)."""

import pytest

from chidao.ingest.reader import extract

pytestmark = pytest.mark.django_db

NATIONAL = """THỦ TƯỚNG CHÍNH PHỦ
Số: 777/QĐ-TTg
Hà Nội, ngày 10 tháng 6 năm 2021
QUYẾT ĐỊNH
Về việc thành lập Ủy ban Quốc gia về thử nghiệm
QUYẾT ĐỊNH:
Điều 1. Thành lập Ủy ban Quốc gia về thử nghiệm gồm các thành viên sau:
1. Chủ tịch Ủy ban: Thủ tướng Chính phủ.
2. Phó Chủ tịch Thường trực: Phó Thủ tướng Chính phủ Nguyễn Văn An.
3. Phó Chủ tịch: Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch.
4. Các Ủy viên:
a) Thứ trưởng Bộ Công an;
b) Thứ trưởng Bộ Tài chính.
Điều 2. Bộ Văn hóa, Thể thao và Du lịch là cơ quan thường trực của Ủy ban Quốc gia.
Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký.
Nơi nhận:
"""


def seats_of(draft: dict) -> list[tuple]:
    return [(s["role"], s["person"], s["position"], s["unit"]) for s in draft["seats"]]


def test_a_national_committees_clauses_name_its_chair_and_vice_chairs():
    assert seats_of(extract(NATIONAL))[:3] == [
        ("head", None, "Thủ tướng", "Chính phủ"),
        ("standing_deputy_head", "Nguyễn Văn An", "Phó Thủ tướng", "Chính phủ"),
        ("deputy_head", None, "Bộ trưởng", "Bộ Văn hóa, Thể thao và Du lịch"),
    ]


def test_a_standing_agency_whose_name_has_a_comma_is_read_whole():
    agencies = extract(NATIONAL)["standing_agencies"]

    assert [(a["domain"], a["unit"]) for a in agencies] == [
        ("all", "Bộ Văn hóa, Thể thao và Du lịch")
    ]


def test_the_chair_named_with_is_chair_of_the_committee_before_a_semicolon():
    draft = extract(
        "Ngày 20/9/2024, Thủ tướng Chính phủ ký Quyết định số 1020/QĐ-TTg về việc kiện toàn "
        "Ủy ban Quốc gia về thử nghiệm. Theo Quyết định, Thủ tướng Chính phủ Nguyễn Văn An là "
        "Chủ tịch Ủy ban; Phó Thủ tướng Trần Văn Bình là Phó Chủ tịch Ủy ban."
    )

    assert [(s["role"], s["person"]) for s in draft["seats"]] == [
        ("head", "Nguyễn Văn An"),
        ("deputy_head", "Trần Văn Bình"),
    ]


def test_a_party_decision_number_is_read_whole_with_its_date():
    draft = extract(
        "Bí thư Tỉnh ủy Lào Cai Nguyễn Văn An đã ký ban hành Quyết định số 456-QĐ/TU ngày "
        "10/2/2025 thành lập Ban Chỉ đạo của Tỉnh ủy về thử nghiệm. Đồng chí Nguyễn Văn An, "
        "Bí thư Tỉnh ủy làm Trưởng ban."
    )

    assert draft["document"]["number"] == "456-QĐ/TU"
    assert draft["document"]["date"] == "2025-02-10"


def test_a_districts_decision_names_its_peoples_committee_in_full():
    draft = extract(
        "ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN\nSố: 88/QĐ-UBND\nTân Yên, ngày 5 tháng 1 năm 2023\n"
        "QUYẾT ĐỊNH\nVề việc thành lập Ban Chỉ đạo Đề án 06 huyện Tân Yên\nQUYẾT ĐỊNH:\n"
        "Điều 1. Thành lập Ban Chỉ đạo Đề án 06 huyện Tân Yên, gồm các ông, bà có tên sau:\n"
        "1. Ông Nguyễn Văn An, Chủ tịch UBND huyện - Trưởng ban;\n"
        "2. Ông Trần Văn Bình, Trưởng Công an huyện - Phó Trưởng ban Thường trực.\n"
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.\nNơi nhận:\n"
    )

    assert draft["document"]["issuer"] == "Ủy ban nhân dân huyện Tân Yên"
    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân huyện Tân Yên"),
        ("standing_deputy_head", "Trần Văn Bình", "Trưởng Công an", "Công an huyện Tân Yên"),
    ]


def test_the_press_naming_who_set_the_committee_up_gives_the_issuer():
    draft = extract(
        "Tỉnh ủy Thái Nguyên thành lập Ban Chỉ đạo chuyển đổi số tỉnh\n\n"
        "Ông Nguyễn Văn An, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Thái Nguyên làm Trưởng ban."
    )

    assert draft["document"]["issuer"] == "Tỉnh ủy Thái Nguyên"


def test_an_item_whose_role_follows_a_colon_is_a_seat():
    draft = extract(
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG\nSố: 77/QĐ-UBND\nQUYẾT ĐỊNH\n"
        "Về việc kiện toàn Ban Chỉ đạo thử nghiệm tỉnh An Giang\nQUYẾT ĐỊNH:\n"
        "Điều 1. Kiện toàn Ban Chỉ đạo thử nghiệm tỉnh An Giang, gồm:\n"
        "1. Ông Nguyễn Văn An - Chủ tịch UBND tỉnh: Trưởng ban.\n"
        "2. Giám đốc Sở Nội vụ: Thành viên.\n"
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.\nNơi nhận:\n"
    )

    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân tỉnh An Giang"),
        ("member", None, "Giám đốc", "Sở Nội vụ"),
    ]


def test_the_chair_of_a_national_committee_stated_role_first():
    draft = extract(
        "Thủ tướng Chính phủ ký Quyết định số 400/QĐ-TTg kiện toàn Ủy ban Quốc gia về thử "
        "nghiệm. Chủ tịch Ủy ban là Thủ tướng Chính phủ. Phó Chủ tịch Ủy ban là Phó Thủ tướng "
        "Nguyễn Văn An."
    )

    assert seats_of(draft) == [
        ("head", None, "Thủ tướng", "Chính phủ"),
        ("deputy_head", "Nguyễn Văn An", "Phó Thủ tướng", None),
    ]


def test_a_name_the_text_defines_a_short_form_for_is_the_committees_name():
    draft = extract(
        "Tỉnh ủy Thái Nguyên thành lập Ban chỉ đạo chuyển đổi số tỉnh\n\nBên cạnh Trưởng ban, "
        "Ban chỉ đạo thực hiện Nghị quyết 01 của Tỉnh ủy về Chương trình thử nghiệm, giai "
        "đoạn 2021 - 2025 (gọi tắt là Ban chỉ đạo) còn 2 Phó Trưởng ban."
    )

    assert draft["committee"]["name"] == (
        "Ban chỉ đạo thực hiện Nghị quyết 01 của Tỉnh ủy về Chương trình thử nghiệm, giai "
        "đoạn 2021 - 2025"
    )


def test_the_prime_ministers_signature_block_gives_the_signer():
    text = NATIONAL.replace(
        "Nơi nhận:\n", "Nơi nhận:\n- Như Điều 3;\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nTrần Văn Bình\n"
    )

    assert extract(text)["document"]["signer"] == "Trần Văn Bình"


def test_a_plural_post_before_its_holders_is_each_holders_post():
    draft = extract(
        "Thủ tướng Chính phủ vừa ký Quyết định số 500/QĐ-TTg thành lập Ban Chỉ đạo quốc gia "
        "về thử nghiệm. Thủ tướng Nguyễn Văn An làm Trưởng ban; các Phó Thủ tướng: Trần Văn "
        "Bình, Lê Văn Cường làm Phó Trưởng ban."
    )

    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Thủ tướng", None),
        ("deputy_head", "Trần Văn Bình", "Phó Thủ tướng", None),
        ("deputy_head", "Lê Văn Cường", "Phó Thủ tướng", None),
    ]


def test_the_press_short_form_pho_ban_names_deputy_heads():
    draft = extract(
        "UBND tỉnh Cà Mau vừa ban hành quyết định kiện toàn Ban Chỉ đạo thử nghiệm tỉnh Cà "
        "Mau. Quyết định phân công các Phó ban gồm Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính."
    )

    assert seats_of(draft) == [
        ("deputy_head", None, "Giám đốc", "Sở Nội vụ"),
        ("deputy_head", None, "Giám đốc", "Sở Tài chính"),
    ]


def test_news_of_a_committees_working_group_seats_its_members_in_the_group():
    draft = extract(
        "Ngày 12/3/2020, Bộ trưởng Bộ Thông tin và Truyền thông ký Quyết định số 300/QĐ-BTTTT "
        "thành lập Tổ công tác giúp việc Ủy ban Quốc gia về thử nghiệm. Tổ trưởng Tổ công tác "
        "là ông Nguyễn Văn An, Cục trưởng Cục Tin học hóa. Các thành viên Tổ công tác gồm: ông "
        "Trần Văn Bình, Phó Vụ trưởng Vụ Kế hoạch - Tài chính."
    )

    assert draft["committee"]["name"] == "Ủy ban Quốc gia về thử nghiệm"
    assert draft["seats"] == []
    assert [(s["role"], s["person"]) for s in draft["working_group"]["seats"]] == [
        ("leader", "Nguyễn Văn An"),
        ("member", "Trần Văn Bình"),
    ]


def test_the_remaining_deputies_and_a_rank_before_a_name():
    draft = extract(
        "UBND TP.HCM vừa thành lập Ban Chỉ đạo thử nghiệm. Hai Phó Trưởng ban còn lại gồm ông "
        "Nguyễn Văn An, Giám đốc Sở Khoa học và Công nghệ và Đại tá Trần Văn Bình, Phó Giám "
        "đốc Công an TP.HCM."
    )

    assert [(s["role"], s["person"], s["position"]) for s in draft["seats"]] == [
        ("deputy_head", "Nguyễn Văn An", "Giám đốc"),
        ("deputy_head", "Trần Văn Bình", "Phó Giám đốc"),
    ]


def test_two_appointments_joined_by_and_are_two_seats():
    draft = extract(
        "Thủ tướng vừa ký Quyết định số 791/QĐ-TTg thành lập Ban Chỉ đạo quốc gia về thử "
        "nghiệm. Bộ trưởng Bộ Khoa học và Công nghệ Nguyễn Văn An là Phó Trưởng ban Thường "
        "trực Ban Chỉ đạo và Bộ trưởng Bộ Tài chính Trần Văn Bình là Phó Trưởng Ban Chỉ đạo."
    )

    assert seats_of(draft) == [
        ("standing_deputy_head", "Nguyễn Văn An", "Bộ trưởng", "Bộ Khoa học và Công nghệ"),
        ("deputy_head", "Trần Văn Bình", "Bộ trưởng", "Bộ Tài chính"),
    ]


def test_a_count_after_a_role_is_not_a_holder():
    draft = extract(
        "Ngày 3/5/2019, UBND tỉnh Quảng Nam ký quyết định số 1285/QĐ-UBND về việc thành lập "
        "Ban Chỉ đạo thử nghiệm tỉnh Quảng Nam; Ông Nguyễn Văn An, Giám đốc Sở Thông tin và "
        "Truyền thông - Ủy viên thường trực và 14 ủy viên."
    )

    assert seats_of(draft) == [
        ("member", "Nguyễn Văn An", "Giám đốc", "Sở Thông tin và Truyền thông"),
    ]


def test_the_head_of_a_committee_named_after_its_working_group_is_the_committees():
    draft = extract(
        "Theo Quyết định 944 của UBND TP.HCM về việc thành lập Ban chỉ đạo và Tổ giúp việc "
        "Ban chỉ đạo về thử nghiệm của thành phố, Ban chỉ đạo có Trưởng ban là ông Nguyễn Văn "
        "An, Chủ tịch UBND thành phố."
    )

    assert [(s["role"], s["person"]) for s in draft["seats"]] == [("head", "Nguyễn Văn An")]
    assert draft["working_group"]["seats"] == []


def test_a_member_replaced_by_another_keeps_the_new_seat_the_same_act_gives_them():
    draft = extract(
        "Thủ tướng Chính phủ vừa ký Quyết định số 2764/QĐ-TTg bổ sung, kiện toàn thành viên "
        "Ban Chỉ đạo quốc gia về thử nghiệm.\n\nCụ thể, Quyết định đã bổ sung Phó Thủ tướng "
        "Nguyễn Thị An làm Phó trưởng Ban Chỉ đạo.\n\nQuyết định cũng bổ sung ông Trần Văn "
        "Bình, Bộ trưởng Bộ Nội vụ, thành viên Ban Chỉ đạo thay bà Nguyễn Thị An."
    )

    assert draft["action"] == "amend"
    assert [(s["role"], s["person"]) for s in draft["seats"]] == [
        ("deputy_head", "Nguyễn Thị An"),
        ("member", "Trần Văn Bình"),
    ]
    assert [(s["role"], s["person"]) for s in draft["removed_seats"]] == [
        ("member", "Nguyễn Thị An")
    ]


def test_a_districts_name_is_no_part_of_the_person_named_after_it():
    draft = extract(
        "Ngày 2/3/2025, UBND huyện Mai Sơn ban hành Quyết định số 50/QĐ-UBND thành lập Ban "
        "Chỉ đạo thử nghiệm huyện. Chủ tịch UBND huyện Mai Sơn Hoàng Văn An làm Trưởng ban."
    )

    assert draft["document"]["signer"] is None
    assert seats_of(draft) == [
        ("head", "Hoàng Văn An", "Chủ tịch", "Ủy ban nhân dân huyện Mai Sơn"),
    ]


def test_a_wards_committee_and_a_district_party_committee():
    ward = extract(
        "UBND phường Dĩ An thành lập Ban Chỉ đạo thử nghiệm phường. Theo đó, ông Nguyễn Văn "
        "An, Chủ tịch UBND phường làm Trưởng ban."
    )
    party = extract(
        "Ban Thường vụ Huyện ủy Gia Lộc ban hành Quyết định thành lập Ban Chỉ đạo thử nghiệm "
        "huyện. Đồng chí Vũ Văn Bình, Bí thư Huyện ủy làm Trưởng ban."
    )

    assert ward["document"]["issuer"] == "Ủy ban nhân dân phường Dĩ An"
    assert seats_of(ward) == [("head", "Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân phường Dĩ An")]
    assert party["document"]["issuer"] == "Ban Thường vụ Huyện ủy Gia Lộc"
    assert seats_of(party) == [("head", "Vũ Văn Bình", "Bí thư", "Huyện ủy")]


def test_a_table_copied_one_cell_a_line_is_read_row_by_row():
    draft = extract(
        "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG\nSố: 99/QĐ-UBND\nQUYẾT ĐỊNH\n"
        "Về việc kiện toàn Ban Chỉ đạo thử nghiệm tỉnh Hà Giang\nQUYẾT ĐỊNH:\n"
        "Điều 1. Kiện toàn Ban Chỉ đạo thử nghiệm tỉnh Hà Giang, gồm các ông (bà) có tên sau:\n"
        "TT\nHọ và tên\nChức vụ, đơn vị công tác\nChức danh\n"
        "1\nÔng Nguyễn Văn An\nChủ tịch UBND tỉnh\nTrưởng ban\n"
        "2\nBà Lê Thị Bình\nGiám đốc Sở Nội vụ\nThành viên\n"
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.\nNơi nhận:\n"
    )

    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân tỉnh Hà Giang"),
        ("member", "Lê Thị Bình", "Giám đốc", "Sở Nội vụ"),
    ]
    assert "Ông Nguyễn Văn An\nChủ tịch UBND tỉnh" in draft["seats"][0]["quote"]


def test_a_table_row_whose_number_shares_the_name_line_is_read_as_a_row():
    draft = extract(
        "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG\nQUYẾT ĐỊNH\nVề việc kiện toàn Ban Chỉ đạo thử nghiệm\n"
        "Điều 1. Kiện toàn Ban Chỉ đạo thử nghiệm tỉnh Hà Giang, gồm các ông (bà) có tên sau:\n"
        "1. Ông Nguyễn Văn An\nChủ tịch UBND tỉnh\nTrưởng ban\n"
        "2. Bà Lê Thị Bình\nGiám đốc Sở Nội vụ\nThành viên\n"
        "Điều 2. Quyết định có hiệu lực kể từ ngày ký.\n"
    )

    assert [s[:3] for s in seats_of(draft)] == [
        ("head", "Nguyễn Văn An", "Chủ tịch"),
        ("member", "Lê Thị Bình", "Giám đốc"),
    ]


def test_a_role_held_by_whom_the_text_names_after_do():
    draft = extract(
        "UBND tỉnh Yên Bái vừa ban hành Quyết định số 11/QĐ-UBND thành lập Ban Chỉ đạo thử "
        "nghiệm tỉnh Yên Bái. Trưởng ban do Chủ tịch UBND tỉnh Nguyễn Văn An đảm nhiệm; Phó "
        "Trưởng ban thường trực do Phó Chủ tịch UBND tỉnh Trần Thị Bình đảm nhiệm."
    )

    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân tỉnh Yên Bái"),
        ("standing_deputy_head", "Trần Thị Bình", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Yên Bái"),
    ]


def test_the_holder_after_do_not_the_sentence_before_it():
    draft = extract(
        "Thủ tướng vừa ký quyết định thành lập Ban Chỉ đạo quốc gia về thử nghiệm do Phó Thủ "
        "tướng Nguyễn Văn An làm Trưởng ban."
    )

    assert seats_of(draft) == [("head", "Nguyễn Văn An", "Phó Thủ tướng", None)]


def test_one_persons_posts_before_their_name_are_one_seat():
    draft = extract(
        "Thủ tướng Chính phủ ký Quyết định số 1507/QĐ-TTg thành lập Ủy ban Quốc gia thử "
        "nghiệm. Ủy ban Quốc gia do Phó Thủ tướng Chính phủ, Bộ trưởng Bộ Ngoại giao Nguyễn "
        "Văn An làm Chủ tịch Ủy ban Quốc gia."
    )

    assert seats_of(draft) == [("head", "Nguyễn Văn An", "Phó Thủ tướng", "Chính phủ")]


def test_a_post_held_by_several_is_a_seat_of_its_own_in_a_list():
    draft = extract(
        "UBND thành phố Cần Thơ vừa ban hành quyết định kiện toàn Ban Chỉ đạo thử nghiệm. "
        "Quyết định phân công các Phó ban gồm các Phó Chủ tịch UBND thành phố, Chỉ huy trưởng "
        "Bộ Chỉ huy Quân sự, Giám đốc Sở Nội vụ."
    )

    assert [(s["position"], s["unit"]) for s in draft["seats"]] == [
        ("Phó Chủ tịch", "Ủy ban nhân dân thành phố Cần Thơ"),
        ("Chỉ huy trưởng", "Bộ Chỉ huy Quân sự"),
        ("Giám đốc", "Sở Nội vụ"),
    ]


def test_a_seat_read_without_a_post_is_flagged_for_a_second_look():
    draft = extract(
        "UBND tỉnh Yên Bái vừa ban hành Quyết định số 10/QĐ-UBND thành lập Ban Chỉ đạo thử "
        "nghiệm tỉnh Yên Bái. Nguyễn Văn An làm Trưởng ban; Giám đốc Sở Nội vụ Trần Văn Bình "
        "làm Phó Trưởng ban."
    )

    assert [(s["person"], s["confidence"]) for s in draft["seats"]] == [
        ("Nguyễn Văn An", "low"),
        ("Trần Văn Bình", "high"),
    ]


def test_a_holders_role_named_with_the_committees_whole_name_in_a_report():
    draft = extract(
        "Ngày 3/3/2022, UBND thành phố Hải Phòng kiện toàn Ban Chỉ đạo thử nghiệm Thành phố "
        "Hải Phòng.\nÔng Nguyễn Văn An, Chủ tịch UBND Thành phố, Trưởng Ban Chỉ đạo thử "
        "nghiệm Thành phố Hải Phòng cho biết, trong những năm qua, thành phố đã làm nhiều việc."
    )

    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân thành phố Hải Phòng"),
    ]
