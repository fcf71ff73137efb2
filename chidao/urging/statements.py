"""The reminder planning's SQL: what is due (`due_sql`), worded (`worded_sql`), and queued
in the outbox by the database itself (`queue_sql`), on PostgreSQL and SQLite.

Why in SQL: at national scale (1M tasks, ~180,000 reminders due on a day) building and
saving one Python object per (task, step, recipient) cost 7–10× the statement that finds
them. Here the sentences are translated once in Python and handed in as parameters; the
database fills them in (`template_sql`), so the wording is the same as `planner._wording`
(a test compares both) and no row passes through Python.
"""

import re

from chidao.notifications import steps

# One statement finds every (task, step, recipient) due today that was not planned yet. `days`
# is the number of days left (negative when overdue); the CASEs are `deadline_step` and
# `step_rank` in SQL. A step is left out when the recipient already has it, or (for the focal
# steps) already has a further step of the same deadline: a wider before-N is never planned
# after a tighter step (a catch-up run as of an earlier day).
_DUE_CTES = """
WITH open_tasks AS (
    SELECT t.id, t.title, t.deadline, t.percent, t.last_progress_on, t.lead_unit_id,
        c.name AS committee_name, n.name AS unit_name, {days} AS days, {iso} AS deadline_iso
    FROM tasks_task t
    -- the names once a task, not once a recipient
    JOIN committees_committee c ON c.id = t.committee_id
    JOIN units_unit n ON n.id = t.lead_unit_id
    WHERE t.completed_on IS NULL AND t.cancelled_on IS NULL AND t.deadline <= %(horizon)s
), due AS (
    SELECT o.*, {focal_kind} AS step_kind, {focal_rank} AS step_rank, %(focal)s AS role
    FROM open_tasks o
    UNION ALL
    SELECT o.*, %(escalation)s, NULL, %(leader)s
    FROM open_tasks o WHERE o.days <= -%(escalate_after)s
), keyed AS (
    SELECT d.*, (CASE d.step_kind WHEN 'before' THEN 'before-' || CAST(-d.step_rank AS TEXT)
                 WHEN 'overdue' THEN 'overdue-' || CAST(d.step_rank AS TEXT)
                 ELSE d.step_kind END) || '@' || d.deadline_iso AS step,
        'tasks.task:' || CAST(d.id AS TEXT) AS subject_key
    FROM due d WHERE d.step_kind IS NOT NULL
), recipients AS (
    SELECT k.*, u.id AS user_id, u.email
    FROM keyed k
    JOIN accounts_user u ON u.unit_id = k.lead_unit_id AND u.is_active AND u.role = k.role
    WHERE NOT EXISTS (
        SELECT 1 FROM notifications_outboxmessage m
        WHERE m.kind = %(kind)s AND m.subject_key = k.subject_key AND m.recipient_id = u.id
          AND (m.step = k.step OR (k.step_rank IS NOT NULL
               AND substr(m.step, {at}(m.step, '@') + 1) = k.deadline_iso
               AND (CASE WHEN m.step LIKE 'before-%%'
                         THEN -CAST(substr(m.step, 8, {at}(m.step, '@') - 8) AS INTEGER)
                         WHEN m.step LIKE 'due@%%' THEN 0
                         WHEN m.step LIKE 'overdue-%%'
                         THEN CAST(substr(m.step, 9, {at}(m.step, '@') - 9) AS INTEGER)
                    END) > k.step_rank))
    )
)"""

_DUE_SELECT = """
SELECT r.id, r.title, r.deadline, r.percent, r.last_progress_on, r.step, r.step_kind,
    r.user_id, r.committee_name, r.unit_name
FROM recipients r
"""

# The wording of each row: the translated sentences (parameters) with their placeholders
# filled in by the database; {headline}, {status}, {late} and {vn_date} are built by
# `_wording_parts`.
_WORDED = """, worded AS (
    SELECT r.*, {headline} AS headline, {status} AS status_label, {vn_date} AS deadline_vn
    FROM recipients r
)"""

