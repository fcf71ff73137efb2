"""Task reminders and in-app notifications move to the outbox (chidao.notifications): every
Reminder becomes an OutboxMessage of kind task.reminder with its state, so a reminder sent
stays sent and nothing goes out twice; every Notification (of tasks, reports and
self-assessments alike) becomes a notifications.Notification, read or unread as it was."""

import re

from django.db import migrations

URL = re.compile(r"(/(?:reports|evaluation)/\S+/)")
BATCH = 500


def _vn(date) -> str:
    return date.strftime("%d/%m/%Y")


def forwards(apps, schema_editor):
    Reminder = apps.get_model("urging", "Reminder")
    OldNotification = apps.get_model("urging", "Notification")
    Task = apps.get_model("tasks", "Task")
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    task_type, _ = ContentType.objects.get_or_create(app_label="tasks", model="task")

    outbox_of = {}  # reminder id -> outbox id
    reminders = Reminder.objects.order_by("id")
    last = 0
    while True:
        rows = list(reminders.filter(id__gt=last)[:BATCH])
        if not rows:
            break
        last = rows[-1].id
        titles = dict(Task.objects.filter(id__in={r.task_id for r in rows}).values_list("id", "title"))
        created = OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    kind="task.reminder",
                    subject_key=f"tasks.task:{r.task_id}",
                    subject_type=task_type,
                    subject_id=r.task_id,
                    step=r.step,
                    recipient_id=r.recipient_id,
                    channel=r.channel,
                    address=r.address,
                    title=f"Đôn đốc nhiệm vụ: “{titles.get(r.task_id, '')}” (hạn {_vn(r.deadline)})"[:250],
                    url=f"/tasks/{r.task_id}/",
                    data={"deadline": r.deadline.isoformat(), "step_kind": r.step_kind},
                    state=r.state,
                    claimed_at=r.claimed_at,
                    claim_token=r.claim_token,
                    sent_at=r.sent_at,
                    attempts=r.attempts,
                    last_error=r.last_error,
                )
                for r in rows
            ]
        )
        for reminder, message in zip(rows, created, strict=True):
            message.created_at = reminder.created_at
            outbox_of[reminder.id] = message.id
        OutboxMessage.objects.bulk_update(created, ["created_at"])

    notifications = OldNotification.objects.order_by("id")
    last = 0
    while True:
        rows = list(notifications.filter(id__gt=last)[:BATCH])
        if not rows:
            break
        last = rows[-1].id
        new = []
        for old in rows:
            if old.reminder_id or old.task_id:
                kind, url = "task.reminder", f"/tasks/{old.task_id}/" if old.task_id else ""
            else:
                found = URL.search(old.message)
                url = found.group(1) if found else ""
                kind = (
                    "evaluation.self_assessment_due"
                    if url.startswith("/evaluation/")
                    else "report.reminder"
                )
            new.append(
                Notification(
                    user_id=old.user_id,
                    message_id=outbox_of.get(old.reminder_id),
                    kind=kind,
                    title=old.message,
                    url=url[:300],
                    read_at=old.read_at,
                )
            )
        created = Notification.objects.bulk_create(new)
        for old, notification in zip(rows, created, strict=True):
            notification.created_at = old.created_at
        Notification.objects.bulk_update(created, ["created_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("urging", "0001_initial"),
        ("tasks", "0001_initial"),
        ("notifications", "0001_outbox"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
