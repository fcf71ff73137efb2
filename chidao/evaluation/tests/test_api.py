"""The evaluation API: the exact paths and fields a client relies on, token authentication
like the task API, results published to units only after approval, 409 on a locked cycle."""

import io
from decimal import Decimal

import docx
import pytest

from chidao.accounts.tokens import token_create
from chidao.core.policy import SystemActor
from chidao.evaluation import services
from chidao.evaluation.models import EvaluationCycle
from chidao.evaluation.tests import helpers as h
from chidao.tasks.tests.factories import fast_passwords  # noqa: F401

pytestmark = pytest.mark.django_db
BASE = "/api/v1/evaluation"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def bearer(user) -> dict:
    return {"authorization": f"Bearer {token_create(actor=SystemActor('test'), user=user)}"}


@pytest.fixture
def manager(personas):
    return h.standing()


@pytest.fixture
def cycle(personas):
    a, b, c = h.departments()
    h.task(a, h.D(2025, 6, 30), done=h.D(2025, 6, 1))
    cycle = h.make_cycle()
    services.cycle_open_self_assessment(actor=h.SYSTEM, cycle=cycle)
    h.self_assess_all(cycle, Decimal("0.75"))
    h.self_assess_all(cycle, Decimal(1), units=[a])
    h.external_all(cycle, Decimal("7.33"))
    services.fill_computed(actor=h.SYSTEM, cycle=cycle)
    services.cycle_start_appraisal(actor=h.SYSTEM, cycle=cycle)
    services.appraise_accept_all(actor=h.SYSTEM, cycle=cycle)
    return cycle


def approve(cycle):
    services.cycle_approve(actor=h.SYSTEM, cycle=cycle)


@pytest.mark.parametrize(
    "path", ["/cycles", "/cycles/1/results", "/cycles/1/proposals", "/cycles/1/units/1"]
)
def test_without_token_or_session_answers_401(client, settings, path):
    settings.CHIDAO_PUBLIC_REGISTER = True
    response = client.get(BASE + path)
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]


def test_cycles_list_shape_and_visibility(client, personas, manager, cycle):
    other = h.make_cycle(units=[h.departments()[2]], name="Đợt chỉ có Sở Tài chính")

    answer = client.get(f"{BASE}/cycles", headers=bearer(manager)).json()
    focal = client.get(f"{BASE}/cycles", headers=bearer(personas.focal_a)).json()
    viewer = client.get(f"{BASE}/cycles", headers=bearer(personas.viewer)).json()

    assert {tuple(sorted(item)) for item in answer} == {("id", "name", "state", "year")}
    assert {item["id"] for item in answer} == {cycle.pk, other.pk}
    assert [item for item in answer if item["id"] == cycle.pk] == [
        {"id": cycle.pk, "year": 2025, "name": cycle.name, "state": "appraisal"}
    ]
    assert [item["id"] for item in focal] == [cycle.pk]  # Sở Nội vụ is not in the other
    assert viewer == []  # nothing published yet


def test_results_contract(client, manager, cycle):
    response = client.get(f"{BASE}/cycles/{cycle.pk}/results", headers=bearer(manager))

    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 3
    for row in rows:
        assert set(row) == {"unit", "group", "total", "max_total", "rank", "band", "fields"}
        assert set(row["unit"]) == {"id", "name"}
        assert row["group"] == "departments"
        assert [set(f) for f in row["fields"]] == [{"name", "score", "max"}] * 3
        assert row["total"] == pytest.approx(sum(f["score"] for f in row["fields"]))
        assert row["total"] == round(sum(f["score"] for f in row["fields"]), 2)
        assert row["max_total"] == sum(f["max"] for f in row["fields"]) == 40
        assert row["band"] in ("Tốt", "Khá", "Trung bình", "Yếu")
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    best = rows[0]
    assert best["unit"]["name"] == "Sở Nội vụ"
    assert best["fields"][0] == {"name": "Chỉ đạo, điều hành", "score": 10.0, "max": 10.0}
    assert best["fields"][2]["score"] == 7.33


def test_results_reach_units_only_after_approval(client, personas, cycle):
    url = f"{BASE}/cycles/{cycle.pk}/results"
    before = client.get(url, headers=bearer(personas.focal_a))
    hidden = client.get(url, headers=bearer(personas.viewer))
    assert before.status_code == 403
    assert "phê duyệt" in before.json()["detail"]
    assert hidden.status_code == 404  # a viewer does not see an unpublished cycle at all

    approve(cycle)

    after = client.get(url, headers=bearer(personas.focal_a))
    assert after.status_code == 200
    assert len(after.json()) == 3
    assert client.get(url, headers=bearer(personas.viewer)).status_code == 200


