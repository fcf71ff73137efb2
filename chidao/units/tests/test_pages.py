"""The unit pages: filtered list with pagination, one unit with its history, access."""

import pytest
from django.urls import reverse

from chidao.units.models import Unit


def district_list(client, as_of):
    return client.get(
        reverse("unit-list"), {"province": "Hà Nội", "level": "district", "as_of": as_of}
    )


def test_hanoi_had_thirty_districts_on_the_eve_of_the_reform(client, db):
    response = district_list(client, "2025-06-30")
    assert response.status_code == 200
    assert response.context["paginator"].count == 30
    assert "30 đơn vị" in response.content.decode()
    assert "Huyện Ba Vì" in response.content.decode()


def test_hanoi_has_no_districts_from_july_2025(client, db):
    response = district_list(client, "2025-07-01")
    assert response.context["paginator"].count == 0
    assert "Huyện Ba Vì" not in response.content.decode()


def test_province_filter_ignores_diacritics(client, db):
    response = client.get(reverse("unit-list"), {"province": "ha noi", "level": "province"})
    assert response.context["paginator"].count == 1
    assert "Thành phố Hà Nội" in response.content.decode()


def test_search_text_filters_by_name(client, db):
    committee = Unit.objects.get(name="Ủy ban nhân dân thành phố Hà Nội")
    response = client.get(
        reverse("unit-list"), {"parent": committee.pk, "q": "thong tin va truyen thong"}
    )
    names = [unit.name for unit in response.context["page"].object_list]
    assert "Sở Thông tin và Truyền thông" in names
    assert all("Thông tin và Truyền thông" in name for name in names)


def test_list_is_paginated_by_fifty(client, db):
    response = client.get(
        reverse("unit-list"), {"province": "Hà Nội", "level": "commune", "page": 2}
    )
    assert response.context["page"].number == 2
    assert len(response.context["page"].object_list) == 50
    assert "page=3" in response.content.decode()


def test_malformed_date_is_a_400_with_a_message(client, db):
    response = client.get(reverse("unit-list"), {"as_of": "31/06/2025"})
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()


def test_a_date_typed_day_first_is_understood(client, db):
    response = client.get(reverse("unit-list"), {"as_of": "30/06/2025"})
    assert response.status_code == 200
    assert 'value="30/06/2025"' in response.content.decode()


def test_unknown_province_is_a_400_with_a_message(client, db):
    response = client.get(reverse("unit-list"), {"province": "Atlantis"})
    assert response.status_code == 400
    assert "Atlantis" in response.content.decode()


def test_unit_list_query_budget(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get(reverse("unit-list"), {"province": "Hà Nội", "level": "commune"})
    assert len(response.context["page"].object_list) == 50


def test_unit_detail_shows_the_successor_and_the_merger_date(client, db):
    unit = Unit.objects.get(name="Sở Thông tin và Truyền thông")
    successor = Unit.objects.get(name="Sở Khoa học và Công nghệ")
    text = client.get(reverse("unit-detail", args=[unit.pk])).content.decode()
    assert "Sở Khoa học và Công nghệ" in text
    assert reverse("unit-detail", args=[successor.pk]) in text
    assert "01/03/2025" in text


def test_unit_detail_shows_holders_with_their_sources(client, db):
    unit = Unit.objects.get(name="Sở Thông tin và Truyền thông")
    text = client.get(reverse("unit-detail", args=[unit.pk])).content.decode()
    assert "Nguyễn Ngọc Kỳ" in text
    assert "25/11/2019" in text
    assert "Xác nhận tồn tại" in text and "được xác nhận" in text


def test_unit_detail_links_children_valid_today(client, db):
    hanoi = Unit.objects.get(kind=Unit.Kind.PROVINCE, name="Thành phố Hà Nội")
    text = client.get(reverse("unit-detail", args=[hanoi.pk])).content.decode()
    assert f"?parent={hanoi.pk}&amp;as_of=" in text


def test_unknown_unit_is_404(client, db):
    assert client.get(reverse("unit-detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["unit-list", "unit-detail"])
def test_private_register_redirects_anonymous_to_login(client, db, settings, name):
    settings.CHIDAO_PUBLIC_REGISTER = False
    args = [Unit.objects.get(name="Sở Nội vụ").pk] if name == "unit-detail" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["unit-list", "unit-detail"])
def test_private_register_lets_a_viewer_read(client, personas, settings, name):
    settings.CHIDAO_PUBLIC_REGISTER = False
    client.login(username=personas.viewer.username, password=personas.password)
    args = [Unit.objects.get(name="Sở Nội vụ").pk] if name == "unit-detail" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    expected = "Sở Nội vụ" if name == "unit-detail" else "Đơn vị hành chính và cơ quan"
    assert expected in response.content.decode()


def test_the_list_finds_a_department_typed_without_diacritics(client, db):
    response = client.get(reverse("unit-list"), {"q": "so tu phap"})
    assert response.status_code == 200
    assert ">Sở Tư pháp</a>" in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "Văn phòng Ủy ban nhân dân thành phố",
        "Sở Dân tộc và Tôn giáo",
        "Sở Du lịch",
        "Ủy ban nhân dân thành phố Hà Nội",
    ],
)
def test_unit_pages_show_no_english_research_notes(client, db, name):
    """The research notes kept with the register's facts (some written in English, e.g. on
    the Office's 2025 merger) stay with the sources, not on the Vietnamese page; the
    dataset's title is Vietnamese."""
    import html
    import re

    unit = Unit.objects.filter(name=name).order_by("-valid_from").first()
    page = client.get(reverse("unit-detail", args=[unit.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = html.unescape(re.sub(r"<[^>]+>", " ", page.content.decode()))
    english = re.compile(
        r"\b(per s\d+|the|took over|inferred|attested|listed among|vote|specialized|"
        r"office holders)\b"
    )
    assert not english.search(text), english.search(text)


def test_the_sources_page_shows_the_research_notes_in_vietnamese(client, db):
    """The notes kept off the unit page are on its sources page, translated: the Office's
    2025 merger note, written in English in the data file, reads in Vietnamese there."""
    office = Unit.objects.filter(name="Văn phòng Ủy ban nhân dân thành phố").first()
    unit_page = client.get(reverse("unit-detail", args=[office.pk])).content.decode()
    sources_url = reverse("unit-sources", args=[office.pk])
    assert f'href="{sources_url}"' in unit_page

    page = client.get(sources_url, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ghi chú nghiên cứu" in html
    assert "theo s5, Văn phòng còn tiếp nhận nhiệm vụ xúc tiến đầu tư ra nước ngoài" in html
    assert "per s5" not in html and "took over" not in html
    assert 'id="source-s5"' in html  # the note's "s5" is listed, with its address


def test_every_research_note_of_the_dataset_has_a_vietnamese_version():
    """A note added to hanoi-agencies.json in English without its translation in
    hanoi-agencies.notes-vi.json would reach the register in English."""
    import json
    import re

    from chidao.units.hanoi_agencies import DATA_FILE, note_vi

    notes = []

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif key in ("note", "schema_note") and value:
            notes.append(value)

    walk(json.loads(DATA_FILE.read_text(encoding="utf-8")))
    english = re.compile(r"\b(the|of|per|was|not|from|inferred|attested|elected|event|year)\b")
    untranslated = [note for note in notes if english.search(note_vi(note))]
    assert len(notes) > 60 and untranslated == []
