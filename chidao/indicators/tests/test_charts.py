"""The indicator's line chart over time (chidao.indicators.charts): server-drawn SVG of the
actual against the milestone per quarter, on the indicator's page, per unit when one is
chosen; and the page's query budget as quarters accumulate."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chidao.accounts.tests.factories import unit_named
from chidao.indicators import charts
from chidao.indicators.tests.helpers import FINANCE, JUSTICE, enter_value, make_indicator
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_chart_draws_actual_and_milestone_lines_with_a_titled_point_per_quarter():
    points = [
        {"label": "Quý I", "period": "2026-Q1", "actual": 50, "target": 60, "state": "off_track"},
        {"label": "Quý II", "period": "2026-Q2", "actual": 70, "target": None, "state": None},
    ]
    svg = str(charts.line_chart(points, unit_of_measure="%", title="T-01"))
    assert svg.count("<polyline") == 2  # the actual's line, and the milestone's one point
    assert svg.count("<circle") == 2 and 'fill="#a8281b"' in svg
    assert "Quý I: thực hiện 50 %, mốc 60 — Chậm tiến độ" in svg
    assert 'role="img"' in svg and "<script" not in svg


def test_the_indicator_page_shows_the_committees_chart_then_a_units(client, personas):
    indicator = make_indicator()
    enter_value(indicator, JUSTICE, "2026-Q1", 50)
    enter_value(indicator, JUSTICE, "2026-Q2", 70)
    client.force_login(personas.viewer)
    url = reverse("indicator-detail", args=[indicator.pk])
    page = client.get(url).content.decode()
    assert 'class="ind-chart"' in page and "chung của Ban Chỉ đạo qua các quý" in page
    unit_page = client.get(url, {"unit": unit_named(JUSTICE).pk}).content.decode()
    assert f"T-01 — {JUSTICE} qua các quý" in unit_page


def test_the_indicator_page_query_budget_does_not_grow_with_quarters(client, personas):
    indicator = make_indicator()
    enter_value(indicator, JUSTICE, "2026-Q1", 50)
    client.force_login(personas.viewer)
    url = reverse("indicator-detail", args=[indicator.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for period in ("2026-Q2", "2026-Q3"):
        enter_value(indicator, JUSTICE, period, 72)
        enter_value(indicator, FINANCE, period, 72)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
