"""The committee's name, its predecessor and the action (establish, reconstitute…)."""

import re

from chidao.core.text import fold
from chidao.ingest.reader.patterns import LOCALITY_RE
from chidao.ingest.reader.text import I


class CommitteeMixin:
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


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    return re.sub(r"\s+", " ", name).strip(" ,.;")
