"""API of the period statistics and the consolidated files: the contract, who may read what,
and the 202/Location flow with the job run in the test."""

import datetime as dt
import io

import pytest
from docx import Document

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory
from chidao.accounts.tokens import token_create
from chidao.audit.models import ChangeLog
from chidao.core.policy import SystemActor
from chidao.reports import jobs
from chidao.reports import statistics as st
from chidao.reports.models import ConsolidatedDocument, Submission
from chidao.reports.tests import history as h
from chidao.reports.tests import reporting as r
from chidao.tasks.tests.factories import (  # noqa: F401
    HOME_AFFAIRS,
    SCIENCE,
    fast_passwords,
    standing_home_affairs,
)

pytestmark = pytest.mark.django_db

COUNT_KEYS = {"total", "done_on_time", "done_late", "overdue", "in_progress", "not_started"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.CHIDAO_UPLOAD_DIR = tmp_path / "uploads"
    return settings.CHIDAO_UPLOAD_DIR


@pytest.fixture
def data():
    h.build_named_history()
    return r.build_reporting()


@pytest.fixture
def manager():
    """A standing-agency officer of Sở Nội vụ, standing agency of the 2023 committee."""
    return standing_home_affairs()


def bearer(user) -> dict:
    return {"authorization": f"Bearer {token_create(actor=SystemActor('test'), user=user)}"}


def statistics_url(period) -> str:
    return f"/api/v1/reports/periods/{period.pk}/statistics"


def consolidated_url(period, format="docx") -> str:
    return f"/api/v1/reports/periods/{period.pk}/consolidated?format={format}"


# ---- statistics


def test_statistics_contract(client, data, personas):
    response = client.get(statistics_url(data.period), headers=bearer(personas.leader))
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"as_of", "totals", "units"}
    assert body["as_of"] == "2025-09-14"
    assert set(body["totals"]) == COUNT_KEYS
    assert body["totals"]["total"] == sum(body["totals"][k] for k in COUNT_KEYS - {"total"})
    expected = st.statistics_as_of(as_of=h.Q3_2025, committee=data.period.committee)
    assert body["totals"]["total"] == expected["totals"]["total"]
    assert len(body["units"]) == len(expected["units"]) == 4
    for row, entry in zip(body["units"], expected["units"], strict=True):
        assert set(row) == COUNT_KEYS | {"unit"}
        assert set(row["unit"]) == {"id", "name"}
        assert row["unit"] == entry["unit"]
        assert row["total"] == sum(row[k] for k in COUNT_KEYS - {"total"})
        assert {k: row[k] for k in COUNT_KEYS} == {k: entry[k] for k in COUNT_KEYS}


@pytest.mark.parametrize("who", ["leader", "viewer", "admin", "manager"])
def test_readers_see_every_unit(client, data, personas, manager, who):
    user = manager if who == "manager" else getattr(personas, who)
    body = client.get(statistics_url(data.period), headers=bearer(user)).json()
    assert len(body["units"]) == 4


def test_a_focal_person_sees_only_their_units_row(client, data, personas):
    body = client.get(statistics_url(data.period), headers=bearer(personas.focal_a)).json()
    home = data.units[HOME_AFFAIRS]
    assert [row["unit"]["id"] for row in body["units"]] == [home.pk]
    assert body["totals"] == {k: body["units"][0][k] for k in COUNT_KEYS}


def test_standing_staff_of_another_committee_see_only_their_unit(client, data, personas):
    # personas.standing serves the e-Government committee; their Office leads no task here.
    body = client.get(statistics_url(data.period), headers=bearer(personas.standing)).json()
    assert body["units"] == [] and body["totals"]["total"] == 0


def test_statistics_refusals(client, data):
    assert client.get(statistics_url(data.period)).status_code == 401
    nobody = UserFactory(role=Role.FOCAL, unit=None)
    response = client.get(statistics_url(data.period), headers=bearer(nobody))
    assert response.status_code == 403
    assert "detail" in response.json()
    response = client.get("/api/v1/reports/periods/999999/statistics", headers=bearer(nobody))
    assert response.status_code == 404


def test_statistics_do_not_move_after_the_cutoff(client, data, personas):
    before = client.get(statistics_url(data.period), headers=bearer(personas.leader)).json()
    from chidao.tasks.models import Task

    h.complete(Task.objects.get(title="overdue"), dt.date(2025, 10, 10))
    after = client.get(statistics_url(data.period), headers=bearer(personas.leader)).json()
    assert after == before


# ---- consolidated files


