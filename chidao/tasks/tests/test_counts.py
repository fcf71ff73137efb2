"""GET /api/v1/tasks/counts: per unit, the tasks it leads by status and, apart, those it
coordinates; checked against a count written by hand over varied tasks."""

import datetime as dt

import pytest

from chidao.core import policy
from chidao.tasks.counts import FIELDS
from chidao.tasks.models import Task
from chidao.tasks.status import Status, status_of
from chidao.tasks.tests.factories import (
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    committee_2023,
    committee_egov,
    fast_passwords,  # noqa: F401 (autouse fixture)
    make_task,
    unit_named,
)

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2025, 12, 1)
URL = "/api/v1/tasks/counts"


@pytest.fixture(autouse=True)
def due_soon_week(settings):
    settings.CHIDAO_DUE_SOON_DAYS = 7


@pytest.fixture
def varied():
    """Two committees, three units, every status, coordinations, a cancelled task and one
    assigned after the date counted."""
    home, justice, finance = (unit_named(n) for n in (HOME_AFFAIRS, JUSTICE, FINANCE))
    egov = committee_egov()
    day = dt.timedelta(days=1)
    specs = [
        {"deadline": AS_OF - day, "coordinating_units": [justice, finance]},
        {"deadline": AS_OF + 3 * day, "lead_unit": justice},
        {"deadline": AS_OF + 30 * day, "percent": 20, "coordinating_units": [justice]},
        {"deadline": AS_OF + 30 * day, "lead_unit": finance, "committee": egov},
        {"deadline": AS_OF, "completed_on": AS_OF - day, "lead_unit": justice},
        {"deadline": AS_OF - 9 * day, "completed_on": AS_OF - day, "committee": egov},
        {"deadline": AS_OF - 2 * day, "lead_unit": finance, "coordinating_units": [home]},
        {"deadline": AS_OF + 60 * day, "cancelled_on": AS_OF - day, "lead_unit": justice},
        {"deadline": AS_OF + 60 * day, "assigned_on": AS_OF + 5 * day, "lead_unit": finance},
        {"deadline": AS_OF + 2 * day, "lead_unit": justice, "coordinating_units": [finance]},
    ]
    return [make_task(lead_unit=s.pop("lead_unit", home), **s) for s in specs]


def hand_count(tasks) -> dict[int, dict]:
    """{unit id: {"lead": {...}, "coordinating": {...}}}, one task at a time in Python."""
    result: dict[int, dict] = {}

    def add(unit_id, side, status):
        entry = result.setdefault(
            unit_id, {"lead": dict.fromkeys(FIELDS, 0), "coordinating": dict.fromkeys(FIELDS, 0)}
        )
        entry[side][status] += 1
        entry[side]["total"] += 1

    for task in tasks:
        status = status_of(task, AS_OF)
        if status == Status.CANCELLED or task.assigned_on > AS_OF:
            continue
        add(task.lead_unit_id, "lead", status)
        for coordination in task.coordinations.all():
            add(coordination.unit_id, "coordinating", status)
    return result


def as_hand_count(rows) -> dict[int, dict]:
    return {
        row["unit"]["id"]: {
            "lead": {field: row[field] for field in FIELDS},
            "coordinating": row["coordinating"],
        }
        for row in rows
    }


def test_counts_match_a_count_by_hand(client, personas, varied):
    client.force_login(personas.leader)

    response = client.get(URL, {"by": "unit", "as_of": AS_OF.isoformat()})

    assert response.status_code == 200
    assert as_hand_count(response.json()) == hand_count(Task.objects.all())
    names = [row["unit"]["name"] for row in response.json()]
    assert names == sorted(names)


def test_one_committee(client, personas, varied):
    client.force_login(personas.leader)
    committee = committee_2023()

    rows = client.get(URL, {"committee": committee.pk, "as_of": AS_OF.isoformat()}).json()

    assert as_hand_count(rows) == hand_count(Task.objects.filter(committee=committee))


def test_a_focal_person_counts_only_what_they_may_see(client, personas, varied):
    client.force_login(personas.focal_b)  # Sở Tư pháp

    rows = client.get(URL, {"as_of": AS_OF.isoformat()}).json()

    visible = Task.objects.restrict(personas.focal_b, policy.VIEW)
    assert as_hand_count(rows) == hand_count(visible)
    assert visible.count() < Task.objects.count()


def test_counts_are_three_queries_whatever_the_units(
    client, personas, varied, django_assert_max_num_queries
):
    client.force_login(personas.leader)
    client.get(URL)  # the session's first request loads what every later one has

    with django_assert_max_num_queries(3 + 3):  # session, user, served committees + ours
        response = client.get(URL, {"as_of": AS_OF.isoformat()})
    assert len(response.json()) == 3


@pytest.mark.parametrize(
    "params", [{"by": "domain"}, {"committee": "x"}, {"as_of": "01/12/2025"}, {"committee": 0}]
)
def test_bad_parameters_answer_422(client, personas, params):
    client.force_login(personas.leader)

    response = client.get(URL, params)

    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_unknown_committee_is_422_in_vietnamese(client, personas):
    client.force_login(personas.leader)

    response = client.get(URL, {"committee": 999_999})

    assert response.status_code == 422
    assert "Không có Ban Chỉ đạo" in response.json()["detail"]


def test_anonymous_is_refused(client):
    assert client.get(URL).status_code == 401


def test_the_counts_are_written_as_the_schema_would(client, personas, varied):
    """The rows are written without a second validation (core.api_render): the bytes are
    those of the same rows validated through UnitCountsOut."""
    import json

    from ninja.responses import NinjaJSONEncoder

    from chidao.tasks.counts import counts_by_unit
    from chidao.tasks.schemas import UnitCountsOut

    client.force_login(personas.leader)

    response = client.get(URL, {"by": "unit", "as_of": AS_OF.isoformat()})

    rows = counts_by_unit(personas.leader, as_of=AS_OF)
    expected = [UnitCountsOut.model_validate(row).model_dump() for row in rows]
    assert len(expected) > 1
    assert response.content.decode() == json.dumps(
        expected, cls=NinjaJSONEncoder, ensure_ascii=False
    )
