"""Indicator values as subjects of explanation requests (chidao.explanations): the unit whose
actual fell off track explains it to the committee's standing agency, as a lead unit explains
a late task."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from chidao.explanations.subjects import SubjectKind, register_subject
from chidao.indicators.models import Value
from chidao.indicators.selectors import get_visible_indicator

KIND = "indicator_value"


def get_visible_value(user, pk) -> Value:
    """A current or past value of an indicator the user may see, else 404."""
    value = get_object_or_404(Value.objects.select_related("indicator"), pk=pk)
    get_visible_indicator(user, value.indicator_id)
    return value


def title(value: Value) -> str:
    indicator = value.indicator
    return (
        f"{indicator.code} {indicator.name} — {value.unit_name}, {value.period}: "
        f"{value.actual} {indicator.unit_of_measure}"
    )


def _history(value: Value) -> list[str]:
    lines = [f"Kỳ {value.period}: thực hiện {value.actual} {value.indicator.unit_of_measure}"]
    if value.note:
        lines.append(f"Giải trình khi nhập: {value.note}")
    return lines


def register() -> None:
    register_subject(
        SubjectKind(
            key=KIND,
            label=gettext_lazy("Số liệu chỉ tiêu"),
            model=Value,
            visible=get_visible_value,
            title=title,
            url=lambda pk: reverse("indicator-value", args=[pk]),
            committee_id=lambda value: value.indicator.committee_id,
            unit_id=lambda value: value.unit_id,
            history=_history,
        )
    )