def test_focal_person_and_viewer_get_403(client, data, personas):
    for user in (personas.focal_a, personas.viewer):
        response = client.get(consolidated_url(data.period), headers=bearer(user))
        assert response.status_code == 403, user
        assert "detail" in response.json()
    assert not ConsolidatedDocument.objects.exists()


def test_bad_format_is_422(client, data, personas):
    response = client.get(consolidated_url(data.period, "odt"), headers=bearer(personas.leader))
    assert response.status_code == 422
    assert "format" in response.json()["detail"]


def test_small_period_answers_the_file_at_once(client, data, personas, manager):
    response = client.get(consolidated_url(data.period), headers=bearer(personas.leader))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert 'filename="bao-cao-tong-hop-quy-iii-2025.docx"' in response["Content-Disposition"]
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert "BÁO CÁO" in [p.text for p in doc.paragraphs]
    document = ConsolidatedDocument.objects.get()
    assert document.state == "done" and document.progress == 100
    assert document.requested_by == personas.leader
    assert ChangeLog.objects.filter(
        target_type="reports.consolidateddocument", target_id=str(document.pk), action="create"
    ).exists()

    response = client.get(consolidated_url(data.period, "xlsx"), headers=bearer(manager))
    assert response.status_code == 200 and response["Content-Type"] == XLSX


def test_large_period_202_location_then_file(
    client, data, personas, settings, django_capture_on_commit_callbacks
):
    settings.CHIDAO_CONSOLIDATED_SYNC_MAX_UNITS = 2  # four units: "large"
    headers = bearer(personas.leader)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.get(consolidated_url(data.period), headers=headers)
    assert response.status_code == 202
    assert len(callbacks) == 1  # the job was enqueued after commit
    document = ConsolidatedDocument.objects.get()
    location = response["Location"]
    assert location == f"/api/v1/reports/consolidated/{document.pk}"
    body = response.json()
    assert body["state"] == "pending" and body["progress"] == 0
    assert body["status_url"] == location

    from django_tasks_db.models import DBTaskResult

    job = DBTaskResult.objects.get(task_path="chidao.reports.jobs.build_consolidated")
    assert job.args_kwargs["args"] == [document.pk]

    polled = client.get(location, headers=headers)
    assert polled.status_code == 200
    assert polled.json()["state"] == "pending"

    # the worker's turn, run here
    result = jobs.build_consolidated.call(document.pk)
    assert result["state"] == "done"
    document.refresh_from_db()
    assert document.state == "done" and document.progress == 100
    assert document.data_fingerprint and document.finished_at

    done = client.get(location, headers=headers)
    assert done.status_code == 200 and done["Content-Type"] == DOCX
    Document(io.BytesIO(b"".join(done.streaming_content)))

    # running the job again does not rebuild the file
    name = document.storage_name
    jobs.build_consolidated.call(document.pk)
    document.refresh_from_db()
    assert document.storage_name == name

    # same data: the done file is answered at once, no new document
    again = client.get(consolidated_url(data.period), headers=headers)
    assert again.status_code == 200
    assert ConsolidatedDocument.objects.count() == 1

    # a unit submits: the data changed, a new document is built
    Submission.objects.filter(unit=data.units[SCIENCE]).update(
        state=Submission.State.SUBMITTED, submitted_at=r.at(dt.date(2025, 9, 29))
    )
    with django_capture_on_commit_callbacks(execute=False):
        changed = client.get(consolidated_url(data.period), headers=headers)
    assert changed.status_code == 202
    assert ConsolidatedDocument.objects.count() == 2


def test_a_pending_document_is_reused_not_duplicated(
    client, data, personas, settings, django_capture_on_commit_callbacks
):
    settings.CHIDAO_CONSOLIDATED_SYNC_MAX_UNITS = 2
    headers = bearer(personas.leader)
    with django_capture_on_commit_callbacks(execute=False):
        first = client.get(consolidated_url(data.period), headers=headers)
        second = client.get(consolidated_url(data.period), headers=headers)
    assert first.status_code == second.status_code == 202
    assert first["Location"] == second["Location"]
    assert ConsolidatedDocument.objects.count() == 1


def test_each_file_handed_out_is_in_the_change_log(client, data, personas, manager):
    client.get(consolidated_url(data.period), headers=bearer(personas.leader))
    client.get(consolidated_url(data.period), headers=bearer(manager))  # the same file, reused
    document = ConsolidatedDocument.objects.get()
    client.get(f"/api/v1/reports/consolidated/{document.pk}", headers=bearer(manager))

    rows = ChangeLog.objects.filter(
        target_type="reports.consolidateddocument", target_id=str(document.pk), action="download"
    ).order_by("id")
    assert [row.actor for row in rows] == [personas.leader, manager, manager]
    assert rows[0].after["file"] == "bao-cao-tong-hop-quy-iii-2025.docx"
    assert rows[0].after["period"] == data.period.pk


