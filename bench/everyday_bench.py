"""Everyday paths against their baselines, on a `chidao synth` workload in PostgreSQL.

    .venv/bin/python bench/everyday_bench.py --scale 100k

Builds (once) the workload of the scale in the database chidao_bench_<scale> through
`chidao synth --provinces P --units U --tasks N --events E`, then prints, each as ours ÷
baseline (medians of interleaved runs) with the machine's load:

1. a unit's 25-row task list through the API (`GET /api/v1/tasks?unit=X&limit=25`, a focal
   person's token) ÷ the index-backed hand SQL giving the same 25 rows and names; the plan of
   the list's query is checked to use indexes;
2. open overdue tasks per unit through the counts endpoint (`GET /api/v1/tasks/counts`)
   ÷ the raw SQL of the same counts (checked equal);
3. the dashboard counts (counts by lead unit over every task, as the task dashboard) ÷ the
   expert SQL (COUNT(*) FILTER … GROUP BY lead_unit_id over the covering index);
4. the leaders' dashboard page (`/reports/dashboard/`), first load and with its closed
   cut-offs kept (goal ≤ 300 ms at 100k);
5. list throughput: 16 clients on 2 gunicorn workers, the unit list ÷ the framework floor
   (an unauthenticated 401), requests/s, p50/p99 and errors;
6. reminder planning ÷ one hand-written SQL pass finding the same reminders, and the sending
   rate (in-app reminders/s);
7. the consolidated statistics ÷ consolidation_bench.py's hand SQL;
8. at 100k, side by side with Redmine 5.0.4 (bench/redmine, set up when missing): the unit's
   list, creating a task, reporting progress, and the counts endpoint ÷ Redmine's a2, live;

and a table of every figure with its goal and load. See bench/README.md.
"""

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics as stats
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = "postgres://postgres@127.0.0.1:5432"
SCALES = {
    "10k": {"provinces": 4, "units": 100, "tasks": 10_000, "events": 50_000},
    # the shape of the Redmine peer run: 300 units, 100k tasks
    "100k": {"provinces": 10, "units": 300, "tasks": 100_000, "events": 500_000},
    "1m": {"provinces": 34, "units": 5_000, "tasks": 1_000_000, "events": 5_000_000},
}
REDMINE_OVERDUE_PER_UNIT_S = 17.8  # a2 at P=300/N=100000, ../shared/bench/redmine/README.md
SYNTH_SOURCE = "synthetic:workload"


# ---- set-up -------------------------------------------------------------------------------


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f}"


def ensure_database(server: str, name: str) -> bool:
    import psycopg

    if not name.startswith("chidao_bench"):
        raise SystemExit(f"refusing to use {name!r}: bench databases are named chidao_bench_*")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def chidao(args: list[str], env: dict) -> None:
    command = [sys.executable, "-m", "chidao.cli", *args]
    subprocess.run(command, env=env, cwd=ROOT, check=True)  # noqa: S603 (our own command)


def workload_params() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM documents_source WHERE key = %s", [SYNTH_SOURCE])
        row = cursor.fetchone()
    try:
        return json.loads(row[0]) if row else None
    except ValueError:
        return None


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def interleaved(ours, baseline, runs: int, tidy=None) -> dict:
    """`tidy`, when given, runs untimed after each of ours (e.g. a VACUUM of what it wrote)."""
    ours(), baseline()  # warm-up, untimed
    tidy and tidy()
    mine, theirs = [], []
    before = load()
    for _ in range(runs):
        mine.append(timed(ours)[0])
        tidy and tidy()
        theirs.append(timed(baseline)[0])
    ours_s, base_s = stats.median(mine), stats.median(theirs)
    return {"ours_ms": ours_s * 1000, "baseline_ms": base_s * 1000, "ratio": ours_s / base_s,
            "load": f"{before} → {load()}"}  # fmt: skip


def show(label: str, result: dict) -> None:
    print(
        f"{label}: ours {result['ours_ms']:.2f} ms, baseline {result['baseline_ms']:.2f} ms, "
        f"ratio {result['ratio']:.2f} ({result['load']})",
        flush=True,
    )


# ---- who asks -----------------------------------------------------------------------------


def bench_user(username: str, role: str, unit_id=None):
    from chidao.accounts.models import User

    user, _ = User.objects.get_or_create(
        username=username, defaults={"role": role, "unit_id": unit_id, "is_active": True}
    )
    return user


def bearer(user) -> str:
    from chidao.accounts.tokens import token_create
    from chidao.core.policy import SystemActor

    return f"Bearer {token_create(actor=SystemActor('bench'), user=user, days=0)}"


def median_unit() -> int:
    """The unit with the median number of led tasks (the Redmine run's middle project)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lead_unit_id FROM tasks_task GROUP BY 1 ORDER BY count(*), 1 "
            "OFFSET (SELECT count(DISTINCT lead_unit_id) / 2 FROM tasks_task) LIMIT 1"
        )
        return cursor.fetchone()[0]


# ---- 1. the unit's list -------------------------------------------------------------------

LIST_SQL = """
SELECT t.id, t.title, t.deadline, t.percent, t.completed_on, t.cancelled_on,
    t.last_progress_on, u.name, c.name, d.name