# In-app for every recipient, e-mail as well for those with an address (held for the daily
# digest when they chose it): what `notifications.services.enqueue` writes for a notice, but
# the body only on the e-mail rows, the one channel that delivers it (an in-app notification
# is its title and link; the body was ~1 KB of each of the ~180,000 rows of a national run,
# worded and written for no reader). The unique key (subject, step, recipient, channel) keeps
# one row each when two planners race (see `planner.plan_reminders` for when ON CONFLICT is
# added). `WHERE 1 = 1` is SQLite's way to tell the upsert clause from a join's ON.
# The WITH goes after INSERT: Python's sqlite3 counts the rows written only for a statement
# that starts with INSERT.
_INSERT = """
INSERT INTO notifications_outboxmessage (kind, subject_key, subject_type_id, subject_id, step,
    recipient_id, channel, digest, address, title, body, url, data, state, created_at,
    claim_token, attempts, last_error)
"""
_INSERT_SELECT = """
SELECT %(kind)s, w.subject_key, %(subject_type)s, w.id, w.step, w.user_id, ch.channel,
    CASE WHEN ch.channel = 'email' THEN COALESCE(p.email_digest, %(false)s) ELSE %(false)s END,
    CASE WHEN ch.channel = 'email' THEN w.email ELSE '' END,
    substr({title}, 1, 250), CASE WHEN ch.channel = 'email' THEN {body} ELSE '' END,
    '/tasks/' || CAST(w.id AS TEXT) || '/', {data},
    'pending', %(now)s, '', 0, ''
FROM worded w
JOIN (SELECT 'in_app' AS channel UNION ALL SELECT 'email') ch
    ON ch.channel = 'in_app' OR w.email <> ''
LEFT JOIN notifications_preference p ON p.user_id = w.user_id
WHERE 1 = 1
"""

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")


def template_sql(template: str, values: dict[str, str], params: dict, prefix: str) -> str:
    """A Python %-template (a translated sentence) as an SQL concatenation: its literal parts
    become parameters named `prefix…` (added to `params`), its placeholders the SQL
    expressions of `values`."""
    parts, literal, position = [], "", 0

    def flush():
        nonlocal literal
        if literal:
            name = f"{prefix}{len(parts)}"
            params[name] = literal
            # typed, so PostgreSQL never meets `unknown || unknown`
            parts.append(f"CAST(%({name})s AS TEXT)")
            literal = ""

    for match in _PLACEHOLDER.finditer(template):
        literal += template[position : match.start()]
        position = match.end()
        if match.group(0) == "%%":
            literal += "%"
            continue
        flush()
        parts.append(f"CAST({values[match.group(1)]} AS TEXT)")
    literal += template[position:]
    flush()
    return " || ".join(parts) or "''"


def _vendor(vendor: str) -> dict:
    """Days between dates, dates as text and the position of a character: the only
    differences between PostgreSQL and SQLite here."""
    if vendor == "postgresql":
        return {
            "days": "(t.deadline - %(today)s::date)",
            "iso": "to_char(t.deadline, 'YYYY-MM-DD')",
            "at": "strpos",
            "vn_date": "to_char(r.deadline, 'DD/MM/YYYY')",
            "data": "jsonb_build_object('deadline', w.deadline_iso, 'step_kind', w.step_kind)",
        }
    return {
        "days": "CAST(julianday(t.deadline) - julianday(%(today)s) AS INTEGER)",
        "iso": "t.deadline",
        "at": "instr",
        "vn_date": "strftime('%%d/%%m/%%Y', r.deadline)",
        "data": "json_object('deadline', w.deadline_iso, 'step_kind', w.step_kind)",
    }


def _due_ctes(vendor: str) -> str:
    sql = _vendor(vendor)
    before = steps.before_days()
    windows = " ".join(f"WHEN o.days <= {n} THEN {n}" for n in before)
    before_kind = (
        "WHEN o.days > 0 THEN NULL"
        if not before
        else (f"WHEN o.days > 0 AND o.days <= {before[-1]} THEN 'before' WHEN o.days > 0 THEN NULL")
    )
    focal_kind = f"CASE {before_kind} WHEN o.days = 0 THEN 'due' ELSE 'overdue' END"
    before_rank = f"WHEN o.days > 0 THEN -(CASE {windows} END)" if before else ""
    focal_rank = f"CASE {before_rank} WHEN o.days = 0 THEN 0 ELSE (-o.days) / 7 + 1 END"
    return _DUE_CTES.format(
        days=sql["days"], iso=sql["iso"], at=sql["at"], focal_kind=focal_kind, focal_rank=focal_rank
    )


