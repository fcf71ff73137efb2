"""The main menu: every link it shows a role opens for that role, grouped by work."""

import re

import pytest
from django.urls import reverse

from chidao.accounts.tests.factories import login_verified
from chidao.core.navigation import GROUPS, menu_for

pytestmark = pytest.mark.django_db

ROLES = ("admin", "standing", "focal_a", "leader", "viewer")
MENU = re.compile(r'<nav class="menu".*?</nav>', re.S)
ACCOUNT = re.compile(r'<div class="account">.*?</div>', re.S)
HREF = re.compile(r'href="([^"#]+)"')


def menu_links(client) -> list[str]:
    page = client.get(reverse("home")).content.decode()
    found = MENU.findall(page) + ACCOUNT.findall(page)
    return sorted({href for block in found for href in HREF.findall(block)})


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_opens_for_each_role(client, personas, role):
    login_verified(client, getattr(personas, role))
    links = menu_links(client)
    assert links
    answers = {href: client.get(href).status_code for href in links}
    assert {href: code for href, code in answers.items() if code != 200} == {}


def test_a_focal_person_gets_no_link_that_refuses(client, personas):
    client.force_login(personas.focal_a)
    links = menu_links(client)
    assert reverse("leaders-dashboard") not in links
    assert reverse("task-import") not in links
    assert [href for href in links if client.get(href).status_code == 403] == []


def test_the_standing_agency_finds_import_and_reading_decisions(client, personas):
    client.force_login(personas.standing)
    links = menu_links(client)
    assert reverse("task-import") in links
    assert reverse("ingest-upload") in links
    assert reverse("consolidated-list") in links


def test_the_menu_is_grouped_by_work(personas):
    labels = [str(group["label"]) for group in menu_for(personas.admin)]
    assert labels == ["Sổ đăng ký", "Chỉ đạo, điều hành", "Báo cáo", "Đánh giá", "Quản trị"]
    assert len(menu_for(personas.focal_a)) == 4  # no administration


def test_the_current_page_is_marked_in_its_group(client, personas):
    client.force_login(personas.standing)
    page = client.get(reverse("task-board")).content.decode()
    menu = MENU.search(page).group(0)
    assert "menu-group--current" in menu
    assert f'href="{reverse("task-board")}" aria-current="page"' in menu


def test_anonymous_visitors_of_a_public_register_see_only_the_register(client, settings):
    settings.CHIDAO_PUBLIC_REGISTER = True
    links = menu_links(client)
    assert reverse("unit-list") in links
    assert reverse("task-board") not in links
    assert any(href.startswith(reverse("login")) for href in links)


def test_every_entry_names_a_route():
    for group in GROUPS:
        for entry in group.entries:
            assert reverse(entry.route)


def test_the_unread_count_is_in_the_menu(client, personas):
    from chidao.notifications.models import Notification

    client.force_login(personas.focal_a)
    before = client.get(reverse("home")).content.decode()
    assert 'class="badge"' not in ACCOUNT.search(before).group(0)
    Notification.objects.create(user=personas.focal_a, kind="test", title="Nhiệm vụ mới")
    after = client.get(reverse("home")).content.decode()
    assert re.search(r'class="badge"[^>]*>1<', ACCOUNT.search(after).group(0))
