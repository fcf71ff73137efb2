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


def _po_entries(path):
    """(flags, msgid, [msgstr...]) for each entry of a .po file."""
    entries, flags, current, key = [], "", {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if current:
                entries.append((flags, current.get("msgid", ""), current))
            flags, current, key = "", {}, None
        elif line.startswith("#,"):
            flags = line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current[key] += line[1:-1]
        else:
            key, _, value = line.partition(" ")
            current[key] = value[1:-1]
    return entries


def test_every_string_has_a_settled_english_translation():
    from django.conf import settings

    po = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po"
    problems = [
        msgid
        for flags, msgid, entry in _po_entries(po)
        if msgid
        and ("fuzzy" in flags or any(not v for k, v in entry.items() if k.startswith("msgstr")))
    ]
    assert problems == []


def test_the_compiled_catalogue_matches_the_source():
    import gettext

    from django.conf import settings

    folder = settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    compiled_ids = {k[0] if isinstance(k, tuple) else k for k in compiled} - {""}
    source_ids = {msgid for _, msgid, _ in _po_entries(folder / "django.po")} - {""}
    assert source_ids <= compiled_ids


def test_api_messages_follow_the_language_asked_for(client):
    url = "/api/v1/committees/999999/composition"
    vietnamese = client.get(url).json()["detail"]
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    assert vietnamese == "Không tìm thấy Ban Chỉ đạo có mã 999999."
    assert english == "No Steering Committee with id 999999."
