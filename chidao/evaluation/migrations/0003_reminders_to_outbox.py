"""Self-assessment reminders move to the outbox (chidao.notifications): every
SelfAssessmentReminder (delivered in-app when it was written) becomes a sent OutboxMessage of
kind evaluation.self_assessment_due, so it is never sent again. (Their in-app notifications
move with urging's.)"""

from django.db import migrations

BATCH = 500


def forwards(apps, schema_editor):
    SelfAssessmentReminder = apps.get_model("evaluation", "SelfAssessmentReminder")
    EvaluationCycle = apps.get_model("evaluation", "EvaluationCycle")
    OutboxMessage = apps.get_model("notifications", "OutboxMessage")
    reminders = SelfAssessmentReminder.objects.order_by("id")
    last = 0
    while True:
        rows = list(reminders.filter(id__gt=last)[:BATCH])
        if not rows:
            break
        last = rows[-1].id
        names = dict(
            EvaluationCycle.objects.filter(id__in={r.cycle_id for r in rows}).values_list(
                "id", "name"
            )
        )
        created = OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    kind="evaluation.self_assessment_due",
                    subject_key=f"evaluation.evaluationcycle:{r.cycle_id}/unit:{r.unit_id}",
                    step=r.step,
                    recipient_id=r.recipient_id,
                    channel="in_app",
                    title=f"Nhắc tự chấm điểm: “{names.get(r.cycle_id, '')}”"[:250],
                    url=f"/evaluation/{r.cycle_id}/self-assessment/",
                    data={"cycle": r.cycle_id, "unit": r.unit_id},
                    state="sent",
                    sent_at=r.created_at,
                )
                for r in rows
            ]
        )
        for reminder, message in zip(rows, created, strict=True):
            message.created_at = reminder.created_at
        OutboxMessage.objects.bulk_update(created, ["created_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_evidencefile_is_a_stored_file"),
        ("notifications", "0001_outbox"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
