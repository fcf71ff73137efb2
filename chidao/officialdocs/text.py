"""Text that goes into an official document: dates, numbers, and no synthetic markers.

Synthetic data is labelled "[Mô phỏng]" on pages and in file names; the body of an official
text never carries the label, nor the name of the software that produced it.
"""

import datetime as dt
import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SYNTHETIC_LABEL = re.compile(r"\[\s*Mô phỏng\s*\]\s*", re.IGNORECASE)
_SOFTWARE_NAME = re.compile(r"[ \t]*\bchidao\b", re.IGNORECASE)


def official_text(text) -> str:
    """The text as it may stand in an official document: without the control characters XML
    cannot hold, the synthetic label "[Mô phỏng]" or the software's name."""
    text = _CONTROL.sub("", str(text if text is not None else ""))
    text = _SYNTHETIC_LABEL.sub("", text)
    return _SOFTWARE_NAME.sub("", text)


def vn_long_date(place: str, date: dt.date) -> str:
    """'Hà Nội, ngày 05 tháng 01 năm 2026': leading zeros for days below 10 and months 1–2."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def number(value) -> str:
    """Vietnamese number format: 1.234 and 15,5."""
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")  # 1,234.5
        return text.translate(str.maketrans(",.", ".,"))
    return str(value)


def rate(value) -> str:
    """A percentage with one decimal and a decimal comma; empty for None."""
    return "" if value is None else f"{value:.1f}".replace(".", ",")
