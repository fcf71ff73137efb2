"""API of the register of difficulties and proposals, under /api/v1/obstacles.

A token or a session, never public. Reads through `chidao.obstacles.selectors` (an item the
caller may not see is a 404); writes through `chidao.obstacles.services` (a refusal is an
ObstacleError whose `status` is the answer: 403, 409 or 422).
"""

from typing import Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import MAX_DB_INT, Id, IsoDate, Line, Note, Short
from chidao.obstacles import services
from chidao.obstacles.models import Obstacle, ReplyFile
from chidao.obstacles.selectors import get_visible_obstacle, obstacles_for
from chidao.storage.serve import FileMissing, serve_file
from chidao.tasks.models import Task
from chidao.units.models import Unit

router = Router(tags=["Khó khăn, vướng mắc, kiến nghị"], auth=TASK_AUTH)

READ_ERRORS = {401: ErrorOut, 422: ValidationErrorOut}
ONE_ERRORS = {**READ_ERRORS, 404: ErrorOut}
WRITE_ERRORS = {**ONE_ERRORS, 403: ErrorOut, 409: ErrorOut}
StateName = Literal["open", "assigned", "answered", "resolved", "forwarded", "closed"]
StateFilter = Literal["open", "assigned", "answered", "resolved", "forwarded", "closed", "pending"]
LevelName = Literal["unit", "department", "city", "ministry", "central"]


class ObstacleUnitOut(Schema):
    id: int
    name: str


class ObstacleOut(Schema):
    id: int
    title: str
    raised_by: ObstacleUnitOut
    raised_on: str
    level: LevelName | None
    resolver: ObstacleUnitOut | None
    due_on: str | None
    state: StateName


class ReplyFileOut(Schema):
    id: int
    name: str
    number: str
    size: int
    uploaded_on: str


class ObstacleDetailOut(ObstacleOut):
    committee: int
    content: str
    kind: Literal["difficulty", "proposal"]
    origin: Literal["report", "meeting", "inspection", "direct"]
    tasks: list[int]
    reply: str
    reply_document: str
    reply_files: list[ReplyFileOut] = Field(
        default_factory=list, description="Tệp văn bản trả lời (tải tại reply/documents/{id})."
    )
    replied_on: str | None
    resolved_on: str | None
    close_reason: str
    merged_into: int | None


class ObstacleRaiseIn(Schema):
    committee: Id
    unit: Id = Field(description="Đơn vị nêu.")
    title: Line
    content: Note = ""
    kind: Literal["difficulty", "proposal"] = "difficulty"
    origin: Literal["report", "meeting", "inspection", "direct"] = "direct"
    origin_note: Line = ""
    raised_on: IsoDate | None = None
    tasks: list[Id] = Field(default_factory=list, max_length=100)


class ObstacleAssignIn(Schema):
    level: LevelName
    resolver: Id
    due_on: IsoDate
    note: Note = ""


class ObstacleReplyIn(Schema):
    text: Note
    resolved: bool
    document: Short = Field("", description="Số, ký hiệu văn bản trả lời.")
    replied_on: IsoDate | None = None


class ObstacleReplyOut(Schema):
    id: int
    state: StateName
    replied_on: str


def payload(item: Obstacle) -> dict:
    return {
        "id": item.pk,
        "title": item.title,
        "raised_by": {"id": item.raised_by_id, "name": item.raised_by_name},
        "raised_on": item.raised_on.isoformat(),
        "level": item.level or None,
        "resolver": (
            {"id": item.resolver_id, "name": item.resolver.name} if item.resolver_id else None
        ),
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "state": item.state,
    }


def file_payload(stored: ReplyFile) -> dict:
    return {
        "id": stored.pk,
        "name": stored.original_name,
        "number": stored.number,
        "size": stored.size,
        "uploaded_on": stored.uploaded_at.date().isoformat(),
    }


