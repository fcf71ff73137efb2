"""The reader's state and basics: the working text, the comments skipped, the locality,
units as the draft names them, and the structure (lines, articles, sentences)."""

import re
from dataclasses import dataclass, field

from chidao.core.text import fold
from chidao.ingest import vocab
from chidao.ingest.reader.patterns import LOCALITY_RE, ROLE_CHUNK_RE
from chidao.ingest.reader.text import I, alt, capitalize, expand_abbreviations, work_text

LOCAL_KINDS = {"huyện", "quận", "thị xã", "phường", "xã"}
# a district's (or commune's) people's committee issuing or named first: it is the locality
DISTRICT_RE = re.compile(
    r"(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND|Ủy\s+ban\s+nhân\s+dân)[ \t]+"
    r"(?P<kind>HUYỆN|QUẬN|THỊ\s+XÃ|PHƯỜNG|XÃ|huyện|quận|thị\s+xã|phường|xã)[ \t]+"
    r"(?P<name>[A-ZĐÀ-Ỹ][^\W\d_]*(?:[ \t]+[A-ZĐÀ-Ỹ][^\W\d_]*){0,2})"
)


@dataclass
class BaseReader:
    """One pass over one text. `extra_units` are register names that help split lists."""

    text: str
    extra_units: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.work = join_soft_breaks(join_table_rows(work_text(self.text)))
        # how sure each reading is, where a rule knows it guessed ("low"); see confidence.py
        self.provenance: dict[str, str] = {}
        self.body_start = self._skip_comments()
        self.is_decision = bool(
            re.search(r"^\s*QUYẾT\s+ĐỊNH\s*:\s*$", self.work[self.body_start :], re.M)
        )
        self.locality = self._locality()

    # ------------------------------------------------------------ basics

    def _skip_comments(self) -> int:
        """Leading lines that start with '#' are comments (the labelled set marks its
        composed texts this way)."""
        pos = 0
        for line in self.work.splitlines(keepends=True):
            if line.lstrip().startswith("#") or not line.strip():
                pos += len(line)
                continue
            break
        return pos

    def span_text(self, span) -> str:
        return self.text[span[0] : span[1]]

    def _locality(self) -> dict | None:
        """The province or city the document belongs to: from the header, else the place
        most often named after "thành phố" / "tỉnh"."""
        header = self.work[self.body_start : self.body_start + 600]
        district = DISTRICT_RE.search(header)
        province = LOCALITY_RE.search(header)
        if district and (province is None or district.start() < province.start()):
            # "ỦY BAN NHÂN DÂN HUYỆN TÂN YÊN", "UBND huyện Thạch Thất vừa ban hành …"
            kind = " ".join(district.group("kind").lower().split())
            name = " ".join(district.group("name").split())
            if name.isupper():
                name = name.title()
            return {"kind": kind, "name": name}
        if province:
            return self._locality_from(province)
        party = re.search(
            r"(?<!\w)(?P<kind>Tỉnh|Thành)\s+[ủu]y\s+(?P<name>" + alt(vocab.PLACES) + r")(?!\w)",
            header,
            re.I,
        )
        if party:
            # "Ban Thường vụ Tỉnh ủy Hà Giang ban hành …": the Party committee names the place
            name = party.group("name")
            canonical = next((p for p in vocab.PLACES if fold(p) == fold(name)), name)
            kind = "tỉnh" if fold(party.group("kind")) == "tinh" else "thành phố"
            return {"kind": kind, "name": vocab.PLACE_ALIASES.get(canonical, canonical)}
        counts: dict[str, list] = {}
        for match in LOCALITY_RE.finditer(self.work, self.body_start):
            counts.setdefault(fold(match.group("name")), []).append(match)
        if counts:
            best = max(counts.values(), key=len)
            return self._locality_from(best[0])
        place = re.search(
            r"^\s*(?P<name>" + alt(vocab.PLACES) + r")\s*,\s*ngày", self.work[self.body_start :]
        )
        if place:
            name = place.group("name")
            kind = "thành phố" if name in vocab.CITIES else "tỉnh"
            return {"kind": kind, "name": name}
        return None

    @staticmethod
    def _locality_from(match: re.Match) -> dict:
        kind = fold(match.group("kind"))
        name = match.group("name")
        canonical = next((p for p in vocab.PLACES if fold(p) == fold(name)), name)
        canonical = vocab.PLACE_ALIASES.get(canonical, canonical)
        kind = {"tp": "thành phố", "thanh pho": "thành phố", "tinh": "tỉnh"}.get(kind, kind)
        kind = {"quan": "quận", "huyen": "huyện", "thi xa": "thị xã"}.get(kind, kind)
        return {"kind": kind, "name": canonical}

    def peoples_committee(self) -> str | None:
        if not self.locality:
            return None
        return f"Ủy ban nhân dân {self.locality['kind']} {self.locality['name']}"

    def canonical_unit(self, raw: str | None) -> str | None:
        """The unit as the draft names it: abbreviations expanded, "UBND thành phố" with its
        city ("Ủy ban nhân dân thành phố Hà Nội")."""
        if not raw:
            return None
        unit = expand_abbreviations(raw)
        unit = re.sub(r"\s*\.\.\.$|…$", "", unit).strip()
        if not unit:
            return None
        key = fold(unit)
        kinds = {"uy ban nhan dan thanh pho", "uy ban nhan dan tinh", "uy ban nhan dan"}
        if self.locality and self.locality["kind"] in LOCAL_KINDS:
            kinds = {"uy ban nhan dan " + fold(self.locality["kind"]), "uy ban nhan dan"}
        if key in kinds or (
            key.startswith("uy ban nhan dan")
            and self.locality
            and fold(self.locality["name"]) in key
        ):
            return self.peoples_committee() or unit
        party = {"tỉnh": "tinh uy", "thành phố": "thanh uy"}
        if self.locality and key == party.get(self.locality["kind"]):
            # "Bí thư Tỉnh ủy" in a text about Quảng Bình: "Tỉnh ủy Quảng Bình"
            return f"{capitalize(unit)} {self.locality['name']}"
        if (
            self.locality
            and re.search(r"\s(?:thành\s+phố|tỉnh)$", unit, I)
            # the text of a decision writes its units out with the place (the project's own
            # set); the press's "Công an tỉnh", "Văn phòng UBND tỉnh" stay as written (the real
            # corpus), but a locality's own council carries the place as its People's Committee
            # does (data/ingest_corpus/README.md)
            and (
                self.is_decision
                or re.match(r"Hội\s+đồng\s+nhân\s+dân|HĐND|Ủy\s+ban\s+Mặt\s+trận", unit, I)
            )
            or (
                self.locality
                and self.locality["kind"] in LOCAL_KINDS
                and re.search(r"\s" + self.locality["kind"] + "$", unit, I)
            )
        ):
            # "Công an thành phố" in a decision of Cần Thơ is "Công an thành phố Cần Thơ"
            unit = f"{unit} {self.locality['name']}"
        return capitalize(unit)

    # ------------------------------------------------------------ structure

    def lines(self):
        """(start, end) of each non-empty line after the comments."""
        pos = self.body_start
        for line in self.work[self.body_start :].splitlines(keepends=True):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                yield pos + lead, pos + lead + len(stripped)
            pos += len(line)

    def sections(self) -> list[dict]:
        """Articles of a decision: [{number, start, end, header_end}] ("Điều 1." …)."""
        found = []
        for match in re.finditer(r"^[ \t]*Điều\s+(\d+)\s*[.:]", self.work, re.M):
            if match.start() < self.body_start:
                continue
            found.append(
                {"number": int(match.group(1)), "start": match.start(), "head": match.end()}
            )
        for i, section in enumerate(found):
            section["end"] = (
                found[i + 1]["start"] if i + 1 < len(found) else self._signature_start()
            )
        return found

    def _signature_start(self) -> int:
        match = re.search(r"^\s*Nơi\s+nhận\s*:", self.work, re.M | I)
        return match.start() if match else len(self.work)

    def sentences(self, start: int, end: int):
        """Sentences of a line: split at '. ' before a capital, except after abbreviations
        ("TP. Hà Nội", "TM. Ủy ban") and clause numbers ("1. ")."""
        pos = start
        for match in re.finditer(r"\.(?:\.\.)?\s+(?=[A-ZÀ-ỸĐ\"“(])", self.work[start:end]):
            cut = start + match.start()
            before = self.work[pos:cut]
            last = re.search(r"(\w+)$", before)
            if last and (
                last.group(1)
                in {"TP", "Tp", "TM", "KT", "TL", "TUQ", "Q", "ThS", "TS", "PGS", "GS"}
                or _clause_number(before)
                or len(before.strip()) < 4
            ):
                continue
            yield pos, cut + 1
            pos = start + match.end()
        if pos < end:
            yield pos, end


