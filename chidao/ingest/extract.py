"""Rule-based reading of a Vietnamese decision (or a news article about one) into a draft.

No network, no model: regular expressions over the text, a few gazetteers (chidao.ingest.vocab)
and the structure Decree 30 gives a decision ("Căn cứ …;", "QUYẾT ĐỊNH:", "Điều 1.", clauses
"1.", points "a)", dashes "- Ông …, chức vụ …, Trưởng ban;"). The same text always gives the
same draft. Every value keeps the span (start, end offsets in the text) it was read from;
what the text does not state stays None — never guessed.

The draft's contract (see chidao.ingest.draft_json):
    {document: {number, date, issuer, signer}, action, replaces: [{number, date}],
     committee: {name, predecessor}, seats: [{role, person, position, unit}],
     standing_agencies: [{domain, unit}], working_group: {seats: [...]}}
with extra keys: spans, rule, portfolio, duties, regulation, source …

Units come out with abbreviations expanded ("Sở TT&TT" -> "Sở Thông tin và Truyền thông");
chidao.ingest.matching then replaces them by the register's names where they match.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from chidao.core.text import fold
from chidao.ingest import vocab

I = re.IGNORECASE  # noqa: E741

# ---------------------------------------------------------------- text preparation

_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\w)", I)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def _new_tone(match: re.Match) -> str:
    old = match.group(0)
    new = _OLD_TONES[old.lower()]
    return (
        new.upper()
        if old[0].isupper() and old[1].isupper()
        else (new[0].upper() + new[1:] if old[0].isupper() else new)
    )


def work_text(text: str) -> str:
    """The text as the patterns read it: old tone placement ("Uỷ ban", "hoà") in the new style,
    odd spaces as plain spaces. Same length as the text, so offsets carry over."""
    work = _SPACES.sub(" ", text)
    work = _OLD_TONE_RE.sub(_new_tone, work)
    return work if len(work) == len(text) else text


def _ws(phrase: str) -> str:
    """A phrase as a pattern: any whitespace between words."""
    return r"\s+".join(re.escape(w) for w in phrase.split())


def _alt(phrases) -> str:
    return "|".join(_ws(p) for p in sorted(phrases, key=len, reverse=True))


def capitalize(text: str | None) -> str | None:
    if not text:
        return text
    return text[0].upper() + text[1:]


def expand_abbreviations(text: str) -> str:
    """'Sở TT&TT' -> 'Sở Thông tin và Truyền thông'; 'UBND TP.Hà Nội' ->
    'Ủy ban nhân dân thành phố Hà Nội'."""
    out = text
    for pattern, expansion in vocab.ABBREVIATION_RES:
        out = pattern.sub(expansion, out)
    out = vocab.CITY_ABBREVIATION.sub("thành phố ", out)
    out = re.sub(r"\s+", " ", out).strip(" ,;:.-–")
    return out


# ---------------------------------------------------------------- patterns

TITLE_RE = re.compile(r"(?<!\w)(?:" + _alt(t for t, _, _ in vocab.TITLES) + r")(?!\w)", I)
UNIT_HEAD_RE = re.compile(r"(?<!\w)(?:" + _alt(vocab.UNIT_HEADS) + r")(?!\w)")
HONORIFIC_RE = re.compile(r"(?<!\w)" + vocab.HONORIFICS + r"(?!\w)\.?\s*", I)
PLACE_RE = re.compile(r"(?<!\w)(?:" + _alt(vocab.PLACES) + r")(?!\w)")
LOCALITY_RE = re.compile(
    r"(?<!\w)(?P<kind>thành\s+phố|tỉnh|TP\.?|Tp\.?|quận|huyện|thị\s+xã)\s*(?P<name>"
    + _alt(vocab.PLACES)
    + r")(?!\w)",
    I,
)

ROLE_CORE = (
    r"(?:Phó\s+trưởng\s+ban(?:\s+chỉ\s+đạo)?\s+thường\s+trực"
    r"|Phó\s+trưởng\s+ban(?:\s+chỉ\s+đạo)?"
    r"|Trưởng\s+ban(?:\s+chỉ\s+đạo)?"
    r"|Ủy\s+viên(?:\s+thường\s+trực)?"
    r"|Thành\s+viên"
    r"|Tổ\s+trưởng"
    r"|Tổ\s+phó(?:\s+thường\s+trực)?)"
)
ROLE_RE = re.compile(
    r"(?<!\w)(?:(?:các|hai|ba|bốn|năm|\d+)\s+)?(?P<role>" + ROLE_CORE + r")(?!\w)", I
)
COMMITTEE_REF = r"(?:\s+(?:của\s+)?(?:Ban\s+chỉ\s+đạo|BCĐ)(?:[^;:.()]{0,110}?)?)?"
INTRO_RE = re.compile(
    COMMITTEE_REF
    + r"(?P<intro>\s*:|\s+(?:là|gồm\s+có|gồm|bao\s+gồm)(?:\s+các\s+(?:đồng\s+chí|ông,?\s*bà|"
    r"thành\s+viên)(?:\s+sau)?)?\s*:?)",
    I,
)
VERB_BEFORE_ROLE = re.compile(
    r"(?:\s|,)(?P<verb>là|làm|được\s+(?:giao|phân\s+công|cử|bổ\s+sung)\s+làm|giữ\s+chức|"
    r"tham\s+gia\s+làm|làm)\s+(?P<mention>(?:1|một)\s+trong(?:\s+(?:\d+|hai|ba|bốn|năm|các))?\s+)?"
    r"(?:(?:các|hai|ba|bốn|năm|\d+)\s+)?$",
    I,
)
ROLE_CHUNK_RE = re.compile(
    r"^\s*(?:(?:là|làm)\s+)?(?P<role>"
    + ROLE_CORE
    + r")(?:\s+(?:Ban\s+chỉ\s+đạo|BCĐ|Tổ\s+công\s+tác"
    r"(?:\s+giúp\s+việc)?))?(?:\s+thường\s+trực)?\s*[.;,]?\s*$",
    I,
)


def role_code(phrase: str) -> str:
    key = fold(phrase)
    if key.startswith("pho truong ban"):
        return "standing_deputy_head" if "thuong truc" in key else "deputy_head"
    if key.startswith("truong ban"):
        return "head"
    if key.startswith("to truong"):
        return "leader"
    if key.startswith("to pho"):
        return "deputy_leader"
    return "member"


WORKING_GROUP_ROLES = {"leader", "deputy_leader"}
ROLE_ORDER = {
    "head": 0,
    "standing_deputy_head": 1,
    "deputy_head": 2,
    "member": 3,
    "leader": 0,
    "deputy_leader": 1,
}

DATE_NUMERIC = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
DATE_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
DATE_RE = re.compile(r"(?:ngày\s+)?(?:" + DATE_NUMERIC + "|" + DATE_WORDS + ")", I)
NUMBER = r"\d{1,6}(?:\s?/\s?\d{4})?(?:\s?/\s?[A-ZĐ][\wĐđ&\-.]*[\wĐđ])?"
DECISION_WORD = r"(?:Quyết\s+định|QĐ)"


def parse_date(match: re.Match) -> dt.date | None:
    d = match.group("d") or match.group("d2")
    m = match.group("m") or match.group("m2")
    y = match.group("y") or match.group("y2")
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def clean_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw).rstrip(".,;:")


# ---------------------------------------------------------------- draft pieces


@dataclass
class Seat:
    role: str
    body: str = "committee"
    person: str | None = None
    position: str | None = None
    unit: str | None = None
    unit_text: str | None = None
    portfolio: str | None = None
    rule: str | None = None
    label: str | None = None
    holder_attested: str | None = None
    spans: dict = field(default_factory=dict)
    mention_only: bool = False
    order: int = 0

    def as_dict(self, text: str) -> dict:
        start, end = self.spans.get("seat", (0, 0))
        return {
            "role": self.role,
            "person": self.person,
            "position": self.position,
            "unit": self.unit,
            "rule": self.rule,
            "portfolio": self.portfolio,
            "label": self.label,
            "unit_as_written": self.unit_text,
            "holder_attested": self.holder_attested,
            "quote": text[start:end],
            "spans": {k: list(v) for k, v in self.spans.items()},
        }


@dataclass
class Reader:
    """One pass over one text. `extra_units` are register names that help split lists."""

    text: str
    extra_units: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.work = work_text(self.text)
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
        for match in LOCALITY_RE.finditer(header):
            return self._locality_from(match)
        counts: dict[str, list] = {}
        for match in LOCALITY_RE.finditer(self.work, self.body_start):
            counts.setdefault(fold(match.group("name")), []).append(match)
        if counts:
            best = max(counts.values(), key=len)
            return self._locality_from(best[0])
        place = re.search(
            r"^\s*(?P<name>" + _alt(vocab.PLACES) + r")\s*,\s*ngày", self.work[self.body_start :]
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
        if key in {"uy ban nhan dan thanh pho", "uy ban nhan dan tinh", "uy ban nhan dan"} or (
            key.startswith("uy ban nhan dan")
            and self.locality
            and fold(self.locality["name"]) in key
        ):
            return self.peoples_committee() or unit
        if self.locality and re.search(r"\s(?:thành\s+phố|tỉnh)$", unit, I):
            # "Công an thành phố" in a decision of Cần Thơ is "Công an thành phố Cần Thơ"
            unit = f"{unit} {self.locality['name']}"
        return capitalize(unit)

    # ------------------------------------------------------------ names

    def find_names(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans of person names in [start, end): 2-4 capitalised syllables that start with
        a known surname or follow an honorific ("ông", "bà", "đồng chí"); place names are
        not people ("UBND thành phố Hà Nội Hà Minh Hải" -> "Hà Minh Hải")."""
        names = []
        tokens = [
            (m.start() + start, m.end() + start, m.group(0))
            for m in re.finditer(r"[^\W\d_]+", self.work[start:end])
        ]
        i = 0
        while i < len(tokens):
            run = []
            j = i
            while j < len(tokens) and self._name_token(tokens[j][2]):
                if run and self.work[run[-1][1] : tokens[j][0]] != " ":
                    break
                if run and self._stops_name(tokens[j][0]):
                    break
                run.append(tokens[j])
                j += 1
            if not run:
                i += 1
                continue
            after_honorific = bool(
                re.search(
                    vocab.HONORIFICS + r"\.?\s*$", self.work[max(0, run[0][0] - 12) : run[0][0]], I
                )
            )
            if run and fold(run[0][2]) in {"ong", "ba"}:
                run = run[1:]
                after_honorific = True
            run = self._strip_places(run)
            if 2 <= len(run) <= 4 and (after_honorific or run[0][2].lower() in vocab.SURNAMES):
                names.append((run[0][0], run[-1][1]))
            elif len(run) > 4 and run[0][2].lower() in vocab.SURNAMES:
                names.append((run[0][0], run[3][1]))
            i = max(j, i + 1)
        return names

    @staticmethod
    def _name_token(token: str) -> bool:
        return token[0].isupper() and (len(token) == 1 or token[1:].islower())

    def _stops_name(self, pos: int) -> bool:
        rest = self.work[pos : pos + 40]
        head = UNIT_HEAD_RE.match(rest)
        if head and fold(head.group(0)) in vocab.NAME_LIKE_UNIT_HEADS:
            head = None
        return bool(
            TITLE_RE.match(rest)
            or ROLE_RE.match(rest)
            or head
            or re.match(r"(?:Thành\s+phố|Tỉnh|Quận|Huyện)(?!\w)", rest)
        )

    def _strip_places(self, run: list) -> list:
        changed = True
        while changed and run:
            changed = False
            for size in (4, 3, 2, 1):
                if (
                    len(run) >= size
                    and fold(" ".join(t[2] for t in run[:size])) in vocab.PLACE_KEYS
                ):
                    run = run[size:]
                    changed = True
                    break
        return run

    # ------------------------------------------------------------ the document

    def document(self) -> dict:
        number = date = None
        spans: dict = {}
        header = re.search(
            r"^\s*Số\s*:\s*(?P<number>" + NUMBER + r")", self.work[self.body_start :], re.M
        )
        if header:
            start = self.body_start + header.start("number")
            raw = self.text[start : self.body_start + header.end("number")]
            number, spans["number"] = clean_number(raw), (start, start + len(raw.rstrip(".,;:")))
            place_date = re.search(
                r"^[^\n]{0,60}?,\s*(?P<date>ngày\s+" + DATE_WORDS.replace("?P<", "?P<h") + r")",
                self.work[self.body_start :],
                re.M | I,
            )
            date_match = (
                DATE_RE.search(self.work, self.body_start + place_date.start("date"))
                if place_date
                else None
            )
            if date_match:
                date, spans["date"] = parse_date(date_match), date_match.span()
        else:
            found = self._issued_decision()
            if found:
                number, spans["number"], date, date_span = found
                if date_span:
                    spans["date"] = date_span
        signer, signer_capacity, signer_spans = self._signer()
        spans.update(signer_spans)
        issuer, issuer_span = self._issuer(signer_capacity, number)
        if issuer_span:
            spans["issuer"] = issuer_span
        title, title_span = self._title()
        if title_span:
            spans["title"] = title_span
        return {
            "number": number,
            "date": date.isoformat() if date else None,
            "issuer": issuer,
            "signer": signer,
            "signer_capacity": signer_capacity,
            "type": "decision",
            "title": title,
            "spans": {k: list(v) for k, v in spans.items()},
        }

    def decision_mentions(self) -> list[dict]:
        """Every "Quyết định (số) N (ngày D)" in the text, with its span and date."""
        found = []
        pattern = re.compile(
            r"(?<!\w)" + DECISION_WORD + r"(?:\s+số)?\s*:?\s*(?P<number>" + NUMBER + r")(?!\w)"
            r"(?P<tail>(?:\s*(?:của\s+[^,;.()]{0,60}?\s*)?\(?\s*ngày\s+(?:"
            + DATE_NUMERIC
            + "|"
            + DATE_WORDS
            + r")))?",
            I,
        )
        for match in pattern.finditer(self.work, self.body_start):
            date = parse_date(match) if match.group("tail") else None
            raw = self.text[match.start("number") : match.end("number")]
            found.append(
                {
                    "number": clean_number(raw),
                    "span": (
                        match.start("number"),
                        match.start("number") + len(raw.rstrip(".,;:")),
                    ),
                    "date": date,
                    "date_span": (match.start("tail"), match.end("tail")) if date else None,
                    "start": match.start(),
                    "end": match.end(),
                }
            )
        return found

    def _issued_decision(self):
        mentions = self.decision_mentions()
        replaced = {m["number"] for m in self.replaced_mentions()}
        for m in mentions:
            before = self.work[max(0, m["start"] - 40) : m["start"]]
            line_start = self.work.rfind("\n", 0, m["start"]) + 1
            if self.work[line_start : line_start + 10].lower().startswith("căn cứ"):
                continue
            if re.search(r"(ký|ban\s+hành|vừa\s+có|ra)\s*$", before, I):
                return m["number"], m["span"], m["date"], m["date_span"]
        for m in mentions:
            if m["number"] in replaced:
                continue
            after = self.work[m["end"] : m["end"] + 80]
            before = self.work[max(0, m["start"] - 40) : m["start"]]
            if re.search(r"^\W*(về\s+việc\s+)?(thành\s+lập|kiện\s+toàn)", after, I) or re.search(
                r"theo\s*$", before, I
            ):
                return m["number"], m["span"], m["date"], m["date_span"]
        return None

    def replaced_mentions(self) -> list[dict]:
        """Decisions the document replaces: "thay thế (các) Quyết định số X ngày D (và …)"."""
        result = []
        mentions = self.decision_mentions()
        for match in re.finditer(r"thay\s+thế\s+(?:cho\s+)?(?:các\s+)?", self.work, I):
            pos = match.end()
            for m in mentions:
                if m["start"] < pos:
                    continue
                gap = self.work[pos : m["start"]]
                if gap.strip(" ,;") and not re.fullmatch(r"[\s,;]*(?:và|,)?\s*", gap, I):
                    break
                result.append(m)
                pos = m["end"]
                # "của UBND thành phố về việc …" belongs to the replaced decision
                tail = re.match(
                    r"(?:\s*của\s+[^,;.()]{0,60}?)?(?:\s*về\s+việc[^;.]*?)?(?=\s*(?:,|;|\.|và\s+"
                    + DECISION_WORD
                    + r"|$))",
                    self.work[pos:],
                    I,
                )
                if tail:
                    pos += tail.end()
        # the date of a replaced decision may be stated at another mention of it
        dates = {m["number"]: m for m in mentions if m["date"]}
        out, seen = [], set()
        for m in result:
            if m["number"] in seen:
                continue
            seen.add(m["number"])
            dated = m if m["date"] else dates.get(m["number"])
            out.append(
                {
                    "number": m["number"],
                    "date": dated["date"].isoformat() if dated else None,
                    "spans": {
                        "number": list(m["span"]),
                        "date": list(dated["date_span"]) if dated else None,
                    },
                }
            )
        return out

    def _signer(self):
        spans: dict = {}
        # The signature block of a decision: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH /
        # PHÓ CHỦ TỊCH / (Đã ký) / Nguyễn Văn A".
        block = None
        for match in re.finditer(
            r"^[ \t]*(?:(?:TM|KT|Q|TL|TUQ)\.\s*)?(?P<cap>(?:PHÓ\s+)?CHỦ\s+TỊCH(?:\s+THƯỜNG\s+TRỰC)?"
            r"|(?:PHÓ\s+)?TRƯỞNG\s+BAN|(?:PHÓ\s+)?GIÁM\s+ĐỐC)[ \t]*$",
            self.work,
            re.M,
        ):
            block = match
        if block is not None and self.is_decision:
            for line in re.finditer(
                r"^[ \t]*(?P<line>\S[^\n]*?)[ \t]*$", self.work[block.end() :], re.M
            ):
                start = block.end() + line.start("line")
                end = block.end() + line.end("line")
                content = self.work[start:end]
                if re.fullmatch(r"\(?\s*(?:đã\s+ký|ký)\s*\)?|\(ký,[^)]*\)|[-_*.]+", content, I):
                    continue
                names = self.find_names(start, end)
                if names and names[0][0] == start:
                    spans["signer"] = names[0]
                    spans["signer_capacity"] = block.span("cap")
                    cap = self.text[block.start("cap") : block.end("cap")]
                    capacity = capitalize(cap.lower())
                    capacity = re.sub(r"thường trực$", "Thường trực", capacity)
                    return self.span_text(names[0]), capacity, spans
                break
        # The press: "Chủ tịch UBND TP.Hà Nội Nguyễn Đức Chung đã ký ban hành quyết định 6218".
        verb = re.compile(
            r"\s+(?:(?:mới\s+đây|vừa\s+mới|vừa|đã)\s+)*(?:ký\s+)?(?:ký|ban\s+hành)\s+"
            r"(?:ban\s+hành\s+)?" + DECISION_WORD,
            I,
        )
        for match in verb.finditer(self.work, self.body_start):
            window_start = max(self.body_start, match.start() - 90)
            cut = max(
                self.work.rfind("\n", window_start, match.start()),
                self.work.rfind(". ", window_start, match.start()),
            )
            window_start = max(window_start, cut + 1)
            names = self.find_names(window_start, match.start())
            if not names or self.work[names[-1][1] : match.start()].strip():
                continue
            spans["signer"] = names[-1]
            cap = re.search(
                r"(?:Phó\s+)?Chủ\s+tịch[^,;()]*$", self.work[window_start : names[-1][0]], I
            )
            capacity = None
            if cap:
                cap_start = window_start + cap.start()
                capacity = self.text[cap_start : names[-1][0]].strip()
                spans["signer_capacity"] = (cap_start, cap_start + len(capacity))
            return self.span_text(names[-1]), capacity, spans
        return None, None, spans

    def _issuer(self, signer_capacity: str | None, number: str | None):
        header = self.work[self.body_start : self.body_start + 400]
        match = re.search(
            r"^\s*(?P<body>(?:ỦY\s+BAN\s+NHÂN\s+DÂN|UBND)(?:\s*\n?\s*(?:THÀNH\s+PHỐ|TỈNH|QUẬN|HUYỆN|"
            r"THỊ\s+XÃ)\s+[^\n]*?)?)\s*(?:CỘNG\s+HÒA|-{2,}|\n|$)",
            header,
        )
        if match:
            start = self.body_start + match.start("body")
            end = self.body_start + match.end("body")
            raw = re.sub(r"\s+", " ", self.work[start:end])
            locality = LOCALITY_RE.search(raw.title())
            if locality:
                loc = self._locality_from(locality)
                return f"Ủy ban nhân dân {loc['kind']} {loc['name']}", (start, end)
            if self.locality:
                return self.peoples_committee(), (start, end)
        if signer_capacity and re.search(r"UBND|Ủy\s+ban\s+nhân\s+dân", signer_capacity, I):
            return self.peoples_committee(), None
        if number and re.search(r"-UBND$", number) and self.locality:
            return self.peoples_committee(), None
        return None, None

    def _title(self):
        """The summary (trích yếu): "Về việc kiện toàn Ban Chỉ đạo …"."""
        match = re.search(
            r"^\s*(?P<title>V[ềe]\s+việc\s+[^\n]+?)\s*$", self.work[self.body_start :], re.M | I
        )
        if match:
            start, end = (
                self.body_start + match.start("title"),
                self.body_start + match.end("title"),
            )
            return self.text[start:end], (start, end)
        match = re.search(
            r"(?P<title>về\s+việc\s+(?:thành\s+lập|kiện\s+toàn)[^.;\n]*?(?:"
            r"thành\s+phố|tỉnh|TP\.?)\s*(?:" + _alt(vocab.PLACES) + r"))",
            self.work,
            I,
        )
        if match:
            return capitalize(self.text[match.start("title") : match.end("title")]), match.span(
                "title"
            )
        return None, None

    def source_date(self) -> tuple[dt.date | None, tuple | None]:
        """The date an article was published: "Ngày đăng : 06:35, 25/11/2019",
        "11:09 14/02/2023" near the top."""
        head_end = self.body_start + 1200
        for match in re.finditer(
            r"(?:\d{1,2}:\d{2}\s*,?\s*(?:[^\W\d]+,?\s*)?"
            + DATE_NUMERIC
            + r")|(?:"
            + DATE_NUMERIC.replace("?P<", "?P<x")
            + r"\s*,?\s*-?\s*\d{1,2}:\d{2})",
            self.work[self.body_start : head_end],
        ):
            d, m, y = (
                match.group("d") or match.group("xd"),
                match.group("m") or match.group("xm"),
                match.group("y") or match.group("xy"),
            )
            try:
                date = dt.date(int(y), int(m), int(d))
            except ValueError:
                date = None
            if date:
                return date, (self.body_start + match.start(), self.body_start + match.end())
        return None, None

    # ------------------------------------------------------------ committee and action

    def committee_names(self) -> list[tuple[int, int]]:
        """Spans of "Ban Chỉ đạo …" names: up to the city or province when it is named close
        by (names may hold commas: "Ban Chỉ đạo Cải cách hành chính, chuyển đổi số thành phố
        Hà Nội"), else to the first stop."""
        spans = []
        for match in re.finditer(r"(?<!\w)Ban\s+chỉ\s+đạo(?!\w)", self.work, I):
            start = match.start()
            window_end = min(len(self.work), start + 200)
            stop = re.search(
                r"[.;:()\n]|\s(?:là|có|gồm|được|do|theo|trên\s+cơ\s+sở|thay\s+thế|"
                r"này|sau\s+đây)(?!\w)",
                self.work[match.end() : window_end],
                I,
            )
            limit = match.end() + stop.start() if stop else window_end
            loc = LOCALITY_RE.search(self.work, match.end(), limit)
            if loc is not None:
                end = loc.end()
            else:
                comma = self.work.find(",", match.end(), limit)
                end = comma if comma != -1 else limit
            name = self.work[start:end].rstrip(" ,")
            end = start + len(name)
            if end - match.end() < 3:
                continue
            spans.append((start, end))
        return spans

    def committee(self) -> tuple[dict, str]:
        names = self.committee_names()
        name_span = predecessor_span = None
        predecessor_kind = None
        action = None
        name_has_place = False
        for start, end in names:
            before = self.work[max(0, start - 60) : start]
            if re.search(
                r"trên\s+cơ\s+sở\s+(?:kiện\s+toàn|hợp\s+nhất|sáp\s+nhập|tổ\s+chức\s+lại)"
                r"(?:\s+(?:lại|các))?\s*$",
                before,
                I,
            ):
                if predecessor_span is None:
                    predecessor_span = (start, end)
                    predecessor_kind = (
                        "merged_from"
                        if re.search(r"hợp\s+nhất|sáp\s+nhập", before, I)
                        else "reconstituted_from"
                    )
                continue
            if re.search(r"đổi\s+tên\s*$", before, I):
                predecessor_span, predecessor_kind = (start, end), "renamed_from"
                continue
            verb = re.search(r"(thành\s+lập|kiện\s+toàn|củng\s+cố)\s*$", before, I)
            has_place = bool(LOCALITY_RE.search(self.work, start, end))
            if verb and (name_span is None or (has_place and not name_has_place)):
                name_span = (start, end)
                name_has_place = has_place
                action = (
                    "establish" if fold(verb.group(1)).startswith("thanh lap") else "reconstitute"
                )
        if name_span is None and names:
            # the longest mention with a place in it
            with_place = [s for s in names if LOCALITY_RE.search(self.work, s[0], s[1])]
            name_span = max(with_place or names, key=lambda s: s[1] - s[0])
        renamed_to = re.search(
            r"đổi\s+tên[^.;]{0,200}?thành\s+(?P<name>Ban\s+chỉ\s+đạo)", self.work, I
        )
        if renamed_to and predecessor_kind == "renamed_from":
            for s in names:
                if s[0] == renamed_to.start("name"):
                    name_span = s
        title = self._title()[0] or ""
        if re.search(r"kiện\s+toàn", title, I) and not re.search(r"thành\s+lập", title, I):
            action = "reconstitute"
        elif re.search(r"thành\s+lập", title, I):
            action = "establish"
        if action is None:
            verb = re.search(
                r"(?:quyết\s+định|QĐ)[^.]{0,40}?(thành\s+lập|kiện\s+toàn)", self.work, I
            )
            if verb:
                action = (
                    "establish" if fold(verb.group(1)).startswith("thanh lap") else "reconstitute"
                )
        name = self.span_text(name_span) if name_span else None
        predecessor = self.span_text(predecessor_span) if predecessor_span else None
        return (
            {
                "name": _clean_name(name),
                "predecessor": _clean_name(predecessor),
                "predecessor_kind": predecessor_kind,
                "spans": {
                    "name": list(name_span) if name_span else None,
                    "predecessor": list(predecessor_span) if predecessor_span else None,
                },
            },
            action,
        )

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
                or last.group(1).isdigit()
                or len(before.strip()) < 4
            ):
                continue
            yield pos, cut + 1
            pos = start + match.end()
        if pos < end:
            yield pos, end

    # ------------------------------------------------------------ seats

    def seats(self) -> tuple[list[Seat], list[Seat]]:
        state = {"role": None, "body": "committee", "keep": False}
        found: list[Seat] = []
        regions = self._seat_regions()
        for region_start, region_end, body in regions:
            state = {"role": None, "body": body, "region_body": body}
            for line_start, line_end in self.lines():
                if line_start < region_start or line_end > region_end:
                    continue
                self._seat_line(line_start, line_end, state, found)
        committee = self._merge([s for s in found if s.body == "committee"])
        working_group = self._merge([s for s in found if s.body == "working_group"])
        return committee, working_group

    def _seat_regions(self) -> list[tuple[int, int, str]]:
        if not self.is_decision:
            return [(self.body_start, len(self.work), "committee")]
        regions = []
        for section in self.sections():
            header = self.work[section["head"] : min(section["end"], section["head"] + 200)]
            first_line = header.split("\n", 1)[0]
            if re.search(
                r"hiệu\s+lực|chịu\s+trách\s+nhiệm\s+thi\s+hành|tổ\s+chức\s+thực\s+hiện",
                first_line,
                I,
            ) and not ROLE_RE.search(first_line):
                continue
            if re.match(r"\s*(?:Nhiệm\s+vụ|Chức\s+năng)", first_line, I):
                continue
            body = (
                "working_group"
                if re.search(
                    r"Tổ\s+(?:công\s+tác|giúp\s+việc)", first_line.split(":")[0].split(" gồm")[0], I
                )
                else "committee"
            )
            regions.append((section["start"], section["end"], body))
        return regions or [(self.body_start, self._signature_start(), "committee")]

    def _seat_line(self, start: int, end: int, state: dict, found: list[Seat]):
        text = self.work[start:end]
        # structure markers
        marker = re.match(
            r"^(?:Điều\s+\d+\s*[.:]\s*|[IVX]+\s*[.:]\s*|\d+(?:\.\d+)*\s*[.)]\s*|"
            r"[a-zđ]\s*\)\s*|[-–+•*]\s*)",
            text,
            I,
        )
        is_item = bool(marker and re.match(r"[-–+•*]|[a-zđ]\s*\)", marker.group(0), I))
        is_clause = bool(marker) and not is_item
        if marker:
            start += marker.end()
            text = self.work[start:end]
        if is_clause and re.match(r"Điều|[IVX]", marker.group(0)):
            state["role"] = None
        if re.match(
            r"(?:BAN\s+CHỈ\s+ĐẠO|Thành\s+phần\s+Ban\s+Chỉ\s+đạo)", text
        ) and not ROLE_RE.search(text):
            state["body"], state["role"] = "committee", None
        wg_header = re.match(
            r"^(?:(?:Thành\s+lập|Thành\s+phần)\s+)?Tổ\s+(?:công\s+tác|giúp\s+việc)", text, I
        )
        if wg_header or re.match(r"TỔ\s+CÔNG\s+TÁC", text):
            state["body"], state["role"] = "working_group", None
        if is_clause and not ROLE_RE.search(text[:60]) and not wg_header and state.get("role"):
            if not re.search(r"[:;]\s*$", self.work[start:end]):
                state["role"] = None
        for s_start, s_end in self.sentences(start, end):
            self._seat_sentence(s_start, s_end, state, found, is_item)
        if not re.search(r"[:;,]\s*$", self.work[start:end]) and not is_item:
            if not self.is_decision:
                state["role"] = None

    def _segments(self, start: int, end: int):
        """Parts of a sentence between top-level semicolons (not inside parentheses)."""
        depth, pos = 0, start
        for i in range(start, end):
            ch = self.work[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
            elif ch == ";" and depth == 0:
                yield pos, i
                pos = i + 1
        yield pos, end

    def _seat_sentence(self, start, end, state, found, is_item):
        sentence = self.work[start:end]
        sentence_body = state["body"]
        if re.search(r"Tổ\s+công\s+tác", sentence[:60], I):
            sentence_body = "working_group"
        open_role = state.get("role")
        for seg_start, seg_end in self._segments(start, end):
            handled, role = self._statement(seg_start, seg_end, sentence_body, state, found)
            if handled:
                open_role = role
                continue
            if open_role and (self.work[seg_start:seg_end].strip()):
                body = state.get("open_body", sentence_body)
                for seat in self.parse_holders(seg_start, seg_end, open_role, body):
                    found.append(seat)
        if self.is_decision:
            state["role"] = open_role
        else:
            state["role"] = open_role if re.search(r"[:;]\s*$", sentence) else None

    def _statement(self, start, end, body, state, found) -> tuple[bool, str | None]:
        """One segment: "ROLE là/gồm/: HOLDERS", "HOLDERS là ROLE", or an item with its role
        at the end ("Ông A, Giám đốc Sở X, Ủy viên"). Returns (handled, open role)."""
        seg = self.work[start:end]
        lead = re.match(
            r"^\s*(?:và\s+|đồng\s+thời\s*,?\s*|theo\s+đó\s*,?\s*|cùng\s+với\s+đó\s*,?\s*|"
            r"ngoài\s+ra\s*,?\s*)?",
            seg,
            I,
        )
        offset = start + (lead.end() if lead else 0)
        for role_match in ROLE_RE.finditer(self.work, offset, end):
            role = role_code(role_match.group("role"))
            if role_match.group("role").lower().startswith("thành viên") and re.search(
                r"danh\s+sách\s*$|các\s+thành\s+viên\s+ban\s+chỉ\s+đạo\s+chịu",
                self.work[max(0, role_match.start() - 20) : role_match.end() + 30],
                I,
            ):
                continue
            seat_body = body
            if role in WORKING_GROUP_ROLES:
                seat_body = "working_group"
            elif re.search(
                r"Tổ\s+công\s+tác|Tổ\s+giúp\s+việc", self.work[start : role_match.start()], I
            ):
                seat_body = "working_group"
            elif state.get("region_body") == "working_group" and body == "working_group":
                seat_body = "working_group"
            before = self.work[offset : role_match.start()]
            # ROLE … là/gồm/: HOLDERS
            intro = INTRO_RE.match(self.work, role_match.end(), end)
            if (
                intro
                and not re.search(r"[\w)]\s*$", before.replace("có", "").replace("các", ""))
                or (
                    intro
                    and re.fullmatch(
                        r"\s*(?:(?:còn\s+)?có|gồm|với)?\s*(?:thêm\s+)?",
                        before[-12:] if before else "",
                        I,
                    )
                )
            ):
                pass
            if intro and self._role_first(before):
                state["role"], state["open_body"] = role, seat_body
                holders_start = intro.end()
                seats = self.parse_holders(
                    holders_start, end, role, seat_body, role_span=role_match.span("role")
                )
                found.extend(seats)
                return True, role
            # HOLDERS là ROLE
            verb = VERB_BEFORE_ROLE.search(self.work[offset : role_match.start()])
            if verb and verb.start() > 0:
                holder_end = offset + verb.start()
                mention = bool(verb.group("mention"))
                seats = self.parse_holders(
                    offset, holder_end, role, seat_body, role_span=role_match.span("role")
                )
                for seat in seats:
                    seat.mention_only = mention
                if seats:
                    found.extend(seats)
                    return True, None
            # an item that ends with its role: "Ông A, Giám đốc Sở X, Ủy viên"
            tail = ROLE_CHUNK_RE.match(
                self.work[role_match.start() - (1 if role_match.start() > 0 else 0) : end].lstrip(
                    ",-–\t|: "
                )
            )
            sep = re.search(
                r"(?:,|\t|\s[-–]\s|\|)\s*(?:là\s+|làm\s+)?(?:(?:các|\d+)\s+)?$",
                self.work[offset : role_match.start()],
            )
            if sep and tail and sep.start() > 0:
                seats = self.parse_holders(
                    offset, offset + sep.start(), role, seat_body, role_span=role_match.span("role")
                )
                if seats:
                    found.extend(seats)
                    return True, state.get("role")
            # a role header alone: "3. Các Phó Trưởng ban:" / "Ủy viên gồm:"
            if intro and not before.strip(" ,-–"):
                state["role"], state["open_body"] = role, seat_body
                return True, role
        return False, None

    @staticmethod
    def _role_first(before: str) -> bool:
        """The words before "ROLE là …" introduce it ("có", "và 3", "Ban chỉ đạo này có
        thêm") rather than name a holder ("Ông A là …")."""
        tail = before[-80:]
        if not tail.strip(" ,-–\t"):
            return True
        if re.search(
            r"(?:^|\s)(?:có|gồm|với|thêm|còn\s+có|bao\s+gồm|và|đồng\s+thời|Theo\s+đó,?)\s*$",
            tail,
            I,
        ):
            return True
        if TITLE_RE.search(tail) or re.search(vocab.HONORIFICS, tail):
            return False
        return bool(re.search(r"[,:]\s*$", tail)) or not re.search(r"\w", tail)

    # ------------------------------------------------------------ holders

    def _chunks(self, start: int, end: int) -> list[dict]:
        """Soft pieces of a holder list: split at commas, " và ", " - ", tabs, "|" and
        parentheses, each with what it holds (a title, a name, a role)."""
        bounds = []
        depth = 0
        i = start
        chunk_start = start
        separator = ""
        separators = []
        while i < end:
            ch = self.work[i]
            cut = None
            if ch == "(":
                if depth == 0:
                    cut = (i, i + 1)
                depth += 1
            elif ch == ")":
                depth = max(0, depth - 1)
                if depth == 0:
                    cut = (i, i + 1)
            elif depth == 0:
                if ch in ",\t|":
                    cut = (i, i + 1)
                elif ch == " ":
                    m = re.match(r"\s+(?:và|[-–])\s+", self.work[i:end], I)
                    if m:
                        cut = (i, i + m.end())
            if cut:
                if self.work[chunk_start : cut[0]].strip():
                    bounds.append((chunk_start, cut[0], depth > 0 or ch == ")"))
                    separators.append(separator)
                separator = self.work[cut[0] : cut[1]].strip().lower()
                chunk_start = cut[1]
                i = cut[1]
                continue
            i += 1
        if self.work[chunk_start:end].strip():
            bounds.append((chunk_start, end, False))
            separators.append(separator)
        chunks = []
        for (c_start, c_end, _), sep in zip(bounds, separators, strict=True):
            text = self.work[c_start:c_end]
            lead = len(text) - len(text.lstrip(" ,;:.-–"))
            trail = len(text.rstrip(" ,;:.-–"))
            c_start, c_end = c_start + lead, c_start + max(trail, lead)
            text = self.work[c_start:c_end]
            if not text:
                continue
            body_text = HONORIFIC_RE.sub("", text, count=1) if HONORIFIC_RE.match(text) else text
            chunks.append(
                {
                    "start": c_start,
                    "end": c_end,
                    "title": bool(TITLE_RE.match(body_text))
                    or bool(re.match(r"(?:các\s+)?(?:đại\s+diện\s+)?lãnh\s+đạo", body_text, I)),
                    "names": self.find_names(c_start, c_end),
                    "honorific": bool(HONORIFIC_RE.match(text)),
                    "sep": sep,
                    "role": ROLE_CHUNK_RE.match(text),
                }
            )
        return chunks

    def items(self, start: int, end: int) -> list[list[dict]]:
        """Chunks grouped into holders: a new holder starts when the current one already has
        a title and the chunk brings another, or already has a name and the chunk another."""
        items: list[list[dict]] = []
        current: list[dict] = []
        for chunk in self._chunks(start, end):
            if chunk["role"] and current:
                current.append(chunk)
                continue
            has_title = any(c["title"] for c in current)
            has_name = any(c["names"] for c in current)
            brings_name = bool(chunk["names"]) and (
                chunk["honorific"] or chunk["names"][0][0] == chunk["start"]
            )
            if current and (
                (has_title and chunk["title"])
                or (
                    has_name
                    and (chunk["names"] and not chunk["title"] or chunk["honorific"])
                    and (brings_name or chunk["honorific"])
                )
            ):
                if (
                    has_title
                    and chunk["title"]
                    and not has_name
                    and chunk["names"]
                    and not chunk["title"]
                ):
                    pass
                items.append(current)
                current = []
            if (
                current
                and chunk["sep"] == "và"
                and (chunk["honorific"] or chunk["title"] or brings_name)
                and (has_title or has_name)
                and current not in items
            ):
                items.append(current)
                current = []
            if current and any(c.get("role") for c in current):
                items.append(current)
                current = []
            current.append(chunk)
        if current:
            items.append(current)
        return items

    def parse_holders(self, start, end, role, body, role_span=None) -> list[Seat]:
        seats = []
        for item in self.items(start, end):
            i_start, i_end = item[0]["start"], item[-1]["end"]
            item_role = role
            chunks = item
            if len(item) > 1 and item[-1]["role"]:
                item_role = role_code(item[-1]["role"].group("role"))
                chunks = item[:-1]
                i_end = chunks[-1]["end"]
            if not chunks:
                continue
            seat_body = "working_group" if item_role in WORKING_GROUP_ROLES else body
            # a parenthesis closed after the item belongs to it
            if self.work[i_end : i_end + 1] == ")" and "(" in self.work[i_start:i_end]:
                i_end += 1
            new = self.parse_item(i_start, i_end, chunks, item_role, seat_body)
            for seat in new:
                if role_span:
                    seat.spans["role"] = role_span
                seats.append(seat)
        return seats

    def parse_item(self, start, end, chunks, role, body) -> list[Seat]:
        rule = self._rule(start, end, role, body)
        if rule:
            return [rule]
        dist = self._distribution(start, end, role, body)
        if dist:
            return dist
        names = [n for c in chunks for n in c["names"]]
        title_match = None
        for c in chunks:
            body_start = c["start"]
            h = HONORIFIC_RE.match(self.work, c["start"], c["end"])
            if h:
                body_start = h.end()
            names_in = [n for n in c["names"] if n[0] >= body_start]
            search_from = (
                names_in[0][1] if names_in and names_in[0][0] == body_start else body_start
            )
            m = TITLE_RE.search(self.work, search_from, c["end"])
            if m:
                title_match = m
                break
        if not names and not title_match:
            return []
        seat = Seat(role=role, body=body)
        seat.spans["seat"] = (start, end)
        if names:
            n = names[0]
            if title_match and len(names) > 1 and n[0] <= title_match.start() <= n[1]:
                n = names[1]
            seat.person = self.span_text(n)
            seat.spans["person"] = n
        if title_match:
            title_key = fold(title_match.group(0))
            seat.position = vocab.CANONICAL_TITLE.get(title_key, capitalize(title_match.group(0)))
            seat.spans["position"] = title_match.span()
            unit_start = title_match.end()
            unit_word = vocab.TITLE_UNIT_WORD.get(title_key, "")
            if unit_word and fold(
                self.work[title_match.end() - len(unit_word) : title_match.end()]
            ) == fold(unit_word):
                unit_start = title_match.end() - len(unit_word)
            unit_end = end
            for c in chunks:
                if c["end"] <= title_match.start():
                    continue
                if c["start"] > title_match.start():
                    if (
                        c["title"]
                        or c["names"]
                        or c["honorific"]
                        or self.work[c["start"] - 1 : c["start"]] == "("
                    ):
                        unit_end = min(unit_end, c["start"])
                        break
            for n in names:
                if n[0] >= unit_start:
                    unit_end = min(unit_end, n[0])
            paren = self.work.find("(", unit_start, unit_end)
            if paren != -1:
                unit_end = paren
            portfolio = re.search(r"\s+phụ\s+trách\s+", self.work[unit_start:unit_end], I)
            if portfolio:
                p_start = unit_start + portfolio.end()
                p_end = unit_end
                raw = self.text[p_start:p_end].strip(" ,;.")
                seat.portfolio = raw or None
                seat.spans["portfolio"] = (p_start, p_start + len(raw))
                unit_end = unit_start + portfolio.start()
            tail = re.search(
                r"\s+(?:mới|được\s+giao|được\s+bổ\s+sung|thuộc\s+Ban)\b.*$",
                self.work[unit_start:unit_end],
                I,
            )
            if tail:
                unit_end = unit_start + tail.start()
            raw_unit = re.sub(r"\s+và$", "", self.text[unit_start:unit_end].strip(" ,;:.-–"))
            raw_unit = raw_unit.strip(" ,;:.-–")
            if raw_unit and (
                unit_word
                or UNIT_HEAD_RE.search(raw_unit)
                or re.match(r"(?:UBND|Ủy\s+ban)", raw_unit)
            ):
                offset = self.text.find(raw_unit, unit_start)
                seat.unit_text = raw_unit
                seat.unit = self.canonical_unit(raw_unit)
                seat.spans["unit"] = (offset, offset + len(raw_unit))
            elif (
                raw_unit
                and fold(seat.position) in {"lanh dao", "dai dien lanh dao"}
                and not raw_unit
            ):
                pass
        return [seat]

    _RULES = [
        (
            "department_heads",
            re.compile(
                r"(?P<title>Giám\s+đốc|Thủ\s+trưởng)\s+(?:các|tất\s+cả\s+các)\s+Sở(?:\s*,\s*ngành)?"
                r"(?:\s+(?:trực\s+thuộc|thuộc)\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s*(?:thành\s+phố|tỉnh|TP)?\.?"
                r"(?:\s*" + "(?:" + _alt(vocab.PLACES) + "))?)?",
                I,
            ),
        ),
        (
            "division_leaders_of_member_units",
            re.compile(
                r"(?P<title>lãnh\s+đạo\s+cấp\s+phòng)\s+(?:của|thuộc)\s+(?:các\s+)?(?:sở,\s*(?:ban,\s*)?ngành|"
                r"đơn\s+vị|cơ\s+quan)[^;.]*",
                I,
            ),
        ),
        (
            "agency_leader_representatives",
            re.compile(
                r"(?P<title>(?:đại\s+diện\s+)?lãnh\s+đạo)\s+(?:các\s+)?sở,\s*ban,\s*ngành"
                r"(?:\s+(?:của|thuộc)\s+(?:UBND\s+|Ủy\s+ban\s+nhân\s+dân\s+)?(?:thành\s+phố|tỉnh|TP)\.?"
                r"(?:\s*(?:" + _alt(vocab.PLACES) + "))?)?",
                I,
            ),
        ),
    ]

    def _rule(self, start, end, role, body) -> Seat | None:
        for code, pattern in self._RULES:
            match = pattern.search(self.work, start, end)
            if not match:
                continue
            rest = self.work[match.end() : end].strip(" .;,")
            if code == "department_heads" and rest.startswith((":", "(")):
                continue
            if code == "department_heads" and re.match(r"\s*:", self.work[match.end() : end]):
                continue
            title = fold(match.group("title"))
            position = {
                "giam doc": "Giám đốc",
                "thu truong": "Thủ trưởng",
                "lanh dao cap phong": "Lãnh đạo cấp phòng",
                "dai dien lanh dao": "Đại diện lãnh đạo",
                "lanh dao": "Lãnh đạo",
            }.get(title)
            label_end = match.end()
            label = self.text[match.start() : label_end].strip(" ,;.")
            seat = Seat(role=role, body=body, position=position, rule=code, label=capitalize(label))
            seat.unit = None
            seat.spans = {
                "seat": (start, end),
                "rule": (match.start(), match.start() + len(label)),
                "position": match.span("title"),
            }
            return seat
        return None

    _DIST = re.compile(
        r"(?P<title>" + TITLE_RE.pattern + r")\s+(?:các|những|tất\s+cả\s+các)\s+"
        r"(?P<head>Ban\s+quản\s+lý\s+dự\s+án|Sở|Cục|Chi\s+cục|Ban|Trung\s+tâm|Phòng)"
        r"\s*(?P<open>[:(])?\s*(?P<list>.+?)\s*\)?\s*$",
        I | re.S,
    )

    def _distribution(self, start, end, role, body) -> list[Seat]:
        """ "Cục trưởng các Cục: Thuế …, Thống kê …" -> one seat per unit."""
        stripped_start = (
            start + len(self.work[start:end]) - len(self.work[start:end].lstrip(" ,-–"))
        )
        match = self._DIST.match(self.work, stripped_start, end)
        if not match:
            return []
        head = match.group("head")
        head_text = self.text[match.start("head") : match.end("head")]
        list_start = match.start("list")
        list_end = match.end("list")
        title = vocab.CANONICAL_TITLE.get(
            fold(match.group("title")), capitalize(match.group("title"))
        )
        pieces = self._split_list(list_start, list_end, fold(head) == "so")
        seats = []
        for p_start, p_end in pieces:
            piece = self.text[p_start:p_end].strip(" ,;.()")
            if not piece:
                continue
            p_start = self.text.find(piece, p_start)
            p_end = p_start + len(piece)
            unit_head = (
                "Ban Quản lý dự án" if fold(head) == "ban quan ly du an" else capitalize(head_text)
            )
            raw_unit = f"{unit_head} {piece}"
            seat = Seat(role=role, body=body, position=title)
            seat.unit_text = raw_unit
            seat.unit = self.canonical_unit(raw_unit)
            seat.spans = {
                "seat": (start, end),
                "position": match.span("title"),
                "unit": (p_start, p_end),
            }
            seats.append(seat)
        return seats

    def _split_list(self, start, end, departments: bool) -> list[tuple[int, int]]:
        text = self.work[start:end]
        separator = ";" if ";" in text else ","
        pieces, pos = [], start
        for part in re.finditer(r"[^" + separator + r"]+", text):
            pieces.append((start + part.start(), start + part.end()))
        del pos
        known = {fold(t) for t in vocab.DEPARTMENT_TAILS}
        known |= {fold(re.sub(r"^Sở\s+", "", u)) for u in self.extra_units if u.startswith("Sở ")}
        out = []
        for p_start, p_end in pieces:
            piece = self.work[p_start:p_end].strip()
            if fold(piece) in known or not re.search(r"\s+và\s+", piece):
                out.append((p_start, p_end))
                continue
            if separator == ";":
                out.append((p_start, p_end))
                continue
            # "Xây dựng và Y tế": split at a "và" when a side is a known name
            split = None
            for m in re.finditer(r"\s+và\s+", self.work[p_start:p_end]):
                left = self.work[p_start : p_start + m.start()].strip()
                right = self.work[p_start + m.end() : p_end].strip()
                if fold(left) in known or fold(right) in known or not departments:
                    split = (p_start + m.start(), p_start + m.end())
            if split:
                out.append((p_start, split[0]))
                out.append((split[1], p_end))
            else:
                out.append((p_start, p_end))
        return out

    def _merge(self, seats: list[Seat]) -> list[Seat]:
        """One seat per holder: later mentions fill what earlier ones left unknown; a later
        mention that names the holder of an ex-officio seat only attests the holder."""
        merged: list[Seat] = []
        for seat in seats:
            seat.order = seat.spans.get("seat", (0, 0))[0]
            match = None
            for existing in merged:
                if existing.role != seat.role or existing.rule != seat.rule:
                    continue
                if seat.rule:
                    match = existing
                    break
                same_person = (
                    existing.person and seat.person and fold(existing.person) == fold(seat.person)
                )
                if existing.person and seat.person and not same_person:
                    continue
                titles_ok = (
                    not existing.position
                    or not seat.position
                    or fold(existing.position) == fold(seat.position)
                )
                units_ok = (
                    not existing.unit
                    or not seat.unit
                    or _unit_key(existing.unit) == _unit_key(seat.unit)
                )
                if same_person and titles_ok and units_ok:
                    match = existing
                    break
                if (
                    titles_ok
                    and units_ok
                    and existing.position
                    and seat.position
                    and existing.unit
                    and seat.unit
                ):
                    match = existing
                    break
                if (
                    existing.role in {"head", "standing_deputy_head", "leader"}
                    and titles_ok
                    and units_ok
                ):
                    match = existing
                    break
            if match is None:
                merged.append(seat)
                continue
            if seat.person and not match.person:
                match.holder_attested = seat.person
            for attr in ("position", "unit", "unit_text", "portfolio"):
                if getattr(match, attr) is None and getattr(seat, attr) is not None:
                    setattr(match, attr, getattr(seat, attr))
                    key = "unit" if attr == "unit_text" else attr
                    if key in seat.spans:
                        match.spans[key] = seat.spans[key]
            if not seat.mention_only:
                match.order = seat.order
                if _seat_score(seat) >= _seat_score(match):
                    match.spans["seat"] = seat.spans.get("seat", match.spans.get("seat"))
        merged.sort(key=lambda s: (ROLE_ORDER.get(s.role, 9), s.order))
        return merged

    # ------------------------------------------------------------ standing agencies etc.

    DOMAIN_RE = (
        r"(?:về|lĩnh\s+vực|phụ\s+trách|phần|đối\s+với)\s+(?:lĩnh\s+vực\s+)?"
        r"(?P<domain>cải\s+cách\s+hành\s+chính|chuyển\s+đổi\s+số|CCHC|CĐS)"
    )

    def standing_agencies(self) -> list[dict]:
        found = []
        sa = r"cơ\s+quan\s+thường\s+trực"
        patterns = [
            # Cơ quan thường trực Ban Chỉ đạo về X là UNIT
            re.compile(
                sa + r"(?:\s+giúp\s+việc)?(?:\s+(?:của\s+)?(?:Ban\s+chỉ\s+đạo|BCĐ)[^;:.]{0,100}?)??"
                r"(?:\s+" + self.DOMAIN_RE + r")?\s*(?:là|:)\s+(?P<unit>[^;()\n]+?)"
                r"(?=\s*(?:[;()\n]|\.(?:\s|$)|,\s|\s+(?:có|chịu|giúp|chủ\s+trì|là|thực\s+hiện)\s|$))",
                I,
            ),
            # (Giao) UNIT (là|làm) cơ quan thường trực (…) (về X)
            re.compile(
                r"(?P<unit>[^;.:\n]{3,120}?)\s+(?:là|làm)\s+" + sa + r"(?P<rest>[^;.\n]{0,160})", I
            ),
        ]
        seen = set()
        for kind, pattern in enumerate(patterns):
            for match in pattern.finditer(self.work, self.body_start):
                u_start, u_end = match.span("unit")
                if kind == 1:
                    raw = self.work[u_start:u_end]
                    cut = max(raw.rfind(","), raw.rfind(";"), raw.rfind(":"))
                    lead = re.search(
                        r"(?:^|\s)(?:Giao|giao|Theo\s+đó,?|đồng\s+thời|Cơ\s+quan\s+thường\s+trực:?)\s+(?=\S)",
                        raw,
                    )
                    if lead and lead.end() > cut + 1:
                        cut = lead.end() - 1
                    u_start += cut + 1
                    domain_match = re.search(self.DOMAIN_RE, match.group("rest"), I)
                else:
                    domain_match = match if match.group("domain") else None
                raw = self.text[u_start:u_end].strip(" ,")
                u_start = self.text.find(raw, u_start)
                u_end = u_start + len(raw)
                unit_head = UNIT_HEAD_RE.search(raw)
                if not unit_head or unit_head.start() > 0:
                    if unit_head and unit_head.start() < 15:
                        u_start += unit_head.start()
                        raw = self.text[u_start:u_end]
                    else:
                        continue
                domain = "all"
                d_span = None
                if domain_match:
                    key = fold(domain_match.group("domain"))
                    domain = (
                        "administrative_reform"
                        if key in {"cai cach hanh chinh", "cchc"}
                        else "digital_transformation"
                    )
                    d_span = domain_match.span("domain") if kind == 0 else None
                if (domain, fold(raw)) in seen:
                    continue
                seen.add((domain, fold(raw)))
                sentence_start = max(
                    self.work.rfind("\n", 0, match.start()),
                    self.work.rfind(". ", 0, match.start()) + 1,
                )
                found.append(
                    {
                        "domain": domain,
                        "unit": self.canonical_unit(raw),
                        "unit_as_written": raw,
                        "quote": self.text[
                            max(sentence_start, u_start if kind else match.start()) : match.end()
                        ].strip(),
                        "spans": {
                            "unit": [u_start, u_end],
                            "domain": list(d_span) if d_span else None,
                            "quote": [match.start() if kind == 0 else u_start, match.end()],
                        },
                    }
                )
        # one unit per domain: keep the first
        by_domain: dict[str, dict] = {}
        for entry in found:
            by_domain.setdefault(entry["domain"], entry)
        return sorted(by_domain.values(), key=lambda e: e["spans"]["unit"][0])

    def working_group_info(self) -> dict:
        name = seated = None
        spans: dict = {}
        matches = re.finditer(
            r"Tổ\s+công\s+tác\s+giúp\s+việc(?:\s+(?:cho\s+)?(?:Trưởng\s+ban|Ban\s+chỉ\s+đạo)[^.;:()\n]*?"
            r"(?:(?:thành\s+phố|tỉnh)\s+(?:" + _alt(vocab.PLACES) + r")|(?=[.;:(\n])))?",
            self.work,
            I,
        )
        match = max(matches, key=lambda m: m.end() - m.start(), default=None)
        if match:
            spans["name"] = match.span()
            name = capitalize(self.span_text(match.span()))
        at = re.search(
            r"Tổ\s+(?:công\s+tác|giúp\s+việc)[^.;]{0,60}?\s+đặt\s+tại\s+(?P<unit>[^.;,\n]+)",
            self.work,
            I,
        )
        if at:
            seated = self.canonical_unit(self.text[at.start("unit") : at.end("unit")])
            spans["seated_at"] = at.span("unit")
        return {"name": name, "seated_at": seated, "spans": {k: list(v) for k, v in spans.items()}}

    def regulation(self) -> dict | None:
        patterns = [
            r"Quy\s+chế\s+(?:hoạt\s+động|làm\s+việc)[^.;]{0,150}?\s+do\s+(?P<issuer>[^.;,]{3,80}?)\s+(?:ký\s+)?ban\s+hành",
            r"(?P<issuer>(?:Trưởng\s+ban(?:\s+chỉ\s+đạo)?|Chủ\s+tịch\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân)(?:\s+(?:thành\s+phố|tỉnh|TP\.?))?))"
            r"\s+(?:ký\s+)?ban\s+hành\s+Quy\s+chế",
        ]
        for pattern in patterns:
            match = re.search(pattern, self.work, I)
            if match:
                sentence_start = max(
                    self.work.rfind("\n", 0, match.start()) + 1,
                    self.work.rfind(". ", 0, match.start()) + 2,
                )
                sentence_end_m = re.search(r"\.(?:\s|$)|\n", self.work[match.end() :])
                sentence_end = match.end() + (sentence_end_m.start() + 1 if sentence_end_m else 0)
                return {
                    "issuer": self.span_text(match.span("issuer")),
                    "quote": self.text[sentence_start:sentence_end].strip(),
                    "spans": {
                        "issuer": list(match.span("issuer")),
                        "quote": [sentence_start, sentence_end],
                    },
                }
        return None

    # ------------------------------------------------------------ duties

    def duties(self, dual_domain: bool) -> list[dict]:
        duties = []
        if self.is_decision:
            for section in self.sections():
                first = self.work[section["head"] : section["end"]].split("\n", 1)[0]
                if not re.match(r"\s*Nhiệm\s+vụ", first, I):
                    continue
                domain = "all"
                for line_start, line_end in self.lines():
                    if line_start < section["head"] or line_end > section["end"]:
                        continue
                    line = self.work[line_start:line_end]
                    marker = re.match(r"^(?:\d+(?:\.\d+)*\s*[.)]|[a-zđ]\s*\)|[-–+•])\s*", line, I)
                    if not marker:
                        continue
                    content_start = line_start + marker.end()
                    content = self.work[content_start:line_end]
                    header = re.match(
                        r"^(?:Về|Lĩnh\s+vực|Đối\s+với)\s+(?:nội\s+dung\s+|lĩnh\s+vực\s+)?(cải\s+cách\s+hành\s+chính|chuyển\s+đổi\s+số)\s*:?\s*$",
                        content,
                        I,
                    )
                    if header:
                        domain = _domain_of(header.group(1))
                        continue
                    duties.append(
                        self._duty(content_start, line_end, domain if dual_domain else "all")
                    )
            return duties
        paragraphs = [(s, e) for s, e in self.lines()]
        in_duties = False
        domain = "all"
        for p_start, p_end in paragraphs:
            para = self.work[p_start:p_end]
            start_match = re.search(
                r"(?:Ban\s+chỉ\s+đạo[^.;]{0,120}?)\s+có\s+(?:các\s+)?nhiệm\s+vụ\s*:?\s*", para, I
            )
            cont = re.match(
                r"^(?P<lead>(?:Bên\s+cạnh\s+đó|Cùng\s+(?:với\s+)?đó|Ngoài\s+ra|Đồng\s+thời)\s*,\s*"
                r"|Về\s+nội\s+dung\s+(?P<dom>cải\s+cách\s+hành\s+chính|chuyển\s+đổi\s+số)\s*,\s*)"
                r"(?:Ban\s+chỉ\s+đạo\s+(?:còn\s+)?(?:có\s+nhiệm\s+vụ\s+)?)?",
                para,
                I,
            )
            if start_match and not cont:
                in_duties = True
                start = p_start + start_match.end()
                if dual_domain:
                    domain = _majority_domain(para)
                duties.append(self._duty(start, p_end, domain if dual_domain else "all"))
                continue
            if in_duties and cont:
                if cont.group("dom"):
                    domain = _domain_of(cont.group("dom"))
                elif dual_domain:
                    domain = _majority_domain(para) or domain
                duties.append(
                    self._duty(p_start + cont.end(), p_end, domain if dual_domain else "all")
                )
                continue
            in_duties = False
        return duties

    def _duty(self, start, end, domain) -> dict:
        raw = self.text[start:end].strip()
        raw = re.sub(r"\s*(?:\.\.\.|…)\s*$", "", raw)
        raw = re.sub(r";\s*$", ".", raw)
        return {"domain": domain, "text": raw, "spans": {"text": [start, start + len(raw)]}}


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    return re.sub(r"\s+", " ", name).strip(" ,.;")


def _unit_key(unit: str) -> str:
    key = fold(unit)
    for suffix in (" thanh pho ha noi", " ha noi", " thanh pho"):
        if key.endswith(suffix) and key != suffix.strip():
            key = key[: -len(suffix)]
    return key


def _seat_score(seat: Seat) -> int:
    return sum(1 for v in (seat.person, seat.position, seat.unit) if v)


def _domain_of(phrase: str) -> str:
    return (
        "administrative_reform" if fold(phrase).startswith("cai cach") else "digital_transformation"
    )


def _majority_domain(text: str) -> str:
    ar = len(re.findall(r"cải\s+cách\s+hành\s+chính", text, I))
    dx = len(re.findall(r"chuyển\s+đổi\s+số", text, I))
    if ar == dx:
        return "all"
    return "administrative_reform" if ar > dx else "digital_transformation"


# ---------------------------------------------------------------- the whole draft


def extract(text: str, *, extra_units: list[str] | None = None) -> dict:
    """The draft for one text (see the module docstring for its shape)."""
    reader = Reader(text, extra_units=extra_units or [])
    document = reader.document()
    replaces = reader.replaced_mentions()
    committee, action = reader.committee()
    if replaces:
        action = "replace"
    seats, wg_seats = reader.seats()
    agencies = reader.standing_agencies()
    domains = {a["domain"] for a in agencies}
    dual = len(domains - {"all"}) >= 2
    source_date, source_date_span = reader.source_date()
    wg = reader.working_group_info()
    for seat in seats + wg_seats:
        if seat.rule and reader.peoples_committee():
            seat.rule_parent = reader.peoples_committee()
    return {
        "document": document,
        "action": action,
        "replaces": replaces,
        "committee": committee,
        "seats": [_seat_dict(s, text) for s in seats],
        "standing_agencies": agencies,
        "working_group": {**wg, "seats": [_seat_dict(s, text) for s in wg_seats]},
        "duties": reader.duties(dual),
        "regulation": reader.regulation(),
        "source": {
            "kind": "legal_document" if reader.is_decision else "article",
            "date": source_date.isoformat() if source_date and not reader.is_decision else None,
            "spans": {
                "date": list(source_date_span)
                if source_date_span and not reader.is_decision
                else None
            },
        },
        "locality": reader.locality,
    }


def _seat_dict(seat: Seat, text: str) -> dict:
    data = seat.as_dict(text)
    data["rule_parent"] = getattr(seat, "rule_parent", None) if seat.rule else None
    return data
