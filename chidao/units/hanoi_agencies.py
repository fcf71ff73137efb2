"""Load Hanoi's specialised agencies and their 2025 mergers.

From data/sources/hanoi-agencies.json (researched from news and legal pages; see the .md
beside it). Every unit and event keeps the source it came from and, for agencies, the
evidence level per snapshot (attested, attested near the date, inferred). The office
holders of the same file are loaded by chidao.people.hanoi_office_holders.
"""

import datetime as dt
import functools
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from chidao.audit.services import record_change
from chidao.core import policy
from chidao.core.text import compact_key
from chidao.core.upsert import set_m2m, upsert
from chidao.documents.models import Source
from chidao.units.models import Evidence, Unit, UnitAttestation, UnitEvent

DATA_FILE = Path(settings.DATA_DIR) / "sources" / "hanoi-agencies.json"
# The research notes of DATA_FILE are written in English; the register keeps them in
# Vietnamese, translated in this file (original note → Vietnamese note).
NOTES_VI_FILE = Path(settings.DATA_DIR) / "sources" / "hanoi-agencies.notes-vi.json"
HANOI_PROVINCE_ID = "vn-admin:province:01"
DATASET_SOURCE_KEY = "dataset:hanoi-agencies"
SOURCE_KEY_PREFIX = "hanoi-agencies:"  # + the file's source id (s1, s2, …)
PEOPLES_COMMITTEE_NAME = "Ủy ban nhân dân thành phố Hà Nội"
MERGER_EFFECTIVE = dt.date(2025, 3, 1)
DAY = dt.timedelta(days=1)


def agency_external_id(name: str) -> str:
    return f"hanoi-agency:{compact_key(name)}"


def agency_kind(name: str) -> str:
    if name.startswith("Sở "):
        return Unit.Kind.DEPARTMENT
    if name.startswith("Ban Quản lý"):
        return Unit.Kind.ADMINISTRATIVE_ORGANISATION
    return Unit.Kind.SPECIALISED_AGENCY


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@functools.cache
def _notes_vi() -> dict[str, str]:
    return json.loads(NOTES_VI_FILE.read_text(encoding="utf-8"))


def note_vi(note: str) -> str:
    """A research note of DATA_FILE as the register keeps it: in Vietnamese (a note already
    written in Vietnamese is its own translation)."""
    return _notes_vi().get(note, note) if note else ""


def hanoi_peoples_committee() -> Unit:
    return Unit.objects.get(external_id=agency_external_id(PEOPLES_COMMITTEE_NAME))


LOAD_DEMO = policy.SystemActor("chidao load-demo")


@transaction.atomic
def load_hanoi_agencies(*, actor=LOAD_DEMO) -> dict:
    """Upsert Hanoi's agencies and mergers; a second run changes nothing."""
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    counts: dict = {}
    province = Unit.objects.get(external_id=HANOI_PROVINCE_ID)

    dataset = upsert(
        Source,
        {"key": DATASET_SOURCE_KEY},
        {
            "kind": Source.Kind.DATASET,
            "title": (
                "Ủy ban nhân dân thành phố Hà Nội: cơ quan chuyên môn (2019, 2023, 2025) "
                "và người giữ chức vụ"
            ),
            "note": note_vi(data["schema_note"]),
        },
        counts,
    )
    sources = {
        item["id"]: upsert(
            Source,
            {"key": f"{SOURCE_KEY_PREFIX}{item['id']}"},
            {
                "kind": Source.Kind.ARTICLE,
                "title": item["title"],
                "url": item["url"],
                "published_on": _date(item.get("date")),
                "publisher": item.get("publisher") or "",
                "note": "; ".join(
                    part
                    for part in (
                        "Tiêu đề dựng lại từ địa chỉ trang." if item.get("title_from_url") else "",
                        note_vi(item.get("note", "")),
                    )
                    if part
                ),
            },
            counts,
        )
        for item in data["sources"]
    }

    committee = upsert(
        Unit,
        {"external_id": agency_external_id(PEOPLES_COMMITTEE_NAME)},
        {
            "name": PEOPLES_COMMITTEE_NAME,
            "short_name": "UBND thành phố",
            "kind": Unit.Kind.PEOPLES_COMMITTEE,
            "parent": province,
            "province": province,
            "source": dataset,
        },
        counts,
    )

    merged_away = {name for m in data["mergers_2025"] for name in m["from"] if name != m["into"]}
    before_2025 = {a["name"] for key in ("agencies_2019", "agencies_2023") for a in data[key]}
    before_2025 |= {b["name"] for b in data["other_bodies"]["before_2025"]}
    after_2025 = {a["name"] for a in data["agencies_2025"]}
    after_2025 |= {b["name"] for b in data["other_bodies"]["after_2025"]}

    units: dict[str, Unit] = {}
    for name in sorted(before_2025 | after_2025):
        first_source = _first_source(data, name)
        units[name] = upsert(
            Unit,
            {"external_id": agency_external_id(name)},
            {
                "name": name,
                "kind": agency_kind(name),
                "parent": committee,
                "province": province,
                "valid_from": MERGER_EFFECTIVE if name not in before_2025 else None,
                "valid_to": MERGER_EFFECTIVE - DAY
                if name in merged_away or name not in after_2025
                else None,
                "source": sources[first_source] if first_source else dataset,
            },
            counts,
        )

    for snapshot, key in (
        ("2019", "agencies_2019"),
        ("2023", "agencies_2023"),
        ("2025", "agencies_2025"),
    ):
        for item in data[key]:
            attestation = upsert(
                UnitAttestation,
                {"unit": units[item["name"]], "snapshot": snapshot},
                {
                    "attested_on": _date(item.get("attested_on")),
                    "evidence": item["evidence"],
                    "source": sources[item["source"]],
                    "note": note_vi(item.get("note", "")),
                },
                counts,
            )
            set_m2m(
                attestation.other_sources,
                [sources[s] for s in item.get("other_sources", [])],
                counts,
            )
    for snapshot, key in (("2024", "before_2025"), ("2025", "after_2025")):
        for item in data["other_bodies"][key]:
            upsert(
                UnitAttestation,
                {"unit": units[item["name"]], "snapshot": snapshot},
                {"evidence": Evidence.ATTESTED_NEAR, "source": sources[item["source"]]},
                counts,
            )

    for merger in data["mergers_2025"]:
        into = units[merger["into"]]
        note = merger.get("note", "")
        kind = UnitEvent.Kind.ESTABLISHED if "thành lập" in note else UnitEvent.Kind.MERGED
        event = upsert(
            UnitEvent,
            {"external_id": f"hanoi-agencies:merger:{compact_key(merger['into'])}"},
            {
                "kind": kind,
                "effective_date": _date(merger["effective"]),
                "legal_basis": merger["basis"],
                "source": sources[merger["source"]],
                "note": note_vi(note),
            },
            counts,
        )
        set_m2m(event.predecessors, [units[name] for name in merger["from"]], counts)
        set_m2m(event.successors, [into], counts)

    if counts.get("created") or counts.get("updated"):
        record_change(
            actor=actor,
            action="load",
            target_type="units.unit",
            target_repr="hanoi-agencies.json",
            after=counts,
        )
    return counts


def _first_source(data: dict, name: str) -> str | None:
    for key in ("agencies_2019", "agencies_2023", "agencies_2025"):
        for item in data[key]:
            if item["name"] == name:
                return item["source"]
    for key in ("before_2025", "after_2025"):
        for item in data["other_bodies"][key]:
            if item["name"] == name:
                return item["source"]
    return None
