"""The task API's shapes: strict inputs, separate outputs, and the payload builders.

Outputs are built by plain functions from prefetched rows (`task_payload`,
`task_detail_payload`) so the list and the detail agree field for field and the list costs a
fixed number of queries.
"""

import datetime as dt
from typing import Literal

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from chidao.committees.serializers import CommitteeRefOut
from chidao.core.inputs import Id, IsoDate, Line, LongText, Note, Short
from chidao.tasks.models import Task
from chidao.tasks.status import Status, status_of
from chidao.units.api import UnitRefOut

StatusName = Literal[
    "not_started", "in_progress", "due_soon", "overdue", "done_on_time", "done_late", "cancelled"
]
PriorityName = Literal["normal", "high", "urgent"]

STATUS_DESCRIPTION = (
    "Tính từ ngày tháng và báo cáo, không nhập tay: not_started (chưa thực hiện), "
    "in_progress (đang thực hiện), due_soon (sắp đến hạn), overdue (quá hạn), done_on_time "
    "(hoàn thành đúng hạn), done_late (hoàn thành quá hạn), cancelled (đã hủy)."
)


# ---- outputs


class DomainRefOut(Schema):
    code: str
    name: str


class TaskSourceOut(Schema):
    id: int
    number: str
    title: str = ""


class TaskOut(Schema):
    id: int
    title: str
    lead_unit: UnitRefOut = Field(description="Đơn vị chủ trì hiện nay (đơn vị kế thừa).")
    coordinating_units: list[UnitRefOut]
    deadline: dt.date = Field(description="Hạn hiện hành (sau gia hạn nếu có).")
    status: StatusName = Field(description=STATUS_DESCRIPTION)
    status_label: str
    lead_unit_name: str = Field(description="Tên đơn vị chủ trì lúc giao nhiệm vụ.")
    original_deadline: dt.date
    extended: bool = Field(description="Hạn đã được gia hạn.")
    percent: int
    domain: DomainRefOut
    committee: CommitteeRefOut
    source: TaskSourceOut | None = None
    source_clause: str = ""
    completed_on: dt.date | None = None
    cancelled_on: dt.date | None = None
    priority: PriorityName
    period_label: str = ""


class StatusCountsOut(Schema):
    total: int = Field(description="Tổng (không kể nhiệm vụ đã hủy).")
    not_started: int
    in_progress: int
    due_soon: int
    overdue: int
    done_on_time: int
    done_late: int


class UnitCountsOut(StatusCountsOut):
    unit: UnitRefOut
    coordinating: StatusCountsOut = Field(description="Nhiệm vụ đơn vị phối hợp.")


class EventOut(Schema):
    kind: str = Field(
        description="assigned | progress | contribution | completed | extension_requested | "
        "extension_approved | extension_refused | reminder | reassigned | cancelled | edited"
    )
    kind_label: str
    effective_on: dt.date
    at: dt.datetime
    actor: str
    data: dict


class TaskAttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str = Field(description="Tải tệp (chỉ người được xem nhiệm vụ).")


class ReportOut(Schema):
    id: int
    unit: UnitRefOut
    author: str | None = None
    reported_on: dt.date
    at: dt.datetime
    percent: int | None = None
    note: str
    completed: bool
    is_contribution: bool
    attachments: list[TaskAttachmentOut] = []


class ExtensionRequestOut(Schema):
    id: int
    task: int
    state: Literal["pending", "approved", "refused"]
    state_label: str
    reason: str
    requested_on: dt.date
    requested_by: str | None = None
    requested_deadline: dt.date
    previous_deadline: dt.date
    granted_deadline: dt.date | None = None
    decided_on: dt.date | None = None
    decided_by: str | None = None
    decision_note: str = ""


class TaskDetailOut(TaskOut):
    content: str = ""
    expected_output: str = ""
    assigned_on: dt.date
    assigned_by: str | None = None
    output_number: str = ""
    output_date: dt.date | None = None
    cancel_reason: str = ""
    history: list[EventOut] = Field(description="Dòng thời gian, cũ nhất trước.")
    reports: list[ReportOut]
    extension_requests: list[ExtensionRequestOut]
    attachments: list[TaskAttachmentOut]


# ---- inputs


class ProgressIn(Schema):
    percent: int | None = Field(
        None,
        ge=0,
        le=100,
        description="0–100; bỏ trống khi chỉ báo cáo nội dung. Hoàn thành tính là 100.",
    )
    note: Note = Field(description="Nội dung báo cáo (bắt buộc).")
    completed: bool = False
    output_number: Short = Field("", description="Số văn bản kết quả.")
    output_date: IsoDate | None = Field(None, description="Ngày văn bản kết quả.")


class TaskCreateIn(Schema):
    committee: Id
    title: Line
    domain: Short = Field(description="Mã lĩnh vực (Domain.code).")
    lead_unit: Id
    coordinating_units: list[Id] = Field([], max_length=500)
    deadline: IsoDate
    content: LongText = ""
    expected_output: Line = ""
    priority: PriorityName = "normal"
    source: Id | None = Field(None, description="Mã văn bản giao nhiệm vụ (TaskSource).")
    source_clause: Short = ""


class ExtensionRequestIn(Schema):
    reason: Note
    requested_deadline: IsoDate


class ExtensionDecisionIn(Schema):
    approve: bool
    note: Note = ""
    granted_deadline: IsoDate | None = Field(
        None, description="Hạn mới; mặc định là hạn đơn vị đề nghị."
    )


class CancelIn(Schema):
    reason: Note


class ReassignIn(Schema):
    lead_unit: Id
    reason: Note = ""


