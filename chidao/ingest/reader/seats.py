"""Seats: where they are stated (articles, clauses, sentences) and the statements that
name them ("ROLE là/gồm: HOLDERS", "HOLDERS là ROLE", "Ông A, Giám đốc Sở X, Ủy viên")."""

import re
from dataclasses import dataclass, field

from chidao.ingest import vocab
from chidao.ingest.reader.patterns import (
    INTRO_RE,
    ROLE_CHUNK_RE,
    ROLE_CORE,
    ROLE_RE,
    TITLE_RE,
    VERB_BEFORE_ROLE,
    WORKING_GROUP_ROLES,
    role_code,
)
from chidao.ingest.reader.text import I

APPOINTED_BEFORE = re.compile(
    r"\s(?:làm|là|giữ\s+chức)\s+"
    + ROLE_CORE
    + r"(?:\s+(?:Ban\s+chỉ\s+đạo|BCĐ))?(?:\s+thường\s+trực)?\s*$",
    I,
)
LIST_GOES_ON = re.compile(
    r"\s*(?:Ông|Bà|Đồng\s+chí)\s+[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*){1,3}\s*,\s*(?:" + TITLE_RE.pattern + ")",
    I,
)
APPOSITIVE_ROLE = re.compile(
    r"(?P<role>(?:Phó\s+)?Trưởng\s+ban[^,;.()]{0,150}?)\s+(?:cho\s+biết|chủ\s+trì|phát\s+biểu|"
    r"nhấn\s+mạnh|khẳng\s+định|chia\s+sẻ|yêu\s+cầu|đề\s+nghị)(?!\w)",
    I,
)
ROLE_BY = re.compile(
    r"(?:\s+(?:Ban\s+chỉ\s+đạo|BCĐ))?(?:\s+thường\s+trực)?\s+do\s+(?P<holders>[^;]+?)"
    r"\s+(?:đảm\s+(?:nhiệm|nhận)|phụ\s+trách|làm|giữ)\s*[.;,]?\s*$",
    I,
)
BRACKETED_ROLE = re.compile(r"\s*\(\s*(?P<role>" + ROLE_CORE + r")\s*\)", I)
REPLACED = re.compile(r"thay\s+(?:thế\s+)?(?:cho\s+)?(?:đồng\s+chí|ông|bà|đ/c)\s+", I)


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
    known_piece: bool = False
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


