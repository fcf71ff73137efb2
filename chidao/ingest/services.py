"""Reading a decision into a draft, correcting it, and committing it to the register.

`draft_create` and `draft_update` write only the IngestDraft (and the uploaded file); the
register is untouched until `draft_commit`, which writes the source, the decision (and the
decisions it replaces), the committee (or finds it), its lineage, the new committee version
with its seats, standing agencies and duties, in one transaction, audited. A refusal is an
IngestError whose `status` is the HTTP answer.
"""

import copy
import datetime as dt
import hashlib
import re
import uuid

from django.db import transaction
from django.utils import timezone

from chidao.audit.services import record_change, snapshot
from chidao.committees import services as register
from chidao.committees.models import Committee, CommitteeLineage, CommitteeVersion, Seat
from chidao.core import policy
from chidao.core.dates import parse_iso_date
from chidao.core.errors import ActionRefused
from chidao.core.text import compact_key, fold
from chidao.documents.models import DocumentRelation, LegalDocument, Source
from chidao.ingest import vocab
from chidao.ingest.matching import apply_matching
from chidao.ingest.models import IngestDraft
from chidao.ingest.reader import extract
from chidao.ingest.readers import EXTENSIONS, TXT, IngestError, check_text, read_upload
from chidao.people.models import Position
from chidao.people.services import holding_attest, person_record, position_record
from chidao.storage import files
from chidao.units.models import Unit

COMMITTEE_ROLES = {"head", "standing_deputy_head", "deputy_head", "member"}
WORKING_GROUP_ROLES = {"leader", "deputy_leader", "member"}
ACTIONS = {"establish", "reconstitute", "replace", "amend", "dissolve"}
# Acts the register cannot take from a draft yet: an amend changes only some seats and a
# dissolution ends a committee; writing them as a new version would drop the other seats.
NOT_YET_COMMITTABLE = {"amend", "dissolve"}
DOMAINS = {"all", "administrative_reform", "digital_transformation"}
RULES = {choice.value for choice in Seat.Rule}
# Source files of drafts, in the file store (chidao.storage.files).
UPLOAD_FOLDER = "ingest"
NO_COMMITTEE = (
    "Không tìm thấy Ban Chỉ đạo nào trong văn bản (không có tên Ban, không có thành viên): "
    "chidao chỉ đọc quyết định thành lập, kiện toàn Ban Chỉ đạo hoặc bài báo về quyết định đó. "
    "Không có gì được lưu."
)
NOT_A_DECISION = (
    "Văn bản này không phải quyết định về một Ban Chỉ đạo (tin về cuộc họp, hội nghị, kế hoạch "
    "hay chương trình): chidao không đọc được thành phần nào từ đó. Không có gì được lưu."
)


def refusal(draft: dict) -> str:
    """Why a draft with no committee is refused."""
    return NOT_A_DECISION if draft.get("not_a_decision") else NO_COMMITTEE


def can_ingest(user) -> bool:
    return policy.edits_register(user)


def _require_editor(actor) -> None:
    if not can_ingest(actor):
        raise IngestError(
            "Chỉ cán bộ cơ quan thường trực hoặc quản trị viên được nhập văn bản vào sổ đăng ký.",
            status=403,
        )


# ---------------------------------------------------------------- reading


def register_unit_names() -> list[str]:
    return list(Unit.objects.filter(kind=Unit.Kind.DEPARTMENT).values_list("name", flat=True))


def read_draft(text: str) -> dict:
    """Extraction, then matching against the register; the contract's keys come first."""
    draft = extract(text, extra_units=register_unit_names())
    apply_matching(draft)
    return ordered(draft)


def ordered(draft: dict) -> dict:
    keys = [
        "document",
        "action",
        "replaces",
        "committee",
        "seats",
        "standing_agencies",
        "working_group",
    ]
    out = {key: draft.get(key) for key in keys}
    out.update({k: v for k, v in draft.items() if k not in out})
    return out


def has_committee(draft: dict) -> bool:
    return bool(
        (draft.get("committee") or {}).get("name")
        or draft.get("seats")
        or (draft.get("working_group") or {}).get("seats")
    )


