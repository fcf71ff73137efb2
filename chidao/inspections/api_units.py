"""API at an inspected unit, beside `chidao.inspections.api` under /api/v1/inspections: a
finding's evidence files uploaded and downloaded, and a difficulty or proposal the unit raised
at its inspection put into the register. Reads through
`chidao.inspections.selectors` (a unit one may not see is a 404), writes through
`chidao.inspections.services`, the pages' services (a refusal's `status` is the answer)."""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from chidao.core.api_auth import TASK_AUTH
from chidao.core.inputs import Id, IsoDate, Line, Note
from chidao.inspections import selectors, services
from chidao.inspections.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    FindingOut,
    findings_payload,
)
from chidao.obstacles.api import ObstacleOut
from chidao.obstacles.api import payload as obstacle_payload
from chidao.storage.serve import FileMissing, serve_file

router = Router(tags=["Kiểm tra"], auth=TASK_AUTH)

FILE_ANSWER = {
    "responses": {
        200: {
            "description": "Nội dung tệp",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
        }
    }
}


class UnitObstacleIn(Schema):
    title: Line
    content: Note = ""
    kind: Literal["difficulty", "proposal"] = "difficulty"
    raised_on: IsoDate | None = None


def _unit(request, inspection_id: int, unit_id: int):
    inspection = selectors.get_visible_inspection(request.auth, inspection_id)
    return inspection, selectors.get_visible_unit(request.auth, inspection, unit_id)


@router.post(
    "/{inspection_id}/units/{unit_id}/findings/{item_id}/files",
    response={201: FindingOut, **WRITE_ERRORS},
    summary="Gửi tệp minh chứng cho một kết quả kiểm tra",
    description=(
        "multipart/form-data: `files` (tối đa 5 tệp mỗi lần; PDF, Word, Excel, PowerPoint, "
        "OpenDocument, PNG, JPEG, mỗi tệp trong giới hạn dung lượng tải lên). Chỉ cơ quan "
        "thường trực của Ban (403 với người khác thấy đơn vị), sau khi đã ghi kết quả của mục "
        "(`item_id`: mã mục kiểm tra) và trước kết luận (409). Tệp bị từ chối: 422, không lưu "
        "tệp nào."
    ),
)
def add_finding_files(
    request,
    inspection_id: Id,
    unit_id: Id,
    item_id: Id,
    files: File[list[UploadedFile]] = None,
):
    inspection, inspected = _unit(request, inspection_id, unit_id)
    finding = services.finding_files_add(
        actor=request.auth,
        inspection=inspection,
        unit=inspected.unit_id,
        item=item_id,
        uploads=list(files or []),
    )
    payload = findings_payload(inspected.findings.filter(pk=finding.pk))
    return Status(201, payload["findings"][0])


@router.get(
    "/files/finding/{file_id}",
    url_name="inspection-finding-file",
    response=READ_ERRORS,
    summary="Tải tệp minh chứng của một kết quả kiểm tra",
    description="Chỉ người xem được đơn vị được kiểm tra (như trang đơn vị); người khác: 404.",
    openapi_extra=FILE_ANSWER,
)
def download_finding_file(request, file_id: Id):
    stored = selectors.get_visible_finding_file(request.auth, file_id)
    try:
        return serve_file(stored)
    except FileMissing:
        return Status(404, {"detail": _("Tệp không còn trên máy chủ.")})


@router.post(
    "/{inspection_id}/units/{unit_id}/obstacles",
    response={201: ObstacleOut, **WRITE_ERRORS},
    summary="Đưa khó khăn, vướng mắc nêu khi kiểm tra vào sổ",
    description=(
        "Người của đơn vị được kiểm tra hoặc cơ quan thường trực của Ban (403 với người khác "
        "thấy đơn vị). Mục mới của sổ khó khăn, vướng mắc, kiến nghị do đơn vị nêu, nơi nêu: "
        "đợt kiểm tra này; trả về như một dòng của GET /api/v1/obstacles."
    ),
)
def raise_obstacle(request, inspection_id: Id, unit_id: Id, payload: UnitObstacleIn):
    inspection, inspected = _unit(request, inspection_id, unit_id)
    obstacle = services.obstacle_raise(
        actor=request.auth,
        inspection=inspection,
        unit=inspected.unit_id,
        title=payload.title,
        content=payload.content,
        raised_on=payload.raised_on,
        kind=payload.kind,
    )
    return Status(201, obstacle_payload(obstacle))
