"""The leaders' dashboard: a committee's task results now and over the last eight quarters,
the best and worst units, by domain and by unit, each figure linking to the tasks behind it."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.plans import without_parallel_workers
from chidao.core.replica import reads_from_replica
from chidao.reports import hooks, jobs, selectors
from chidao.reports import statistics as st
from chidao.reports.figure_links import (
    COLUMN_HEADERS,
    as_of_url,
    board_url,
    decorate_rows,
    figure_columns,
)
from chidao.reports.models import ReportPeriod
from chidao.tasks.models import Task

UNITS_PAGE_SIZE = 25
RANKED = 5  # worst and best units shown
RANK_MIN_TASKS = 3  # a unit with fewer tasks is not ranked
QUARTERS = 8


def _dashboard_committees(user):
    """The committees whose figures the user may see, or PermissionDenied."""
    committees = Committee.objects.order_by("name").only("id", "name")
    policy.require(
        policy.opens_leaders_dashboard(user),
        _("Bảng điều hành dành cho lãnh đạo và cơ quan thường trực."),
    )
    if policy.reads_everything(user):
        return committees
    return committees.restrict(user, policy.CHANGE)


def _pick_committee(request, committees):
    raw = request.GET.get("committee", "")
    choices = list(committees)
    if raw.isdigit():
        for committee in choices:
            if committee.pk == int(raw):
                return committee, choices
        raise Http404("No committee matches the given query.")
    busiest = (
        Task.objects.filter(committee__in=[c.pk for c in choices])
        .values("committee")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is not None:
        for committee in choices:
            if committee.pk == busiest["committee"]:
                return committee, choices
    return (choices[0] if choices else None), choices


def rate_chart(points: list[dict]) -> str:
    """An SVG line chart of the completion and overdue rates (0–100%) at each date; each
    point links to the tasks then. Numbers are also in the table under it."""
    width, height, left, right, top, bottom = 640, 240, 44, 36, 16, 40
    inner_w, inner_h = width - left - right, height - top - bottom
    count = max(len(points), 1)

    def x(index):
        return left + (inner_w * index / (count - 1) if count > 1 else inner_w / 2)

    def y(rate):
        return top + inner_h * (1 - (rate or 0) / 100)

    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#e3e6ea"></line>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#5b6472">{}%</text>',
        (
            (left, width - right, f"{y(v):.1f}", f"{y(v):.1f}", left - 6, f"{y(v) + 4:.1f}", v)
            for v in (0, 25, 50, 75, 100)
        ),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#5b6472">{}</text>',
        (
            (f"{x(i):.1f}", height - bottom + 18, point["as_of"].strftime("%d/%m/%y"))
            for i, point in enumerate(points)
        ),
    )
    series = []
    for key, colour, name in (
        ("completion_rate", "#2e8b57", _("Tỷ lệ hoàn thành")),
        ("overdue_rate", "#c0392b", _("Tỷ lệ quá hạn")),
    ):
        # A date without a figure (the table shows "—") is a gap in the line, not a 0 %.
        runs = [[]]
        for i, p in enumerate(points):
            if p[key] is None:
                runs.append([])
            else:
                runs[-1].append(f"{x(i):.1f},{y(p[key]):.1f}")
        runs = [run for run in runs if run]
        lines = format_html_join(
            "",
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"></polyline>',
            ((" ".join(r), colour) for r in runs),
        )
        dots = format_html_join(
            "",
            '<a href="{}"><circle cx="{}" cy="{}" r="4.5" fill="{}">'
            "<title>{} {}: {}%</title></circle></a>",
            (
                (
                    p["hrefs"][key],
                    f"{x(i):.1f}",
                    f"{y(p[key]):.1f}",
                    colour,
                    name,
                    p["as_of"].strftime("%d/%m/%Y"),
                    p[key],
                )
                for i, p in enumerate(points)
                if p[key] is not None
            ),
        )
        series.append(format_html("{}{}", lines, dots))
    return format_html(
        '<svg class="rate-svg" viewBox="0 0 {} {}" role="group" aria-label="{}">{}{}{}</svg>',
        width,
        height,
        _("Tỷ lệ hoàn thành và quá hạn theo các kỳ chốt số liệu"),
        grid,
        labels,
        format_html_join("", "{}", ((s,) for s in series)),
    )


def _due(row: dict) -> int:
    """Tasks whose result is known at the cut-off: done (on time or late) or overdue."""
    return row[st.DONE_ON_TIME] + row[st.DONE_LATE] + row[st.OVERDUE]


def _ranked(by_unit: list[dict]) -> tuple[list[dict], list[dict]]:
    """Worst: highest overdue rate (then most overdue); best: highest completion rate, then
    on-time rate. Only units with at least RANK_MIN_TASKS tasks, some of them due (a unit
    with nothing due yet has no result to rank), and no unit in both lists: one with tasks
    overdue among the worst is not among the best, and a unit that completed nothing is
    never "best"."""
    eligible = [r for r in by_unit if r["total"] >= RANK_MIN_TASKS and _due(r)]
    worst = sorted(
        (r for r in eligible if r[st.OVERDUE]),
        key=lambda r: (-r["overdue_rate"], -r[st.OVERDUE], r["name"]),
    )[:RANKED]
    in_worst = {id(r) for r in worst}
    best = sorted(
        (r for r in eligible if id(r) not in in_worst and r[st.DONE_ON_TIME] + r[st.DONE_LATE]),
        key=lambda r: (-(r["completion_rate"] or 0), -(r["on_time_rate"] or 0), r["name"]),
    )[:RANKED]
    return worst, best


def _current_period(committee, today):
    """The period being collected: the latest one whose data window has started."""
    return (
        ReportPeriod.objects.filter(committee=committee, data_from__lte=today)
        .order_by("-data_to", "-id")
        .first()
    )


@login_required
@reads_from_replica
def leaders_dashboard(request):
    committees = _dashboard_committees(request.user)
    committee, choices = _pick_committee(request, committees)
    today = timezone.localdate()
    context = {"committee": committee, "committees": choices, "today": today}
    if committee is None:
        return render(request, "reports/dashboard.html", context)

    # Today: one aggregate query by unit and domain (serial: see chidao.core.plans), then
    # the names.
    with without_parallel_workers(Task):
        rows = st.status_rows(as_of=today, committee=committee, keys=("unit", "domain"))
    totals = st.totals_of(rows)
    by_unit = st.breakdown(rows, "unit")
    by_domain = st.breakdown(rows, "domain")
    base = {"committee": committee.pk}

    def board(key, ident, column):
        params = {**base}
        if key == "unit":
            params |= {"unit": ident, "lead_only": "1"}
        elif key == "domain":
            params["domain"] = ident
        if column in (st.IN_PROGRESS, st.NOT_STARTED):
            # the board splits "due soon" out of these two: list them exactly as counted.
            extra = {key: ident} if key else {}
            return as_of_url(committee=committee.pk, as_of=today, status=column, **extra)
        return board_url(**params, status=column or "")

    worst, best = _ranked(by_unit)
    # Links and bar segments for the page of units shown only, the bars on the scale of all.
    units_page = Paginator(by_unit, UNITS_PAGE_SIZE).get_page(request.GET.get("page"))
    units_page.object_list = decorate_rows(
        list(units_page.object_list),
        "unit",
        board,
        scale=max((r["total"] for r in by_unit), default=0),
    )

    # Over time: the quarterly cut-offs (kept), then today (summed from the rows above).
    points = []
    cutoffs = st.quarter_cutoffs(today, QUARTERS)
    for point in st.rates_over_time(committee, cutoffs, computed={today: totals}):
        as_of = point.as_of
        points.append(
            {
                "as_of": as_of,
                **point.totals,
                "hrefs": {
                    "completion_rate": as_of_url(
                        committee=committee.pk, as_of=as_of, status=st.DONE_ON_TIME
                    ),
                    "overdue_rate": as_of_url(
                        committee=committee.pk, as_of=as_of, status=st.OVERDUE
                    ),
                    "total": as_of_url(committee=committee.pk, as_of=as_of),
                },
                "segments": figure_columns(
                    point.totals,
                    lambda c, d=as_of: as_of_url(committee=committee.pk, as_of=d, status=c),
                ),
            }
        )

    period = _current_period(committee, today)
    submissions = None
    if period is not None:
        status_rows = selectors.submission_status(period, today)
        submissions = {
            "period": period,
            "counts": selectors.status_counts(status_rows),
            "late": [r for r in status_rows if r.late and not r.missing],
            "missing": [r for r in status_rows if r.missing],
            "can_consolidate": jobs.can_request(request.user, committee.pk),
        }

    context |= {
        "panels": hooks.dashboard_panels(request.user, committee, today),
        "totals": totals,
        "totals_segments": figure_columns(totals, lambda c: board(None, None, c)),
        "total_href": board_url(**base),
        "units_page": units_page,
        "units_paginator": units_page.paginator,
        "by_domain": decorate_rows(by_domain, "domain", board),
        "worst": decorate_rows(worst, "unit", board),
        "best": decorate_rows(best, "unit", board),
        "points": points,
        "rate_chart": rate_chart(points),
        "submissions": submissions,
        "columns": COLUMN_HEADERS,
        "rank_min_tasks": RANK_MIN_TASKS,
    }
    return render(request, "reports/dashboard.html", context)