def read_input(*, text: str | None = None, file=None) -> tuple[str, dict]:
    """(text, file info) from pasted text or an upload; refusals as IngestError."""
    info: dict = {}
    if file is not None:
        text, kind, content = read_upload(file)
        info = {
            "name": getattr(file, "name", "") or "",
            "content_type": kind,
            "content": content,
        }
    elif text is not None:
        text = check_text(text)
        info = {"content_type": TXT}
    else:
        raise IngestError("Hãy dán nội dung văn bản hoặc chọn một tệp.", status=400)
    return text, info


def draft_create(*, actor, text: str | None = None, file=None) -> IngestDraft:
    """Reads the text or file into a draft. Refused (nothing saved) when the input is empty,
    too large, unreadable, not Vietnamese, or names no committee."""
    _require_editor(actor)
    text, info = read_input(text=text, file=file)
    draft_data = read_draft(text)
    if not has_committee(draft_data):
        raise IngestError(refusal(draft_data), status=422)
    storage_name = sha = ""
    content = info.get("content")
    with files.atomic():  # a rollback deletes the stored source file too
        if content is not None:
            storage_name = files.save(
                content, folder=UPLOAD_FOLDER, extension=EXTENSIONS.get(info["content_type"], "bin")
            )
            sha = hashlib.sha256(content).hexdigest()
        draft = IngestDraft.objects.create(
            uploaded_by=actor,
            text=text,
            original_name=info.get("name", "")[:255],
            content_type=info.get("content_type", ""),
            storage_name=storage_name,
            sha256=sha,
            extracted=draft_data,
        )
        record_change(
            actor=actor,
            action="ingest_draft",
            target=draft,
            after={"document": draft_data["document"].get("number"), "file": storage_name},
        )
    return draft


# ---------------------------------------------------------------- correcting


def draft_update(*, actor, draft: IngestDraft, corrected: dict) -> IngestDraft:
    """Stores the reviewer's corrections (validated, matched again)."""
    _require_editor(actor)
    if draft.state != IngestDraft.State.DRAFT:
        raise IngestError("Bản nháp này đã được ghi vào sổ hoặc đã hủy.", status=409)
    merged = normalize_corrected(draft, corrected)
    with transaction.atomic():
        draft.corrected = merged
        draft.save(update_fields=["corrected", "updated_at"])
        record_change(actor=actor, action="ingest_correct", target=draft, after={"corrected": True})
    return draft


def draft_discard(*, actor, draft: IngestDraft) -> IngestDraft:
    _require_editor(actor)
    if draft.state != IngestDraft.State.DRAFT:
        raise IngestError("Bản nháp này đã được ghi vào sổ hoặc đã hủy.", status=409)
    with transaction.atomic():
        draft.state = IngestDraft.State.DISCARDED
        draft.save(update_fields=["state", "updated_at"])
        record_change(actor=actor, action="ingest_discard", target=draft)
    return draft


def normalize_corrected(draft: IngestDraft, corrected: dict) -> dict:
    """The corrected draft: the reviewer's values over the current draft, checked and matched
    again. Extra keys of the draft (spans, duties, source …) are kept unless replaced."""
    if not isinstance(corrected, dict):
        raise IngestError("Bản sửa phải là một đối tượng JSON.", status=422)
    base = copy.deepcopy(draft.current)
    for key in ("action", "replaces", "seats", "standing_agencies", "duties", "regulation"):
        if key in corrected:
            base[key] = corrected[key]
    for key in ("document", "committee", "source"):
        if isinstance(corrected.get(key), dict):
            base[key] = {**(base.get(key) or {}), **corrected[key]}
    if isinstance(corrected.get("working_group"), dict):
        base["working_group"] = {**(base.get("working_group") or {}), **corrected["working_group"]}
    validate(base)
    apply_matching(base)
    return ordered(base)


