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

from chidao.audit.services import record_change, record_upsert, snapshot
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
    committee has at most one version a day: a second one is refused (409), as is a version
    of a committee already dissolved on that date."""
    if committee.dissolved_on is not None and effective_from >= committee.dissolved_on:
        raise ActionRefused(
            _("%(committee)s đã giải thể từ %(date)s: không ghi thêm phiên bản thành phần.")
            % {"committee": committee.name, "date": vn_date(committee.dissolved_on)},
            status=409,
        )
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


def version_before(committee: Committee, date: dt.date) -> CommitteeVersion | None:
    """The committee's version in force the day before `date` (the one an amend changes)."""
    return committee.versions.filter(effective_from__lt=date).order_by("-effective_from").first()


@transaction.atomic
def committee_version_amend(
    *,
    actor,
    committee: Committee,
    decision: LegalDocument,
    effective_from: dt.date,
    effective_from_basis: str,
    source: Source,
    external_id: str,
    drop_seats: list[Seat] = (),
    note: str = "",
    counts: dict | None = None,
) -> CommitteeVersion:
    """A version that changes only some seats (bổ sung, thay thế thành viên): the version in
    force before `effective_from` carried over (each seat, standing agency, duty and list
    approval keeping its own source), less `drop_seats`. The caller adds the new seats after
    the carried ones (seat_record, order from len(version.seats) + 1). Refused (422) when the
    committee has no earlier version, (409) when a later version exists, since it would not
    carry this change."""
    previous = version_before(committee, effective_from)
    if previous is None:
        raise ActionRefused(
            _(
                "%(committee)s chưa có thành phần nào trước %(date)s trong sổ: quyết định bổ "
                "sung, thay thế thành viên cần thành phần trước đó. Hãy nhập quyết định thành "
                "lập hoặc kiện toàn trước."
            )
            % {"committee": committee.name, "date": vn_date(effective_from)},
            status=422,
        )
    later = committee.versions.filter(effective_from__gt=effective_from).order_by("effective_from")
    later = later.exclude(external_id=external_id).first()
    if later is not None:
        raise ActionRefused(
            _(
                "%(committee)s đã có phiên bản thành phần từ %(date)s (Quyết định %(number)s): "
                "bổ sung vào giữa chuỗi sẽ không được phiên bản sau kế thừa."
            )
            % {
                "committee": committee.name,
                "date": vn_date(later.effective_from),
                "number": later.decision.number,
            },
            status=409,
        )
    foreign = [seat for seat in drop_seats if seat.version_id != previous.pk]
    if foreign:
        raise ActionRefused(
            _("Ghế bị bỏ không thuộc thành phần đang áp dụng của %(committee)s.")
            % {"committee": committee.name},
            status=422,
        )
    version = committee_version_record(
        actor=actor,
        committee=committee,
        decision=decision,
        action=CommitteeVersion.Action.AMEND,
        effective_from=effective_from,
        effective_from_basis=effective_from_basis,
        source=source,
        external_id=external_id,
        regulation_issuer=previous.regulation_issuer,
        regulation_quote=previous.regulation_quote,
        working_group_name=previous.working_group_name,
        working_group_seat=previous.working_group_seat,
        note=note,
        counts=counts,
    )
    dropped = {seat.pk for seat in drop_seats}
    orders = {Seat.Body.COMMITTEE: 0, Seat.Body.WORKING_GROUP: 0}
    for seat in previous.seats.order_by("body", "order"):
        if seat.pk in dropped:
            continue
        orders[seat.body] += 1
        seat_record(
            actor=actor,
            version=version,
            body=seat.body,
            order=orders[seat.body],
            role=seat.role,
            person=seat.person,
            position=seat.position,
            rule=seat.rule,
            rule_parent=seat.rule_parent,
            label=seat.label,
            source=seat.source,
            source_quote=seat.source_quote,
            counts=counts,
        )
    for agency in previous.standing_agencies.all():
        standing_agency_record(
            actor=actor,
            version=version,
            domain=agency.domain,
            unit=agency.unit,
            source=agency.source,
            source_quote=agency.source_quote,
            counts=counts,
        )
    for duty in previous.duties.all():
        duty_record(
            actor=actor,
            version=version,
            order=duty.order,
            domain=duty.domain,
            text=duty.text,
            source=duty.source,
            counts=counts,
        )
    for approval in previous.list_approvals.all():
        member_list_approval_record(
            actor=actor,
            version=version,
            list_kind=approval.list_kind,
            approver=approval.approver,
            proposed_by=approval.proposed_by,
            source=approval.source,
            source_quote=approval.source_quote,
            counts=counts,
        )
    return version


@transaction.atomic
def committee_dissolve(
    *,
    actor,
    committee: Committee,
    decision: LegalDocument,
    dissolved_on: dt.date,
    source: Source,
    source_quote: str = "",
) -> Committee:
    """Ends the committee from `dissolved_on` by `decision`: its composition is empty from
    that day. The same dissolution twice changes nothing; another one is refused (409), as
    is a date before the committee's last version (422)."""
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.dissolved_on is not None:
        if committee.dissolved_by_id == decision.pk and committee.dissolved_on == dissolved_on:
            return committee
        raise ActionRefused(
            _("%(committee)s đã giải thể từ %(date)s: không ghi lại.")
            % {"committee": committee.name, "date": vn_date(committee.dissolved_on)},
            status=409,
        )
    last = committee.versions.order_by("-effective_from").first()
    if last is not None and last.effective_from >= dissolved_on:
        raise ActionRefused(
            _(
                "Ngày giải thể %(date)s không sau phiên bản thành phần cuối của %(committee)s "
                "(áp dụng từ %(from)s)."
            )
            % {
                "date": vn_date(dissolved_on),
                "committee": committee.name,
                "from": vn_date(last.effective_from),
            },
            status=422,
        )
    before = snapshot(committee)
    committee.dissolved_on = dissolved_on
    committee.dissolved_by = decision
    committee.dissolution_source = source
    committee.dissolution_quote = source_quote
    committee.save()
    record_change(
        actor=actor, action="dissolve", target=committee, before=before, after=snapshot(committee)
    )
    return committee
