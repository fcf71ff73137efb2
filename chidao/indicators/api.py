"""API: a committee's indicators, an indicator's values, and entering an actual.

- GET /api/v1/committees/{id}/indicators → [{id, code, name, unit_of_measure, direction,
  layer}];
- GET /api/v1/indicators/{id}/values?unit=ID&from=DATE&to=DATE → [{period, unit: {id, name},
  target, actual, state, source}], oldest first; `from`/`to` bound the quarter's cut-off date;
- POST /api/v1/indicators/{id}/values {period, unit, actual, note} → 201 with the value: the
  unit's focal person or the committee's standing agency (403 otherwise, before the value is
  looked at); 422 with a message for an impossible value (a malformed body is a 422 for
  everyone, as in the rest of the API).

Defining indicators and targets, for the committee's standing agency (403 for others; 422
with a Vietnamese message for bad input, e.g. a code already used or a milestone against the
indicator's direction):
- POST /api/v1/committees/{id}/indicators → 201 the indicator's definition;
- GET, PUT, PATCH /api/v1/indicators/{id} → the definition (PUT: every field, PATCH: some);
- GET /api/v1/indicators/{id}/targets → [{unit, period, value}]; POST with {unit, year,
  target, milestones: {"Q1": …, "Q4": …}} sets a unit's (or, without unit, the whole
  committee's) yearly target and quarterly milestones → 201 the year's targets.

Authenticated like the task API (a personal token or the site's session; never public).
"""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id, IsoDate, Line, Note, Short, text
from chidao.indicators import definitions, selectors, services
from chidao.indicators.models import Target
from chidao.units.models import Unit

committee_router = Router(tags=["Chỉ tiêu"], auth=TASK_AUTH)
router = Router(tags=["Chỉ tiêu"], auth=TASK_AUTH)

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut, 409: ErrorOut}
Actual = Annotated[float, Field(allow_inf_nan=False)]
Bound = Annotated[float, Field(allow_inf_nan=False, ge=-1e12, le=1e12)]
Code = text(30, min_length=1)
Measure = text(30, min_length=1)
FigureKey = text(50)
Direction = Literal["higher", "lower"]
LayerName = Literal["strategic", "outcome", "operational"]
SourceName = Literal["entered", "task_completion", "reports_on_time", "meeting_attendance"]


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    unit_of_measure: str
    direction: Literal["higher", "lower"]
    layer: Literal["strategic", "outcome", "operational"]


class IndicatorUnitOut(Schema):
    id: int
    name: str


class ValueOut(Schema):
    period: str = Field(description="Quý, ví dụ 2025-Q2 (kỳ số liệu 15/03–14/06/2025)")
    unit: IndicatorUnitOut
    target: float | None
    actual: float
    state: Literal["on_track", "at_risk", "off_track"] | None
    source: Literal["entered", "report", "computed"]


class ValueIn(Schema):
    period: Short = Field(description="Quý, ví dụ 2025-Q2")
    unit: Id
    actual: Actual
    note: Note = ""


class ValuesQuery(Schema):
    unit: Id | None = None
    from_: IsoDate | None = Field(None, alias="from")
    to: IsoDate | None = None


class IndicatorDetailOut(IndicatorOut):
    source_kind: SourceName
    figure_key: str = Field(description="Mã số liệu trong mẫu báo cáo quý cấp giá trị thực hiện")
    formula: str
    legal_basis: str
    program: int | None = Field(description="Chương trình, kế hoạch (nguồn nhiệm vụ) của chỉ tiêu")
    minimum: float
    maximum: float
    margin_percent: float
    published: bool
    synthetic: bool


class IndicatorIn(Schema):
    code: Code
    name: Line
    unit_of_measure: Measure
    direction: Direction = "higher"
    layer: LayerName
    source_kind: SourceName = "entered"
    figure_key: FigureKey = ""
    formula: Note = ""
    legal_basis: Note = ""
    program: Id | None = None
    minimum: Bound = 0
    maximum: Bound = 100
    margin_percent: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = 5
    published: bool = False


class IndicatorPatch(Schema):
    code: Code | None = None
    name: Line | None = None
    unit_of_measure: Measure | None = None
    direction: Direction | None = None
    layer: LayerName | None = None
    source_kind: SourceName | None = None
    figure_key: FigureKey | None = None
    formula: Note | None = None
    legal_basis: Note | None = None
    program: Id | None = None
    minimum: Bound | None = None
    maximum: Bound | None = None
    margin_percent: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] | None = None
    published: bool | None = None


class TargetOut(Schema):
    unit: IndicatorUnitOut | None = Field(description="null: mốc chung của Ban Chỉ đạo")
    period: str = Field(description="Năm (2025) hoặc quý (2025-Q2)")
    value: float


