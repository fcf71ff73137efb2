"""Text preparation: the working copy the patterns read (new tone placement, plain spaces),
phrases as patterns, abbreviations expanded."""

import re
from functools import lru_cache

from chidao.core.text import fold
from chidao.ingest import vocab

I = re.IGNORECASE  # noqa: E741

# ---------------------------------------------------------------- text preparation

_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\w)", I)
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]|\r(?=\n)")
# dashes and bullets as the patterns know them: "—" (em dash) reads as "–", "●", "▪" as "•"
_MARKS = str.maketrans(
    {
        "\u2014": "–",
        "\u2015": "–",
        "\u2012": "–",
        "\u2011": "-",
        "\u2212": "-",
        **{c: "•" for c in "●○▪■◆◦▫□➢►▸‣⁃"},
    }
)


def _new_tone(match: re.Match) -> str:
    old = match.group(0)
    new = _OLD_TONES[old.lower()]
    return (
        new.upper()
        if old[0].isupper() and old[1].isupper()
        else (new[0].upper() + new[1:] if old[0].isupper() else new)
    )


def work_text(text: str) -> str:
    """The text as the patterns read it: old tone placement ("Uỷ ban", "hoà") in the new style,
    odd spaces as plain spaces, odd dashes and bullets as the usual ones. Same length as the
    text, so offsets carry over."""
    work = _SPACES.sub(" ", text).translate(_MARKS)
    work = _OLD_TONE_RE.sub(_new_tone, work)
    return work if len(work) == len(text) else text


def ws(phrase: str) -> str:
    """A phrase as a pattern: any whitespace between words."""
    return r"\s+".join(re.escape(w) for w in phrase.split())


def alt(phrases) -> str:
    return "|".join(ws(p) for p in sorted(phrases, key=len, reverse=True))


def capitalize(text: str | None) -> str | None:
    if not text:
        return text
    return text[0].upper() + text[1:]


def expand_abbreviations(text: str) -> str:
    """'Sở TT&TT' -> 'Sở Thông tin và Truyền thông'; 'UBND TP.Hà Nội' ->
    'Ủy ban nhân dân thành phố Hà Nội'."""
    out = text
    for pattern, expansion in vocab.ABBREVIATION_RES:
        out = pattern.sub(expansion, out)
    out = vocab.CITY_ABBREVIATION.sub("thành phố ", out)
    out = re.sub(r"\s+", " ", out).strip(" ,;:.-–")
    return out


@lru_cache(maxsize=8192)
def folded(text: str | None) -> str:
    """chidao.core.text.fold, remembered: the reader folds the same names many times."""
    return fold(text)
