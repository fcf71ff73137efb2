"""Holders of a role: list pieces grouped into holders, each read into a seat (person,
position, unit), seats described by a rule or distributed over units, and merged."""

import re

from chidao.ingest import vocab
from chidao.ingest.reader.patterns import (
    HONORIFIC_RE,
    ROLE_CHUNK_RE,
    ROLE_ORDER,
    TITLE_RE,
    UNIT_HEAD_RE,
    WORKING_GROUP_ROLES,
    role_code,
)
from chidao.ingest.reader.seats import Seat
from chidao.ingest.reader.text import I
from chidao.ingest.reader.text import folded as fold

# a member list's item that is a body with no title ("Văn phòng UBND tỉnh", "VNPT")
UNIT_ONLY_RE = re.compile(
    r"(?:[Tt]hường\s+trực\s+(?:HĐND|Hội\s+đồng\s+nhân\s+dân)|Ủy\s+ban\s+(?:MTTQ|Mặt\s+trận)|"
    r"Văn\s+phòng|Ngân\s+hàng\s+Nhà\s+nước|Kho\s+bạc\s+Nhà\s+nước|Trung\s+tâm|Sở|Công\s+an|"
    r"Bộ\s+Chỉ\s+huy|Tỉnh\s+đoàn|Thành\s+đoàn|Liên\s+đoàn\s+Lao\s+động|Hội\s+(?:Nông\s+dân|"
    r"Liên\s+hiệp\s+Phụ\s+nữ|Cựu\s+chiến\s+binh)|VNPT|Viettel|Viễn\s+thông|Bưu\s+điện|Điện\s+lực|Bảo\s+hiểm\s+xã\s+hội|"
    r"Cục\s+Thuế|Đài\s+Phát\s+thanh)(?!\w)"
)

AND_GOES_ON = re.compile(
    r"(?:" + "|".join(re.escape(w) for w in vocab.AND_CONTINUATIONS) + r")(?!\w)", re.I
)
# a unit stops where the holder's next post starts ("Tỉnh ủy, Trưởng Đoàn Đại biểu Quốc hội")
UNIT_ENDS_AT_POST = re.compile(
    r",\s*(?:Trưởng\s+Đoàn|Đại\s+biểu|Ủy\s+viên|Thư\s+ký|kiêm|Bí\s+thư|Phó\s+Bí\s+thư)(?!\w)", re.I
)


# the head of a department inside a body ("Vụ trưởng Vụ X", "Trưởng phòng Y"), whose unit may
# go on with the body after a comma
SUB_UNIT_HEAD = re.compile(
    r"(?<!\w)(?:Phó\s+)?(?:Vụ\s+trưởng|Cục\s+trưởng|Tổng\s+cục\s+trưởng|Chi\s+cục\s+trưởng|"
    r"Trưởng\s+phòng|Viện\s+trưởng)(?!\w)",
    re.I,
)

EXECUTIVE_AFTER_PARTY = re.compile(
    r"(?:Phó\s+)?Chủ\s+tịch\s+(?:UBND|Ủy\s+ban\s+nhân\s+dân)|(?:Phó\s+)?Thủ\s+tướng|Bộ\s+trưởng|"
    r"(?:Phó\s+)?Giám\s+đốc|Thứ\s+trưởng",
    re.I,
)


SECRETARIAT = re.compile(r"(?<=Bí thư)\s+Trung\s+ương(?:\s+Đảng)?(?!\w)", re.I)


def _after_honorific(work: str, chunk: dict) -> int:
    found = HONORIFIC_RE.match(work, chunk["start"], chunk["end"])
    return found.end() if found else chunk["start"]


def _party_title(text: str) -> bool:
    match = TITLE_RE.search(text)
    return bool(match) and fold(match.group(0)) in vocab.PARTY_TITLES


MINISTER_TITLES = {
    fold(t) for t in ("Bộ trưởng", "Quyền Bộ trưởng", "Thứ trưởng", "Thứ trưởng Thường trực")
}
MINISTRY_TAILS = {fold(m.split(" ", 1)[1]) for m in vocab.MINISTRIES}
# names with a comma in them ("Văn hóa, Thể thao và Du lịch"): a list is not split there
COMMA_NAMES = [t for t in vocab.DEPARTMENT_TAILS if "," in t] + ["Tài chính, Ngân sách"]
COMMA_NAME_RES = [
    (
        re.compile(re.escape(n.split(",")[0]) + r"$"),
        re.compile(r"\s*" + re.escape(n.split(",")[1].strip())),
    )
    for n in COMMA_NAMES
]


