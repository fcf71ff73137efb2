"""The consolidated report of a quarter lists the register's new, resolved and still-open
items with their resolvers (chidao.reports.contributions)."""

import datetime as dt

import pytest

from chidao.obstacles import services
from chidao.obstacles.tests.world import assigned, raised
from chidao.reports import consolidation
from chidao.reports.tests import reporting as r

pytestmark = pytest.mark.django_db


def by_key(report):
    return {c.key: c for c in report.contributions}


def test_an_item_answered_in_the_quarter_is_under_resolved(w):
    item = assigned(w, raised(w, on=dt.date(2025, 7, 1)), due_on=dt.date(2025, 8, 15))
    services.obstacle_reply(
        actor=w.focal_justice, obstacle=item, text="Đã hướng dẫn", resolved=True,
        replied_on=dt.date(2025, 8, 10),
    )  # fmt: skip
    late = assigned(w, raised(w, title="Thiếu kinh phí số hóa", on=dt.date(2025, 7, 2)))
    period = r.make_period(units=[w.commune, w.justice])  # Q3/2025: 15/06–14/09/2025
    parts = by_key(consolidation.consolidate(period, today=dt.date(2025, 9, 20)))
    resolved = parts["obstacles.resolved"].rows
    assert [(row[1], row[2], row[3], row[4]) for row in resolved] == [
        (item.title, w.commune.name, w.justice.name, "10/08/2025")
    ]
    assert [row[1] for row in parts["obstacles.open"].rows] == [late.title]
    assert len(parts["obstacles.new"].rows) == 2


def test_an_item_resolved_after_the_cut_off_is_still_open_at_it(w):
    item = assigned(w, raised(w, on=dt.date(2025, 7, 1)))
    services.obstacle_reply(actor=w.focal_justice, obstacle=item, text="Xong", resolved=True)
    period = r.make_period(units=[w.commune])
    parts = by_key(consolidation.consolidate(period, today=dt.date(2025, 9, 20)))
    assert [row[1] for row in parts["obstacles.open"].rows] == [item.title]
    assert parts["obstacles.resolved"].rows == ()
