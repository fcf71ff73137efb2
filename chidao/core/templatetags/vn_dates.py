"""`{{ value|vn_date }}`: a date, or a date stored as text "YYYY-MM-DD" (drafts kept as JSON),
written dd/mm/yyyy as people type it; any other text is shown as it is."""

import datetime as dt

from django import template

from chidao.core import dates

register = template.Library()


@register.filter
def vn_date(value) -> str:
    if isinstance(value, dt.date):
        return dates.vn_date(value)
    if isinstance(value, str) and dates.ISO_DATE.fullmatch(value.strip()):
        try:
            return dates.vn_date(dt.date.fromisoformat(value.strip()))
        except ValueError:
            return value
    return value or ""
