"""API: committees, searchable, and their composition on any date."""

from typing import Annotated

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.errors import HttpError

from chidao.committees.models import Committee, CommitteeVersion
from chidao.committees.selectors import composition_on, search_committees
from chidao.committees.serializers import (
    CommitteeOut,
    CompositionOut,
    committee_payload,
    composition_payload,
)
from chidao.core.api_auth import ERROR_RESPONSES, NOT_FOUND_RESPONSES, date_param
from chidao.core.inputs import LINE, Id

router = Router(tags=["Ban Chỉ đạo"])

SearchParam = Annotated[
    str,
    Query(
        max_length=LINE, description="Tìm trong tên, không phân biệt hoa thường và dấu tiếng Việt."
    ),
]
AsOfParam = Annotated[
    str | None, Query(description="Ngày YYYY-MM-DD; mặc định hôm nay.", example="2019-11-25")
]


def _with_versions(queryset):
    return queryset.prefetch_related(
        Prefetch("versions", queryset=CommitteeVersion.objects.select_related("decision"))
    )


def _committee_or_404(committee_id: Id) -> Committee:
    committee = Committee.objects.filter(pk=committee_id).first()
    if committee is None:
        raise HttpError(
            404,
            _("Không tìm thấy Ban Chỉ đạo có mã %(committee_id)s.")
            % {"committee_id": committee_id},
        )
    return committee


@router.get(
    "",
    response={200: list[CommitteeOut], **ERROR_RESPONSES},
    summary="Danh sách Ban Chỉ đạo",
)
def list_committees(
    request,
    search: SearchParam = "",
):
    return [committee_payload(c) for c in _with_versions(search_committees(search))]


@router.get(
    "/{committee_id}",
    response={200: CommitteeOut, **NOT_FOUND_RESPONSES},
    summary="Một Ban Chỉ đạo",
)
def get_committee(request, committee_id: Id):
    committee = _with_versions(Committee.objects.filter(pk=committee_id)).first()
    if committee is None:
        raise HttpError(
            404,
            _("Không tìm thấy Ban Chỉ đạo có mã %(committee_id)s.")
            % {"committee_id": committee_id},
        )
    return committee_payload(committee)


@router.get(
    "/{committee_id}/composition",
    response={200: CompositionOut, **NOT_FOUND_RESPONSES},
    summary="Thành phần Ban Chỉ đạo vào một ngày",
    description=(
        "Ghế theo chức vụ được gán cho người giữ chức vụ vào ngày đó; ghế theo quy tắc được "
        "mở rộng thành một ghế cho mỗi đơn vị tồn tại vào ngày đó; đơn vị đã sáp nhập được "
        "thay bằng đơn vị kế thừa (kèm cờ cần kiện toàn)."
    ),
)
def get_composition(
    request,
    committee_id: Id,
    as_of: AsOfParam = None,
):
    date = date_param(as_of)
    committee = _committee_or_404(committee_id)
    return composition_payload(composition_on(committee, date))
