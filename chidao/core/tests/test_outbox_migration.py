"""The three former reminder tables move into the outbox on upgrade: a copy of the demo
database is taken back to before the move, given reminders (sent, pending) and in-app
notifications the old way, then migrated with `chidao migrate`: every reminder becomes an
outbox row in its state (a sent one is never sent again), every notification stays with its
user, read or unread, and the old tables are gone."""

import shutil
import sqlite3

from chidao.core.tests.checkout import Checkout, sqlite_pass_only

pytestmark = sqlite_pass_only

BEFORE = [
    ("urging", "0001_initial"),
    ("reports", "0003_consolidated_document_claim"),
    ("evaluation", "0002_evidencefile_is_a_stored_file"),
]
NOW = "2026-03-20 08:00:00"


def _one(db, sql, params=()):
    return db.execute(sql, params).fetchone()


def test_reminders_and_notifications_move_into_the_outbox(demo_checkout, tmp_path):
    var = tmp_path / "var"
    shutil.copytree(demo_checkout.var_dir, var, ignore=shutil.ignore_patterns("uploads"))
    checkout = Checkout(var)
    for app, name in BEFORE:
        done = checkout.chidao("migrate", app, name)
        assert done.returncode == 0, done.stderr[-3000:]

    with sqlite3.connect(var / "chidao.sqlite3") as db:
        task_id, title = _one(db, "SELECT id, title FROM tasks_task ORDER BY id LIMIT 1")
        user_id = _one(db, "SELECT id FROM accounts_user ORDER BY id LIMIT 1")[0]
        period_id, unit_id = _one(
            db, "SELECT reportperiod_id, unit_id FROM reports_reportperiod_units LIMIT 1"
        )
        cycle_id, cycle_unit = _one(db, "SELECT cycle_id, unit_id FROM evaluation_cycleunit")
        reminder = (
            "INSERT INTO urging_reminder (task_id, step, step_kind, recipient_id, channel, "
            "address, deadline, state, created_at, claimed_at, claim_token, sent_at, attempts, "
            "last_error) VALUES (?, ?, ?, ?, ?, ?, '2026-03-20', ?, ?, NULL, '', ?, 0, '')"
        )
        db.execute(
            reminder,
            (task_id, "due@2026-03-20", "due", user_id, "email", "a@b.vn", "sent", NOW, NOW),
        )
        db.execute(
            reminder,
            (task_id, "due@2026-03-20", "due", user_id, "in_app", "", "sent", NOW, NOW),
        )
        in_app = db.execute("SELECT last_insert_rowid()").fetchone()[0]
        db.execute(
            reminder,
            (task_id, "overdue-1@2026-03-20", "overdue", user_id, "email", "a@b.vn", "pending",
             NOW, None),
        )  # fmt: skip
        db.execute(
            "INSERT INTO urging_notification (user_id, task_id, reminder_id, message, "
            "created_at, read_at) VALUES (?, ?, ?, ?, ?, NULL)",
            (user_id, task_id, in_app, f"Nhiệm vụ đến hạn hôm nay: “{title}”", NOW),
        )
        db.execute(
            "INSERT INTO urging_notification (user_id, task_id, reminder_id, message, "
            "created_at, read_at) VALUES (?, NULL, NULL, ?, ?, ?)",
            (user_id, f"Sắp đến hạn nộp báo cáo. /reports/periods/{period_id}/units/1/", NOW, NOW),
        )
        db.execute(
            "INSERT INTO reports_reportreminder (period_id, unit_id, step, recipient_id, "
            "channel, address, state, created_at, claim_token, attempts, last_error, sent_at) "
            "VALUES (?, ?, 'before-7@2026-03-27', ?, 'email', 'a@b.vn', 'sent', ?, '', 0, '', ?)",
            (period_id, unit_id, user_id, NOW, NOW),
        )
        db.execute(
            "INSERT INTO evaluation_selfassessmentreminder (cycle_id, unit_id, step, "
            "recipient_id, created_at) VALUES (?, ?, 'before-1@2026-03-21', ?, ?)",
            (cycle_id, cycle_unit, user_id, NOW),
        )
    db.close()

    done = checkout.chidao("migrate")
    assert done.returncode == 0, done.stderr[-3000:]

    with sqlite3.connect(var / "chidao.sqlite3") as db:
        rows = db.execute(
            "SELECT kind, subject_key, step, channel, state, created_at FROM "
            "notifications_outboxmessage WHERE recipient_id = ? AND kind IN "
            "('task.reminder', 'report.reminder', 'evaluation.self_assessment_due') "
            "ORDER BY id",
            (user_id,),
        ).fetchall()
        notifications = db.execute(
            "SELECT n.kind, n.url, n.read_at IS NOT NULL, m.state FROM "
            "notifications_notification n LEFT JOIN notifications_outboxmessage m "
            "ON n.message_id = m.id WHERE n.user_id = ? AND n.kind IN "
            "('task.reminder', 'report.reminder') ORDER BY n.id",
            (user_id,),
        ).fetchall()
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()

    task_key = f"tasks.task:{task_id}"
    assert sorted(r[:5] for r in rows) == sorted(
        [
            ("task.reminder", task_key, "due@2026-03-20", "email", "sent"),
            ("task.reminder", task_key, "due@2026-03-20", "in_app", "sent"),
            ("task.reminder", task_key, "overdue-1@2026-03-20", "email", "pending"),
            (
                "report.reminder",
                f"reports.reportperiod:{period_id}/unit:{unit_id}",
                "before-7@2026-03-27",
                "email",
                "sent",
            ),
            (
                "evaluation.self_assessment_due",
                f"evaluation.evaluationcycle:{cycle_id}/unit:{cycle_unit}",
                "before-1@2026-03-21",
                "in_app",
                "sent",
            ),
        ]
    )
    assert all(r[5].startswith("2026-03-20") for r in rows)  # their own dates, kept
    assert notifications == [
        ("task.reminder", f"/tasks/{task_id}/", 0, "sent"),
        ("report.reminder", f"/reports/periods/{period_id}/units/1/", 1, None),
    ]
    assert not tables & {
        "urging_reminder",
        "urging_notification",
        "reports_reportreminder",
        "evaluation_selfassessmentreminder",
    }
