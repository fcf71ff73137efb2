"""`chidao run-worker`: the background worker `make run` starts next to the web server.

Two things in one process, kept deliberately simple:
- a scheduler thread that, every tick, writes this worker's heartbeat, puts back in the queue
  the jobs of workers not heard of for a lease (chidao.core.worker), and enqueues the daily
  `urge` job (CHIDAO_DAILY_JOB, chidao/jobs.py) at start and then every CHIDAO_URGE_INTERVAL
  seconds (default 3600), unless one is already waiting or running;
- the django-tasks database worker (`db_worker`) in the main thread, under this worker's id,
  which runs the queued jobs (and any other job of the default queue).

Enqueuing twice is harmless: `urge` is idempotent (each reminder goes out once). Something else
restarts this process when it dies: scripts/worker.sh under `make run`, systemd in production
(docs/deployment.md). With --exit-with-parent (or --exit-with PID) the worker stops when the
process that started it (or PID) goes away.
"""

import logging
import os
import signal
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus

from chidao.core import worker

logger = logging.getLogger(__name__)


def daily_job():
    """The scheduled job, named by CHIDAO_DAILY_JOB (chidao.jobs.urge: the project-level
    orchestration, which this app may not import)."""
    return import_string(settings.CHIDAO_DAILY_JOB)


def urge_interval() -> int:
    return max(int(os.environ.get("CHIDAO_URGE_INTERVAL", "3600")), 10)


def tick_seconds() -> float:
    """Often enough to beat four times per lease; at most every 5 s."""
    return min(5.0, max(worker.lease().total_seconds() / 4, 0.25))


def urge_is_queued() -> bool:
    """An urge job waits or runs. Jobs of dead workers were put back as waiting by
    `worker.recover_abandoned_jobs` before this is asked, so a RUNNING one is alive."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=daily_job().module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).exists()


def enqueue_urge_if_idle() -> bool:
    close_old_connections()
    try:
        if urge_is_queued():
            return False
        daily_job().enqueue()
        return True
    finally:
        connection.close()  # this thread's connection; the worker keeps its own


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Scheduler(threading.Thread):
    """Heartbeat, recovery of dead workers' jobs, and the urging schedule."""

    def __init__(
        self,
        interval: int,
        worker_id: str,
        parent_pid: int | None,
        watched_pids: list[int] | None = None,
    ):
        super().__init__(name="urge-scheduler", daemon=True)
        self.interval = interval
        self.worker_id = worker_id
        self.parent_pid = parent_pid
        self.watched_pids = watched_pids or []
        self.started_at = timezone.now()
        self.stopped = threading.Event()
        self.ready = threading.Event()  # set after the first heartbeat

    def orphaned(self) -> bool:
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            return True
        return any(not _pid_alive(pid) for pid in self.watched_pids)

    def housekeeping(self) -> None:
        close_old_connections()
        try:
            worker.beat(self.worker_id, started_at=self.started_at)
            self.ready.set()
            worker.recover_abandoned_jobs()
        except Exception:
            logger.exception("Heartbeat or recovery failed; retrying at the next tick.")
        finally:
            connection.close()  # this thread's connection; the worker keeps its own

    def run(self):
        tick = tick_seconds()
        next_urge = time.monotonic()
        next_forget = time.monotonic()
        while not self.stopped.is_set():
            if self.orphaned():
                logger.warning("The server is gone; stopping the worker.")
                os.kill(os.getpid(), signal.SIGTERM)  # db_worker shuts down gracefully
                return
            self.housekeeping()
            now = time.monotonic()
            if now >= next_urge:
                try:
                    if enqueue_urge_if_idle():
                        logger.info("Enqueued the urging job.")
                except Exception:
                    logger.exception("Could not enqueue the urging job; retrying later.")
                next_urge = now + self.interval
            if now >= next_forget:
                try:
                    worker.forget_dead_workers()
                except Exception:
                    logger.exception("Could not forget dead workers.")
                finally:
                    connection.close()
                next_forget = now + 3600
            self.stopped.wait(tick)


class Command(BaseCommand):
    help = "Chạy worker nền: đưa việc đôn đốc vào hàng đợi định kỳ và thực hiện các việc nền."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=int,
            default=None,
            help="Số giây giữa hai lần đôn đốc (mặc định CHIDAO_URGE_INTERVAL hoặc 3600).",
        )
        parser.add_argument(
            "--exit-with-parent",
            action="store_true",
            help="Dừng khi tiến trình cha (máy chủ web) kết thúc.",
        )
        parser.add_argument(
            "--exit-with",
            type=int,
            action="append",
            default=[],
            metavar="PID",
            help="Dừng khi tiến trình PID kết thúc (có thể ghi nhiều lần).",
        )

    def handle(self, *args, interval=None, exit_with_parent=False, exit_with=(), **options):
        interval = interval or urge_interval()
        worker_id = worker.new_worker_id()
        worker.set_current_worker_id(worker_id)
        scheduler = Scheduler(
            interval, worker_id, os.getppid() if exit_with_parent else None, list(exit_with)
        )
        scheduler.start()
        scheduler.ready.wait(timeout=30)  # heartbeat first: our jobs must not look abandoned
        self.stdout.write(
            f"Worker {worker_id} (tiến trình {os.getpid()}): đôn đốc mỗi {interval} giây, "
            f"hạn báo sống {int(worker.lease().total_seconds())} giây."
        )
        try:
            call_command(
                "db_worker",
                reload=False,
                worker_id=worker_id,
                startup_delay=False,
                verbosity=options.get("verbosity", 1),
            )
        finally:
            scheduler.stopped.set()