def due_sql(vendor: str) -> str:
    """The due (task, step, recipient) rows with what their wording needs."""
    return _due_ctes(vendor) + _DUE_SELECT


def _wording_parts(texts: dict, params: dict, due_soon: int) -> dict:
    """The SQL of the headline, status and closing sentence of `planner._wording`, with the
    sentences as parameters (added to `params`)."""
    abs_days = "(CASE WHEN r.days < 0 THEN -r.days ELSE r.days END)"
    headline = " ".join(
        f"WHEN '{kind}' THEN {template_sql(texts[kind], {'days': abs_days}, params, f'h_{kind}_')}"
        for kind in (steps.BEFORE, steps.DUE, steps.OVERDUE, "escalation")
    )
    labels = texts["statuses"]
    for key in ("overdue", "due_soon", "in_progress", "not_started"):
        params[f"s_{key}"] = labels[key]
    params["due_soon"] = due_soon
    status = (
        "CASE WHEN r.days < 0 THEN %(s_overdue)s WHEN r.days <= %(due_soon)s THEN %(s_due_soon)s"
        " WHEN r.last_progress_on IS NOT NULL OR r.percent > 0 THEN %(s_in_progress)s"
        " ELSE %(s_not_started)s END"
    )
    params["late"], params["on_time"] = texts["late"], texts["on_time"]
    return {"headline": f"CASE r.step_kind {headline} END", "status": status}


def queue_sql(
    vendor: str, texts: dict, params: dict, due_soon: int, *, on_conflict: bool = False
) -> str:
    """INSERT … SELECT of the due rows, worded, into the outbox (new rows only); with
    `on_conflict`, rows another planner inserted meanwhile are skipped instead of failing."""
    parts = _wording_parts(texts, params, due_soon)
    worded = _WORDED.format(vn_date=_vendor(vendor)["vn_date"], **parts)
    params["newline"] = "\n"
    nl = " || %(newline)s || "
    column = {"title": "w.title", "committee": "w.committee_name", "unit": "w.unit_name",
              "deadline": "w.deadline_vn", "status": "w.status_label", "percent": "w.percent",
              "headline": "w.headline"}  # fmt: skip

    def line(key):
        return template_sql(texts[key], column, params, f"t_{key}_")

    closing = (
        "CASE WHEN w.step_kind IN ('overdue', 'escalation') THEN %(late)s ELSE %(on_time)s END"
    )
    body = nl.join(
        [line("task"), line("committee"), line("unit"), line("deadline"), line("status")]
    )
    body = f"{body}{nl}''{nl}{closing}"
    return (
        _INSERT
        + _due_ctes(vendor)
        + worded
        + _INSERT_SELECT.format(title=line("title"), body=body, data=_vendor(vendor)["data"])
        + ("ON CONFLICT DO NOTHING" if on_conflict else "")
    )


# The timeline's record of each reminder sent (`planner.on_sent`), written by the database
# from the outbox rows: the sender delivers a thousand in-app reminders a batch.
_EVENTS = """
INSERT INTO tasks_taskevent (task_id, kind, effective_on, created_at, actor_id, actor_label,
    data)
SELECT m.subject_id, %(event_kind)s, %(today)s, %(now)s, NULL, %(label)s, {data}
FROM notifications_outboxmessage m
JOIN accounts_user u ON u.id = m.recipient_id
WHERE m.id IN ({ids})
"""


def events_sql(vendor: str, ids: list[int], params: dict) -> str:
    """INSERT … SELECT of the reminder events of these outbox rows (ids added to `params`)."""
    build = "jsonb_build_object" if vendor == "postgresql" else "json_object"
    data = (
        f"{build}('reminder', m.id, 'step', m.step,"
        " 'step_kind', COALESCE(m.data ->> 'step_kind', ''), 'channel', m.channel,"
        " 'recipient', u.username, 'recipient_id', m.recipient_id,"
        " 'deadline', COALESCE(m.data ->> 'deadline', ''))"
    )
    names = []
    for number, pk in enumerate(ids):
        params[f"id{number}"] = pk
        names.append(f"%(id{number})s")
    return _EVENTS.format(data=data, ids=", ".join(names))
