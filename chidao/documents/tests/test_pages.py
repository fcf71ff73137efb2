"""The document pages: search by number, one document with its relations, access."""

import pytest
from django.urls import reverse

from chidao.documents.models import LegalDocument


def test_search_by_number_finds_the_decision(client, db):
    decision = LegalDocument.objects.get(number="6218")
    response = client.get(reverse("decision-list"), {"number": "6218"})
    text = response.content.decode()
    other = LegalDocument.objects.get(number="818/QĐ-UBND")
    assert reverse("decision-detail", args=[decision.pk]) in text
    assert reverse("decision-detail", args=[other.pk]) not in text


def test_search_by_number_ignores_case_and_diacritics(client, db):
    response = client.get(reverse("decision-list"), {"number": "818/qd-ubnd"})
    assert [d.number for d in response.context["page"].object_list] == ["818/QĐ-UBND"]


def test_detail_shows_what_the_decision_replaces(client, db):
    decision = LegalDocument.objects.get(number="6218")
    replaced = LegalDocument.objects.get(number="699")
    text = client.get(reverse("decision-detail", args=[decision.pk])).content.decode()
    relations = text.split("Quan hệ với văn bản khác", 1)[1]
    assert "Thay thế" in relations
    assert reverse("decision-detail", args=[replaced.pk]) in relations
    assert "699" in relations


def test_detail_of_the_replaced_decision_says_by_whom(client, db):
    replaced = LegalDocument.objects.get(number="699")
    text = client.get(reverse("decision-detail", args=[replaced.pk])).content.decode()
    assert "Bị thay thế bởi" in text and "6218" in text


def test_detail_shows_unknown_date_signer_and_grounded_committee(client, db):
    decision = LegalDocument.objects.get(number="6218")
    text = client.get(reverse("decision-detail", args=[decision.pk])).content.decode()
    assert "không rõ" in text
    assert "Nguyễn Đức Chung" in text and "Chủ tịch UBND thành phố" in text
    assert "Ban chỉ đạo xây dựng Chính quyền điện tử thành phố Hà Nội" in text
    assert "?as_of=2019-11-25" in text


def test_unknown_decision_is_404(client, db):
    assert client.get(reverse("decision-detail", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["decision-list", "decision-detail"])
def test_private_register_redirects_anonymous_to_login(client, db, settings, name):
    settings.CHIDAO_PUBLIC_REGISTER = False
    args = [LegalDocument.objects.get(number="6218").pk] if name == "decision-detail" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ["decision-list", "decision-detail"])
def test_private_register_lets_a_viewer_read(client, personas, settings, name):
    settings.CHIDAO_PUBLIC_REGISTER = False
    client.login(username=personas.viewer.username, password=personas.password)
    args = [LegalDocument.objects.get(number="6218").pk] if name == "decision-detail" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert "6218" in response.content.decode()