def detail_payload(item: Obstacle) -> dict:
    return {
        **payload(item),
        "committee": item.committee_id,
        "content": item.content,
        "kind": item.kind,
        "origin": item.origin,
        "tasks": sorted(item.tasks.values_list("pk", flat=True)),
        "reply": item.reply,
        "reply_document": item.reply_document,
        "reply_files": [file_payload(f) for f in item.reply_files.all()],
        "replied_on": item.replied_on.isoformat() if item.replied_on else None,
        "resolved_on": item.resolved_on.isoformat() if item.resolved_on else None,
        "close_reason": item.close_reason,
        "merged_into": item.merged_into_id,
    }


def _invalid(field: str, message: str):
    return Status(
        422,
        {
            "detail": message,
            "errors": [{"loc": ["body", field], "msg": message, "type": "value_error"}],
        },
    )


@router.get(
    "",
    response={200: list[ObstacleOut], **READ_ERRORS},
    summary="Sổ khó khăn, vướng mắc, kiến nghị",
    description=(
        "Chỉ những mục người gọi được xem: đơn vị thấy mục mình nêu hoặc được giao xử lý; "
        "cơ quan thường trực thấy mọi mục của Ban Chỉ đạo mình phục vụ; lãnh đạo, người xem "
        "và quản trị thấy tất cả. state=open: mọi mục chưa giải quyết xong (mới, đã giao, đã "
        "trả lời, đã chuyển cấp trên). Mới nhất trước; tiêu đề X-Total-Count."
    ),
)
def list_obstacles(
    request,
    response: HttpResponse,
    committee: Id | None = Query(None, description="Mã Ban Chỉ đạo."),
    state: StateFilter | None = Query(None, description="Trạng thái; open: chưa xong."),
    unit: Id | None = Query(None, description="Đơn vị nêu hoặc đơn vị xử lý."),
    limit: int = Query(500, ge=1, le=5000),
    offset: int = Query(0, ge=0, le=MAX_DB_INT),
):
    state = "open" if state == "pending" else state
    queryset = obstacles_for(request.auth, committee=committee, state=state, unit=unit)
    response["X-Total-Count"] = str(queryset.count())
    return [payload(item) for item in queryset[offset : offset + limit]]


@router.get(
    "/{obstacle_id}",
    response={200: ObstacleDetailOut, **ONE_ERRORS},
    summary="Một mục của sổ",
)
def get_obstacle(request, obstacle_id: Id):
    return detail_payload(get_visible_obstacle(request.auth, obstacle_id))


@router.post(
    "",
    response={201: ObstacleDetailOut, **WRITE_ERRORS},
    summary="Nêu khó khăn, vướng mắc, kiến nghị",
    description="Đầu mối của đơn vị (cho đơn vị mình) hoặc cơ quan thường trực (cho mọi đơn vị).",
)
def raise_obstacle(request, payload_in: ObstacleRaiseIn):
    committee = Committee.objects.filter(pk=payload_in.committee).first()
    if committee is None:
        return _invalid("committee", _("Không có Ban Chỉ đạo này."))
    unit = Unit.objects.filter(pk=payload_in.unit).first()
    if unit is None:
        return _invalid("unit", _("Không có đơn vị này."))
    tasks = list(Task.objects.filter(pk__in=payload_in.tasks).restrict(request.auth, policy.VIEW))
    if len(tasks) != len(set(payload_in.tasks)):
        return _invalid("tasks", _("Có nhiệm vụ không tồn tại hoặc bạn không được xem."))
    item = services.obstacle_raise(
        actor=request.auth,
        committee=committee,
        unit=unit,
        title=payload_in.title,
        content=payload_in.content,
        kind=payload_in.kind,
        origin=payload_in.origin,
        origin_note=payload_in.origin_note,
        raised_on=payload_in.raised_on,
        tasks=tasks,
    )
    return Status(201, detail_payload(item))


