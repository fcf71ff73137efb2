import datetime as dt


def parse_iso_date(value: str) -> dt.date:
    """Strict YYYY-MM-DD; raises ValueError with a message fit for the user."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Ngày không hợp lệ: {value!r} (định dạng YYYY-MM-DD)") from exc


def vn_date(value: dt.date | None) -> str:
    """05/01/2020, the way dates are written in Vietnamese documents."""
    return value.strftime("%d/%m/%Y") if value else ""
