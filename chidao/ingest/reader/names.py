"""Person names: capitalised runs that start with a surname or follow an honorific."""

import re

from chidao.core.text import fold
from chidao.ingest import vocab
from chidao.ingest.reader.patterns import ROLE_RE, TITLE_RE, UNIT_HEAD_RE
from chidao.ingest.reader.text import I


class NamesMixin:
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
            elif len(run) >= 3 and not after_honorific:
                # "Bộ Công Thương Nguyễn Hồng Diên": a unit's words, then the name
                for k in range(1, len(run) - 1):
                    if run[k][2].lower() in vocab.SURNAMES and 2 <= len(run) - k <= 4:
                        names.append((run[k][0], run[-1][1]))
                        break
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
        local = fold(self.locality["name"]) if self.locality else ""
        if local:
            # "UBND huyện Mai Sơn Hoàng Văn Chất": the district's name is no part of the person's
            size = len(local.split())
            if len(run) >= size and fold(" ".join(t[2] for t in run[:size])) == local:
                run = run[size:]
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
