"""Planning reminders: which steps are due, to whom, once; extensions re-arm; escalation.

The helpers at the top build tasks on the real demo register and are shared by the other
test modules of this app."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from chidao.accounts.models import Role
from chidao.accounts.tests.factories import UserFactory, unit_named
from chidao.committees.models import Committee
from chidao.core.policy import SystemActor
from chidao.notifications.models import OutboxMessage, Preference
from chidao.tasks import services as task_services
from chidao.tasks.models import Domain
from chidao.urging.planner import KIND, due_steps, plan, plan_reminders, step_rank

COMMITTEE_818 = "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội"
TODAY = dt.date(2026, 3, 24)


# -- shared helpers --------------------------------------------------------------------------


def committee_818() -> Committee:
    return Committee.objects.get(name=COMMITTEE_818)


def task_domain() -> Domain:
    domain, _ = Domain.objects.get_or_create(
        code="cchc-thu-nghiem-don-doc",
        defaults={"name": "Cải cách thủ tục hành chính", "area": Domain.Area.ADMINISTRATIVE_REFORM},
    )
    return domain


def make_task(
    *,
    deadline: dt.date,
    unit_name: str = "Sở Nội vụ",
    title: str | None = None,
    assigned_on: dt.date | None = None,
    committee: Committee | None = None,
):
    """A task given by the system (as a command would) on a real demo unit; the title carries
    a unique marker, so messages about it can be told from any others."""
    return task_services.task_create(
        actor=SystemActor("test"),
        committee=committee or committee_818(),
        title=title or f"Rà soát thủ tục hành chính {uuid.uuid4().hex[:8]}",
        domain=task_domain(),
        lead_unit=unit_named(unit_name),
        deadline=deadline,
        assigned_on=assigned_on or min(deadline, TODAY) - dt.timedelta(days=60),
        audit=False,
    )


def make_user(unit_name: str = "Sở Nội vụ", role=Role.FOCAL, email: str | None = "", **extra):
    """A user of a demo unit; email None means no address, "" a generated one."""
    username = f"u{uuid.uuid4().hex[:10]}"
    address = f"{username}@noivu.hanoi.gov.vn" if email == "" else (email or "")
    return UserFactory(
        username=username, role=role, unit=unit_named(unit_name), email=address, **extra
    )


def reminders_of(task, **filters):
    """The task's reminders in the outbox."""
    return OutboxMessage.objects.filter(kind=KIND, subject_key=f"tasks.task:{task.pk}", **filters)


def reminder_mails(task, outbox) -> list:
    """The e-mails of `outbox` (parsed messages with a Message-ID) that are the task's
    reminders (the outbox's Message-ID names its row: <chidao.outbox.PK.STAMP@host>)."""
    ids = set(reminders_of(task).values_list("pk", flat=True))
    return [m for m in outbox if int(_message_id(m).split(".")[2]) in ids]


def _message_id(message) -> str:
    if isinstance(message, dict):
        return message["message_id"]
    return message.extra_headers["Message-ID"]


def steps_of(task, **filters) -> set[tuple[str, int, str]]:
    return set(reminders_of(task, **filters).values_list("step", "recipient_id", "channel"))


# -- due steps (pure) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [
        (30, []),
        (8, []),
        (7, ["before-7"]),
        (5, ["before-7"]),
        (2, ["before-7"]),
        (1, ["before-1"]),
        (0, ["due"]),
        (-1, ["overdue-1"]),
        (-6, ["overdue-1"]),
        (-7, ["overdue-2"]),
        (-13, ["overdue-2"]),
        (-14, ["overdue-3", "escalation"]),
        (-40, ["overdue-6", "escalation"]),
    ],
)
def test_due_steps(days_left, expected, settings):
    settings.CHIDAO_REMIND_BEFORE_DAYS = [7, 1]
    settings.CHIDAO_ESCALATE_AFTER_DAYS = 14
    deadline = TODAY + dt.timedelta(days=days_left)
    steps = [step for step, _kind in due_steps(deadline, TODAY)]
    assert steps == [f"{name}@{deadline.isoformat()}" for name in expected]


def test_step_rank_orders_the_focal_steps():
    keys = ["before-7@x", "before-1@x", "due@x", "overdue-1@x", "overdue-2@x"]
    assert [step_rank(k) for k in keys] == sorted(step_rank(k) for k in keys)
    assert step_rank("escalation@x") is None


# -- planning --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_plans_email_and_in_app_for_each_active_focal_person_of_the_lead_unit():
    task = make_task(deadline=TODAY + dt.timedelta(days=7))
    with_email = make_user()
    without_email = make_user(email=None)
    make_user(is_active=False)  # inactive: nobody to remind
    make_user(role=Role.VIEWER)  # not a focal person
    make_user(unit_name="Sở Tư pháp")  # another unit

    plan_reminders(today=TODAY)

    step = f"before-7@{task.deadline.isoformat()}"
    assert steps_of(task) == {
        (step, with_email.pk, "email"),
        (step, with_email.pk, "in_app"),
        (step, without_email.pk, "in_app"),
    }
    email_row = reminders_of(task, channel="email").get()
    assert email_row.address == with_email.email
    assert email_row.data["step_kind"] == "before"
    assert email_row.data["deadline"] == task.deadline.isoformat()
    assert email_row.state == OutboxMessage.State.PENDING


