"""API: tasks, progress, extensions, files and exports, under /api/v1.

Authenticated by a personal API token (`Authorization: Bearer chd_…`) or by the site's own
session; never public. Reads go through `chidao.tasks.selectors` (a task the caller may not
see is a 404), writes through `chidao.tasks.services` (a refusal is a TaskError whose
`status` is the HTTP answer: 403, 409 or 422).

One deliberate exception: `POST /tasks/{id}/progress` answers 403, not 404, when the task
exists but the caller's unit neither leads nor coordinates it (the contract of issue 3),
even if the caller cannot see the task.
"""

from typing import Literal

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.api_render import rendered
from chidao.core.inputs import MAX_DB_INT, Id, IsoDate, Line, Short
from chidao.core.replica import reads_from_replica
from chidao.storage.serve import FileMissing, serve_file
from chidao.tasks import excel, services
from chidao.tasks.counts import counts_by_unit
from chidao.tasks.models import Attachment, Domain, ExtensionRequest, Task, TaskSource
from chidao.tasks.schemas import (
    CancelIn,
    ExtensionDecisionIn,
    ExtensionRequestIn,
    ExtensionRequestOut,
    ProgressIn,
    ReassignIn,
    ReportOut,
    StatusName,
    TaskCreateIn,
    TaskDetailOut,
    TaskOut,
    UnitCountsOut,
    extension_payload,
    report_payload,
    task_detail_payload,
    task_payload,
    task_row_payload,
)
from chidao.tasks.selectors import (
    TaskList,
    coordinations_of,
    get_visible_task,
    page_coordinations,
    task_timeline,
    tasks_for,
)
from chidao.units.models import Unit

router = Router(tags=["Nhiệm vụ"], auth=TASK_AUTH)
extension_router = Router(tags=["Nhiệm vụ"], auth=TASK_AUTH)
attachment_router = Router(tags=["Nhiệm vụ"], auth=TASK_AUTH)

READ_ERRORS = {401: ErrorOut, 422: ValidationErrorOut}
ONE_ERRORS = {**READ_ERRORS, 404: ErrorOut}
WRITE_ERRORS = {**ONE_ERRORS, 403: ErrorOut, 409: ErrorOut}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_LIMIT_MAX = 5000


class TaskFilters(Schema):
    """The task board's filters, shared by the list and the Excel export."""

    committee: Id | None = Field(None, description="Mã Ban Chỉ đạo.")
    source: Id | None = Field(None, description="Mã văn bản giao nhiệm vụ.")
    unit: Id | None = Field(None, description="Mã đơn vị: nhiệm vụ đơn vị chủ trì hoặc phối hợp.")
    domain: Short | None = Field(None, description="Mã lĩnh vực.")
    status: StatusName | None = Field(None, description="Trạng thái (tính từ dữ liệu).")
    deadline_from: IsoDate | None = Field(None, description="Hạn từ ngày (YYYY-MM-DD).")
    deadline_to: IsoDate | None = Field(None, description="Hạn đến ngày (YYYY-MM-DD).")
    search: Line | None = Field(None, description="Tìm trong tên nhiệm vụ.")


def _user(request):
    return request.auth


def _filtered(request, filters: TaskFilters):
    queryset = tasks_for(
        _user(request),
        committee=filters.committee,
        source=filters.source,
        unit=filters.unit,
        status=filters.status,
        deadline_from=filters.deadline_from,
        deadline_to=filters.deadline_to,
        search=filters.search,
    )
    if filters.domain:
        queryset = queryset.filter(domain__code=filters.domain.strip())
    return queryset


def _invalid(field: str, message: str):
    return Status(
        422,
        {
            "detail": message,
            "errors": [{"loc": ["body", field], "msg": message, "type": "value_error"}],
        },
    )


def _detail(request, pk: int) -> dict:
    task = get_visible_task(_user(request), pk)
    return task_detail_payload(task, task_timeline(task))


# ---- tasks


