"""How sure the reader is of each field of a draft: "high" or "low".

A field is low when the rule that read it guessed: a decision number taken from a citation
("theo Quyết định …") rather than from the act, a date whose year is the article's, an
issuer read from prose, a committee name no act names, an action inferred from a passing
mention, a value much longer than any such value is, a seat without a post, or a post that
needs a unit and has none. A field the text does not state (None) has no
confidence. The review page flags low fields for a second look; nothing is changed.
"""

LOW, HIGH = "low", "high"
# Posts that name their unit by themselves ("Thủ tướng", "Phó Thủ tướng").
POSTS_WITHOUT_UNIT = {"thủ tướng", "phó thủ tướng", "phó thủ tướng thường trực"}
DOCUMENT_FIELDS = ("number", "date", "issuer", "signer")


def field_confidence(draft: dict, provenance: dict) -> dict:
    """{"document.number": "high", …, "committee.name": "low", "action": …} for the fields
    the draft states."""
    out: dict[str, str] = {}
    document = draft.get("document") or {}
    for name in DOCUMENT_FIELDS:
        if document.get(name):
            out[f"document.{name}"] = provenance.get(name, HIGH)
    name = (draft.get("committee") or {}).get("name")
    if name:
        out["committee.name"] = provenance.get("committee.name", HIGH)
        if len(name) > 220:
            out["committee.name"] = LOW
    if draft.get("action"):
        out["action"] = provenance.get("action", HIGH)
    return out


def seat_confidence(seat: dict) -> str:
    if seat.get("rule"):
        return HIGH
    position = (seat.get("position") or "").lower()
    if not position:
        # no post read: the seat cannot be placed in the register without a second look
        # ("Nguyễn Văn A làm Trưởng ban")
        return LOW
    if position and not seat.get("unit") and position not in POSTS_WITHOUT_UNIT:
        return LOW
    if seat.get("unit") and len(seat["unit"]) > 120:
        return LOW
    return HIGH


def add_confidence(draft: dict, provenance: dict) -> dict:
    """Writes draft["confidence"] (fields) and seat["confidence"] (each seat) in place."""
    draft["confidence"] = field_confidence(draft, provenance)
    for seat in draft.get("seats", []) + (draft.get("working_group") or {}).get("seats", []):
        seat["confidence"] = seat_confidence(seat)
    return draft
