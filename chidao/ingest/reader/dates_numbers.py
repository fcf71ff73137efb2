"""Dates ("ngày 5/3/2025", "ngày 05 tháng 3 năm 2025") and decision numbers."""

import datetime as dt
import re

from chidao.ingest.reader.text import I

DATE_NUMERIC = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
DATE_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
DATE_RE = re.compile(r"(?:ngày\s+)?(?:" + DATE_NUMERIC + "|" + DATE_WORDS + ")", I)
NUMBER = (
    # the Party's numbering: "456-QĐ/TU", "1234-QĐ/TW"
    r"(?:\d{1,6}\s?-\s?(?:QĐ|NQ|KL|CT|KH|TB)\s?/\s?[A-ZĐ][\wĐđ\-]*[\wĐđ]|"
    r"\d{1,6}(?:\s?/\s?\d{4})?(?:\s?/\s?[A-ZĐ][\wĐđ&\-.]*[\wĐđ])?)"
)
DECISION_WORD = r"(?:Quyết\s+định|QĐ)"


def parse_date(match: re.Match) -> dt.date | None:
    d = match.group("d") or match.group("d2")
    m = match.group("m") or match.group("m2")
    y = match.group("y") or match.group("y2")
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def clean_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw).rstrip(".,;:")