def _clean_str(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(f"Giá trị “{value}” phải là chuỗi ký tự.", status=422)
    value = re.sub(r"\s+", " ", value).strip()
    return value or None


def _check_date(value, what: str) -> str | None:
    value = _clean_str(value)
    if value is None:
        return None
    try:
        return parse_iso_date(value).isoformat()
    except ValueError as exc:
        raise IngestError(
            f"{what}: “{value}” không phải ngày dạng dd/mm/yyyy.", status=422
        ) from exc


def validate(data: dict) -> None:
    """Checks the draft's shape and values in place (strings trimmed, empty -> None)."""
    document = data.setdefault("document", {}) or {}
    for key in ("number", "issuer", "signer", "signer_capacity", "title"):
        if key in document:
            document[key] = _clean_str(document[key])
    document["date"] = _check_date(document.get("date"), "Ngày quyết định")
    source = data.setdefault("source", {}) or {}
    source["date"] = _check_date(source.get("date"), "Ngày của nguồn")
    action = data.get("action")
    if action is not None and action not in ACTIONS:
        raise IngestError(
            f"Hành động “{action}” không hợp lệ: establish, reconstitute, replace, amend hoặc "
            "dissolve.",
            status=422,
        )
    replaces = data.get("replaces") or []
    if not isinstance(replaces, list):
        raise IngestError("replaces phải là một danh sách.", status=422)
    data["replaces"] = [
        {
            **r,
            "number": _clean_str(r.get("number")),
            "date": _check_date(r.get("date"), "Ngày quyết định bị thay thế"),
        }
        for r in replaces
        if isinstance(r, dict) and _clean_str(r.get("number"))
    ]
    committee = data.setdefault("committee", {}) or {}
    committee["name"] = _clean_str(committee.get("name"))
    committee["predecessor"] = _clean_str(committee.get("predecessor"))
    wg = data.setdefault("working_group", {}) or {}
    for body, seats, roles in (
        ("committee", data.setdefault("seats", []) or [], COMMITTEE_ROLES),
        ("working_group", wg.setdefault("seats", []) or [], WORKING_GROUP_ROLES),
    ):
        if not isinstance(seats, list):
            raise IngestError("seats phải là một danh sách.", status=422)
        for seat in seats:
            if not isinstance(seat, dict):
                raise IngestError("Mỗi ghế phải là một đối tượng.", status=422)
            for key in ("person", "position", "unit", "rule", "portfolio", "label"):
                seat[key] = _clean_str(seat.get(key))
            if seat.get("role") not in roles:
                names = ", ".join(sorted(roles))
                where = "Ban Chỉ đạo" if body == "committee" else "Tổ công tác"
                raise IngestError(
                    f"Vai trò “{seat.get('role')}” không hợp lệ trong {where}: {names}.",
                    status=422,
                )
            if seat.get("rule") and seat["rule"] not in RULES:
                raise IngestError(f"Quy tắc “{seat['rule']}” không được hỗ trợ.", status=422)
    agencies = data.setdefault("standing_agencies", []) or []
    for agency in agencies:
        agency["unit"] = _clean_str(agency.get("unit"))
        if agency.get("domain") not in DOMAINS:
            raise IngestError(
                f"Lĩnh vực “{agency.get('domain')}” không hợp lệ: all, administrative_reform "
                "hoặc digital_transformation.",
                status=422,
            )
    data["standing_agencies"] = [a for a in agencies if a.get("unit")]
    for duty in data.get("duties") or []:
        if duty.get("domain") not in DOMAINS:
            duty["domain"] = "all"


# ---------------------------------------------------------------- committing


def draft_commit(
    *, actor, draft: IngestDraft, corrected: dict | None = None
) -> tuple[LegalDocument, CommitteeVersion]:
    """Writes the reviewed draft to the register in one transaction (all or nothing)."""
    _require_editor(actor)
    _require_draft_state(draft)
    data = normalize_corrected(draft, corrected) if corrected else copy.deepcopy(draft.current)
    validate(data)
    apply_matching(data)
    _check_committable(data)
    with transaction.atomic():
        # Two simultaneous commits of one draft: the second waits for the first's lock, then
        # finds the draft committed and is refused (409) instead of writing it twice.
        draft.state = (
            IngestDraft.objects.select_for_update().values_list("state", flat=True).get(pk=draft.pk)
        )
        _require_draft_state(draft)
        writer = _Writer(actor, draft, data)
        try:
            document, version = writer.write()
        except IngestError:
            raise
        except ActionRefused as exc:  # a register service refused: same answer, same status
            raise IngestError(str(exc), status=exc.status) from exc
        draft.state = IngestDraft.State.COMMITTED
        draft.corrected = ordered(data) if corrected or draft.corrected else draft.corrected
        draft.decision = document
        draft.version = version
        draft.committed_by = actor
        draft.committed_at = timezone.now()
        draft.save()
        record_change(
            actor=actor,
            action="ingest_commit",
            target=draft,
            after={"decision": document.pk, "version": version.pk, "counts": writer.counts},
        )
    return document, version


def _require_draft_state(draft: IngestDraft) -> None:
    if draft.state != IngestDraft.State.DRAFT:
        raise IngestError("Bản nháp này đã được ghi vào sổ hoặc đã hủy.", status=409)


def effective_from(data: dict) -> tuple[dt.date | None, str]:
    if data["document"].get("date"):
        return dt.date.fromisoformat(data["document"]["date"]), "decision_date"
    if (data.get("source") or {}).get("date"):
        return dt.date.fromisoformat(data["source"]["date"]), "source_date"
    return None, ""


def _check_committable(data: dict) -> None:
    problems = []
    if not data["committee"].get("name"):
        problems.append("thiếu tên Ban Chỉ đạo")
    if not data["document"].get("number"):
        problems.append("thiếu số quyết định")
    if not data.get("action"):
        problems.append("chưa rõ hành động (thành lập, kiện toàn hay thay thế)")
    if effective_from(data)[0] is None:
        problems.append("thiếu ngày quyết định (hoặc ngày của nguồn)")
    if data.get("action") in NOT_YET_COMMITTABLE:
        problems.append(
            "quyết định bổ sung, thay thế thành viên hoặc giải thể Ban chưa ghi được từ bản nháp "
            "(ghi như một phiên bản mới sẽ bỏ các ghế khác); hãy cập nhật sổ đăng ký trực tiếp"
        )
    for label, seats in (
        ("Ban Chỉ đạo", data["seats"]),
        ("Tổ công tác", data["working_group"]["seats"]),
    ):
        for n, seat in enumerate(seats, start=1):
            if seat.get("rule"):
                continue
            if not seat.get("person") and not (seat.get("position") and seat.get("unit")):
                problems.append(f"ghế {n} của {label}: cần tên người, hoặc chức vụ và đơn vị")
    domains = [a["domain"] for a in data["standing_agencies"]]
    if len(domains) != len(set(domains)):
        problems.append("mỗi lĩnh vực chỉ có một cơ quan thường trực")
    if problems:
        raise IngestError("Chưa ghi được vào sổ: " + "; ".join(problems) + ".", status=422)


def _quote(text: str, spans: dict | None, key: str = "seat") -> str:
    span = (spans or {}).get(key)
    if span and isinstance(span, list | tuple) and len(span) == 2:
        start, end = int(span[0]), int(span[1])
        if 0 <= start < end <= len(text):
            return text[start:end]
    return ""


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


class _Writer:
    """One commit: every row it writes, in order, inside the caller's transaction."""

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

    def write(self) -> tuple[LegalDocument, CommitteeVersion]:
        data = self.data
        self.source = self._source()
        self.issuer = self.unit(
            data["document"].get("issuer"), (data["document"].get("match") or {}).get("issuer")
        )
        if self.issuer is not None:
            self.province = self.issuer.province
        document = self._document()
        self._replaced(document)
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
        note = ""
        if self.basis == "source_date":
            note = (
                f"Ngày áp dụng lấy theo ngày của nguồn ({self.date:%d/%m/%Y}) vì nguồn không nêu "
                "ngày ký quyết định."
            )
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
            note=note,
        )

    def _seats(self, version: CommitteeVersion) -> None:
        for body, seats in (
            (Seat.Body.COMMITTEE, self.data["seats"]),
            (Seat.Body.WORKING_GROUP, self.data["working_group"]["seats"]),
        ):
            for order, entry in enumerate(seats, start=1):
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


def draft_payload(draft: IngestDraft) -> dict:
    """The draft as the API and the CLI give it: the contract's keys first, then the rest."""
    data = ordered(copy.deepcopy(draft.current))
    return {
        "id": draft.pk,
        "state": draft.state,
        **data,
        "decision_id": draft.decision_id,
        "version_id": draft.version_id,
    }


def commit_payload(document: LegalDocument, version: CommitteeVersion) -> dict:
    return {
        "decision": {"id": document.pk, "number": document.number},
        "committee": {"id": version.committee_id, "name": version.committee.name},
        "version": {
            "id": version.pk,
            "effective_from": version.effective_from.isoformat(),
            "effective_from_basis": version.effective_from_basis,
        },
        "effective_from": version.effective_from.isoformat(),
    }
