"""Heartbeats and recovery of a dead worker's jobs (chidao.core.worker), in the database:
the kill -9 of a real worker is in test_worker_crash.py."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from chidao.core import worker
from chidao.core.models import WorkerHeartbeat
from chidao.jobs import urge
from chidao.urging.management.commands import run_worker

pytestmark = pytest.mark.django_db

LEASE = 10


@pytest.fixture(autouse=True)
def short_lease(settings):
    settings.CHIDAO_WORKER_LEASE = LEASE
    settings.CHIDAO_WORKER_MAX_ATTEMPTS = 3


def ago(seconds: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=seconds)


def heard_of(worker_id: str, seconds_ago: float) -> None:
    worker.beat(worker_id, started_at=ago(3600))
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=ago(seconds_ago))


def running_job(*worker_ids: str, started_seconds_ago: float = 3 * LEASE) -> DBTaskResult:
    result = urge.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", worker_ids=list(worker_ids), started_at=ago(started_seconds_ago)
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_job_of_a_worker_silent_for_two_leases_goes_back_in_the_queue():
    heard_of("dead", 2 * LEASE + 1)
    job = running_job("dead")
    assert worker.recover_abandoned_jobs() == {"requeued": [str(job.pk)], "failed": []}
    job.refresh_from_db()
    assert job.status == "READY" and job.started_at is None
    assert job.worker_ids == ["dead"]  # the attempt is remembered


def test_a_job_of_a_worker_silent_for_less_than_two_leases_is_left_running():
    heard_of("late", 2 * LEASE - 2)
    job = running_job("late")
    assert worker.recover_abandoned_jobs() == {"requeued": [], "failed": []}
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_a_job_of_a_live_worker_is_left_running_however_long_it_runs():
    heard_of("alive", 1)
    job = running_job("alive", started_seconds_ago=3600)
    worker.recover_abandoned_jobs()
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_a_job_just_claimed_by_a_worker_without_heartbeat_is_left_running():
    job = running_job("plain-db-worker", started_seconds_ago=1)
    worker.recover_abandoned_jobs()
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_a_job_that_killed_its_worker_three_times_is_failed_not_retried():
    heard_of("third", 3 * LEASE)
    job = running_job("first", "second", "third")
    assert worker.recover_abandoned_jobs() == {"requeued": [], "failed": [str(job.pk)]}
    job.refresh_from_db()
    assert job.status == "FAILED"
    assert job.exception_class_path == worker.LOST_EXCEPTION
    assert "third" in job.traceback


def test_this_process_never_recovers_its_own_job(monkeypatch):
    monkeypatch.setattr(worker, "_current_worker_id", "me")
    job = running_job("me")  # no heartbeat row at all: the heartbeat thread was stalled
    worker.recover_abandoned_jobs()
    job.refresh_from_db()
    assert job.status == "RUNNING"


def test_beat_keeps_one_row_per_worker_with_its_time():
    worker.beat("w1", started_at=ago(60))
    worker.beat("w1", started_at=ago(60))
    row = WorkerHeartbeat.objects.get()
    assert row.worker_id == "w1" and row.seen_at > ago(5)
    assert worker.alive_worker_ids() == {"w1"}


def test_dead_workers_are_forgotten_after_a_day():
    heard_of("old", 2 * 86400)
    heard_of("recent", 3600)
    assert worker.forget_dead_workers() == 1
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["recent"]


def test_the_urging_schedule_does_not_wait_behind_a_dead_job():
    heard_of("dead", 2 * LEASE + 1)
    running_job("dead")
    assert run_worker.urge_is_queued() is True  # until recovered…
    worker.recover_abandoned_jobs()
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # …which runs it again


def test_a_new_worker_id_is_unique_and_fits_the_column():
    ids = {worker.new_worker_id() for _ in range(50)}
    assert len(ids) == 50
    assert max(len(i) for i in ids) <= 64
