"""Vietnamese text keys: search and matching ignore case, diacritics and spacing."""

import re
import unicodedata

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str | None) -> str:
    """'Sở Thông tin và Truyền thông' -> 'so thong tin va truyen thong'."""
    if not text:
        return ""
    ascii_text = unidecode(unicodedata.normalize("NFC", text)).lower()
    return _NON_ALNUM.sub(" ", ascii_text).strip()


def compact_key(text: str | None) -> str:
    """'Thành phố Hà Nội' -> 'thanhphohanoi', the key style of the vietnamadminunits dataset."""
    return fold(text).replace(" ", "")
