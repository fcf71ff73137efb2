"""Background work that survives a dead worker: heartbeats, and jobs taken up again.

The background jobs are django-tasks rows (django_tasks_db.DBTaskResult) that a worker claims
by setting them RUNNING and appending its id to `worker_ids`. Should that worker die (kill -9,
out of memory, a reboot), the row would stay RUNNING for good. So:

- every `chidao run-worker` process writes a heartbeat (core.WorkerHeartbeat) every quarter of
  the lease, CHIDAO_WORKER_LEASE seconds (90 by default);
- what a job claims in its own tables (reminders "sending", a document "running") is
  reclaimable by anyone once a lease has passed since the claim and its worker is no longer
  heard of (`lease()`, `abandoned_claim()`);
- every worker, on each tick, looks for RUNNING jobs whose worker has not been heard of for
  two leases, and puts them back in the queue (READY) with a conditional UPDATE, so two
  workers recovering at once requeue a job once. Two leases, so that when the job runs again
  everything its dead worker claimed is already reclaimable. A job that has already been tried
  CHIDAO_WORKER_MAX_ATTEMPTS times (3) is marked failed instead: a job that kills its worker
  must not kill every worker in turn.

With the default lease of 90 s a dead worker's job runs again about three minutes after the
crash. Jobs are therefore run at least once; each is written to be safe to run again (urging
sends each reminder once, a consolidated document is claimed by a conditional update, see
chidao.reports.jobs). A plain `chidao db_worker` writes no heartbeat: its jobs would be taken
for abandoned after two leases, so run `chidao run-worker`.
"""

import datetime as dt
import logging
import os
import secrets
import socket

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus

from chidao.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

LOST_EXCEPTION = "chidao.core.worker.WorkerLost"
# Heartbeat rows of workers gone for this long are deleted.
FORGET_AFTER = dt.timedelta(days=1)

_current_worker_id = ""


class WorkerLost(RuntimeError):
    """The worker running a job died before the job finished."""


def lease() -> dt.timedelta:
    """How long a worker may stay silent before it counts as dead."""
    return dt.timedelta(seconds=settings.CHIDAO_WORKER_LEASE)


def max_attempts() -> int:
    return settings.CHIDAO_WORKER_MAX_ATTEMPTS


def new_worker_id() -> str:
    """Unique across hosts and restarts, readable in logs: host-pid-random (≤ 64 chars)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(4)}"


def current_worker_id() -> str:
    """The id of the worker this process runs, "" in a web server or a command."""
    return _current_worker_id


def set_current_worker_id(worker_id: str) -> None:
    global _current_worker_id
    _current_worker_id = worker_id


def beat(worker_id: str, *, started_at: dt.datetime) -> None:
    """Record that this worker is alive now."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def alive_worker_ids(
    now: dt.datetime | None = None, *, silence: dt.timedelta | None = None
) -> set[str]:
    """The workers heard of within `silence` (a lease by default), and this process's own."""
    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=now - (silence or lease())).values_list(
            "worker_id", flat=True
        )
    )
    if _current_worker_id:
        alive.add(_current_worker_id)
    return alive


def abandoned_claim(*, now: dt.datetime | None = None) -> Q:
    """Rows claimed by a worker that is no longer alive, for a model that stamps its claims
    with the worker's id (`claimed_by`) and the time (`claimed_at`). Claims made outside a
    worker (claimed_by "") are never matched here."""
    now = now or timezone.now()
    return (
        ~Q(claimed_by="")
        & ~Q(claimed_by__in=alive_worker_ids(now))
        & Q(claimed_at__lt=now - lease())
    )


def recover_abandoned_jobs(*, now: dt.datetime | None = None) -> dict[str, list[str]]:
    """Put back in the queue the RUNNING jobs of dead workers (or fail those tried too often).

    Returns {"requeued": [job ids], "failed": [job ids]}.
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    silence = 2 * lease()
    alive = alive_worker_ids(now, silence=silence)
    outcome: dict[str, list[str]] = {"requeued": [], "failed": []}
    running = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - silence
    ).values_list("id", "worker_ids", "started_at", "task_path")
    for job_id, worker_ids, started_at, task_path in running:
        owner = worker_ids[-1] if worker_ids else ""
        if owner in alive:
            continue
        # Conditional on the claim we read: a job another worker recovered (or the owner
        # finished) in between is left alone.
        same_claim = DBTaskResult.objects.filter(
            pk=job_id, status=TaskResultStatus.RUNNING, started_at=started_at
        )
        if len(worker_ids) >= max_attempts():
            changed = same_claim.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=LOST_EXCEPTION,
                traceback=(
                    f"{LOST_EXCEPTION}: the worker {owner or '?'} died while running this job, "
                    f"after {len(worker_ids)} attempts; not tried again.\n"
                ),
            )
            key = "failed"
        else:
            changed = same_claim.update(status=TaskResultStatus.READY, started_at=None)
            key = "requeued"
        if changed:
            outcome[key].append(str(job_id))
            logger.warning(
                "Job %s (%s) of dead worker %s: %s.", job_id, task_path, owner or "?", key
            )
    return outcome


def forget_dead_workers(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()
    return deleted
