"""Everyday paths against their baselines, on a `chidao synth` workload in PostgreSQL.

    .venv/bin/python bench/everyday_bench.py --scale 100k

Builds (once) the workload of the scale in the database chidao_bench_<scale> through
`chidao synth --provinces P --units U --tasks N --events E`, then prints, each as ours ÷
baseline (medians of interleaved runs) with the machine's load:

1. a unit's 25-row task list through the API (`GET /api/v1/tasks?unit=X&limit=25`, a focal
   person's token) ÷ the index-backed hand SQL giving the same 25 rows and names; the plan of
   the list's query is checked to use indexes;
2. open overdue tasks per unit through the counts endpoint (`GET /api/v1/tasks/counts`)
   ÷ the raw SQL of the same counts (checked equal), and ÷ Redmine's best path for the same
   question from ../shared/bench/redmine (17.8 s at 300 units, 100k issues);
3. the dashboard counts (counts by lead unit over every task, as the task dashboard) ÷ the
   expert SQL (COUNT(*) FILTER … GROUP BY lead_unit_id over the covering index);
4. the leaders' dashboard page (`/reports/dashboard/`), first load and with its closed
   cut-offs kept (goal ≤ 300 ms at 100k);
5. list throughput: 16 clients on 2 gunicorn workers, the unit list ÷ the framework floor
   (an unauthenticated 401), requests/s, p50/p99 and errors.

See bench/README.md.
"""

import argparse
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


def interleaved(ours, baseline, runs: int) -> dict:
    ours(), baseline()  # warm-up, untimed
    mine, theirs = [], []
    before = load()
    for _ in range(runs):
        mine.append(timed(ours)[0])
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


def throughput(env: dict, token: str, units: list[int], args) -> dict:
    port = free_port()
    command = [str(ROOT / ".venv/bin/gunicorn"), "chidao.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(args.workers), "--log-level", "warning"]  # fmt: skip
    log = open(ROOT / "var" / "bench-gunicorn.log", "ab")  # noqa: SIM115 (closed below)
    server = subprocess.Popen(  # noqa: S603 (our own server)
        command, env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        paths = [f"/api/v1/tasks?unit={u}&limit=25" for u in units]
        auth = {"Authorization": token}
        hammer(port, paths, auth, args.clients, 2)  # warm-up
        hammer(port, ["/api/v1/tasks"], {}, args.clients, 2)
        before = load()
        listed = hammer(port, paths, auth, args.clients, args.seconds)
        floor = hammer(port, ["/api/v1/tasks"], {}, args.clients, args.seconds)
        return {"list": listed, "floor": floor, "ratio": listed["requests_per_s"] /
                floor["requests_per_s"], "load": f"{before} → {load()}"}  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


# ---- main ---------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="100k")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL (no database)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the workload anyway")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0, help="each throughput run")
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = parser.parse_args(argv)

    database = f"chidao_bench_{args.scale}"
    env = {**os.environ, "DATABASE_URL": f"{args.server}/{database}",
           "DJANGO_SETTINGS_MODULE": "chidao.settings",
           "CHIDAO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver"}  # fmt: skip
    env.pop("CHIDAO_DEBUG", None)  # DEBUG would keep every query in memory
    env.setdefault("CHIDAO_SECRET_KEY", secrets.token_urlsafe(32))
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

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
    focal_client = Client(HTTP_AUTHORIZATION=bearer(focal))
    leader_token = bearer(leader)
    leader_client = Client(HTTP_AUTHORIZATION=leader_token)
    results = {"scale": args.scale, "shape": scale, "nproc": os.cpu_count()}

    print(f"\nshape: {scale}; unit {unit}; reference date {today}")
    results["unit_list"] = unit_list(focal_client, unit, args.runs, count=False)
    show("1. unit's 25-row list, API (count=false) ÷ index-backed hand SQL", results["unit_list"])
    results["unit_list_counted"] = unit_list(focal_client, unit, args.runs, count=True)
    show("   the same with X-Total-Count (a second query)", results["unit_list_counted"])
    print(f"   plan: unit indexes used {results['unit_list']['plan_uses_unit_indexes']}, "
          f"every task read {results['unit_list']['plan_scans_every_task']}")  # fmt: skip

    results["counts"] = counts(leader_client, today, args.runs)
    show("2. overdue per unit, counts endpoint ÷ raw SQL", results["counts"])
    print(f"   ÷ Redmine's best path (a2, {REDMINE_OVERDUE_PER_UNIT_S} s): "
          f"{results['counts']['vs_redmine']:.4f}")  # fmt: skip

    results["dashboard_counts"] = dashboard_counts(leader, today, args.runs)
    show("3. dashboard counts ÷ expert SQL", results["dashboard_counts"])

    busiest = Committee.objects.filter(tasks__synthetic=True).values("id").first()
    page_client = Client()
    page_client.force_login(leader)
    results["leaders_dashboard"] = leaders_dashboard(page_client, busiest["id"], args.runs)
    dash = results["leaders_dashboard"]
    print(f"4. leaders' dashboard: first load {dash['first_ms']:.0f} ms, with kept cut-offs "
          f"{dash['kept_ms']:.0f} ms ({dash['load']})", flush=True)  # fmt: skip

    if not args.skip_throughput:
        connection.close()
        from chidao.tasks.models import Task

        led = Task.objects.filter(synthetic=True).order_by().values_list("lead_unit_id", flat=True)
        units = sorted(set(led.distinct()[:50])) or [unit]
        result = throughput(env, leader_token, units, args)
        results["throughput"] = result
        listed, floor = result["list"], result["floor"]
        print(f"5. list throughput, {args.clients} clients, {args.workers} workers: "
              f"{listed['requests_per_s']:.1f}/s (p50 {listed['p50_ms']:.0f} ms, p99 "
              f"{listed['p99_ms']:.0f} ms, {listed['errors']} errors) ÷ floor "
              f"{floor['requests_per_s']:.1f}/s (p99 {floor['p99_ms']:.0f} ms, "
              f"{floor['errors']} errors) = {result['ratio']:.2f} ({result['load']})")  # fmt: skip
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
