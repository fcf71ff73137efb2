import pytest

from chidao.core.tests.checkout import Checkout, make_setup


@pytest.fixture(scope="session")
def demo_checkout(tmp_path_factory) -> Checkout:
    """A fresh var directory after `make setup`: secret key, migrations, demo data. Shared by
    the tests that run real processes; each adds only rows of its own."""
    return make_setup(tmp_path_factory.mktemp("var"))
