"""Consolidation and dashboard at national scale: chidao's own code path against a
hand-written SQL query computing the same figures on the same data.

    .venv/bin/python bench/consolidation_bench.py --scale full

1. Makes sure PostgreSQL database `chidao_bench` exists and is migrated, and holds the
   synthetic workload of the scale asked (`chidao synth`, built only when missing or of
   another scale; --rebuild forces it).
2. For (a) the consolidated statistics as of a cut-off, by unit
   (chidao.reports.statistics.statistics_as_of) and (b) the dashboard counts over all tasks
   (chidao.tasks.selectors.counts_by_unit + status_totals on tasks_for(leader), as the
   dashboard), times
   chidao's code path and the hand-written SQL, checks that their figures are equal, and
   prints the medians, the ratio ours / baseline and the peak memory.

See bench/README.md.
"""

import argparse
import datetime as dt
import json
import os
import platform
import resource
import secrets
import statistics as stats
import sys
import time
import tracemalloc
from pathlib import Path

# bench/ is on sys.path as this script's folder: the everyday bench's package beside it.
from everyday.workload import chidao, ensure_database

ROOT = Path(__file__).resolve().parent.parent
SCALES = {
    "small": {"provinces": 4, "units": 400, "tasks": 50_000, "events": 250_000},
    "full": {"provinces": 34, "units": 5_000, "tasks": 1_000_000, "events": 5_000_000},
}
SERVER = "postgres://postgres@127.0.0.1:5432"


# ---- set-up -------------------------------------------------------------------------------


def child_maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def self_maxrss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- (a) consolidated statistics as of a cut-off --------------------------------------------

STATISTICS_SQL = """
WITH ext AS (
    -- the deadline on the cut-off: the latest extension approved by then
    SELECT DISTINCT ON (task_id) task_id, granted_deadline
    FROM tasks_extensionrequest
    WHERE state = 'approved' AND decided_on <= %(as_of)s AND granted_deadline IS NOT NULL
    ORDER BY task_id, decided_on DESC, id DESC
),
moved AS (
    -- the lead unit on the cut-off: the last reassignment in force, else the unit the first
    -- later reassignment took the task from
    SELECT task_id,
        (array_agg((data ->> 'new_unit_id')::int
                   ORDER BY effective_on DESC, created_at DESC, id DESC)
            FILTER (WHERE effective_on <= %(as_of)s))[1] AS unit_before,
        (array_agg((data ->> 'old_unit_id')::int ORDER BY effective_on, created_at, id)
            FILTER (WHERE effective_on > %(as_of)s))[1] AS unit_after
    FROM tasks_taskevent
    WHERE kind = 'reassigned'
    GROUP BY task_id
),
grouped AS (
    -- one pass over the tasks counted on the cut-off: (unit, status, extended) -> n
    SELECT COALESCE(m.unit_before, m.unit_after, t.lead_unit_id) AS unit_id,
        COALESCE(e.granted_deadline, t.original_deadline) <> t.original_deadline AS extended,
        CASE
            WHEN t.completed_on <= %(as_of)s
                AND t.completed_on <= COALESCE(e.granted_deadline, t.original_deadline)
                THEN 'done_on_time'
            WHEN t.completed_on <= %(as_of)s THEN 'done_late'
            WHEN COALESCE(e.granted_deadline, t.original_deadline) < %(as_of)s THEN 'overdue'
            -- last_progress_on is the lead unit's latest report: on or before the cut-off it
            -- proves one by then; after it, an earlier lead report is looked up
            WHEN t.last_progress_on <= %(as_of)s THEN 'in_progress'
            WHEN t.last_progress_on > %(as_of)s AND EXISTS (
                SELECT 1 FROM tasks_progressreport p
                WHERE p.task_id = t.id AND NOT p.is_contribution AND p.reported_on <= %(as_of)s
            ) THEN 'in_progress'
            ELSE 'not_started'
        END AS status,
        count(*) AS n
    FROM tasks_task t
    LEFT JOIN ext e ON e.task_id = t.id
    LEFT JOIN moved m ON m.task_id = t.id
    WHERE t.assigned_on <= %(as_of)s AND (t.cancelled_on IS NULL OR t.cancelled_on > %(as_of)s)
    GROUP BY 1, 2, 3
)
SELECT g.unit_id, sum(n) AS total,
    sum(n) FILTER (WHERE status = 'done_on_time') AS done_on_time,
    sum(n) FILTER (WHERE status = 'done_late') AS done_late,
    sum(n) FILTER (WHERE status = 'overdue') AS overdue,
    sum(n) FILTER (WHERE status = 'in_progress') AS in_progress,
    sum(n) FILTER (WHERE status = 'not_started') AS not_started,
    sum(n) FILTER (WHERE status = 'done_on_time' AND extended) AS after_extension,
    u.name
FROM grouped g LEFT JOIN units_unit u ON u.id = g.unit_id
GROUP BY g.unit_id, u.name
"""