class TargetsIn(Schema):
    unit: Id | None = Field(None, description="Đơn vị; bỏ trống: mốc chung của Ban Chỉ đạo")
    year: Annotated[int, Field(ge=1901, le=9998)]
    target: Bound = Field(description="Chỉ tiêu cả năm")
    milestones: dict[Literal["Q1", "Q2", "Q3", "Q4"], Bound | None] = Field(
        default_factory=dict, description="Mốc từng quý; quý bỏ trống không có mốc"
    )


def _detail(indicator) -> dict:
    return {
        "id": indicator.pk,
        "code": indicator.code,
        "name": indicator.name,
        "unit_of_measure": indicator.unit_of_measure,
        "direction": indicator.direction,
        "layer": indicator.layer,
        "source_kind": indicator.source_kind,
        "figure_key": indicator.figure_key,
        "formula": indicator.formula,
        "legal_basis": indicator.legal_basis,
        "program": indicator.program_id,
        "minimum": float(indicator.minimum),
        "maximum": float(indicator.maximum),
        "margin_percent": float(indicator.margin_percent),
        "published": indicator.published,
        "synthetic": indicator.synthetic,
    }


def _target(target) -> dict:
    unit = target.unit
    return {
        "unit": None if unit is None else {"id": unit.pk, "name": unit.name},
        "period": target.period,
        "value": float(target.value),
    }


def _row(row: selectors.Row) -> dict:
    value = row.value
    return {
        "period": value.period,
        "unit": {"id": value.unit_id, "name": value.unit_name},
        "target": None if row.target is None else float(row.target),
        "actual": float(value.actual),
        "state": row.state,
        "source": value.source,
    }


@committee_router.get(
    "/{committee_id}/indicators",
    response={200: list[IndicatorOut], **READ_ERRORS},
    summary="Các chỉ tiêu của Ban Chỉ đạo",
)
def committee_indicators(request, committee_id: Id):
    committee = policy.get_visible_or_404(Committee, request.auth, committee_id)
    return [
        {
            "id": i.pk,
            "code": i.code,
            "name": i.name,
            "unit_of_measure": i.unit_of_measure,
            "direction": i.direction,
            "layer": i.layer,
        }
        for i in selectors.visible_indicators(request.auth, committee).order_by("code")
    ]


@router.get(
    "/{indicator_id}/values",
    response={200: list[ValueOut], **READ_ERRORS},
    summary="Giá trị thực hiện theo đơn vị và quý, với mốc và đánh giá",
    description=(
        "Giá trị hiện hành (bản sửa mới nhất) của từng đơn vị theo quý, cũ trước; `from`, `to` "
        "lọc theo ngày chốt số liệu của quý. Đánh giá theo quy tắc: chậm tiến độ khi không đạt "
        "mốc của kỳ; có nguy cơ khi đạt nhưng không vượt biên an toàn hoặc kém đi hai kỳ liền; "
        "còn lại đúng tiến độ; không có mốc thì null."
    ),
)
def indicator_values(request, indicator_id: Id, filters: Query[ValuesQuery]):
    indicator = selectors.get_visible_indicator(request.auth, indicator_id)
    rows = selectors.value_rows(
        indicator, unit_id=filters.unit, date_from=filters.from_, date_to=filters.to
    )
    return [_row(r) for r in rows]


@router.post(
    "/{indicator_id}/values",
    response={201: ValueOut, **WRITE_ERRORS},
    summary="Nhập giá trị thực hiện của đơn vị cho một quý",
    description=(
        "Đầu mối của đơn vị hoặc cơ quan thường trực của Ban Chỉ đạo; người khác nhận 403. Giá trị "
        "ngoài khoảng của chỉ tiêu, quý chưa bắt đầu, đơn vị không được giao chỉ tiêu: 422. Giá "
        "trị thấp hơn mốc hoặc kém hơn quý trước cần `note` (giải trình). Nhập lại cùng quý là "
        "một bản sửa (phiên bản mới), bản cũ được giữ."
    ),
)
def indicator_value_create(request, indicator_id: Id, payload: ValueIn):
    indicator = selectors.get_visible_indicator(request.auth, indicator_id)
    policy.require(
        services.may_enter_any(request.auth, indicator),
        _("Chỉ đầu mối của đơn vị hoặc cơ quan thường trực mới nhập được số liệu này."),
    )
    unit = Unit.objects.filter(pk=payload.unit).first()
    if unit is None:
        raise services.IndicatorError(_("Không có đơn vị này."), field="unit")
    value = services.value_record(
        actor=request.auth,
        indicator=indicator,
        unit=unit,
        period=payload.period,
        actual=str(payload.actual),
        note=payload.note,
    )
    row = next(r for r in selectors.value_rows(indicator, unit_id=unit.pk) if r.value == value)
    return Status(201, _row(row))


