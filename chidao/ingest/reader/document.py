"""The document: number, date, issuer, title, decisions mentioned and replaced, the date
an article was published."""

import datetime as dt
import re

from chidao.ingest import vocab
from chidao.ingest.reader.dates_numbers import (
    DATE_NUMERIC,
    DATE_RE,
    DATE_WORDS,
    DECISION_WORD,
    NUMBER,
    clean_number,
    parse_date,
)
from chidao.ingest.reader.patterns import (
    LOCALITY_RE,
)
from chidao.ingest.reader.text import I, alt, capitalize, ws


class DocumentMixin:
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
            self.provenance["number"] = "high"
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
            r"(?P<tail>(?:\s*,?\s*(?:của\s+[^,;.()]{0,60}?\s*)?\(?\s*ngày\s+(?:"
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
            if re.search(r"(ký|ban\s+hành|vừa\s+có|ra|tại|công\s+bố)\s*(?:các\s+)?$", before, I):
                self.provenance["number"] = "high"
                return self._dated(m)
        for m in mentions:
            if m["number"] in replaced:
                continue
            after = self.work[m["end"] : m["end"] + 80]
            before = self.work[max(0, m["start"] - 40) : m["start"]]
            if re.search(
                # "Quyết định số N ngày D của UBND tỉnh X về việc thành lập …"
                r"^\W*(?:ngày\s+[\d/.-]+\s*)?(?:(?:của|do)\s+[^.;]{0,60}?\s)?(về\s+việc\s+)?"
                r"(thành\s+lập|kiện\s+toàn)",
                after,
                I,
            ) or re.search(r"theo\s*$", before, I):
                # a decision the text cites: perhaps the one it reports, perhaps an earlier one
                self.provenance["number"] = "low"
                return self._dated(m)
        for m in mentions:
            # "… Ban Chỉ đạo X (Quyết định số N/QĐ-UBND ngày D)": the decision reported
            if (
                m["number"] not in replaced
                and self.work[max(0, m["start"] - 2) : m["start"]].strip() == "("
            ):
                self.provenance["number"] = "high"
                return self._dated(m)
        return None

    def _dated(self, mention: dict):
        """The mention's number and date; a mention without a date takes the one its sentence
        opens with ("Ngày 17/11/2021, Chủ tịch UBND tỉnh … ký Quyết định số 3157"), the year
        from the article's date when the sentence gives none ("Ngày 3/5, …")."""
        date, date_span = mention["date"], mention["date_span"]
        if date is None:
            line_start = self.work.rfind("\n", 0, mention["start"]) + 1
            sentence_start = max(line_start, self.work.rfind(". ", 0, mention["start"]) + 1)
            opening = re.match(
                r"\s*(?:\([^)]{0,30}\)\s*[-–]?\s*)?(?:Ngày|Hôm\s+nay|Chiều|Sáng|Tối)?\s*(?:ngày\s+)?"
                r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})(?:\s*[/.-]\s*(?P<y>\d{4}))?\s*,",
                self.work[sentence_start : mention["start"]],
                I,
            )
            if opening:
                year = opening.group("y")
                if year is None:
                    # the year is the article's: a guess a reader checks
                    published, _ = self.source_date()
                    year = published.year if published else None
                    self.provenance["date"] = "low"
                try:
                    date = dt.date(int(year), int(opening.group("m")), int(opening.group("d")))
                except (TypeError, ValueError):
                    date = None
                if date:
                    date_span = (
                        sentence_start + opening.start("d"),
                        sentence_start + opening.end() - 1,
                    )
        return mention["number"], mention["span"], date, date_span

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
        code = re.search(r"-(?P<code>[A-ZĐa-z]+)$", number or "")
        if code and code.group("code") == "TTg":
            return "Thủ tướng Chính phủ", None
        if code and code.group("code") in vocab.MINISTRY_CODES:
            return vocab.MINISTRY_CODES[code.group("code")], None
        self.provenance["issuer"] = "low"
        return self._issuer_in_prose()

    _ACT = re.compile(
        r"\s+(?:(?:đã|vừa|mới|mới\s+đây|vừa\s+mới)\s+)*"
        r"(?:(?:ký\s+(?:ban\s+hành\s+)?|ban\s+hành\s+|có\s+|ra\s+|công\s+bố\s+)(?:các\s+)?"
        r"(?:Quyết\s+định|QĐ)|quyết\s+định\s+(?:thành\s+lập|kiện\s+toàn|giải\s+thể|tổ\s+chức\s+lại)"
        r"|phê\s+duyệt\s+danh\s+sách"
        # "Tỉnh ủy X (vừa) thành lập Ban Chỉ đạo …", "UBND TP.HCM vừa chính thức thành lập …"
        r"|(?:chính\s+thức\s+)?(?:thành\s+lập|kiện\s+toàn)(?=\s+(?:Ban\s+Chỉ\s+đạo|BCĐ|Ủy\s+ban\s+Quốc"
        r"\s+gia|Tổ\s+công\s+tác)))",
        I,
    )

    def _issuer_in_prose(self):
        """The press: "UBND tỉnh X vừa ban hành Quyết định …", "Ban Thường vụ Tỉnh ủy X đã ban
        hành Quyết định …", "Thủ tướng … ký Quyết định …", "Quyết định số N của UBND Thành
        phố"."""
        subjects = []
        for match in self._ACT.finditer(self.work, self.body_start):
            on_behalf = re.search(
                r"thay\s+mặt\s+(?P<body>Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư|Ban\s+Chấp\s+hành\s+Trung\s+ương"
                r"(?:\s+Đảng)?)(?!\w)[^.;\n]*$",
                self.work[max(self.body_start, match.start() - 200) : match.start()],
                I,
            )
            if on_behalf:
                # "thay mặt Bộ Chính trị, đồng chí X, Thường trực Ban Bí thư đã ký Quyết định"
                return capitalize(re.sub(r"\s+", " ", on_behalf.group("body"))), None
            window_start = max(self.body_start, match.start() - 140)
            cuts = [
                window_start + m.end() - 1
                for m in re.finditer(
                    r"\n|(?<!TP)(?<!Tp)\.\s|,\s|\s[-–]\s", self.work[window_start : match.start()]
                )
            ]
            subjects.append((max([window_start, *cuts]), match.start()))
        for match in re.finditer(
            r"(?<!\w)" + DECISION_WORD + r"\s+(?:số\s+)?" + NUMBER + r"\s+(?:ngày\s+\S+\s+)?của\s+",
            self.work[self.body_start :],
            I,
        ):
            start = self.body_start + match.end()
            subjects.append((start, min(len(self.work), start + 80)))
        for start, end in subjects:
            found = self._issuing_body(start, end)
            if found:
                return found
        return None, None

    def _issuing_body(self, start: int, end: int):
        part = self.work[start:end]
        found = re.search(
            r"Ban\s+Thường\s+vụ\s+(?:(?:Tỉnh|Thành)\s+[uủ]ỷ?y?\s+(?P<place>"
            + alt(vocab.PLACES)
            + ")"
            # a district's Party committee: "Ban Thường vụ Huyện ủy Gia Lộc"
            r"|(?:Huyện|Quận|Thị)\s+[uủ]ỷ?y?(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){1,3})",
            part,
        )
        if found:
            return self.text[start + found.start() : start + found.end()], (
                start + found.start(),
                start + found.end(),
            )
        found = re.search(
            r"(?:Đảng|Tỉnh|Thành)\s+[uủ]ỷ?y?(?:\s+(?:phường|xã)\s+\w+(?:\s+[A-ZĐ]\w*)?|\s+(?:"
            + alt(vocab.PLACES)
            + "))",
            part,
        )
        if found and not re.search(r"Bí\s+thư|Ủy\s+viên", part[: found.start()], I):
            return self.text[start + found.start() : start + found.end()], (
                start + found.start(),
                start + found.end(),
            )
        if re.search(r"(?<!\w)Thủ\s+tướng(?!\w)", part, I):
            return "Thủ tướng Chính phủ", None
        found = re.search(
            r"(?<!viên\s)(?<!trực\s)(?<!\w)(?:Bộ\s+Chính\s+trị|Ban\s+Bí\s+thư)(?!\w)", part
        )
        if found:
            # "Bộ Chính trị (vừa) ban hành Quyết định …"
            return re.sub(r"\s+", " ", found.group(0)), None
        found = re.search(r"(?:UBND|Ủy\s+ban\s+nhân\s+dân)(?P<rest>[^,;.()]{0,40})", part)
        if found:
            loc = LOCALITY_RE.search(found.group("rest"))
            if loc:
                place = self._locality_from(loc)
                return f"Ủy ban nhân dân {place['kind']} {place['name']}", None
            if self.locality:
                return self.peoples_committee(), None
        for ministry in vocab.MINISTRIES[::-1]:
            words = ministry.split(" ", 1)[1]
            if re.search(
                r"(?<!\w)(?:Bộ|Bộ\s+trưởng(?:\s+Bộ)?)\s+" + ws(words) + r"(?!\w)", part, I
            ):
                return ministry, None
        return None

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
            r"thành\s+phố|tỉnh|TP\.?)\s*(?:" + alt(vocab.PLACES) + r"))",
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