FROM tasks_task t
JOIN units_unit u ON u.id = t.lead_unit_id
JOIN committees_committee c ON c.id = t.committee_id
JOIN tasks_domain d ON d.id = t.domain_id
WHERE t.id IN (SELECT id FROM tasks_task WHERE lead_unit_id = %(unit)s
               UNION ALL
               SELECT task_id FROM tasks_taskcoordination WHERE unit_id = %(unit)s)
ORDER BY t.deadline, t.id
LIMIT 25
"""
COORDINATION_SQL = """
SELECT task_id, unit_id, unit_name FROM tasks_taskcoordination WHERE task_id = ANY(%(ids)s)
"""


def unit_list(client, unit: int, runs: int, count: bool) -> dict:
    from django.db import connection

    path = f"/api/v1/tasks?unit={unit}&limit=25" + ("" if count else "&count=false")

    def ours():
        response = client.get(path)
        assert response.status_code == 200, response.content[:300]
        return [row["id"] for row in response.json()]

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(LIST_SQL, {"unit": unit})
            rows = cursor.fetchall()
            cursor.execute(COORDINATION_SQL, {"ids": [r[0] for r in rows]})
            cursor.fetchall()
        return [r[0] for r in rows]

    if ours() != baseline():
        raise SystemExit("the API and the hand SQL list different tasks")
    result = interleaved(ours, baseline, runs)
    from chidao.core.policy import SYSTEM
    from chidao.tasks.selectors import tasks_for

    plan = tasks_for(SYSTEM, unit=unit)[:25].explain()
    result["plan_scans_every_task"] = "Seq Scan on tasks_task " in plan
    result["plan_uses_unit_indexes"] = f"Index Cond: (lead_unit_id = {unit})" in plan
    return result


# ---- 2. counts per unit -------------------------------------------------------------------

COUNTS_SQL = """
SELECT lead_unit_id,
    count(*) FILTER (WHERE completed_on IS NULL AND deadline < %(today)s) AS overdue
FROM tasks_task
WHERE cancelled_on IS NULL AND assigned_on <= %(today)s
GROUP BY 1
"""
COORDINATING_SQL = """
SELECT k.unit_id,
    count(*) FILTER (WHERE t.completed_on IS NULL AND t.deadline < %(today)s) AS overdue
FROM tasks_taskcoordination k JOIN tasks_task t ON t.id = k.task_id
WHERE t.cancelled_on IS NULL AND t.assigned_on <= %(today)s
GROUP BY 1
"""


def counts(client, today: dt.date, runs: int) -> dict:
    from django.db import connection

    def ours():
        response = client.get(f"/api/v1/tasks/counts?by=unit&as_of={today.isoformat()}")
        assert response.status_code == 200, response.content[:300]
        return {
            row["unit"]["id"]: (row["overdue"], row["coordinating"]["overdue"])
            for row in response.json()
        }

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(COUNTS_SQL, {"today": today})
            led = dict(cursor.fetchall())
            cursor.execute(COORDINATING_SQL, {"today": today})
            coordinated = dict(cursor.fetchall())
        return {u: (led.get(u, 0), coordinated.get(u, 0)) for u in led.keys() | coordinated}

    if ours() != baseline():
        raise SystemExit("the counts endpoint and the raw SQL differ")
    result = interleaved(ours, baseline, runs)
    result["vs_redmine"] = result["ours_ms"] / 1000 / REDMINE_OVERDUE_PER_UNIT_S
    return result


# ---- 3. dashboard counts ------------------------------------------------------------------

EXPERT_SQL = """
SELECT lead_unit_id,
    count(*) FILTER (WHERE cancelled_on IS NOT NULL) AS cancelled,
    count(*) FILTER (WHERE cancelled_on IS NULL AND completed_on <= deadline) AS done_on_time,
    count(*) FILTER (WHERE cancelled_on IS NULL AND completed_on > deadline) AS done_late,
    count(*) FILTER (WHERE cancelled_on IS NULL AND completed_on IS NULL
                     AND deadline < %(today)s) AS overdue,
    count(*) FILTER (WHERE cancelled_on IS NULL AND completed_on IS NULL
                     AND deadline BETWEEN %(today)s AND %(soon)s) AS due_soon,
    count(*) FILTER (WHERE cancelled_on IS NULL AND completed_on IS NULL AND deadline > %(soon)s
                     AND (last_progress_on IS NOT NULL OR percent > 0)) AS in_progress,
    count(*) FILTER (WHERE cancelled_on IS NULL AND completed_on IS NULL AND deadline > %(soon)s
                     AND last_progress_on IS NULL AND percent = 0) AS not_started
