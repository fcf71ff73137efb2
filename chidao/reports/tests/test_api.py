"""The reports API: the exact shapes a client relies on, who sees which rows, and drafting,
submitting, approving and correcting through tokens or the session."""

import datetime as dt

import pytest
from django.utils import timezone

from chidao.accounts.models import Role
from chidao.accounts.tokens import token_create
from chidao.core.policy import SystemActor
from chidao.reports.models import ReportPeriod, Submission
from chidao.reports.tests.service_world import (  # noqa: F401
    FINANCE,
    HOME_AFFAIRS,
    JUSTICE,
    PAST,
    PAST_DEADLINE,
    SECTIONS,
    fast_passwords,
    make_period,
    make_regime,
    standing,
    submitted,
    uploads,
    user_of,
)

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    return {"authorization": f"Bearer {token_create(actor=SystemActor('test'), user=user)}"}


def stamp(submission, day: dt.date, hour=10):
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
    Submission.objects.filter(pk=submission.pk).update(submitted_at=when)
    return when


# ---- authentication


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/reports/periods"),
        ("post", "/api/v1/reports/periods"),
        ("get", "/api/v1/reports/periods/1/submissions"),
        ("post", "/api/v1/reports/periods/1/draft"),
        ("get", "/api/v1/reports/submissions/1"),
        ("post", "/api/v1/reports/submissions/1/submit"),
        ("post", "/api/v1/reports/submissions/1/approve"),
        ("post", "/api/v1/reports/submissions/1/correct"),
    ],
)
def test_without_token_or_session_the_reports_api_answers_401(client, settings, method, url):
    settings.CHIDAO_PUBLIC_REGISTER = True
    response = getattr(client, method)(url, content_type="application/json")
    assert response.status_code == 401


def test_the_session_works_too(client):
    period = make_period()
    client.force_login(standing())
    response = client.get("/api/v1/reports/periods")
    assert [p["id"] for p in response.json()] == [period.pk]


# ---- periods


def test_periods_list_has_exactly_the_contract_fields(client, personas):
    period = make_period(when=PAST)

    response = client.get(
        "/api/v1/reports/periods",
        {"committee": period.committee_id},
        headers=bearer(personas.leader),
    )

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": period.pk,
            "label": "Quý I/2026",
            "kind": "quarterly",
            "data_from": "2025-12-15",
            "data_to": "2026-03-14",
            "deadline": "2026-03-17",
        }
    ]


def test_periods_of_another_committee_are_filtered_out(client, personas):
    period = make_period()
    response = client.get(
        "/api/v1/reports/periods",
        {"committee": period.committee_id + 10_000},
        headers=bearer(personas.leader),
    )
    assert response.json() == []


def test_a_focal_person_lists_only_periods_of_their_unit(client):
    mine = make_period((HOME_AFFAIRS,))
    make_period((JUSTICE,), when=PAST)
    response = client.get("/api/v1/reports/periods", headers=bearer(user_of(HOME_AFFAIRS)))
    assert [p["id"] for p in response.json()] == [mine.pk]


def test_standing_staff_open_a_period_once(client):
    regime = make_regime()
    headers = bearer(standing())
    body = {"regime": regime.pk, "year": 2026, "index": 2}

    first = client.post("/api/v1/reports/periods", body, "application/json", headers=headers)
    again = client.post("/api/v1/reports/periods", body, "application/json", headers=headers)

    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["label"] == "Quý II/2026" and first.json()["deadline"] == "2026-06-16"
    assert ReportPeriod.objects.filter(regime=regime).count() == 1


def test_a_focal_person_may_not_open_a_period(client):
    regime = make_regime()
    response = client.post(
        "/api/v1/reports/periods",
        {"regime": regime.pk, "year": 2026, "index": 2},
        "application/json",
        headers=bearer(user_of(HOME_AFFAIRS)),
    )
    assert response.status_code == 403
    assert not ReportPeriod.objects.filter(regime=regime).exists()


# ---- submission status


