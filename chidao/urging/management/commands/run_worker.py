"""`chidao run-worker`: the background worker `make run` starts next to the web server.

Two things in one process, kept deliberately simple:
- a scheduler thread that enqueues the `urge` job at start and then every
  CHIDAO_URGE_INTERVAL seconds (default 3600), unless one is already waiting or running;
- the django-tasks database worker (`db_worker`) in the main thread, which runs the queued
  jobs (and any other job of the default queue).

Enqueuing twice is harmless: `urge` is idempotent (each reminder goes out once). With
--exit-with-parent the worker stops when the process that started it goes away (scripts/serve.sh
uses it as a second guard beside its trap).
"""

import datetime as dt
import logging
import os
import signal
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks import TaskResultStatus

from chidao.urging.tasks import urge

logger = logging.getLogger(__name__)

TICK_SECONDS = 5
# A job "running" for longer than this was left by a worker that died: enqueue anyway.
RUNNING_TOO_LONG = dt.timedelta(hours=1)


def urge_interval() -> int:
    return max(int(os.environ.get("CHIDAO_URGE_INTERVAL", "3600")), 10)


def urge_is_queued() -> bool:
    from django_tasks_db.models import DBTaskResult

    jobs = DBTaskResult.objects.filter(task_path=urge.module_path)
    return (
        jobs.filter(status=TaskResultStatus.READY).exists()
        or jobs.filter(
            status=TaskResultStatus.RUNNING,
            started_at__gte=timezone.now() - RUNNING_TOO_LONG,
        ).exists()
    )


def enqueue_urge_if_idle() -> bool:
    close_old_connections()
    try:
        if urge_is_queued():
            return False
        urge.enqueue()
        return True
    finally:
        connection.close()  # this thread's connection; the worker keeps its own


class Scheduler(threading.Thread):
    def __init__(self, interval: int, parent_pid: int | None):
        super().__init__(name="urge-scheduler", daemon=True)
        self.interval = interval
        self.parent_pid = parent_pid
        self.stopped = threading.Event()

    def run(self):
        next_run = 0.0
        elapsed = 0.0
        while not self.stopped.is_set():
            if self.parent_pid is not None and os.getppid() != self.parent_pid:
                logger.warning("The server is gone; stopping the worker.")
                os.kill(os.getpid(), signal.SIGTERM)  # db_worker shuts down gracefully
                return
            if elapsed >= next_run:
                try:
                    if enqueue_urge_if_idle():
                        logger.info("Enqueued the urging job.")
                except Exception:
                    logger.exception("Could not enqueue the urging job; retrying later.")
                next_run = elapsed + self.interval
            self.stopped.wait(TICK_SECONDS)
            elapsed += TICK_SECONDS


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

    def handle(self, *args, interval=None, exit_with_parent=False, **options):
        interval = interval or urge_interval()
        scheduler = Scheduler(interval, os.getppid() if exit_with_parent else None)
        scheduler.start()
        self.stdout.write(f"Worker đôn đốc: mỗi {interval} giây.")
        try:
            call_command("db_worker", reload=False, verbosity=options.get("verbosity", 1))
        finally:
            scheduler.stopped.set()
