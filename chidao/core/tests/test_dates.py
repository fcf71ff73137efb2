"""Dates are typed dd/mm/yyyy; the ISO form stays understood for links and programs."""

import datetime as dt

import pytest
from django import forms

from chidao.core.dates import parse_iso_date
from chidao.tasks.forms import DateInput


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