def _clause_number(before: str) -> bool:
    """The text before a ". " ends with a clause or item number ("Điều 1", "gồm: 2", "1"),
    not with a number that ends a sentence ("Đề án 06.", "ngày 15/3/2025.", "năm 2025.")."""
    tokens = before.split()
    if not tokens or not tokens[-1].isdigit():
        return False
    if len(tokens) == 1 or len(tokens[-1]) > 3:
        return len(tokens) == 1
    previous = tokens[-2]
    return bool(
        re.fullmatch(r"Điều|Khoản|Mục|Phần|Chương|Điểm", previous, I) or previous[-1] in ":;,.-–|"
    )


SOFT_BREAK = re.compile(r"(?<=[^\W\d_]|,)[ \t]*(\n)[ \t]*(?=[^\W\d_])")
DANGLING = re.compile(
    r"(?<=\S)[ \t]+(?:làm|là|gồm|gồm\s+có|của|và|do|các|với|về|tại|thuộc|giữ|giữ\s+chức|cùng)"
    r"[ \t]*(\n)(?=[ \t]*\S)",
    I,
)
LIST_MARK = re.compile(r"[ \t]*(?:[-–+•*]|[a-zđ]\)|\d+[.)])")


def join_soft_breaks(work: str) -> str:
    """Line breaks the stored page left inside a sentence ("ông Lê Hồng Vinh,\nChủ tịch UBND
    tỉnh làm Trưởng ban", "Phó Chủ tịch UBND tỉnh\nlàm Phó Trưởng ban") become spaces; a blank
    line, a list item or a line after a sentence's end stays a break. Same length."""
    out = list(work)
    for match in DANGLING.finditer(work):
        # "… do ông A, Chủ tịch UBND tỉnh làm\nTrưởng ban": a word that cannot end a sentence
        if not LIST_MARK.match(work, match.end()):
            out[match.start(1)] = " "
    for match in SOFT_BREAK.finditer(work):
        # a line that stops after a comma, or in the middle of a sentence before a lowercase
        # word
        after_comma = work[match.start() - 1] == ","
        if not (after_comma or work[match.end()].islower()):
            continue
        if after_comma and LIST_MARK.match(work, match.end(1)):
            continue
        out[match.start(1)] = " "
    return "".join(out)


