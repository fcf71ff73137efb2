"""In a real browser: Debian's Chromium driven by Playwright against a live server.

Run apart from the rest of the suite (`pytest -m browser`, see scripts/test.sh): the live
server needs committed data, and each test leaves an emptied database behind.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "mat-khau-trinh-duyet-2026"


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's chromium is required on CI (scripts/ensure-browser.sh)")
        pytest.skip("Debian's chromium is not installed (scripts/ensure-browser.sh)")
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright runs a loop
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def register():
    # A live-server test empties the database when it ends, data migrations' rows included.
    import importlib

    from django.apps import apps

    domains = importlib.import_module("chidao.tasks.migrations.0002_builtin_domains")
    domains.create_builtin_domains(apps, None)
    call_command("load_demo", "--no-accounts", verbosity=0)


def sign_in(page, base: str, username: str, next_path: str = "/"):
    """Sign in through the login form and wait for the page asked for."""
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}{next_path}")


def test_the_date_picker_swaps_the_composition_without_reloading(browser, live_server, register):
    from chidao.committees.models import Committee

    egov = Committee.objects.get(external_id="seed-committee:egov")
    page = browser.new_page(locale="vi-VN")
    refused = []  # what the Content-Security-Policy blocked, as Chromium reports it
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    page.goto(f"{live_server.url}/committees/{egov.pk}/?as_of=2019-11-25")
    assert "Nguyễn Đức Chung" in page.inner_text("#composition")
    page.evaluate("window.stayedOnPage = true")

    page.fill("input[name=as_of]", "2021-01-01")
    page.dispatch_event("input[name=as_of]", "change")
    # A selector, not wait_for_function: the policy forbids the eval that the latter needs.
    page.wait_for_selector("#composition:has-text('Chu Ngọc Anh')")
    assert page.evaluate("window.stayedOnPage") is True  # htmx swapped a fragment
    assert "as_of=2021-01-01" in page.url
    assert refused == []


def test_a_focal_persons_task_list_fits_a_phone_screen(browser, live_server, register):
    from chidao.accounts.models import User
    from chidao.tasks.demo import load_demo_tasks

    load_demo_tasks()
    user = User.objects.get(username="daumoi_hoankiem")
    user.set_password(PASSWORD)
    user.save()

    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="vi-VN")
    sign_in(page, live_server.url, "daumoi_hoankiem", "/tasks/mine/")

    assert "Phường Hoàn Kiếm" in page.inner_text("main")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width}px wide on a 390px screen"


def test_the_menu_opens_on_a_phone_without_sideways_scrolling(browser, live_server, register):
    from chidao.accounts.models import Role, User
    from chidao.tasks.demo import load_demo_tasks
    from chidao.units.hanoi_agencies import agency_external_id
    from chidao.units.models import Unit

    load_demo_tasks()
    office = Unit.objects.get(external_id=agency_external_id("Sở Nội vụ"))
    user = User.objects.create(username="thuongtruc_dt", role=Role.STANDING, unit=office)
    user.set_password(PASSWORD)
    user.save()

    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-US")
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    sign_in(page, live_server.url, "thuongtruc_dt", "/")
    assert page.get_attribute("html", "lang") == "vi"  # an English browser, a Vietnamese page

    for path in ("/", "/tasks/", "/tasks/dashboard/", "/units/", "/reports/dashboard/"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width}px wide on a 390px screen"

    page.click("summary:has-text('Chỉ đạo, điều hành')")
    link = page.locator("a:has-text('Nhập nhiệm vụ từ Excel')")
    box = link.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("summary:has-text('Báo cáo')")  # opening another group closes the first
    # The toggle event that closes it is dispatched after the click returns: wait for it.
    link.wait_for(state="hidden", timeout=5000)
    page.keyboard.press("Escape")
    page.click("summary:has-text('Chỉ đạo, điều hành')")
    link.click()
    page.wait_for_url("**/tasks/import/")
    assert "Nhập" in page.inner_text("h1")
    assert refused == []


def test_printing_the_board_and_a_composition_leaves_out_menu_and_filters(
    browser, live_server, register
):
    from chidao.accounts.models import Role, User
    from chidao.committees.models import Committee
    from chidao.tasks.demo import load_demo_tasks

    load_demo_tasks()
    user = User.objects.create(username="lanhdao_in", role=Role.LEADER)
    user.set_password(PASSWORD)
    user.save()
    egov = Committee.objects.get(external_id="seed-committee:egov")

    page = browser.new_page(locale="vi-VN")
    sign_in(page, live_server.url, "lanhdao_in", "/tasks/")
    page.emulate_media(media="print")
    for path, kept in ((("/tasks/", "table")), (f"/committees/{egov.pk}/", "#composition")):
        page.goto(f"{live_server.url}{path}")
        assert not page.is_visible(".site-header"), path
        assert not page.is_visible(".site-footer"), path
        assert not page.is_visible("form.filters, form.as-of"), path
        assert page.is_visible(kept), path
    page.goto(f"{live_server.url}/reports/dashboard/")
    assert not page.is_visible(".site-header")
    assert page.is_visible("main h1")


def test_the_boards_new_lead_unit_is_picked_by_searching(browser, live_server, register):
    """The bulk reassign's unit is the same searchable list as the coordinating units: typed
    without diacritics it narrows to the unit, and the radio chosen is what the form sends."""
    from chidao.accounts.models import Role, User
    from chidao.tasks.demo import load_demo_tasks
    from chidao.units.hanoi_agencies import agency_external_id
    from chidao.units.models import Unit

    load_demo_tasks()
    office = Unit.objects.get(external_id=agency_external_id("Sở Nội vụ"))
    justice = Unit.objects.get(external_id=agency_external_id("Sở Tư pháp"))
    user = User.objects.create(username="thuongtruc_chon", role=Role.STANDING, unit=office)
    user.set_password(PASSWORD)
    user.save()

    page = browser.new_page(locale="vi-VN")
    sign_in(page, live_server.url, "thuongtruc_chon", "/tasks/")

    assert not page.is_visible("#bulk-unit")  # the plain select is replaced by the list
    page.fill("#bulk-form .pick-search", "so tu phap")
    shown = page.locator("#bulk-form .pick-list li:visible")
    assert shown.count() == 1 and "Sở Tư pháp" in shown.inner_text()
    shown.locator("input[type=radio]").check()
    assert page.eval_on_selector("#bulk-unit", "s => s.value") == str(justice.pk)
    assert "Sở Tư pháp" in page.inner_text("#bulk-form .pick-count")


def test_printing_a_task_and_the_dashboards_leaves_out_menu_and_forms(
    browser, live_server, register
):
    """The print stylesheet on a task page and both dashboards: the content, no menu, no
    form to fill in, no button."""
    from chidao.accounts.models import Role, User
    from chidao.tasks.demo import load_demo_tasks
    from chidao.tasks.models import Task

    load_demo_tasks()
    user = User.objects.create(username="thuongtruc_in", role=Role.STANDING, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    task = Task.objects.order_by("pk").first()

    page = browser.new_page(locale="vi-VN")
    sign_in(page, live_server.url, "thuongtruc_in", "/tasks/")
    page.emulate_media(media="print")
    for path in (f"/tasks/{task.pk}/", "/tasks/dashboard/", "/reports/dashboard/"):
        page.goto(f"{live_server.url}{path}")
        assert page.is_visible("main h1"), path
        assert not page.is_visible(".site-header"), path
        shown = page.locator("main form:visible, main button:visible, main select:visible")
        assert shown.count() == 0, (path, shown.first.evaluate("e => e.outerHTML")[:200])
