"""Writing a reviewed draft into the register, through the register's write services: the
document and its source, the committee (and its lineage), the version, its seats and the
holdings they name. `chidao.ingest.services.draft_commit` runs it in its transaction."""

import datetime as dt
import re
import uuid

from chidao.audit.services import record_change, snapshot
from chidao.committees import services as register
from chidao.committees.models import Committee, CommitteeLineage, CommitteeVersion, Seat
from chidao.core import policy
from chidao.core.text import compact_key, fold
from chidao.documents.models import DocumentRelation, LegalDocument, Source
from chidao.ingest import vocab
from chidao.ingest.changes import ChangesMixin
from chidao.ingest.changes import span_quote as _quote
from chidao.ingest.models import IngestDraft
from chidao.ingest.readers import IngestError
from chidao.people.models import Position
from chidao.people.services import holding_attest, person_record, position_record
from chidao.units.models import Unit

DOMAINS = {"all", "administrative_reform", "digital_transformation"}


def _clean_str(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(f"Giá trị “{value}” phải là chuỗi ký tự.", status=422)
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def effective_from(data: dict) -> tuple[dt.date | None, str]:
    if data["document"].get("date"):
        return dt.date.fromisoformat(data["document"]["date"]), "decision_date"
    if (data.get("source") or {}).get("date"):
        return dt.date.fromisoformat(data["source"]["date"]), "source_date"
    return None, ""


def _rank(title: str, portfolio: str | None) -> str:
    rank = vocab.TITLE_RANK.get(fold(title))
    if rank is None:
        rank = "deputy" if fold(title).startswith("pho ") else "head"
    if portfolio and rank == Position.Rank.DEPUTY:
        return Position.Rank.LEADER_IN_CHARGE
    return rank


def _unit_kind(name: str) -> str:
    key = fold(name)
    for prefix, kind in (
        ("uy ban nhan dan", Unit.Kind.PEOPLES_COMMITTEE),
        ("so ", Unit.Kind.DEPARTMENT),
        ("cong an", Unit.Kind.POLICE),
        ("bo tu lenh", Unit.Kind.MILITARY_COMMAND),
        ("bo chi huy", Unit.Kind.MILITARY_COMMAND),
        ("ban quan ly du an", Unit.Kind.PROJECT_BOARD),
        ("cuc ", Unit.Kind.CENTRAL_AGENCY),
        ("bao hiem xa hoi", Unit.Kind.CENTRAL_AGENCY),
        ("kho bac", Unit.Kind.CENTRAL_AGENCY),
        ("ban quan ly", Unit.Kind.ADMINISTRATIVE_ORGANISATION),
    ):
        if key.startswith(prefix):
            return kind
    return Unit.Kind.SPECIALISED_AGENCY


class _Writer(ChangesMixin):
    """One commit: every row it writes, in order, inside the caller's transaction. An amend
    or a dissolution writes through chidao.ingest.changes."""

    def __init__(self, actor, draft: IngestDraft, data: dict):
        self.actor = actor
        self.draft = draft
        self.data = data
        self.text = draft.text
        self.counts: dict = {}
        self.units: dict[str, Unit] = {}
        self.date, self.basis = effective_from(data)
        self.province = None

    def audit(self, obj, action="create"):
        record_change(actor=self.actor, action=action, target=obj, after=snapshot(obj))

    def person(self, name: str | None):
        if not name:
            return None
        return person_record(actor=self.actor, full_name=name, counts=self.counts)

    def write(self) -> tuple[LegalDocument, CommitteeVersion | None]:
        """The document and the version written (None for a dissolution, which ends the
        committees in self.ended instead)."""
        data = self.data
        self.source = self._source()
        self.issuer = self.unit(
            data["document"].get("issuer"), (data["document"].get("match") or {}).get("issuer")
        )
        if self.issuer is not None:
            self.province = self.issuer.province
        document = self._document()
        self.ended: list[Committee] = []
        if data["action"] == "dissolve":
            self.ended = self.dissolve(document)
            return document, None
        self._replaced(document)
        if data["action"] == "amend":
            version = self.amend(document)
        else:
            committee = self._committee(document)
            version = self._version(committee, document)
        self._seats(version)
        self._agencies(version)
        self._duties(version)
        return document, version

    def _source(self) -> Source:
        data = self.data
        kind = (data.get("source") or {}).get("kind") or Source.Kind.ARTICLE
        if kind not in (Source.Kind.ARTICLE, Source.Kind.LEGAL_DOCUMENT):
            kind = Source.Kind.ARTICLE
        first_line = next(
            (
                line.strip()
                for line in self.text.splitlines()
                if line.strip() and not line.lstrip().startswith("#")
            ),
            "",
        )
        title = data["document"].get("title") if kind == Source.Kind.LEGAL_DOCUMENT else None
        source = Source.objects.create(
            key=f"ingest:{self.draft.pk}:{uuid.uuid4().hex[:8]}",
            kind=kind,
            title=(title or first_line or f"Văn bản nhập #{self.draft.pk}")[:500],
            published_on=(
                dt.date.fromisoformat(data["source"]["date"])
                if (data.get("source") or {}).get("date")
                else (
                    dt.date.fromisoformat(data["document"]["date"])
                    if data["document"].get("date")
                    else None
                )
            ),
            text=self.text,
            url=(_clean_str((data.get("source") or {}).get("url")) or "")[:500],
            publisher=(_clean_str((data.get("source") or {}).get("publisher")) or "")[:200],
            note=(
                f"Nhập qua chidao (bản nháp #{self.draft.pk})"
                + (f", tệp gốc {self.draft.original_name}" if self.draft.original_name else "")
                + (f", lưu tại {self.draft.storage_name}" if self.draft.storage_name else "")
                + "."
            ),
        )
        self.audit(source)
        return source

    def unit(self, name: str | None, match: dict | None) -> Unit | None:
        """The register's unit, or a new one (proposed as new by matching)."""
        if not name:
            return None
        if match and match.get("id") and match.get("status") in ("matched", "not_valid_on_date"):
            unit = Unit.objects.filter(pk=match["id"]).first()
            if unit is not None:
                return unit
        key = fold(name)
        if key in self.units:
            return self.units[key]
        external_id = f"ingest:{compact_key(name)}"
        unit = Unit.objects.filter(external_id=external_id).first()
        if unit is None:
            issuer = getattr(self, "issuer", None)
            kind = _unit_kind(name)
            unit = Unit(
                external_id=external_id,
                name=name[:255],
                kind=kind,
                parent=issuer if kind != Unit.Kind.PEOPLES_COMMITTEE else None,
                province=self.province,
                source=self.source,
            )
            unit.save()
            self.audit(unit)
            self.counts["units"] = self.counts.get("units", 0) + 1
        self.units[key] = unit
        return unit

    def _document(self) -> LegalDocument:
        doc = self.data["document"]
        number = doc["number"]
        signer = self.person(doc.get("signer"))
        existing = LegalDocument.objects.filter(number_key=fold(number), issuer=self.issuer).first()
        if existing is not None and existing.committee_versions.exists():
            raise IngestError(
                f"Quyết định {number} đã có trong sổ đăng ký (mã {existing.pk}): không ghi lại.",
                status=409,
            )
        date = dt.date.fromisoformat(doc["date"]) if doc.get("date") else None
        quote = _quote(self.text, doc.get("spans"), "number")
        title = doc.get("title") or self._title()
        if existing is not None:
            existing.date = existing.date or date
            existing.signer = existing.signer or signer
            existing.signer_capacity = existing.signer_capacity or (
                doc.get("signer_capacity") or ""
            )
            existing.save()
            self.audit(existing, "update")
            return existing
        document = LegalDocument.objects.create(
            number=number,
            doc_type=LegalDocument.Type.DECISION,
            date=date,
            issuer=self.issuer,
            signer=signer,
            signer_capacity=(doc.get("signer_capacity") or "")[:200],
            title=title[:500],
            source=self.source,
            source_quote=quote,
            note="" if date else "Nguồn không nêu ngày ký.",
        )
        self.audit(document)
        return document

    def _title(self) -> str:
        verbs = {"establish": "Thành lập", "reconstitute": "Kiện toàn", "replace": "Kiện toàn"}
        return f"{verbs.get(self.data['action'], 'Về')} {self.data['committee']['name']}"

    def _replaced(self, document: LegalDocument) -> None:
        for entry in self.data["replaces"]:
            number = entry["number"]
            query = LegalDocument.objects.filter(number_key=fold(number))
            if self.issuer is not None:
                query = query.filter(issuer=self.issuer)
            replaced = query.exclude(pk=document.pk).first()
            if replaced is None:
                replaced = LegalDocument.objects.create(
                    number=number,
                    doc_type=LegalDocument.Type.DECISION,
                    date=dt.date.fromisoformat(entry["date"]) if entry.get("date") else None,
                    issuer=self.issuer,
                    title=f"Quyết định {number}",
                    source=self.source,
                    source_quote=_quote(self.text, entry.get("spans"), "number"),
                    note="Chỉ biết qua văn bản thay thế nó: số và ngày.",
                )
                self.audit(replaced)
            relation, created = DocumentRelation.objects.get_or_create(
                from_document=document,
                to_document=replaced,
                kind=DocumentRelation.Kind.REPLACES,
                defaults={
                    "source": self.source,
                    "source_quote": _quote(self.text, entry.get("spans"), "number"),
                },
            )
            if created:
                self.audit(relation)

    def _committee(self, document: LegalDocument) -> Committee:
        info = self.data["committee"]
        match = (info.get("match") or {}).get("name") or {}
        committee = (
            Committee.objects.filter(pk=match.get("id")).first() if match.get("id") else None
        )
        if committee is None:
            committee = Committee.objects.filter(name_key=fold(info["name"])).first()
        if committee is not None and not policy.manages_committee(self.actor, committee.pk):
            # A new version of a committee is its standing agency's act, as on every other
            # change to it; a committee not yet in the register may be recorded by any editor.
            raise IngestError(
                "Ban Chỉ đạo này đã có trong sổ và do cơ quan thường trực khác quản lý: "
                "chỉ cán bộ của cơ quan đó hoặc quản trị viên được ghi văn bản này vào sổ.",
                status=403,
            )
        if committee is None:
            committee = register.committee_record(
                actor=self.actor,
                external_id=f"ingest-committee:{self.draft.pk}",
                name=info["name"],
                issuing_body=self.issuer,
                source=self.source,
            )
        if info.get("predecessor") and fold(info["predecessor"]) != fold(info["name"]):
            pred_match = (info.get("match") or {}).get("predecessor") or {}
            predecessor = (
                Committee.objects.filter(pk=pred_match.get("id")).first()
                if pred_match.get("id")
                else Committee.objects.filter(name_key=fold(info["predecessor"])).first()
            )
            if predecessor is None:
                predecessor = register.committee_record(
                    actor=self.actor,
                    external_id=f"ingest-committee:{self.draft.pk}:predecessor",
                    name=info["predecessor"],
                    issuing_body=self.issuer,
                    source=self.source,
                    note="Chỉ biết qua quyết định kiện toàn thành Ban kế thừa.",
                )
            if not CommitteeLineage.objects.filter(
                predecessor=predecessor, successor=committee
            ).exists():
                register.committee_lineage_record(
                    actor=self.actor,
                    predecessor=predecessor,
                    successor=committee,
                    kind=info.get("predecessor_kind") or CommitteeLineage.Kind.RECONSTITUTED_FROM,
                    decision=document,
                    source=self.source,
                    source_quote=_quote(self.text, info.get("spans"), "predecessor"),
                )
        return committee

    def _version(self, committee: Committee, document: LegalDocument) -> CommitteeVersion:
        wg = self.data["working_group"]
        regulation = self.data.get("regulation") or {}
        seated = self.unit(wg.get("seated_at"), (wg.get("match") or {}).get("seated_at"))
        return register.committee_version_record(
            actor=self.actor,
            committee=committee,
            decision=document,
            action=self.data["action"],
            effective_from=self.date,
            effective_from_basis=self.basis,
            regulation_issuer=regulation.get("issuer") or "",
            regulation_quote=regulation.get("quote") or "",
            working_group_name=wg.get("name") or "",
            working_group_seat=seated,
            source=self.source,
            external_id=f"ingest-version:{self.draft.pk}",
            note=self.date_note(),
        )

    def date_note(self) -> str:
        if self.basis != "source_date":
            return ""
        return (
            f"Ngày áp dụng lấy theo ngày của nguồn ({self.date:%d/%m/%Y}) vì nguồn không nêu "
            "ngày ký quyết định."
        )

    def _seats(self, version: CommitteeVersion) -> None:
        """The draft's seats; an amend's come after the seats it carried over."""
        for body, seats in (
            (Seat.Body.COMMITTEE, self.data["seats"]),
            (Seat.Body.WORKING_GROUP, self.data["working_group"]["seats"]),
        ):
            carried = version.seats.filter(body=body).count()
            for order, entry in enumerate(seats, start=carried + 1):
                match = entry.get("match") or {}
                person = self.person(entry.get("person"))
                unit = self.unit(entry.get("unit"), match.get("unit"))
                position = None
                if unit is not None and entry.get("position"):
                    position = position_record(
                        actor=self.actor,
                        unit=unit,
                        title=entry["position"],
                        rank=_rank(entry["position"], entry.get("portfolio")),
                        portfolio=entry.get("portfolio") or "",
                        counts=self.counts,
                    )
                rule_parent = None
                if entry.get("rule"):
                    rule_parent = (
                        self.unit(entry.get("rule_parent"), match.get("rule_parent")) or self.issuer
                    )
                quote = (
                    _quote(self.text, entry.get("spans"))
                    or entry.get("label")
                    or " ".join(
                        v
                        for v in (entry.get("position"), entry.get("unit"), entry.get("person"))
                        if v
                    )
                    or (Seat.Rule(entry["rule"]).label if entry.get("rule") else "")
                )
                register.seat_record(
                    actor=self.actor,
                    version=version,
                    body=body,
                    order=order,
                    role=entry["role"],
                    person=person,
                    position=position,
                    rule=entry.get("rule") or "",
                    rule_parent=rule_parent,
                    label=(entry.get("label") or "") if entry.get("rule") else "",
                    source=self.source,
                    source_quote=quote,
                )
                if person is not None and position is not None:
                    holding_attest(
                        actor=self.actor,
                        person=person,
                        position=position,
                        attested_on=self.date,
                        source=self.source,
                        note=quote,
                        counts=self.counts,
                    )

    def _agencies(self, version: CommitteeVersion) -> None:
        for entry in self.data["standing_agencies"]:
            unit = self.unit(entry["unit"], (entry.get("match") or {}).get("unit"))
            register.standing_agency_record(
                actor=self.actor,
                version=version,
                domain=entry["domain"],
                unit=unit,
                source=self.source,
                source_quote=entry.get("quote")
                or _quote(self.text, entry.get("spans"), "quote")
                or unit.name,
            )

    def _duties(self, version: CommitteeVersion) -> None:
        for order, entry in enumerate(self.data.get("duties") or [], start=1):
            text = _clean_str(entry.get("text"))
            if not text:
                continue
            register.duty_record(
                actor=self.actor,
                version=version,
                order=order,
                domain=entry.get("domain") if entry.get("domain") in DOMAINS else "all",
                text=text,
                source=self.source,
            )
