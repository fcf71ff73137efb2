"""Reading committees: search, and the composition on any date.

Selectors return dates as dates; the serializers (API, CLI JSON) and the templates format
them. The composition is computed, not stored: ex-officio seats resolve to whoever held the
position on the date, rule seats expand over the units that existed on the date, and seats
whose unit has since been merged show the successor. Pages, API and CLI all call
`composition_on`, so they cannot disagree.
"""

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from chidao.accounts.models import Role, User
from chidao.committees.models import (
    Committee,
    CommitteeLineage,
    CommitteeVersion,
    Seat,
    StandingAgency,
)
from chidao.core.dates import vn_date
from chidao.core.text import fold
from chidao.documents.models import DocumentRelation, LegalDocument, Source
from chidao.people.models import Holding, Person, Position, position_label
from chidao.units.models import Unit, valid_on_q
from chidao.units.selectors import Succession, successions_on

RULE_UNIT_KINDS = {
    Seat.Rule.DEPARTMENT_HEADS: [Unit.Kind.DEPARTMENT],
    Seat.Rule.AGENCY_LEADER_REPRESENTATIVES: [
        Unit.Kind.DEPARTMENT,
        Unit.Kind.SPECIALISED_AGENCY,
        Unit.Kind.ADMINISTRATIVE_ORGANISATION,
    ],
}
SINGLE_HOLDER_RANKS = {Position.Rank.HEAD, Position.Rank.STANDING_DEPUTY}


def search_committees(text: str = ""):
    """Committees whose name contains the text, ignoring case and Vietnamese diacritics."""
    queryset = Committee.objects.order_by("name")
    key = fold(text)
    if key:
        queryset = queryset.filter(name_key__contains=key)
    return queryset


@dataclass
class SeatView:
    role: str
    role_label: str
    holder_kind: str
    position: str | None
    unit: str | None
    unit_id: int | None
    person: str | None
    person_id: int | None
    basis: dict
    source: dict
    rule: str = ""
    rule_label: str = ""
    named_person: str | None = None
    position_holder: str | None = None
    named_unit: str | None = None
    named_unit_id: int | None = None
    holder_note: str = ""
    flags: list[dict] = field(default_factory=list)


@dataclass
class Composition:
    committee: dict
    as_of: dt.date
    established: bool
    status: str
    message: str
    basis: list[dict]
    decision_chain: list[dict]
    seats: list[SeatView]
    standing_agencies: list[dict]
    working_group: dict
    predecessors: list[dict]
    successors: list[dict]
    duties: list[dict]
    regulation: dict | None
    list_approvals: list[dict]
    established_on: dt.date | None = None
    dissolved: dict | None = None

    @property
    def flagged_seats(self) -> list[SeatView]:
        return [s for s in self.seats + self.working_group.get("seats", []) if s.flags]

    def as_dict(self) -> dict:
        """Plain data (dates stay dates; chidao.committees.serializers writes them as JSON)."""
        return asdict(self)


def source_dict(source: Source, quote: str = "") -> dict:
    return {
        "key": source.key,
        "title": source.title,
        "url": source.url or None,
        "published_on": source.published_on,
        "quote": quote,
    }


def decision_dict(document: LegalDocument, replaced: list[LegalDocument] | None = None) -> dict:
    return {
        "id": document.pk,
        "number": document.number,
        "date": document.date,
        "title": document.title,
        "signer": document.signer.full_name if document.signer_id else None,
        "replaces": [{"number": d.number, "date": d.date} for d in (replaced or [])],
    }


class _Holders:
    """Who held which position on one date, from one query over all positions involved."""

    def __init__(self, positions: list[Position], date: dt.date):
        self.date = date
        self.by_position: dict[int, list[Holding]] = {}
        holdings = Holding.objects.filter(position__in=[p.pk for p in positions]).select_related(
            "person"
        )
        for holding in holdings:
            self.by_position.setdefault(holding.position_id, []).append(holding)

    def holder(self, position: Position | None) -> Holding | None:
        if position is None:
            return None
        covering = [h for h in self.by_position.get(position.pk, []) if h.covers(self.date)]
        if not covering:
            return None
        # At a handover day both are recorded; the one who started last holds the post.
        return max(covering, key=lambda h: (h.start or h.attested_on or dt.date.min, h.pk))

    def holding_of(self, position: Position, person: Person) -> list[Holding]:
        return [h for h in self.by_position.get(position.pk, []) if h.person_id == person.pk]


