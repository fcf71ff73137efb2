import pytest

from chidao.core.tests.checkout import Checkout, copy_checkout, make_setup


@pytest.fixture(scope="session")
def demo_setup(tmp_path_factory) -> Checkout:
    """A fresh var directory after `make setup`: secret key, migrations, demo data. Kept as
    `make setup` left it: tests get copies of it, never this one."""
    return make_setup(tmp_path_factory.mktemp("setup"))


@pytest.fixture(scope="session")
def demo_checkout(demo_setup, tmp_path_factory) -> Checkout:
    """A copy of the demo after `make setup`, shared by the tests that run real processes;
    each adds only rows of its own."""
    return copy_checkout(demo_setup, tmp_path_factory.mktemp("var"))