COLUMNS = ("total", "done_on_time", "done_late", "overdue", "in_progress", "not_started")
AFTER_EXTENSION = "done_on_time_after_extension"


def statistics_ours(as_of):
    from chidao.reports.statistics import statistics_as_of

    return statistics_as_of(as_of=as_of, committee=None, group_by="unit")


def statistics_baseline(as_of):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(STATISTICS_SQL, {"as_of": as_of})
        rows = cursor.fetchall()
    units = {}
    totals = dict.fromkeys((*COLUMNS, AFTER_EXTENSION), 0)
    for unit_id, *numbers, name in rows:
        numbers = [int(n or 0) for n in numbers]  # sum() of nothing is NULL, of bigint numeric
        figures = dict(zip((*COLUMNS, AFTER_EXTENSION), numbers, strict=True))
        units[unit_id] = (name, figures)
        for key, value in figures.items():
            totals[key] += value
    return {"totals": totals, "units": units}


def statistics_same(ours, baseline) -> list[str]:
    problems = []
    keys = (*COLUMNS, AFTER_EXTENSION)
    mine = {key: ours["totals"][key] for key in keys}
    if mine != baseline["totals"]:
        problems.append(f"totals differ: ours {mine} baseline {baseline['totals']}")
    ours_units = {
        row["unit"]["id"]: (row["unit"]["name"], {key: row[key] for key in keys})
        for row in ours["units"]
    }
    if ours_units != baseline["units"]:
        one_side = set(ours_units) ^ set(baseline["units"])
        both = set(ours_units) & set(baseline["units"])
        different = sorted(k for k in both if ours_units[k] != baseline["units"][k])
        problem = f"units differ: {len(one_side)} on one side only, {len(different)} unequal"
        if different:
            key = different[0]
            problem += f", e.g. {key}: {ours_units[key]} vs {baseline['units'][key]}"
        problems.append(problem)
    return problems


# ---- (b) dashboard counts -------------------------------------------------------------------

DASHBOARD_SQL = """
WITH per_unit AS (
    SELECT lead_unit_id,
        CASE
            WHEN cancelled_on IS NOT NULL THEN 'cancelled'
            WHEN completed_on IS NOT NULL AND completed_on <= deadline THEN 'done_on_time'
            WHEN completed_on IS NOT NULL THEN 'done_late'
            WHEN deadline < %(today)s THEN 'overdue'
            WHEN deadline <= %(soon)s THEN 'due_soon'
            WHEN last_progress_on IS NOT NULL OR percent > 0 THEN 'in_progress'
            ELSE 'not_started'
        END AS status,
        count(*) AS n
    FROM tasks_task
    GROUP BY 1, 2
)
SELECT p.lead_unit_id, u.name, p.status, p.n
FROM per_unit p JOIN units_unit u ON u.id = p.lead_unit_id
"""


def leader():
    from chidao.accounts.models import Role, User

    return User(username="bench-leader", role=Role.LEADER, is_active=True)


def dashboard_ours(today):
    from chidao.tasks.selectors import counts_by_unit, status_totals, tasks_for

    # As the dashboard does: counts by unit, and the totals summed from them.
    units = counts_by_unit(tasks_for(leader(), today=today))
    return {"counts": status_totals(units), "units": units}


