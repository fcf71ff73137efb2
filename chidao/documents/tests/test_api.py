"""The decisions API: found by number, with what they replace."""

import pytest

from chidao.documents.models import LegalDocument

pytestmark = pytest.mark.django_db


def decisions(client, number: str) -> list[dict]:
    response = client.get("/api/v1/decisions", {"number": number})
    assert response.status_code == 200, response.content
    return response.json()


def test_6218_replaces_699(client):
    [decision] = decisions(client, "6218")

    assert decision["replaces"] == ["699"]
    assert decision["signer"] == "Nguyễn Đức Chung"


@pytest.mark.parametrize("number", ["818", "818/qđ-ubnd", "818/QD-UBND"])
def test_number_matches_without_case_or_diacritics(client, number):
    numbers = [d["number"] for d in decisions(client, number)]

    assert "818/QĐ-UBND" in numbers


def test_without_number_every_document(client):
    items = client.get("/api/v1/decisions").json()

    assert len(items) == LegalDocument.objects.count()


def test_detail_tells_what_replaced_it(client):
    document = LegalDocument.objects.get(number="699")

    data = client.get(f"/api/v1/decisions/{document.pk}").json()

    assert data["number"] == "699"
    assert data["replaced_by"] == ["6218"]
    assert data["type"] == "decision"


def test_unknown_decision_is_404_with_message(client):
    missing = (LegalDocument.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    response = client.get(f"/api/v1/decisions/{missing}")

    assert response.status_code == 404
    assert str(missing) in response.json()["detail"]
