"""Reading a decision into a draft, correcting it, and committing it to the register.

`draft_create` and `draft_update` write only the IngestDraft (and the uploaded file); the
register is untouched until `draft_commit`, which writes the source, the decision (and the
decisions it replaces), the committee (or finds it), its lineage, the new committee version
with its seats, standing agencies and duties, in one transaction, audited. A refusal is an
IngestError whose `status` is the HTTP answer.
"""

import copy
import hashlib
import re

from django.db import transaction
from django.utils import timezone

from chidao.audit.services import record_change
from chidao.committees.models import Committee, CommitteeVersion, Seat
from chidao.core import policy
from chidao.core.dates import parse_iso_date
from chidao.core.errors import ActionRefused
from chidao.documents.models import LegalDocument
from chidao.ingest.matching import apply_matching
from chidao.ingest.models import IngestDraft
from chidao.ingest.reader import extract
from chidao.ingest.readers import EXTENSIONS, TXT, IngestError, check_text, read_upload
from chidao.ingest.writer import DOMAINS, _clean_str, _Writer, effective_from
from chidao.storage import files
from chidao.units.models import Unit

COMMITTEE_ROLES = {"head", "standing_deputy_head", "deputy_head", "member"}
WORKING_GROUP_ROLES = {"leader", "deputy_leader", "member"}
ACTIONS = {"establish", "reconstitute", "replace", "amend", "dissolve"}
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
    """Register editors; and the system, for the setup step that records real texts
    (chidao load-demo-readings)."""
    return policy.is_system(user) or policy.edits_register(user)


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
            uploaded_by=policy.as_user(actor),
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
    for key in (
        "action",
        "replaces",
        "seats",
        "removed_seats",
        "ends",
        "standing_agencies",
        "duties",
        "regulation",
    ):
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
    for key in ("url", "publisher"):
        if key in source:
            source[key] = _clean_str(source[key])
    if source.get("url") and not re.match(r"https?://\S+$", source["url"]):
        raise IngestError(
            f"Địa chỉ nguồn “{source['url']}” không phải địa chỉ http(s).", status=422
        )
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
    removed = data.setdefault("removed_seats", []) or []
    ends = data.setdefault("ends", []) or []
    if not isinstance(removed, list) or not all(isinstance(s, dict) for s in removed):
        raise IngestError("removed_seats phải là một danh sách các ghế.", status=422)
    if not isinstance(ends, list):
        raise IngestError("ends phải là một danh sách tên Ban.", status=422)
    for seat in removed:
        for key in ("person", "position", "unit"):
            seat[key] = _clean_str(seat.get(key))
    data["removed_seats"] = [s for s in removed if s["person"] or (s["position"] and s["unit"])]
    data["ends"] = [name for name in (_clean_str(n) for n in ends) if name]
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
) -> tuple[LegalDocument, CommitteeVersion | None]:
    """Writes the reviewed draft to the register in one transaction (all or nothing). An
    amend writes a version carrying the seats it does not name over; a dissolution ends the
    committee and writes no version (None)."""
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
        draft.committed_by = policy.as_user(actor)
        draft.committed_at = timezone.now()
        draft.save()
        record_change(
            actor=actor,
            action="ingest_commit",
            target=draft,
            after={
                "decision": document.pk,
                "version": version.pk if version else None,
                "dissolved": [c.pk for c in writer.ended],
                "counts": writer.counts,
            },
        )
    return document, version


def _require_draft_state(draft: IngestDraft) -> None:
    if draft.state != IngestDraft.State.DRAFT:
        raise IngestError("Bản nháp này đã được ghi vào sổ hoặc đã hủy.", status=409)


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
    if data.get("action") == "amend" and not (
        data["seats"] or data["working_group"]["seats"] or data.get("removed_seats")
    ):
        problems.append("quyết định bổ sung, thay thế thành viên không nêu ghế nào")
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


def committed_committee(document: LegalDocument, version: CommitteeVersion | None):
    """The committee a commit changed: the version's, or the one the decision dissolved."""
    if version is not None:
        return version.committee
    return Committee.objects.filter(dissolved_by=document).order_by("pk").first()


def commit_payload(document: LegalDocument, version: CommitteeVersion | None) -> dict:
    if version is None:  # a dissolution
        committee = committed_committee(document, None)
        return {
            "decision": {"id": document.pk, "number": document.number},
            "committee": {"id": committee.pk, "name": committee.name},
            "version": None,
            "dissolved_on": committee.dissolved_on.isoformat(),
            "effective_from": committee.dissolved_on.isoformat(),
        }
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