class SeatsMixin:
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
            return [(self.body_start, len(self.work), self._news_body())]
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

    def _news_body(self) -> str:
        """The body a news text's seats belong to: the working group when what the text
        reports is done to a committee's working group ("bổ sung thành viên Tổ công tác giúp
        việc Ủy ban Quốc gia …"), else the committee."""
        act = self.ACT_ON_COMMITTEE.search(self.work, self.body_start)
        if act and re.search(r"Tổ\s+(?:công\s+tác|giúp\s+việc)$", act.group(0), I):
            if re.match(r"\s+giúp\s+việc|(?<=việc)", self.work[act.end() : act.end() + 12], I):
                return "working_group"
        return "committee"

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
            elif ch == "," and depth == 0 and APPOINTED_BEFORE.search(self.work, pos, i):
                # "A làm Trưởng ban, B làm Phó Trưởng ban": one statement each
                yield pos, i
                pos = i + 1
            elif (
                ch == " "
                and depth == 0
                and re.match(r" và\s", self.work[i : i + 4])
                and APPOINTED_BEFORE.search(self.work, pos, i)
            ):
                # "A là Phó Trưởng ban Thường trực Ban Chỉ đạo và B là Phó Trưởng ban"
                yield pos, i
                pos = i + 4
            elif ch == " " and depth == 0 and i >= pos:
                # "…, thành viên Ban Chỉ đạo thay đồng chí Y": Y is the seat taken away
                # (read by the amend), not a holder
                replaced = REPLACED.match(self.work, i + 1, end)
                if replaced:
                    stop = self.work.find(";", i, end)
                    yield pos, i
                    pos = stop if stop != -1 else end
        yield pos, end

    def _seat_sentence(self, start, end, state, found, is_item):
        sentence = self.work[start:end]
        sentence_body = state["body"]
        if re.search(r"Tổ\s+công\s+tác", sentence[:60], I) or re.match(
            r"\s*(?:Thành\s+phần\s+)?Tổ\s+giúp\s+việc(?:\s+(?:của\s+)?Ban\s+chỉ\s+đạo)?\s*(?::|gồm)",
            sentence,
            I,
        ):
            # "Tổ giúp việc: Tổ trưởng: …; thành viên gồm: …": the group's members
            sentence_body = "working_group"
        open_role = state.get("role")
        if open_role is None and state.get("list_role") and LIST_GOES_ON.match(sentence):
            # "… ; Trần Văn Sơn, Bộ trưởng. Ông Lê Thành Long, Bộ trưởng Bộ Tư pháp; …": a
            # list the press broke with a period goes on with the next holder
            open_role = state["list_role"]
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
            state["list_role"] = open_role if ";" in sentence else None

    def _statement(self, start, end, body, state, found) -> tuple[bool, str | None]:
        """One segment: "ROLE là/gồm/: HOLDERS", "HOLDERS là ROLE", or an item with its role
        at the end ("Ông A, Giám đốc Sở X, Ủy viên"). Returns (handled, open role)."""
        seg = self.work[start:end]
        lead = re.match(
            r"^\s*(?:và\s+|đồng\s+thời\s*,?\s*|theo\s+đó\s*,?\s*|cùng\s+với\s+đó\s*,?\s*|"
            r"ngoài\s+ra\s*,?\s*)?(?:bổ\s+sung\s+)?",
            seg,
            I,
        )
        offset = start + (lead.end() if lead else 0)
        bracketed = self._bracketed_roles(offset, end, body)
        if bracketed:
            found.extend(bracketed)
            return True, None
        lead_role = self._role_leads(offset, end, body)
        if lead_role:
            found.extend(lead_role)
            return True, None
        for role_match in ROLE_RE.finditer(self.work, offset, end):
            role = role_code(role_match.group("role"))
            if role_match.group("role").lower().startswith("thành viên") and re.search(
                r"danh\s+sách\s*$|các\s+thành\s+viên\s+ban\s+chỉ\s+đạo\s+chịu",
                self.work[max(0, role_match.start() - 20) : role_match.end() + 30],
                I,
            ):
                continue
            intro = INTRO_RE.match(self.work, role_match.end(), end)
            if (
                role == "member"
                and intro
                and re.match(r"(?:\d+|hai|ba|bốn|năm)\s", role_match.group(0), I)
                and ROLE_RE.match(self.work[intro.end() : end].lstrip())
            ):
                # "Tổ giúp việc có 10 thành viên: Tổ trưởng là …": a count, then the roles
                continue
            seat_body = body
            if role in WORKING_GROUP_ROLES:
                seat_body = "working_group"
            elif (
                role == "member"
                and intro
                and re.match(r"\s*Tổ\s+(?:công\s+tác|giúp\s+việc)", intro.group(0), I)
            ):
                # "Các thành viên Tổ giúp việc gồm: …"
                seat_body = "working_group"
            elif _group_named_last(self.work[start : role_match.start()]):
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
            joins = role_match.group("role").lower().startswith("tham")
            if intro and (joins or self._role_first(before)):
                state["role"], state["open_body"] = role, seat_body
                holders_start = intro.end()
                seats = self.parse_holders(
                    holders_start, end, role, seat_body, role_span=role_match.span("role")
                )
                found.extend(seats)
                return True, role
            # ROLE do HOLDERS đảm nhiệm: "Trưởng ban do Chủ tịch UBND tỉnh Nguyễn Văn A đảm nhiệm"
            by = ROLE_BY.match(self.work, role_match.end(), end)
            if by and self._role_first(before):
                seats = self.parse_holders(
                    by.start("holders"),
                    by.end("holders"),
                    role,
                    seat_body,
                    role_span=role_match.span("role"),
                )
                if seats:
                    found.extend(seats)
                    return True, None
            # HOLDERS là ROLE
            verb = VERB_BEFORE_ROLE.search(self.work[offset : role_match.start()])
            if verb and verb.start() > 0:
                holder_end = offset + verb.start()
                mention = bool(verb.group("mention"))
                holder_start = offset
                agent = list(re.finditer(r"(?<!\w)do\s+(?=\S)", self.work[offset:holder_end], I))
                if agent:
                    # "… thành lập Ban Chỉ đạo … do Phó Thủ tướng A làm Trưởng ban": A holds it
                    holder_start = offset + agent[-1].end()
                colon = self.work.rfind(":", holder_start, holder_end)
                if (
                    colon != -1
                    and "(" not in self.work[colon:holder_end]
                    and re.search(
                        r"Ban\s+chỉ\s+đạo|BCĐ|Ủy\s+ban|Quyết\s+định|QĐ",
                        self.work[holder_start:colon],
                        I,
                    )
                ):
                    # "… ký Quyết định … điều chỉnh thành viên Ban Chỉ đạo: ông A, … làm …"
                    holder_start = colon + 1
                seats = self.parse_holders(
                    holder_start, holder_end, role, seat_body, role_span=role_match.span("role")
                )
                for seat in seats:
                    seat.mention_only = mention
                if seats:
                    found.extend(seats)
                    return True, None
            # an item that ends with its role: "Ông A, Giám đốc Sở X, Ủy viên"
            tail_text = self.work[
                role_match.start() - (1 if role_match.start() > 0 else 0) : end
            ].lstrip(",-–\t|: ")
            tail = ROLE_CHUNK_RE.match(tail_text)
            reported = APPOSITIVE_ROLE.match(tail_text)
            if tail is None and reported:
                # "Ông A, Chủ tịch UBND Thành phố, Trưởng Ban Chỉ đạo X cho biết, …"
                tail = ROLE_CHUNK_RE.match(reported.group("role"))
            sep = re.search(
                r"(?:,|:|\t|\s[-–]\s|\|)\s*(?:là\s+|làm\s+)?(?:(?:các|\d+)\s+)?$",
                self.work[offset : role_match.start()],
            )
            if sep is None and re.match(
                r"(?:Phó\s+)?Trưởng\s+Ban\s+Chỉ\s+đạo", self.work[role_match.start() : end]
            ):
                # "Ông A - Phó Bí thư Thường trực Tỉnh ủy Phó Trưởng Ban Chỉ đạo"
                sep = re.search(r"\s+$", self.work[offset : role_match.start()])
            if sep and tail and sep.start() > 0:
                seats = self.parse_holders(
                    offset, offset + sep.start(), role, seat_body, role_span=role_match.span("role")
                )
                moved = MOVED_POST.search(self.work, role_match.end(), end)
                if len(seats) == 1 and seats[0].position is None and moved:
                    # "ông A, thành viên Ban Chỉ đạo, từ Quyền Bộ trưởng thành Bộ trưởng Bộ X"
                    post = self.parse_holders(moved.start(), end, role, seat_body)
                    if len(post) == 1 and post[0].position:
                        seats[0].position, seats[0].unit = post[0].position, post[0].unit
                        seats[0].unit_text = post[0].unit_text
                        seats[0].spans.update(
                            {k: v for k, v in post[0].spans.items() if k in ("position", "unit")}
                        )
                if seats:
                    found.extend(seats)
                    return True, state.get("role")
            # a role header alone: "3. Các Phó Trưởng ban:" / "Ủy viên gồm:"
            if intro and not before.strip(" ,-–"):
                state["role"], state["open_body"] = role, seat_body
                return True, role
        return False, None

    def _role_leads(self, start, end, body) -> list[Seat]:
        """ "Là thành viên mới của Tổ công tác …, ông A, Phó Cục trưởng Cục X sẽ tham gia …":
        the role first, then the holder up to what he will do."""
        lead = re.match(r"\s*Là\s+", self.work[start:end])
        role_match = lead and ROLE_RE.match(self.work, start + lead.end(), end)
        comma = role_match and self.work.find(",", role_match.end(), end)
        if not role_match or comma == -1 or "(" in self.work[role_match.end() : comma]:
            return []
        stop = re.search(
            r"\s(?:sẽ|được|đã|tham\s+gia|phụ\s+trách|cho\s+biết)\s", self.work[comma:end], I
        )
        holders_end = comma + stop.start() if stop else end
        role = role_code(role_match.group("role"))
        if role in WORKING_GROUP_ROLES or re.search(
            r"Tổ\s+(?:công\s+tác|giúp\s+việc)", self.work[role_match.end() : comma], I
        ):
            body = "working_group"
        return self.parse_holders(
            comma + 1, holders_end, role, body, role_span=role_match.span("role")
        )

    def _bracketed_roles(self, start, end, body) -> list[Seat]:
        """Holders each followed by their group role in brackets: "Tổ giúp việc gồm: Phó Giám đốc Sở
        X (Tổ trưởng), Trưởng phòng Y (Tổ phó)" - one seat each, the holder from the
        previous bracket (or the colon) to its own."""
        marks = [
            m
            for m in BRACKETED_ROLE.finditer(self.work, start, end)
            if role_code(m.group("role")) in WORKING_GROUP_ROLES
        ]
        if not marks:
            return []
        colon = self.work.rfind(":", start, marks[0].start())
        pos = colon + 1 if colon != -1 else start
        seats = []
        for mark in marks:
            holder = re.sub(r"^[\s,;]*(?:và\s+)?", "", self.work[pos : mark.start()])
            h_start = mark.start() - len(holder)
            role = role_code(mark.group("role"))
            seat_body = "working_group" if role in WORKING_GROUP_ROLES else body
            if holder.strip():
                seats.extend(self.parse_holders(h_start, mark.start(), role, seat_body))
            pos = mark.end()
        return seats

    @staticmethod
    def _role_first(before: str) -> bool:
        """The words before "ROLE là …" introduce it ("có", "và 3", "Ban chỉ đạo này có
        thêm") rather than name a holder ("Ông A là …")."""
        tail = before[-80:]
        if not tail.strip(" ,-–\t"):
            return True
        if re.search(
            r"(?:^|\s)(?:có|gồm|với|thêm|còn\s+có|bao\s+gồm|và|đồng\s+thời|Theo\s+đó,?|bổ\s+sung|vị\s+trí|vai\s+trò|"
            # "Ban Chỉ đạo gồm 20 thành viên, trong đó Trưởng ban là …", "cụ thể, …"
            r"phân\s+công|trong\s+đó|cụ\s+thể\s*,?)\s*$",
            tail,
            I,
        ):
            return True
        if TITLE_RE.search(tail) or re.search(vocab.HONORIFICS, tail):
            return False
        return bool(re.search(r"[,:]\s*$", tail)) or not re.search(r"\w", tail)


MOVED_POST = re.compile(r"(?<!\w)từ\s+(?=" + TITLE_RE.pattern + r"[^.;]*\s(?:thành|sang)\s)", I)


def _group_named_last(before: str) -> bool:
    """The words before a role name a working group ("Tổ công tác có Tổ trưởng là …") and no
    committee after it ("… thành lập Ban chỉ đạo và Tổ giúp việc Ban chỉ đạo …, Ban chỉ đạo
    có Trưởng ban là …": the committee's head)."""
    groups = list(re.finditer(r"Tổ\s+công\s+tác|Tổ\s+giúp\s+việc", before, I))
    if not groups:
        return False
    rest = before[groups[-1].end() :]
    rest = re.sub(
        r"^(?:\s+giúp\s+việc)?\s+(?:cho\s+)?(?:của\s+)?(?:Ban\s+chỉ\s+đạo|BCĐ|Ủy\s+ban\s+Quốc\s+gia)",
        "",
        rest,
        flags=I,
    )
    return not re.search(r"Ban\s+chỉ\s+đạo|BCĐ|Ủy\s+ban\s+Quốc\s+gia", rest, I)