ROW_NUMBER = re.compile(r"[ \t]*\d{1,3}\.?[ \t]*")
NUMBERED_CELL = re.compile(r"[ \t]*\d{1,3}[.)]?[ \t]+[^\s;:,.][^;:]{0,80}?[^\s;:,.]")


def join_table_rows(work: str) -> str:
    """A table copied from a web page one cell a line ("1", "Ông Nguyễn Văn A", "Chủ tịch UBND
    tỉnh", "Trưởng ban", "2", …) read as rows: the line breaks inside a row whose last cell
    is a role become "|", as in a table written with bars. Same length, so offsets carry
    over."""
    lines = work.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    out = list(work)
    i = 0
    while i < len(lines):
        # "1" alone, or "1. Ông Nguyễn Văn A" with the row's other cells on the next lines
        numbered = NUMBERED_CELL.fullmatch(lines[i])
        if not ROW_NUMBER.fullmatch(lines[i]) and not numbered:
            i += 1
            continue
        cells = []
        j = i + 1
        while j < len(lines) and len(cells) < 5:
            cell = lines[j].strip()
            if not cell or ROW_NUMBER.fullmatch(lines[j]) or cell.startswith("Điều"):
                break
            if numbered and (LIST_MARK.match(lines[j]) or len(cell) > 120):
                break
            cells.append(j)
            j += 1
        if (2 - bool(numbered)) <= len(cells) and ROLE_CHUNK_RE.match(lines[cells[-1]].strip()):
            for k in range(i, cells[-1]):
                out[starts[k] + len(lines[k])] = "|"
            i = cells[-1] + 1
            continue
        i += 1
    return "".join(out)
