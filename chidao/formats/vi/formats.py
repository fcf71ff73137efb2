"""Dates are typed dd/mm/yyyy in both languages: an English page must not read 05/01/2026
as 1 May (chidao.core.dates.DATE_INPUT_FORMATS)."""

from chidao.core.dates import DATE_INPUT_FORMATS

__all__ = ["DATE_INPUT_FORMATS", "SHORT_DATE_FORMAT"]

SHORT_DATE_FORMAT = "d/m/Y"