def test_submission_rows_have_exactly_the_contract_fields(client, personas):
    period = make_period((HOME_AFFAIRS, JUSTICE, FINANCE), when=PAST)
    on_time = stamp(submitted(period, user_of(HOME_AFFAIRS)), PAST_DEADLINE)
    late = stamp(submitted(period, user_of(JUSTICE)), PAST_DEADLINE + dt.timedelta(days=2))

    response = client.get(
        f"/api/v1/reports/periods/{period.pk}/submissions", headers=bearer(standing())
    )

    assert response.status_code == 200
    rows = {row["unit"]["name"]: row for row in response.json()}
    assert set(rows) == {HOME_AFFAIRS, JUSTICE, FINANCE}
    assert all(set(row) == {"unit", "state", "submitted_at", "late"} for row in rows.values())
    assert set(rows[HOME_AFFAIRS]["unit"]) == {"id", "name"}
    assert rows[HOME_AFFAIRS]["state"] == "submitted" and rows[HOME_AFFAIRS]["late"] is False
    assert dt.datetime.fromisoformat(rows[HOME_AFFAIRS]["submitted_at"]) == on_time
    assert rows[JUSTICE]["state"] == "submitted" and rows[JUSTICE]["late"] is True
    assert dt.datetime.fromisoformat(rows[JUSTICE]["submitted_at"]) == late
    assert rows[FINANCE] == {
        "unit": {"id": rows[FINANCE]["unit"]["id"], "name": FINANCE},
        "state": "missing",
        "submitted_at": None,
        "late": True,
    }


def test_a_focal_person_sees_only_their_units_row(client):
    period = make_period((HOME_AFFAIRS, JUSTICE))
    response = client.get(
        f"/api/v1/reports/periods/{period.pk}/submissions", headers=bearer(user_of(JUSTICE))
    )
    assert [row["unit"]["name"] for row in response.json()] == [JUSTICE]


@pytest.mark.parametrize("reader", ["leader", "viewer", "admin"])
def test_leaders_viewers_and_administrators_see_all_rows(client, personas, reader):
    period = make_period((HOME_AFFAIRS, JUSTICE))
    response = client.get(
        f"/api/v1/reports/periods/{period.pk}/submissions",
        headers=bearer(getattr(personas, reader)),
    )
    assert len(response.json()) == 2


def test_an_outsider_unit_gets_404(client, personas):
    period = make_period((HOME_AFFAIRS, JUSTICE))
    url = f"/api/v1/reports/periods/{period.pk}/submissions"
    assert client.get(url, headers=bearer(user_of(FINANCE))).status_code == 404
    # standing staff of another committee
    assert client.get(url, headers=bearer(personas.standing)).status_code == 404
    assert client.get("/api/v1/reports/periods/999999/submissions",
                      headers=bearer(personas.leader)).status_code == 404  # fmt: skip


# ---- drafting and submitting


