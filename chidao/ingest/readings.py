"""Recording real texts through the reader: the setup step that brings the register past
818/QĐ-UBND (data/register/readings-2025.json).

Each text is read into a draft and committed with the corrections its entry states, as a
standing-agency officer reviewing it would; the source's address and publisher go with it.
A text already committed is skipped, so running it twice writes nothing the second time.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from chidao.core.policy import SystemActor
from chidao.ingest import services
from chidao.ingest.models import IngestDraft

READINGS_FILE = Path(settings.DATA_DIR) / "register" / "readings-2025.json"
SOURCES_DIR = Path(settings.DATA_DIR) / "sources"
ACTOR = SystemActor("chidao load-demo-readings")


def clause_span(text: str, words: str | None) -> list[int] | None:
    """The clause of `text` (between ; . : or line breaks) that names `words`."""
    if not words:
        return None
    at = text.find(words)
    if at == -1:
        return None
    starts = [text.rfind(mark, 0, at) for mark in (";", ". ", ":", "\n")]
    start = max(starts) + 1
    ends = [e for e in (text.find(mark, at) for mark in (";", ". ", "\n")) if e != -1]
    end = min(ends) if ends else len(text)
    while start < end and text[start] == " ":
        start += 1
    return [start, end]


def _with_spans(text: str, seats: list[dict]) -> list[dict]:
    out = []
    for seat in seats:
        span = clause_span(text, seat.get("person") or seat.get("label"))
        out.append({**seat, "spans": {"seat": span}} if span else seat)
    return out


def load_readings(*, path: Path = READINGS_FILE, actor=ACTOR) -> dict:
    """Commits each text of the file not yet committed; returns what it did."""
    data = json.loads(path.read_text(encoding="utf-8"))
    counts = {"committed": 0, "already": 0}
    for entry in data["texts"]:
        text, _ = services.read_input(
            text=(SOURCES_DIR / entry["file"]).read_text(encoding="utf-8")
        )
        if IngestDraft.objects.filter(state=IngestDraft.State.COMMITTED, text=text).exists():
            counts["already"] += 1
            continue
        corrected = json.loads(json.dumps(entry.get("corrected") or {}))
        for key in ("seats", "removed_seats"):
            if key in corrected:
                corrected[key] = _with_spans(text, corrected[key])
        corrected["source"] = {
            **(corrected.get("source") or {}),
            "kind": "article",
            "url": entry["url"],
            "publisher": entry["publisher"],
        }
        with transaction.atomic():  # a text that cannot be committed leaves no draft
            draft = services.draft_create(actor=actor, text=text)
            services.draft_commit(actor=actor, draft=draft, corrected=corrected)
        counts["committed"] += 1
    return counts
