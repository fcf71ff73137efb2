"""API: evaluation cycles, results, one unit's sheet, scoring, steps and proposals, under
/api/v1/evaluation.

Authenticated like the task API (a personal token or the site's session; never public).
Reads go through `chidao.evaluation.selectors`: a cycle the caller may not see is a 404, and
results not yet approved are refused to units (403). Writes go through
`chidao.evaluation.services`; a refusal answers its status (403, 409 — a locked cycle never
changes — or 422 naming the field).

Scores are numbers rounded to hundredths; a unit's `total` is the sum of its fields' scores
(computed exactly in decimal, then rounded).
"""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id, Line, Note, Score
from chidao.evaluation import selectors, services
from chidao.evaluation.formulas import points
from chidao.evaluation.models import EvaluationCycle, Proposal, UnitScore
from chidao.units.models import Unit

router = Router(tags=["Đánh giá, xếp hạng"], auth=TASK_AUTH)

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
RESULT_ERRORS = {**READ_ERRORS, 403: ErrorOut}
WRITE_ERRORS = {**RESULT_ERRORS, 409: ErrorOut}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_PUBLISHED = "Kết quả chưa được Ban Chỉ đạo phê duyệt, công bố."


class CycleOut(Schema):
    id: int
    year: int
    name: str
    state: Literal["open", "self_assessment", "appraisal", "approved", "locked"]


class UnitRef(Schema):
    id: int
    name: str


class FieldScoreOut(Schema):
    name: str
    score: float
    max: float


class ResultOut(Schema):
    unit: UnitRef
    group: Literal["departments", "communes"]
    total: float
    max_total: float
    rank: int
    band: str
    fields: list[FieldScoreOut]


class ProposalOut(Schema):
    unit: UnitRef
    grounds: str
    person_name: str = ""


class ProposalsOut(Schema):
    commendation: list[ProposalOut]
    criticism: list[ProposalOut]


class LineOut(Schema):
    code: str
    title: str
    level: int
    max: float
    score: float
    method: str = ""
    source: str = Field("", description="appraised, self, computed, external, missing")
    score_id: Id | None = None
    self_score: float | None = None
    explanation: str = ""
    appraised_score: float | None = None
    appraisal_reason: str = ""
    computed_value: float | None = None
    computed_text: str = ""
    formula_key: str = ""
    formula_text: str = ""
    external_score: float | None = None
    external_source: str = ""


class UnitSheetOut(ResultOut):
    provisional: bool
    lines: list[LineOut]


class SelfAssessIn(Schema):
    score: Score
    explanation: Note


class AppraiseIn(Schema):
    accept: bool
    score: Score | None = None
    reason: Note = ""


class ExternalIn(Schema):
    score: Score
    source: Line


class ProposalIn(Schema):
    kind: Literal["commendation", "criticism"]
    unit: Id
    grounds: Note
    reason: Note
    person_name: Line = ""


class ProposalEditIn(Schema):
    reason: Note
    grounds: Note | None = None
    included: bool | None = None


def _user(request):
    return request.auth


def _number(value) -> float | None:
    return None if value is None else float(points(value))


def _result_payload(row: dict) -> dict:
    fields = [
        {"name": f["name"], "score": _number(f["score"]), "max": _number(f["max"])}
        for f in row["fields"]
    ]
    return {
        "unit": {"id": row["unit_id"], "name": row["unit_name"]},
        "group": row["group"],
        "total": _number(sum((f["score"] for f in row["fields"]), selectors.ZERO)),
        "max_total": _number(row["max_total"]),
        "rank": row["rank"],
        "band": row["band"],
        "fields": fields,
    }


def _cycle(request, cycle_id: Id) -> EvaluationCycle:
    return selectors.get_visible_cycle(_user(request), cycle_id)


@router.get(
    "/cycles",
    response={200: list[CycleOut], 401: ErrorOut},
    summary="Các đợt đánh giá",
    description=(
        "Những đợt người gọi được xem: đầu mối thấy các đợt đơn vị mình được đánh giá; cơ quan "
        "thường trực thấy các đợt của Ban Chỉ đạo mình phục vụ và các đợt đã công bố; lãnh đạo, "
        "quản trị thấy tất cả; người xem thấy các đợt đã công bố."
    ),
)
def list_cycles(request):
    return [
        {"id": c.pk, "year": c.year, "name": c.name, "state": c.state}
        for c in selectors.visible_cycles(_user(request)).order_by("-year", "name", "id")
    ]


