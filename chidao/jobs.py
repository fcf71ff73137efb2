"""The daily follow-up, at the project level (it reaches every part; no part imports it).

`urge` is the job `chidao run-worker` enqueues on its schedule (every CHIDAO_URGE_INTERVAL
seconds, CHIDAO_DAILY_JOB names it) and `chidao urge` runs: move open tasks after
restructurings in force, run every part's daily planner (tasks urging, missing reports,
unfinished self-assessments: chidao.notifications.registry), then the one sender, then the
digests of the day before. Each step is safe to run twice, or concurrently: the outbox keeps
one row per notice, the sender delivers each once.
"""

import logging

from django_tasks import task

from chidao.core.dates import parse_iso_date
from chidao.notifications import registry, sender
from chidao.notifications.services import enqueue
from chidao.tasks.restructuring import apply_restructurings

logger = logging.getLogger(__name__)


def plan_all(today=None) -> dict[str, int]:
    """Run every part's planner; {part: outbox rows queued}. A part that queues its rows
    itself (one statement, no object per reminder) does so."""
    planned = {}
    for name, planner in registry.planners().items():
        queue = registry.queue(name)
        planned[name] = queue(today=today) if queue else enqueue(planner(today=today))
    return planned


@task()
def urge(today_iso: str | None = None) -> dict:
    """The daily follow-up (see the module). Safe to run twice, or concurrently."""
    today = parse_iso_date(today_iso) if today_iso else None
    restructured = apply_restructurings(today=today)
    planned = plan_all(today)
    sent = sender.send_pending(today=today)
    digests = sender.send_digests(today=today)
    return {
        "moved": len(restructured["moved"]),
        "planned": sum(planned.values()),
        "planned_by_part": planned,
        "sent": sent,
        "digests": digests,
    }
