"""Rule-based reading of a Vietnamese decision (or a news article about one) into a draft.

No network, no model: regular expressions over the text, a few gazetteers (chidao.ingest.vocab)
and the structure Decree 30 gives a decision ("Căn cứ …;", "QUYẾT ĐỊNH:", "Điều 1.", clauses
"1.", points "a)", dashes "- Ông …, chức vụ …, Trưởng ban;"). The same text always gives the
same draft. Every value keeps the span (start, end offsets in the text) it was read from;
what the text does not state stays None — never guessed.

The draft's contract (see chidao.ingest.draft_json):
    {document: {number, date, issuer, signer}, action, replaces: [{number, date}],
     committee: {name, predecessor}, seats: [{role, person, position, unit}],
     standing_agencies: [{domain, unit}], working_group: {seats: [...]}}
with extra keys: spans, rule, portfolio, duties, regulation, source …

Units come out with abbreviations expanded ("Sở TT&TT" -> "Sở Thông tin và Truyền thông");
chidao.ingest.matching then replaces them by the register's names where they match.

The reader is split by what it reads: text preparation (text, patterns, dates_numbers),
the document (document, signer), the committee (committee_name), seats (seats, holders, names)
and the rest (agencies); `Reader` puts them together.
"""

from dataclasses import dataclass

from chidao.ingest.reader.actions import ActionsMixin
from chidao.ingest.reader.agencies import AgenciesMixin
from chidao.ingest.reader.base import BaseReader
from chidao.ingest.reader.committee_name import CommitteeMixin, _clean_name
from chidao.ingest.reader.confidence import add_confidence
from chidao.ingest.reader.document import DocumentMixin
from chidao.ingest.reader.holders import HoldersMixin
from chidao.ingest.reader.names import NamesMixin
from chidao.ingest.reader.rule_seats import RuleSeatsMixin
from chidao.ingest.reader.seats import Seat, SeatsMixin
from chidao.ingest.reader.signer import SignerMixin
from chidao.ingest.reader.text import expand_abbreviations, work_text

__all__ = ["Reader", "Seat", "expand_abbreviations", "extract", "work_text"]


@dataclass
class Reader(
    ActionsMixin,
    DocumentMixin,
    SignerMixin,
    CommitteeMixin,
    SeatsMixin,
    HoldersMixin,
    RuleSeatsMixin,
    AgenciesMixin,
    NamesMixin,
    BaseReader,
):
    """One pass over one text (see the mixins for what each part reads)."""


# ---------------------------------------------------------------- the whole draft


def extract(text: str, *, extra_units: list[str] | None = None) -> dict:
    """The draft for one text (see the module docstring for its shape)."""
    reader = Reader(text, extra_units=extra_units or [])
    if not reader.about_a_committee():
        return _not_a_decision(reader)
    document = reader.document()
    replaces = reader.replaced_mentions()
    committee, action = reader.committee()
    if action is None:
        action = reader.reported_act()
    if replaces:
        action = "replace"
    seats, wg_seats = reader.seats()
    group = reader.group_as_body()
    if group is not None:
        # "thành lập Tổ công tác …": the group is the body; its leader heads it
        committee["name"] = _clean_name(reader.span_text(group))
        committee["spans"]["name"] = list(group)
        for seat in wg_seats:
            seat.role = {"leader": "head", "deputy_leader": "deputy_head"}.get(seat.role, seat.role)
            seat.body = "committee"
        seats, wg_seats = seats + wg_seats, []
    removed: list[Seat] = []
    ends: list[str] = []
    act = reader.amend_or_dissolve()
    if act:
        reader.provenance["action"] = "high"
    if act == "amend":
        action = act
        seats, removed = reader.amend_seats(seats)
        wg_seats, _ = reader.amend_seats(wg_seats)
    elif act == "dissolve":
        action = act
        ends = reader.dissolved_names()
        if ends:
            committee["name"] = ends[0]
        seats, wg_seats = [], []
    agencies = reader.standing_agencies()
    domains = {a["domain"] for a in agencies}
    dual = len(domains - {"all"}) >= 2
    source_date, source_date_span = reader.source_date()
    wg = reader.working_group_info()
    for seat in seats + wg_seats:
        if seat.rule and reader.peoples_committee():
            seat.rule_parent = reader.peoples_committee()
    draft = {
        "document": document,
        "action": action,
        "replaces": replaces,
        "committee": committee,
        "seats": [_seat_dict(s, text) for s in seats],
        "removed_seats": [_seat_dict(s, text) for s in removed],
        "ends": ends,
        "standing_agencies": agencies,
        "working_group": {**wg, "seats": [_seat_dict(s, text) for s in wg_seats]},
        "duties": reader.duties(dual),
        "regulation": reader.regulation(),
        "source": {
            "kind": "legal_document" if reader.is_decision else "article",
            "date": source_date.isoformat() if source_date and not reader.is_decision else None,
            "spans": {
                "date": list(source_date_span)
                if source_date_span and not reader.is_decision
                else None
            },
        },
        "locality": reader.locality,
    }
    return add_confidence(draft, reader.provenance)


def _not_a_decision(reader: Reader) -> dict:
    """The draft of a text that is not a decision about a committee: nothing but the refusal."""
    return {
        "document": {
            "number": None,
            "date": None,
            "issuer": None,
            "signer": None,
            "signer_capacity": None,
            "type": None,
            "title": None,
            "spans": {},
        },
        "action": None,
        "not_a_decision": True,
        "replaces": [],
        "committee": {"name": None, "predecessor": None, "predecessor_kind": None, "spans": {}},
        "seats": [],
        "removed_seats": [],
        "ends": [],
        "standing_agencies": [],
        "working_group": {"name": None, "seated_at": None, "spans": {}, "seats": []},
        "duties": [],
        "regulation": None,
        "source": {"kind": "legal_document" if reader.is_decision else "article", "spans": {}},
        "locality": reader.locality,
    }


def _seat_dict(seat: Seat, text: str) -> dict:
    data = seat.as_dict(text)
    data["rule_parent"] = getattr(seat, "rule_parent", None) if seat.rule else None
    return data
