"""The signer: the signature block of a decision, or the press's "Chủ tịch … X ký ban hành"."""

import re

from chidao.ingest.reader.dates_numbers import (
    DECISION_WORD,
)
from chidao.ingest.reader.text import I, capitalize


class SignerMixin:
    def _signer(self):
        spans: dict = {}
        # The signature block of a decision: "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH /
        # PHÓ CHỦ TỊCH / (Đã ký) / Nguyễn Văn A".
        block = None
        for match in re.finditer(
            r"^[ \t]*(?:(?:TM|KT|Q|TL|TUQ)\.\s*)?(?P<cap>(?:PHÓ\s+)?CHỦ\s+TỊCH(?:\s+THƯỜNG\s+TRỰC)?"
            r"|(?:PHÓ\s+)?TRƯỞNG\s+BAN|(?:PHÓ\s+)?GIÁM\s+ĐỐC|(?:PHÓ\s+)?THỦ\s+TƯỚNG|BỘ\s+TRƯỞNG"
            r"|THỨ\s+TRƯỞNG|(?:PHÓ\s+)?BÍ\s+THƯ(?:\s+THƯỜNG\s+TRỰC)?)[ \t]*$",
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
            r"(?:ban\s+hành\s+)?(?:các\s+)?" + DECISION_WORD,
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
