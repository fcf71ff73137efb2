"""Background jobs of urging, run by the database worker (`chidao db_worker`, or
`chidao run-worker`, which also enqueues `urge` on a schedule)."""

from django_tasks import task

from chidao.core.dates import parse_iso_date
from chidao.evaluation.services import plan_self_assessment_reminders
from chidao.reports import reminders as report_reminders
from chidao.tasks.services import apply_restructurings
from chidao.urging.services import plan_reminders, send_pending


@task()
def urge(today_iso: str | None = None) -> dict:
    """The daily follow-up: move open tasks after restructurings in force, plan the reminders
    due today, then send them; then the same for units' missing reports
    (chidao.reports.reminders) and unfinished self-assessments of evaluation cycles.
    Safe to run twice, or concurrently."""
    today = parse_iso_date(today_iso) if today_iso else None
    restructured = apply_restructurings(today=today)
    planned = plan_reminders(today=today)
    sent = send_pending(today=today)
    reports = report_reminders.run(today=today)  # units' missing periodic reports
    self_assessments = plan_self_assessment_reminders(today=today)
    return {
        "moved": len(restructured["moved"]),
        "planned": planned,
        "sent": sent,
        "reports_planned": reports["planned"],
        "reports_sent": reports["sent"],
        "self_assessment_reminders": self_assessments,
    }
