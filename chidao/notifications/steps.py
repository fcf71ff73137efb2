"""The steps of a reminder schedule around a deadline, shared by every part that reminds.

A step key carries the deadline ("before-7@2026-03-31"), so a changed deadline (an approved
extension) re-arms the reminders:
- `before-N` for N in CHIDAO_REMIND_BEFORE_DAYS: only the tightest window entered (the
  smallest N >= days left);
- `due` on the deadline day;
- `overdue-K` weekly while overdue, K = days overdue // 7 + 1, from the day after (for at
  most `overdue_until` days when given; never when it is 0).
`step_rank` orders the steps of one deadline, so a planner never plans a wider before-N
after a tighter step was planned (a catch-up run as of an earlier day).
"""

import datetime as dt
import re

from django.conf import settings

BEFORE, DUE, OVERDUE = "before", "due", "overdue"
_STEP = re.compile(r"^(before|due|overdue|[a-z_]+)(?:-(\d+))?@")


def before_days() -> list[int]:
    return sorted({int(n) for n in settings.CHIDAO_REMIND_BEFORE_DAYS if int(n) > 0})


def horizon(today: dt.date) -> dt.date:
    """The furthest deadline a step can be due for today."""
    before = before_days()
    return today + dt.timedelta(days=before[-1] if before else 0)


def deadline_step(
    deadline: dt.date, today: dt.date, *, overdue_until: int | None = None
) -> tuple[str, str] | None:
    """(step key, step kind) due today for this deadline, or None."""
    suffix = f"@{deadline.isoformat()}"
    days_left = (deadline - today).days
    if days_left > 0:
        windows = [n for n in before_days() if days_left <= n]
        return (f"before-{windows[0]}{suffix}", BEFORE) if windows else None
    if days_left == 0:
        return f"due{suffix}", DUE
    late = -days_left
    if overdue_until is not None and late > overdue_until:
        return None
    return f"overdue-{late // 7 + 1}{suffix}", OVERDUE


def step_rank(step: str) -> int | None:
    """Order of the steps of one deadline: before-7 < before-1 < due < overdue-1 < …; None
    for a step that stands apart (an escalation)."""
    match = _STEP.match(step)
    if not match or match.group(1) not in (BEFORE, DUE, OVERDUE):
        return None
    kind, number = match.group(1), int(match.group(2) or 0)
    return {BEFORE: -number, DUE: 0, OVERDUE: number}[kind]


def step_deadline(step: str) -> str:
    """The ISO deadline a step key carries ("" when none)."""
    return step.rpartition("@")[2]
