"""kill -9 of the worker in the middle of a job: the worker is started again by its supervisor
(scripts/worker.sh, what `make run` uses), the dead worker's job is taken up once the lease
has passed, and the work completes — a consolidated PDF is built, every reminder goes out
exactly once.

Real processes on a checkout after `make setup` (chidao/core/tests/checkout.py), with a lease
of LEASE seconds instead of the default 120 so that the test takes seconds.
"""

import asyncio
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from chidao.core.tests.checkout import ROOT, Checkout, copy_checkout, free_port, sqlite_pass_only

pytestmark = sqlite_pass_only

LEASE = 3
# What the issue asks for: work resumes within 5 minutes of the crash.
RECOVERY_WINDOW = 300


def wait_for(what: str, condition, timeout: float = 180, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(every)


class SupervisedWorker:
    """scripts/worker.sh with its environment; stopped (the whole process group) at the end."""

    def __init__(self, checkout: Checkout, **env: str):
        self.checkout = checkout
        self.env = checkout.env | {
            "CHIDAO_WORKER_LEASE": str(LEASE),
            "CHIDAO_URGE_INTERVAL": "3600",
            **env,
        }
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("bash"), "scripts/worker.sh", "--exit-with", str(os.getpid())],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc):
        self.process.terminate()  # worker.sh stops its worker, which stops gracefully
        try:
            self.process.wait(timeout=60)
        finally:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # whatever is left (LibreOffice)
            except ProcessLookupError:
                pass

    def live_worker(self, other_than: int | None = None) -> tuple[str, int]:
        """(worker id, pid) of the worker that beat last, waiting for one (not `other_than`)."""

        def latest():
            rows = self.checkout.query(
                "SELECT worker_id, pid FROM core_workerheartbeat ORDER BY seen_at DESC LIMIT 1"
            )
            if rows and rows[0][1] != other_than and _pid_alive(rows[0][1]):
                return rows[0]
            return None

        return wait_for("a live worker", latest, timeout=120)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _job(checkout: Checkout, task_path: str, first_arg=None) -> tuple:
    """(status, worker ids) of the latest job of `task_path` (whose first argument is
    `first_arg`, when given)."""
    rows = checkout.query(
        "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE task_path = ? "
        "AND (? IS NULL OR json_extract(args_kwargs, '$.args[0]') = ?) "
        "ORDER BY enqueued_at DESC LIMIT 1",
        (task_path, first_arg, first_arg),
    )
    return (rows[0][0], json.loads(rows[0][1])) if rows else (None, [])


def _jobs_of(checkout: Checkout, worker_id: str) -> list[tuple[str, list[str], str]]:
    """(status, worker ids, task path) of the jobs `worker_id` ever claimed."""
    rows = checkout.query(
        "SELECT status, worker_ids, task_path FROM django_tasks_database_dbtaskresult"
    )
    return [(status, json.loads(ids), path) for status, ids, path in rows if worker_id in ids]


# ---- consolidated document -----------------------------------------------------------------


REQUEST_PDF = """
from chidao.core.policy import SystemActor
from chidao.reports.jobs import request_consolidated
from chidao.reports.models import ReportPeriod
period = ReportPeriod.objects.order_by("id").first()
period.consolidated_documents.all().delete()  # built afresh, not reused
document = request_consolidated(
    actor=SystemActor("kiểm thử"), period=period, format="pdf", background=True
)
print(document.pk)
"""


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.fixture(scope="module")
def crash_checkout(demo_setup, tmp_path_factory):
    """A checkout of its own, copied from the demo as `make setup` left it: workers are
    killed and restarted on its database, which no other test's server, worker or restore
    may touch meanwhile (the shared demo checkout was seen corrupted under the whole suite)."""
    return copy_checkout(demo_setup, tmp_path_factory.mktemp("crash"))


def test_a_consolidated_pdf_killed_mid_build_is_built_by_the_restarted_worker(crash_checkout):
    checkout = crash_checkout
    with SupervisedWorker(checkout) as supervised:
        first_id, first_pid = supervised.live_worker()
        document_id = int(checkout.python(REQUEST_PDF).strip().splitlines()[-1])

        def building():
            rows = checkout.query(
                "SELECT state, claimed_by FROM reports_consolidateddocument WHERE id = ?",
                (document_id,),
            )
            return rows[0][0] == "running" and rows[0][1] == first_id

        wait_for("the build to start", building, every=0.02)
        os.kill(first_pid, signal.SIGKILL)
        killed_at = time.monotonic()

        second_id, _ = supervised.live_worker(other_than=first_pid)

        def done():
            rows = checkout.query(
                "SELECT state, storage_name, claimed_by FROM reports_consolidateddocument "
                "WHERE id = ?",
                (document_id,),
            )
            return rows[0] if rows[0][0] in ("done", "failed") else None

        state, storage_name, claimed_by = wait_for("the document", done, RECOVERY_WINDOW)
        recovered_in = time.monotonic() - killed_at

    assert state == "done"
    assert claimed_by == second_id != first_id
    stored = list((checkout.var_dir / "uploads").rglob(storage_name.rsplit("/", 1)[-1]))
    content = stored[0].read_bytes()
    assert content.startswith(b"%PDF")
    status, worker_ids = _job(checkout, "chidao.reports.jobs.build_consolidated", document_id)
    assert status == "SUCCESSFUL"
    assert worker_ids == [first_id, second_id]  # run twice: by the dead worker, then again
    assert recovered_in < RECOVERY_WINDOW
    print(f"consolidated PDF rebuilt {recovered_in:.1f} s after kill -9 (lease {LEASE} s)")