def _indicator_fields(payload: Schema, *, partial: bool) -> dict:
    data = payload.dict(exclude_unset=partial)
    if partial:
        data = {k: v for k, v in data.items() if v is not None or k == "program"}
    for name in ("minimum", "maximum", "margin_percent"):
        if data.get(name) is not None:
            data[name] = str(data[name])
    return data


@committee_router.post(
    "/{committee_id}/indicators",
    response={201: IndicatorDetailOut, **WRITE_ERRORS},
    summary="Thêm chỉ tiêu của Ban Chỉ đạo",
    description=(
        "Cơ quan thường trực của Ban Chỉ đạo; người khác nhận 403. Mã đã dùng, khoảng giá trị "
        "ngược, chương trình của Ban Chỉ đạo khác: 422 với thông báo."
    ),
)
def committee_indicator_create(request, committee_id: Id, payload: IndicatorIn):
    committee = policy.get_visible_or_404(Committee, request.auth, committee_id)
    indicator = definitions.indicator_create(
        actor=request.auth, committee=committee, **_indicator_fields(payload, partial=False)
    )
    return Status(201, _detail(indicator))


@router.get(
    "/{indicator_id}",
    response={200: IndicatorDetailOut, **READ_ERRORS},
    summary="Định nghĩa một chỉ tiêu",
)
def indicator_get(request, indicator_id: Id):
    return _detail(selectors.get_visible_indicator(request.auth, indicator_id))


@router.put(
    "/{indicator_id}",
    response={200: IndicatorDetailOut, **WRITE_ERRORS},
    summary="Sửa toàn bộ định nghĩa chỉ tiêu",
    description="Cơ quan thường trực của Ban Chỉ đạo; người khác nhận 403; 422 cho giá trị sai.",
)
def indicator_put(request, indicator_id: Id, payload: IndicatorIn):
    indicator = selectors.get_visible_indicator(request.auth, indicator_id)
    indicator = definitions.indicator_update(
        actor=request.auth, indicator=indicator, **_indicator_fields(payload, partial=False)
    )
    return _detail(indicator)


@router.patch(
    "/{indicator_id}",
    response={200: IndicatorDetailOut, **WRITE_ERRORS},
    summary="Sửa một số trường của chỉ tiêu",
    description="Chỉ các trường gửi lên được sửa; `program: null` bỏ chương trình.",
)
def indicator_patch(request, indicator_id: Id, payload: IndicatorPatch):
    indicator = selectors.get_visible_indicator(request.auth, indicator_id)
    indicator = definitions.indicator_update(
        actor=request.auth, indicator=indicator, **_indicator_fields(payload, partial=True)
    )
    return _detail(indicator)


@router.get(
    "/{indicator_id}/targets",
    response={200: list[TargetOut], **READ_ERRORS},
    summary="Chỉ tiêu năm và mốc quý theo đơn vị",
)
def indicator_targets(request, indicator_id: Id):
    indicator = selectors.get_visible_indicator(request.auth, indicator_id)
    rows = Target.objects.filter(indicator=indicator).select_related("unit")
    return [_target(t) for t in rows.order_by("unit__name", "period")]


@router.post(
    "/{indicator_id}/targets",
    response={201: list[TargetOut], **WRITE_ERRORS},
    summary="Đặt chỉ tiêu năm và mốc quý của một đơn vị",
    description=(
        "Cơ quan thường trực của Ban Chỉ đạo; người khác nhận 403. Mốc ngoài khoảng giá trị "
        "của chỉ tiêu, mốc lùi so với quý trước (theo chiều tốt của chỉ tiêu), mốc vượt chỉ "
        "tiêu cả năm: 422. Gửi lại cùng năm thay các mốc cũ của năm đó."
    ),
)
def indicator_targets_set(request, indicator_id: Id, payload: TargetsIn):
    indicator = selectors.get_visible_indicator(request.auth, indicator_id)
    policy.require(
        policy.manages_committee(request.auth, indicator.committee_id),
        _("Chỉ cơ quan thường trực của Ban Chỉ đạo mới xác định được chỉ tiêu và mốc."),
    )
    unit = None
    if payload.unit is not None:
        unit = Unit.objects.filter(pk=payload.unit).first()
        if unit is None:
            raise services.IndicatorError(_("Không có đơn vị này."), field="unit")
    targets = definitions.targets_set(
        actor=request.auth,
        indicator=indicator,
        unit=unit,
        year=payload.year,
        target=str(payload.target),
        milestones={k: None if v is None else str(v) for k, v in payload.milestones.items()},
    )
    return Status(201, [_target(t) for t in targets])