@pytest.mark.django_db
def test_planning_twice_inserts_nothing_more():
    task = make_task(deadline=TODAY)
    make_user()
    assert plan_reminders(today=TODAY) >= 2
    before = reminders_of(task).count()
    plan_reminders(today=TODAY)
    assert reminders_of(task).count() == before == 2
    assert set(reminders_of(task).values_list("step", flat=True)) == {f"due@{TODAY}"}


@pytest.mark.django_db
def test_only_the_tightest_window_is_planned_and_never_a_wider_one_afterwards():
    task = make_task(deadline=TODAY + dt.timedelta(days=1))
    make_user(email=None)
    plan_reminders(today=TODAY)  # one day left: before-1, not before-7
    assert set(reminders_of(task).values_list("step", flat=True)) == {f"before-1@{task.deadline}"}
    # Run as of an earlier day (a catch-up run): before-7 would be due then, but before-1
    # was already planned for this deadline, so the wider step is not planned any more.
    plan_reminders(today=TODAY - dt.timedelta(days=3))
    assert set(reminders_of(task).values_list("step", flat=True)) == {f"before-1@{task.deadline}"}


@pytest.mark.django_db
def test_far_completed_and_cancelled_tasks_get_no_reminder():
    far = make_task(deadline=TODAY + dt.timedelta(days=30))
    done = make_task(deadline=TODAY - dt.timedelta(days=3))
    cancelled = make_task(deadline=TODAY - dt.timedelta(days=3))
    make_user()
    task_services.progress_report(
        actor=SystemActor("test"),
        task=done,
        note="Đã hoàn thành",
        completed=True,
        reported_on=TODAY,
    )
    task_services.task_cancel(actor=SystemActor("test"), task=cancelled, reason="Không còn phù hợp")
    plan_reminders(today=TODAY)
    assert not OutboxMessage.objects.filter(
        kind=KIND, subject_id__in=[far.pk, done.pk, cancelled.pk]
    ).exists()


@pytest.mark.django_db
def test_weekly_while_overdue():
    task = make_task(deadline=TODAY - dt.timedelta(days=1))
    make_user(email=None)
    for day in range(0, 15):
        plan_reminders(today=TODAY + dt.timedelta(days=day))
    steps = set(reminders_of(task).values_list("step", flat=True))
    deadline = task.deadline.isoformat()
    assert steps == {f"overdue-{k}@{deadline}" for k in (1, 2, 3)}


@pytest.mark.django_db
def test_an_extension_re_arms_the_reminders():
    task = make_task(deadline=TODAY + dt.timedelta(days=1))
    focal = make_user(email=None)
    plan_reminders(today=TODAY)
    assert steps_of(task) == {(f"before-1@{task.deadline}", focal.pk, "in_app")}

    new_deadline = TODAY + dt.timedelta(days=30)
    request = task_services.extension_request(
        actor=focal, task=task, reason="Chờ ý kiến của Bộ", requested_deadline=new_deadline
    )
    task_services.extension_decide(actor=SystemActor("test"), request=request, approve=True)

    plan_reminders(today=new_deadline - dt.timedelta(days=7))
    plan_reminders(today=new_deadline - dt.timedelta(days=1))
    assert set(reminders_of(task).values_list("step", flat=True)) == {
        f"before-1@{TODAY + dt.timedelta(days=1)}",
        f"before-7@{new_deadline}",
        f"before-1@{new_deadline}",
    }


@pytest.mark.django_db
def test_escalation_goes_to_the_lead_units_leaders_after_the_set_days(settings):
    settings.CHIDAO_ESCALATE_AFTER_DAYS = 14
    task = make_task(deadline=TODAY - dt.timedelta(days=13))
    focal = make_user()
    leader = make_user(role=Role.LEADER)
    make_user(role=Role.LEADER, unit_name="Sở Tư pháp")  # another unit's leader

    plan_reminders(today=TODAY)  # 13 days overdue: not yet
    assert not reminders_of(task, data__step_kind="escalation").exists()
    assert not reminders_of(task, recipient=leader).exists()

    plan_reminders(today=TODAY + dt.timedelta(days=1))  # 14 days overdue
    escalations = reminders_of(task, data__step_kind="escalation")
    assert set(escalations.values_list("recipient_id", "channel")) == {
        (leader.pk, "email"),
        (leader.pk, "in_app"),
    }
    # the focal person keeps getting the weekly overdue reminder, not the escalation
    assert reminders_of(task, recipient=focal, data__step_kind="overdue").exists()
    plan_reminders(today=TODAY + dt.timedelta(days=20))
    assert escalations.count() == 2  # once


