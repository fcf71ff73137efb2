"""Standing agencies, the working group, the regulation and the duties."""

import re

from chidao.core.text import fold
from chidao.ingest import vocab
from chidao.ingest.reader.patterns import UNIT_HEAD_RE
from chidao.ingest.reader.text import I, alt, capitalize


class AgenciesMixin:
    # ------------------------------------------------------------ standing agencies etc.

    DOMAIN_RE = (
        r"(?:về|lĩnh\s+vực|phụ\s+trách|phần|đối\s+với)\s+(?:lĩnh\s+vực\s+)?"
        r"(?P<domain>cải\s+cách\s+hành\s+chính|chuyển\s+đổi\s+số|CCHC|CĐS)"
    )

    def standing_agencies(self) -> list[dict]:
        found = []
        sa = r"(?:cơ\s+quan|đơn\s+vị)\s+thường\s+trực"
        patterns = [
            # Cơ quan thường trực Ban Chỉ đạo về X là UNIT
            re.compile(
                sa + r"(?:\s+giúp\s+việc)?(?:\s+(?:của\s+)?(?:Ban\s+chỉ\s+đạo|BCĐ)[^;:.]{0,100}?)??"
                r"(?:\s+" + self.DOMAIN_RE + r")?\s*(?:là|:|đặt\s+tại)\s+(?P<unit>[^;()\n]+?)"
                r"(?=\s*(?:[;()\n]|\.(?:\s|$)|,\s|\s+(?:có|chịu|giúp|chủ\s+trì|là|thực\s+hiện)\s|$))",
                I,
            ),
            # (Giao) UNIT (là|làm) cơ quan thường trực (…) (về X)
            re.compile(
                r"(?P<unit>(?:[^;.:\n]|(?<=TP)\.){3,120}?)(?:\s+(?:được\s+(?:giao|chọn)\s+)?(?:là|làm)\s+"
                r"|\s*\(\s*(?:là\s+)?"
                # "UNIT giữ vai trò cơ quan thường trực", "UNIT – cơ quan thường trực của …"
                r"|\s+(?:được\s+giao\s+)?(?:giữ|đảm\s+(?:nhận|nhiệm))(?:\s+(?:vai\s+trò|nhiệm\s+vụ|chức\s+năng))?"
                r"(?:\s+là)?\s+|\s+[-–]\s+)" + sa + r"(?P<rest>[^;.\n]{0,160})",
                I,
            ),
        ]
        seen = set()
        anchors = [a.start() for a in re.finditer(sa, self.work[self.body_start :], I)]
        if not anchors:
            return []
        for kind, pattern in enumerate(patterns):
            for match in self._near(pattern, anchors):
                u_start, u_end = match.span("unit")
                if kind == 1:
                    raw = self.work[u_start:u_end]
                    cut = max(raw.rfind(","), raw.rfind(";"), raw.rfind(":"))
                    if not UNIT_HEAD_RE.match(raw[cut + 1 :].strip()):
                        # "Bộ Văn hóa, Thể thao và Du lịch là …": the rightmost cut after
                        # which a unit's name starts, not the comma inside the name
                        seps = [-1] + [m.start() for m in re.finditer(r"[,;:.]", raw)]
                        for sep in reversed(seps):
                            if UNIT_HEAD_RE.match(raw[sep + 1 :].strip()):
                                cut = sep
                                break
                    lead = re.search(
                        r"(?:^|\s)(?:Giao|giao|Theo\s+đó,?|đồng\s+thời|Cơ\s+quan\s+thường\s+trực:?)\s+(?=\S)",
                        raw,
                    )
                    if lead and lead.end() > cut + 1:
                        cut = lead.end() - 1
                    machinery = re.search(r"(?:^|\s)bộ\s+máy\s+(?:của\s+)?(?=\S)", raw, I)
                    if machinery and machinery.end() > cut + 1:
                        # "Ban Chỉ đạo sử dụng bộ máy của Sở Nội vụ làm cơ quan thường trực"
                        cut = machinery.end() - 1
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
                if domain_match and self._names_the_committee(match, domain_match, kind):
                    # "cơ quan thường trực của Ủy ban Quốc gia về chuyển đổi số": the words
                    # name the committee's one field, not one of two its agencies divide
                    domain_match = None
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

    def _names_the_committee(self, match, domain_match, kind) -> bool:
        if kind == 1:
            # the domain was searched in the words after "cơ quan thường trực"
            before = match.group("rest")[: domain_match.start("domain")]
        else:
            before = self.work[match.start() : domain_match.start("domain")]
        named = re.search(r"(?:Ban\s+chỉ\s+đạo|BCĐ|Ủy\s+ban)[^,;]*$", before, I)
        return bool(named) and not self._dual_domain_name()

    def _dual_domain_name(self) -> bool:
        """A committee named for both fields ("Ban Chỉ đạo cải cách hành chính, chuyển đổi số
        thành phố"), whose standing agencies may each take one."""
        ar = r"(?:cải\s+cách\s+hành\s+chính|CCHC)"
        dx = r"(?:chuyển\s+đổi\s+số|CĐS)"
        return bool(
            re.search(
                r"(?:Ban\s+chỉ\s+đạo|BCĐ|Ủy\s+ban)[^.;:\n]{0,60}?(?:"
                + ar
                + r"[^.;:\n]{0,40}?"
                + dx
                + "|"
                + dx
                + r"[^.;:\n]{0,40}?"
                + ar
                + ")",
                self.work,
                I,
            )
        )

    def _near(self, pattern: re.Pattern, anchors: list[int]):
        """The pattern's matches around each mention of a standing agency (not over the whole
        text: the unit before "là cơ quan thường trực" is searched back 120 characters)."""
        last_end = self.body_start
        for anchor in anchors:
            start = max(last_end, self.body_start + anchor - 160)
            match = pattern.search(
                self.work, start, min(len(self.work), self.body_start + anchor + 400)
            )
            if match and match.end() > last_end:
                last_end = match.end()
                yield match

    def working_group_info(self) -> dict:
        name = seated = None
        spans: dict = {}
        matches = re.finditer(
            r"Tổ\s+công\s+tác\s+giúp\s+việc(?:\s+(?:cho\s+)?(?:Trưởng\s+ban|Ban\s+chỉ\s+đạo)[^.;:()\n]*?"
            r"(?:(?:thành\s+phố|tỉnh)\s+(?:" + alt(vocab.PLACES) + r")|(?=[.;:(\n])))?",
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
