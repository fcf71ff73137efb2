"""API: reporting periods, where each unit stands, and the units' submissions, under
/api/v1/reports.

Authenticated like the task API (`TASK_AUTH`: a personal token `Authorization: Bearer chd_…`
or the site's own session); never public. Reads go through `chidao.reports.selectors` (a
period or submission the caller may not see is a 404), writes through
`chidao.reports.services` (a refusal is a ReportError whose `status` is the answer: 403, 409
or 422). Files are attached through the submission page, not here.
"""

import datetime as dt
from typing import Any, Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id, LongText, Short
from chidao.reports import selectors, services
from chidao.reports.models import ReportingRegime, ReportPeriod, Submission
from chidao.units.api import UnitRefOut

router = Router(tags=["Báo cáo"], auth=TASK_AUTH)

READ_ERRORS = {401: ErrorOut, 422: ValidationErrorOut}
ONE_ERRORS = {**READ_ERRORS, 404: ErrorOut}
WRITE_ERRORS = {**ONE_ERRORS, 403: ErrorOut, 409: ErrorOut}

KindName = Literal["monthly", "quarterly", "half_year", "nine_month", "yearly", "ad_hoc"]
StatusState = Literal["missing", "draft", "awaiting_approval", "submitted"]
SubmissionState = Literal["draft", "awaiting_approval", "submitted", "superseded"]


# ---- shapes


class PeriodOut(Schema):
    id: int
    label: str = Field(description="Tên kỳ, ví dụ “Quý I/2026”.")
    kind: KindName = Field(description="Tần suất của kỳ; ad_hoc cho yêu cầu đột xuất.")
    data_from: dt.date = Field(description="Số liệu từ ngày (ngày 15 theo Nghị định 09/2019).")
    data_to: dt.date = Field(description="Ngày chốt số liệu (ngày 14).")
    deadline: dt.date = Field(description="Hạn nộp báo cáo.")


class SubmissionStatusOut(Schema):
    unit: UnitRefOut
    state: StatusState = Field(
        description="Trạng thái bản hiện hành của đơn vị: missing (chưa có gì), draft (dự "
        "thảo), awaiting_approval (chờ lãnh đạo đơn vị duyệt), submitted (đã nộp)."
    )
    submitted_at: dt.datetime | None = Field(
        description="Thời điểm báo cáo của đơn vị được tính là đã nộp lần đầu (bản sửa đổi "
        "sau đó không đổi mốc này); null khi chưa nộp."
    )
    late: bool = Field(
        description="Nộp sau hạn, hoặc chưa nộp mà đã quá hạn (tính theo ngày giờ Việt Nam)."
    )


class ReportAttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str = Field(description="Tải tệp qua trang web (người được xem báo cáo).")


class SubmissionOut(Schema):
    id: int
    period: int
    unit: UnitRefOut
    unit_name: str = Field(description="Tên đơn vị lúc soạn báo cáo.")
    version: int = Field(description="Lần nộp: 1, rồi 2, 3… cho mỗi bản sửa đổi.")
    state: SubmissionState
    form_version: int = Field(description="Số phiên bản mẫu báo cáo mà báo cáo này trả lời.")
    sections: dict[str, str] = Field(description="Nội dung theo mã phần của mẫu.")
    figures: dict[str, float | int] = Field(description="Số liệu theo mã chỉ tiêu của mẫu.")
    author: str | None = None
    approved_by: str | None = None
    created_at: dt.datetime
    submitted_at: dt.datetime | None = None
    supersedes: int | None = Field(None, description="Mã bản mà bản này sửa đổi.")
    returned_at: dt.datetime | None = Field(
        None, description="Thời điểm cơ quan thường trực trả lại để sửa (nếu có)."
    )
    return_reason: str = Field("", description="Lý do trả lại để sửa.")
    attachments: list[ReportAttachmentOut] = []


class SubmissionIn(Schema):
    sections: dict[Short, LongText | None] = Field(
        default_factory=dict,
        description="Nội dung theo mã phần của mẫu (mã lạ bị từ chối); phần thiếu để trống.",
    )
    figures: dict[Short, Any] = Field(
        default_factory=dict,
        description="Số liệu theo mã chỉ tiêu của mẫu: số (mã lạ hoặc giá trị không phải số "
        "bị từ chối); null hoặc thiếu là chưa điền.",
    )


class ReturnIn(Schema):
    reason: LongText = Field(description="Lý do trả lại, gửi tới đầu mối của đơn vị.")


class PeriodOpenIn(Schema):
    regime: Id = Field(description="Mã chế độ báo cáo.")
    year: int = Field(ge=1901, le=9998, description="Năm của kỳ (năm của ngày chốt số liệu).")
    index: int = Field(
        ge=1, le=12, description="Thứ tự kỳ trong năm: tháng 1–12, quý 1–4, 6 tháng 1–2, năm 1."
    )


