"""Dates are typed dd/mm/yyyy; the ISO form stays understood for links and programs."""

import datetime as dt

import pytest
from django import forms

from chidao.core.dates import parse_iso_date
from chidao.core.widgets import DateInput


@pytest.mark.parametrize(
    "typed", ["05/01/2020", "5/1/2020", "2020-01-05"], ids=["dd/mm", "d/m", "iso"]
)
def test_a_date_is_read_day_first_or_iso(typed):
    assert parse_iso_date(typed) == dt.date(2020, 1, 5)


@pytest.mark.parametrize("typed", ["31/02/2020", "2020-1-5", "05.01.2020", "01/05", ""])
def test_a_date_that_is_not_one_is_refused_with_the_format_to_use(typed):
    with pytest.raises(ValueError, match="dd/mm/yyyy"):
        parse_iso_date(typed)


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_form_reads_dd_mm_yyyy_in_either_language(language):
    from django.utils import translation

    with translation.override(language):
        form = _Form({"day": "05/01/2020"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == dt.date(2020, 1, 5)


def test_a_date_box_shows_dd_mm_yyyy():
    html = str(_Form(initial={"day": dt.date(2020, 1, 5)})["day"])
    assert 'value="05/01/2020"' in html
    assert 'type="text"' in html and 'placeholder="dd/mm/yyyy"' in html


def _chidao_forms():
    import importlib
    import pkgutil

    import chidao

    for module in pkgutil.walk_packages(chidao.__path__, "chidao."):
        parts = module.name.split(".")
        if not {"tests", "migrations", "management", "wsgi", "asgi"} & set(parts):
            importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        cls
        for cls in subclasses(forms.BaseForm)
        if cls.__module__.startswith("chidao.") and ".tests" not in cls.__module__
    }


def test_every_date_field_of_every_form_is_typed_dd_mm_yyyy():
    """A browser's own date box (type="date", "datetime-local") shows the browser's order:
    mm/dd/yyyy in an English Chromium. Every date a form asks for is the dd/mm/yyyy box
    with its calendar button, a date and time the same box and an hh:mm one."""
    from chidao.core.widgets import DateTimeInput

    wrong = []
    for form in _chidao_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, forms.SplitDateTimeField):
                ok = isinstance(field.widget, DateTimeInput)
            elif isinstance(field, forms.DateTimeField | forms.DateField):
                ok = isinstance(field.widget, DateInput)
            else:
                ok = getattr(field.widget, "input_type", "") not in ("date", "datetime-local")
            if not ok:
                wrong.append(f"{form.__module__}.{form.__name__}.{name}")
    assert wrong == []
