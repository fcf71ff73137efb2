"""Vietnamese first, English available."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_interface_is_vietnamese_by_default(client):
    page = client.get(reverse("home")).content.decode()
    assert 'lang="vi"' in page
    assert "Ban Chỉ đạo" in page


def test_english_is_available(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="en"' in page
    assert "Steering Committee" in page
