"""The committee's name, its predecessor and the action (establish, reconstitute…)."""

import re

from chidao.core.text import fold
from chidao.ingest.reader.patterns import LOCALITY_RE, ROLE_CORE
from chidao.ingest.reader.text import I


class CommitteeMixin:
    # ------------------------------------------------------------ committee and action

    NAME_START = re.compile(
        r"(?<!\w)(?:Ban\s+chỉ\s+đạo|Ủy\s+ban\s+Quốc\s+gia)(?!\w)(?!\s+(?:này|nói\s+trên))", I
    )
    NAME_STOP = re.compile(
        r"(?<!TP)(?<!Tp)\.(?=\s|$)|\((?-i:(?![A-ZĐ]{2,10}\)))|(?-i:(?<![A-ZĐ]))\)|[;:\n“”\"]|\s[-–]\s(?!\d{4})|"
        r"\s(?:là|có|gồm|được|do|theo|trên\s+cơ\s+sở|còn|như\s+sau|trực\s+tiếp|sơ\s+kết|tổng\s+kết|từ|"
        r"thành(?!\s+(?:phố|viên|ủy))|thực\s+hiện\s+theo|thay\s+thế|thay|này|sau\s+đây|đã|vừa|sẽ|tổ\s+chức\s+(?:hội|phiên|cuộc)|chủ\s+trì|họp|"
        r"nhằm|để|với|tại|giúp|thì|trong\s+đó|và\s+các|và\s+Tổ|và\s+ban\s+hành|và\s+Ban\s+chỉ\s+đạo|"
        r"(?:từ|kể\s+từ)\s+ngày|bao\s+gồm|cùng|đến(?!\s+năm\s+\d)|đối\s+với|triển\s+khai|nghe|tiếp\s+tục)(?!\w)",
        I,
    )
    # after a comma, the name goes on with a lowercase word that is not a verb or a link
    NAME_GOES_ON = re.compile(
        r"(?!(?:do|đã|gồm|là|được|theo|nhằm|trong|với|có|các|cùng|đồng\s+chí|ông|bà|thay|để|tại|"
        r"từ|giúp|sau|bao|chịu|đề\s+nghị|yêu\s+cầu|nhiệm|quy|ban\s+hành|kiện|thành\s+lập|"
        r"trưởng|phó|ủy\s+viên|thành\s+viên|đồng\s+thời|tỉnh|thành\s+phố|huyện|quận)(?!\w))"
        r"(?:[a-zà-ỹđ]|Đề\s+án)",
    )

    COMMITTEE_WORD = r"(?:Ban\s+chỉ\s+đạo|BCĐ|Ủy\s+ban\s+Quốc\s+gia|Tổ\s+công\s+tác|Tiểu\s+ban)"
    ACT_ON_COMMITTEE = re.compile(
        r"(?<!\w)(?:thành\s+lập|kiện\s+toàn|củng\s+cố|bổ\s+sung|giải\s+thể|tổ\s+chức\s+lại|hợp\s+nhất|"
        r"sáp\s+nhập|đổi\s+tên|phê\s+duyệt\s+danh\s+sách|thay\s+đổi|điều\s+chỉnh|chấm\s+dứt\s+hoạt\s+động"
        r"\s+của)(?:\s+(?:và\s+đổi\s+tên|lại|các|thành\s+viên|thành\s+phần|danh\s+sách\s+thành\s+viên|"
        # "kiện toàn chức danh Trưởng Ban Chỉ đạo …": one seat filled anew
        r"chức\s+danh(?:\s+(?:Phó\s+)?Trưởng)?))*"
        r"\s+(?:của\s+)?"
        + COMMITTEE_WORD
        + r"|(?:Ban\s+chỉ\s+đạo|Ban\s+này|Ủy\s+ban\s+Quốc\s+gia)[^.;]{0,200}?"
        r"\s(?:(?:được|đã\s+được)\s+)?(?:thành\s+lập|kiện\s+toàn)(?:\s+(?:theo|trên|sẽ|gồm)|\s*[,.])"
        r"|làm\s+(?:Trưởng\s+ban|Chủ\s+tịch)\s+(?:Ban\s+chỉ\s+đạo|Ủy\s+ban\s+Quốc\s+gia)",
        I,
    )
    NOT_A_DECISION = re.compile(
        r"phiên\s+họp|hội\s+nghị|giao\s+ban|sơ\s+kết|tổng\s+kết|chương\s+trình\s+hành\s+động|"
        r"họp\s+phiên|tham\s+luận|"
        # a visit, an inspection, a plan or rules of a committee: news of its work, not of
        # its existence or composition
        r"(?:buổi\s+)?làm\s+việc\s+với|đoàn\s+(?:công\s+tác|kiểm\s+tra|khảo\s+sát)|kiểm\s+tra|"
        r"khảo\s+sát|hội\s+thảo|tọa\s+đàm|tập\s+huấn|diễn\s+đàn|ban\s+hành\s+(?:Kế\s+hoạch|Quy\s+chế)|"
        r"triển\s+khai\s+(?:các\s+)?nhiệm\s+vụ|chủ\s+trì",
        I,
    )

    def about_a_committee(self) -> bool:
        """The text decides (or reports a decision) about a committee's existence or
        composition. It is not (the right draft of it is empty) when a meeting or a programme
        is named at its top before any act on a committee and no decision is announced. In
        doubt, it is: a decision refused loses everything, a report read costs a few wrong
        values."""
        if self.is_decision:
            summary = self._summary()
            # "QUYẾT ĐỊNH Ban hành Quy chế hoạt động của Ban Chỉ đạo …", "Về việc phân công
            # nhiệm vụ …": a decision on another subject
            return not (OTHER_SUBJECT.match(summary) and not self.ACT_ON_COMMITTEE.search(summary))
        act = self.ACT_ON_COMMITTEE.search(self.work, self.body_start)
        if (
            act is None
            and self.NAME_START.search(self.work, self.body_start)
            and not COMPOSITION.search(self.work, self.body_start)
            and (
                not re.search(r"(?<!\w)(?:Quyết\s+định|QĐ)(?!\w)", self.work, I)
                or OTHER_SUBJECT.search(self.work, self.body_start)
            )
        ):
            # a committee named, but no act on it, no composition stated ("… do Thủ tướng
            # làm Chủ tịch") and no decision, or a decision on another subject: a speech, an
            # event, a directive, a plan naming the committee in passing (a text that names
            # no committee is refused as such, services.NO_COMMITTEE)
            return False
        head = self.work[self.body_start : self.body_start + 400]
        meeting = self.NOT_A_DECISION.search(head)
        announced = re.search(
            r"(?:công\s+bố|trao|ký|ban\s+hành)\s+(?:các\s+)?(?:Quyết\s+định|QĐ)", self.work, I
        )
        if meeting and act is not None and announced:
            return True
        if meeting and (act is None or self.body_start + meeting.start() < act.start()):
            return False
        return True

    def _summary(self) -> str:
        """The summary line under a decision's "QUYẾT ĐỊNH" heading (its trích yếu)."""
        heading = re.search(
            r"^\s*QUYẾT\s+ĐỊNH\s*\n(?P<summary>[^\n]*)", self.work[self.body_start :], re.M
        )
        return heading.group("summary").strip() if heading else ""

    GROUP_START = re.compile(
        r"(?<!\w)(?<!các\s)(?:Tổ\s+công\s+tác(?!\s+giúp\s+việc)|Tiểu\s+ban)(?!\w)"
    )

    def group_as_body(self) -> tuple[int, int] | None:
        """The span of a working group's name when the text's act sets up (or reconstitutes)
        a working group on its own ("thành lập Tổ công tác đặc biệt của Chính phủ …"), not one
        that helps a committee: the group is then the body the draft is about."""
        act = self.ACT_ON_COMMITTEE.search(self.work, self.body_start)
        if act is None or not self.GROUP_START.search(act.group(0)):
            return None
        if re.search(r"Ban\s+chỉ\s+đạo|Ủy\s+ban\s+Quốc\s+gia", act.group(0), I):
            return None
        spans = [s for s in self.committee_names(self.GROUP_START) if s[0] >= act.start()]
        return spans[0] if spans else None

    def committee_names(self, start_re: re.Pattern | None = None) -> list[tuple[int, int]]:
        """Spans of "Ban Chỉ đạo …" and "Ủy ban Quốc gia …" names, to the first stop (a verb,
        a period, a parenthesis); a comma ends the name unless what follows carries on a list
        of fields ("… phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số"); a
        city or province named at the end closes it."""
        spans = []
        for match in (start_re or self.NAME_START).finditer(self.work):
            start = match.start()
            window_end = min(len(self.work), start + 260)
            stop = self.NAME_STOP.search(self.work, match.end(), window_end)
            if (
                stop
                and stop.start() - match.end() <= 1
                and re.match(
                    r"\s*triển\s+khai\s+(?:thực\s+hiện\s+|các\s+)?[A-ZĐ0-9]",
                    stop.group(0) + self.work[stop.end() : stop.end() + 20],
                )
            ):
                # "Ban Chỉ đạo triển khai Đề án …": the name's own first words
                stop = self.NAME_STOP.search(self.work, stop.end(), window_end)
            while (
                stop
                and stop.group(0) in '“"'
                and QUOTED_PART.search(self.work[match.end() : stop.start()])
            ):
                # "Ban Chỉ đạo thực hiện Đề án “Phát triển …”": the quoted title is the name's
                closing = re.compile(r"[”\"]").search(self.work, stop.end(), window_end)
                if closing is None or "\n" in self.work[stop.end() : closing.start()]:
                    break
                stop = self.NAME_STOP.search(self.work, closing.end(), window_end)
                if stop is None:
                    window_end = closing.end()
            limit = stop.start() if stop else window_end
            end = limit
            pos = match.end()
            while True:
                comma = self.work.find(",", pos, limit)
                if comma == -1:
                    break
                if not self.NAME_GOES_ON.match(self.work[comma + 1 : limit].lstrip()):
                    end = comma
                    break
                pos = comma + 1
            quoted_end = max(self.work.rfind(q, match.end(), end) for q in '”"')
            places = [
                p
                for p in LOCALITY_RE.finditer(self.work, max(match.end(), quoted_end), end)
                if not re.match(r"\s+về(?!\w)", self.work[p.end() : end])
            ]
            if places:
                end = places[-1].end()
                period = PERIOD.match(self.work, end, limit)
                if period:
                    # "… tỉnh Hà Giang giai đoạn 2021 - 2025": the period is the name's
                    end = period.end()
            name = self.work[start:end].rstrip(" ,")
            end = start + len(name)
            if end - match.end() < 3:
                continue
            spans.append((start, end))
        return spans

    def _replaced_committee(self, names, name_span) -> tuple[int, int] | None:
        """The committee whose decision this one replaces or repeals, when it has another
        name ("thay thế Quyết định số 100/QĐ-UBND … về việc thành lập Ban Chỉ đạo xây dựng
        Chính quyền điện tử tỉnh"); not "Ban này thay thế Ban Chỉ đạo Y", which the corpus's
        labels leave without a predecessor (data/ingest_corpus/README.md)."""
        chosen = _name_key(self.span_text(name_span))
        for match in REPLACED_COMMITTEE.finditer(self.work, self.body_start):
            for span in names:
                if span[0] == match.start("name") and _name_key(self.span_text(span)) != chosen:
                    return span
        return None

    DEFINED = re.compile(r"\(\s*(?:sau\s+đây\s+)?(?:được\s+)?gọi\s+(?:tắt\s+)?là\s", I)

    def _defined_name(self, predecessor_span) -> tuple[int, int] | None:
        """The span of a committee's name the text defines a short form for ("Ban chỉ đạo
        thực hiện … giai đoạn 2021 - 2025, định hướng đến năm 2030 (gọi tắt là Ban chỉ
        đạo)"): from the name's first word to the parenthesis, within one sentence."""
        for paren in self.DEFINED.finditer(self.work, self.body_start):
            window_start = max(self.body_start, paren.start() - 300)
            starts = [
                m.start()
                for m in self.NAME_START.finditer(self.work, window_start, paren.start())
                if not re.search(r"[;\n]|(?<!TP)\.\s", self.work[m.start() : paren.start()])
            ]
            if not starts:
                continue
            span = (starts[0], paren.start())
            name = self.work[span[0] : span[1]].rstrip()
            span = (span[0], span[0] + len(name))
            if predecessor_span and span[0] == predecessor_span[0]:
                continue
            if span[1] - span[0] < 15:
                continue
            return span
        return None

    def committee(self) -> tuple[dict, str]:
        names = self.committee_names()
        name_span = predecessor_span = None
        predecessor_kind = None
        action = None
        name_has_place = False
        # "bãi bỏ / thay thế Quyết định số … về việc thành lập Ban Chỉ đạo Y": Y is the decision
        # repealed, not the act of this one (it may be the predecessor, below)
        repealed = {
            m.start("name") for m in REPLACED_COMMITTEE.finditer(self.work, self.body_start)
        }
        for start, end in names:
            before = self.work[max(0, start - 60) : start]
            if start in repealed and any(s[0] not in repealed for s in names):
                continue
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
            if re.search(r"(?:hợp\s+nhất|sáp\s+nhập)\s+(?:\d+|hai|ba|bốn|năm)\s*$", before, I):
                # "trên cơ sở hợp nhất 2 Ban chỉ đạo …": the first of several merged, neither
                # the committee nor its one predecessor
                continue
            if re.search(r"đổi\s+tên\s*$", before, I):
                predecessor_span, predecessor_kind = (start, end), "renamed_from"
                continue
            # "thành lập Ban chỉ đạo và Tổ giúp việc Ban chỉ đạo X": X is the committee
            verb = re.search(
                r"(thành\s+lập|kiện\s+toàn|củng\s+cố)(?:\s+Ban\s+chỉ\s+đạo\s+và\s+Tổ\s+"
                r"(?:giúp\s+việc|công\s+tác(?:\s+giúp\s+việc)?)(?:\s+(?:của|cho))?)?\s*$",
                before,
                I,
            )
            # "bổ sung, kiện toàn thành viên Ban Chỉ đạo", "giải thể Ban Chỉ đạo": the act names
            # the committee; amend and dissolve are read later (actions.py)
            member_act = re.search(
                r"(?:(?:bổ\s+sung|kiện\s+toàn|thay\s+đổi|điều\s+chỉnh)(?:\s*,\s*\w+\s+\w+)?\s+"
                r"thành\s+viên(?:\s+của)?|giải\s+thể|chấm\s+dứt\s+hoạt\s+động\s+của)\s*$",
                before,
                I,
            )
            has_place = bool(LOCALITY_RE.search(self.work, start, end))
            if (verb or member_act) and (name_span is None or (has_place and not name_has_place)):
                name_span = (start, end)
                name_has_place = has_place
                if verb:
                    action = (
                        "establish"
                        if fold(verb.group(1)).startswith("thanh lap")
                        else "reconstitute"
                    )
        if name_span is None and names:
            # the longest mention with a place in it: no act names it, a guess to check
            self.provenance["committee.name"] = "low"
            with_place = [
                s
                for s in names
                if LOCALITY_RE.search(self.work, s[0], s[1])
                and (s[0] not in repealed or all(n[0] in repealed for n in names))
            ]
            name_span = max(with_place or names, key=lambda s: s[1] - s[0])
        if name_span is not None:
            # a later mention may carry the whole name the first one broke off
            chosen = fold(self.span_text(name_span))
            longer = [
                s
                for s in names
                if s[1] - s[0] > name_span[1] - name_span[0]
                and fold(self.span_text(s)).startswith(chosen + " ")
                or fold(self.span_text(s)).startswith(chosen + ",")
            ]
            # "… và Đề án 06 thành phố" later adds no name to "… và Đề án 06"
            longer = [
                s
                for s in longer
                if fold(self.span_text(s))[len(chosen) :].strip(" ,")
                not in {"thanh pho", "tinh", "huyen", "quan", "xa", "phuong"}
            ]
            if longer:
                name_span = max(longer, key=lambda s: s[1] - s[0])
        defined = self._defined_name(predecessor_span)
        if defined is not None:
            # "Ban Chỉ đạo X (sau đây gọi tắt là Ban Chỉ đạo)": the text states its full name
            name_span = defined
        renamed_to = re.search(
            r"đổi\s+tên[^.;]{0,200}?thành\s+(?P<name>Ban\s+chỉ\s+đạo)", self.work, I
        )
        if renamed_to and predecessor_kind == "renamed_from":
            for s in names:
                if s[0] == renamed_to.start("name"):
                    name_span = s
        # "đổi tên / tổ chức lại / hợp nhất A, B … thành Ban Chỉ đạo X": X is the committee
        into = re.search(
            r"(?:đổi\s+tên|tổ\s+chức\s+lại|hợp\s+nhất|sáp\s+nhập)[^.;]{0,300}?\s"
            r"thành\s+(?P<name>Ban\s+chỉ\s+đạo|Ủy\s+ban\s+Quốc\s+gia)",
            self.work,
            I,
        )
        if into:
            for s in names:
                if s[0] == into.start("name"):
                    name_span = s
        if (
            predecessor_span is not None
            and predecessor_kind != "renamed_from"
            and name_span is not None
            and _name_key(self.span_text(predecessor_span)) == _name_key(self.span_text(name_span))
        ):
            # "kiện toàn trên cơ sở kiện toàn Ban Chỉ đạo X": the same committee goes on
            predecessor_span = predecessor_kind = None
        if predecessor_span is None and name_span is not None:
            predecessor_span = self._replaced_committee(names, name_span)
            if predecessor_span is not None:
                predecessor_kind = "reconstituted_from"
        title = self._title()[0] or ""
        if re.search(r"kiện\s+toàn", title, I) and not re.search(r"thành\s+lập", title, I):
            action = "reconstitute"
        elif re.search(r"thành\s+lập", title, I):
            action = "establish"
        if action is None:
            self.provenance["action"] = "low"
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