@router.post(
    "/{obstacle_id}/assign",
    response={200: ObstacleDetailOut, **WRITE_ERRORS},
    summary="Giao đơn vị xử lý và hạn trả lời",
    description="Cơ quan thường trực của Ban Chỉ đạo (hoặc quản trị); người khác: 403.",
)
def assign_obstacle(request, obstacle_id: Id, payload_in: ObstacleAssignIn):
    item = get_visible_obstacle(request.auth, obstacle_id)
    policy.require(
        policy.manages_committee(request.auth, item.committee_id),
        _("Chỉ cơ quan thường trực của Ban Chỉ đạo mới giao xử lý."),
    )
    resolver = Unit.objects.filter(pk=payload_in.resolver).first()
    if resolver is None:
        return _invalid("resolver", _("Không có đơn vị này."))
    item = services.obstacle_assign(
        actor=request.auth,
        obstacle=item,
        level=payload_in.level,
        resolver=resolver,
        due_on=payload_in.due_on,
        note=payload_in.note,
    )
    return detail_payload(item)


@router.post(
    "/{obstacle_id}/reply",
    response={201: ObstacleReplyOut, **WRITE_ERRORS},
    summary="Trả lời khó khăn, vướng mắc",
    description=(
        "Người của đơn vị được giao xử lý, hoặc cơ quan thường trực của Ban Chỉ đạo; người "
        "khác xem được mục này: 403; không xem được: 404. resolved=true: đã giải quyết xong."
    ),
)
def reply_obstacle(request, obstacle_id: Id, payload_in: ObstacleReplyIn):
    item = get_visible_obstacle(request.auth, obstacle_id)
    policy.require_permits(
        request.auth,
        policy.REPORT,
        item,
        _("Chỉ đơn vị được giao xử lý hoặc cơ quan thường trực mới trả lời."),
    )
    item = services.obstacle_reply(
        actor=request.auth,
        obstacle=item,
        text=payload_in.text,
        resolved=payload_in.resolved,
        document=payload_in.document,
        replied_on=payload_in.replied_on,
    )
    return Status(
        201, {"id": item.pk, "state": item.state, "replied_on": item.replied_on.isoformat()}
    )


@router.post(
    "/{obstacle_id}/reply/document",
    response={201: ReplyFileOut, **WRITE_ERRORS},
    summary="Gửi tệp văn bản trả lời",
    description=(
        "multipart/form-data: `file` (công văn trả lời: PDF, Word, OpenDocument hoặc ảnh) và "
        "`number` (số, ký hiệu, không bắt buộc). Cho một mục đã được trả lời (chưa trả lời: "
        "409); người của đơn vị được giao xử lý hoặc cơ quan thường trực; người khác xem được "
        "mục: 403; không xem được: 404. Tệp bị từ chối: 422, không lưu gì."
    ),
)
def upload_reply_document(
    request, obstacle_id: Id, file: File[UploadedFile], number: Form[str] = ""
):
    item = get_visible_obstacle(request.auth, obstacle_id)
    policy.require_permits(
        request.auth,
        policy.REPORT,
        item,
        _("Chỉ đơn vị được giao xử lý hoặc cơ quan thường trực mới trả lời."),
    )
    stored = services.obstacle_reply_file(
        actor=request.auth, obstacle=item, upload=file, number=number
    )
    return Status(201, file_payload(stored))


@router.get(
    "/{obstacle_id}/reply/documents/{file_id}",
    response=ONE_ERRORS,
    summary="Tải tệp văn bản trả lời",
    description="Chỉ người được xem mục của sổ; người khác nhận 404.",
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
def download_reply_document(request, obstacle_id: Id, file_id: Id):
    stored = (
        ReplyFile.objects.restrict(request.auth).filter(pk=file_id, obstacle_id=obstacle_id).first()
    )
    if stored is None:
        return Status(404, {"detail": _("Không tìm thấy tệp.")})
    try:
        return serve_file(stored)
    except FileMissing:
        return Status(404, {"detail": _("Tệp không còn trên máy chủ.")})
