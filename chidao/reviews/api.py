"""API: the interim or final review of a program (sơ kết, tổng kết) at /api/v1/programs.

`GET /programs/{id}/review?from=&to=&format=json|docx|pdf`: the program's task figures as of
`to` (the same statistics as the consolidated report's, `chidao.reports.consolidation.
program_review`), the totals the day before `from`, the difficulties raised and resolved in
the span, the units' contributions, and the parts higher apps register (chidao.reviews.parts:
the program's indicators); or the review drafted as a Decree-30 document for the
standing agency to edit. Standing-agency staff of the program's committee, administrators
and committee leaders; others 403; an unknown program 404.
"""

import datetime as dt
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chidao.core import policy
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id, IsoDate
from chidao.reports import jobs
from chidao.reports.documents import CONTENT_TYPES
from chidao.reviews.drafts import PDF_UNAVAILABLE, ConversionError, draft_response
from chidao.reviews.selectors import review_parts, review_report
from chidao.tasks.models import TaskSource

router = Router(tags=["Sơ kết, tổng kết"], auth=TASK_AUTH)
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
COUNT_KEYS = ("total", "done_on_time", "done_late", "overdue", "in_progress", "not_started")


class ReviewCountsOut(Schema):
    total: int
    done_on_time: int
    done_late: int
    overdue: int
    in_progress: int
    not_started: int
    done_on_time_after_extension: int = 0
    completion_rate: float | None = None


class ReviewUnitCountsOut(ReviewCountsOut):
    unit: dict = Field(description="{id, name}")


class ReviewObstacleOut(Schema):
    id: int
    title: str
    raised_by: str
    resolver: str | None
    state: str


class ReviewContributionOut(Schema):
    id: int
    name: str
    led: int
    completed: int
    reports: int
    contributions: int


class ReviewIndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit_of_measure: str
    period: str | None
    target: float | None
    actual: float | None
    state: str | None


class ReviewOut(Schema):
    program: dict = Field(description="{id, title}")
    from_: dt.date = Field(alias="from")
    to: dt.date
    final: bool
    summary: str
    totals: ReviewCountsOut
    baseline: ReviewCountsOut
    units: list[ReviewUnitCountsOut]
    obstacles: dict = Field(description="{raised: [...], resolved: [...], open: [...]}")
    contributions: list[ReviewContributionOut]
    indicators: list[ReviewIndicatorOut] = Field(
        default_factory=list,
        description="Chỉ tiêu của chương trình: mốc và giá trị thực hiện tại kỳ gần nhất "
        "đến ngày `to`, đánh giá (on_track, at_risk, off_track hoặc null).",
    )


def _counts(row: dict) -> dict:
    return {
        **{key: row.get(key, 0) for key in COUNT_KEYS},
        "done_on_time_after_extension": row.get("done_on_time_after_extension", 0),
        "completion_rate": row.get("completion_rate"),
    }


@router.get(
    "/{program_id}/review",
    response={200: ReviewOut, **ERRORS, 503: ErrorOut},
    by_alias=True,
    summary="Sơ kết, tổng kết một chương trình, kế hoạch",
    description=(
        "Số liệu nhiệm vụ của chương trình tại ngày `to` (như thống kê của báo cáo tổng hợp "
        "tại ngày chốt đó), tổng số tại ngày trước `from`, khó khăn, vướng mắc nêu và giải "
        "quyết trong kỳ, đóng góp của các đơn vị, các chỉ tiêu của chương trình; "
        "format=docx: dự thảo báo cáo sơ kết (final=true: tổng kết) theo Nghị định 30 để cơ "
        "quan thường trực chỉnh sửa; format=pdf: bản PDF của dự thảo đó (503 khi chưa chuyển "
        "được sang PDF)."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "Số liệu (json) hoặc dự thảo báo cáo (.docx, .pdf)",
                "content": {
                    CONTENT_TYPES["docx"]: {"schema": {"type": "string", "format": "binary"}},
                    CONTENT_TYPES["pdf"]: {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def program_review_api(
    request,
    program_id: Id,
    from_: IsoDate | None = Query(None, alias="from", description="Từ ngày (YYYY-MM-DD)."),
    to: IsoDate | None = Query(None, description="Đến ngày, ngày chốt (YYYY-MM-DD)."),
    format: Literal["json", "docx", "pdf"] = Query("json", description="json, docx hoặc pdf."),
    final: bool = Query(False, description="true: tổng kết; mặc định sơ kết."),
):
    user = request.auth
    source = (
        TaskSource.objects.select_related("document", "committee__issuing_body")
        .filter(pk=program_id)
        .first()
    )
    if source is None:
        return Status(404, {"detail": _("Không tìm thấy chương trình, kế hoạch.")})
    policy.require(
        jobs.can_request(user, source.committee_id),
        _("Chỉ cơ quan thường trực và lãnh đạo Ban Chỉ đạo."),
    )
    today = timezone.localdate()
    end = to or today
    start = from_ or source.document.date or end.replace(month=1, day=1)
    if end < start:
        message = _("Ngày bắt đầu phải trước ngày kết thúc.")
        return Status(
            422,
            {
                "detail": message,
                "errors": [{"loc": ["query", "from"], "msg": message, "type": "value_error"}],
            },
        )
    report, parts = review_report(source, start, end, final=final, today=today)
    if format in ("docx", "pdf"):
        try:
            return draft_response(report, source_id=source.pk, end=end, final=final, format=format)
        except ConversionError:
            return Status(503, {"detail": str(PDF_UNAVAILABLE)})
    return {
        "program": {"id": source.pk, "title": str(source.document)},
        "from": start,
        "to": end,
        "final": final,
        "summary": report.summary,
        "totals": _counts(report.totals),
        "baseline": _counts(report.baseline or {}),
        "units": [
            {"unit": {"id": row["id"], "name": row["name"]}, **_counts(row)}
            for row in report.by_unit
        ],
        **review_parts(source, start, end),
        **{part.key: part.data for part in parts},
    }
