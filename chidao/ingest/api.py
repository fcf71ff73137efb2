"""API: read a decision into a draft, correct it, commit it to the register.

`POST /api/v1/ingest` takes a file (multipart, field `file`: .txt, .docx, .pdf with text) or
JSON `{"text": "…"}` and answers 201 with the draft (the same JSON as `chidao ingest FILE
--json`, plus its `id`). `POST /api/v1/ingest/{id}/commit`, with the corrected draft as JSON
body or none, writes the decision and the committee version in one transaction and answers
201. Authenticated like the task API (token or session); only standing-agency staff and
administrators (403 otherwise). Refusals answer {"detail": "<Vietnamese message>"}.
"""

import json

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id
from chidao.ingest import services
from chidao.ingest.models import IngestDraft
from chidao.ingest.readers import IngestError, check_size, max_bytes

router = Router(tags=["Nhập văn bản"], auth=TASK_AUTH)

ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    415: ErrorOut,
    422: ValidationErrorOut,
}
# Room for the multipart envelope around a file of the maximum size.
MULTIPART_OVERHEAD = 64 * 1024

DRAFT_EXAMPLE = {
    "id": 1,
    "state": "draft",
    "document": {
        "number": "818/QĐ-UBND",
        "date": None,
        "issuer": "Ủy ban nhân dân thành phố Hà Nội",
        "signer": "Trần Sỹ Thanh",
    },
    "action": "establish",
    "replaces": [],
    "committee": {
        "name": "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố Hà Nội",
        "predecessor": "Ban Chỉ đạo Chuyển đổi số thành phố Hà Nội",
    },
    "seats": [
        {
            "role": "head",
            "person": "Trần Sỹ Thanh",
            "position": "Chủ tịch",
            "unit": "Ủy ban nhân dân thành phố Hà Nội",
            "rule": None,
        }
    ],
    "standing_agencies": [{"domain": "administrative_reform", "unit": "Sở Nội vụ"}],
    "working_group": {"seats": []},
}


def _user(request):
    user = request.auth
    if not services.can_ingest(user):
        raise HttpError(
            403,
            "Chỉ cán bộ cơ quan thường trực hoặc quản trị viên được nhập văn bản vào sổ đăng ký.",
        )
    return user


def _json_body(request: HttpRequest) -> dict | None:
    if not request.body or (request.content_type or "").startswith("multipart/"):
        return None
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HttpError(400, _("Nội dung gửi lên không phải JSON hợp lệ.")) from exc
    if data is not None and not isinstance(data, dict):
        raise HttpError(400, _("Nội dung gửi lên phải là một đối tượng JSON."))
    return data


def _draft_or_404(draft_id: Id) -> IngestDraft:
    draft = IngestDraft.objects.filter(pk=draft_id).first()
    if draft is None:
        raise HttpError(404, _("Không có bản nháp mã %(draft_id)s.") % {"draft_id": draft_id})
    return draft


@router.post(
    "",
    response={201: dict, **ERRORS},
    summary="Đọc một quyết định thành bản nháp",
    description=(
        'Tệp (multipart, trường `file`: .txt, .docx, .pdf có lớp chữ) hoặc JSON `{"text": '
        '"…"}`. Trả bản nháp (cùng JSON với `chidao ingest FILE --json`) kèm `id`. Không ghi '
        "gì vào sổ đăng ký. Tệp quá lớn: 413; rỗng: 400; không đọc được: 415; không phải tiếng "
        "Việt hoặc không có Ban Chỉ đạo: 422."
    ),
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": {"text": {"type": "string"}},
                        "required": ["text"],
                    }
                },
            }
        },
        "responses": {"201": {"content": {"application/json": {"example": DRAFT_EXAMPLE}}}},
    },
)
def create_draft(request):
    user = _user(request)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if request.content_type and request.content_type.startswith("multipart/"):
        # Refuse before Django reads (and spools) the body.
        if length > max_bytes() + MULTIPART_OVERHEAD:
            check_size(length)
        upload = request.FILES.get("file")
        if upload is None:
            raise IngestError("Thiếu tệp (trường “file”).", status=400)
        draft = services.draft_create(actor=user, file=upload)
    else:
        check_size(length)
        body = _json_body(request) or {}
        text = body.get("text")
        if not isinstance(text, str):
            raise IngestError("Thiếu nội dung văn bản (trường “text”).", status=400)
        draft = services.draft_create(actor=user, text=text)
    return Status(201, services.draft_payload(draft))


@router.get("/{draft_id}", response={200: dict, **ERRORS}, summary="Một bản nháp")
def get_draft(request, draft_id: Id):
    _user(request)
    return services.draft_payload(_draft_or_404(draft_id))


@router.put(
    "/{draft_id}",
    response={200: dict, **ERRORS},
    summary="Sửa bản nháp",
    description="Gửi bản nháp đã sửa (cùng dạng JSON); được kiểm tra và đối chiếu lại với sổ.",
)
def update_draft(request, draft_id: Id):
    user = _user(request)
    draft = _draft_or_404(draft_id)
    body = _json_body(request)
    if body is None:
        raise HttpError(400, _("Thiếu bản nháp đã sửa."))
    services.draft_update(actor=user, draft=draft, corrected=body)
    return services.draft_payload(draft)


@router.post(
    "/{draft_id}/commit",
    response={201: dict, **ERRORS},
    summary="Ghi bản nháp vào sổ đăng ký",
    description=(
        "Tùy chọn gửi kèm bản nháp đã sửa. Ghi quyết định (và các quyết định nó thay thế), Ban "
        "Chỉ đạo (hoặc Ban đã có), phiên bản thành phần với các ghế, cơ quan thường trực và "
        "nhiệm vụ trong một giao dịch; có nhật ký thay đổi. Quyết định bổ sung, thay thế thành "
        "viên (amend) ghi phiên bản mới giữ nguyên các ghế không được nêu; quyết định giải thể "
        "(dissolve) kết thúc Ban (version là null, có dissolved_on). Trả {decision: {id, "
        "number}, committee: {id, name}, version: {id, effective_from}, effective_from}."
    ),
)
def commit_draft(request, draft_id: Id):
    user = _user(request)
    draft = _draft_or_404(draft_id)
    corrected = _json_body(request)
    document, version = services.draft_commit(actor=user, draft=draft, corrected=corrected)
    return Status(201, services.commit_payload(document, version))
