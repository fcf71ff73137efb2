"""Background job of report urging, run by the database worker; also called at the end of the
daily `urge` job (chidao.urging.tasks)."""

from django_tasks import task

from chidao.core.dates import parse_iso_date
from chidao.reports import reminders


@task()
def urge_reports(today_iso: str | None = None) -> dict:
    """Plan the report reminders due today, then send them. Safe to run twice, or
    concurrently."""
    today = parse_iso_date(today_iso) if today_iso else None
    return reminders.run(today=today)
