"""API: administrative units of a province on a date, with their restructuring history."""

import datetime as dt
from enum import Enum
from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from chidao.core.api_auth import NOT_FOUND_RESPONSES, date_param
from chidao.core.inputs import LINE, MAX_DB_INT, Id
from chidao.units.models import Unit
from chidao.units.selectors import ProvinceNotFound, filter_units, predecessors_and_successors

router = Router(tags=["Đơn vị"])


class Level(str, Enum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


ProvinceParam = Annotated[
    str | None,
    Query(
        max_length=LINE, description="Tên tỉnh, thành phố: “Hà Nội”, “ha noi”, “Thành phố Hà Nội”."
    ),
]
LevelParam = Annotated[Level | None, Query(description="province | district | commune")]
AsOfParam = Annotated[
    str | None, Query(description="Ngày YYYY-MM-DD; mặc định hôm nay.", example="2025-07-01")
]
LimitParam = Annotated[
    int | None, Query(ge=1, le=MAX_DB_INT, description="Số đơn vị tối đa; mặc định tất cả.")
]
OffsetParam = Annotated[int, Query(ge=0, le=MAX_DB_INT, description="Bỏ qua bao nhiêu đơn vị đầu.")]


class UnitRefOut(Schema):
    id: int
    name: str


class UnitOut(Schema):
    id: int
    name: str
    level: str = Field(description="province | district | commune (loại đơn vị, Unit.kind)")
    type_label: str = Field("", description="Quận, Huyện, Phường, Xã, ...")
    code: str = ""
    valid_from: dt.date | None = Field(None, description="Hiệu lực từ (tính cả ngày này).")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến (tính cả ngày này).")
    predecessors: list[UnitRefOut] = Field(default_factory=list)
    successors: list[UnitRefOut] = Field(default_factory=list)


class UnitDetailOut(UnitOut):
    short_name: str = ""
    kind_label: str
    parent: UnitRefOut | None = None
    province: UnitRefOut | None = None
    note: str = ""


def _ref(unit: Unit | None) -> dict | None:
    return {"id": unit.pk, "name": unit.name} if unit else None


def _unit_dict(unit: Unit, predecessors: dict, successors: dict) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "level": unit.kind,
        "type_label": unit.type_label,
        "code": unit.code,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "predecessors": [_ref(u) for u in predecessors.get(unit.pk, [])],
        "successors": [_ref(u) for u in successors.get(unit.pk, [])],
    }


@router.get(
    "",
    response={200: list[UnitOut], **NOT_FOUND_RESPONSES},
    summary="Đơn vị hành chính của một tỉnh vào một ngày",
    description=(
        "Không có province: danh sách tỉnh, thành phố. Không có level: cả cấp tỉnh, huyện, xã "
        "của tỉnh. Mỗi đơn vị kèm đơn vị trước và sau (sáp nhập, chia tách, đổi tên)."
    ),
)
def list_units(
    request,
    province: ProvinceParam = None,
    level: LevelParam = None,
    as_of: AsOfParam = None,
    limit: LimitParam = None,
    offset: OffsetParam = 0,
):
    date = date_param(as_of)
    try:
        units = filter_units(province=province, level=level.value if level else None, as_of=date)
    except ProvinceNotFound as exc:
        raise HttpError(404, str(exc)) from exc
    except ValueError as exc:  # ProvinceAmbiguous included
        raise HttpError(422, str(exc)) from exc
    units = list(units[offset : offset + limit] if limit else units[offset:])
    predecessors, successors = predecessors_and_successors(units)
    return [_unit_dict(u, predecessors, successors) for u in units]


@router.get(
    "/{unit_id}",
    response={200: UnitDetailOut, **NOT_FOUND_RESPONSES},
    summary="Một đơn vị",
)
def get_unit(request, unit_id: Id):
    unit = Unit.objects.select_related("parent", "province").filter(pk=unit_id).first()
    if unit is None:
        raise HttpError(404, _("Không tìm thấy đơn vị có mã %(unit_id)s.") % {"unit_id": unit_id})
    predecessors, successors = predecessors_and_successors([unit])
    return _unit_dict(unit, predecessors, successors) | {
        "short_name": unit.short_name,
        "kind_label": unit.get_kind_display(),
        "parent": _ref(unit.parent),
        "province": _ref(unit.province),
        "note": unit.note,
    }