def _version_on(committee: Committee, date: dt.date) -> tuple[CommitteeVersion | None, list]:
    versions = list(
        committee.versions.select_related("decision", "decision__signer", "source").order_by(
            "effective_from"
        )
    )
    current = None
    for version in versions:
        if version.effective_from <= date:
            current = version
    return current, versions


def composition_on(committee: Committee, as_of: dt.date) -> Composition:
    current, versions = _version_on(committee, as_of)
    lineage_in = CommitteeLineage.objects.filter(successor=committee).select_related(
        "predecessor", "decision"
    )
    lineage_out = CommitteeLineage.objects.filter(predecessor=committee).select_related(
        "successor", "decision"
    )
    predecessors = [
        {
            "id": link.predecessor_id,
            "name": link.predecessor.name,
            "kind": link.kind,
            "decision": link.decision.number if link.decision_id else None,
        }
        for link in lineage_in
    ]
    successors = [
        {
            "id": link.successor_id,
            "name": link.successor.name,
            "kind": link.kind,
            "decision": link.decision.number if link.decision_id else None,
        }
        for link in lineage_out
    ]
    replaced = _replaced_documents([v.decision for v in versions])
    chain = [
        decision_dict(v.decision, replaced.get(v.decision_id))
        | {"effective_from": v.effective_from, "action": v.action}
        for v in versions
    ]
    empty = Composition(
        committee={"id": committee.pk, "name": committee.name},
        as_of=as_of,
        established=False,
        status="",
        message="",
        basis=[],
        decision_chain=chain,
        seats=[],
        standing_agencies=[],
        working_group={"name": "", "seated_at": None, "seats": []},
        predecessors=predecessors,
        successors=successors,
        duties=[],
        regulation=None,
        list_approvals=[],
        established_on=versions[0].effective_from if versions else None,
        dissolved=_dissolution(committee),
    )
    if empty.dissolved and as_of >= committee.dissolved_on:
        empty.status = "dissolved"
        empty.message = _("Ban Chỉ đạo đã giải thể từ %(date)s theo Quyết định %(number)s.") % {
            "date": vn_date(committee.dissolved_on),
            "number": empty.dissolved["decision"]["number"],
        }
        return empty
    if current is None:
        if versions:
            first = versions[0]
            empty.status = "not_yet_established"
            empty.message = _(
                "Ban Chỉ đạo chưa được thành lập vào ngày %(date)s "
                "(thành lập theo Quyết định %(number)s, áp dụng từ %(from)s)."
            ) % {
                "date": vn_date(as_of),
                "number": first.decision.number,
                "from": vn_date(first.effective_from),
            }
        else:
            empty.status = "not_recorded"
            empty.message = _("Chưa ghi nhận quyết định thành lập hay thành phần của Ban này.")
        return empty

    composition = empty
    composition.established = True
    composition.status = "established"
    composition.basis = [decision_dict(current.decision, replaced.get(current.decision_id))]
    if not current.seats_recorded:
        composition.message = current.note or _("Nguồn không nêu thành phần theo quyết định này.")
    seats = list(
        current.seats.select_related(
            "person", "position", "position__unit", "rule_parent", "source"
        ).order_by("body", "order")
    )
    agencies = list(current.standing_agencies.select_related("unit", "source"))
    builder = _SeatBuilder(current, as_of, seats, [a.unit for a in agencies])
    composition.seats = builder.build(Seat.Body.COMMITTEE)
    composition.working_group = {
        "name": current.working_group_name,
        "seated_at": current.working_group_seat.name if current.working_group_seat_id else None,
        "seats": builder.build(Seat.Body.WORKING_GROUP, committee_seats=composition.seats),
    }
    composition.standing_agencies = [builder.standing_agency(a) for a in agencies]
    composition.duties = [
        {"domain": d.domain, "domain_label": d.get_domain_display(), "text": d.text}
        for d in current.duties.all()
    ]
    if current.regulation_issuer:
        composition.regulation = {
            "issuer": current.regulation_issuer,
            "quote": current.regulation_quote,
        }
    composition.list_approvals = [
        {
            "list": a.get_list_kind_display(),
            "proposed_by": a.proposed_by.name if a.proposed_by_id else None,
            "approver": a.approver,
            "quote": a.source_quote,
        }
        for a in current.list_approvals.select_related("proposed_by")
    ]
    return composition


