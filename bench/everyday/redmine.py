"""8. side by side with Redmine 5.0.4 (bench/redmine), live, at 100k: the unit's list,
creating a task, reporting progress, and the counts endpoint against Redmine's a2.

Apart from the rest because it drives another system (set up through the peer harness when
missing, as root) and talks to both over HTTP, one sequential keep-alive client each.
"""

import datetime as dt
import http.client
import json
import os
import statistics as stats
import subprocess
import sys

from .timing import load, timed
from .workload import ROOT

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
