"""The indicators API: the exact paths and fields of the contract, who may enter a value
(201, 403), impossible values (422 with a Vietnamese message), and a query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.accounts.tests.factories import unit_named
from chidao.accounts.tokens import token_create
from chidao.indicators import services
from chidao.indicators.models import Value
from chidao.indicators.tests.helpers import FINANCE, JUSTICE, SYSTEM, TODAY, make_indicator
from chidao.tasks.tests.factories import (  # noqa: F401
    committee_2023,
    fast_passwords,
    focal_of,
    standing_home_affairs,
)

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"authorization": f"Bearer {token_create(actor=SYSTEM, user=user)}"}


def post(client, indicator, user, **body):
    payload = {"period": "2026-Q3", "unit": unit_named(JUSTICE).pk, "actual": 72, "note": ""}
    return client.post(
        f"/api/v1/indicators/{indicator.pk}/values",
        payload | body,
        content_type="application/json",
        headers=bearer(user),
    )


def test_committee_indicators_shape(client, personas):
    indicator = make_indicator()
    response = client.get(
        f"/api/v1/committees/{committee_2023().pk}/indicators", headers=bearer(personas.viewer)
    )
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": indicator.pk,
            "code": "T-01",
            "name": indicator.name,
            "unit_of_measure": "%",
            "direction": "higher",
            "layer": "outcome",
        }
    ]


def test_without_a_token_answers_401(client):
    indicator = make_indicator()
    assert client.get(f"/api/v1/indicators/{indicator.pk}/values").status_code == 401


def test_values_shape_and_filters(client, personas):
    indicator = make_indicator()
    for period, actual in (("2026-Q1", 61), ("2026-Q2", 66), ("2026-Q3", 71)):
        services.value_record(
            actor=SYSTEM,
            indicator=indicator,
            unit=unit_named(JUSTICE),
            period=period,
            actual=actual,
            today=TODAY,
        )
    services.value_record(
        actor=SYSTEM,
        indicator=indicator,
        unit=unit_named(FINANCE),
        period="2026-Q3",
        actual=40,
        note="Chậm",
        today=TODAY,
    )
    url = f"/api/v1/indicators/{indicator.pk}/values"
    rows = client.get(url, headers=bearer(personas.viewer)).json()
    assert len(rows) == 4
    justice = unit_named(JUSTICE)
    assert rows[0] == {
        "period": "2026-Q1",
        "unit": {"id": justice.pk, "name": justice.name},
        "target": 60.0,
        "actual": 61.0,
        "state": "at_risk",
        "source": "entered",
    }
    only = client.get(
        url,
        {"unit": justice.pk, "from": "2026-06-01", "to": "2026-12-31"},
        headers=bearer(personas.viewer),
    ).json()
    assert [r["period"] for r in only] == ["2026-Q2", "2026-Q3"]
    finance = client.get(url, {"unit": unit_named(FINANCE).pk}, headers=bearer(personas.viewer))
    assert finance.json()[0]["state"] == "off_track"


def test_values_query_budget_does_not_grow_with_values(client, personas):
    indicator = make_indicator()
    headers = bearer(personas.viewer)
    url = f"/api/v1/indicators/{indicator.pk}/values"
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as few:
        client.get(url, headers=headers)
    for period in ("2026-Q1", "2026-Q2", "2026-Q3"):
        for unit in (JUSTICE, FINANCE):
            services.value_record(
                actor=SYSTEM,
                indicator=indicator,
                unit=unit_named(unit),
                period=period,
                actual=99,
                today=TODAY,
            )
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url, headers=headers).json()) == 6
    assert len(many) == len(few) <= 8


def test_the_units_focal_person_posts_a_value_201(client):
    indicator = make_indicator()
    response = post(client, indicator, focal_of(unit_named(JUSTICE)), actual=72.5)
    assert response.status_code == 201, response.content
    assert response.json()["actual"] == 72.5 and response.json()["state"] == "at_risk"
    assert Value.objects.get(indicator=indicator).entered_by_label


def test_the_standing_agency_posts_for_a_unit_201(client):
    assert post(client, make_indicator(), standing_home_affairs()).status_code == 201


@pytest.mark.parametrize("who", ["viewer", "leader", "focal_b_other_unit"])
def test_others_are_refused_403_and_nothing_is_written(client, personas, who):
    indicator = make_indicator()
    user = focal_of(unit_named(FINANCE)) if who == "focal_b_other_unit" else getattr(personas, who)
    response = post(client, indicator, user)
    assert response.status_code == 403
    assert not Value.objects.exists()


@pytest.mark.parametrize(
    "body, words",
    [
        ({"actual": 150}, "ngoài khoảng"),
        ({"actual": 10}, "giải trình"),
        ({"period": "2026-Q9"}, "Kỳ"),
        ({"period": "2031-Q1"}, "chưa bắt đầu"),
        ({"unit": 999999999}, "đơn vị"),
        ({"actual": "nhiều"}, ""),
    ],
)
def test_impossible_values_answer_422_with_a_message(client, body, words):
    response = post(client, make_indicator(), standing_home_affairs(), **body)
    assert response.status_code == 422
    assert words in response.json()["detail"]
    assert not Value.objects.exists()


def test_an_unknown_indicator_is_404(client, personas):
    response = client.get("/api/v1/indicators/999999/values", headers=bearer(personas.viewer))
    assert response.status_code == 404
