"""The closing table: every figure beside the issue's goal for it, whether it is met, its load.

Kept apart from the sections so that the goals are read in one place, and so that a section
left out (--only, --skip) still shows as a row, "not run", rather than vanishing.
"""

import os

GOALS = {  # the goals: (figure, goal, met?)
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


def print_goals(rows: list[dict], scale_name: str, scale: dict) -> None:
    print(f"\nGoals at {scale_name} ({scale['units']} units, {scale['tasks']:,} tasks, "
          f"{os.cpu_count()} CPUs; load = 1-min/5-min average before → after):")  # fmt: skip
    print("| figure | result | goal | met | load |\n| --- | --- | --- | --- | --- |")
    for row in rows:
        met = {True: "yes", False: "**no**", None: ""}[row["met"]]
        print(f"| {row['figure']} | {row['result']} | {row['goal']} | {met} | {row['load']} |")
