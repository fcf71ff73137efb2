"""API: a period's task statistics as of its cut-off, and the consolidated report files.

Mounted at /api/v1/reports, authenticated like the task API (a personal token or the site's
session, never public).

Who reads the statistics (GET /periods/{id}/statistics):
- administrators, committee leaders, viewers, and the standing-agency staff of the period's
  committee: every unit's row;
- anyone else with a unit (a unit's focal person, standing staff of another committee): only
  their own unit's row, and totals that are that row's figures — nothing about other units;
- an account with no unit and none of those roles: 403.

Who gets the consolidated files (GET /periods/{id}/consolidated, GET /consolidated/{id}):
standing-agency staff of the committee, administrators and committee leaders; everyone else,
a unit's focal person included, 403.
"""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chidao.core import policy
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id
from chidao.core.origin import cross_site
from chidao.reports import jobs, selectors
from chidao.reports import statistics as st
from chidao.reports.documents import CONTENT_TYPES
from chidao.reports.models import ConsolidatedDocument, ReportPeriod
from chidao.storage.serve import serve

router = Router(tags=["Báo cáo tổng hợp"], auth=TASK_AUTH)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
FILE_RESPONSE = {
    "description": "Tệp báo cáo tổng hợp (.docx, .xlsx hoặc .pdf)",
    "content": {
        content_type: {"schema": {"type": "string", "format": "binary"}}
        for content_type in CONTENT_TYPES.values()
    },
}


class StatisticsUnit(Schema):
    id: int
    name: str


class StatisticsCounts(Schema):
    total: int = Field(description="Nhiệm vụ chưa hủy tại ngày chốt; bằng tổng năm cột.")
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    not_started: int


class StatisticsUnitRow(StatisticsCounts):
    unit: StatisticsUnit


class StatisticsOut(Schema):
    as_of: dt.date = Field(description="Ngày chốt số liệu của kỳ.")
    totals: StatisticsCounts
    units: list[StatisticsUnitRow]


class ConsolidatedDocumentOut(Schema):
    id: int
    period: int
    format: str
    state: Literal["pending", "running", "done", "failed"]
    progress: int = Field(description="Tiến độ tạo tệp, 0–100.")
    error: str = ""
    status_url: str = Field(description="Hỏi lại địa chỉ này cho đến khi tệp sẵn sàng.")


def _user(request):
    return request.auth


def _period(period_id: Id) -> ReportPeriod | None:
    return ReportPeriod.objects.select_related("committee").filter(pk=period_id).first()


@router.get(
    "/periods/{period_id}/statistics",
    url_name="period-statistics",
    response={200: StatisticsOut, **ERRORS},
    summary="Thống kê nhiệm vụ của kỳ, tính tại ngày chốt số liệu",
    description=(
        "Tính lại từ lịch sử nhiệm vụ tại ngày chốt (data_to) của kỳ, không theo trạng thái "
        "hôm nay: nhiệm vụ giao đến ngày chốt và chưa hủy tại ngày đó; hạn là hạn được gia "
        "hạn gần nhất đã duyệt đến ngày đó; đơn vị là đơn vị chủ trì tại ngày đó. `total` là "
        "tổng năm cột. Lãnh đạo, người xem, quản trị và cơ quan thường trực của Ban thấy mọi "
        "đơn vị; người khác có đơn vị chỉ thấy dòng của đơn vị mình (tổng cũng chỉ của đơn "
        "vị mình)."
    ),
)
def period_statistics(request, period_id: Id):
    user = _user(request)
    period = _period(period_id)
    if period is None:
        return Status(404, {"detail": _("Không tìm thấy kỳ báo cáo.")})
    units = policy.acting_unit_ids(user)
    if selectors.sees_all_submissions(user, period):
        lead_unit = None
    else:
        policy.require(bool(units), _("Bạn không có quyền xem thống kê của kỳ báo cáo này."))
        lead_unit = min(units)
    result = st.statistics_as_of(
        as_of=period.data_to, committee=period.committee, group_by="unit", lead_unit=lead_unit
    )
    return result