@router.get(
    "/cycles/{cycle_id}/results",
    response={200: list[ResultOut], **RESULT_ERRORS},
    summary="Kết quả, xếp hạng trong nhóm, xếp loại",
    description=(
        "Mỗi đơn vị: điểm từng lĩnh vực, tổng (bằng tổng điểm các lĩnh vực), điểm tối đa, hạng "
        "trong nhóm (bằng điểm thì cùng hạng), xếp loại theo ngưỡng của đợt. Sau khi phê duyệt: "
        "kết quả đã chốt, không đổi theo dữ liệu về sau. Trước khi phê duyệt chỉ cơ quan thường "
        "trực, lãnh đạo, quản trị xem được (kết quả tạm tính); đơn vị nhận 403."
    ),
)
def cycle_results(request, cycle_id: Id):
    cycle = _cycle(request, cycle_id)
    if not selectors.can_see_results(_user(request), cycle):
        return Status(403, {"detail": NOT_PUBLISHED})
    return [_result_payload(row) for row in selectors.cycle_results(cycle)]


@router.get(
    "/cycles/{cycle_id}/units/{unit_id}",
    response={200: UnitSheetOut, **RESULT_ERRORS},
    summary="Điểm một đơn vị, từng tiêu chí và nguồn của điểm",
    description=(
        "Theo quyền xem kết quả: đơn vị xem sau khi kết quả được phê duyệt. Mỗi tiêu chí: điểm, "
        "nguồn (tự chấm, thẩm định, tính từ dữ liệu với công thức và số liệu, nguồn ngoài)."
    ),
)
def unit_sheet(request, cycle_id: Id, unit_id: Id):
    cycle = _cycle(request, cycle_id)
    if not cycle.units.filter(unit_id=unit_id).exists():
        return Status(404, {"detail": _("Đơn vị không thuộc đợt đánh giá.")})
    if not selectors.can_see_unit(_user(request), cycle, unit_id):
        return Status(403, {"detail": NOT_PUBLISHED})
    row = selectors.unit_result(cycle, unit_id)
    payload = _result_payload(row)
    payload["provisional"] = row["provisional"]
    payload["lines"] = [
        {
            **{k: v for k, v in line.items() if k not in selectors.NUMERIC_LINE_KEYS},
            **{k: _number(line.get(k)) for k in (*selectors.NUMERIC_LINE_KEYS, "external_score")},
            "method": line.get("method") or "",
            "source": line.get("source") or "",
        }
        for line in row["lines"]
    ]
    return payload


class SelfAssessmentOut(Schema):
    score_id: Id
    code: str
    title: str
    max: float
    self_score: float | None
    explanation: str
    evidence: int


@router.get(
    "/cycles/{cycle_id}/self-assessment",
    response={200: list[SelfAssessmentOut], **RESULT_ERRORS},
    summary="Bảng tự chấm của đơn vị người gọi",
    description=(
        "Các tiêu chí đơn vị tự chấm, với mã điểm (score_id) để gửi điểm tự chấm. Chỉ đầu mối "
        "của một đơn vị thuộc đợt đánh giá; điểm thẩm định được công bố cùng kết quả."
    ),
)
def own_self_assessment(request, cycle_id: Id):
    from django.db.models import Count

    user = _user(request)
    cycle = _cycle(request, cycle_id)
    if not (
        selectors.can_see_own_self_assessment(user, cycle, user.unit_id)
        and cycle.units.filter(unit_id=user.unit_id).exists()
    ):
        return Status(403, {"detail": _("Chỉ đầu mối của đơn vị thuộc đợt đánh giá.")})
    scores = (
        UnitScore.objects.filter(
            cycle=cycle, unit_id=user.unit_id, criterion__method="self_assessed"
        )
        .select_related("criterion")
        .annotate(n_evidence=Count("evidence"))
        .order_by("criterion__order")
    )
    return [
        {
            "score_id": s.pk,
            "code": s.criterion.code,
            "title": s.criterion.title,
            "max": _number(s.criterion.max_points),
            "self_score": _number(s.self_score),
            "explanation": s.explanation,
            "evidence": s.n_evidence,
        }
        for s in scores
    ]


