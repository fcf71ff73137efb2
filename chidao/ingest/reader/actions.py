"""Acts that change a committee without setting it up anew: amend (add, remove or replace
members, change a member's post) and dissolve (end it); the seats an amend takes away and
the committees a decision ends."""

import re

from chidao.core.text import fold
from chidao.ingest.reader.patterns import TITLE_RE
from chidao.ingest.reader.seats import Seat
from chidao.ingest.reader.text import I

AMEND_WORDS = re.compile(
    r"(?<!\w)(?:bổ\s+sung|thay\s+thế|thay(?=\s+(?:cho\s+)?(?:đồng\s+chí|ông|bà|đ/c)\s)|"
    r"thay\s+đổi|điều\s+chỉnh|thôi\s+(?:tham\s+gia|làm|giữ)|miễn\s+nhiệm|thành\s+viên\s+mới)(?!\w)",
    I,
)
REPLACED = re.compile(r"(?<!\w)thay\s+(?:thế\s+)?(?:cho\s+)?(?P<hon>đồng\s+chí|ông|bà|đ/c)\s+", I)
FORMER_POST = re.compile(
    r"\s*[,–-]\s*(?P<post>(?P<former>nguyên\s+)?(?=" + TITLE_RE.pattern + r"))", I
)
DISSOLVE_WORDS = re.compile(r"giải\s+thể|chấm\s+dứt\s+hoạt\s+động", I)


