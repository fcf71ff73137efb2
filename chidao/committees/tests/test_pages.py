"""The committee pages: list and search, composition on a date, htmx fragment, errors, access."""

import pytest
from django.urls import reverse

from chidao.committees.models import Committee

E_GOVERNMENT = "Ban chỉ đạo xây dựng Chính quyền điện tử thành phố Hà Nội"


@pytest.fixture
def e_government(db):
    return Committee.objects.get(name=E_GOVERNMENT)


def detail_url(committee, as_of=None):
    url = reverse("committee-detail", args=[committee.pk])
    return f"{url}?as_of={as_of}" if as_of else url


def test_composition_on_reconstitution_day_names_the_leaders_and_the_decision(client, e_government):
    response = client.get(detail_url(e_government, "2019-11-25"))
    text = response.content.decode()
    assert response.status_code == 200
    for expected in ("Nguyễn Đức Chung", "Ngô Văn Quý", "Nguyễn Ngọc Kỳ", "6218"):
        assert expected in text
    assert "Trưởng ban" in text and "Phó Trưởng ban thường trực" in text


def test_composition_shows_the_working_group(client, e_government):
    text = client.get(detail_url(e_government, "2019-11-25")).content.decode()
    assert "Tổ công tác giúp việc Trưởng ban chỉ đạo xây dựng chính quyền điện tử" in text
    assert "Tổ trưởng" in text
    assert "Văn phòng Ủy ban nhân dân thành phố" in text


def test_composition_before_establishment_explains_itself(client, e_government):
    response = client.get(detail_url(e_government, "2019-01-01"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "chưa được thành lập" in text
    assert "699" in text


def test_htmx_request_returns_only_the_composition_fragment(client, e_government):
    response = client.get(detail_url(e_government, "2019-11-25"), headers={"HX-Request": "true"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in text
    assert "Ngô Văn Quý" in text
    assert "HX-Request" in response["Vary"]


def test_full_page_has_the_date_picker_wired_to_htmx(client, e_government):
    text = client.get(detail_url(e_government, "2019-11-25")).content.decode()
    assert "<html" in text
    assert 'name="as_of"' in text and 'value="25/11/2019"' in text
    assert 'hx-get="/committees/' in text and 'hx-target="#composition"' in text


def test_malformed_date_is_a_400_with_a_message(client, e_government):
    response = client.get(detail_url(e_government, "25-11-2019"))
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()


def test_unknown_committee_is_404(client, db):
    assert client.get(reverse("committee-detail", args=[999999])).status_code == 404


def test_flagged_seats_list_the_merged_department(client, e_government):
    text = client.get(detail_url(e_government, "2025-06-01")).content.decode()
    assert "Ghế cần kiện toàn" in text
    flagged = text.split("Ghế cần kiện toàn", 1)[1].split("Thành viên Ban Chỉ đạo", 1)[0]
    assert "Sở Khoa học và Công nghệ" in flagged
    assert "cần kiện toàn" in flagged


def test_decision_chain_shows_unknown_date_and_what_it_replaces(client, e_government):
    text = client.get(detail_url(e_government, "2019-11-25")).content.decode()
    chain = text.split("Chuỗi quyết định", 1)[1]
    assert "699" in chain and "04/02/2019" in chain
    assert "6218" in chain and "không rõ ngày" in chain


def test_lineage_links_the_successor_committee(client, db):
    digital = Committee.objects.get(name="Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội")
    reform = Committee.objects.get(short_name="BCĐ CCHC-CĐS")
    text = client.get(detail_url(digital)).content.decode()
    assert reverse("committee-detail", args=[reform.pk]) in text
    assert "Chưa ghi nhận quyết định thành lập" in text
    assert 'id="no-successor"' not in text


def lineage_section(text: str) -> str:
    return text.split('id="lineage-heading"', 1)[1].split('id="chain-heading"', 1)[0]


def test_committee_without_recorded_successor_says_so_with_the_nearest_reports(client, db):
    """No text found states what succeeded 818/QĐ-UBND's committee: the page says the
    register records none, and its note names the nearest reports with their addresses."""
    reform = Committee.objects.get(short_name="BCĐ CCHC-CĐS")
    section = lineage_section(client.get(detail_url(reform)).content.decode())
    assert "Hình thành từ" in section and "818/QĐ-UBND" in section
    assert 'id="no-successor"' in section and "Chưa ghi nhận ban kế thừa" in section
    assert "3903/QĐ-UBND" in section
    assert 'href="https://tiin.vn/' in section and 'href="https://doanhnghieptiepthi.vn/' in section


def test_committee_page_query_budget(client, e_government, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = client.get(detail_url(e_government, "2025-06-01"))
    assert response.status_code == 200


def test_home_search_ignores_diacritics(client, e_government):
    response = client.get(reverse("home"), {"q": "chinh quyen dien tu"})
    text = response.content.decode()
    assert E_GOVERNMENT in text
    assert "Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội" not in text


def test_home_lists_establishing_decision_and_status(client, e_government):
    text = client.get(reverse("home")).content.decode()
    assert "Quyết định 699" in text
    assert "Thành phần theo Quyết định 6218" in text


def test_home_query_budget(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(reverse("home")).status_code == 200


def test_page_language_defaults_to_vietnamese(client, db):
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()


def test_page_language_ignores_accept_language(client, db):
    response = client.get(reverse("home"), headers={"Accept-Language": "en"})
    assert '<html lang="vi">' in response.content.decode()


def test_admin_link_only_for_register_editors(client, personas):
    client.login(username=personas.viewer.username, password=personas.password)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    client.login(username=personas.standing.username, password=personas.password)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("name", ["home", "committee-detail"])
def test_private_register_redirects_anonymous_to_login(client, e_government, settings, name):
    settings.CHIDAO_PUBLIC_REGISTER = False
    url = reverse(name, args=[e_government.pk] if name == "committee-detail" else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["home", "committee-detail"])
def test_private_register_lets_a_viewer_read(client, e_government, personas, settings, name):
    settings.CHIDAO_PUBLIC_REGISTER = False
    client.login(username=personas.viewer.username, password=personas.password)
    url = reverse(name, args=[e_government.pk] if name == "committee-detail" else [])
    response = client.get(url)
    assert response.status_code == 200
    assert E_GOVERNMENT in response.content.decode()
