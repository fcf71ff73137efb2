"""Every change to tasks. Each function is one user action: one transaction, its timeline
event (TaskEvent) and its change-log row, written here and nowhere else."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chidao.audit.services import many_to_many_of, record_change, snapshot
from chidao.core import policy
from chidao.core.errors import ActionRefused
from chidao.core.text import fold
from chidao.storage import files
from chidao.tasks import notices
from chidao.tasks.models import (
    Attachment,
    Domain,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskCoordination,
    TaskEvent,
    TaskSeries,
    TaskSource,
)
from chidao.units.models import Unit


class TaskError(ActionRefused):
    """A refused tasks action (see chidao.core.errors.ActionRefused)."""


def _today() -> dt.date:
    return timezone.localdate()


def _event(task, kind, *, actor, effective_on=None, **data) -> TaskEvent:
    return TaskEvent.objects.create(
        task=task,
        kind=kind,
        effective_on=effective_on or _today(),
        actor=policy.as_user(actor),
        actor_label=policy.actor_label(actor),
        data=data,
    )


def _require_manager(actor, task_or_committee_id):
    committee_id = (
        task_or_committee_id.committee_id
        if isinstance(task_or_committee_id, Task)
        else task_or_committee_id
    )
    if not policy.manages_committee(actor, committee_id):
        raise TaskError(_("Bạn không có quyền quản lý nhiệm vụ của Ban Chỉ đạo này."), status=403)


def _check_units_valid(units: Iterable[Unit], on: dt.date):
    for unit in units:
        if not unit.is_valid_on(on):
            raise TaskError(
                _("Đơn vị “%(unit)s” không còn tồn tại vào ngày %(date)s.")
                % {"unit": unit.name, "date": on.strftime("%d/%m/%Y")},
                field="unit",
            )


@transaction.atomic
def task_create(
    *,
    actor,
    committee,
    title: str,
    domain: Domain,
    lead_unit: Unit,
    deadline: dt.date,
    coordinating_units: Iterable[Unit] = (),
    content: str = "",
    source: TaskSource | None = None,
    source_clause: str = "",
    expected_output: str = "",
    priority: str = Task.Priority.NORMAL,
    assigned_on: dt.date | None = None,
    series: TaskSeries | None = None,
    period_label: str = "",
    synthetic: bool = False,
    audit: bool = True,
) -> Task:
    _require_manager(actor, committee.pk)
    title = (title or "").strip()
    if not title:
        raise TaskError(_("Thiếu tên nhiệm vụ."), field="title")
    assigned_on = assigned_on or _today()
    coordinating_units = [u for u in coordinating_units if u.pk != lead_unit.pk]
    _check_units_valid([lead_unit, *coordinating_units], assigned_on)
    if deadline < assigned_on:
        raise TaskError(_("Hạn hoàn thành không được trước ngày giao."), field="deadline")
    task = Task.objects.create(
        committee=committee,
        source=source,
        source_clause=source_clause,
        title=title,
        title_key=fold(title),
        content=content,
        domain=domain,
        lead_unit=lead_unit,
        lead_unit_name=lead_unit.name,
        deadline=deadline,
        original_deadline=deadline,
        series=series,
        period_label=period_label,
        expected_output=expected_output,
        priority=priority,
        assigned_by=policy.as_user(actor),
        assigned_on=assigned_on,
        synthetic=synthetic,
    )
    TaskCoordination.objects.bulk_create(
        [TaskCoordination(task=task, unit=u, unit_name=u.name) for u in coordinating_units]
    )
    _event(
        task,
        TaskEvent.Kind.ASSIGNED,
        actor=actor,
        effective_on=assigned_on,
        lead_unit=lead_unit.name,
        coordinating_units=[u.name for u in coordinating_units],
        deadline=deadline.isoformat(),
    )
    if audit:
        # A new task's coordinations are those just written: read back only when there are.
        known = None if coordinating_units else {"coordinating_units": []}
        after = snapshot(task, many_to_many=known)
        record_change(actor=actor, action="create", target=task, after=after)
    notices.task_assigned(actor=actor, task=task, coordinating_units=coordinating_units)
    return task


def occurrence_deadlines(recurrence: str, first: dt.date, until: dt.date) -> list[dt.date]:
    """The deadlines of a recurring task: same day of month, every 1, 3 or 12 months."""
    step = {"monthly": 1, "quarterly": 3, "yearly": 12}[recurrence]
    deadlines, index = [], 0
    while True:
        month0 = first.month - 1 + step * index
        year, month = first.year + month0 // 12, month0 % 12 + 1
        day = min(first.day, _days_in_month(year, month))
        current = dt.date(year, month, day)
        if current > until:
            return deadlines
        deadlines.append(current)
        index += 1


def _days_in_month(year: int, month: int) -> int:
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return (next_month - dt.timedelta(days=1)).day


@transaction.atomic
def task_create_recurring(
    *, actor, recurrence: str, first_deadline: dt.date, until: dt.date, **fields
) -> list[Task]:
    """A recurring task: one Task per occurrence, each tracked on its own."""
    if recurrence not in TaskSeries.Recurrence.values:
        raise TaskError(_("Chu kỳ lặp không hợp lệ."), field="recurrence")
    if until < first_deadline:
        raise TaskError(_("Ngày kết thúc phải sau hạn lần đầu."), field="until")
    deadlines = occurrence_deadlines(recurrence, first_deadline, until)
    if len(deadlines) > 120:
        raise TaskError(_("Quá nhiều lần lặp (tối đa 120)."), field="until")
    series = TaskSeries.objects.create(
        recurrence=recurrence, first_deadline=first_deadline, until=until
    )
    label_format = {"monthly": "%m/%Y", "quarterly": "%m/%Y", "yearly": "%Y"}[recurrence]
    assigned_on = fields.pop("assigned_on", None) or _today()
    return [
        task_create(
            actor=actor,
            deadline=deadline,
            series=series,
            period_label=deadline.strftime(label_format),
            assigned_on=min(assigned_on, deadline),
            **fields,
        )
        for deadline in deadlines
    ]


@files.atomic()
def progress_report(
    *,
    actor,
    task: Task,
    note: str,
    percent: int | None = None,
    completed: bool = False,
    reported_on: dt.date | None = None,
    output_number: str = "",
    output_date: dt.date | None = None,
    uploads: Iterable = (),
) -> ProgressReport:
    """The lead unit reports progress (or completion); a coordinating unit adds a contribution."""
    # The task locked, with the names the notices need (its row only: of=self).
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("lead_unit", "committee")
        .get(pk=task.pk)
    )
    role = task.reporting_role(actor)
    if role is None:
        raise TaskError(
            _("Đơn vị của bạn không chủ trì hay phối hợp thực hiện nhiệm vụ này."), status=403
        )
    note = (note or "").strip()
    if not note:
        raise TaskError(_("Cần nội dung báo cáo."), field="note")
    if percent is not None and not 0 <= percent <= 100:
        raise TaskError(_("Tiến độ phải từ 0 đến 100%."), field="percent")
    if task.cancelled_on:
        raise TaskError(_("Nhiệm vụ đã bị hủy."), status=409)
    if task.completed_on and completed:
        raise TaskError(_("Nhiệm vụ đã hoàn thành."), status=409)
    if role == "coordinating" and completed:
        raise TaskError(
            _("Chỉ đơn vị chủ trì mới báo cáo hoàn thành nhiệm vụ."), status=403, field="completed"
        )
    reported_on = reported_on or _today()
    try:
        checked = [(upload, *files.check_upload(upload)) for upload in uploads]
    except files.UploadRejected as exc:
        raise TaskError(str(exc), field="files") from exc
    before = snapshot(task)
    unit_id = task.lead_unit_id if policy.is_system(actor) else actor.unit_id
    report = ProgressReport.objects.create(
        task=task,
        # the lead unit is at hand (not read again for the notices and the answer)
        **({"unit": task.lead_unit} if unit_id == task.lead_unit_id else {"unit_id": unit_id}),
        author=policy.as_user(actor),
        reported_on=reported_on,
        percent=100 if completed else percent,
        note=note,
        completed=completed,
        is_contribution=role == "coordinating",
    )
    for upload, content_type, content in checked:
        _store_attachment(actor, task, report, upload.name, content_type, content)
    if role == "lead":
        task.last_progress_on = reported_on
        if completed:
            task.percent = 100
            task.completed_on = reported_on
            task.output_number = output_number.strip()
            task.output_date = output_date
        elif percent is not None and not task.completed_on:
            # a note added after completion does not take the task back below 100%.
            task.percent = percent
        task.save()
    kind = (
        TaskEvent.Kind.COMPLETED
        if completed
        else TaskEvent.Kind.CONTRIBUTION
        if role == "coordinating"
        else TaskEvent.Kind.PROGRESS
    )
    _event(
        task,
        kind,
        actor=actor,
        effective_on=reported_on,
        report=report.pk,
        percent=report.percent,
        note=note[:500],
        output_number=output_number,
        files=len(checked),
    )
    # A report does not change the coordinations: the snapshot before says them.
    after = snapshot(task, many_to_many=many_to_many_of(before, task))
    record_change(actor=actor, action="update", target=task, before=before, after=after)
    notices.progress_reported(actor=actor, task=task, report=report)
    return report


def _store_attachment(actor, task, report, name, content_type, content) -> Attachment:
    # Stored inside progress_report's files.atomic(): a rollback deletes the file too.
    attachment = Attachment.create_stored(
        content=content,
        content_type=content_type,
        original_name=name,
        uploaded_by=policy.as_user(actor),
        task=task,
        report=report,
    )
    record_change(actor=actor, action="create", target=attachment, after=snapshot(attachment))
    return attachment


@transaction.atomic
def extension_request(
    *, actor, task: Task, reason: str, requested_deadline: dt.date
) -> ExtensionRequest:
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.reporting_role(actor) != "lead":
        raise TaskError(_("Chỉ đơn vị chủ trì mới đề nghị gia hạn."), status=403)
    if not (reason or "").strip():
        raise TaskError(_("Cần nêu lý do đề nghị gia hạn."), field="reason")
    if task.completed_on or task.cancelled_on:
        raise TaskError(_("Nhiệm vụ đã kết thúc, không thể gia hạn."), status=409)
    if requested_deadline <= task.deadline:
        raise TaskError(_("Hạn đề nghị phải sau hạn hiện tại."), field="requested_deadline")
    if task.extension_requests.filter(state=ExtensionRequest.State.PENDING).exists():
        raise TaskError(_("Nhiệm vụ đã có một đề nghị gia hạn đang chờ xử lý."), status=409)
    request = ExtensionRequest.objects.create(
        task=task,
        requested_by=policy.as_user(actor),
        requested_on=_today(),
        reason=reason.strip(),
        requested_deadline=requested_deadline,
        previous_deadline=task.deadline,
    )
    _event(
        task,
        TaskEvent.Kind.EXTENSION_REQUESTED,
        actor=actor,
        request=request.pk,
        reason=request.reason,
        requested_deadline=requested_deadline.isoformat(),
    )
    record_change(actor=actor, action="create", target=request, after=snapshot(request))
    notices.extension_requested(actor=actor, task=task, request=request)
    return request


@transaction.atomic
def extension_decide(
    *,
    actor,
    request: ExtensionRequest,
    approve: bool,
    note: str = "",
    granted_deadline: dt.date | None = None,
) -> ExtensionRequest:
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    task = Task.objects.select_for_update().get(pk=request.task_id)
    _require_manager(actor, task)
    if request.state != ExtensionRequest.State.PENDING:
        raise TaskError(_("Đề nghị này đã được xử lý."), status=409)
    before = snapshot(request)
    request.state = ExtensionRequest.State.APPROVED if approve else ExtensionRequest.State.REFUSED
    request.decided_by = policy.as_user(actor)
    request.decided_on = _today()
    request.decision_note = (note or "").strip()
    if approve:
        if task.completed_on or task.cancelled_on:
            # moving the deadline of a finished task would turn "done late" into "on time".
            raise TaskError(_("Nhiệm vụ đã kết thúc, không thể gia hạn."), status=409)
        granted = granted_deadline or request.requested_deadline
        if granted <= task.deadline:
            raise TaskError(_("Hạn mới phải sau hạn hiện tại."), field="granted_deadline")
        request.granted_deadline = granted
        task_before = snapshot(task)
        task.deadline = granted
        task.save(update_fields=["deadline"])
        record_change(
            actor=actor, action="update", target=task, before=task_before, after=snapshot(task)
        )
    elif not request.decision_note:
        raise TaskError(_("Cần nêu lý do không đồng ý gia hạn."), field="note")
    request.save()
    _event(
        task,
        TaskEvent.Kind.EXTENSION_APPROVED if approve else TaskEvent.Kind.EXTENSION_REFUSED,
        actor=actor,
        request=request.pk,
        previous_deadline=request.previous_deadline.isoformat(),
        deadline=task.deadline.isoformat(),
        note=request.decision_note,
    )
    record_change(
        actor=actor, action="update", target=request, before=before, after=snapshot(request)
    )
    notices.extension_decided(actor=actor, task=task, request=request)
    return request


@transaction.atomic
def task_cancel(*, actor, task: Task, reason: str) -> Task:
    task = Task.objects.select_for_update().get(pk=task.pk)
    _require_manager(actor, task)
    if not (reason or "").strip():
        raise TaskError(_("Hủy nhiệm vụ cần nêu lý do."), field="reason")
    if task.cancelled_on:
        raise TaskError(_("Nhiệm vụ đã bị hủy."), status=409)
    if task.completed_on:
        raise TaskError(_("Nhiệm vụ đã hoàn thành, không thể hủy."), status=409)
    before = snapshot(task)
    task.cancelled_on = _today()
    task.cancel_reason = reason.strip()
    task.save(update_fields=["cancelled_on", "cancel_reason"])
    _event(task, TaskEvent.Kind.CANCELLED, actor=actor, reason=task.cancel_reason)
    record_change(actor=actor, action="update", target=task, before=before, after=snapshot(task))
    notices.task_cancelled(actor=actor, task=task)
    return task


@transaction.atomic
def task_reassign(
    *, actor, task: Task, new_lead_unit: Unit, reason: str, effective_on: dt.date | None = None
) -> Task:
    """Give an open task to another lead unit (after a split or dissolution, or by decision)."""
    task = Task.objects.select_for_update().get(pk=task.pk)
    _require_manager(actor, task)
    effective_on = effective_on or _today()
    _check_units_valid([new_lead_unit], effective_on)
    if task.completed_on or task.cancelled_on:
        raise TaskError(_("Nhiệm vụ đã kết thúc, không chuyển đơn vị chủ trì."), status=409)
    if new_lead_unit.pk == task.lead_unit_id:
        raise TaskError(_("Đơn vị chủ trì mới trùng đơn vị hiện tại."), field="unit")
    before = snapshot(task)
    old = task.lead_unit
    task.lead_unit = new_lead_unit
    task.save(update_fields=["lead_unit"])
    task.coordinations.filter(unit=new_lead_unit).delete()
    event = _event(
        task,
        TaskEvent.Kind.REASSIGNED,
        actor=actor,
        effective_on=effective_on,
        old_unit=old.name,
        old_unit_id=old.pk,
        new_unit=new_lead_unit.name,
        new_unit_id=new_lead_unit.pk,
        reason=reason,
    )
    record_change(actor=actor, action="update", target=task, before=before, after=snapshot(task))
    notices.task_reassigned(actor=actor, task=task, old_unit=old, event=event)
    return task


# What an edit may change, and how the timeline shows each value (names, dd/mm/yyyy).
EDITABLE = ("title", "content", "expected_output", "domain", "coordinating_units", "deadline")


def _shown(field: str, value) -> str | list[str]:
    if value is None:
        return ""
    if field == "domain":
        return value.name
    if field == "coordinating_units":
        return [unit.name for unit in value]
    if field == "deadline":
        return value.strftime("%d/%m/%Y")
    return value


@transaction.atomic
def task_edit(
    *,
    actor,
    task: Task,
    title: str | None = None,
    content: str | None = None,
    expected_output: str | None = None,
    domain: Domain | None = None,
    coordinating_units: Iterable[Unit] | None = None,
    deadline: dt.date | None = None,
    reason: str = "",
) -> Task:
    """Correct an assigned task: its title, content, output, domain, coordinating units.
    Only the committee's managers (the standing agency) do it; each changed field goes on the
    timeline with its value before and after, in one EDITED event.

    The deadline moves by an approved extension; here only as a correction of the assigned
    deadline, with a reason, while no extension has been approved and the task is open (it
    then is the original deadline too, so the as-of statistics agree).
    Arguments left None are not changed.
    """
    task = Task.objects.select_for_update().get(pk=task.pk)
    _require_manager(actor, task)
    if task.cancelled_on:
        raise TaskError(_("Nhiệm vụ đã bị hủy, không sửa được."), status=409)
    reason = (reason or "").strip()
    old_units = list(task.coordinating_units.order_by("name"))
    old = {
        "title": task.title,
        "content": task.content,
        "expected_output": task.expected_output,
        "domain": task.domain,
        "coordinating_units": old_units,
        "deadline": task.deadline,
    }
    new = dict(old)
    if title is not None:
        new["title"] = title.strip()
        if not new["title"]:
            raise TaskError(_("Thiếu tên nhiệm vụ."), field="title")
    if content is not None:
        new["content"] = content.strip()
    if expected_output is not None:
        new["expected_output"] = expected_output.strip()
    if domain is not None:
        if domain.committee_id not in (None, task.committee_id):
            raise TaskError(_("Lĩnh vực này thuộc Ban Chỉ đạo khác."), field="domain")
        new["domain"] = domain
    if coordinating_units is not None:
        units = sorted(
            {u.pk: u for u in coordinating_units if u.pk != task.lead_unit_id}.values(),
            key=lambda u: u.name,
        )
        added = [u for u in units if u.pk not in {o.pk for o in old_units}]
        _check_units_valid(added, _today())
        new["coordinating_units"] = units
    if deadline is not None and deadline != task.deadline:
        if not reason:
            raise TaskError(_("Đổi hạn cần nêu lý do."), field="reason")
        if task.completed_on:
            raise TaskError(_("Nhiệm vụ đã hoàn thành, không đổi hạn."), status=409)
        if task.extension_requests.filter(state=ExtensionRequest.State.APPROVED).exists():
            raise TaskError(
                _("Nhiệm vụ đã được gia hạn: hạn chỉ đổi qua đề nghị gia hạn."),
                field="deadline",
            )
        if deadline < task.assigned_on:
            raise TaskError(_("Hạn hoàn thành không được trước ngày giao."), field="deadline")
        new["deadline"] = deadline

    def key(field, value):
        if field == "domain":
            return value.pk
        if field == "coordinating_units":
            return [u.pk for u in value]
        return value

    changed = [f for f in EDITABLE if key(f, old[f]) != key(f, new[f])]
    if not changed:
        raise TaskError(_("Không có thay đổi nào để lưu."), status=409)

    before = snapshot(task)
    task.title, task.title_key = new["title"], fold(new["title"])
    task.content, task.expected_output = new["content"], new["expected_output"]
    task.domain = new["domain"]
    if "deadline" in changed:
        task.deadline = task.original_deadline = new["deadline"]
    task.save(
        update_fields=[
            "title",
            "title_key",
            "content",
            "expected_output",
            "domain",
            "deadline",
            "original_deadline",
        ]
    )
    if "coordinating_units" in changed:
        keep = {u.pk for u in new["coordinating_units"]}
        task.coordinations.exclude(unit_id__in=keep).delete()
        present = set(task.coordinations.values_list("unit_id", flat=True))
        TaskCoordination.objects.bulk_create(
            [
                TaskCoordination(task=task, unit=u, unit_name=u.name)
                for u in new["coordinating_units"]
                if u.pk not in present
            ]
        )
    _event(
        task,
        TaskEvent.Kind.EDITED,
        actor=actor,
        changes={f: {"before": _shown(f, old[f]), "after": _shown(f, new[f])} for f in changed},
        reason=reason,
    )
    record_change(actor=actor, action="update", target=task, before=before, after=snapshot(task))
    return task