class ActionsMixin:
    def amend_or_dissolve(self) -> str | None:
        """ "amend" or "dissolve" when the text's act on its committee is one of them: the
        summary of a decision ("Về việc bổ sung thành viên …", "… giải thể …"), else the first
        act the text reports ("bổ sung, kiện toàn thành viên Ban Chỉ đạo", "quyết định giải
        thể Ban Chỉ đạo")."""
        title = self._title()[0] or ""
        if self.is_decision and title:
            return _kind_of_act(title)
        act = self.ACT_ON_COMMITTEE.search(self.work, self.body_start)
        if act is None:
            return None
        return _kind_of_act(act.group(0))

    def reported_act(self) -> str | None:
        """The act a news text reports when no verb stands right before the committee's name:
        "Ban Chỉ đạo … được kiện toàn trên cơ sở …", "phê duyệt danh sách thành viên …",
        "tổ chức lại Ban chỉ đạo …", "Ban này thành lập sẽ thay thế …"."""
        act = self.ACT_ON_COMMITTEE.search(self.work, self.body_start)
        if act is None:
            return None
        phrase = act.group(0)
        if re.search(r"thành\s+lập", phrase, I):
            return "establish"
        if re.search(
            r"kiện\s+toàn|củng\s+cố|tổ\s+chức\s+lại|phê\s+duyệt\s+danh\s+sách|đổi\s+tên", phrase, I
        ):
            return "reconstitute"
        return None

    def dissolved_names(self) -> list[str]:
        """Names of the committees the text ends ("giải thể Ban Chỉ đạo X", "giải thể … Tổ
        công tác Y")."""
        from chidao.ingest.reader.committee_name import _clean_name

        names = []
        spans = self.committee_names()
        for verb in DISSOLVE_WORDS.finditer(self.work, self.body_start):
            window = self.work[verb.end() : verb.end() + 120]
            following = [s for s in spans if verb.end() <= s[0] <= verb.end() + 120]
            if following and not re.search(r"[.;]", self.work[verb.end() : following[0][0]]):
                names.append(_clean_name(self.span_text(following[0])))
                continue
            quoted = re.search(r"[\"“](?P<name>Tổ\s+công\s+tác[^\"”]{5,200}?)[.]?[\"”]", window)
            if quoted:
                start = verb.end() + quoted.start("name")
                end = self.work.find('"', start)
                end = min(x for x in (end, self.work.find("”", start)) if x != -1)
                names.append(_clean_name(self.text[start:end]))
        out = []
        for name in names:
            if name and fold(name) not in {fold(n) for n in out}:
                out.append(name)
        return out

    def amend_seats(self, seats: list[Seat]) -> tuple[list[Seat], list[Seat]]:
        """The seats an amend names (those stated where the text adds, replaces or changes a
        member) and the seats it takes away ("… thay đồng chí Y": Y's seat)."""
        kept = [s for s in seats if self._in_amend_context(s.spans.get("seat", (0, 0))[0])]
        removed: list[Seat] = []
        for match in REPLACED.finditer(self.work, self.body_start):
            names = self.find_names(match.end(), min(len(self.work), match.end() + 40))
            if not names or names[0][0] != match.end():
                continue
            person = self.span_text(names[0])
            if any(r.person and fold(r.person) == fold(person) for r in removed):
                continue
            role = "member"
            before = [s for s in kept if s.spans.get("seat", (0, 0))[0] < match.start()]
            if before:
                role = max(before, key=lambda s: s.spans["seat"][0]).role
            seat = Seat(role=role, person=person)
            seat.spans = {"seat": (match.start(), names[0][1]), "person": names[0]}
            self._former_post(seat, names[0][1])
            removed.append(seat)
        # the person a member leaves is taken out of that seat, not out of a new one ("bổ sung
        # bà A làm Phó Trưởng ban; … ông B, thành viên thay bà A")
        removed_seats = {(fold(r.person), r.role) for r in removed}
        kept = [s for s in kept if not (s.person and (fold(s.person), s.role) in removed_seats)]
        return kept, removed

    def _former_post(self, seat: Seat, after: int) -> None:
        """The post a replaced member held, when the text gives it after the name ("thay ông
        Y, nguyên Phó Vụ trưởng Vụ Kế hoạch – Tài chính"): the post as the text words it,
        "nguyên" (former) kept, and its unit."""
        post = FORMER_POST.match(self.work, after)
        if post is None:
            return
        end = post.end()
        stop = re.compile(r"[;)\n]|\.(?:\s|$)|,\s*(?:là|làm|thay|được|và|hiện|nay|đã)\s")
        found = stop.search(self.work, post.start("post"), min(len(self.work), end + 200))
        end = found.start() if found else min(len(self.work), end + 200)
        parsed = self.parse_holders(post.start("post"), end, seat.role, seat.body)
        if len(parsed) != 1 or not parsed[0].position or parsed[0].person:
            return
        former = post.group("former")
        seat.position = f"{former.strip()} {parsed[0].position}" if former else parsed[0].position
        seat.unit, seat.unit_text = parsed[0].unit, parsed[0].unit_text
        seat.spans.update({k: v for k, v in parsed[0].spans.items() if k in ("position", "unit")})
        if former and "position" in seat.spans:
            seat.spans["position"] = (post.start("former"), seat.spans["position"][1])

    def _in_amend_context(self, pos: int) -> bool:
        sentence_start = max(
            self.work.rfind("\n", 0, pos),
            self.work.rfind(". ", 0, pos),
            self.work.rfind(";", 0, pos),
        )
        sentence_end = min(
            x
            for x in (self.work.find("\n", pos), self.work.find(". ", pos), len(self.work))
            if x != -1
        )
        if AMEND_WORDS.search(self.work, sentence_start + 1, sentence_end):
            return True
        # "Theo đó, bổ sung ông A, … làm thành viên; bà B, … làm thành viên": the verb that
        # opens the sentence goes over its list
        full_start = max(self.work.rfind("\n", 0, pos), self.work.rfind(". ", 0, pos))
        first_clause_end = self.work.find(";", full_start + 1, pos)
        if first_clause_end != -1 and AMEND_WORDS.search(
            self.work, full_start + 1, first_clause_end
        ):
            return True
        # a list under "bổ sung thành viên … như sau:"
        line_start = self.work.rfind("\n", 0, pos)
        while line_start > 0:
            previous = self.work.rfind("\n", 0, line_start)
            line = self.work[previous + 1 : line_start].strip()
            if line.endswith(":"):
                return bool(AMEND_WORDS.search(line))
            if not line or not re.match(r"(?:[-–+•]|[a-zđ]\)|\d+\.|Ông|Bà|Đồng\s+chí)", line, I):
                return False
            line_start = previous
        return False


def _kind_of_act(phrase: str) -> str | None:
    if DISSOLVE_WORDS.search(phrase):
        return "dissolve"
    if re.search(r"bổ\s+sung", phrase, I) or re.search(
        r"(?:kiện\s+toàn|thay\s+đổi|điều\s+chỉnh)(?:\s+(?:các|danh\s+sách))?\s+thành\s+(?:viên|phần)"
        r"|kiện\s+toàn\s+chức\s+danh",
        phrase,
        I,
    ):
        return "amend"
    return None