def test_a_unit_sees_its_self_assessment_then_its_results(client, personas, cycle):
    a, b, _c = h.departments()
    sheet_url = f"{BASE}/cycles/{cycle.pk}/units/{a.pk}"
    own = client.get(f"{BASE}/cycles/{cycle.pk}/self-assessment", headers=bearer(personas.focal_a))
    assert own.status_code == 200
    assert [(row["code"], row["self_score"]) for row in own.json()] == [("1.1", 6.0), ("1.2", 4.0)]
    assert set(own.json()[0]) == {
        "score_id", "code", "title", "max", "self_score", "explanation", "evidence",
    }  # fmt: skip
    assert client.get(sheet_url, headers=bearer(personas.focal_a)).status_code == 403
    approve(cycle)

    published = client.get(sheet_url, headers=bearer(personas.focal_a))
    other = client.get(f"{BASE}/cycles/{cycle.pk}/units/{b.pk}", headers=bearer(personas.focal_a))

    assert published.status_code == other.status_code == 200
    sheet = published.json()
    assert sheet["provisional"] is False
    leaf = next(line for line in sheet["lines"] if line["code"] == "2.1")
    assert leaf["source"] == "computed"
    assert leaf["formula_key"] == "tasks_on_time_share"
    assert "tính đến ngày 14/12/2025" in leaf["computed_text"]
    appraised = next(line for line in sheet["lines"] if line["code"] == "1.1")
    assert (appraised["source"], appraised["self_score"], appraised["appraised_score"]) == (
        "appraised",
        6.0,
        6.0,
    )
    assert sheet["total"] == pytest.approx(sum(f["score"] for f in sheet["fields"]))


def test_proposals_json_and_docx(client, personas, manager, cycle):
    url = f"{BASE}/cycles/{cycle.pk}/proposals"
    assert client.get(url, headers=bearer(personas.focal_a)).status_code == 403
    approve(cycle)

    answer = client.get(f"{url}?format=json", headers=bearer(manager))
    default = client.get(url, headers=bearer(personas.leader))
    document = client.get(f"{url}?format=docx", headers=bearer(manager))

    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"commendation", "criticism"}
    assert body == default.json()
    assert body["commendation"], body
    for item in body["commendation"] + body["criticism"]:
        assert {"unit", "grounds"} <= set(item)
        assert set(item["unit"]) == {"id", "name"}
        assert item["grounds"]
    assert document.status_code == 200
    assert document["Content-Type"] == DOCX
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(document.content)).paragraphs)
    assert "TỜ TRÌNH" in text
    assert client.get(f"{url}?format=pdf", headers=bearer(manager)).status_code == 422


def test_scoring_through_the_api(client, personas, manager):
    a = h.departments()[0]
    cycle = h.make_cycle(self_assessment_deadline=h.D(2100, 1, 1))
    services.cycle_open_self_assessment(actor=manager, cycle=cycle)
    score = h.score_of(cycle, a, "1.1")
    url = f"{BASE}/cycles/{cycle.pk}/scores/{score.pk}"

    mine = client.post(
        f"{url}/self-assessment",
        {"score": 5.5, "explanation": "Kế hoạch số 12/KH-SNV."},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )
    theirs = client.post(
        f"{url}/self-assessment",
        {"score": 1, "explanation": "x"},
        content_type="application/json",
        headers=bearer(personas.focal_b),
    )
    too_much = client.post(
        f"{url}/self-assessment",
        {"score": 9, "explanation": "x"},
        content_type="application/json",
        headers=bearer(personas.focal_a),
    )
    step = client.post(f"{BASE}/cycles/{cycle.pk}/actions/appraisal", headers=bearer(manager))
    adjusted = client.post(
        f"{url}/appraisal",
        {"accept": False, "score": 5, "reason": "Thiếu minh chứng."},
        content_type="application/json",
        headers=bearer(manager),
    )

    assert mine.status_code == 200 and mine.json()["self_score"] == 5.5
    assert theirs.status_code == 403
    assert too_much.status_code == 422 and too_much.json()["errors"][0]["loc"] == ["body", "score"]
    assert step.status_code == 200 and step.json()["state"] == "appraisal"
    assert adjusted.status_code == 200
    assert adjusted.json()["appraised_score"] == 5.0


def test_a_locked_cycle_answers_409(client, personas, manager, cycle):
    approve(cycle)
    services.cycle_lock(actor=personas.leader, cycle=cycle)
    score = h.score_of(cycle, h.departments()[0], "1.1")

    appraisal = client.post(
        f"{BASE}/cycles/{cycle.pk}/scores/{score.pk}/appraisal",
        {"accept": True},
        content_type="application/json",
        headers=bearer(manager),
    )
    compute = client.post(f"{BASE}/cycles/{cycle.pk}/actions/compute", headers=bearer(manager))

    assert appraisal.status_code == 409
    assert "khóa" in appraisal.json()["detail"]
    assert compute.status_code == 409
    assert EvaluationCycle.objects.get(pk=cycle.pk).state == "locked"


def test_approval_through_the_api_needs_a_leader(client, personas, manager, cycle):
    url = f"{BASE}/cycles/{cycle.pk}/actions/approve"
    assert client.post(url, headers=bearer(manager)).status_code == 403
    response = client.post(url, headers=bearer(personas.leader))
    assert response.status_code == 200
    assert response.json()["state"] == "approved"