@router.get(
    "",
    response={200: list[TaskOut], **READ_ERRORS},
    summary="Danh sách nhiệm vụ",
    description=(
        "Chỉ những nhiệm vụ người gọi được xem: đầu mối thấy nhiệm vụ đơn vị mình chủ trì "
        "hoặc phối hợp; cán bộ thường trực thấy nhiệm vụ của Ban Chỉ đạo mình phục vụ; lãnh "
        "đạo, người xem và quản trị thấy tất cả. Sắp theo hạn. "
        "Tiêu đề X-Has-More cho biết còn trang sau (true/false); tổng số nhiệm vụ khớp bộ "
        "lọc nằm trong tiêu đề X-Total-Count, trừ khi gọi với count=false (mỗi trang khi đó "
        "chỉ một truy vấn)."
    ),
)
def list_tasks(
    request,
    response: HttpResponse,
    filters: Query[TaskFilters],
    limit: int = Query(1000, ge=1, le=LIST_LIMIT_MAX),
    offset: int = Query(0, ge=0, le=MAX_DB_INT),
    count: bool = Query(
        True, description="false: không đếm tổng (không có X-Total-Count), nhanh hơn."
    ),
):
    tasks = TaskList(
        _user(request),
        committee=filters.committee,
        source=filters.source,
        unit=filters.unit,
        domain_code=filters.domain.strip() if filters.domain else None,
        status=filters.status,
        deadline_from=filters.deadline_from,
        deadline_to=filters.deadline_to,
        search=filters.search,
    )
    # One row more than the page says whether another page follows, without a count.
    rows = tasks.page(offset, offset + limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    response["X-Has-More"] = "true" if more else "false"
    if count:
        # A last page that is not empty knows the total already.
        known = not more and (rows or offset == 0)
        response["X-Total-Count"] = str(offset + len(rows) if known else tasks.count())
    # The rows are the schema's fields already (task_row_payload, tested against TaskOut):
    # written as they are, not validated a second time.
    return rendered(response, [task_row_payload(r[:-1], page_coordinations(r[-1])) for r in rows])


@router.get(
    "/counts",
    response={200: list[UnitCountsOut], **READ_ERRORS},
    summary="Số nhiệm vụ theo đơn vị và trạng thái",
    description=(
        "Mỗi đơn vị một dòng: số nhiệm vụ đơn vị chủ trì theo trạng thái (tính vào ngày "
        "as_of, mặc định hôm nay, như bảng nhiệm vụ), và trong coordinating số nhiệm vụ đơn "
        "vị phối hợp. Không tính nhiệm vụ đã hủy hay giao sau ngày as_of. Chỉ đếm nhiệm vụ "
        "người gọi được xem; sắp theo tên đơn vị."
    ),
)
@reads_from_replica
def task_counts(
    request,
    response: HttpResponse,
    by: Literal["unit"] = Query("unit", description="Nhóm theo: unit (đơn vị)."),
    committee: Id | None = Query(None, description="Mã Ban Chỉ đạo."),
    as_of: IsoDate | None = Query(None, description="Ngày tính trạng thái (YYYY-MM-DD)."),
):
    if committee is not None and not Committee.objects.filter(pk=committee).exists():
        return _invalid(
            "committee", _("Không có Ban Chỉ đạo mã %(committee)s.") % {"committee": committee}
        )
    # Plain ints and names in the schema's order (tested against UnitCountsOut): written as
    # they are, a few hundred rows not validated a second time.
    return rendered(response, counts_by_unit(_user(request), committee=committee, as_of=as_of))


@router.get(
    "/export.xlsx",
    response={401: ErrorOut, 422: ValidationErrorOut},
    summary="Xuất danh sách nhiệm vụ ra Excel",
    description="Cùng bộ lọc như danh sách; tệp xuất nhập lại được (cột Mã nhiệm vụ).",
    openapi_extra={
        "responses": {
            200: {
                "description": "Tệp .xlsx",
                "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
@reads_from_replica
def export_tasks(request, filters: Query[TaskFilters]):
    content = excel.export_tasks_xlsx(_filtered(request, filters))
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="nhiem-vu-{stamp}.xlsx"'
    return response


@router.get(
    "/{task_id}",
    response={200: TaskDetailOut, **ONE_ERRORS},
    summary="Một nhiệm vụ, với dòng thời gian",
    description="Nhiệm vụ không tồn tại hoặc người gọi không được xem: 404.",
)
def get_task(request, task_id: Id):
    return _detail(request, task_id)


@router.post(
    "",
    response={201: TaskDetailOut, **WRITE_ERRORS},
    summary="Giao nhiệm vụ",
    description="Cán bộ cơ quan thường trực của Ban Chỉ đạo (hoặc quản trị).",
)
def create_task(request, payload: TaskCreateIn):
    user = _user(request)
    committee = Committee.objects.filter(pk=payload.committee).first()
    if committee is None:
        return _invalid(
            "committee",
            _("Không có Ban Chỉ đạo mã %(committee)s.") % {"committee": payload.committee},
        )
    policy.require(
        policy.manages_committee(user, committee.pk),
        _("Bạn không có quyền quản lý nhiệm vụ của Ban Chỉ đạo này."),
    )
    domain = Domain.objects.filter(
        Q(committee__isnull=True) | Q(committee=committee), code=payload.domain
    ).first()
    if domain is None:
        return _invalid(
            "domain", _("Không có lĩnh vực mã “%(domain)s”.") % {"domain": payload.domain}
        )
    lead_unit = Unit.objects.filter(pk=payload.lead_unit).first()
    if lead_unit is None:
        return _invalid(
            "lead_unit", _("Không có đơn vị mã %(lead_unit)s.") % {"lead_unit": payload.lead_unit}
        )
    wanted = set(payload.coordinating_units)
    coordinating = list(Unit.objects.filter(pk__in=wanted))
    missing = wanted - {u.pk for u in coordinating}
    if missing:
        ids = ", ".join(str(i) for i in sorted(missing))
        return _invalid("coordinating_units", _("Không có đơn vị mã %(ids)s.") % {"ids": ids})
    source = None
    if payload.source is not None:
        source = (
            TaskSource.objects.filter(pk=payload.source, committee=committee)
            .select_related("document")
            .first()
        )
        if source is None:
            return _invalid(
                "source", f"Ban Chỉ đạo không có văn bản giao nhiệm vụ mã {payload.source}."
            )
    task = services.task_create(
        actor=user,
        committee=committee,
        title=payload.title,
        domain=domain,
        lead_unit=lead_unit,
        deadline=payload.deadline,
        coordinating_units=coordinating,
        content=payload.content,
        source=source,
        source_clause=payload.source_clause,
        expected_output=payload.expected_output,
        priority=payload.priority,
    )
    # The task as the service wrote it (its creator manages the committee, so may see it):
    # only its timeline and its coordinations are read back, not the whole detail.
    coordinations = coordinations_of([task.pk]).get(task.pk, []) if coordinating else []
    return Status(
        201, task_detail_payload(task, task_timeline(task), new=True, coordinations=coordinations)
    )


@router.post(
    "/{task_id}/progress",
    response={201: ReportOut, **WRITE_ERRORS},
    summary="Báo cáo tiến độ, đóng góp hoặc hoàn thành",
    description=(
        "Đơn vị chủ trì báo cáo tiến độ (percent 0–100) hoặc hoàn thành (completed, kèm số "
        "và ngày văn bản kết quả); đơn vị phối hợp gửi đóng góp. 403 khi đơn vị của người gọi "
        "không chủ trì hay phối hợp nhiệm vụ (kể cả khi người gọi không xem được nhiệm vụ); "
        "404 khi không có nhiệm vụ; 422 khi percent ngoài 0–100 hoặc thiếu nội dung (note)."
    ),
)
def report_progress(request, task_id: Id, payload: ProgressIn):
    # The service reads (and locks) the task by its id first thing: a missing task is its
    # DoesNotExist, before any other check, without a read of its own here.
    try:
        report = services.progress_report(
            actor=_user(request),
            task=Task(pk=task_id),
            note=payload.note,
            percent=payload.percent,
            completed=payload.completed,
            output_number=payload.output_number,
            output_date=payload.output_date,
        )
    except Task.DoesNotExist:
        return Status(404, {"detail": _("Không tìm thấy nhiệm vụ.")})
    return Status(201, report_payload(report, []))


@router.post(
    "/{task_id}/extension-requests",
    response={201: ExtensionRequestOut, **WRITE_ERRORS},
    summary="Đề nghị gia hạn",
    description="Chỉ đơn vị chủ trì; gửi cơ quan thường trực xem xét.",
)
def request_extension(request, task_id: Id, payload: ExtensionRequestIn):
    task = get_visible_task(_user(request), task_id)
    extension = services.extension_request(
        actor=_user(request),
        task=task,
        reason=payload.reason,
        requested_deadline=payload.requested_deadline,
    )
    return Status(201, extension_payload(extension))


@router.post(
    "/{task_id}/cancel",
    response={200: TaskOut, **WRITE_ERRORS},
    summary="Hủy nhiệm vụ (cần lý do)",
)
def cancel_task(request, task_id: Id, payload: CancelIn):
    task = get_visible_task(_user(request), task_id)
    services.task_cancel(actor=_user(request), task=task, reason=payload.reason)
    return Status(200, task_payload(get_visible_task(_user(request), task_id)))


@router.post(
    "/{task_id}/reassign",
    response={200: TaskOut, **WRITE_ERRORS},
    summary="Chuyển đơn vị chủ trì",
)
def reassign_task(request, task_id: Id, payload: ReassignIn):
    task = get_visible_task(_user(request), task_id)
    unit = Unit.objects.filter(pk=payload.lead_unit).first()
    if unit is None:
        return _invalid(
            "lead_unit", _("Không có đơn vị mã %(lead_unit)s.") % {"lead_unit": payload.lead_unit}
        )
    services.task_reassign(
        actor=_user(request), task=task, new_lead_unit=unit, reason=payload.reason
    )
    return Status(200, task_payload(get_visible_task(_user(request), task_id)))


# ---- extension decisions


@extension_router.post(
    "/{request_id}/decision",
    response={200: ExtensionRequestOut, **WRITE_ERRORS},
    summary="Đồng ý hoặc không đồng ý gia hạn",
    description="Cơ quan thường trực; không đồng ý cần nêu lý do (note).",
)
def decide_extension(request, request_id: Id, payload: ExtensionDecisionIn):
    extension = ExtensionRequest.objects.filter(pk=request_id).first()
    if extension is None:
        return Status(404, {"detail": _("Không tìm thấy đề nghị gia hạn.")})
    get_visible_task(_user(request), extension.task_id)
    extension = services.extension_decide(
        actor=_user(request),
        request=extension,
        approve=payload.approve,
        note=payload.note,
        granted_deadline=payload.granted_deadline,
    )
    extension = ExtensionRequest.objects.select_related("requested_by", "decided_by").get(
        pk=extension.pk
    )
    return Status(200, extension_payload(extension))


# ---- files


@attachment_router.get(
    "/{attachment_id}",
    url_name="attachment-download",
    response=ONE_ERRORS,
    summary="Tải tệp minh chứng",
    description="Chỉ người được xem nhiệm vụ của tệp; người khác nhận 404.",
    openapi_extra={
        "responses": {
            200: {
                "description": "Nội dung tệp",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_attachment(request, attachment_id: Id):
    attachment = Attachment.objects.filter(pk=attachment_id).first()
    if attachment is None:
        return Status(404, {"detail": _("Không tìm thấy tệp.")})
    get_visible_task(_user(request), attachment.task_id)
    try:
        return serve_file(attachment)
    except FileMissing:
        return Status(404, {"detail": _("Tệp không còn trên máy chủ.")})