@pytest.mark.parametrize(
    "origin",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Referer": "https://elsewhere.example/page"},
        {"Origin": "null"},
    ],
)
def test_another_sites_link_builds_and_records_nothing(client, data, personas, origin):
    client.force_login(personas.leader)  # the session cookie a cross-site link carries
    before = ChangeLog.objects.count()

    response = client.get(consolidated_url(data.period), headers=origin)

    assert response.status_code == 403
    assert "trang khác" in response.json()["detail"]
    assert not ConsolidatedDocument.objects.exists()
    assert ChangeLog.objects.count() == before


def test_our_own_pages_and_typed_addresses_get_the_file(client, data, personas):
    client.force_login(personas.leader)
    own = client.get(consolidated_url(data.period), headers={"Sec-Fetch-Site": "same-origin"})
    typed = client.get(consolidated_url(data.period), headers={"Sec-Fetch-Site": "none"})
    referred = client.get(consolidated_url(data.period), headers={"Referer": "http://testserver/"})
    assert own.status_code == typed.status_code == referred.status_code == 200


def test_another_sites_link_to_a_finished_file_records_nothing(client, data, personas):
    client.get(consolidated_url(data.period), headers=bearer(personas.leader))
    document = ConsolidatedDocument.objects.get()
    client.force_login(personas.leader)
    before = ChangeLog.objects.count()

    response = client.get(
        f"/api/v1/reports/consolidated/{document.pk}", headers={"Sec-Fetch-Site": "cross-site"}
    )

    assert response.status_code == 403
    assert ChangeLog.objects.count() == before


def test_polling_a_document_needs_the_same_rights(client, data, personas):
    response = client.get(consolidated_url(data.period), headers=bearer(personas.leader))
    assert response.status_code == 200
    document = ConsolidatedDocument.objects.get()
    url = f"/api/v1/reports/consolidated/{document.pk}"
    assert client.get(url, headers=bearer(personas.focal_a)).status_code == 404  # hidden
    assert client.get(url).status_code == 401
    missing = client.get("/api/v1/reports/consolidated/999999", headers=bearer(personas.leader))
    assert missing.status_code == 404


def test_a_failed_build_is_reported(client, data, personas, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr(jobs.documents, "consolidated_docx", broken)
    response = client.get(consolidated_url(data.period), headers=bearer(personas.leader))
    assert response.status_code == 503
    assert "hỏng" in response.json()["detail"]
    document = ConsolidatedDocument.objects.get()
    assert document.state == "failed"
    url = f"/api/v1/reports/consolidated/{document.pk}"
    polled = client.get(url, headers=bearer(personas.leader))
    assert polled.json()["state"] == "failed" and "hỏng" in polled.json()["error"]
    # the job may run it again once the cause is gone
    monkeypatch.undo()
    jobs.build_consolidated.call(document.pk)
    document.refresh_from_db()
    assert document.state == "done"


def test_a_document_left_running_by_a_dead_worker_is_built_again(data, settings, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from chidao.core import worker

    settings.CHIDAO_WORKER_LEASE = 10
    document = ConsolidatedDocument.objects.create(
        period=data.period, format="docx", state="running", progress=60
    )
    claimed_at = timezone.now() - dt.timedelta(seconds=11)
    ConsolidatedDocument.objects.filter(pk=document.pk).update(
        claimed_by="dead-worker", claimed_at=claimed_at
    )
    monkeypatch.setattr(worker, "_current_worker_id", "new-worker")

    jobs.build_consolidated.call(document.pk)

    document.refresh_from_db()
    assert document.state == "done" and document.progress == 100
    assert document.claimed_by == "new-worker"


def test_a_document_a_live_worker_is_building_is_not_taken_over(data, settings, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    from chidao.core import worker

    settings.CHIDAO_WORKER_LEASE = 10
    worker.beat("busy-worker", started_at=timezone.now())
    document = ConsolidatedDocument.objects.create(
        period=data.period, format="docx", state="running", progress=60
    )
    ConsolidatedDocument.objects.filter(pk=document.pk).update(
        claimed_by="busy-worker", claimed_at=timezone.now() - dt.timedelta(minutes=5)
    )
    monkeypatch.setattr(worker, "_current_worker_id", "other-worker")

    jobs.build_consolidated.call(document.pk)

    document.refresh_from_db()
    assert document.state == "running" and document.claimed_by == "busy-worker"