def _dissolution(committee: Committee) -> dict | None:
    """When and by which decision the committee ended, with the source; None while it lasts."""
    if committee.dissolved_on is None:
        return None
    decision = LegalDocument.objects.select_related("signer").get(pk=committee.dissolved_by_id)
    source = Source.objects.get(pk=committee.dissolution_source_id)
    return {
        "on": committee.dissolved_on,
        "decision": decision_dict(decision),
        "source": source_dict(source, committee.dissolution_quote),
    }


def _replaced_documents(documents: list[LegalDocument]) -> dict[int, list[LegalDocument]]:
    relations = DocumentRelation.objects.filter(
        from_document__in=[d.pk for d in documents], kind=DocumentRelation.Kind.REPLACES
    ).select_related("to_document")
    result: dict[int, list[LegalDocument]] = {}
    for relation in relations:
        result.setdefault(relation.from_document_id, []).append(relation.to_document)
    return result


class _SeatBuilder:
    """Turns one version's seats into SeatViews on a date, with a fixed number of queries."""

    def __init__(self, version, as_of, seats, extra_units):
        self.version = version
        self.as_of = as_of
        self.seats = seats
        self.basis = {"number": version.decision.number, "id": version.decision_id}
        self.rule_units = self._expand_rules()
        named_units = [s.position.unit for s in seats if s.position_id] + list(extra_units)
        self.successions: dict[int, Succession] = successions_on(named_units, as_of)
        self.successor_positions = self._successor_positions()
        all_positions = [s.position for s in seats if s.position_id]
        all_positions += list(self.successor_positions.values())
        self.head_positions = self._head_positions()
        all_positions += list(self.head_positions.values())
        self.holders = _Holders(all_positions, as_of)

    def _expand_rules(self) -> dict[int, list[Unit]]:
        expanded = {}
        for seat in self.seats:
            kinds = RULE_UNIT_KINDS.get(seat.rule)
            if kinds and seat.rule_parent_id:
                expanded[seat.pk] = list(
                    Unit.objects.filter(parent_id=seat.rule_parent_id, kind__in=kinds)
                    .filter(valid_on_q(self.as_of))
                    .order_by("name")
                )
        return expanded

    def _head_positions(self) -> dict[int, Position]:
        unit_ids = {u.pk for units in self.rule_units.values() for u in units}
        positions = Position.objects.filter(unit_id__in=unit_ids, rank=Position.Rank.HEAD)
        return {p.unit_id: p for p in positions.select_related("unit")}

    def _successor_positions(self) -> dict[tuple, Position]:
        """The same post in the successor unit (Giám đốc Sở TT&TT -> Giám đốc Sở KH&CN)."""
        wanted = {
            (
                self.successions[s.position.unit_id].current.pk,
                s.position.title,
                s.position.portfolio,
            )
            for s in self.seats
            if s.position_id and s.position.unit_id in self.successions
        }
        if not wanted:
            return {}
        query = Q()
        for unit_id, title, portfolio in wanted:
            query |= Q(unit_id=unit_id, title=title, portfolio=portfolio)
        positions = Position.objects.filter(query).select_related("unit")
        return {(p.unit_id, p.title, p.portfolio): p for p in positions}

    def build(self, body: str, committee_seats: list[SeatView] | None = None) -> list[SeatView]:
        views: list[SeatView] = []
        for seat in self.seats:
            if seat.body != body:
                continue
            if seat.holder_kind == Seat.HolderKind.RULE:
                views.extend(self._rule_views(seat, views, committee_seats or []))
            else:
                views.append(self._seat_view(seat))
        return views

    def _base(self, seat: Seat, **values) -> SeatView:
        return SeatView(
            role=seat.role,
            role_label=seat.get_role_display(),
            holder_kind=seat.holder_kind,
            basis=self.basis,
            source=source_dict(seat.source, seat.source_quote),
            **values,
        )

    def _seat_view(self, seat: Seat) -> SeatView:
        position = seat.position
        unit = position.unit if position else None
        flags: list[dict] = []
        succession = self.successions.get(unit.pk) if unit else None
        effective_position, effective_unit = position, unit
        label = position.label if position else None
        if succession:
            effective_unit = succession.current
            effective_position = self.successor_positions.get(
                (succession.current.pk, position.title, position.portfolio)
            )
            label = position_label(position.title, effective_unit.name, position.portfolio)
            flags.append(
                {
                    "kind": "unit_succeeded",
                    "message": _("%(old)s → %(new)s từ %(date)s; cần kiện toàn.")
                    % {
                        "old": unit.name,
                        "new": effective_unit.name,
                        "date": vn_date(succession.since),
                    },
                }
            )
        holding = self.holders.holder(effective_position)
        view = self._base(
            seat,
            position=label,
            unit=effective_unit.name if effective_unit else None,
            unit_id=effective_unit.pk if effective_unit else None,
            person=None,
            person_id=None,
            named_unit=unit.name if succession else None,
            named_unit_id=unit.pk if succession else None,
            flags=flags,
        )
        if seat.holder_kind == Seat.HolderKind.PERSON and effective_position is not None:
            if effective_position.rank not in SINGLE_HOLDER_RANKS:
                # A post several people hold at once (Phó Chủ tịch): only the named one counts.
                own = self.holders.holding_of(effective_position, seat.person)
                holding = next((h for h in own if h.covers(self.as_of)), None)
        if holding:
            view.position_holder = holding.person.full_name
            view.holder_note = _holding_note(holding)
        if seat.holder_kind == Seat.HolderKind.PERSON:
            named = seat.person
            view.person, view.person_id, view.named_person = (
                named.full_name,
                named.pk,
                named.full_name,
            )
            if self._no_longer_holds(named, effective_position, holding, bool(succession)):
                flags.append(
                    {
                        "kind": "needs_reconstitution",
                        "message": _(
                            "Quyết định nêu %(named)s; ngày %(date)s chức vụ do "
                            "%(holder)s đảm nhiệm."
                        )
                        % {
                            "named": named.full_name,
                            "date": vn_date(self.as_of),
                            "holder": holding.person.full_name if holding else _("người khác"),
                        },
                    }
                )
        elif holding:
            view.person, view.person_id = holding.person.full_name, holding.person_id
        return view

    def _no_longer_holds(self, named, position, holding, unit_gone: bool) -> bool:
        if position is None:
            return unit_gone
        if holding is not None and holding.person_id != named.pk:
            return position.rank in SINGLE_HOLDER_RANKS
        own = self.holders.holding_of(position, named)
        ended = [h for h in own if h.end is not None and h.end < self.as_of]
        still = [h for h in own if h.covers(self.as_of) or h.end is None or h.end >= self.as_of]
        return bool(ended) and not still

    def _rule_views(self, seat: Seat, earlier: list[SeatView], committee_seats: list[SeatView]):
        if seat.rule == Seat.Rule.DIVISION_LEADERS_OF_MEMBER_UNITS:
            seen, units = set(), []
            for view in committee_seats:
                if (
                    view.unit_id
                    and view.unit_id not in seen
                    and view.unit_id != self._committee_unit_id()
                ):
                    seen.add(view.unit_id)
                    units.append((view.unit_id, view.unit))
            return [
                self._base(
                    seat,
                    position=_("Lãnh đạo cấp phòng %(unit)s") % {"unit": name},
                    unit=name,
                    unit_id=unit_id,
                    person=None,
                    person_id=None,
                    rule=seat.rule,
                    rule_label=seat.label or seat.get_rule_display(),
                )
                for unit_id, name in units
            ]
        seated_units = {v.unit_id for v in earlier if v.unit_id}
        if seat.rule == Seat.Rule.DEPARTMENT_HEADS:
            seated_units |= {
                s.position.unit_id for s in self.seats if s.position_id and s.body == seat.body
            }
        views = []
        for unit in self.rule_units.get(seat.pk, []):
            if unit.pk in seated_units and seat.rule == Seat.Rule.DEPARTMENT_HEADS:
                continue  # already seated by name (e.g. as a deputy head)
            if seat.rule == Seat.Rule.DEPARTMENT_HEADS:
                position = self.head_positions.get(unit.pk)
                holding = self.holders.holder(position)
                label = position.label if position else position_label("Giám đốc", unit.name, "")
            else:
                holding = None
                label = _("Đại diện lãnh đạo %(unit)s") % {"unit": unit.name}
            view = self._base(
                seat,
                position=label,
                unit=unit.name,
                unit_id=unit.pk,
                person=holding.person.full_name if holding else None,
                person_id=holding.person_id if holding else None,
                rule=seat.rule,
                rule_label=seat.label or seat.get_rule_display(),
            )
            if holding:
                view.position_holder = holding.person.full_name
                view.holder_note = _holding_note(holding)
            views.append(view)
        return views

    def _committee_unit_id(self) -> int | None:
        return self.version.committee.issuing_body_id

    def standing_agency(self, agency) -> dict:
        succession = self.successions.get(agency.unit_id)
        current = succession.current if succession else agency.unit
        data = {
            "domain": agency.domain,
            "domain_label": agency.get_domain_display(),
            "unit": current.name,
            "unit_id": current.pk,
            "named_unit": agency.unit.name,
            "named_unit_id": agency.unit_id,
            "successor_since": succession.since if succession else None,
            "note": "",
            "source": source_dict(agency.source, agency.source_quote),
        }
        if succession:
            data["note"] = _("%(new)s kế thừa %(old)s từ %(date)s.") % {
                "new": current.name,
                "old": agency.unit.name,
                "date": vn_date(succession.since),
            }
        return data


