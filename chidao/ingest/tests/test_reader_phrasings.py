"""The reader on general phrasings of decisions and news about them: a committee named after
a decision it repeals, a Party committee naming the place, a standing agency whose words name
the committee's one field, roles after "trong đó", a replaced member's former post. The texts
are written for these tests (names are placeholders)."""

import pytest

from chidao.ingest.reader import extract

pytestmark = pytest.mark.django_db

NEWS = "Ngày 5/3/2025, {issuer} ban hành Quyết định số 300/QĐ-UBND {act}. {rest}"
SET_UP = "về việc thành lập Ban Chỉ đạo chuyển đổi số tỉnh"


def news(act: str, rest: str, issuer: str = "UBND tỉnh Hà Giang") -> dict:
    """The draft of a short news text: who issued the decision, what it does, what it says."""
    return extract(NEWS.format(issuer=issuer, act=act, rest=rest))


def seats_of(draft: dict) -> list[tuple]:
    return [(s["role"], s["person"], s["position"], s["unit"]) for s in draft["seats"]]


def agencies_of(draft: dict) -> list[tuple]:
    return [(a["domain"], a["unit"]) for a in draft["standing_agencies"]]


def test_a_committee_whose_decision_is_repealed_is_the_predecessor_not_the_name():
    draft = news(
        act="bãi bỏ Quyết định số 123/QĐ-UBND ngày 01/02/2021 về việc thành lập Ban Chỉ đạo "
        "xây dựng Chính quyền điện tử tỉnh, đồng thời thành lập Ban Chỉ đạo chuyển đổi số tỉnh",
        rest="Ông Nguyễn Văn An, Chủ tịch UBND tỉnh làm Trưởng ban.",
    )
    assert draft["action"] == "establish"
    assert draft["committee"]["name"] == "Ban Chỉ đạo chuyển đổi số tỉnh"
    assert draft["committee"]["predecessor"] == "Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh"


def test_a_party_committee_issuing_the_decision_names_the_place():
    draft = extract(
        "Ngày 5/3/2025, Ban Thường vụ Tỉnh ủy Hà Giang ban hành Quyết định thành lập Ban Chỉ "
        "đạo về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh. Đồng chí "
        "Nguyễn Văn An, Bí thư Tỉnh ủy làm Trưởng ban; đồng chí Lê Văn Cường, Phó Bí thư Tỉnh "
        "ủy, Chủ tịch UBND tỉnh làm Phó Trưởng ban thường trực."
    )
    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Bí thư", "Tỉnh ủy Hà Giang"),
        ("standing_deputy_head", "Lê Văn Cường", "Chủ tịch", "Ủy ban nhân dân tỉnh Hà Giang"),
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the words after the committee's name are its one field: the agency serves it all
        (
            "Bộ Thông tin và Truyền thông là cơ quan thường trực của Ủy ban Quốc gia về chuyển "
            "đổi số.",
            [("all", "Bộ Thông tin và Truyền thông")],
        ),
        (
            "Cơ quan thường trực của Ban Chỉ đạo về chuyển đổi số tỉnh là Sở Thông tin và "
            "Truyền thông.",
            [("all", "Sở Thông tin và Truyền thông")],
        ),
        # a field named for the agency itself is kept
        (
            "Sở Thông tin và Truyền thông là cơ quan thường trực về chuyển đổi số.",
            [("digital_transformation", "Sở Thông tin và Truyền thông")],
        ),
    ],
)
def test_a_standing_agencys_field_is_the_committees_own_unless_the_agency_is_given_one(
    sentence, expected
):
    draft = news(
        act=SET_UP,
        rest="Ông Nguyễn Văn An, Chủ tịch UBND tỉnh làm Trưởng ban. " + sentence,
    )
    assert agencies_of(draft) == expected


def test_a_committee_of_both_fields_divides_them_between_its_standing_agencies():
    draft = news(
        issuer="UBND thành phố Hải Phòng",
        act="về việc kiện toàn Ban Chỉ đạo cải cách hành chính, chuyển đổi số thành phố",
        rest="Cơ quan thường trực Ban Chỉ đạo về cải cách hành chính là Sở Nội vụ; cơ quan "
        "thường trực Ban Chỉ đạo về chuyển đổi số là Sở Thông tin và Truyền thông.",
    )
    assert agencies_of(draft) == [
        ("administrative_reform", "Sở Nội vụ"),
        ("digital_transformation", "Sở Thông tin và Truyền thông"),
    ]