# ---- payloads


def _user_label(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def attachment_payload(attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.original_name,
        "size": attachment.size,
        "content_type": attachment.content_type,
        "url": reverse("api:attachment-download", kwargs={"attachment_id": attachment.pk}),
    }


def task_payload(
    task: Task, today: dt.date | None = None, coordinations: list[dict] | None = None
) -> dict:
    """One task as the list gives it. Uses the `status` annotation when the queryset has it,
    and `coordinations` when the caller read them for a whole page (coordinations_of)."""
    status = getattr(task, "status", None) or status_of(task, today)
    source = task.source
    if coordinations is None:
        coordinations = [{"id": c.unit_id, "name": c.unit.name} for c in task.coordinations.all()]
    return {
        "id": task.pk,
        "title": task.title,
        "lead_unit": {"id": task.lead_unit_id, "name": task.lead_unit.name},
        "coordinating_units": coordinations,
        "deadline": task.deadline,
        "status": str(status),
        "status_label": str(Status(status).label),
        "lead_unit_name": task.lead_unit_name,
        "original_deadline": task.original_deadline,
        "extended": task.deadline != task.original_deadline,
        "percent": task.percent,
        "domain": {"code": task.domain.code, "name": task.domain.name},
        "committee": {"id": task.committee_id, "name": task.committee.name},
        "source": (
            {"id": source.pk, "number": source.document.number, "title": source.document.title}
            if source is not None
            else None
        ),
        "source_clause": task.source_clause,
        "completed_on": task.completed_on,
        "cancelled_on": task.cancelled_on,
        "priority": task.priority,
        "period_label": task.period_label,
    }


def task_row_payload(row: tuple, coordinations: list[dict]) -> dict:
    """One row of `selectors.task_rows` (LIST_COLUMNS) as the list gives it: the same dict,
    key for key and in TaskOut's order, as `task_payload` of the task."""
    (pk, title, lead_id, lead_name, deadline, status, lead_unit_name, original_deadline,
     percent, domain_code, domain_name, committee_id, committee_name, source_id,
     source_number, source_title, source_clause, completed_on, cancelled_on, priority,
     period_label) = row  # fmt: skip
    return {
        "id": pk,
        "title": title,
        "lead_unit": {"id": lead_id, "name": lead_name},
        "coordinating_units": coordinations,
        "deadline": deadline,
        "status": status,
        "status_label": str(Status(status).label),
        "lead_unit_name": lead_unit_name,
        "original_deadline": original_deadline,
        "extended": deadline != original_deadline,
        "percent": percent,
        "domain": {"code": domain_code, "name": domain_name},
        "committee": {"id": committee_id, "name": committee_name},
        "source": (
            {"id": source_id, "number": source_number, "title": source_title}
            if source_id is not None
            else None
        ),
        "source_clause": source_clause,
        "completed_on": completed_on,
        "cancelled_on": cancelled_on,
        "priority": priority,
        "period_label": period_label,
    }


def event_payload(event) -> dict:
    return {
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "effective_on": event.effective_on,
        "at": event.created_at,
        "actor": event.actor_label,
        "data": event.data or {},
    }


def report_payload(report, attachments: list) -> dict:
    return {
        "id": report.pk,
        "unit": {"id": report.unit_id, "name": report.unit.name},
        "author": _user_label(report.author),
        "reported_on": report.reported_on,
        "at": report.created_at,
        "percent": report.percent,
        "note": report.note,
        "completed": report.completed,
        "is_contribution": report.is_contribution,
        "attachments": [attachment_payload(a) for a in attachments],
    }


def extension_payload(request) -> dict:
    return {
        "id": request.pk,
        "task": request.task_id,
        "state": request.state,
        "state_label": str(request.get_state_display()),
        "reason": request.reason,
        "requested_on": request.requested_on,
        "requested_by": _user_label(request.requested_by),
        "requested_deadline": request.requested_deadline,
        "previous_deadline": request.previous_deadline,
        "granted_deadline": request.granted_deadline,
        "decided_on": request.decided_on,
        "decided_by": _user_label(request.decided_by),
        "decision_note": request.decision_note,
    }


def task_detail_payload(
    task: Task, events, today: dt.date | None = None, *, new: bool = False, coordinations=None
) -> dict:
    """The task with its timeline (`events`, oldest first), reports, extensions and files.

    `new`: the task was just created in this request (it has no reports, extension requests
    or files yet; `coordinations` as coordinations_of gives them), so only its timeline is
    read."""
    attachments = [] if new else list(task.attachments.all().order_by("uploaded_at", "id"))
    by_report: dict[int, list] = {}
    for attachment in attachments:
        if attachment.report_id:
            by_report.setdefault(attachment.report_id, []).append(attachment)
    reports = (
        [] if new else task.reports.select_related("unit", "author").order_by("created_at", "id")
    )
    extensions = (
        []
        if new
        else task.extension_requests.select_related("requested_by", "decided_by").order_by(
            "requested_on", "id"
        )
    )
    return {
        **task_payload(task, today, coordinations),
        "content": task.content,
        "expected_output": task.expected_output,
        "assigned_on": task.assigned_on,
        "assigned_by": _user_label(task.assigned_by),
        "output_number": task.output_number,
        "output_date": task.output_date,
        "cancel_reason": task.cancel_reason,
        "history": [event_payload(e) for e in events],
        "reports": [report_payload(r, by_report.get(r.pk, [])) for r in reports],
        "extension_requests": [extension_payload(r) for r in extensions],
        "attachments": [attachment_payload(a) for a in attachments],
    }
