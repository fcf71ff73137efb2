"""API: a committee's indicators, an indicator's values, and entering an actual.

- GET /api/v1/committees/{id}/indicators → [{id, code, name, unit_of_measure, direction,
  layer}];
- GET /api/v1/indicators/{id}/values?unit=ID&from=DATE&to=DATE → [{period, unit: {id, name},
  target, actual, state, source}], oldest first; `from`/`to` bound the quarter's cut-off date;
- POST /api/v1/indicators/{id}/values {period, unit, actual, note} → 201 with the value: the
  unit's focal person or the committee's standing agency (403 otherwise, before the value is
  looked at); 422 with a message for an impossible value (a malformed body is a 422 for
  everyone, as in the rest of the API).

Authenticated like the task API (a personal token or the site's session; never public).
"""

from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from chidao.committees.models import Committee
from chidao.core import policy
from chidao.core.api_auth import TASK_AUTH, ErrorOut, ValidationErrorOut
from chidao.core.inputs import Id, IsoDate, Note, Short
from chidao.indicators import selectors, services
from chidao.units.models import Unit

committee_router = Router(tags=["Chỉ tiêu"], auth=TASK_AUTH)
router = Router(tags=["Chỉ tiêu"], auth=TASK_AUTH)

READ_ERRORS = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
WRITE_ERRORS = {**READ_ERRORS, 403: ErrorOut, 409: ErrorOut}
Actual = Annotated[float, Field(allow_inf_nan=False)]


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
