"""Report reminders move to the outbox (chidao.notifications): every ReportReminder becomes an
OutboxMessage of kind report.reminder with its state, so a reminder sent stays sent and
nothing goes out twice. (Their in-app notifications move with urging's.)"""

from django.db import migrations

BATCH = 500


def forwards(apps, schema_editor):
    ReportReminder = apps.get_model("reports", "ReportReminder")
    ReportPeriod = apps.get_model("reports", "ReportPeriod")
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    reminders = ReportReminder.objects.order_by("id")
    last = 0
    while True:
        rows = list(reminders.filter(id__gt=last)[:BATCH])
        if not rows:
            break
        last = rows[-1].id
        periods = ReportPeriod.objects.in_bulk({r.period_id for r in rows})
        created = OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    kind="report.reminder",
                    subject_key=f"reports.reportperiod:{r.period_id}/unit:{r.unit_id}",
                    step=r.step,
                    recipient_id=r.recipient_id,
                    channel=r.channel,
                    address=r.address,
                    title=(
                        f"Đôn đốc nộp báo cáo: “{periods[r.period_id].title or periods[r.period_id].label}”"
                        f" (hạn {periods[r.period_id].deadline:%d/%m/%Y})"
                    )[:250],
                    url=f"/reports/periods/{r.period_id}/units/{r.unit_id}/",
                    data={
                        "period": r.period_id,
                        "unit": r.unit_id,
                        "deadline": r.step.rpartition("@")[2],
                    },
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
        OutboxMessage.objects.bulk_update(created, ["created_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_consolidated_document_claim"),
        ("notifications", "0001_outbox"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
