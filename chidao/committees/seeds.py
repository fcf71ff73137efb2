"""Load the committees of the seed articles from data/register/hanoi-committees.toml.

The TOML holds only what the two articles state, each fact with its verbatim quote; this
module turns it into register rows. Loading twice changes nothing.
"""

import tomllib
from pathlib import Path

from django.conf import settings
from django.db import transaction

from chidao.audit.services import record_change
from chidao.committees import services
from chidao.core.upsert import upsert
from chidao.documents.models import DocumentRelation, LegalDocument, Source
from chidao.people.services import holding_attest, person_record, position_record
from chidao.units.hanoi_agencies import LOAD_DEMO, agency_external_id, hanoi_peoples_committee
from chidao.units.models import Evidence, Unit, UnitAttestation

REGISTER_FILE = Path(settings.DATA_DIR) / "register" / "hanoi-committees.toml"
SOURCES_DIR = Path(settings.DATA_DIR) / "sources"


def read_register_file(path: Path = REGISTER_FILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def source_text(entry: dict) -> str:
    return (SOURCES_DIR / entry["file"]).read_text(encoding="utf-8")


@transaction.atomic
def load_seed_committees(*, actor=LOAD_DEMO, path: Path = REGISTER_FILE) -> dict:
    data = read_register_file(path)
    counts: dict = {}
    sources = {
        entry["key"]: upsert(
            Source,
            {"key": entry["key"]},
            {
                "kind": entry["kind"],
                "title": entry["title"],
                "published_on": entry.get("published_on"),
                "publisher": entry.get("publisher", ""),
                "text": source_text(entry),
                "note": f"data/sources/{entry['file']}",
            },
            counts,
        )
        for entry in data["sources"]
    }
    peoples_committee = hanoi_peoples_committee()
    province = peoples_committee.province

    for entry in data["units"]:
        unit = upsert(
            Unit,
            {"external_id": agency_external_id(entry["name"])},
            {
                "name": entry["name"],
                "kind": entry["kind"],
                "parent": province,
                "province": province,
                "source": sources[entry["source"]],
            },
            counts,
        )
        upsert(
            UnitAttestation,
            {"unit": unit, "snapshot": str(sources[entry["source"]].published_on)},
            {
                "attested_on": sources[entry["source"]].published_on,
                "evidence": Evidence.ATTESTED,
                "source": sources[entry["source"]],
                "note": entry["quote"],
            },
            counts,
        )

    def unit_named(name: str) -> Unit:
        return Unit.objects.get(external_id=agency_external_id(name))

    def person_named(name: str):
        return person_record(actor=actor, full_name=name, counts=counts)

    def position_from(spec: dict):
        return position_record(
            actor=actor,
            unit=unit_named(spec["unit"]),
            title=spec["title"],
            rank=spec["rank"],
            portfolio=spec.get("portfolio", ""),
            counts=counts,
        )

    for entry in data["holdings"]:
        person = person_named(entry["person"])
        holding_attest(
            actor=actor,
            person=person,
            position=position_from(entry),
            attested_on=entry["attested_on"],
            source=sources[entry["source"]],
            note=entry["quote"],
            external_id=f"{entry['source']}:holding:{person.external_id}",
            counts=counts,
        )

    documents = {}
    for entry in data["documents"]:
        signer = person_named(entry["signer"]) if entry.get("signer") else None
        documents[entry["key"]] = upsert(
            LegalDocument,
            {"number": entry["number"], "issuer": unit_named(entry["issuer"])},
            {
                "doc_type": entry["type"],
                "date": entry.get("date"),
                "signer": signer,
                "signer_capacity": entry.get("signer_capacity", ""),
                "title": entry["title"],
                "source": sources[entry["source"]],
                "source_quote": entry["quote"],
                "note": entry.get("note", ""),
            },
            counts,
        )
    for entry in data["documents"]:
        for replaced in entry.get("replaces", []):
            upsert(
                DocumentRelation,
                {
                    "from_document": documents[entry["key"]],
                    "to_document": documents[replaced],
                    "kind": DocumentRelation.Kind.REPLACES,
                },
                {"source": sources[entry["source"]], "source_quote": entry["quote"]},
                counts,
            )

    committees = {
        entry["key"]: services.committee_record(
            actor=actor,
            external_id=f"seed-committee:{entry['key']}",
            name=entry["name"],
            short_name=entry.get("short_name", ""),
            issuing_body=unit_named(entry["issuing_body"]),
            source=sources[entry["source"]],
            note=entry.get("note", ""),
            counts=counts,
        )
        for entry in data["committees"]
    }
    for entry in data["lineage"]:
        services.committee_lineage_record(
            actor=actor,
            predecessor=committees[entry["predecessor"]],
            successor=committees[entry["successor"]],
            kind=entry["kind"],
            decision=documents[entry["decision"]],
            source=sources[entry["source"]],
            source_quote=entry["quote"],
            counts=counts,
        )

    for entry in data["versions"]:
        source = sources[entry["source"]]
        version = services.committee_version_record(
            actor=actor,
            external_id=f"seed-version:{entry['key']}",
            committee=committees[entry["committee"]],
            decision=documents[entry["decision"]],
            action=entry["action"],
            effective_from=entry["effective_from"],
            effective_from_basis=entry["effective_from_basis"],
            seats_recorded=entry.get("seats_recorded", True),
            regulation_issuer=entry.get("regulation_issuer", ""),
            regulation_quote=entry.get("regulation_quote", ""),
            working_group_name=entry.get("working_group_name", ""),
            working_group_seat=unit_named(entry["working_group_seat"])
            if entry.get("working_group_seat")
            else None,
            source=source,
            note=entry.get("note", ""),
            counts=counts,
        )
        for body, key in (("committee", "seats"), ("working_group", "working_group")):
            for order, seat in enumerate(entry.get(key, []), start=1):
                services.seat_record(
                    actor=actor,
                    version=version,
                    body=body,
                    order=order,
                    role=seat["role"],
                    person=person_named(seat["person"]) if seat.get("person") else None,
                    position=position_from(seat["position"]) if seat.get("position") else None,
                    rule=seat.get("rule", ""),
                    rule_parent=unit_named(seat["rule_parent"])
                    if seat.get("rule_parent")
                    else None,
                    label=seat.get("label", ""),
                    source=source,
                    source_quote=seat["quote"],
                    counts=counts,
                )
        for agency in entry.get("standing_agencies", []):
            services.standing_agency_record(
                actor=actor,
                version=version,
                domain=agency["domain"],
                unit=unit_named(agency["unit"]),
                source=source,
                source_quote=agency["quote"],
                counts=counts,
            )
        for order, duty in enumerate(entry.get("duties", []), start=1):
            services.duty_record(
                actor=actor,
                version=version,
                order=order,
                domain=duty["domain"],
                text=duty["text"],
                source=source,
                counts=counts,
            )
        for approval in entry.get("approvals", []):
            services.member_list_approval_record(
                actor=actor,
                version=version,
                list_kind=approval["list_kind"],
                proposed_by=unit_named(approval["proposed_by"])
                if approval.get("proposed_by")
                else None,
                approver=approval["approver"],
                source=source,
                source_quote=approval["quote"],
                counts=counts,
            )

    if counts.get("created") or counts.get("updated"):
        record_change(
            actor=actor,
            action="load",
            target_type="committees.committee",
            target_repr=REGISTER_FILE.name,
            after=counts,
        )
    return counts
