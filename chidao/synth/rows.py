"""A chunk of task histories as table rows (tasks, coordinations, extensions, reports,
events), ready for the bulk writers."""

import datetime as dt
import json

from chidao.synth.bulk import RowWriter, next_id
from chidao.synth.histories import Context, Skeleton
from chidao.synth.params import ACTOR, LABEL, P_CONTRIBUTION, TITLES
from chidao.synth.registers import allocate
from chidao.tasks.models import (
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCoordination,
    TaskEvent,
)


class Dates:
    """ISO strings of day ordinals (memoised: a few thousand distinct days)."""

    def __init__(self, postgres: bool):
        self.iso: dict[int, str] = {}
        self.stamps: dict[int, str] = {}
        # created_at: 09:00 in Vietnam, written as UTC
        self.stamp_suffix = " 02:00:00+00" if postgres else " 02:00:00"

    def day(self, ordinal: int | None) -> str | None:
        if ordinal is None:
            return None
        text = self.iso.get(ordinal)
        if text is None:
            text = self.iso[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def stamp(self, ordinal: int) -> str:
        text = self.stamps.get(ordinal)
        if text is None:
            text = self.stamps[ordinal] = self.day(ordinal) + self.stamp_suffix
        return text


class Ids:
    def __init__(self):
        self.task = next_id(Task)
        self.coordination = next_id(TaskCoordination)
        self.extension = next_id(ExtensionRequest)
        self.report = next_id(ProgressReport)
        self.event = next_id(TaskEvent)


TASK_COLUMNS = [
    "id", "committee", "source", "source_clause", "title", "title_key", "content", "domain",
    "lead_unit", "lead_unit_name", "deadline", "original_deadline", "period_label",
    "expected_output", "priority", "assigned_on", "percent", "last_progress_on",
    "completed_on", "output_number", "output_date", "cancelled_on", "cancel_reason",
    "synthetic", "created_at",
]  # fmt: skip
COORDINATION_COLUMNS = ["id", "task", "unit", "unit_name"]
EXTENSION_COLUMNS = [
    "id", "task", "requested_on", "reason", "requested_deadline", "state", "decided_on",
    "decision_note", "previous_deadline", "granted_deadline",
]  # fmt: skip
REPORT_COLUMNS = [
    "id", "task", "unit", "reported_on", "created_at", "percent", "note", "completed",
    "is_contribution",
]  # fmt: skip
EVENT_COLUMNS = ["id", "task", "kind", "effective_on", "created_at", "actor_label", "data"]

PROGRESS_NOTES = [f"{LABEL}Đã thực hiện khoảng {p}% khối lượng công việc." for p in range(101)]
CONTRIBUTION_NOTE = f"{LABEL}Đơn vị phối hợp đã gửi ý kiến, số liệu theo đề nghị."
COMPLETION_NOTE = f"{LABEL}Đã hoàn thành, có văn bản kết quả."
CANCEL_REASON = f"{LABEL}Nội dung được lồng ghép vào nhiệm vụ khác của kế hoạch."
EXTENSION_REASON = f"{LABEL}Cần thêm thời gian để lấy ý kiến các đơn vị liên quan."
REFUSAL_NOTE = f"{LABEL}Không đủ căn cứ gia hạn; đề nghị tập trung hoàn thành đúng hạn."
EXPECTED_OUTPUT = f"{LABEL}Báo cáo kết quả thực hiện"
REASSIGN_REASON = f"{LABEL}Sắp xếp lại đơn vị chủ trì theo quyết định của Ban Chỉ đạo."


class Writers:
    def __init__(self):
        self.task = RowWriter(Task, TASK_COLUMNS)
        self.coordination = RowWriter(TaskCoordination, COORDINATION_COLUMNS)
        self.extension = RowWriter(ExtensionRequest, EXTENSION_COLUMNS)
        self.report = RowWriter(ProgressReport, REPORT_COLUMNS)
        self.event = RowWriter(TaskEvent, EVENT_COLUMNS)


def chunk_rows(
    ctx: Context, chunk: int, skeletons: list[Skeleton], budget: int, ids: Ids, dates: Dates
):
    """The rows of one chunk of tasks, with `budget` progress reports spread over the tasks
    whose lead unit has started reporting."""
    rng = ctx.rng("history", chunk)
    rand, randint, uniform = rng.random, rng.randint, rng.uniform
    day, stamp = dates.day, dates.stamp
    reporters = [s for s in skeletons if s.start is not None]
    weights = [(s.end - s.start + 10) * uniform(0.3, 1.7) for s in reporters]
    reports_of = dict(zip((s.index for s in reporters), allocate(budget, weights), strict=True))

    tasks, coordinations, extensions, reports, events = [], [], [], [], []
    for s in skeletons:
        task_id = ids.task
        ids.task += 1
        province = s.province
        lead_id, lead_name = first_lead_id, first_lead_name = s.lead
        reassigned_on = None
        if s.reassigned is not None:
            reassigned_on, (lead_id, lead_name) = s.reassigned
        number = s.index + 1
        title = f"{LABEL}{TITLES[s.title]} — NV{number:07d}"
        title_key = f"{ctx.title_keys[s.title]} nv{number:07d}"
        source_id = None
        if s.with_source:
            source_id = province.plans.get(dt.date.fromordinal(s.assigned).year)
        timeline: list[tuple] = []  # (day, order, kind, data)

        for unit_id, unit_name in s.coordinating:
            coordinations.append((ids.coordination, task_id, unit_id, unit_name))
            ids.coordination += 1
        timeline.append(
            (
                s.assigned,
                0,
                "assigned",
                json.dumps(
                    {
                        "lead_unit": first_lead_name,
                        "coordinating_units": [name for _u, name in s.coordinating],
                        "deadline": day(s.original),
                        "synthetic": True,
                    },
                    ensure_ascii=False,
                ),
            )
        )
        for requested, decided, state, previous, asked, granted in s.extensions:
            request_id = ids.extension
            ids.extension += 1
            extensions.append(
                (
                    request_id,
                    task_id,
                    day(requested),
                    EXTENSION_REASON,
                    day(asked),
                    state,
                    day(decided),
                    REFUSAL_NOTE if state == "refused" else "",
                    day(previous),
                    day(granted),
                )
            )
            timeline.append(
                (
                    requested,
                    1,
                    "extension_requested",
                    f'{{"request": {request_id}, "requested_deadline": "{day(asked)}", '
                    f'"synthetic": true}}',
                )
            )
            if decided is not None:
                new_deadline = granted if granted is not None else previous
                timeline.append(
                    (
                        decided,
                        2,
                        "extension_approved" if state == "approved" else "extension_refused",
                        f'{{"request": {request_id}, "previous_deadline": "{day(previous)}", '
                        f'"deadline": "{day(new_deadline)}", "synthetic": true}}',
                    )
                )

        percent = 0
        last_progress = None
        count = reports_of.get(s.index, 0)
        if count:
            report_days = sorted(randint(s.start, s.end) for _ in range(count))
            contributions = [bool(s.coordinating) and rand() < P_CONTRIBUTION for _ in report_days]
            lead_reports = contributions.count(False)
            done = 0
            for report_day, contribution in zip(report_days, contributions, strict=True):
                report_id = ids.report
                ids.report += 1
                if contribution:
                    unit_id = s.coordinating[randint(0, len(s.coordinating) - 1)][0]
                    reports.append(
                        (report_id, task_id, unit_id, day(report_day), stamp(report_day), None)
                        + (CONTRIBUTION_NOTE, False, True)
                    )
                    kind, shown = "contribution", "null"
                else:
                    done += 1
                    target = 100 * done / (lead_reports + 1) * uniform(0.8, 1.1)
                    percent = max(percent, min(95, round(target)))
                    last_progress = report_day
                    by = lead_id if reassigned_on is None or report_day >= reassigned_on else None
                    reports.append(
                        (
                            report_id,
                            task_id,
                            by or first_lead_id,
                            day(report_day),
                            stamp(report_day),
                        )
                        + (percent, PROGRESS_NOTES[percent], False, False)
                    )
                    kind, shown = "progress", str(percent)
                timeline.append(
                    (
                        report_day,
                        3,
                        kind,
                        f'{{"report": {report_id}, "percent": {shown}, "synthetic": true}}',
                    )
                )
        if s.completed is not None:
            report_id = ids.report
            ids.report += 1
            reports.append(
                (report_id, task_id, lead_id, day(s.completed), stamp(s.completed), 100)
                + (COMPLETION_NOTE, True, False)
            )
            timeline.append(
                (
                    s.completed,
                    4,
                    "completed",
                    f'{{"report": {report_id}, "percent": 100, "output_number": '
                    f'"{number}/BC-MP", "synthetic": true}}',
                )
            )
            percent, last_progress = 100, s.completed
        if reassigned_on is not None:
            timeline.append(
                (
                    reassigned_on,
                    1,
                    "reassigned",
                    json.dumps(
                        {
                            "old_unit": first_lead_name,
                            "old_unit_id": first_lead_id,
                            "new_unit": lead_name,
                            "new_unit_id": lead_id,
                            "reason": REASSIGN_REASON,
                            "synthetic": True,
                        },
                        ensure_ascii=False,
                    ),
                )
            )
        if s.cancelled is not None:
            timeline.append(
                (
                    s.cancelled,
                    5,
                    "cancelled",
                    json.dumps({"reason": CANCEL_REASON, "synthetic": True}, ensure_ascii=False),
                )
            )
        timeline.sort(key=lambda item: (item[0], item[1]))
        for event_day, _order, kind, data in timeline:
            events.append(
                (ids.event, task_id, kind, day(event_day), stamp(event_day), ACTOR.job, data)
            )
            ids.event += 1

        tasks.append(
            (
                task_id,
                province.committee_id,
                source_id,
                f"Mục {1 + s.index % 9}.{1 + s.index % 13}" if source_id else "",
                title,
                title_key,
                "",
                s.domain_id,
                lead_id,
                first_lead_name,
                day(s.deadline),
                day(s.original),
                "",
                EXPECTED_OUTPUT,
                s.priority,
                day(s.assigned),
                percent,
                day(last_progress),
                day(s.completed),
                f"{number}/BC-MP" if s.completed is not None else "",
                day(s.completed),
                day(s.cancelled),
                CANCEL_REASON if s.cancelled is not None else "",
                True,
                stamp(s.assigned),
            )
        )
    return tasks, coordinations, extensions, reports, events