def dashboard_baseline(today):
    from django.conf import settings
    from django.db import connection

    soon = today + dt.timedelta(days=settings.CHIDAO_DUE_SOON_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(DASHBOARD_SQL, {"today": today, "soon": soon})
        rows = cursor.fetchall()
    counts: dict[str, int] = {}
    units: dict[int, tuple[str, dict]] = {}
    for unit_id, name, status, n in rows:
        counts[status] = counts.get(status, 0) + n
        units.setdefault(unit_id, (name, {}))[1][status] = n
    return {"counts": counts, "units": units}


def dashboard_same(ours, baseline) -> list[str]:
    problems = []
    mine = {status: n for status, n in ours["counts"].items() if n}
    if mine != baseline["counts"]:
        problems.append(f"status counts differ: ours {mine} baseline {baseline['counts']}")
    ours_units = {
        row["id"]: (row["name"], {s: n for s, n in row["counts"].items() if n})
        for row in ours["units"]
    }
    if ours_units != baseline["units"]:
        problems.append("per-unit counts differ")
    if any(row["total"] != sum(row["counts"].values()) for row in ours["units"]):
        problems.append("a unit's total is not the sum of its counts")
    return problems


# ---- measuring ----------------------------------------------------------------------------


def timed(function, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def python_peak_mib(function, *args) -> float:
    """Peak of Python allocations during one call (tracemalloc; a separate, untimed run)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    try:
        function(*args)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def compare(label, ours, baseline, same, arg, runs: int) -> dict:
    from django.db import reset_queries

    load_before = os.getloadavg()[0]
    # one warm-up each (caches, plans), untimed; its results are checked
    ours_result, baseline_result = ours(arg), baseline(arg)
    problems = same(ours_result, baseline_result)
    ours_times, baseline_times = [], []
    for _ in range(runs):  # interleaved, so that drifts in the machine hit both alike
        ours_times.append(timed(ours, arg)[0])
        baseline_times.append(timed(baseline, arg)[0])
        reset_queries()
    result = {
        "what": label,
        "ours_s": stats.median(ours_times),
        "baseline_s": stats.median(baseline_times),
        "ours_runs": ours_times,
        "baseline_runs": baseline_times,
        "ours_python_peak_mib": python_peak_mib(ours, arg),
        "baseline_python_peak_mib": python_peak_mib(baseline, arg),
        "maxrss_mib": self_maxrss_mib(),
        "load_average_1min": [load_before, os.getloadavg()[0]],
        "equal": not problems,
        "problems": problems,
    }
    result["ratio"] = result["ours_s"] / result["baseline_s"]
    return result


def explain(function, arg, out) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every query the call runs, to `out`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function(arg)
    for query in captured.captured_queries:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        out.write(f"-- {function.__name__} ({query['time']} s)\n{query['sql']}\n{plan}\n\n")


def machine(connection) -> dict:
    memory = ""
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
        settings = {}
        for name in (
            "shared_buffers",
            "work_mem",
            "effective_cache_size",
            "max_parallel_workers_per_gather",
            "jit",
        ):
            cursor.execute(f"SHOW {name}")
            settings[name] = cursor.fetchone()[0]
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": version,
        "postgresql_settings": settings,
    }


def last_quarter_cutoff(today: dt.date) -> dt.date:
    """The latest quarterly cut-off (14 Mar/Jun/Sep/Dec, Decree 09/2019) before `today`."""
    return max(
        dt.date(year, month, 14)
        for year in (today.year - 1, today.year)
        for month in (3, 6, 9, 12)
        if dt.date(year, month, 14) < today
    )


# ---- main ---------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", default="chidao_bench")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL (no database)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the workload anyway")
    parser.add_argument("--explain", metavar="FILE", help="write EXPLAIN ANALYZE of the queries")
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--jit",
        choices=["server", "off"],
        default="server",
        help="PostgreSQL JIT: as the server is configured (default), or off for this session",
    )
    args = parser.parse_args(argv)

    url = f"{args.server}/{args.database}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "chidao.settings"}
    env.pop("CHIDAO_DEBUG", None)  # DEBUG would keep every query in memory
    env.setdefault("CHIDAO_SECRET_KEY", secrets.token_urlsafe(32))
    os.environ.update(env)
    os.environ.pop("CHIDAO_DEBUG", None)
    sys.path.insert(0, str(ROOT))

    created = ensure_database(args.server, args.database, required_prefix="")
    print(f"database {args.database}: {'created' if created else 'exists'}", flush=True)
    start = time.perf_counter()
    chidao(["migrate", "--noinput", "-v", "0"], env)
    print(f"migrate: {time.perf_counter() - start:.1f} s", flush=True)

    import django

    django.setup()
    from django.db import connection

    from chidao.synth import selectors as synth

    scale = SCALES[args.scale]
    info = synth.workload_info()
    present = info and all(info["params"].get(k) == v for k, v in scale.items())
    build = None
    if args.rebuild or not present:
        print(f"building the synthetic workload ({args.scale}): {scale}", flush=True)
        options = [f"--{k}={v}" for k, v in scale.items()]
        start = time.perf_counter()
        chidao(["synth", "--clear", *options], env)
        build = {"seconds": time.perf_counter() - start, "maxrss_mib": child_maxrss_mib()}
        print(f"synth: {build['seconds']:.1f} s, peak RSS {build['maxrss_mib']:.0f} MiB")
        connection.close()
        info = synth.workload_info()
    else:
        print(f"synthetic workload present: {info['counts']}")

    if args.jit == "off":
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
    today = dt.date.today()
    as_of = args.as_of or last_quarter_cutoff(dt.date.fromisoformat(info["params"]["today"]))
    results = []
    print(f"\n(a) consolidated statistics as of {as_of}, by unit, all committees", flush=True)
    results.append(
        compare(
            "statistics_as_of by unit",
            statistics_ours,
            statistics_baseline,
            statistics_same,
            as_of,
            args.runs,
        )
    )
    report(results[-1])
    print(f"\n(b) dashboard counts as of {today}: counts_by_unit + status_totals", flush=True)
    results.append(
        compare(
            "dashboard counts_by_unit + status_totals",
            dashboard_ours,
            dashboard_baseline,
            dashboard_same,
            today,
            args.runs,
        )
    )
    report(results[-1])

    if args.explain:
        with open(args.explain, "w", encoding="utf-8") as out:
            for function, arg in (
                (statistics_ours, as_of),
                (statistics_baseline, as_of),
                (dashboard_ours, today),
                (dashboard_baseline, today),
            ):
                explain(function, arg, out)
        print(f"\nEXPLAIN ANALYZE written to {args.explain}")

    box = machine(connection)
    print("\nmachine:", json.dumps(box, ensure_ascii=False))
    print("workload:", json.dumps(info["counts"], ensure_ascii=False))
    print(f"peak RSS of this process: {self_maxrss_mib():.0f} MiB")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "machine": box,
                    "workload": info,
                    "build": build,
                    "as_of": as_of.isoformat(),
                    "results": results,
                },
                ensure_ascii=False,
                indent=2,
                default=str,
            )
        )
    return 0 if all(r["equal"] for r in results) else 1


def report(result: dict) -> None:
    runs = ", ".join(f"{t:.3f}" for t in result["ours_runs"])
    base = ", ".join(f"{t:.3f}" for t in result["baseline_runs"])
    print(f"  ours     median {result['ours_s']:.3f} s  (runs {runs})")
    print(f"  baseline median {result['baseline_s']:.3f} s  (runs {base})")
    print(f"  ratio ours/baseline: {result['ratio']:.2f}")
    print(
        f"  Python peak (tracemalloc): ours {result['ours_python_peak_mib']:.1f} MiB, "
        f"baseline {result['baseline_python_peak_mib']:.1f} MiB; "
        f"process peak RSS {result['maxrss_mib']:.0f} MiB"
    )
    before, after = result["load_average_1min"]
    print(f"  load average (1 min) before/after: {before:.2f} / {after:.2f}")
    print(f"  figures equal: {'yes' if result['equal'] else 'NO'}")
    for problem in result["problems"]:
        print(f"    {problem}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
