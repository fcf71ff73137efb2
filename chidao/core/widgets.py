"""How dates are typed in every form: dd/mm/yyyy in a text box (every browser shows the same
order, whatever its language), with a calendar button chidao.js adds. A browser's own
type="date" box would show the browser's order (mm/dd/yyyy in an English Chromium)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    """A date typed dd/mm/yyyy; chidao.js adds a calendar button that fills it."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "inputmode": "numeric",
            "autocomplete": "off",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}",
            "data-date": "",
            "data-picker-label": _("Chọn ngày trên lịch"),
            "size": "10",
        }
        super().__init__({**defaults, **(attrs or {})}, format="%d/%m/%Y")


class DateTimeInput(forms.SplitDateTimeWidget):
    """A day typed dd/mm/yyyy (with the calendar button) and a time typed hh:mm, for a
    forms.SplitDateTimeField."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.widgets = [
            DateInput(),
            forms.TimeInput(
                attrs={
                    "placeholder": _("hh:mm"),
                    "aria-label": _("Giờ (hh:mm)"),
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "pattern": r"\d{1,2}:\d{2}",
                    "size": "5",
                },
                format="%H:%M",
            ),
        ]
