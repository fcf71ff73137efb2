"""Precision and recall of the extraction, per field, over a labelled set.

The set (tests/ingest_set/) holds pairs NAME.txt / NAME.json: the text and the draft a careful
reader would make of it, in the contract's shape. Values are compared case-, diacritics- and
spacing-insensitively (chidao.core.text.fold). For a single-valued field a prediction counts
when it is not null (precision = right / predicted), a label when it is not null
(recall = right / labelled): a null where the text says nothing is right and costs nothing, a
wrong value costs both. Seats are paired to labelled seats first (most fields in common), then
each field is counted the same way; a seat the label does not have counts against precision,
a missed one against recall. "seats" counts whole seats (every field right).

The real corpus (tests/ingest_set/real/) is scored twice: its development split and its
held-out split (SPLIT.toml), the latter never read to write rules. Micro F1 sums right,
predicted and labelled over every field except the whole-seat rows (which would count each
seat's fields twice).
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from chidao.core.text import fold

SET_DIR = Path(settings.BASE_DIR) / "tests" / "ingest_set"
REAL_DIR = SET_DIR / "real"
SPLIT_FILE = "SPLIT.toml"
HELDOUT_TITLE = "giữ riêng (held-out)"
WHOLE_ROWS = ("seats", "working_group.seats", "removed_seats")
SEAT_FIELDS = ("role", "person", "position", "unit", "rule")
SCALAR_FIELDS = [
    ("document.number", ("document", "number")),
    ("document.date", ("document", "date")),
    ("document.issuer", ("document", "issuer")),
    ("document.signer", ("document", "signer")),
    ("action", ("action",)),
    ("committee.name", ("committee", "name")),
    ("committee.predecessor", ("committee", "predecessor")),
    ("not_a_decision", ("not_a_decision",)),
]


@dataclass
class Count:
    right: int = 0
    predicted: int = 0
    labelled: int = 0

    def add(self, predicted, labelled):
        p, g = _key(predicted), _key(labelled)
        if p:
            self.predicted += 1
        if g:
            self.labelled += 1
        if p and g and p == g:
            self.right += 1

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)


def _row_order(name: str) -> tuple[int, int]:
    order = [f for f, _ in SCALAR_FIELDS] + ["replaces", "standing_agencies"]
    if name in order:
        return (order.index(name), 0)
    for i, prefix in enumerate(WHOLE_ROWS):
        if name == prefix:
            return (len(order) + i, 0)
        if name.startswith(prefix + ".") and name[len(prefix) + 1 :] in SEAT_FIELDS:
            return (len(order) + i, 1 + SEAT_FIELDS.index(name[len(prefix) + 1 :]))
    return (99, 0)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Report:
    counts: dict[str, Count] = field(default_factory=dict)
    documents: int = 0
    mistakes: list[str] = field(default_factory=list)

    def count(self, name: str) -> Count:
        return self.counts.setdefault(name, Count())

    def rows(self) -> list[tuple[str, float, float, int, int, int]]:
        return [
            (name, c.precision, c.recall, c.right, c.predicted, c.labelled)
            for name, c in sorted(self.counts.items(), key=lambda item: _row_order(item[0]))
        ]

    def micro(self) -> Count:
        """Right, predicted and labelled summed over every field but the whole-seat rows."""
        total = Count()
        for name, count in self.counts.items():
            if name in WHOLE_ROWS:
                continue
            total.right += count.right
            total.predicted += count.predicted
            total.labelled += count.labelled
        return total

    def table(self, title: str = "") -> str:
        lines = [title] if title else []
        lines.append(
            f"{'trường':<28} {'precision':>9} {'recall':>7} {'F1':>6} {'đúng':>5} "
            f"{'dự đoán':>8} {'nhãn':>5}"
        )
        for name, precision, recall, right, predicted, labelled in self.rows():
            figures = (
                f"{precision:>9.3f} {recall:>7.3f} {_f1(precision, recall):>6.3f} "
                f"{right:>5} {predicted:>8} {labelled:>5}"
            )
            lines.append(f"{name:<28} {figures}")
        micro = self.micro()
        lines.append(
            f"{'micro':<28} {micro.precision:>9.3f} {micro.recall:>7.3f} {micro.f1:>6.3f} "
            f"{micro.right:>5} {micro.predicted:>8} {micro.labelled:>5}"
        )
        lines.append(f"({self.documents} văn bản)")
        return "\n".join(lines)


def _key(value) -> str:
    if value is None:
        return ""
    return fold(str(value))


def _get(data: dict, path: tuple):
    for part in path:
        data = (data or {}).get(part)
    return data


def score_one(report: Report, predicted: dict, label: dict, name: str = "") -> None:
    report.documents += 1
    for field_name, path in SCALAR_FIELDS:
        p, g = _get(predicted, path), _get(label, path)
        if field_name == "not_a_decision":
            # counted when true: a refusal the label agrees with
            p, g = (True if p else None), (True if g else None)
        report.count(field_name).add(p, g)
        if _key(p) != _key(g):
            report.mistakes.append(f"{name}: {field_name}: {p!r} ≠ {g!r}")
    _score_items(
        report,
        "replaces",
        predicted.get("replaces") or [],
        label.get("replaces") or [],
        ("number", "date"),
        name,
    )
    _score_items(
        report,
        "standing_agencies",
        predicted.get("standing_agencies") or [],
        label.get("standing_agencies") or [],
        ("domain", "unit"),
        name,
    )
    _score_seats(report, "seats", predicted.get("seats") or [], label.get("seats") or [], name)
    if "removed_seats" in label:
        _score_seats(
            report,
            "removed_seats",
            predicted.get("removed_seats") or [],
            label.get("removed_seats") or [],
            name,
        )
    _score_seats(
        report,
        "working_group.seats",
        _get(predicted, ("working_group", "seats")) or [],
        _get(label, ("working_group", "seats")) or [],
        name,
    )


def _pair(predicted: list[dict], labelled: list[dict], fields: tuple) -> list[tuple]:
    """Greedy pairing by the number of fields in common (at least half of them)."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(labelled):
            same = sum(1 for f in fields if _key(p.get(f)) == _key(g.get(f)))
            if same * 2 >= len(fields):
                candidates.append((same, -abs(i - j), i, j))
    candidates.sort(reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for _, _, i, j in candidates:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def _score_items(report, prefix, predicted, labelled, fields, name):
    """Lists of small records (replaced decisions, standing agencies): a record is right
    when all its fields are."""
    count = report.count(prefix)
    pairs = _pair(predicted, labelled, fields)
    count.predicted += len(predicted)
    count.labelled += len(labelled)
    for i, j in pairs:
        if all(_key(predicted[i].get(f)) == _key(labelled[j].get(f)) for f in fields):
            count.right += 1
        else:
            report.mistakes.append(f"{name}: {prefix}: {predicted[i]} ≠ {labelled[j]}")
    paired_p = {i for i, _ in pairs}
    paired_g = {j for _, j in pairs}
    for i, p in enumerate(predicted):
        if i not in paired_p:
            report.mistakes.append(f"{name}: {prefix}: thừa {p}")
    for j, g in enumerate(labelled):
        if j not in paired_g:
            report.mistakes.append(f"{name}: {prefix}: thiếu {g}")


def _score_seats(report, prefix, predicted, labelled, name, fields=SEAT_FIELDS):
    pairs = _pair(predicted, labelled, fields)
    whole = report.count(prefix)
    whole.predicted += len(predicted)
    whole.labelled += len(labelled)
    for i, j in pairs:
        p, g = predicted[i], labelled[j]
        for f in fields:
            report.count(f"{prefix}.{f}").add(p.get(f), g.get(f))
        if all(_key(p.get(f)) == _key(g.get(f)) for f in fields):
            whole.right += 1
        else:
            diff = {f: (p.get(f), g.get(f)) for f in fields if _key(p.get(f)) != _key(g.get(f))}
            report.mistakes.append(f"{name}: {prefix}: {diff}")
    paired_p = {i for i, _ in pairs}
    paired_g = {j for _, j in pairs}
    for i, p in enumerate(predicted):
        if i not in paired_p:
            for f in fields:
                report.count(f"{prefix}.{f}").add(p.get(f), None)
            report.mistakes.append(f"{name}: {prefix}: thừa {_short(p, fields)}")
    for j, g in enumerate(labelled):
        if j not in paired_g:
            for f in fields:
                report.count(f"{prefix}.{f}").add(None, g.get(f))
            report.mistakes.append(f"{name}: {prefix}: thiếu {g}")


def _short(seat: dict, fields) -> dict:
    return {f: seat.get(f) for f in fields}


def labelled_set(directory: Path = SET_DIR, names=None) -> list[tuple[Path, Path]]:
    """(text, label) pairs of a directory; only the named ones (stems) when `names` is given."""
    wanted = set(names) if names is not None else None
    return [
        (text, text.with_suffix(".json"))
        for text in sorted(directory.glob("*.txt"))
        if text.with_suffix(".json").exists() and (wanted is None or text.stem in wanted)
    ]


def read_split(directory: Path = REAL_DIR) -> dict[str, list[str]] | None:
    """{"dev": [stems], "heldout": [stems]} from the directory's SPLIT.toml, or None."""
    path = directory / SPLIT_FILE
    if not path.exists():
        return None
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    split: dict[str, list[str]] = {"dev": [], "heldout": []}
    for batch in data.get("batch", []):
        for side in split:
            split[side].extend(batch.get(side, []))
    return split


def evaluate(directory: Path = SET_DIR, names=None) -> Report:
    """Reads every text of the set (or the named ones: extraction and matching against the
    register as it is in the database) and scores it against its label."""
    import json

    from chidao.ingest.services import read_draft

    report = Report()
    for text_path, label_path in labelled_set(directory, names):
        draft = read_draft(text_path.read_text(encoding="utf-8"))
        label = json.loads(label_path.read_text(encoding="utf-8"))
        score_one(report, draft, label, text_path.name)
    return report


def evaluate_sets(directory: Path | None = None) -> list[tuple[str, Report]]:
    """The reports `chidao ingest-quality` prints: with no directory, the project's own set,
    then the real corpus's development and held-out splits; a directory with a SPLIT.toml is
    scored per split, any other directory as one set."""
    if directory is None:
        return [("bộ tự soạn (tests/ingest_set)", evaluate(SET_DIR)), *evaluate_sets(REAL_DIR)]
    split = read_split(directory)
    if split is None:
        return [(str(directory), evaluate(directory))]
    return [
        (f"{directory.name}: phát triển (dev)", evaluate(directory, split["dev"])),
        (f"{directory.name}: {HELDOUT_TITLE}", evaluate(directory, split["heldout"])),
    ]


def is_heldout(title: str) -> bool:
    """Whether a report of `evaluate_sets` is a held-out split's: its mistakes are never shown."""
    return title.endswith(HELDOUT_TITLE)
