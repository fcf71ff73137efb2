"""Reads of a program review beyond the task figures (those are `chidao.reports.consolidation.
program_review`): the difficulties raised, resolved and still open in the span, and the units'
contributions. One home for the review's API and page."""

import datetime as dt

from chidao.obstacles.contributions import figures as obstacle_figures
from chidao.reports.consolidation import ConsolidatedReport, program_review
from chidao.reports.contributions import Scope
from chidao.reviews.contributions import unit_rows
from chidao.reviews.parts import Part, parts_for
from chidao.tasks.models import TaskSource


def _line(item) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "raised_by": item.raised_by_name,
        "resolver": item.resolver.name if item.resolver_id else None,
        "state": item.state,
    }


def review_parts(source: TaskSource, start: dt.date, end: dt.date) -> dict:
    """{obstacles: {raised, resolved, open}, contributions: [...]} for the program and span
    (the caller has checked the user may see the program's review)."""
    scope = Scope(committee=source.committee, data_from=start, as_of=end, source=source)
    found = obstacle_figures(scope)
    return {
        "obstacles": {
            "raised": [_line(o) for o in found["new"]],
            "resolved": [_line(o) for o in found["resolved"]],
            "open": [_line(o) for o in found["open"]],
        },
        "contributions": unit_rows(scope),
    }


def review_report(
    source: TaskSource, start: dt.date, end: dt.date, *, final: bool, today: dt.date | None = None
) -> tuple[ConsolidatedReport, list[Part]]:
    """The review's figures and draft (`program_review`) with the registered parts' tables
    added to the draft, and the parts themselves (for the JSON and the page)."""
    report = program_review(source, start, end, final=final, today=today)
    parts = parts_for(source, start, end)
    report.contributions = [
        *report.contributions,
        *(p.contribution for p in parts if p.contribution is not None),
    ]
    return report, parts
