import pytest

from chidao.obstacles.tests.world import build
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401


@pytest.fixture
def w(db):
    return build()