FROM tasks_task
GROUP BY lead_unit_id
"""
EXPERT_COLUMNS = ("cancelled", "done_on_time", "done_late", "overdue", "due_soon",
                  "in_progress", "not_started")  # fmt: skip


def dashboard_counts(leader, today: dt.date, runs: int) -> dict:
    from django.conf import settings
    from django.db import connection

    from chidao.tasks.selectors import counts_by_unit, status_totals, tasks_for

    def ours():
        units = counts_by_unit(tasks_for(leader, today=today))
        status_totals(units)
        return {row["id"]: dict(row["counts"]) for row in units}

    def baseline():
        soon = today + dt.timedelta(days=settings.CHIDAO_DUE_SOON_DAYS)
        with connection.cursor() as cursor:
            cursor.execute(EXPERT_SQL, {"today": today, "soon": soon})
            rows = cursor.fetchall()
        return {row[0]: dict(zip(EXPERT_COLUMNS, row[1:], strict=True)) for row in rows}

    if ours() != baseline():
        raise SystemExit("the dashboard counts and the expert SQL differ")
    return interleaved(ours, baseline, runs)


# ---- 4. leaders' dashboard ----------------------------------------------------------------


def leaders_dashboard(client, committee: int, runs: int) -> dict:
    from chidao.reports.models import CutoffTotals

    path = f"/reports/dashboard/?committee={committee}"
    CutoffTotals.objects.filter(committee_id=committee).delete()
    first, response = timed(client.get, path)
    assert response.status_code == 200, response.status_code
    times = [timed(client.get, path)[0] for _ in range(runs)]
    return {"first_ms": first * 1000, "kept_ms": stats.median(times) * 1000, "load": load()}


# ---- 5. throughput ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def hammer(port: int, paths: list[str], headers: dict, clients: int, seconds: float) -> dict:
    """`clients` threads, each one keep-alive connection, for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(seed: int):
        rng = random.Random(seed)  # noqa: S311 (which page to ask for)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            try:
                conn.request("GET", rng.choice(paths), headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status >= 500:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - start)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "requests_per_s": len(latencies) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else None,
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000 if latencies else None,
        "errors": errors[0],
        "requests": len(latencies),
    }


@contextlib.contextmanager
def served(env: dict, workers: int):
    """chidao under gunicorn (sync workers) on a free loopback port; its log goes to
    var/bench-gunicorn.log."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "chidao.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--log-level", "warning"]  # fmt: skip
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "bench-gunicorn.log", "ab")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(  # noqa: S603 (our own server)
        command, env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log
    )
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def throughput(port: int, token: str, units: list[int], args) -> dict:
    paths = [f"/api/v1/tasks?unit={u}&limit=25" for u in units]
    auth = {"Authorization": token}
    hammer(port, paths, auth, args.clients, 2)  # warm-up
    hammer(port, ["/api/v1/tasks"], {}, args.clients, 2)
    before = load()
    listed = hammer(port, paths, auth, args.clients, args.seconds)
    floor = hammer(port, ["/api/v1/tasks"], {}, args.clients, args.seconds)
    return {"list": listed, "floor": floor, "ratio": listed["requests_per_s"] /
            floor["requests_per_s"], "load": f"{before} → {load()}"}  # fmt: skip


# ---- 6. reminders: planning and sending ---------------------------------------------------

REMINDER_SQL = """
SELECT t.id, s.step, u.id
FROM tasks_task t
CROSS JOIN LATERAL (SELECT t.deadline - %(today)s::date AS days) d
CROSS JOIN LATERAL (
    SELECT CASE WHEN d.days > 0 THEN 'before-' || CASE WHEN d.days <= 1 THEN 1 ELSE 7 END
                WHEN d.days = 0 THEN 'due'
                ELSE 'overdue-' || ((-d.days) / 7 + 1) END || '@' || t.deadline AS step,
           'focal' AS role
    UNION ALL
    SELECT 'escalation@' || t.deadline, 'leader' WHERE d.days <= -%(escalate)s
) s
JOIN accounts_user u ON u.unit_id = t.lead_unit_id AND u.role = s.role AND u.is_active
JOIN committees_committee c ON c.id = t.committee_id
JOIN units_unit n ON n.id = t.lead_unit_id
WHERE t.completed_on IS NULL AND t.cancelled_on IS NULL AND t.deadline <= %(horizon)s
  AND NOT EXISTS (SELECT 1 FROM notifications_outboxmessage m
                  WHERE m.kind = 'task.reminder' AND m.subject_key = 'tasks.task:' || t.id
                    AND m.step = s.step AND m.recipient_id = u.id)
