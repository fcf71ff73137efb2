"""Task pages: my unit's tasks, the board, one task with its timeline and forms, creating a
task, the dashboard, tasks left without a lead unit, and evidence downloads.

Views stay thin: lists come from `chidao.tasks.selectors` (visibility and status in one
place), every change goes through `chidao.tasks.services`. A refused change re-renders the
task page with the message and the HTTP status the service chose (422, 403 or 409), and
nothing is written; a change that went through redirects back with a message.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.replica import reads_from_replica
from chidao.storage import files
from chidao.storage.serve import serve_file
from chidao.tasks import restructuring, services
from chidao.tasks.forms import (
    SORT_COLUMNS,
    BoardFilterForm,
    BulkForm,
    CancelForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    ProgressForm,
    ReassignForm,
    TaskCreateForm,
    pending_request,
)
from chidao.tasks.models import Attachment, ExtensionRequest, Task, TaskCoordination
from chidao.tasks.selectors import (
    counts_by_domain,
    counts_by_unit,
    get_visible_task,
    sorted_tasks,
    status_counts,
    status_totals,
    tasks_for,
)
from chidao.tasks.services import TaskError
from chidao.tasks.status import OPEN_STATUSES, Status, with_status
from chidao.tasks.timeline import timeline_of
from chidao.units.models import Unit

PAGE_SIZE = 50
UNITS_PAGE_SIZE = 50
EXPORT_URL_NAME = "task-export"
EXPORT_URL_FALLBACK = "/tasks/export.xlsx"


def _fragment_only(request) -> bool:
    # A history restore after a cache miss needs the whole page, not the fragment.
    return bool(request.htmx) and not request.htmx.history_restore_request


def _status_summary(counts: dict[str, int], link=None) -> list[dict]:
    return [
        {
            "status": status.value,
            "label": status.label,
            "count": counts.get(status.value, 0),
            "href": link(status.value) if link else "",
        }
        for status in Status
    ]


def board_url(**params) -> str:
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    url = reverse("task-board")
    return f"{url}?{query}" if query else url


def _export_url(query: str) -> str:
    try:
        url = reverse(EXPORT_URL_NAME)
    except NoReverseMatch:
        url = EXPORT_URL_FALLBACK
    return f"{url}?{query}" if query else url


# ---- my unit's tasks


@login_required
def my_tasks(request):
    user = request.user
    unit = user.unit
    context = {"unit": unit, "today": timezone.localdate()}
    if unit is None:
        return render(request, "tasks/mine.html", context)
    tasks = tasks_for(user, unit=unit.pk)
    counts = status_counts(tasks)
    urgent = [Status.OVERDUE, Status.DUE_SOON]
    ordered = tasks.annotate(
        bucket=Case(
            When(status__in=urgent, then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("bucket", "deadline", "id")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    context |= {
        "page": page,
        "paginator": page.paginator,
        "summary": _status_summary(counts, lambda status: board_url(unit=unit.pk, status=status)),
        "total": sum(counts.values()),
    }
    return render(request, "tasks/mine.html", context)


# ---- the board


def _board_units(user, requested: str = ""):
    """Units that lead or coordinate a task the user may see: the board's unit choices, and
    the unit asked for (a count box links to its own unit's tasks, even when there are none;
    units are part of the register everybody reads)."""
    visible = Task.objects.restrict(user, policy.VIEW)
    rule = Q(pk__in=visible.values("lead_unit_id")) | Q(
        pk__in=TaskCoordination.objects.filter(task__in=visible).values("unit_id")
    )
    if requested.isdigit() and len(requested) < 19:
        rule |= Q(pk=int(requested))
    return Unit.objects.filter(rule).only("id", "name")


def _sort_links(query, sort: str) -> dict:
    """{column: {url, order}} for the board's column headers: a click sorts by the column,
    a second click reverses it; `order` is the aria-sort value of the sorted column."""
    links = {}
    for key in SORT_COLUMNS:
        params = query.copy()
        params["sort"] = f"-{key}" if sort == key else key
        order = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        links[key] = {"url": f"{reverse('task-board')}?{params.urlencode()}", "order": order}
    return links


@login_required
def task_board(request):
    user = request.user
    form = BoardFilterForm(
        request.GET or None, units=_board_units(user, request.GET.get("unit", ""))
    )
    fragment = _fragment_only(request)
    context = {"form": form, "can_create": policy.manages_any_committee(user)}
    if request.GET and not form.is_valid():
        context |= {"error": _("Bộ lọc không hợp lệ; hãy sửa các ô được đánh dấu.")}
        template = "tasks/_board_results.html" if fragment else "tasks/board.html"
        response = render(request, template, context, status=400)
        patch_vary_headers(response, ("HX-Request",))
        return response
    filters = form.cleaned_data if form.is_bound else {}
    tasks = tasks_for(
        user,
        committee=filters.get("committee"),
        source=filters.get("source"),
        unit=filters.get("unit"),
        domain=filters.get("domain"),
        status=filters.get("status") or None,
        deadline_from=filters.get("deadline_from"),
        deadline_to=filters.get("deadline_to"),
        search=filters.get("q") or None,
    )
    if filters.get("unit") and filters.get("lead_only"):
        tasks = tasks.filter(lead_unit=filters["unit"])
    sort = filters.get("sort") or ""
    page = Paginator(sorted_tasks(tasks, sort), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context |= {
        "page": page,
        "paginator": page.paginator,
        "export_url": _export_url(query.urlencode()),
        "today": timezone.localdate(),
        "sort_links": _sort_links(query, sort),
        "selectable": True,
        "bulk_form": BulkForm() if policy.manages_tasks(user) else None,
        "here": request.get_full_path(),
    }
    template = "tasks/_board_results.html" if fragment else "tasks/board.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


# ---- one task


def _render_detail(request, task, *, bound=None, error=None, status=200):
    """The task page; `bound` replaces one of its forms by the submitted one (with errors)."""
    user = request.user
    role = task.reporting_role(user)
    manage = task.permits(user, policy.CHANGE)
    is_open = task.completed_on is None and task.cancelled_on is None
    pending = pending_request(task)
    forms = {}
    if role and is_open:
        forms["progress"] = ProgressForm(role=role)
    if role == "lead" and is_open and pending is None:
        forms["extension"] = ExtensionRequestForm()
    if manage and pending is not None:
        forms["decide"] = ExtensionDecideForm()
    if manage and is_open:
        forms["cancel"] = CancelForm()
        forms["reassign"] = ReassignForm()
    if bound is not None:
        key, form = bound
        if key in forms:
            forms[key] = form
    context = {
        "task": task,
        "today": timezone.localdate(),
        "role": role,
        "manage": manage,
        "is_open": is_open,
        "pending": pending,
        "forms": forms,
        "error": error,
        "lead_name_differs": task.lead_unit_name != task.lead_unit.name,
        "coordinations": list(task.coordinations.all()),
        "timeline": timeline_of(task),
        "attachments": task.attachments.select_related("report", "uploaded_by").order_by(
            "uploaded_at", "id"
        ),
        "extensions": task.extension_requests.select_related("requested_by", "decided_by"),
        "deadline_changed": task.deadline != task.original_deadline,
    }
    return render(request, "tasks/detail.html", context, status=status)


@login_required
def task_detail(request, pk: int):
    task = get_visible_task(request.user, pk)
    return _render_detail(request, task)


def _handle(request, task, key, form, run, success, *, allowed: bool = True):
    """Refuse (403) when the user may not act, then validate `form`, call the service through
    `run(task, data)`, then PRG or re-render: who may act is answered before what was sent."""
    if not allowed:
        refusal = _("Bạn không có quyền thực hiện thao tác này.")
        return _render_detail(request, task, error=refusal, status=403)
    if not form.is_valid():
        return _render_detail(
            request,
            task,
            bound=(key, form),
            error=_("Chưa lưu: hãy sửa các ô được đánh dấu."),
            status=422,
        )
    try:
        run(task, form.cleaned_data)
    except TaskError as exc:
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, str(exc))
        return _render_detail(request, task, bound=(key, form), error=str(exc), status=exc.status)
    except files.UploadRejected as exc:
        form.add_error("files" if "files" in form.fields else None, str(exc))
        return _render_detail(request, task, bound=(key, form), error=str(exc), status=422)
    messages.success(request, success)
    return redirect("task-detail", pk=task.pk)


@login_required
@require_POST
def task_progress(request, pk: int):
    task = get_visible_task(request.user, pk)
    role = task.reporting_role(request.user) or "lead"
    form = ProgressForm(request.POST, request.FILES, role=role)

    def run(task, data):
        services.progress_report(
            actor=request.user,
            task=task,
            note=data["note"],
            percent=data["percent"],
            completed=data.get("completed", False),
            output_number=data.get("output_number", ""),
            output_date=data.get("output_date"),
            uploads=data["files"],
        )

    completed = form.data.get("completed") in ("on", "true", "1")
    message = _("Đã ghi nhận hoàn thành nhiệm vụ.") if completed else _("Đã ghi nhận báo cáo.")
    return _handle(request, task, "progress", form, run, message)


@login_required
@require_POST
def task_extension_request(request, pk: int):
    task = get_visible_task(request.user, pk)

    def run(task, data):
        services.extension_request(
            actor=request.user,
            task=task,
            reason=data["reason"],
            requested_deadline=data["requested_deadline"],
        )

    form = ExtensionRequestForm(request.POST)
    return _handle(
        request,
        task,
        "extension",
        form,
        run,
        _("Đã gửi đề nghị gia hạn."),
        allowed=task.reporting_role(request.user) == "lead",
    )


@login_required
@require_POST
def task_extension_decide(request, pk: int, request_pk: int):
    task = get_visible_task(request.user, pk)
    extension = get_object_or_404(ExtensionRequest, pk=request_pk, task=task)
    form = ExtensionDecideForm(request.POST)

    def run(task, data):
        services.extension_decide(
            actor=request.user,
            request=extension,
            approve=data["decision"] == "approve",
            note=data["note"],
            granted_deadline=data["granted_deadline"],
        )

    approve = form.data.get("decision") == "approve"
    message = _("Đã đồng ý gia hạn.") if approve else _("Đã không đồng ý gia hạn.")
    allowed = policy.permits(request.user, policy.CHANGE, task)
    return _handle(request, task, "decide", form, run, message, allowed=allowed)


@login_required
@require_POST
def task_cancel(request, pk: int):
    task = get_visible_task(request.user, pk)

    def run(task, data):
        services.task_cancel(actor=request.user, task=task, reason=data["reason"])

    form = CancelForm(request.POST)
    allowed = policy.permits(request.user, policy.CHANGE, task)
    return _handle(request, task, "cancel", form, run, _("Đã hủy nhiệm vụ."), allowed=allowed)


@login_required
@require_POST
def task_reassign(request, pk: int):
    task = get_visible_task(request.user, pk)

    def run(task, data):
        services.task_reassign(
            actor=request.user,
            task=task,
            new_lead_unit=data["new_lead_unit"],
            reason=data["reason"],
        )

    form = ReassignForm(request.POST)
    allowed = policy.permits(request.user, policy.CHANGE, task)
    return _handle(
        request, task, "reassign", form, run, _("Đã chuyển đơn vị chủ trì."), allowed=allowed
    )


# ---- creating a task


@login_required
def task_create(request):
    if not policy.manages_any_committee(request.user):
        raise PermissionDenied(_("Chỉ cơ quan thường trực mới giao nhiệm vụ."))
    form = TaskCreateForm(request.POST or None, user=request.user)
    if request.method != "POST":
        return render(request, "tasks/create.html", {"form": form})
    if not form.is_valid():
        return render(request, "tasks/create.html", {"form": form}, status=422)
    data = dict(form.cleaned_data)
    recurrence, until = data.pop("recurrence"), data.pop("until")
    fields = {**data, "coordinating_units": list(data["coordinating_units"])}
    try:
        if recurrence:
            deadline = fields.pop("deadline")
            tasks = services.task_create_recurring(
                actor=request.user,
                recurrence=recurrence,
                first_deadline=deadline,
                until=until,
                **fields,
            )
        else:
            tasks = [services.task_create(actor=request.user, **fields)]
    except TaskError as exc:
        field = exc.field if exc.field in form.fields else None
        if field is None and exc.field == "unit":
            field = "lead_unit"
        form.add_error(field, str(exc))
        return render(request, "tasks/create.html", {"form": form}, status=exc.status)
    if not tasks:
        form.add_error("until", _("Không có lần nào trong khoảng đã chọn."))
        return render(request, "tasks/create.html", {"form": form}, status=422)
    messages.success(
        request,
        ngettext("Đã giao %(n)s nhiệm vụ.", "Đã giao %(n)s nhiệm vụ.", len(tasks))
        % {"n": len(tasks)},
    )
    return redirect("task-detail", pk=tasks[0].pk)


# ---- dashboard


def _breakdown_rows(rows, key: str, extra: dict, scale: int | None = None) -> list[dict]:
    if scale is None:
        scale = max((row["total"] for row in rows), default=0)
    result = []
    for row in rows:
        params = {**extra, key: row["id"]}
        if key == "unit":
            params["lead_only"] = "1"
        result.append(
            {
                "id": row["id"],
                "name": row["name"],
                "total": row["total"],
                "href": board_url(**params),
                "scale": scale,
                "segments": [
                    {
                        "status": status.value,
                        "label": status.label,
                        "count": row["counts"].get(status.value, 0),
                        "href": board_url(**params, status=status.value),
                    }
                    for status in Status
                ],
            }
        )
    return result


@login_required
@reads_from_replica
def task_dashboard(request):
    user = request.user
    committee = None
    raw = request.GET.get("committee", "")
    if raw.isdigit():
        committee = Committee.objects.filter(pk=raw).only("id", "name").first()
    tasks = tasks_for(user, committee=committee)
    extra = {"committee": committee.pk} if committee else {}
    unit_rows = counts_by_unit(tasks)
    counts = status_totals(unit_rows)
    summary = _status_summary(counts, lambda status: board_url(**extra, status=status))
    for item in summary:
        item["segments"] = [item]
    scale = max(counts.values(), default=0)
    # Thousands of units nationally: one page of them at a time, links built for that page.
    units_page = Paginator(unit_rows, UNITS_PAGE_SIZE).get_page(request.GET.get("page"))
    unit_scale = max((row["total"] for row in unit_rows), default=0)
    by_unit = _breakdown_rows(units_page.object_list, "unit", extra, unit_scale)
    if committee and policy.manages_committee(user, committee.pk):
        # The standing agency drafts an urging letter to any unit from here.
        letter = reverse("urging-letter")
        for row in by_unit:
            row["letter_href"] = (
                f"{letter}?{urlencode({'committee': committee.pk, 'unit': row['id']})}"
            )
    context = {
        "committee": committee,
        "committees": Committee.objects.order_by("name").only("id", "name"),
        "summary": summary,
        "status_scale": scale,
        "total": sum(counts.values()),
        "total_href": board_url(**extra),
        "by_unit": by_unit,
        "units_page": units_page,
        "units_paginator": units_page.paginator,
        "by_domain": _breakdown_rows(counts_by_domain(tasks), "domain", extra),
        "statuses": list(Status),
    }
    return render(request, "tasks/dashboard.html", context)


# ---- tasks left without a lead unit


@login_required
def orphaned_tasks(request):
    if not policy.manages_any_committee(request.user):
        raise PermissionDenied(_("Chỉ cơ quan thường trực mới xem danh sách này."))
    tasks = restructuring.orphaned_tasks().restrict(request.user, policy.CHANGE)
    tasks = with_status(tasks).order_by("deadline", "id")
    return render(request, "tasks/orphaned.html", {"tasks": tasks})


# ---- evidence files


@login_required
def attachment_download(request, pk: int):
    """The file, to those who may see its task; everyone else gets the same 404."""
    attachment = Attachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404("No attachment matches the given query.")
    get_visible_task(request.user, attachment.task_id)
    return serve_file(attachment)
