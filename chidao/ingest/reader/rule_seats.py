"""Seats a text describes by a rule ("Giám đốc các sở", "Chủ tịch UBND các quận, huyện")
or distributes over a list of units, and the splitting of such a list into its units."""

import re

from chidao.ingest import vocab
from chidao.ingest.reader.holders import COMMA_NAMES
from chidao.ingest.reader.patterns import TITLE_RE
from chidao.ingest.reader.seats import Seat
from chidao.ingest.reader.text import I, alt, capitalize
from chidao.ingest.reader.text import folded as fold

# a unit of its own in a list of departments ("các sở: Tài chính, Công an tỉnh, Văn phòng UBND")
_OTHER_UNIT = re.compile(
    r"(?:Công\s+an|Văn\s+phòng|Bộ\s+Chỉ\s+huy|Ban|Ủy\s+ban|UBND|Đài|Báo|Trường|Viện|Kho\s+bạc|"
    r"Ngân\s+hàng|Thuế|Cục|Chi\s+cục|Tỉnh\s+(?:ủy|đoàn)|Thành\s+(?:ủy|đoàn)|Hội|Liên\s+đoàn|"
    r"Viễn\s+thông|Bưu\s+điện)(?!\w)"
)


class RuleSeatsMixin:
    _RULES = [
        (
            "department_heads",
            re.compile(
                r"(?P<title>Giám\s+đốc|Thủ\s+trưởng)\s+(?:các|tất\s+cả\s+các)\s+Sở(?:\s*,\s*ngành)?"
                r"(?:\s+(?:trực\s+thuộc|thuộc)\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân)\s*(?:thành\s+phố|tỉnh|TP)?\.?"
                r"(?:\s*" + "(?:" + alt(vocab.PLACES) + "))?)?",
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
                r"(?P<title>(?:đại\s+diện\s+)?lãnh\s+đạo)\s+(?:của\s+)?(?:(?:các|một\s+số)\s+)?"
                # "sở, ban, ngành", "sở, ban ngành", "sở ngành", "bộ, ngành"; "đơn vị thuộc,
                # trực thuộc Bộ Nội vụ"
                r"(?:(?:sở|bộ)(?:\s*,\s*|\s+)(?:ban\s*,?\s*)?ngành(?!\s*[:(])"
                r"|đơn\s+vị\s+(?:trực\s+)?thuộc(?:\s*,\s*trực\s+thuộc)?\s+Bộ(?:\s+[A-ZĐ]\w*)+)"
                r"(?:\s+(?:của|thuộc)\s+(?:UBND\s+|Ủy\s+ban\s+nhân\s+dân\s+)?(?:thành\s+phố|tỉnh|TP)\.?"
                r"(?:\s*(?:" + alt(vocab.PLACES) + "))?)?",
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
        r"(?P<head>Ban\s+quản\s+lý\s+dự\s+án|Sở|Bộ|Cục|Chi\s+cục|Ban|Trung\s+tâm|Phòng)(?!\s+ngành)"
        r"(?P<mixed>(?:\s*,\s*(?:ban|ngành|đơn\s+vị|cơ\s+quan|địa\s+phương))*)"
        r"\s*(?P<open>[:(])?\s*(?P<list>.+?)\s*\)?\s*$",
        I | re.S,
    )

    def _distribution(self, start, end, role, body) -> list[Seat]:
        """ "Cục trưởng các Cục: Thuế …, Thống kê …" -> one seat per unit."""
        stripped_start = (
            start + len(self.work[start:end]) - len(self.work[start:end].lstrip(" ,-–"))
        )
        match = self._DIST.match(self.work, stripped_start, end)
        if not match or (match.group("mixed") and match.group("open") != ":"):
            return []
        if fold(match.group("head")) == "bo" and match.group("open") != ":":
            return []
        mixed = bool(match.group("mixed"))
        known = {fold(t) for t in vocab.DEPARTMENT_TAILS} | {
            fold(m.split(" ", 1)[1]) for m in vocab.MINISTRIES
        }
        known |= {fold(re.sub(r"^Sở\s+", "", u)) for u in self.extra_units if u.startswith("Sở ")}
        head = match.group("head")
        head_text = self.text[match.start("head") : match.end("head")]
        list_start = match.start("list")
        list_end = match.end("list")
        title = vocab.canonical_title(match.group("title"))
        pieces = self._split_list(list_start, list_end, fold(head) in {"so", "bo"})
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
            if mixed and fold(piece) not in known:
                # "lãnh đạo các sở, ban, ngành, đơn vị: Tài chính, Công an tỉnh, …"
                raw_unit = piece
            elif fold(head) == "so" and _OTHER_UNIT.match(piece):
                # "lãnh đạo các sở: Tài chính, Nội vụ, Công an tỉnh": not "Sở Công an tỉnh"
                raw_unit = piece
            seat = Seat(role=role, body=body, position=title)
            seat.known_piece = fold(piece) in known
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
        known |= {fold(m.split(" ", 1)[1]) for m in vocab.MINISTRIES}
        known |= {fold(re.sub(r"^Sở\s+", "", u)) for u in self.extra_units if u.startswith("Sở ")}
        # "Văn hóa, Thể thao và Du lịch": pieces that make a known name together
        merged = []
        for piece in pieces:
            if merged and separator == ",":
                joined = self.work[merged[-1][0] : piece[1]].strip().lower()
                if any(k.lower().startswith(joined) for k in COMMA_NAMES):
                    merged[-1] = (merged[-1][0], piece[1])
                    continue
            merged.append(piece)
        pieces = merged
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
