import datetime as dt

import pytest

from chidao.obstacles import services as obstacles
from chidao.obstacles.tests.world import SYSTEM, assigned, build, raised
from chidao.tasks import services as tasks
from chidao.tasks.tests.factories import (
    TaskFactory,
    TaskSourceFactory,
    fast_passwords,  # noqa: F401
)


@pytest.fixture
def w(db):
    return build()


@pytest.fixture
def program(w):
    """Three tasks of one program (one done on 20/10/2025), an obstacle on it raised on
    10/09/2025 and resolved by the justice department, and one outside it."""
    source = TaskSourceFactory()
    first = TaskFactory(source=source, lead_unit=w.commune, deadline=dt.date(2025, 10, 31))
    TaskFactory(source=source, lead_unit=w.justice, deadline=dt.date(2025, 11, 30))
    TaskFactory(source=source, lead_unit=w.justice, deadline=dt.date(2026, 3, 31))
    TaskFactory(lead_unit=w.justice)  # another program's
    tasks.progress_report(
        actor=SYSTEM,
        task=first,
        note="Hoàn thành",
        completed=True,
        reported_on=dt.date(2025, 10, 20),
    )
    item = assigned(
        w, raised(w, on=dt.date(2025, 9, 10), tasks=[first]), due_on=dt.date(2025, 10, 1)
    )
    obstacles.obstacle_reply(
        actor=w.focal_justice, obstacle=item, text="Đã hướng dẫn", resolved=True,
        replied_on=dt.date(2025, 9, 25),
    )  # fmt: skip
    raised(w, title="Không thuộc chương trình", on=dt.date(2025, 9, 12))
    return source
