"""Load the office holders of data/sources/hanoi-agencies.json: who held which post when.

The units, their sources and mergers come first (chidao.units.hanoi_agencies); each holding
keeps its dates, capacity and the source that states it (and the source of its end).
"""

import datetime as dt
import json

from django.db import transaction

from chidao.audit.services import record_change
from chidao.core.text import compact_key
from chidao.documents.models import Source
from chidao.people.services import holding_record, person_record, position_record
from chidao.units.hanoi_agencies import (
    DATA_FILE,
    LOAD_DEMO,
    PEOPLES_COMMITTEE_NAME,
    agency_external_id,
    hanoi_peoples_committee,
    note_vi,
)
from chidao.units.models import Evidence, Unit

# What the position strings of office_holders name: (unit name, title, rank, capacity).
POSITION_PATTERNS = [
    ("Chủ tịch UBND thành phố Hà Nội", PEOPLES_COMMITTEE_NAME, "Chủ tịch", "head", ""),
    (
        "Phó Chủ tịch Thường trực UBND",
        PEOPLES_COMMITTEE_NAME,
        "Phó Chủ tịch Thường trực",
        "standing_deputy",
        None,
    ),
    ("Giám đốc Sở Thông tin", "Sở Thông tin và Truyền thông", "Giám đốc", "head", ""),
    (
        "Phó Giám đốc phụ trách Sở Thông tin",
        "Sở Thông tin và Truyền thông",
        "Phó Giám đốc",
        "deputy",
        "phụ trách Sở (không có Giám đốc)",
    ),
    ("Giám đốc Sở Nội vụ", "Sở Nội vụ", "Giám đốc", "head", ""),
    (
        "Phó Giám đốc phụ trách Sở Nội vụ",
        "Sở Nội vụ",
        "Phó Giám đốc",
        "deputy",
        "phụ trách Sở (không có Giám đốc)",
    ),
    ("Chánh Văn phòng UBND", "Văn phòng Ủy ban nhân dân thành phố", "Chánh Văn phòng", "head", ""),
]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def load_hanoi_office_holders(*, actor=LOAD_DEMO) -> dict:
    """Upsert the office holders (after load_hanoi_agencies); a second run changes nothing."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    counts: dict = {}
    sources = {
        source.key.removeprefix("hanoi-agencies:"): source
        for source in Source.objects.filter(key__startswith="hanoi-agencies:")
    }
    committee = hanoi_peoples_committee()
    for index, item in enumerate(data["office_holders"]):
        unit_name, title, rank, capacity = _position_for(item["position"])
        unit = Unit.objects.filter(external_id=agency_external_id(unit_name)).first()
        position = position_record(
            actor=actor, unit=unit or committee, title=title, rank=rank, counts=counts
        )
        person = person_record(actor=actor, full_name=item["person"], counts=counts)
        holding_record(
            actor=actor,
            external_id=f"hanoi-agencies:holder:{index}:{compact_key(item['person'])}",
            person=person,
            position=position,
            start=_date(item.get("from")),
            end=_date(item.get("to")),
            attested_on=_date(item.get("attested_on")),
            capacity=capacity if capacity is not None else _capacity_from(item["position"]),
            evidence=Evidence.STATED,
            source=sources[item["source"]],
            end_source=sources.get(item.get("to_source")),
            note=note_vi(item.get("note", "")),
            counts=counts,
        )
    if counts.get("created") or counts.get("updated"):
        record_change(
            actor=actor,
            action="load",
            target_type="people.holding",
            target_repr="hanoi-agencies.json",
            after=counts,
        )
    return counts


def _position_for(text: str) -> tuple[str, str, str, str | None]:
    # Longest prefix first, so "Phó Giám đốc phụ trách Sở Nội vụ" is not read as "Giám đốc".
    for prefix, unit_name, title, rank, capacity in sorted(
        POSITION_PATTERNS, key=lambda p: -len(p[0])
    ):
        if text.startswith(prefix):
            return unit_name, title, rank, capacity
    raise ValueError(f"Không nhận ra chức vụ: {text!r}")


def _capacity_from(text: str) -> str:
    """'Phó Chủ tịch Thường trực UBND, phụ trách điều hành UBND thành phố (not Chairman)'
    -> 'phụ trách điều hành UBND thành phố (không phải Chủ tịch)'."""
    _, _, rest = text.partition(",")
    return rest.strip().replace("(not Chairman)", "(không phải Chủ tịch)")