# ---- payloads


def period_payload(period: ReportPeriod) -> dict:
    return {
        "id": period.pk,
        "label": period.label,
        "kind": period.kind,
        "data_from": period.data_from,
        "data_to": period.data_to,
        "deadline": period.deadline,
    }


def _name(user) -> str | None:
    return None if user is None else user.get_username()


def submission_payload(submission: Submission) -> dict:
    return {
        "id": submission.pk,
        "period": submission.period_id,
        "unit": {"id": submission.unit_id, "name": submission.unit.name},
        "unit_name": submission.unit_name,
        "version": submission.version,
        "state": submission.state,
        "form_version": submission.form_version.number,
        "sections": submission.sections or {},
        "figures": submission.figures or {},
        "author": _name(submission.author),
        "approved_by": _name(submission.approved_by),
        "created_at": submission.created_at,
        "submitted_at": submission.submitted_at,
        "supersedes": submission.supersedes_id,
        "returned_at": submission.returned_at,
        "return_reason": submission.return_reason,
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "size": a.size,
                "content_type": a.content_type,
                "url": reverse("report-attachment", args=[a.pk]),
            }
            for a in submission.attachments.order_by("id")
        ],
    }


def _user(request):
    return request.auth


def _visible_submission(request, submission_id: Id) -> Submission | None:
    submission = (
        Submission.objects.select_related("period", "unit", "form_version", "author", "approved_by")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return None
    if not selectors.can_view_unit(_user(request), submission.period, submission.unit_id):
        return None
    return submission


def _reloaded(submission: Submission) -> dict:
    return submission_payload(
        Submission.objects.select_related("unit", "form_version", "author", "approved_by").get(
            pk=submission.pk
        )
    )


def _not_found():
    return Status(404, {"detail": _("Không tìm thấy.")})


# ---- periods


@router.get(
    "/periods",
    response={200: list[PeriodOut], **READ_ERRORS},
    summary="Các kỳ báo cáo",
    description=(
        "Những kỳ người gọi được xem, mới nhất trước: đầu mối thấy các kỳ đơn vị mình phải "
        "báo cáo; cán bộ thường trực thấy các kỳ của Ban Chỉ đạo mình phục vụ; lãnh đạo, "
        "người xem và quản trị thấy tất cả. Lọc theo Ban Chỉ đạo bằng ?committee=ID."
    ),
)
def list_periods(request, committee: Id | None = Query(None, description="Mã Ban Chỉ đạo.")):
    return [period_payload(p) for p in selectors.periods_for(_user(request), committee)]


@router.post(
    "/periods",
    response={200: PeriodOut, 201: PeriodOut, **WRITE_ERRORS},
    summary="Mở kỳ báo cáo của một chế độ báo cáo",
    description=(
        "Cán bộ thường trực của Ban Chỉ đạo. Tính khoảng số liệu (15 đến 14) và hạn nộp theo "
        "chế độ, chép danh sách đơn vị phải báo cáo và dùng phiên bản mẫu mới nhất. Mở lại "
        "một kỳ đã có trả về kỳ đó (200)."
    ),
)
def open_period(request, payload: PeriodOpenIn):
    regime = ReportingRegime.objects.filter(pk=payload.regime).first()
    if regime is None:
        return Status(
            422,
            {
                "detail": _("Không có chế độ báo cáo mã %(regime)s.") % {"regime": payload.regime},
                "errors": [
                    {"loc": ["body", "regime"], "msg": _("không có"), "type": "value_error"}
                ],
            },
        )
    try:
        existed = services.find_period(regime, payload.year, payload.index) is not None
    except ValueError:
        existed = False
    period = services.period_open(
        actor=_user(request), regime=regime, year=payload.year, index=payload.index
    )
    return Status(200 if existed else 201, period_payload(period))


@router.get(
    "/periods/{period_id}/submissions",
    response={200: list[SubmissionStatusOut], **ONE_ERRORS},
    summary="Tình hình nộp báo cáo của kỳ",
    description=(
        "Một dòng cho mỗi đơn vị phải báo cáo, theo tên đơn vị. Đầu mối chỉ thấy dòng của đơn "
        "vị mình; cán bộ thường trực, lãnh đạo, người xem và quản trị thấy tất cả. Kỳ không "
        "tồn tại hoặc không được xem: 404."
    ),
)
def period_submissions(request, period_id: Id):
    period = selectors.get_visible_period(_user(request), period_id)
    return [
        {
            "unit": {"id": row.unit.pk, "name": row.unit.name},
            "state": row.state,
            "submitted_at": row.submitted_at,
            "late": row.late,
        }
        for row in selectors.visible_status(_user(request), period)
    ]


@router.get(
    "/periods/{period_id}/units/{unit_id}/versions",
    response={200: list[SubmissionOut], **ONE_ERRORS},
    summary="Mọi phiên bản báo cáo của một đơn vị trong kỳ",
    description="Cũ nhất trước, kể cả bản đã được thay bằng bản sửa đổi.",
)
def unit_versions(request, period_id: Id, unit_id: Id):
    period = selectors.get_visible_period(_user(request), period_id)
    if not selectors.can_view_unit(_user(request), period, unit_id):
        return _not_found()
    rows = (
        Submission.objects.filter(period=period, unit_id=unit_id)
        .select_related("unit", "form_version", "author", "approved_by")
        .prefetch_related("attachments")
        .order_by("version")
    )
    return [submission_payload(s) for s in rows]


@router.post(
    "/periods/{period_id}/draft",
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Lưu dự thảo báo cáo của đơn vị mình",
    description=(
        "Đầu mối của một đơn vị phải báo cáo trong kỳ. Tạo dự thảo ở lần lưu đầu, sau đó "
        "ghi đè nội dung (sections, figures là toàn bộ nội dung). Bản chờ duyệt được sửa thì "
        "trở lại dự thảo. Báo cáo đã nộp không sửa được (409): hãy gửi bản sửa đổi."
    ),
)
def save_draft(request, period_id: Id, payload: SubmissionIn):
    period = selectors.get_visible_period(_user(request), period_id)
    submission = services.submission_save_draft(
        actor=_user(request),
        period=period,
        sections=payload.sections,
        figures=payload.figures,
    )
    return Status(200, _reloaded(submission))


# ---- submissions


@router.get(
    "/submissions/{submission_id}",
    response={200: SubmissionOut, **ONE_ERRORS},
    summary="Một phiên bản báo cáo",
)
def get_submission(request, submission_id: Id):
    submission = _visible_submission(request, submission_id)
    if submission is None:
        return _not_found()
    return Status(200, submission_payload(submission))


@router.post(
    "/submissions/{submission_id}/submit",
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Nộp báo cáo",
    description=(
        "Đầu mối của đơn vị nộp bản dự thảo: được tính là đã nộp ngay, hoặc chờ lãnh đạo "
        "đơn vị duyệt khi kỳ yêu cầu."
    ),
)
def submit(request, submission_id: Id):
    submission = _visible_submission(request, submission_id)
    if submission is None:
        return _not_found()
    submission = services.submission_submit(actor=_user(request), submission=submission)
    return Status(200, _reloaded(submission))


@router.post(
    "/submissions/{submission_id}/approve",
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Lãnh đạo đơn vị duyệt báo cáo",
    description="Chỉ lãnh đạo (vai trò leader) của chính đơn vị; báo cáo được tính từ lúc duyệt.",
)
def approve(request, submission_id: Id):
    submission = _visible_submission(request, submission_id)
    if submission is None:
        return _not_found()
    submission = services.submission_approve(actor=_user(request), submission=submission)
    return Status(200, _reloaded(submission))


@router.post(
    "/submissions/{submission_id}/correct",
    response={201: SubmissionOut, **WRITE_ERRORS},
    summary="Sửa đổi báo cáo đã nộp (phiên bản mới)",
    description=(
        "Báo cáo đã nộp không đổi: bản sửa đổi là phiên bản mới trên cùng phiên bản mẫu, giữ "
        "tệp đính kèm của bản cũ; bản cũ được giữ lại và đánh dấu đã thay khi bản mới được "
        "tính (ngay, hoặc khi lãnh đạo đơn vị duyệt)."
    ),
)
def correct(request, submission_id: Id, payload: SubmissionIn):
    submission = _visible_submission(request, submission_id)
    if submission is None:
        return _not_found()
    correction = services.submission_correct(
        actor=_user(request),
        submission=submission,
        sections=payload.sections,
        figures=payload.figures,
    )
    return Status(201, _reloaded(correction))


@router.post(
    "/submissions/{submission_id}/return",
    response={200: SubmissionOut, **WRITE_ERRORS},
    summary="Trả lại báo cáo để sửa",
    description=(
        "Cơ quan thường trực của Ban Chỉ đạo trả lại báo cáo đã nộp (bản hiện hành), ghi lý do; "
        "đầu mối của đơn vị được thông báo và nộp bản sửa đổi (/correct)."
    ),
)
def return_for_correction(request, submission_id: Id, payload: ReturnIn):
    submission = _visible_submission(request, submission_id)
    if submission is None:
        return _not_found()
    submission = services.submission_return(
        actor=_user(request), submission=submission, reason=payload.reason
    )
    return Status(200, _reloaded(submission))