@router.get(
    "/cycles/{cycle_id}/proposals",
    response={200: ProposalsOut, **RESULT_ERRORS},
    summary="Đề nghị khen thưởng, phê bình",
    description=(
        "format=json (mặc định): hai danh sách, mỗi mục đơn vị và căn cứ đề nghị rút từ dữ "
        "liệu; format=docx: tờ trình theo thể thức Nghị định 30/2020/NĐ-CP. Trước khi phê duyệt "
        "là danh sách dự kiến theo kết quả tạm tính. Chỉ cơ quan thường trực, lãnh đạo, quản trị."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "JSON, hoặc tệp .docx khi format=docx",
                "content": {DOCX: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def cycle_proposals(request, cycle_id: Id, format: Literal["json", "docx"] = Query("json")):  # noqa: A002 - the contract's name
    cycle = _cycle(request, cycle_id)
    if not selectors.can_see_proposals(_user(request), cycle):
        return Status(403, {"detail": _("Chỉ cơ quan thường trực, lãnh đạo xem đề nghị.")})
    if format == "docx":
        from chidao.evaluation.views import proposals_response

        return proposals_response(request, cycle)
    lists = selectors.proposal_lists(cycle)
    return {
        kind: [
            {
                "unit": {"id": item["unit_id"], "name": item["unit_name"]},
                "grounds": item["grounds"],
                "person_name": item.get("person_name") or "",
            }
            for item in lists[kind]
        ]
        for kind in ("commendation", "criticism")
    }


# ---- writes


def _score(cycle: EvaluationCycle, score_id: Id) -> UnitScore | None:
    return UnitScore.objects.filter(cycle=cycle, pk=score_id).select_related("criterion").first()


def _score_payload(score: UnitScore) -> dict:
    score.refresh_from_db()
    return {
        "id": score.pk,
        "criterion": score.criterion.code,
        "self_score": _number(score.self_score),
        "explanation": score.explanation,
        "appraised_score": _number(score.appraised_score),
        "appraisal_reason": score.appraisal_reason,
        "computed_value": _number(score.computed_value),
        "external_score": _number(score.external_score),
        "external_source": score.external_source,
    }


class ScoreOut(Schema):
    id: int
    criterion: str
    self_score: float | None
    explanation: str
    appraised_score: float | None
    appraisal_reason: str
    computed_value: float | None
    external_score: float | None
    external_source: str


@router.post(
    "/cycles/{cycle_id}/scores/{score_id}/self-assessment",
    response={200: ScoreOut, **WRITE_ERRORS},
    summary="Đơn vị tự chấm một tiêu chí",
    description="Đầu mối của đơn vị, khi đợt ở bước tự chấm và trước hạn; cần giải trình.",
)
def self_assess(request, cycle_id: Id, score_id: Id, payload: SelfAssessIn):
    cycle = _cycle(request, cycle_id)
    score = _score(cycle, score_id)
    if score is None:
        return Status(404, {"detail": _("Không tìm thấy điểm.")})
    services.self_assess(
        actor=_user(request),
        score=score,
        value=payload.score,
        explanation=payload.explanation,
    )
    return _score_payload(score)


@router.post(
    "/cycles/{cycle_id}/scores/{score_id}/appraisal",
    response={200: ScoreOut, **WRITE_ERRORS},
    summary="Thẩm định một tiêu chí tự chấm",
    description=(
        "Cơ quan thường trực, khi đợt ở bước thẩm định: accept=true chấp nhận điểm tự chấm; "
        "accept=false đặt điểm khác (score) với lý do (reason). Lưu vào lịch sử."
    ),
)
def appraise(request, cycle_id: Id, score_id: Id, payload: AppraiseIn):
    cycle = _cycle(request, cycle_id)
    score = _score(cycle, score_id)
    if score is None:
        return Status(404, {"detail": _("Không tìm thấy điểm.")})
    services.appraise(
        actor=_user(request),
        score=score,
        accept=payload.accept,
        value=payload.score,
        reason=payload.reason,
    )
    return _score_payload(score)


@router.post(
    "/cycles/{cycle_id}/scores/{score_id}/external",
    response={200: ScoreOut, **WRITE_ERRORS},
    summary="Nhập điểm từ nguồn ngoài (điều tra, khảo sát)",
)
def external(request, cycle_id: Id, score_id: Id, payload: ExternalIn):
    cycle = _cycle(request, cycle_id)
    score = _score(cycle, score_id)
    if score is None:
        return Status(404, {"detail": _("Không tìm thấy điểm.")})
    services.external_enter(
        actor=_user(request), score=score, value=payload.score, source=payload.source
    )
    return _score_payload(score)


ACTIONS = {
    "open": services.cycle_open_self_assessment,
    "appraisal": services.cycle_start_appraisal,
    "compute": services.fill_computed,
    "approve": services.cycle_approve,
    "lock": services.cycle_lock,
}


@router.post(
    "/cycles/{cycle_id}/actions/{action}",
    response={200: CycleOut, **WRITE_ERRORS},
    summary="Chuyển bước đợt đánh giá",
    description=(
        "open (mở tự chấm), compute (tính điểm từ dữ liệu đến ngày chốt), appraisal (kết thúc "
        "tự chấm, bắt đầu thẩm định): cơ quan thường trực. approve (phê duyệt, chốt và công bố "
        "kết quả, lập danh sách đề nghị), lock (khóa), reopen (mở lại, cần reason): lãnh đạo "
        "Ban Chỉ đạo hoặc quản trị. Không cần thân yêu cầu. Đợt đã khóa: 409."
    ),
)
def cycle_action(
    request,
    cycle_id: Id,
    action: Literal["open", "compute", "appraisal", "approve", "lock", "reopen"],
    reason: Note = Query("", description="Lý do (bắt buộc khi reopen)."),
):
    cycle = _cycle(request, cycle_id)
    if action == "reopen":
        services.cycle_reopen(actor=_user(request), cycle=cycle, reason=reason)
    else:
        ACTIONS[action](actor=_user(request), cycle=cycle)
    cycle.refresh_from_db()
    return {"id": cycle.pk, "year": cycle.year, "name": cycle.name, "state": cycle.state}


class ProposalItemOut(Schema):
    id: int
    kind: str
    unit: UnitRef
    person_name: str
    grounds: str
    included: bool
    reason: str


def _proposal_payload(proposal: Proposal) -> dict:
    return {
        "id": proposal.pk,
        "kind": proposal.kind,
        "unit": {"id": proposal.unit_id, "name": proposal.unit_name},
        "person_name": proposal.person_name,
        "grounds": proposal.grounds,
        "included": proposal.included,
        "reason": proposal.reason,
    }


@router.post(
    "/cycles/{cycle_id}/proposals",
    response={201: ProposalItemOut, **WRITE_ERRORS},
    summary="Bổ sung đơn vị (hoặc cá nhân) vào danh sách đề nghị",
    description="Cơ quan thường trực, sau khi kết quả được phê duyệt và trước khi khóa; cần lý do.",
)
def add_proposal(request, cycle_id: Id, payload: ProposalIn):
    cycle = _cycle(request, cycle_id)
    unit = Unit.objects.filter(pk=payload.unit, pk__in=cycle.units.values("unit_id")).first()
    if unit is None:
        message = f"Đơn vị mã {payload.unit} không thuộc đợt đánh giá."
        return Status(
            422,
            {
                "detail": message,
                "errors": [{"loc": ["body", "unit"], "msg": message, "type": "value_error"}],
            },
        )
    proposal = services.proposal_add(
        actor=_user(request),
        cycle=cycle,
        kind=payload.kind,
        unit=unit,
        grounds=payload.grounds,
        reason=payload.reason,
        person_name=payload.person_name,
    )
    return Status(201, _proposal_payload(proposal))


@router.patch(
    "/cycles/{cycle_id}/proposals/{proposal_id}",
    response={200: ProposalItemOut, **WRITE_ERRORS},
    summary="Sửa căn cứ, đưa ra hoặc đưa lại vào danh sách (cần lý do)",
)
def edit_proposal(request, cycle_id: Id, proposal_id: Id, payload: ProposalEditIn):
    cycle = _cycle(request, cycle_id)
    proposal = Proposal.objects.filter(cycle=cycle, pk=proposal_id).first()
    if proposal is None:
        return Status(404, {"detail": _("Không tìm thấy đề nghị.")})
    proposal = services.proposal_edit(
        actor=_user(request),
        proposal=proposal,
        reason=payload.reason,
        grounds=payload.grounds,
        included=payload.included,
    )
    return _proposal_payload(proposal)
