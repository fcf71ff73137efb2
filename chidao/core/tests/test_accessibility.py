"""The menu walked in a real browser, role by role: every page of each role's menu answers 200,
and axe-core (from the npm registry, scripts/ensure-axe.sh) runs on it and on the pages behind
it a user opens most; no serious or critical violation is allowed."""

import os
import re
from pathlib import Path

import pytest

# The browser and the demo register come from the browser tests' fixtures.
from chidao.core.tests.test_browser import PASSWORD, browser, register  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "var/axe/node_modules/axe-core/axe.min.js"
SERIOUS = ("serious", "critical")


@pytest.fixture
def axe():
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is required on CI (scripts/ensure-axe.sh)")
        pytest.skip("axe-core is not installed (scripts/ensure-axe.sh)")
    return AXE.read_text(encoding="utf-8")


def _sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/?next=/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")


def _violations(page, axe_source) -> list[str]:
    # The page's policy forbids inline scripts; the test's browser context bypasses it to
    # inject the checker (the pages themselves are unchanged).
    page.evaluate(axe_source)
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(v['nodes'][:3])}"
        for v in result
        if v["impact"] in SERIOUS
    ]


def _menu(page, base) -> list[str]:
    """The paths the menu (and the account links) show on the home page."""
    page.goto(f"{base}/")
    links = page.eval_on_selector_all(
        "nav.menu a, .account a", "els => els.map(e => e.getAttribute('href'))"
    )
    return [href for href in links if href and href.startswith("/") and "/admin/" not in href]


# Pages reached from one found before them: the first task's, unit's or indicator's page.
PARENTS = {"TASK": r"^/tasks/\d+/$", "UNIT": r"^/units/\d+/$", "INDICATOR": r"^/indicators/\d+/$"}


def _pages(page, base) -> list[str]:
    """The menu's pages, and the first task, committee, unit, period, cycle, indicator,
    meeting, difficulty and decision draft they link, the standing agency's new-indicator
    page, with a task's edit page, a unit's sources page and an indicator's targets and
    definition pages behind them."""
    paths = _menu(page, base)
    more = []
    for path, pattern in (
        ("/tasks/", r"^/tasks/\d+/$"),
        ("/", r"^/committees/\d+/$"),
        ("/units/", r"^/units/\d+/$"),
        ("/reports/periods/", r"^/reports/periods/\d+/$"),
        ("/evaluation/", r"^/evaluation/\d+/$"),
        ("/indicators/", r"^/indicators/\d+/$"),
        ("/meetings/", r"^/meetings/\d+/$"),
        ("/obstacles/", r"^/obstacles/\d+/$"),
        ("/ingest/", r"^/ingest/\d+/$"),
        ("/indicators/", r"^/indicators/new/\d+/$"),  # the standing agency's
        ("TASK", r"^/tasks/\d+/edit/$"),
        ("UNIT", r"^/units/\d+/sources/$"),
        ("INDICATOR", r"^/indicators/\d+/targets/$"),  # the standing agency's
        ("INDICATOR", r"^/indicators/\d+/edit/$"),
    ):
        if path in PARENTS:  # a page behind one found above
            path = next((p for p in more if re.match(PARENTS[path], p)), None)
            if path is None:
                continue
        page.goto(f"{base}{path}")
        hrefs = page.eval_on_selector_all("main a", "els => els.map(e => e.getAttribute('href'))")
        found = next((h for h in hrefs if h and re.match(pattern, h)), None)
        if found:
            more.append(found)
    return list(dict.fromkeys(paths + more))


@pytest.mark.parametrize("role", ["standing", "leader", "focal", "viewer"])
def test_main_pages_have_no_serious_accessibility_violations(
    browser,  # noqa: F811
    live_server,
    register,  # noqa: F811
    axe,
    role,
):
    from chidao.accounts.models import Role, User
    from chidao.evaluation.demo import load_demo_evaluation
    from chidao.indicators.demo import load_demo_indicators
    from chidao.ingest import services as ingest
    from chidao.ingest.tests.helpers import set_text
    from chidao.meetings.demo import load_demo_meetings
    from chidao.obstacles.demo import load_demo_obstacles
    from chidao.reports.demo import load_demo_reports
    from chidao.tasks.demo import load_demo_tasks
    from chidao.units.hanoi_agencies import agency_external_id
    from chidao.units.models import Unit

    load_demo_tasks()
    load_demo_reports()
    load_demo_evaluation()
    load_demo_indicators()
    load_demo_meetings()
    load_demo_obstacles()
    unit = Unit.objects.get(external_id=agency_external_id("Sở Nội vụ"))
    roles = {
        "standing": Role.STANDING,
        "leader": Role.LEADER,
        "focal": Role.FOCAL,
        "viewer": Role.VIEWER,
    }
    user = User.objects.create(username=f"axe_{role}", role=roles[role], unit=unit)
    user.set_password(PASSWORD)
    user.save()
    if role == "standing":  # a decision read and waiting for review
        ingest.draft_create(actor=user, text=set_text("seed_001.txt"))

    context = browser.new_context(bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    base = live_server.url
    _sign_in(page, base, user.username)
    menu = _menu(page, base)
    assert len(menu) >= 3, menu
    found, answers = {}, {}
    for path in _pages(page, base):
        answers[path] = page.goto(f"{base}{path}").status
        problems = _violations(page, axe)
        if problems:
            found[path] = problems
    context.close()
    if role == "standing":  # the pages behind the lists were reached and checked too
        behind = (r"^/tasks/\d+/edit/$", r"^/units/\d+/sources/$", r"^/ingest/\d+/$")
        behind += (r"^/meetings/\d+/$", r"^/obstacles/\d+/$")
        assert [p for p in behind if not any(re.match(p, path) for path in answers)] == []
    assert {path: answers[path] for path in menu if answers[path] != 200} == {}
    assert not found, "\n".join(f"{path}: {v}" for path, vs in found.items() for v in vs)


def test_the_public_progress_page_on_a_phone_is_accessible_and_fits(
    browser,  # noqa: F811
    live_server,
    register,  # noqa: F811
    axe,
):
    """The one anonymous page: read on a 390 px phone, without sideways scrolling of the
    page (wide tables scroll inside their box), and with no serious violation."""
    from chidao.indicators.demo import load_demo_indicators
    from chidao.tasks.demo import demo_committee, load_demo_tasks

    load_demo_tasks()
    load_demo_indicators()
    context = browser.new_context(
        bypass_csp=True, locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/public/committees/{demo_committee().pk}/")
    assert page.locator("h1").inner_text().startswith("Tiến độ thực hiện")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    problems = _violations(page, axe)
    context.close()
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
    assert not problems, "\n".join(problems)