"""
REMINDER_COLUMNS = "t.title, t.deadline, t.percent, t.last_progress_on, c.name, n.name"


def reminder_people() -> int:
    """Two focal persons and a leader for every unit leading synthetic tasks (in-app only:
    no e-mail address), created once; returns how many such people there are."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from chidao.accounts.models import Role, User
    from chidao.tasks.models import Task

    units = set(
        Task.objects.filter(synthetic=True)
        .order_by()
        .values_list("lead_unit_id", flat=True)
        .distinct()
    )  # noqa: E501
    wanted = {f"bench-r{unit}-{n}": (unit, Role.LEADER if n == 2 else Role.FOCAL)
              for unit in units for n in range(3)}  # fmt: skip
    unusable = make_password(None)
    have = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=name, role=role, unit_id=unit, is_active=True, password=unusable)
         for name, (unit, role) in wanted.items() if name not in have],
        batch_size=2000,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_user")  # the plans must know these people are there
    return len(wanted)


def reminders(today: dt.date, runs: int, send: int) -> dict:
    from django.conf import settings
    from django.db import connection, transaction

    from chidao.notifications import steps
    from chidao.notifications.models import OutboxMessage
    from chidao.notifications.sender import send_pending
    from chidao.tasks.models import TaskEvent
    from chidao.urging.planner import KIND, plan_reminders

    if sorted(steps.before_days()) != [1, 7]:
        raise SystemExit("the reminder baseline assumes CHIDAO_REMIND_BEFORE_DAYS=7,1")
    people = reminder_people()
    params = {"today": today, "horizon": steps.horizon(today),
              "escalate": max(settings.CHIDAO_ESCALATE_AFTER_DAYS, 1)}  # fmt: skip
    sql = REMINDER_SQL.replace(
        "SELECT t.id, s.step, u.id", f"SELECT t.id, s.step, u.id, {REMINDER_COLUMNS}", 1
    )  # noqa: E501
    last_message = OutboxMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0

    # Ours is what the daily job runs: the due rows worded and written into the outbox by one
    # INSERT … SELECT, in a transaction rolled back after each run (the rows written, not
    # kept), against the hand SQL that only reads the same rows with the same columns.
    def ours(check=False):
        with transaction.atomic():
            queued = plan_reminders(today=today)
            found = None
            if check:
                found = set(OutboxMessage.objects.filter(id__gt=last_message, kind=KIND)
                            .values_list("subject_id", "step", "recipient_id"))  # fmt: skip
            transaction.set_rollback(True)
        return queued, found

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[:3] for row in cursor.fetchall()}

    def vacuum(table="notifications_outboxmessage"):
        # The rows a rolled-back run wrote stay in the outbox's indexes until a VACUUM, and
        # the next run's NOT EXISTS would walk them; autovacuum does it in production (it is
        # off on the bench's server), so it is done here, untimed.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")

    queued, due = ours(check=True)
    vacuum()
    if due != baseline() or queued != len(due):
        raise SystemExit("the planner and the hand SQL find different reminders")
    result = interleaved(ours, baseline, runs, tidy=vacuum)
    result.update({"reminders_due": len(due), "recipients": people})

    # Sending: queue the reminders (in-app only), keep the first `send`, deliver them all,
    # then remove every row this wrote, so the workload stays as built.
    last_event = TaskEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    try:
        plan_reminders(today=today)
        new = OutboxMessage.objects.filter(id__gt=last_message)
        cut = new.order_by("id").values_list("id", flat=True)[send : send + 1]
        if cut:  # in SQL: the ORM's delete reads every row first
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM notifications_outboxmessage WHERE id >= %s", [cut[0]])
        vacuum("notifications_outboxmessage")
        queued = new.count()
        before = load()
        took, sent = timed(lambda: send_pending(today=today))
        rate = sent / took if took else 0.0
        result["sending"] = {"queued": queued, "sent": sent, "seconds": took, "per_s": rate,
                             "load": f"{before} → {load()}"}  # fmt: skip
    finally:
        with connection.cursor() as cursor:  # in SQL: the ORM's delete reads every row first
            cursor.execute("DELETE FROM notifications_notification WHERE message_id > %s",
                           [last_message])  # fmt: skip
            cursor.execute("DELETE FROM notifications_outboxmessage WHERE id > %s", [last_message])
            cursor.execute("DELETE FROM tasks_taskevent WHERE id > %s AND kind = %s",
                           [last_event, TaskEvent.Kind.REMINDER.value])  # fmt: skip
        for table in ("notifications_notification", "notifications_outboxmessage"):
            vacuum(table)
    return result


# ---- 7. consolidated statistics -----------------------------------------------------------


def consolidated(today: dt.date, runs: int) -> dict:
    import consolidation_bench as cb

    as_of = cb.last_quarter_cutoff(today)
    problems = cb.statistics_same(cb.statistics_ours(as_of), cb.statistics_baseline(as_of))
    if problems:
        raise SystemExit(
            "the consolidated statistics and the hand SQL differ: " + "; ".join(problems)
        )  # noqa: E501
    result = interleaved(
        lambda: cb.statistics_ours(as_of), lambda: cb.statistics_baseline(as_of), runs
    )  # noqa: E501
    result["as_of"] = as_of.isoformat()
    return result


# ---- 8. side by side with Redmine ---------------------------------------------------------

REDMINE_DIR = ROOT / "bench" / "redmine"