@pytest.mark.django_db
def test_planning_is_set_based():
    def queries_for(n_tasks: int, day: dt.date) -> int:
        for _ in range(n_tasks):
            make_task(deadline=day)
        with CaptureQueriesContext(connection) as captured:
            plan_reminders(today=day)
        return len(captured)

    make_user()
    make_user(unit_name="Sở Tư pháp")
    few = queries_for(1, TODAY + dt.timedelta(days=100))
    many = queries_for(12, TODAY + dt.timedelta(days=200))
    assert many == few <= 6


@pytest.mark.django_db
def test_the_planning_statement_finds_the_steps_of_the_schedule(settings):
    """The steps the one SQL statement computes are `due_steps`' for every distance to the
    deadline, from 40 days late to beyond the widest window, focal steps to the focal person
    and escalations to the leader."""
    settings.CHIDAO_REMIND_BEFORE_DAYS = [7, 3, 1]
    settings.CHIDAO_ESCALATE_AFTER_DAYS = 10
    focal = make_user(email=None)
    leader = make_user(role=Role.LEADER, email=None)
    tasks = [make_task(deadline=TODAY + dt.timedelta(days=d)) for d in range(-40, 10)]

    planned = {(n.subject.pk, n.step, n.recipient.pk) for n in plan(today=TODAY)}

    expected = {
        (task.pk, step, (leader if kind == "escalation" else focal).pk)
        for task in tasks
        for step, kind in due_steps(task.deadline, TODAY)
    }
    assert {row for row in planned if row[0] in {t.pk for t in tasks}} == expected
    assert len(expected) == 40 + 1 + 7 + 31  # overdue, due, before, escalations


@pytest.mark.django_db
def test_the_database_words_and_queues_what_the_planner_returns(settings):
    """`plan_reminders` writes the outbox in one statement, the sentences filled in by the
    database: the same rows, titles, bodies, links and data as `plan`'s notices worded in
    Python, on every step and status; an e-mail row as well for an address, held for the
    digest when its owner chose it. The body only on the e-mail rows: an in-app notification
    shows the title and the link, never the body."""
    settings.CHIDAO_REMIND_BEFORE_DAYS = [7, 1]
    settings.CHIDAO_ESCALATE_AFTER_DAYS = 14
    focal = make_user(email=None)
    digest = make_user()
    Preference.objects.create(user=digest, email_digest=True)
    leader = make_user(role=Role.LEADER)
    tasks = [make_task(deadline=TODAY + dt.timedelta(days=d)) for d in (-20, -3, 0, 1, 5)]
    tasks.append(make_task(deadline=TODAY + dt.timedelta(days=7), title="Việc 100% “khó”"))
    task_services.progress_report(
        actor=SystemActor("test"), task=tasks[-1], note="Đang làm", percent=40, reported_on=TODAY
    )
    ours = {t.pk for t in tasks}
    notices = [n for n in plan(today=TODAY) if n.subject.pk in ours]
    expected = set()
    for n in notices:
        channels = ["in_app"] + (["email"] if n.recipient.email else [])
        for channel in channels:
            digested = channel == "email" and n.recipient == digest
            body = n.body if channel == "email" else ""  # in-app: the title and the link
            expected.add((n.subject.pk, n.step, n.recipient.pk, channel, digested, n.title,
                          body, n.url, n.data["deadline"], n.data["step_kind"]))  # fmt: skip

    with CaptureQueriesContext(connection) as captured:
        queued = plan_reminders(today=TODAY)
    rows = OutboxMessage.objects.filter(kind=KIND, subject_id__in=ours)
    got = {(r.subject_id, r.step, r.recipient_id, r.channel, r.digest, r.title, r.body, r.url,
            r.data["deadline"], r.data["step_kind"]) for r in rows}  # fmt: skip
    assert got == expected
    assert queued >= len(expected) and len(expected) > 12
    assert {r[2] for r in got} == {focal.pk, digest.pk, leader.pk}
    assert (
        rows.filter(channel="email").exclude(address="").count()
        == rows.filter(channel="email").count()
    )
    assert len(captured) <= 3  # the content type (cached after once), the statement
    assert plan_reminders(today=TODAY) == 0


@pytest.mark.django_db
def test_a_row_inserted_meanwhile_is_skipped_not_fatal():
    """The planning INSERT is refused by the unique key when another writer queued one of
    its rows in between (here a row the statement's NOT EXISTS cannot see: another kind on
    the same key); it runs again skipping that row, and queues the rest."""
    task = make_task(deadline=TODAY)
    first, second = make_user(email=None), make_user(email=None)
    step = f"due@{TODAY.isoformat()}"
    OutboxMessage.objects.create(
        kind="other.kind", subject_key=f"tasks.task:{task.pk}", step=step,
        recipient=first, channel="in_app", title="Đã có",
    )  # fmt: skip
    assert plan_reminders(today=TODAY) >= 1
    rows = OutboxMessage.objects.filter(subject_key=f"tasks.task:{task.pk}")
    assert set(rows.values_list("kind", "step", "recipient_id")) == {
        ("other.kind", step, first.pk),
        (KIND, step, second.pk),
    }
