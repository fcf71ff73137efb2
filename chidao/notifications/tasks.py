"""The delivery job: the services enqueue it when an event commits; the worker runs it."""

from django_tasks import task

from chidao.notifications.sender import send_pending


@task()
def deliver() -> dict:
    """Deliver what is pending in the outbox (safe to run twice, or concurrently)."""
    return {"sent": send_pending()}


def enqueue_delivery() -> None:
    """Enqueue one delivery job unless one is already waiting: a burst of events (an Excel
    import of a hundred tasks) queues one job, not a hundred."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=deliver.module_path, status=TaskResultStatus.READY
    )
    if not waiting.exists():
        deliver.enqueue()
