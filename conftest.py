"""Shared test set-up: the demo register is loaded once per session, each test runs in a
transaction rolled back at its end, and named personas stand for the users."""

import pytest
from django.core.management import call_command

# `smtp`: a real SMTP server on loopback, for every test that sends mail.
pytest_plugins = ["chidao.notifications.tests.smtp"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_demo", "--no-accounts", verbosity=0)


@pytest.fixture(autouse=True)
def vietnamese_by_default():
    """Each test starts in the product's language. A request in English (a user's choice)
    leaves English active in the thread after it, as Django does; without this a later test
    would read English from whatever is translated in its process."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def personas(db):
    from chidao.accounts.tests.factories import make_personas

    return make_personas()


def pytest_collection_modifyitems(config, items):
    """Browser tests empty the database when they end (live server), so they run only when
    asked for with `-m browser` (scripts/test.sh runs them on their own)."""
    if "browser" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="run with -m browser (scripts/test.sh does)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
