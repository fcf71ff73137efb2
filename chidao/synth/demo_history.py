"""Two years of SYNTHETIC history for the demo committee (818/QĐ-UBND, 2023).

The demo plan (chidao.tasks.demo) lives around today; this adds the eight quarters before
it, ending with the last full quarter, so that the leaders' dashboard, the consolidated
reports and the rankings show real shapes: tasks assigned each quarter and done on time,
late or not at all, extensions approved and refused, a task cancelled, reminders sent, and
the quarterly reports of each past quarter submitted on time, late or not at all (the units
that never sent one reminded on the deadline and each week after, the standing agency told).

Nothing here is real: the plans are "[Dữ liệu mô phỏng]" documents of a source that says
so, the tasks and the reporting regime are flagged `synthetic`. Every write goes through the
services with a system actor; the dates the services stamp "today" (an extension's request
and decision, a cancellation) are then set to the day they stand for, as the reports demo
does with submission times. The notices those past events queued are settled as delivered
and read (they belong to the past); the reminders are the urging planner's own notices for
that day, recorded on the task's timeline when "sent".

Units: Hanoi's departments and agencies that existed throughout the two years, and the demo
communes from the quarter after the two-tier reform (1 July 2025), when they came to be.
Each unit follows a profile (reliable, average, struggling, improving) so the rankings and
trends have something to show. Deterministic: the same today gives the same history.

Loading is idempotent: when the history's source exists, nothing is done.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from chidao.accounts.models import Role, User
from chidao.core import policy
from chidao.documents.models import LegalDocument, Source
from chidao.notifications import sender
from chidao.notifications.models import Notification, OutboxMessage
from chidao.notifications.services import enqueue
from chidao.reports import demo as reports_demo
from chidao.reports import notices as report_notices
from chidao.reports import periods
from chidao.reports import services as report_services
from chidao.tasks import demo as tasks_demo
from chidao.tasks import services
from chidao.tasks.models import ExtensionRequest, Task, TaskEvent, TaskSource
from chidao.units.hanoi_agencies import HANOI_PROVINCE_ID, hanoi_peoples_committee
from chidao.units.models import Unit
from chidao.urging import planner

ACTOR = policy.SystemActor("chidao load-demo-history")
SOURCE_KEY = "synthetic:demo-history"
QUARTERS = 8
DAY = dt.timedelta(days=1)
COMMUNES_FROM = dt.date(2025, 7, 1)  # two-tier local government (Law 72/2025/QH15)

# Outcomes of one task: on time, late, never done (overdue today), extended then on time,
# extension refused then late, cancelled.
ON_TIME, LATE, NEVER, EXTENDED, REFUSED, CANCELLED = "O", "L", "N", "E", "R", "C"

# One outcome per quarter, oldest first (a commune's first quarters are before it existed
# and are skipped).
PROFILES = {
    "reliable": "OOOEOOOO",
    "good": "OLOOEOOO",
    "average": "LOEOLROO",
    "struggling": "LNRLCLNL",
    "improving": "NLLREOOO",
    "new_commune": "---LNLOE",
    "steady_commune": "---OLOOO",
}
UNITS = [
    ("Sở Nội vụ", "reliable"),
    ("Văn phòng Ủy ban nhân dân thành phố", "reliable"),
    ("Thanh tra thành phố", "good"),
    ("Sở Tư pháp", "good"),
    ("Sở Tài chính", "good"),
    ("Sở Giáo dục và Đào tạo", "average"),
    ("Sở Khoa học và Công nghệ", "average"),
    ("Sở Y tế", "average"),
    ("Sở Công Thương", "improving"),
    ("Sở Văn hóa và Thể thao", "improving"),
    ("Sở Xây dựng", "struggling"),
    ("Sở Quy hoạch - Kiến trúc", "struggling"),
    ("Phường Hoàn Kiếm", "new_commune"),
    ("Phường Cầu Giấy", "steady_commune"),
    ("Xã Sóc Sơn", "new_commune"),
    ("Phường Hà Đông", "steady_commune"),
]
TITLES = [
    "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền",
    "Báo cáo kết quả kiểm tra công tác cải cách hành chính",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Cung cấp dịch vụ công trực tuyến toàn trình",
    "Kết nối, chia sẻ dữ liệu với cơ sở dữ liệu quốc gia về dân cư",
    "Tự đánh giá, chấm điểm Chỉ số cải cách hành chính",
    "Thanh toán trực tuyến phí, lệ phí thủ tục hành chính",
    "Tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
]
# Report periods: (units missing, units late) by position in the period's unit list.
REPORTS = [((3,), (5, 9)), ((7,), (2,)), ((), (4, 11)), ((10,), (6,))]


class HistoryError(tasks_demo.DemoError):
    """A prerequisite of the demo history is missing; the message says which."""


@dataclass
class HistoryResult:
    created: bool
    tasks: int = 0
    periods: int = 0
    reminders: int = 0
    report_reminders: int = 0
    first: dt.date | None = None
    last: dt.date | None = None


def history_source() -> Source | None:
    return Source.objects.filter(key=SOURCE_KEY).first()


def past_quarters(today: dt.date, count: int = QUARTERS) -> list[periods.Window]:
    """The last `count` full quarters before today, oldest first (Decree 09 windows)."""
    windows = periods.periods_between(periods.QUARTERLY, today - 800 * DAY, today - DAY)
    return [w for w in windows if w.data_to < today][-count:]


def _units(today: dt.date) -> list[tuple[Unit, str]]:
    agencies = {
        u.name: u
        for u in Unit.objects.filter(parent=hanoi_peoples_committee()).filter(valid_to__isnull=True)
    }
    communes = {
        u.name: u
        for u in Unit.objects.filter(
            kind=Unit.Kind.COMMUNE,
            province__external_id=HANOI_PROVINCE_ID,
            name__in=[name for name, _p in UNITS],
            valid_from=COMMUNES_FROM,
        )
    }
    found = [
        (agencies.get(name) or communes.get(name), profile)
        for name, profile in UNITS
        if agencies.get(name) or communes.get(name)
    ]
    if len(found) < 6:
        raise HistoryError("Chưa có đơn vị Hà Nội: hãy chạy `chidao load-demo` trước.")
    return found


def _documents(committee, windows) -> dict[int, TaskSource]:
    """One synthetic plan per year of the history: {year: its task source}."""
    source = Source.objects.create(
        key=SOURCE_KEY,
        kind=Source.Kind.ENTRY,
        title="Dữ liệu mô phỏng: lịch sử hai năm để trình diễn chidao — không phải dữ liệu thật",
        note="Kế hoạch, nhiệm vụ, gia hạn, đôn đốc và báo cáo do `chidao load-demo-history` tạo.",
    )
    plans = {}
    for year in sorted({w.data_from.year for w in windows} | {w.data_to.year for w in windows}):
        first = min(w.data_from for w in windows)
        document = LegalDocument.objects.create(
            number=f"DEMO-{year}/KH-BCĐ",
            doc_type=LegalDocument.Type.PLAN,
            date=max(dt.date(year, 1, 5), first),
            issuer=hanoi_peoples_committee(),
            title=(
                f"[Dữ liệu mô phỏng] Kế hoạch cải cách hành chính, chuyển đổi số năm {year} "
                "của Ban Chỉ đạo"
            ),
            source=source,
            note="Văn bản mô phỏng, dùng để trình diễn; không có giá trị pháp lý.",
        )
        plans[year] = TaskSource.objects.create(
            document=document, committee=committee, synthetic=True
        )
    return plans


def _focal_people() -> dict[int, list[User]]:
    people: dict[int, list[User]] = {}
    for user in User.objects.filter(
        is_active=True, role__in=[Role.FOCAL, Role.LEADER], unit__isnull=False
    ).order_by("pk"):
        people.setdefault(user.unit_id, []).append(user)
    return people


class _Builder:
    def __init__(self, committee, today, manager, people):
        self.committee = committee
        self.today = today
        self.manager = manager
        self.people = people
        self.reminders = 0
        self.report_reminders = 0
        self.dated_outbox: list[tuple[list[int], dt.date]] = []

    def day(self, value: dt.date) -> dt.date:
        """No history after yesterday."""
        return min(value, self.today - DAY)

    def report(self, task, on, percent=None, *, completed=False):
        services.progress_report(
            actor=ACTOR,
            task=task,
            note=(
                "Đã hoàn thành, có văn bản kết quả (mô phỏng)."
                if completed
                else f"Đã thực hiện được khoảng {percent}% khối lượng công việc (mô phỏng)."
            ),
            percent=percent,
            completed=completed,
            reported_on=self.day(on),
            output_number=f"{task.pk}/BC-MP" if completed else "",
            output_date=self.day(on) if completed else None,
        )
        task.refresh_from_db()

    def remind(self, task, on):
        """The planner's reminders of that day, delivered then (in-app) and on the timeline."""
        on = self.day(on)
        users = self.people.get(task.lead_unit_id, [])
        before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        enqueue(planner.notices_on(task, on, users))
        rows = list(OutboxMessage.objects.filter(pk__gt=before, kind=planner.KIND))
        if rows:
            self.dated_outbox.append(([r.pk for r in rows], on))
            planner.on_sent(rows, on)
            self.reminders += len(rows)

    def remind_reports(self, period):
        """The report planner's notices for a past period, each on its day: reminders to the
        focal persons of units that never sent the report (on the deadline, then weekly while
        overdue) and the late notice to the standing agency."""
        on, last = (
            period.deadline,
            min(period.deadline + report_notices.overdue_days() * DAY, self.today - DAY),
        )
        while on <= last:
            before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
            enqueue(report_notices.plan(today=on))
            rows = list(OutboxMessage.objects.filter(pk__gt=before or 0).values_list("pk", "kind"))
            if rows:
                self.dated_outbox.append(([pk for pk, _kind in rows], on))
                self.report_reminders += sum(kind == report_notices.REMINDER for _pk, kind in rows)
            on += DAY if on == period.deadline else 7 * DAY  # due, then each overdue week

    def extend(self, task, asked_on, decided_on, *, approve, new_deadline):
        focal = next(
            (u for u in self.people.get(task.lead_unit_id, []) if u.role == Role.FOCAL), ACTOR
        )
        request = services.extension_request(
            actor=focal,
            task=task,
            reason="Chờ hoàn thiện kết nối dữ liệu với hệ thống của bộ, ngành (mô phỏng).",
            requested_deadline=new_deadline,
        )
        services.extension_decide(
            actor=self.manager,
            request=request,
            approve=approve,
            note=(
                "Đồng ý gia hạn (mô phỏng)."
                if approve
                else "Không đồng ý: nội dung đã được hướng dẫn từ đầu kỳ (mô phỏng)."
            ),
        )
        ExtensionRequest.objects.filter(pk=request.pk).update(
            requested_on=asked_on, decided_on=decided_on
        )
        self._date_events(task, TaskEvent.Kind.EXTENSION_REQUESTED, asked_on)
        self._date_events(
            task,
            TaskEvent.Kind.EXTENSION_APPROVED if approve else TaskEvent.Kind.EXTENSION_REFUSED,
            decided_on,
        )
        task.refresh_from_db()

    def _date_events(self, task, kind, on):
        TaskEvent.objects.filter(task=task, kind=kind, effective_on=self.today).update(
            effective_on=on
        )

    def play(self, task, outcome: str):
        start, deadline = task.assigned_on, task.deadline
        span = (deadline - start).days
        self.report(task, start + span // 2 * DAY, 20 if outcome == NEVER else 50)
        if outcome == ON_TIME:
            self.remind(task, deadline - 7 * DAY)
            self.report(task, deadline - (2 + task.pk % 6) * DAY, completed=True)
        elif outcome == LATE:
            self.remind(task, deadline - 7 * DAY)
            self.remind(task, deadline)
            self.remind(task, deadline + 7 * DAY)
            self.report(task, deadline + (10 + task.pk % 25) * DAY, completed=True)
        elif outcome == NEVER:
            for offset in (-7, 0, 7, 14, 21):
                self.remind(task, deadline + offset * DAY)
        elif outcome == EXTENDED:
            new_deadline = deadline + 30 * DAY
            self.extend(task, deadline - 6 * DAY, deadline - 4 * DAY, approve=True,
                        new_deadline=new_deadline)  # fmt: skip
            self.report(task, new_deadline - 3 * DAY, completed=True)
        elif outcome == REFUSED:
            self.extend(task, deadline - 6 * DAY, deadline - 3 * DAY, approve=False,
                        new_deadline=deadline + 30 * DAY)  # fmt: skip
            self.remind(task, deadline)
            self.remind(task, deadline + 7 * DAY)
            self.report(task, deadline + 20 * DAY, completed=True)
        elif outcome == CANCELLED:
            services.task_cancel(
                actor=self.manager,
                task=task,
                reason="Nội dung đã được lồng ghép vào nhiệm vụ khác của kế hoạch (mô phỏng).",
            )
            when = start + (span * 2 // 3) * DAY
            Task.objects.filter(pk=task.pk).update(cancelled_on=when)
            self._date_events(task, TaskEvent.Kind.CANCELLED, when)

    def settle_outbox(self, mark: int):
        """The notices of past events were delivered and read then: mark the rows queued by
        this load as sent (reminders on their day, the rest now) with their notification read,
        so the demo users do not find two years of history unread."""
        now = timezone.now()
        dated = {pk: on for pks, on in self.dated_outbox for pk in pks}
        rows = list(OutboxMessage.objects.filter(pk__gt=mark, state=OutboxMessage.State.PENDING))
        for row in rows:
            on = dated.get(row.pk)
            row.state = OutboxMessage.State.SENT
            row.sent_at = (
                timezone.make_aware(dt.datetime.combine(on, dt.time(7, 30))) if on else now
            )
        OutboxMessage.objects.bulk_update(rows, ["state", "sent_at"], batch_size=500)
        Notification.objects.bulk_create(
            [n for row in rows for n in sender.notifications_of([row], read_at=row.sent_at)],
            batch_size=500,
        )


@transaction.atomic
def load_demo_history(today: dt.date | None = None) -> HistoryResult:
    if history_source() is not None:
        return HistoryResult(created=False)
    today = today or timezone.localdate()
    committee = tasks_demo.demo_committee()
    windows = past_quarters(today)
    units = _units(today)
    plans = _documents(committee, windows)
    pick_domain = tasks_demo.domain_picker()
    codes = [tasks_demo.PROC, tasks_demo.INST, tasks_demo.GOV, tasks_demo.GOV,
             tasks_demo.SOC, tasks_demo.APP, tasks_demo.ECO, tasks_demo.SOC]  # fmt: skip
    manager = tasks_demo.standing_officer(committee)
    mark = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    builder = _Builder(committee, today, manager, _focal_people())
    count = 0
    for quarter, window in enumerate(windows):
        for number, (unit, profile) in enumerate(units):
            outcome = PROFILES[profile][quarter]
            assigned_on = window.data_from + (5 + number % 10) * DAY
            if unit.valid_from and unit.valid_from > assigned_on:
                assigned_on = unit.valid_from + (5 + number % 10) * DAY
            if outcome == "-" or not unit.is_valid_on(assigned_on):
                continue
            deadline = assigned_on + (40 + 5 * (number % 4)) * DAY
            title_index = (quarter + number) % len(TITLES)
            task = services.task_create(
                actor=manager,
                committee=committee,
                title=f"{TITLES[title_index]} ({window.label})",
                content=(
                    f"Nhiệm vụ mô phỏng của {window.label}, thuộc lịch sử trình diễn; "
                    "không phải nhiệm vụ thật."
                ),
                domain=pick_domain(codes[title_index]),
                lead_unit=unit,
                deadline=deadline,
                source=plans[assigned_on.year],
                source_clause=f"Mục {quarter + 1}.{number + 1}",
                expected_output="Báo cáo kết quả thực hiện (mô phỏng)",
                assigned_on=assigned_on,
                synthetic=True,
            )
            builder.play(task, outcome)
            count += 1
    opened = _report_periods(windows)
    for period in opened:
        builder.remind_reports(period)
    builder.settle_outbox(mark)
    return HistoryResult(
        created=True,
        tasks=count,
        periods=len(opened),
        reminders=builder.reminders,
        report_reminders=builder.report_reminders,
        first=windows[0].data_from,
        last=windows[-1].data_to,
    )


def _report_periods(windows) -> list:
    """Open the demo regime's past quarters not opened yet, with their reports."""
    regime = reports_demo.demo_regime()
    if regime is None:
        return []
    opened = []
    for number, window in enumerate(windows):
        if regime.periods.filter(data_from=window.data_from).exists():
            continue
        period = report_services.period_open(
            actor=reports_demo.ACTOR, regime=regime, year=window.year, index=window.index
        )
        units = list(period.units.order_by("name", "id").values_list("pk", flat=True))
        missing, late = REPORTS[number % len(REPORTS)]
        reports_demo.fill_period(
            period,
            missing={units[i] for i in missing if i < len(units)},
            late={units[i] for i in late if i < len(units)},
        )
        opened.append(period)
    return opened