def test_the_roles_after_a_count_and_trong_do_are_read():
    draft = news(
        act=SET_UP,
        rest="Ban Chỉ đạo gồm 20 thành viên, trong đó Trưởng ban là ông Nguyễn Văn An, Chủ "
        "tịch UBND tỉnh; Phó Trưởng ban thường trực là ông Trần Văn Bình, Phó Chủ tịch UBND "
        "tỉnh.",
    )
    assert seats_of(draft) == [
        ("head", "Nguyễn Văn An", "Chủ tịch", "Ủy ban nhân dân tỉnh Hà Giang"),
        ("standing_deputy_head", "Trần Văn Bình", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Hà Giang"),
    ]


def test_a_replaced_member_keeps_the_former_post_the_text_gives():
    draft = extract(
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Thay đổi thành viên Ban Chỉ đạo chuyển đổi số tỉnh Hà Giang: ông Vũ Văn Khoa, "
        "Giám đốc Sở Nội vụ, Ủy viên thay ông Đỗ Văn Long, nguyên Giám đốc Sở Nội vụ, hiện là "
        "Phó Chủ tịch UBND huyện.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
    )
    assert draft["action"] == "amend"
    assert seats_of(draft) == [("member", "Vũ Văn Khoa", "Giám đốc", "Sở Nội vụ")]
    assert [(s["person"], s["position"], s["unit"]) for s in draft["removed_seats"]] == [
        ("Đỗ Văn Long", "nguyên Giám đốc", "Sở Nội vụ")
    ]


def test_a_department_head_keeps_the_body_the_department_belongs_to():
    draft = extract(
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Thành lập Tổ công tác giúp việc Ủy ban Quốc gia về thử nghiệm, gồm:\n"
        "1. Tổ trưởng: Thứ trưởng Bộ Tư pháp.\n"
        "2. Các thành viên:\n"
        "a) Cục trưởng Cục Kiểm soát thủ tục hành chính, Văn phòng Chính phủ;\n"
        "b) Vụ trưởng Vụ Pháp chế, Bộ Tài chính.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
    )
    group = [(s["role"], s["position"], s["unit"]) for s in draft["working_group"]["seats"]]
    assert group == [
        ("leader", "Thứ trưởng", "Bộ Tư pháp"),
        ("member", "Cục trưởng", "Cục Kiểm soát thủ tục hành chính, Văn phòng Chính phủ"),
        ("member", "Vụ trưởng", "Vụ Pháp chế, Bộ Tài chính"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a decision on another subject: the committee's rules, its plan, its members' duties
        "ỦY BAN NHÂN DÂN TỈNH HÀ GIANG\nQUYẾT ĐỊNH\nBan hành Quy chế hoạt động của Ban Chỉ đạo "
        "chuyển đổi số tỉnh\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế hoạt "
        "động của Ban Chỉ đạo chuyển đổi số tỉnh.\n",
        "Ngày 5/3/2025, Ban Chỉ đạo chuyển đổi số tỉnh Hà Giang ban hành Quyết định số 12/QĐ-BCĐ "
        "về việc phân công nhiệm vụ các thành viên Ban Chỉ đạo.",
        # no act on a committee and no decision: a speech, a directive
        "Phát biểu tại sự kiện, đồng chí Nguyễn Văn An, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo "
        "chuyển đổi số tỉnh nhấn mạnh vai trò của chuyển đổi số.",
        "Ngày 5/3/2025, UBND tỉnh Hà Giang ban hành Chỉ thị số 05/CT-UBND về đẩy mạnh chuyển đổi "
        "số. Chỉ thị yêu cầu Ban Chỉ đạo chuyển đổi số tỉnh tăng cường chỉ đạo.",
    ],
)
def test_a_text_that_decides_nothing_about_a_committee_is_refused(text):
    draft = extract(text)
    assert draft["not_a_decision"] is True
    assert draft["committee"]["name"] is None and draft["seats"] == []


def test_a_composition_stated_without_an_act_is_read():
    draft = extract(
        "Ủy ban Quốc gia về thử nghiệm do Thủ tướng Chính phủ làm Chủ tịch; Phó Thủ tướng Chính "
        "phủ Nguyễn Văn An làm Phó Chủ tịch."
    )
    assert not draft.get("not_a_decision")
    assert seats_of(draft) == [
        ("head", None, "Thủ tướng", "Chính phủ"),
        ("deputy_head", "Nguyễn Văn An", "Phó Thủ tướng", "Chính phủ"),
    ]


@pytest.mark.parametrize(
    "act, name",
    [
        # a quoted title goes on the name, a place inside the quotes does not end it
        (
            "thành lập Ban Chỉ đạo thực hiện Đề án “Phát triển ứng dụng dữ liệu về dân cư, định "
            "danh và xác thực điện tử” trên địa bàn tỉnh",
            "Ban Chỉ đạo thực hiện Đề án “Phát triển ứng dụng dữ liệu về dân cư, định danh và "
            "xác thực điện tử” trên địa bàn tỉnh",
        ),
        (
            'thành lập Ban Chỉ đạo "Phát triển thương mại điện tử tỉnh Hà Giang"',
            'Ban Chỉ đạo "Phát triển thương mại điện tử tỉnh Hà Giang"',
        ),
        # the period after the place is the name's
        (
            "về việc kiện toàn Ban Chỉ đạo xây dựng Chính quyền điện tử, chuyển đổi số tỉnh Hà "
            "Giang giai đoạn 2021-2025",
            "Ban Chỉ đạo xây dựng Chính quyền điện tử, chuyển đổi số tỉnh Hà Giang giai đoạn "
            "2021-2025",
        ),
    ],
)
def test_a_committees_name_keeps_its_quoted_title_and_its_period(act, name):
    draft = news(act=act, rest="Ông Nguyễn Văn An, Chủ tịch UBND tỉnh làm Trưởng ban.")
    assert draft["committee"]["name"] == name


def test_the_committee_named_after_its_working_group_not_those_it_merges():
    draft = extract(
        "Theo Quyết định 944 của UBND tỉnh Hà Giang về việc thành lập Ban chỉ đạo và Tổ giúp "
        "việc Ban chỉ đạo về chuyển đổi số của tỉnh, Ban chỉ đạo có Trưởng ban là ông Nguyễn Văn "
        "An, Chủ tịch UBND tỉnh. Ban chỉ đạo được thành lập trên cơ sở hợp nhất 2 Ban chỉ đạo "
        "thực hiện Đề án xây dựng tỉnh Hà Giang trở thành tỉnh thông minh và xây dựng Chính "
        "quyền điện tử tỉnh."
    )
    assert draft["action"] == "establish"
    assert draft["committee"]["name"] == "Ban chỉ đạo về chuyển đổi số của tỉnh"
    assert draft["committee"]["predecessor"] is None
