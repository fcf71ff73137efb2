"""Vietnamese first, English available."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_interface_is_vietnamese_by_default(client):
    page = client.get(reverse("home")).content.decode()
    assert 'lang="vi"' in page
    assert "Ban Chỉ đạo" in page


def test_an_english_browser_still_gets_vietnamese(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="vi"' in page
    assert "Ban Chỉ đạo" in page


def test_a_visitor_who_chooses_english_gets_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    page = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in page
    assert "Steering Committee" in page


def test_a_users_choice_is_remembered_with_the_account_and_logged(client, personas):
    from chidao.audit.models import ChangeLog

    client.force_login(personas.focal_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    personas.focal_a.refresh_from_db()
    assert personas.focal_a.language == "en"
    row = ChangeLog.objects.filter(target_id=str(personas.focal_a.pk)).latest("id")
    assert (row.before, row.after) == ({"language": ""}, {"language": "en"})
    other = type(client)()  # another browser, no cookie: the account's choice holds
    other.force_login(personas.focal_a)
    assert 'lang="en"' in other.get(reverse("home")).content.decode()


def test_a_cookie_left_by_someone_else_does_not_choose_for_a_user(client, personas):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(personas.focal_b)
    assert 'lang="vi"' in client.get(reverse("home")).content.decode()


def test_an_unknown_language_is_refused(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 400


def test_the_next_address_stays_on_the_site(client):
    response = client.post(
        reverse("set_language"), {"language": "vi", "next": "https://example.com/"}
    )
    assert response["Location"] == "/"


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
