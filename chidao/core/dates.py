import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_VN_DATE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})")

# How people type dates in forms: dd/mm/yyyy as Vietnamese documents write them; the ISO form
# stays accepted for links and programs. Both locales use these (chidao/formats/).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def bad_date_message(value) -> str:
    """The message shown when `value` is not a date (translated at call time)."""
    return _("Ngày “%(value)s” không hợp lệ. Hãy nhập ngày theo dạng dd/mm/yyyy.") % {
        "value": value
    }


def parse_iso_date(value: str) -> dt.date:
    """A date typed dd/mm/yyyy (d/m/yyyy too) or written YYYY-MM-DD, strictly; raises
    ValueError with a message fit for the user."""
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        if ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
        if match := _VN_DATE.fullmatch(value):
            return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        raise ValueError(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(bad_date_message(value)) from exc


def parse_as_of(value: str | None) -> dt.date:
    """The date asked for (?as_of=dd/mm/yyyy or YYYY-MM-DD), today when absent; ValueError
    when malformed."""
    if not value:
        return timezone.localdate()
    return parse_iso_date(value)


def vn_date(value: dt.date | None) -> str:
    """05/01/2020, the way dates are written in Vietnamese documents."""
    return value.strftime("%d/%m/%Y") if value else ""