def _status_url(document: ConsolidatedDocument) -> str:
    return reverse("api:consolidated-document", kwargs={"document_id": document.pk})


def _status_payload(document: ConsolidatedDocument) -> dict:
    return {
        "id": document.pk,
        "period": document.period_id,
        "format": document.format,
        "state": document.state,
        "progress": document.progress,
        "error": document.error,
        "status_url": _status_url(document),
    }


def _cross_site_refusal():
    return Status(
        403,
        {
            "detail": _(
                "Yêu cầu đến từ một trang khác: hãy mở báo cáo tổng hợp từ trang của hệ thống."
            )
        },
    )


def _file(user, document: ConsolidatedDocument):
    jobs.record_download(actor=user, document=document)
    return serve(
        document.storage_name,
        filename=jobs.download_name(document),
        content_type=CONTENT_TYPES[document.format],
    )


@router.get(
    "/periods/{period_id}/consolidated",
    url_name="period-consolidated",
    response={202: ConsolidatedDocumentOut, 503: ErrorOut, **ERRORS},
    summary="Báo cáo tổng hợp của kỳ (Word, Excel hoặc PDF)",
    description=(
        "Kỳ nhỏ (dưới 200 đơn vị phải báo cáo): tệp được tạo ngay và trả về (200). Kỳ lớn: "
        "202, tiêu đề Location chỉ địa chỉ hỏi tiến độ (GET /api/v1/reports/consolidated/"
        "{id}) cho đến khi tệp sẵn sàng. Tệp đã tạo được dùng lại khi số liệu không đổi. "
        "Chỉ cơ quan thường trực của Ban, quản trị và lãnh đạo Ban Chỉ đạo; người khác: 403. "
        "Mỗi lần trả tệp được ghi vào nhật ký. Yêu cầu đến từ trang khác (Sec-Fetch-Site, "
        "Origin hoặc Referer của nơi khác): 403, không tạo gì, không ghi gì."
    ),
    openapi_extra={"responses": {200: FILE_RESPONSE}},
)
def period_consolidated(
    request,
    response: HttpResponse,
    period_id: Id,
    format: Literal["docx", "xlsx", "pdf"] = Query("docx", description="docx, xlsx hoặc pdf."),
):
    if cross_site(request):
        return _cross_site_refusal()
    user = _user(request)
    period = _period(period_id)
    if period is None:
        return Status(404, {"detail": _("Không tìm thấy kỳ báo cáo.")})
    document = jobs.request_consolidated(actor=user, period=period, format=format)
    if document.state == ConsolidatedDocument.State.DONE:
        return _file(user, document)
    if document.state == ConsolidatedDocument.State.FAILED:
        return Status(
            503, {"detail": _("Không tạo được tệp: %(error)s") % {"error": document.error}}
        )
    response["Location"] = _status_url(document)
    response["Retry-After"] = "2"
    return Status(202, _status_payload(document))


@router.get(
    "/consolidated/{document_id}",
    url_name="consolidated-document",
    response={200: ConsolidatedDocumentOut, 410: ErrorOut, **ERRORS},
    summary="Tiến độ tạo báo cáo tổng hợp, hoặc tệp khi đã xong",
    description=(
        "Khi tệp đã xong: trả tệp (ghi vào nhật ký). Khi chưa: {state, progress} (pending, "
        "running hoặc failed kèm error). Quyền như khi yêu cầu tạo tệp; yêu cầu đến từ "
        "trang khác: 403."
    ),
    openapi_extra={"responses": {200: FILE_RESPONSE}},
)
def consolidated_document(request, response: HttpResponse, document_id: Id):
    if cross_site(request):
        return _cross_site_refusal()
    user = _user(request)
    documents = ConsolidatedDocument.objects.select_related("period")
    document = policy.get_visible_or_404(documents, user, document_id)
    if document.state == ConsolidatedDocument.State.DONE:
        if not jobs.has_file(document):
            return Status(410, {"detail": _("Tệp không còn trên máy chủ; hãy yêu cầu tạo lại.")})
        return _file(user, document)
    response["Retry-After"] = "2"
    return Status(200, _status_payload(document))
