"""6. reminders: the daily planning against one hand-written SQL pass, and the sending rate.

A module of its own because it is the one section that writes: it creates bench recipients,
rolls back or deletes every reminder it queues and vacuums after itself, so that the workload
stays as built for the other sections.
"""

import datetime as dt

from .timing import interleaved, load, timed

# ---- 6. reminders: planning and sending ---------------------------------------------------

REMINDER_SQL = """
SELECT t.id, s.step, u.id
FROM tasks_task t
CROSS JOIN LATERAL (SELECT t.deadline - %(today)s::date AS days) d
CROSS JOIN LATERAL (
    SELECT CASE WHEN d.days > 0 THEN 'before-' || CASE WHEN d.days <= 1 THEN 1 ELSE 7 END
                WHEN d.days = 0 THEN 'due'
                ELSE 'overdue-' || ((-d.days) / 7 + 1) END || '@' || t.deadline AS step,
           'focal' AS role
    UNION ALL
    SELECT 'escalation@' || t.deadline, 'leader' WHERE d.days <= -%(escalate)s
) s
JOIN accounts_user u ON u.unit_id = t.lead_unit_id AND u.role = s.role AND u.is_active
JOIN committees_committee c ON c.id = t.committee_id
JOIN units_unit n ON n.id = t.lead_unit_id
WHERE t.completed_on IS NULL AND t.cancelled_on IS NULL AND t.deadline <= %(horizon)s
  AND NOT EXISTS (SELECT 1 FROM notifications_outboxmessage m
                  WHERE m.kind = 'task.reminder' AND m.subject_key = 'tasks.task:' || t.id
                    AND m.step = s.step AND m.recipient_id = u.id)
"""
REMINDER_COLUMNS = "t.title, t.deadline, t.percent, t.last_progress_on, c.name, n.name"


def reminder_people() -> int:
    """Two focal persons and a leader for every unit leading synthetic tasks (in-app only:
    no e-mail address), created once; returns how many such people there are."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from chidao.accounts.models import Role, User
    from chidao.tasks.models import Task

    units = set(
        Task.objects.filter(synthetic=True)
        .order_by()
        .values_list("lead_unit_id", flat=True)
        .distinct()
    )  # noqa: E501
    wanted = {f"bench-r{unit}-{n}": (unit, Role.LEADER if n == 2 else Role.FOCAL)
              for unit in units for n in range(3)}  # fmt: skip
    unusable = make_password(None)
    have = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    User.objects.bulk_create(
        [User(username=name, role=role, unit_id=unit, is_active=True, password=unusable)
         for name, (unit, role) in wanted.items() if name not in have],
        batch_size=2000,
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_user")  # the plans must know these people are there
    return len(wanted)


def reminders(today: dt.date, runs: int, send: int) -> dict:
    from django.conf import settings
    from django.db import connection, transaction

    from chidao.notifications import steps
    from chidao.notifications.models import OutboxMessage
    from chidao.notifications.sender import send_pending
    from chidao.tasks.models import TaskEvent
    from chidao.urging.planner import KIND, plan_reminders

    if sorted(steps.before_days()) != [1, 7]:
        raise SystemExit("the reminder baseline assumes CHIDAO_REMIND_BEFORE_DAYS=7,1")
    people = reminder_people()
    params = {"today": today, "horizon": steps.horizon(today),
              "escalate": max(settings.CHIDAO_ESCALATE_AFTER_DAYS, 1)}  # fmt: skip
    sql = REMINDER_SQL.replace(
        "SELECT t.id, s.step, u.id", f"SELECT t.id, s.step, u.id, {REMINDER_COLUMNS}", 1
    )  # noqa: E501
    last_message = OutboxMessage.objects.order_by("-id").values_list("id", flat=True).first() or 0

    # Ours is what the daily job runs: the due rows worded and written into the outbox by one
    # INSERT … SELECT, in a transaction rolled back after each run (the rows written, not
    # kept), against the hand SQL that only reads the same rows with the same columns.
    def ours(check=False):
        with transaction.atomic():
            queued = plan_reminders(today=today)
            found = None
            if check:
                found = set(OutboxMessage.objects.filter(id__gt=last_message, kind=KIND)
                            .values_list("subject_id", "step", "recipient_id"))  # fmt: skip
            transaction.set_rollback(True)
        return queued, found

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {row[:3] for row in cursor.fetchall()}

    def vacuum(table="notifications_outboxmessage"):
        # The rows a rolled-back run wrote stay in the outbox's indexes until a VACUUM, and
        # the next run's NOT EXISTS would walk them; autovacuum does it in production (it is
        # off on the bench's server), so it is done here, untimed.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")

    queued, due = ours(check=True)
    vacuum()
    if due != baseline() or queued != len(due):
        raise SystemExit("the planner and the hand SQL find different reminders")
    result = interleaved(ours, baseline, runs, tidy=vacuum)
    result.update({"reminders_due": len(due), "recipients": people})

    # Sending: queue the reminders (in-app only), keep the first `send`, deliver them all,
    # then remove every row this wrote, so the workload stays as built.
    last_event = TaskEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    try:
        plan_reminders(today=today)
        new = OutboxMessage.objects.filter(id__gt=last_message)
        cut = new.order_by("id").values_list("id", flat=True)[send : send + 1]
        if cut:  # in SQL: the ORM's delete reads every row first
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM notifications_outboxmessage WHERE id >= %s", [cut[0]])
        vacuum("notifications_outboxmessage")
        queued = new.count()
        before = load()
        took, sent = timed(lambda: send_pending(today=today))
        rate = sent / took if took else 0.0
        result["sending"] = {"queued": queued, "sent": sent, "seconds": took, "per_s": rate,
                             "load": f"{before} → {load()}"}  # fmt: skip
    finally:
        with connection.cursor() as cursor:  # in SQL: the ORM's delete reads every row first
            cursor.execute("DELETE FROM notifications_notification WHERE message_id > %s",
                           [last_message])  # fmt: skip
            cursor.execute("DELETE FROM notifications_outboxmessage WHERE id > %s", [last_message])
            cursor.execute("DELETE FROM tasks_taskevent WHERE id > %s AND kind = %s",
                           [last_event, TaskEvent.Kind.REMINDER.value])  # fmt: skip
        for table in ("notifications_notification", "notifications_outboxmessage"):
            vacuum(table)
    return result