def test_a_focal_person_drafts_then_submits(client):
    period = make_period()
    headers = bearer(user_of(HOME_AFFAIRS))

    drafted = client.post(
        f"/api/v1/reports/periods/{period.pk}/draft",
        {"sections": SECTIONS, "figures": {"dvc": 12, "ty_le": None}},
        "application/json",
        headers=headers,
    )
    assert drafted.status_code == 200
    body = drafted.json()
    assert body["state"] == "draft" and body["version"] == 1 and body["form_version"] == 1
    assert body["figures"] == {"dvc": 12}

    done = client.post(f"/api/v1/reports/submissions/{body['id']}/submit", headers=headers)

    assert done.status_code == 200 and done.json()["state"] == "submitted"
    submission = Submission.objects.get(pk=body["id"])
    assert submission.state == "submitted" and submission.submitted_at is not None
    assert submission.sections == SECTIONS


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"sections": {"bogus": "x"}}, "sections"),
        ({"figures": {"bogus": 1}}, "figures"),
        ({"figures": {"dvc": "nhiều"}}, "figures"),
    ],
)
def test_content_not_on_the_form_answers_422_and_writes_nothing(client, payload, field):
    period = make_period()
    response = client.post(
        f"/api/v1/reports/periods/{period.pk}/draft",
        payload,
        "application/json",
        headers=bearer(user_of(HOME_AFFAIRS)),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["body", field]
    assert not Submission.objects.filter(period=period).exists()


@pytest.mark.parametrize("role", [Role.VIEWER, Role.LEADER])
def test_readers_may_not_draft(client, personas, role):
    period = make_period()
    reader = personas.viewer if role == Role.VIEWER else personas.leader
    response = client.post(
        f"/api/v1/reports/periods/{period.pk}/draft",
        {"sections": SECTIONS},
        "application/json",
        headers=bearer(reader),
    )
    assert response.status_code == 403
    assert not Submission.objects.filter(period=period).exists()


def test_standing_staff_may_read_but_not_draft_for_a_unit(client):
    period = make_period()
    response = client.post(
        f"/api/v1/reports/periods/{period.pk}/draft",
        {"sections": SECTIONS},
        "application/json",
        headers=bearer(standing()),
    )
    assert response.status_code == 403


def test_a_submitted_report_cannot_be_redrafted_but_can_be_corrected(client):
    period = make_period()
    focal = user_of(HOME_AFFAIRS)
    first = submitted(period, focal)
    headers = bearer(focal)

    refused = client.post(
        f"/api/v1/reports/periods/{period.pk}/draft",
        {"sections": {"results": "Sửa"}},
        "application/json",
        headers=headers,
    )
    assert refused.status_code == 409

    corrected = client.post(
        f"/api/v1/reports/submissions/{first.pk}/correct",
        {"sections": {"results": "Bản sửa đổi"}, "figures": {"dvc": 13}},
        "application/json",
        headers=headers,
    )

    assert corrected.status_code == 201
    body = corrected.json()
    assert body["version"] == 2 and body["supersedes"] == first.pk and body["state"] == "submitted"
    first.refresh_from_db()
    assert first.state == "superseded" and first.sections == SECTIONS
    versions = client.get(
        f"/api/v1/reports/periods/{period.pk}/units/{focal.unit_id}/versions", headers=headers
    ).json()
    assert [(v["version"], v["state"]) for v in versions] == [(1, "superseded"), (2, "submitted")]


def test_the_unit_leader_approves_through_the_api(client):
    period = make_period(approval=True)
    report = submitted(period, user_of(HOME_AFFAIRS))
    url = f"/api/v1/reports/submissions/{report.pk}/approve"

    # a leader reads every report, but approves only their own unit's
    assert client.post(url, headers=bearer(user_of(JUSTICE, Role.LEADER))).status_code == 403
    assert client.post(url, headers=bearer(user_of(HOME_AFFAIRS))).status_code == 403
    assert client.post(url, headers=bearer(user_of(FINANCE))).status_code == 404
    response = client.post(url, headers=bearer(user_of(HOME_AFFAIRS, Role.LEADER)))

    assert response.status_code == 200 and response.json()["state"] == "submitted"
    report.refresh_from_db()
    assert report.state == "submitted"


def test_another_units_submission_is_404(client):
    period = make_period()
    report = submitted(period, user_of(HOME_AFFAIRS))
    response = client.get(
        f"/api/v1/reports/submissions/{report.pk}", headers=bearer(user_of(JUSTICE))
    )
    assert response.status_code == 404
    own = client.get(
        f"/api/v1/reports/submissions/{report.pk}", headers=bearer(user_of(HOME_AFFAIRS))
    )
    assert own.status_code == 200 and own.json()["sections"] == SECTIONS


def test_the_openapi_document_describes_the_reports_api(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "/api/v1/reports/periods" in paths
    assert "/api/v1/reports/periods/{period_id}/submissions" in paths
    assert "/api/v1/reports/periods/{period_id}/draft" in paths
    assert "/api/v1/reports/submissions/{submission_id}/correct" in paths
    assert "post" in paths["/api/v1/reports/periods"]