class Http:
    """One sequential keep-alive client, as the Redmine harness's (rmlib.Redmine)."""

    def __init__(self, port: int, token: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.token = token

    def call(self, method: str, path: str, payload=None, expect=(200, 201)):
        headers = {"Authorization": self.token, "Accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if attempt == 2:
                    raise
        if response.status not in expect:
            raise SystemExit(f"{method} {path}: HTTP {response.status} {data[:300]!r}")
        return json.loads(data) if data.strip() else None


def redmine_ready(args) -> dict | None:
    """Redmine's run/redmine.env once it is up with the 300-project data set; set up and
    loaded by the harness (bench/redmine, as root) when missing."""
    sys.path.insert(0, str(REDMINE_DIR))
    import rmlib

    def up():
        try:
            env = rmlib.read_env()
            client = rmlib.Redmine(env["REDMINE_URL"], env["REDMINE_API_KEY"], timeout=10)
            projects = client.get("/projects.json", limit=1)["total_count"]
            client.close()
            return env, projects
        except (SystemExit, OSError, rmlib.HTTPError):
            return None, 0

    env, projects = up()
    if env is None or not projects:
        if os.geteuid() != 0:
            print("   Redmine is not set up: run bench/redmine/setup.sh and load.py as root "
                  "(see bench/redmine/README.md); skipped", flush=True)  # fmt: skip
            return None
        if env is None:  # not installed, or puma stopped (stop.sh): setup.sh starts it
            print(f"   redmine: ./setup.sh ({load()})", flush=True)
            subprocess.run(["./setup.sh"], cwd=REDMINE_DIR, check=True)  # noqa: S603 (the harness)
            env, projects = up()
        if env is not None and not projects:
            print(f"   redmine: ./load.py -P 300 -N 100000 ({load()})", flush=True)
            subprocess.run(  # noqa: S603 (the harness)
                ["./load.py", "-P", "300", "-N", "100000"], cwd=REDMINE_DIR, check=True
            )
        env, projects = up()
    return env


def versus_redmine(port: int, tokens: dict, unit: int, today: dt.date, args) -> dict:
    import rmlib

    from chidao.tasks.models import Domain, Task

    renv = rmlib.read_env()
    rm = rmlib.Redmine(renv["REDMINE_URL"], renv["REDMINE_API_KEY"])
    projects = []
    for offset in range(0, 100_000, 100):
        page = rm.get("/projects.json", limit=100, offset=offset)
        projects += page["projects"]
        if offset + 100 >= page["total_count"]:
            break
    projects.sort(key=lambda p: p["id"])
    project = projects[len(projects) // 2]["id"]  # queries.py's middle project
    category = rm.get(f"/projects/{project}/issue_categories.json")["issue_categories"][0]["id"]
    field = int(renv["REDMINE_CF_ID"])
    officer = next(c for c in rm.get("/custom_fields.json")["custom_fields"] if c["id"] == field)[
        "possible_values"
    ][0]["value"]
    issue = rm.get("/issues.json", project_id=project, status_id="open", limit=1)["issues"][0]["id"]
    rtoday = dt.date.today()

    task = Task.objects.filter(lead_unit_id=unit, synthetic=True).order_by("id").first()
    domain = Domain.objects.filter(committee__isnull=True).values_list("code", flat=True).first()
    domain = domain or Domain.objects.values_list("code", flat=True).first()
    focal, admin = Http(port, tokens["focal"]), Http(port, tokens["admin"])
    made: list[int] = []
    seq = [0]

    def our_list():
        return focal.call("GET", f"/api/v1/tasks?unit={unit}&limit=25")

    def their_list():
        return rm.get("/issues.json", project_id=project, status_id="open", sort="due_date",
                      limit=25)  # fmt: skip

    def our_create():
        seq[0] += 1
        made.append(admin.call("POST", "/api/v1/tasks", {
            "committee": task.committee_id, "title": f"Nhiệm vụ kiểm thử hiệu năng {seq[0]}",
            "domain": domain, "lead_unit": unit, "content": "Tạo bởi everyday_bench.py",
            "deadline": (today + dt.timedelta(days=30)).isoformat(),
        }, expect=(201,))["id"])  # fmt: skip

    def their_create():
        seq[0] += 1
        rm.call("POST", "/issues.json", {"issue": {
            "project_id": project, "subject": f"Nhiệm vụ kiểm thử hiệu năng {seq[0]}",
            "description": "Tạo bởi queries.py", "start_date": rtoday.isoformat(),
            "due_date": (rtoday + dt.timedelta(days=30)).isoformat(), "done_ratio": 0,
            "category_id": category, "custom_fields": [{"id": field, "value": officer}]}},
            expect=(201,))  # fmt: skip

    def our_progress():
        seq[0] += 1
        report = {"percent": 10 * (1 + seq[0] % 9), "note": "Đã triển khai"}
        focal.call("POST", f"/api/v1/tasks/{made[0]}/progress", report, expect=(201,))

    def their_progress():
        seq[0] += 1
        rm.call("PUT", f"/issues/{issue}.json", {"issue": {"done_ratio": 10 * (1 + seq[0] % 9)}},
                expect=(200, 204))  # fmt: skip

    def pair(ours, theirs, runs, warmup):
        for _ in range(warmup):
            ours(), theirs()
        mine, other = [], []
        before = load()
        for i in range(runs):  # interleaved, the first side alternating
            for side, times in ((ours, mine), (theirs, other))[:: 1 if i % 2 == 0 else -1]:
                times.append(timed(side)[0])
        a, b = stats.median(mine), stats.median(other)
        return {"ours_ms": a * 1000, "baseline_ms": b * 1000, "ratio": a / b,
                "load": f"{before} → {load()}"}  # fmt: skip

    result = {"redmine_project": project, "unit": unit}
    try:
        result["list"] = pair(our_list, their_list, args.runs, 2)
        result["create"] = pair(our_create, their_create, args.runs, 2)
        result["progress"] = pair(our_progress, their_progress, args.runs, 2)
        if args.a2_runs:
            leader = Http(port, tokens["leader"])

            def our_counts():
                return leader.call("GET", f"/api/v1/tasks/counts?by=unit&as_of={today}")

            def their_counts():  # queries.py's a2: the projects, one count request each
                due = "<=" + rtoday.isoformat()
                for offset in range(0, len(projects), 100):
                    rm.get("/projects.json", limit=100, offset=offset)
                for p in projects:
                    rm.get("/issues.json", project_id=p["id"], status_id="open", due_date=due,
                           limit=1)  # fmt: skip

            result["counts_a2"] = pair(our_counts, their_counts, args.a2_runs, 1)
            result["counts_a2"]["requests"] = len(projects) + (len(projects) + 99) // 100
    finally:
        from chidao.notifications.models import Notification, OutboxMessage

        keys = [f"tasks.task:{pk}" for pk in made]
        Notification.objects.filter(message__subject_key__in=keys).delete()
        OutboxMessage.objects.filter(subject_key__in=keys).delete()
        Task.objects.filter(pk__in=made).delete()
        rm.close()
    return result


# ---- main ---------------------------------------------------------------------------------


SECTIONS = ("list", "counts", "dashboard", "leaders", "throughput", "reminders", "statistics",
            "redmine")  # fmt: skip
GOALS = {  # the issue's goals: (figure, goal, met?)
    "list": (
        "unit's 25-row list, API ÷ index-backed hand SQL",
        "≤ 2× (at 1M)",
        lambda r: r["ratio"] <= 2,
    ),  # noqa: E501
    "counts": (
        "overdue per unit, counts endpoint ÷ raw SQL",
        "≤ 1.5×",
        lambda r: r["ratio"] <= 1.5,
    ),  # noqa: E501
    "counts_a2": (
        "counts endpoint ÷ Redmine's best path (a2, live)",
        "≤ 0.01×",
        lambda r: r["ratio"] <= 0.01,
    ),  # noqa: E501
    "redmine_list": ("unit's 25-row list ÷ Redmine", "≤ 0.25×", lambda r: r["ratio"] <= 0.25),
    "redmine_create": ("create a task ÷ Redmine", "≤ 0.5×", lambda r: r["ratio"] <= 0.5),
    "redmine_progress": ("report progress ÷ Redmine", "≤ 0.5×", lambda r: r["ratio"] <= 0.5),
    "throughput": (
        "list throughput ÷ floor, 16 clients, 2 workers",
        "≥ 0.25, 0 errors",
        lambda r: r["ratio"] >= 0.25 and not r["list"]["errors"],
    ),  # fmt: skip
    "leaders": (
        "leaders' dashboard (cut-offs kept; first load)",
        "≤ 300 ms",
        lambda r: r["kept_ms"] <= 300,
    ),  # noqa: E501
    "dashboard": ("dashboard counts ÷ expert SQL", "≤ 1.3×", lambda r: r["ratio"] <= 1.3),
    "reminders": ("reminder planning ÷ one SQL pass", "≤ 2× (at 1M)", lambda r: r["ratio"] <= 2),
    "sending": ("sending, in-app reminders/s", "≥ 2,000/s", lambda r: r["per_s"] >= 2000),
    "statistics": (
        "consolidated statistics ÷ hand SQL",
        "≤ 1.3× (at 1M)",
        lambda r: r["ratio"] <= 1.3,
    ),  # noqa: E501
}


def figure(key: str, r: dict) -> str:
    if key == "throughput":
        return (f"{r['list']['requests_per_s']:.1f}/s (p99 {r['list']['p99_ms']:.0f} ms, "
                f"{r['list']['errors']} errors) ÷ {r['floor']['requests_per_s']:.1f}/s = "
                f"{r['ratio']:.2f}")  # fmt: skip
    if key == "leaders":
        return f"{r['kept_ms']:.0f} ms (first load {r['first_ms']:.0f} ms)"
    if key == "sending":
        return f"{r['sent']:,} in {r['seconds']:.1f} s = {r['per_s']:,.0f}/s"
    if key == "counts_a2":
        return f"{r['ours_ms']:.0f} ms / {r['baseline_ms'] / 1000:.1f} s = {r['ratio']:.4f}"
    return f"{r['ours_ms']:.1f} / {r['baseline_ms']:.1f} ms = {r['ratio']:.2f}"


def summary(results: dict) -> list[dict]:
    flat = dict(results)
    if "unit_list" in results:
        flat["list"] = results["unit_list"]
    flat["dashboard"] = results.get("dashboard_counts")
    flat["leaders"] = results.get("leaders_dashboard")
    flat["sending"] = (results.get("reminders") or {}).get("sending")
    for op in ("list", "create", "progress", "counts_a2"):
        side = (results.get("redmine") or {}).get(op)
        flat[op if op == "counts_a2" else f"redmine_{op}"] = side
    rows = []
    for key, (label, goal, met) in GOALS.items():
        r = flat.get(key)
        if r:
            rows.append({"figure": label, "result": figure(key, r), "goal": goal,
                         "met": met(r), "load": r.get("load", "")})  # fmt: skip
        else:
            rows.append({"figure": label, "result": "not run", "goal": goal, "met": None,
                         "load": ""})  # fmt: skip
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="100k")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL (no database)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the workload anyway")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0, help="each throughput run")
    parser.add_argument("--only", help=f"comma-separated sections of {','.join(SECTIONS)}")
    parser.add_argument("--skip", default="", help="comma-separated sections to leave out")
    parser.add_argument("--skip-throughput", action="store_true", help="= --skip throughput")
    parser.add_argument("--send", type=int, default=20_000, help="reminders queued and sent")
    parser.add_argument(
        "--a2-runs", type=int, default=1,
        help="timed runs of Redmine's a2 (~18 s each, after one warm-up); 0: skip",
    )  # fmt: skip
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)
    sections = set(args.only.split(",")) if args.only else set(SECTIONS)
    sections -= set(args.skip.split(",")) | ({"throughput"} if args.skip_throughput else set())
    if args.scale != "100k":
        sections.discard("redmine")  # the peer run has the 100k shape only
    unknown = sections - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections {sorted(unknown)}")

    database = f"chidao_bench_{args.scale}"
    env = {**os.environ, "DATABASE_URL": f"{args.server}/{database}",
           "DJANGO_SETTINGS_MODULE": "chidao.settings",
           "CHIDAO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"}  # fmt: skip
    env.pop("CHIDAO_DEBUG", None)  # DEBUG would keep every query in memory
    env.setdefault("CHIDAO_SECRET_KEY", secrets.token_urlsafe(32))
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))

    created = ensure_database(args.server, database)
    print(f"database {database}: {'created' if created else 'exists'}")
    start = time.perf_counter()
    chidao(["migrate", "--noinput", "-v", "0"], env)
    print(f"migrate: {time.perf_counter() - start:.1f} s", flush=True)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    scale = SCALES[args.scale]
    info = workload_params()
    if args.rebuild or not info or any(info["params"].get(k) != v for k, v in scale.items()):
        print(f"building the workload {scale} ({load()})", flush=True)
        start = time.perf_counter()
        chidao(["synth", "--clear", *(f"--{k}={v}" for k, v in scale.items())], env)
        print(f"synth: {time.perf_counter() - start:.1f} s ({load()})", flush=True)
        connection.close()
        info = workload_params()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # every table, as autovacuum would in time
    print(f"workload: {info['counts']}", flush=True)

    from chidao.accounts.models import Role
    from chidao.committees.models import Committee

    today = dt.date.fromisoformat(info["params"]["today"])
    unit = median_unit()
    focal = bench_user(f"bench-focal-{unit}", Role.FOCAL, unit)
    leader = bench_user("bench-leader", Role.LEADER)
    admin = bench_user("bench-admin", Role.ADMIN)
    focal_token, leader_token = bearer(focal), bearer(leader)
    focal_client = Client(HTTP_AUTHORIZATION=focal_token)
    leader_client = Client(HTTP_AUTHORIZATION=leader_token)
    results = {"scale": args.scale, "shape": scale, "nproc": os.cpu_count(), "unit": unit,
               "reference_date": today.isoformat()}  # fmt: skip
    status = 0

    print(f"\nshape: {scale}; unit {unit}; reference date {today}; {os.cpu_count()} CPUs")
    if "list" in sections:
        results["unit_list"] = unit_list(focal_client, unit, args.runs, count=False)
        show(
            "1. unit's 25-row list, API (count=false) ÷ index-backed hand SQL", results["unit_list"]
        )  # noqa: E501
        results["unit_list_counted"] = unit_list(focal_client, unit, args.runs, count=True)
        show("   the same with X-Total-Count (a second query)", results["unit_list_counted"])
        plan_ok = (results["unit_list"]["plan_uses_unit_indexes"]
                   and not results["unit_list"]["plan_scans_every_task"])  # fmt: skip
        results["unit_list"]["plan_ok"] = plan_ok
        print(f"   EXPLAIN of the list at {args.scale}: unit indexes used "
              f"{results['unit_list']['plan_uses_unit_indexes']}, every task read "
              f"{results['unit_list']['plan_scans_every_task']}: "
              f"{'PASS' if plan_ok else 'FAIL'}", flush=True)  # fmt: skip
        status |= 0 if plan_ok else 1

    if "counts" in sections:
        results["counts"] = counts(leader_client, today, args.runs)
        show("2. overdue per unit, counts endpoint ÷ raw SQL", results["counts"])
        print(f"   ÷ Redmine's a2 from the harness README ({REDMINE_OVERDUE_PER_UNIT_S} s): "
              f"{results['counts']['vs_redmine']:.4f} (live figure in 8.)")  # fmt: skip

    if "dashboard" in sections:
        results["dashboard_counts"] = dashboard_counts(leader, today, args.runs)
        show("3. dashboard counts ÷ expert SQL", results["dashboard_counts"])

    if "leaders" in sections:
        busiest = Committee.objects.filter(tasks__synthetic=True).values("id").first()
        page_client = Client()
        page_client.force_login(leader)
        results["leaders_dashboard"] = leaders_dashboard(page_client, busiest["id"], args.runs)
        dash = results["leaders_dashboard"]
        print(f"4. leaders' dashboard: first load {dash['first_ms']:.0f} ms, with kept cut-offs "
              f"{dash['kept_ms']:.0f} ms ({dash['load']})", flush=True)  # fmt: skip

    if "reminders" in sections:
        results["reminders"] = rem = reminders(today, args.runs, args.send)
        show(f"6. reminder planning ({rem['reminders_due']:,} due, {rem['recipients']:,} "
             "bench recipients) ÷ one SQL pass", rem)  # fmt: skip
        sending = rem["sending"]
        print(f"   sending: {sending['sent']:,} in-app reminders in {sending['seconds']:.1f} s = "
              f"{sending['per_s']:,.0f}/s ({sending['load']})", flush=True)  # fmt: skip

    if "statistics" in sections:
        results["statistics"] = consolidated(today, args.runs)
        show(f"7. consolidated statistics as of {results['statistics']['as_of']} ÷ hand SQL",
             results["statistics"])  # fmt: skip

    if sections & {"throughput", "redmine"}:
        connection.close()
        from chidao.tasks.models import Task

        led = Task.objects.filter(synthetic=True).order_by().values_list("lead_unit_id", flat=True)
        units = sorted(set(led.distinct()[:50])) or [unit]
        with served(env, args.workers) as port:
            if "throughput" in sections:
                result = throughput(port, leader_token, units, args)
                results["throughput"] = result
                listed, floor = result["list"], result["floor"]
                print(f"5. list throughput, {args.clients} clients, {args.workers} workers: "
                      f"{listed['requests_per_s']:.1f}/s (p50 {listed['p50_ms']:.0f} ms, p99 "
                      f"{listed['p99_ms']:.0f} ms, {listed['errors']} errors) ÷ floor "
                      f"{floor['requests_per_s']:.1f}/s (p99 {floor['p99_ms']:.0f} ms, "
                      f"{floor['errors']} errors) = {result['ratio']:.2f} ({result['load']})",
                      flush=True)  # fmt: skip
            if "redmine" in sections and redmine_ready(args):
                tokens = {"focal": focal_token, "leader": leader_token, "admin": bearer(admin)}
                rm = results["redmine"] = versus_redmine(port, tokens, unit, today, args)
                print(f"8. side by side with Redmine 5.0.4 (project {rm['redmine_project']}, "
                      f"unit {unit}; one sequential keep-alive client each; gunicorn "
                      f"{args.workers} workers, puma 2×5):", flush=True)  # fmt: skip
                show("   unit's 25-row list ÷ Redmine's (c1)", rm["list"])
                show("   create a task ÷ Redmine's (d)", rm["create"])
                show("   report progress ÷ Redmine's (e)", rm["progress"])
                if "counts_a2" in rm:
                    show(f"   counts endpoint ÷ Redmine's a2 ({rm['counts_a2']['requests']} "
                         "requests)", rm["counts_a2"])  # fmt: skip

    rows = summary(results)
    results["summary"] = rows
    print(f"\nGoals at {args.scale} ({scale['units']} units, {scale['tasks']:,} tasks, "
          f"{os.cpu_count()} CPUs; load = 1-min/5-min average before → after):")  # fmt: skip
    print("| figure | result | goal | met | load |\n| --- | --- | --- | --- | --- |")
    for row in rows:
        met = {True: "yes", False: "**no**", None: ""}[row["met"]]
        print(f"| {row['figure']} | {row['result']} | {row['goal']} | {met} | {row['load']} |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    return status


if __name__ == "__main__":
    sys.exit(main())