def _holding_note(holding: Holding) -> str:
    parts = []
    if holding.start is None and holding.attested_on:
        parts.append(_("được xác nhận ngày %(date)s") % {"date": vn_date(holding.attested_on)})
    if holding.capacity:
        parts.append(holding.capacity)
    return "; ".join(parts)


# ---- who signs: the register on a document's date


@dataclass(frozen=True)
class Holder:
    """Who held a seat of a committee, or the head post of a unit, on a date. `name` is None
    when the register records the seat or post but nobody in it on that date."""

    title: str
    name: str | None


def holder_on(*, committee: Committee, role: str, on: dt.date) -> Holder | None:
    """Who held the committee's `role` seat (Seat.Role.HEAD or STANDING_DEPUTY_HEAD) on the
    date, by the composition in force then; None when that version records no such seat
    (or no composition at all)."""
    composition = composition_on(committee, on)
    for seat in composition.seats:
        if seat.role == role:
            return Holder(title=seat.role_label, name=seat.person or None)
    return None


def unit_head_on(*, unit: Unit, on: dt.date) -> Holder | None:
    """Who held the head post of the unit (Giám đốc, Chánh Văn phòng, …) on the date, from
    the register of holdings; None when the register has no head post for the unit."""
    position = Position.objects.filter(unit=unit, rank=Position.Rank.HEAD).order_by("pk").first()
    if position is None:
        return None
    holding = _Holders([position], on).holder(position)
    return Holder(title=position.title, name=holding.person.full_name if holding else None)


def standing_staff(committee_id: int) -> list[User]:
    """The active staff of the committee's standing agencies, past and present (the rule of
    chidao.core.policy.served_committee_ids, read the other way round)."""
    units = StandingAgency.objects.filter(version__committee_id=committee_id).values("unit_id")
    return list(
        User.objects.filter(unit_id__in=units, role=Role.STANDING, is_active=True).order_by("pk")
    )
