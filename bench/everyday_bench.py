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

The set-up and the sections live in bench/everyday/ (workload, timing, inprocess, served,
reminders, redmine, report), one thing a module; this script reads the arguments and runs
the sections asked for.
"""

import argparse
import datetime as dt
import json
import os
import secrets
import sys
import time
from pathlib import Path

# bench/ is on sys.path as this script's folder: the package beside it.
from everyday.inprocess import (
    REDMINE_OVERDUE_PER_UNIT_S,
    consolidated,
    counts,
    dashboard_counts,
    leaders_dashboard,
    unit_list,
)
from everyday.redmine import redmine_ready, versus_redmine
from everyday.reminders import reminders
from everyday.report import print_goals, summary
from everyday.served import served, throughput
from everyday.timing import load, show
from everyday.workload import (
    ROOT,
    SCALES,
    SERVER,
    bearer,
    bench_user,
    chidao,
    ensure_database,
    median_unit,
    workload_params,
)

SECTIONS = ("list", "counts", "dashboard", "leaders", "throughput", "reminders", "statistics",
            "redmine")  # fmt: skip


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
    print_goals(rows, args.scale, scale)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    return status


if __name__ == "__main__":
    sys.exit(main())
