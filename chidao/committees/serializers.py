"""The committee answers of the API and the CLI, described once as ninja Schemas.

`composition_payload` is what both `GET /api/v1/committees/{id}/composition` and
`chidao composition --json` print, so the two cannot disagree. The Schemas mirror
Composition.as_dict() field for field (a test holds them to it) and give the OpenAPI
document its description of the answer.
"""

import datetime as dt

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from chidao.committees.models import Committee
from chidao.committees.selectors import Composition


class SourceOut(Schema):
    key: str
    title: str
    url: str | None = None
    published_on: dt.date | None = None
    quote: str = Field("", description="Câu trích từ nguồn làm căn cứ.")


class ReplacedOut(Schema):
    number: str
    date: dt.date | None = None


class BasisDecisionOut(Schema):
    id: int
    number: str
    date: dt.date | None = None
    title: str
    signer: str | None = None
    replaces: list[ReplacedOut] = Field(
        default_factory=list, description="Các quyết định mà quyết định này thay thế."
    )


class DecisionStepOut(BasisDecisionOut):
    effective_from: dt.date = Field(description="Ngày thành phần theo quyết định áp dụng.")
    action: str = Field(description="establish | reconstitute | replace | amend")


class SeatBasisOut(Schema):
    id: int
    number: str


class FlagOut(Schema):
    kind: str = Field(description="unit_succeeded | needs_reconstitution")
    message: str


class SeatOut(Schema):
    role: str = Field(
        description="head | standing_deputy_head | deputy_head | member "
        "(tổ công tác: leader | deputy_leader | member)"
    )
    role_label: str
    holder_kind: str = Field(description="person | position | rule")
    position: str | None = Field(None, description="Chức vụ (tên).")
    unit: str | None = Field(None, description="Đơn vị (tên, đơn vị kế thừa nếu đã sáp nhập).")
    unit_id: int | None = None
    person: str | None = Field(None, description="Người giữ ghế; null khi chưa ghi nhận.")
    person_id: int | None = None
    basis: SeatBasisOut
    source: SourceOut
    rule: str = Field("", description="Quy tắc mở rộng ghế (ghế theo quy tắc), nếu có.")
    rule_label: str = ""
    named_person: str | None = Field(None, description="Người được quyết định nêu tên.")
    position_holder: str | None = Field(None, description="Người giữ chức vụ vào ngày này.")
    named_unit: str | None = Field(None, description="Đơn vị quyết định nêu, nếu đã đổi.")
    named_unit_id: int | None = None
    holder_note: str = ""
    flags: list[FlagOut] = Field(default_factory=list)


class StandingAgencyOut(Schema):
    domain: str = Field(description="all | administrative_reform | digital_transformation")
    domain_label: str
    unit: str
    unit_id: int
    named_unit: str
    named_unit_id: int
    successor_since: dt.date | None = None
    note: str = ""
    source: SourceOut


class WorkingGroupOut(Schema):
    name: str = ""
    seated_at: str | None = None
    seats: list[SeatOut] = Field(default_factory=list)


class LineageOut(Schema):
    id: int
    name: str
    kind: str
    decision: str | None = None


class DutyOut(Schema):
    domain: str
    domain_label: str
    text: str


class RegulationOut(Schema):
    issuer: str
    quote: str


class ListApprovalOut(Schema):
    list: str
    proposed_by: str | None = None
    approver: str
    quote: str


class CommitteeRefOut(Schema):
    id: int
    name: str


class DissolutionOut(Schema):
    on: dt.date = Field(description="Ngày Ban giải thể (thành phần trống từ ngày này).")
    decision: BasisDecisionOut
    source: SourceOut


class CompositionOut(Schema):
    committee: CommitteeRefOut
    as_of: dt.date
    established: bool
    status: str = Field(description="established | not_yet_established | not_recorded | dissolved")
    message: str
    basis: list[BasisDecisionOut] = Field(
        description="Quyết định làm căn cứ thành phần vào ngày này."
    )
    decision_chain: list[DecisionStepOut]
    seats: list[SeatOut]
    standing_agencies: list[StandingAgencyOut]
    working_group: WorkingGroupOut
    predecessors: list[LineageOut]
    successors: list[LineageOut]
    duties: list[DutyOut]
    regulation: RegulationOut | None = None
    list_approvals: list[ListApprovalOut]
    established_on: dt.date | None = None
    dissolved: DissolutionOut | None = None


class CurrentDecisionOut(Schema):
    id: int
    number: str
    date: dt.date | None = None
    effective_from: dt.date


class CommitteeOut(Schema):
    id: int
    name: str
    short_name: str
    established_on: dt.date | None = Field(None, description="Ngày thành lập đã ghi nhận.")
    current_decision: CurrentDecisionOut | None = Field(
        None, description="Quyết định về thành phần đang áp dụng hôm nay."
    )
    dissolved_on: dt.date | None = Field(
        None, description="Ngày Ban giải thể (không có thành phần từ ngày này)."
    )


def composition_payload(composition: Composition) -> dict:
    """The JSON-ready answer for a composition: the API and the CLI both print this."""
    return CompositionOut.model_validate(composition.as_dict()).model_dump(mode="json")


def committee_payload(committee: Committee, today: dt.date | None = None) -> dict:
    """A committee in lists. Uses committee.versions.all() (prefetch it, with the decision)."""
    today = today or timezone.localdate()
    versions = sorted(committee.versions.all(), key=lambda v: v.effective_from)
    current = None
    for version in versions:
        if version.effective_from <= today:
            current = version
    if committee.dissolved_on is not None and committee.dissolved_on <= today:
        current = None
    return CommitteeOut.model_validate(
        {
            "id": committee.pk,
            "name": committee.name,
            "short_name": committee.short_name,
            "established_on": versions[0].effective_from if versions else None,
            "current_decision": {
                "id": current.decision_id,
                "number": current.decision.number,
                "date": current.decision.date,
                "effective_from": current.effective_from,
            }
            if current
            else None,
            "dissolved_on": committee.dissolved_on,
        }
    ).model_dump(mode="json")
