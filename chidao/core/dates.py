import datetime as dt
import re

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_iso_date(value: str) -> dt.date:
    """Strict YYYY-MM-DD; raises ValueError with a message fit for the user."""
    try:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Ngày không hợp lệ: {value!r} (định dạng YYYY-MM-DD)") from exc


def vn_date(value: dt.date | None) -> str:
    """05/01/2020, the way dates are written in Vietnamese documents."""
    return value.strftime("%d/%m/%Y") if value else ""