# a decision whose subject is not a committee's existence or composition
OTHER_SUBJECT = re.compile(
    r"(?:V[ềe]\s+việc\s+|về\s+)?(?:phân\s+công\s+nhiệm\s+vụ|ban\s+hành\s+(?:kèm\s+theo\s+)?"
    r"(?:Quy\s+chế|Kế\s+hoạch|Chương\s+trình)|phê\s+duyệt\s+(?:Kế\s+hoạch|Chương\s+trình))",
    I,
)

# the words before a quoted title the name goes on with ("Ban Chỉ đạo “…”", "Đề án “…”")
QUOTED_PART = re.compile(
    r"(?:^|\s(?:Đề\s+án|Chương\s+trình|Dự\s+án|Kế\s+hoạch|Cuộc\s+vận\s+động))\s*$", I
)
# the period a committee's name ends with after its place
PERIOD = re.compile(
    r"\s+giai\s+đoạn\s+\d{4}\s*[-–]\s*\d{4}"
    r"(?:\s*,?\s*(?:định\s+hướng|tầm\s+nhìn)\s+đến\s+năm\s+\d{4})?",
    I,
)

# a composition stated: "A làm Trưởng ban", "Phó Trưởng ban là …", "Ủy viên gồm …"
COMPOSITION = re.compile(
    r"(?:\s(?:làm|giữ\s+chức)\s+" + ROLE_CORE + "|" + ROLE_CORE + r"\s+(?:là|gồm)\s)", I
)

REPLACED_COMMITTEE = re.compile(
    r"(?:thay\s+thế|bãi\s+bỏ)\s+(?:cho\s+)?(?:các\s+)?(?:Quyết\s+định|QĐ)(?:\s+số)?\s+\d[^.;]{0,160}?"
    r"(?:thành\s+lập|kiện\s+toàn|củng\s+cố)(?:\s+(?:lại|và\s+đổi\s+tên))?\s+"
    r"(?P<name>Ban\s+chỉ\s+đạo|Ủy\s+ban\s+Quốc\s+gia)",
    I,
)


def _name_key(name: str) -> str:
    """A committee's name without a closing place, to tell two committees apart."""
    key = fold(_clean_name(name) or "")
    return re.sub(r"\s+(?:cua\s+)?(?:tinh|thanh\s+pho|tp)(?:\s+\S+){0,3}$", "", key)


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s*\([A-ZĐ]{2,10}\)", "", name)
    name = re.sub(r"^(Ban\s+chỉ\s+đạo)\s+(?=Ban\s+chỉ\s+đạo)", "", name, flags=re.I)
    return re.sub(r"\s+", " ", name).strip(" ,.;")
