import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def bad_date_message(value) -> str:
    """The message shown when `value` is not a YYYY-MM-DD date (translated at call time)."""
    return _("Ngày “%(value)s” không hợp lệ. Hãy nhập ngày theo dạng YYYY-MM-DD.") % {
        "value": value
    }


def parse_iso_date(value: str) -> dt.date:
    """Strict YYYY-MM-DD; raises ValueError with a message fit for the user."""
    try:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(bad_date_message(value)) from exc


def parse_as_of(value: str | None) -> dt.date:
    """The date asked for (?as_of=YYYY-MM-DD), today when absent; ValueError when malformed."""
    if not value:
        return timezone.localdate()
    return parse_iso_date(value)


def vn_date(value: dt.date | None) -> str:
    """05/01/2020, the way dates are written in Vietnamese documents."""
    return value.strftime("%d/%m/%Y") if value else ""