class HoldersMixin:
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
                    if ch == "," and any(
                        left.search(self.work, chunk_start, i)
                        and right.match(self.work, i + 1, end)
                        for left, right in COMMA_NAME_RES
                    ):
                        cut = None  # "Bộ Văn hóa, Thể thao và Du lịch": one name
                    if (
                        ch == ","
                        and re.search(r"Bộ\s+trưởng$", self.work[chunk_start:i])
                        and re.match(r"\s*Chủ\s+nhiệm", self.work[i + 1 : end])
                    ):
                        cut = None  # "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ": one post
                elif ch == " ":
                    m = re.match(r"\s+(?:và|[-–])\s+", self.work[i:end], I)
                    if (
                        m
                        and fold(m.group(0).strip()) == "va"
                        and AND_GOES_ON.match(self.work, i + m.end(), end)
                    ):
                        # "Bộ Khoa học và Công nghệ": one name
                        m = None
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
            # "các Phó Chủ tịch UBND thành phố": a post held by several is a post
            body_text = re.sub(r"^(?:các|những|hai|ba|bốn|năm)\s+(?=\S)", "", body_text)
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
            chunks[-1]["unit_only"] = not (chunks[-1]["title"] or chunks[-1]["names"]) and bool(
                UNIT_ONLY_RE.match(text)
            )
            if chunks[-1]["unit_only"] and len(chunks) > 1 and chunks[-2]["sep"] != "và":
                head = SUB_UNIT_HEAD.search(self.work, chunks[-2]["start"], chunks[-2]["end"])
                if head and head.end() < chunks[-2]["end"] and sep == ",":
                    # "Cục trưởng Cục Kiểm soát thủ tục hành chính, Văn phòng Chính phủ": the
                    # body the department belongs to, not another member
                    chunks[-1]["unit_only"] = False
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
            party_only = has_title and all(
                _party_title(self.work[c["start"] : c["end"]]) for c in current if c["title"]
            )
            # "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh": the same holder's posts
            same_holder = party_only and (
                (has_name and not chunk["names"])
                or EXECUTIVE_AFTER_PARTY.match(self.work, _after_honorific(self.work, chunk))
            )
            # "Phó Thủ tướng Chính phủ, Bộ trưởng Bộ Ngoại giao Bùi Thanh Sơn": posts without a
            # name, then a post whose holder is named at its end: one person's posts
            same_holder = same_holder or (
                has_title
                and not has_name
                and chunk["title"]
                and chunk["sep"] == ","
                and bool(chunk["names"])
                and chunk["names"][-1][1] == chunk["end"]
                and chunk["names"][0][0] > chunk["start"]
            )
            if current and (
                (has_title and chunk["title"] and not same_holder)
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
            if current and (
                all(c["unit_only"] for c in current)
                and (chunk["unit_only"] or chunk["title"] or brings_name)
                or chunk["unit_only"]
                and chunk["sep"] in (",", "và")
                and (has_name or has_title)
            ):
                # "thường trực HĐND, Ủy ban MTTQ, Văn phòng UBND, lãnh đạo các sở": a body each
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
        # "Các Phó Trưởng ban gồm Thứ trưởng: A, B, C": the post every holder has
        shared = re.match(
            r"\s*(?:(?:các|những|hai|ba|bốn|năm|\d+)\s+)?(?P<title>" + TITLE_RE.pattern + r")\s*:",
            self.work[start:end],
            I,
        )
        if shared is None:
            # "các Phó Thủ tướng Nguyễn Văn A, Trần Văn B": a plural post, then the holders
            # (not "các Phó Chủ tịch UBND tỉnh": a post and its unit)
            plural = re.match(
                r"\s*(?:các|những|hai|ba|bốn|năm|\d+)\s+(?P<title>" + TITLE_RE.pattern + r")\s+",
                self.work[start:end],
            )
            names = self.find_names(start + plural.end(), end) if plural else []
            if names and names[0][0] == start + plural.end():
                shared = plural
        if shared:
            start += shared.end()
        seats = self._parse_holders(start, end, role, body, role_span)
        if shared:
            title = vocab.canonical_title(shared.group("title"))
            for seat in seats:
                if seat.position is None and seat.person:
                    seat.position = title
        return seats

    def _parse_holders(self, start, end, role, body, role_span=None) -> list[Seat]:
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
            if len(new) == 1 and new[0].position is None and new[0].person is None and seats:
                # "Lãnh đạo Văn phòng UBND tỉnh, Viễn thông Lạng Sơn, Viettel Lạng Sơn": a body
                # alone after a post held in a body, with no holder named, has the same post
                last = seats[-1]
                if last.position and not last.person and not last.rule and last.unit:
                    new[0].position = last.position
            for seat in new:
                if role_span:
                    seat.spans["role"] = role_span
                seats.append(seat)
        return seats

    def parse_item(self, start, end, chunks, role, body) -> list[Seat]:
        if ":" in self.work[start:end]:
            dist = self._distribution(start, end, role, body)
            if dist:
                return dist
        dist = self._distribution(start, end, role, body)
        if dist and all(s.known_piece for s in dist):
            # "giám đốc các Sở Tài chính, Nội vụ, Xây dựng": one seat per named department,
            # not the rule "Giám đốc các sở"
            return dist
        rule = self._rule(start, end, role, body)
        if rule:
            before = self.work[start : rule.spans["rule"][0]]
            joined = re.search(r"\s+(?:cùng\s+(?:với\s+)?|và\s+)(?:các\s+)?$", before, I)
            if joined and TITLE_RE.search(before[: joined.start()]):
                # "Thống đốc Ngân hàng Nhà nước Nguyễn Thị Hồng cùng các lãnh đạo bộ, ngành"
                return self._parse_holders(start, start + joined.start(), role, body) + [rule]
            return [rule]
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
            while m and SECRETARIAT.match(self.work, m.end(), c["end"]):
                # "Bí thư Trung ương Đảng" is a membership, as "Ủy viên Bộ Chính trị" is
                m = TITLE_RE.search(self.work, m.end(), c["end"])
            if m and title_match is None:
                title_match = m
                if fold(m.group(0)) not in vocab.PARTY_TITLES:
                    break
            elif m and fold(title_match.group(0)) in vocab.PARTY_TITLES:
                # "Phó Bí thư, Chủ tịch UBND tỉnh": the executive post (not "Chủ tịch HĐND")
                if EXECUTIVE_AFTER_PARTY.match(self.work, m.start(), c["end"]):
                    title_match = m
                    break
        if title_match is not None:
            # "điều chỉnh chức vụ … từ Quyền Bộ trưởng thành Bộ trưởng Bộ Ngoại giao": the new post
            became = re.compile(r"\s(?:thành|sang)\s+(?=" + TITLE_RE.pattern + ")", I).search(
                self.work, title_match.end(), end
            )
            if became and re.search(r"(?<!\w)từ\s*$", self.work[start : title_match.start()], I):
                title_match = TITLE_RE.match(self.work, became.end(), end)
        if not names and not title_match:
            return self._unit_only(start, end, role, body)
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
            seat.position = vocab.canonical_title(title_match.group(0))
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
            portfolio = re.search(
                r"\s+(?:phụ\s+trách|trực\s+tiếp\s+(?:theo\s+dõi|phụ\s+trách|chỉ\s+đạo)"
                r"(?:\s*,?\s*(?:chỉ\s+đạo|phụ\s+trách))?)\s+",
                self.work[unit_start:unit_end],
                I,
            )
            if portfolio:
                p_start = unit_start + portfolio.end()
                p_end = unit_end
                raw = self.text[p_start:p_end].strip(" ,;.")
                seat.portfolio = raw or None
                seat.spans["portfolio"] = (p_start, p_start + len(raw))
                unit_end = unit_start + portfolio.start()
            tail = re.search(
                r"\s+(?:mới|được\s+giao|được\s+bổ\s+sung|thuộc\s+Ban|(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá))\b.*$",
                self.work[unit_start:unit_end],
                I,
            )
            if tail:
                unit_end = unit_start + tail.start()
            post = UNIT_ENDS_AT_POST.search(self.work, unit_start, unit_end)
            if post:
                unit_end = post.start()
            raw_unit = re.sub(r"\s+và$", "", self.text[unit_start:unit_end].strip(" ,;:.-–"))
            raw_unit = raw_unit.strip(" ,;:.-–")
            # "Lãnh đạo cấp phòng của Sở Tài chính": the unit after "của"
            raw_unit = re.sub(r"^(?:của|thuộc)\s+(?=\S)", "", raw_unit, flags=I)
            minister = fold(seat.position) in MINISTER_TITLES
            if raw_unit and minister and fold(raw_unit) in MINISTRY_TAILS:
                # "Bộ trưởng Thông tin và Truyền thông": the ministry written out
                raw_unit = "Bộ " + raw_unit
            if raw_unit and (
                unit_word
                or UNIT_HEAD_RE.search(raw_unit)
                or re.match(r"(?:UBND|Ủy\s+ban)", raw_unit)
            ):
                offset = self.text.find(
                    re.sub(r"^Bộ ", "", raw_unit) if minister else raw_unit, unit_start
                )
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

    def _unit_only(self, start, end, role, body) -> list[Seat]:
        """A member named by its body alone ("thành viên là thường trực HĐND, Ủy ban MTTQ,
        Văn phòng UBND"): a seat held by the body, with no title."""
        raw = self.text[start:end].strip(" ,;:.-–…")
        raw = re.sub(r"^(?:và|cùng)\s+", "", raw, flags=I)
        if body == "working_group" or not UNIT_ONLY_RE.match(raw) or len(raw) > 90:
            return []
        if re.search(r"[:;(]|\s(?:là|làm|do)\s", raw):
            return []
        seat = Seat(role=role, body=body)
        offset = self.text.find(raw, start)
        seat.unit_text = raw
        seat.unit = self.canonical_unit(raw)
        seat.spans = {"seat": (start, end), "unit": (offset, offset + len(raw))}
        return [seat]

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


def _unit_key(unit: str) -> str:
    key = fold(unit)
    for suffix in (" thanh pho ha noi", " ha noi", " thanh pho"):
        if key.endswith(suffix) and key != suffix.strip():
            key = key[: -len(suffix)]
    return key


def _seat_score(seat: Seat) -> int:
    return sum(1 for v in (seat.person, seat.position, seat.unit) if v)
