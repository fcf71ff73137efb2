"""Writing the committee register: committees, their lineage, versions and a version's parts.

The seeds (chidao.committees.seeds) and the reader's commit (chidao.ingest.services) both
write through these, so a committee, a version or a seat has one way into the register.
Every write is keyword-only, runs in one transaction, logs its change-log row
(chidao.audit) and keeps the source of the fact (`source`, and the verbatim `source_quote`
where the model holds one). Writing the same fact twice changes nothing and logs nothing.
`actor` is a user or a chidao.core.policy.SystemActor, never a string. A refusal is an
ActionRefused whose `status` is the HTTP answer.

People, positions and holdings are written by chidao.people.services (holding_attest ...).
"""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from chidao.audit.services import record_upsert
from chidao.committees.models import (
    Committee,
    CommitteeLineage,
    CommitteeVersion,
    Duty,
    MemberListApproval,
    Seat,
    StandingAgency,
)
from chidao.core.dates import vn_date
from chidao.core.errors import ActionRefused
from chidao.documents.models import LegalDocument, Source
from chidao.people.models import Person, Position
from chidao.units.models import Unit


@transaction.atomic
def committee_record(
    *,
    actor,
    external_id: str,
    name: str,
    source: Source,
    short_name: str = "",
    issuing_body: Unit | None = None,
    note: str = "",
    counts: dict | None = None,
) -> Committee:
    """The committee known by `external_id` (a loader's or a draft's stable key)."""
    return record_upsert(
        Committee,
        {"external_id": external_id},
        {
            "name": name[:300],
            "short_name": short_name[:60],
            "issuing_body": issuing_body,
            "source": source,
            "note": note,
        },
        actor=actor,
        counts=counts,
    )


@transaction.atomic
def committee_lineage_record(
    *,
    actor,
    predecessor: Committee,
    successor: Committee,
    kind: str,
    source: Source,
    source_quote: str = "",
    decision: LegalDocument | None = None,
    counts: dict | None = None,
) -> CommitteeLineage:
    """`successor` was formed from `predecessor` (reconstitution, merger, renaming)."""
    if predecessor.pk == successor.pk:
        raise ActionRefused(_("Ban Chỉ đạo không thể kế thừa chính nó."))
    return record_upsert(
        CommitteeLineage,
        {"predecessor": predecessor, "successor": successor},
        {"kind": kind, "decision": decision, "source": source, "source_quote": source_quote},
        actor=actor,
        counts=counts,
    )


@transaction.atomic
def committee_version_record(
    *,
    actor,
    committee: Committee,
    decision: LegalDocument,
    action: str,
    effective_from: dt.date,
    effective_from_basis: str,
    source: Source,
    external_id: str,
    seats_recorded: bool = True,
    regulation_issuer: str = "",
    regulation_quote: str = "",
    working_group_name: str = "",
    working_group_seat: Unit | None = None,
    note: str = "",
    counts: dict | None = None,
) -> CommitteeVersion:
    """The committee as `decision` constitutes it, in force from `effective_from` until the
    next version (a version ends by the next one: there is no end date to write). A
    committee has at most one version a day: a second one is refused (409)."""
    clash = (
        committee.versions.filter(effective_from=effective_from)
        .exclude(external_id=external_id)
        .exists()
    )
    if clash:
        raise ActionRefused(
            _("%(committee)s đã có một phiên bản thành phần áp dụng từ %(date)s: không ghi thêm.")
            % {"committee": committee.name, "date": vn_date(effective_from)},
            status=409,
        )
    return record_upsert(
        CommitteeVersion,
        {"external_id": external_id},
        {
            "committee": committee,
            "decision": decision,
            "action": action,
            "effective_from": effective_from,
            "effective_from_basis": effective_from_basis,
            "seats_recorded": seats_recorded,
            "regulation_issuer": regulation_issuer[:200],
            "regulation_quote": regulation_quote,
            "working_group_name": working_group_name[:300],
            "working_group_seat": working_group_seat,
            "source": source,
            "note": note,
        },
        actor=actor,
        counts=counts,
    )


def seat_holder_kind(*, person: Person | None, rule: str) -> str:
    """A seat given by a rule is a rule seat; one naming a person is held by that person;
    otherwise whoever holds the position on the date asked holds it."""
    if rule:
        return Seat.HolderKind.RULE
    if person is not None:
        return Seat.HolderKind.PERSON
    return Seat.HolderKind.POSITION


@transaction.atomic
def seat_record(
    *,
    actor,
    version: CommitteeVersion,
    body: str,
    order: int,
    role: str,
    source: Source,
    source_quote: str,
    person: Person | None = None,
    position: Position | None = None,
    rule: str = "",
    rule_parent: Unit | None = None,
    label: str = "",
    counts: dict | None = None,
) -> Seat:
    """Seat number `order` of the committee or its working group, as the version states it."""
    holder_kind = seat_holder_kind(person=person, rule=rule)
    if holder_kind == Seat.HolderKind.POSITION and position is None:
        raise ActionRefused(
            _("Ghế %(order)s: cần tên người, chức vụ hoặc quy tắc.") % {"order": order}
        )
    return record_upsert(
        Seat,
        {"version": version, "body": body, "order": order},
        {
            "role": role,
            "holder_kind": holder_kind,
            "person": person,
            "position": position if holder_kind != Seat.HolderKind.RULE else None,
            "rule": rule,
            "rule_parent": rule_parent,
            "label": label[:500],
            "source": source,
            "source_quote": source_quote,
        },
        actor=actor,
        counts=counts,
    )


@transaction.atomic
def standing_agency_record(
    *,
    actor,
    version: CommitteeVersion,
    domain: str,
    unit: Unit,
    source: Source,
    source_quote: str,
    counts: dict | None = None,
) -> StandingAgency:
    """The agency that serves the committee for `domain` (one per domain)."""
    return record_upsert(
        StandingAgency,
        {"version": version, "domain": domain},
        {"unit": unit, "source": source, "source_quote": source_quote},
        actor=actor,
        counts=counts,
    )


@transaction.atomic
def duty_record(
    *,
    actor,
    version: CommitteeVersion,
    order: int,
    text: str,
    source: Source,
    domain: str = StandingAgency.Domain.ALL,
    counts: dict | None = None,
) -> Duty:
    """Duty number `order` the decision gives the committee, as written."""
    return record_upsert(
        Duty,
        {"version": version, "order": order},
        {"domain": domain, "text": text, "source": source},
        actor=actor,
        counts=counts,
    )


@transaction.atomic
def member_list_approval_record(
    *,
    actor,
    version: CommitteeVersion,
    list_kind: str,
    approver: str,
    source: Source,
    source_quote: str,
    proposed_by: Unit | None = None,
    counts: dict | None = None,
) -> MemberListApproval:
    """Who proposes and who approves one member list of the version."""
    return record_upsert(
        MemberListApproval,
        {"version": version, "list_kind": list_kind},
        {
            "proposed_by": proposed_by,
            "approver": approver[:200],
            "source": source,
            "source_quote": source_quote,
        },
        actor=actor,
        counts=counts,
    )
