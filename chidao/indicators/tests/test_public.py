"""The public progress page: off by default (404), switched on by the standing agency; then
it answers anonymous visitors with published plans and indicators only — no person's e-mail
or name, no explanation or internal note, no unpublished plan or indicator — and its open
data (JSON, CSV) says the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.accounts.tests.factories import unit_named
from chidao.indicators import services
from chidao.indicators.tests.helpers import JUSTICE, SYSTEM, TODAY, make_indicator
from chidao.tasks.tests.factories import (  # noqa: F401
    TaskFactory,
    TaskSourceFactory,
    committee_2023,
    fast_passwords,
    focal_of,
)

pytestmark = pytest.mark.django_db
SECRET_NOTE = "Ghi chú nội bộ: hệ thống gián đoạn do nhà thầu"


@pytest.fixture
def world():
    committee = committee_2023()
    published_plan, hidden_plan = TaskSourceFactory(), TaskSourceFactory()
    TaskFactory(source=published_plan, title="Nhiệm vụ công khai")
    TaskFactory(source=hidden_plan, title="Nhiệm vụ chưa công khai")
    shown = make_indicator("P-01")
    hidden = make_indicator("P-02", published=False, name="Chỉ tiêu nội bộ P-02")
    focal = focal_of(unit_named(JUSTICE), email="daumoi.tuphap@example.invalid")
    for indicator in (shown, hidden):
        services.value_record(
            actor=focal,
            indicator=indicator,
            unit=unit_named(JUSTICE),
            period="2026-Q3",
            actual=50,
            note=SECRET_NOTE,
            today=TODAY,
        )
    return committee, published_plan, hidden_plan, focal


def publish(committee, plans):
    services.publication_set(actor=SYSTEM, committee=committee, enabled=True, plans=plans)


@pytest.mark.parametrize("suffix", ["", "data.json", "data.csv"])
def test_off_by_default_404(client, world, suffix):
    committee = world[0]
    assert client.get(f"/public/committees/{committee.pk}/{suffix}").status_code == 404


def test_switched_off_again_404(client, world):
    committee, plan = world[0], world[1]
    publish(committee, [plan])
    services.publication_set(actor=SYSTEM, committee=committee, enabled=False)
    assert client.get(f"/public/committees/{committee.pk}/").status_code == 404


def test_anonymous_reads_published_progress_and_indicators_only(client, world):
    committee, plan, hidden_plan, focal = world
    publish(committee, [plan])
    response = client.get(f"/public/committees/{committee.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert plan.document.number in html and "P-01" in html
    assert hidden_plan.document.number not in html
    assert "P-02" not in html and "Chỉ tiêu nội bộ" not in html
    assert SECRET_NOTE not in html
    assert focal.email not in html and "@" not in html.split("<main", 1)[-1]
    assert focal.username not in html


def test_open_data_json_has_the_same_and_no_personal_data(client, world):
    committee, plan, hidden_plan, focal = world
    publish(committee, [plan])
    response = client.get(f"/public/committees/{committee.pk}/data.json")
    data = response.json()
    assert [p["number"] for p in data["plans"]] == [plan.document.number]
    assert data["plans"][0]["tasks"]["total"] == 1
    assert [i["code"] for i in data["indicators"]] == ["P-01"]
    assert data["indicators"][0]["state"] == "off_track"
    text = response.content.decode()
    for secret in (SECRET_NOTE, focal.email, focal.username, hidden_plan.document.number):
        assert secret not in text


def test_open_data_csv(client, world):
    committee, plan = world[0], world[1]
    publish(committee, [plan])
    response = client.get(f"/public/committees/{committee.pk}/data.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("loai,ma,ten")
    assert any(line.startswith("chi_tieu,P-01") for line in lines)
    assert SECRET_NOTE not in response.content.decode("utf-8-sig")


def test_a_bad_committee_id_is_404_never_500(client):
    assert client.get("/public/committees/999999999/").status_code == 404


def test_query_budget_does_not_grow_with_indicators(client, world):
    committee, plan = world[0], world[1]
    publish(committee, [plan])
    url = f"/public/committees/{committee.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3, 7):
        make_indicator(f"P-0{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
