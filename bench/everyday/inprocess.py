"""The sections timed in this process, through Django's test client or the selectors, each
against the hand SQL giving the same answer: 1. the unit's list, 2. counts per unit,
3. the dashboard counts, 4. the leaders' dashboard page, 7. the consolidated statistics.

In process, with no server in between, so that the ratio is our code's own cost over the
query's (the HTTP sections, served.py and redmine.py, measure the whole request). Each checks
that ours and the baseline agree before timing them: a fast wrong answer is no figure.
"""

import datetime as dt
import statistics as stats

from .timing import interleaved, load, timed

REDMINE_OVERDUE_PER_UNIT_S = 17.8  # a2 at P=300/N=100000, ../shared/bench/redmine/README.md


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
