"""API: administrative units of a province on a date, with their restructuring history."""

import datetime as dt
from enum import Enum
from typing import Annotated

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Replace
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from chidao.core.api_auth import NOT_FOUND_RESPONSES, date_param
from chidao.core.text import compact_key
from chidao.units.models import Unit, valid_on_q
from chidao.units.selectors import predecessors_and_successors

router = Router(tags=["Đơn vị"])


class Level(str, Enum):
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


LEVEL_ORDER = Case(
    When(kind=Unit.Kind.PROVINCE, then=Value(0)),
    When(kind=Unit.Kind.DISTRICT, then=Value(1)),
    When(kind=Unit.Kind.COMMUNE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
PROVINCE_PREFIXES = ("thanhpho", "tinh")

ProvinceParam = Annotated[
    str | None,
    Query(description="Tên tỉnh, thành phố: “Hà Nội”, “ha noi”, “Thành phố Hà Nội”."),
]
LevelParam = Annotated[Level | None, Query(description="province | district | commune")]
AsOfParam = Annotated[
    str | None, Query(description="Ngày YYYY-MM-DD; mặc định hôm nay.", example="2025-07-01")
]
LimitParam = Annotated[int | None, Query(ge=1, description="Số đơn vị tối đa; mặc định tất cả.")]
OffsetParam = Annotated[int, Query(ge=0, description="Bỏ qua bao nhiêu đơn vị đầu.")]


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


def _strip_prefix(key: str) -> str:
    for prefix in PROVINCE_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def resolve_province(name: str, as_of: dt.date) -> Unit:
    """The province unit named by `name` ("Hà Nội", "ha noi", "Thành phố Hà Nội")."""
    key = compact_key(name)
    if not key:
        raise HttpError(422, "province: cần tên tỉnh, thành phố.")
    bare = _strip_prefix(key)
    candidates = list(
        Unit.objects.filter(kind=Unit.Kind.PROVINCE)
        .annotate(compact=Replace("name_key", Value(" "), Value("")))
        .filter(compact__contains=bare)
        .order_by("name_key", "id")
    )
    if not candidates:
        raise HttpError(404, f"Không tìm thấy tỉnh, thành phố “{name}”.")
    if len(candidates) > 1:
        exact = [u for u in candidates if _strip_prefix(u.compact) == bare]
        candidates = exact or candidates
    if len(candidates) > 1:
        valid = [u for u in candidates if u.is_valid_on(as_of)]
        candidates = valid or candidates
    if len(candidates) > 1:
        names = ", ".join(u.name for u in candidates)
        raise HttpError(422, f"province: “{name}” khớp nhiều tỉnh, thành phố: {names}.")
    return candidates[0]


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
    if province:
        province_unit = resolve_province(province, date)
        units = Unit.objects.filter(province=province_unit)
        kinds = [level.value] if level else [lv.value for lv in Level]
    else:
        if level not in (None, Level.PROVINCE):
            raise HttpError(422, "province: cần tên tỉnh, thành phố khi level khác province.")
        units = Unit.objects.all()
        kinds = [Level.PROVINCE.value]
    units = (
        units.filter(kind__in=kinds)
        .filter(valid_on_q(date))
        .annotate(level_order=LEVEL_ORDER)
        .order_by("level_order", "name_key", "id")
    )
    units = list(units[offset : offset + limit] if limit else units[offset:])
    predecessors, successors = predecessors_and_successors(units)
    return [_unit_dict(u, predecessors, successors) for u in units]


@router.get(
    "/{unit_id}",
    response={200: UnitDetailOut, **NOT_FOUND_RESPONSES},
    summary="Một đơn vị",
)
def get_unit(request, unit_id: int):
    unit = Unit.objects.select_related("parent", "province").filter(pk=unit_id).first()
    if unit is None:
        raise HttpError(404, f"Không tìm thấy đơn vị có mã {unit_id}.")
    predecessors, successors = predecessors_and_successors([unit])
    return _unit_dict(unit, predecessors, successors) | {
        "short_name": unit.short_name,
        "kind_label": unit.get_kind_display(),
        "parent": _ref(unit.parent),
        "province": _ref(unit.province),
        "note": unit.note,
    }