# ---- urging --------------------------------------------------------------------------------


class HoldingSMTP:
    """Accepts mail like test_smtp.Collector, but holds the sender at MAIL FROM of message
    number `hold_at` (0-based) until released: a sender killed there has delivered exactly the
    messages before it."""

    def __init__(self, hold_at: int):
        self.hold_at = hold_at
        self.mails = 0
        self.messages: list[dict] = []
        self.holding = threading.Event()
        self.released = threading.Event()
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        with self.lock:
            number = self.mails
            self.mails += 1
        if number == self.hold_at:
            self.holding.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append({"to": envelope.rcpt_tos, "message_id": message["Message-ID"]})
        return "250 Message accepted for delivery"


DUE_TODAY = """
import datetime as dt
import secrets
from django.utils import timezone
from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.tasks.tests.factories import JUSTICE, TaskFactory
today = timezone.localdate()
unit = unit_named(JUSTICE)
run = secrets.token_hex(3)
for n in range(3):
    UserFactory(
        username=f"daumoi_kiemthu_{run}_{n}", role=Role.FOCAL, unit=unit,
        email=f"daumoi{n}@kiemthu.example",
    )
tasks = [
    TaskFactory(
        title=f"Nhiệm vụ kiểm thử đôn đốc {run} {n}", lead_unit=unit,
        assigned_on=today - dt.timedelta(days=30), deadline=today,
    ).pk
    for n in range(4)
]
print(",".join(map(str, tasks)))
"""


def test_urging_killed_mid_send_sends_every_reminder_exactly_once(crash_checkout):
    checkout = crash_checkout
    task_ids = checkout.python(DUE_TODAY).strip().splitlines()[-1]
    # the tasks' reminders in the outbox; integers printed by our own snippet
    in_tasks = f"kind = 'task.reminder' AND subject_id IN ({task_ids})"
    smtp = HoldingSMTP(hold_at=3)
    port = free_port()
    controller = Controller(smtp, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with SupervisedWorker(
            checkout, CHIDAO_EMAIL_HOST="127.0.0.1", CHIDAO_EMAIL_PORT=str(port)
        ) as supervised:
            first_id, first_pid = supervised.live_worker()
            assert smtp.holding.wait(timeout=180), "urging never reached the fourth e-mail"
            os.kill(first_pid, signal.SIGKILL)
            killed_at = time.monotonic()
            delivered_before_kill = len(smtp.messages)
            smtp.released.set()  # the dead sender's session: it never sends DATA

            supervised.live_worker(other_than=first_pid)

            def all_sent():
                rows = checkout.query(
                    f"SELECT state, COUNT(*) FROM notifications_outboxmessage WHERE {in_tasks} "  # noqa: S608
                    "GROUP BY state"
                )
                return dict(rows) if set(dict(rows)) == {"sent"} else None

            wait_for("every reminder sent", all_sent, RECOVERY_WINDOW)
            recovered_in = time.monotonic() - killed_at
            wait_for(
                "the dead worker's job to be run again",
                lambda: all(
                    status != "RUNNING" and ids[-1] != first_id
                    for status, ids, _path in _jobs_of(checkout, first_id)
                ),
                RECOVERY_WINDOW,
            )
    finally:
        controller.stop()

    emails = checkout.query(
        f"SELECT id, address FROM notifications_outboxmessage WHERE {in_tasks} "  # noqa: S608
        "AND channel = 'email'"
    )
    in_app = checkout.query(
        f"SELECT COUNT(*) FROM notifications_outboxmessage WHERE {in_tasks} "  # noqa: S608
        "AND channel = 'in_app'"
    )[0][0]
    notifications = checkout.query(
        "SELECT COUNT(*) FROM notifications_notification n "  # noqa: S608
        "JOIN notifications_outboxmessage m ON n.message_id = m.id "
        f"WHERE m.{in_tasks.replace(' AND ', ' AND m.')}"
    )[0][0]
    # Each e-mail's Message-ID names its outbox row: <chidao.outbox.PK.STAMP@host>
    received = [int(m["message_id"].split(".")[2]) for m in smtp.messages]
    ours = sorted(pk for pk in received if pk in {pk for pk, _ in emails})
    assert delivered_before_kill == 3
    assert len(emails) >= 4 * 3  # four tasks due today, three new focal persons (and the demo's)
    assert ours == sorted(pk for pk, _ in emails), "a reminder was lost or sent twice"
    assert len(received) == len(set(received)), "an e-mail went out twice"
    assert notifications == in_app
    # the job the dead worker was running (urging, or the sending of notifications) was run
    # again, to the end, by the restarted one
    taken_up = _jobs_of(checkout, first_id)
    assert taken_up and all(
        status == "SUCCESSFUL" and len(ids) == 2 and ids[-1] != first_id
        for status, ids, _path in taken_up
    ), taken_up
    assert recovered_in < RECOVERY_WINDOW
    print(f"urging resumed and finished {recovered_in:.1f} s after kill -9 (lease {LEASE} s)")
