"""Points in Vietnamese notation and server-rendered SVG bars for the evaluation pages (no
JavaScript): one small SVG per row, numbers kept in HTML beside it, like the task charts."""

from decimal import Decimal

from django import template
from django.utils.html import format_html

from chidao.evaluation.selectors import SOURCE_LABELS, fmt_points

register = template.Library()

BAND_COLOURS = {
    "Tốt": "#1e6b3f",
    "Khá": "#1f5fae",
    "Trung bình": "#9a5700",
    "Yếu": "#a8281b",
}
SOURCE_COLOURS = {
    "appraised": "#2e8b57",
    "self": "#e59a1c",
    "computed": "#3b7dd8",
    "external": "#7d5ba6",
    "missing": "#8a93a0",
}


@register.filter
def points(value) -> str:
    return fmt_points(value)


@register.filter
def band_colour(value) -> str:
    return BAND_COLOURS.get(str(value), "#5b6472")


@register.filter
def source_label(value) -> str:
    return SOURCE_LABELS.get(str(value), str(value))


@register.filter
def source_colour(value) -> str:
    return SOURCE_COLOURS.get(str(value), "#8a93a0")


def _share(value, scale) -> float:
    try:
        scale = Decimal(scale or 0)
        value = Decimal(value or 0)
    except (ArithmeticError, ValueError, TypeError):
        return 0.0
    if scale <= 0:
        return 0.0
    return float(max(min(value * 100 / scale, Decimal(100)), Decimal(0)))


@register.simple_tag
def score_bar(value, scale, colour="#3b7dd8", label="", previous=None):
    """A horizontal bar: `value` over `scale` (the chart's maximum); `previous` draws a thin
    mark where the previous cycle stood."""
    width = _share(value, scale)
    mark = ""
    if previous is not None:
        x = _share(previous, scale)
        mark = format_html(
            '<rect x="{}" y="0" width="0.6" height="10" fill="#1f2933"><title>{}</title></rect>',
            f"{max(x - 0.3, 0):.3f}",
            f"Kỳ trước: {fmt_points(previous)}",
        )
    return format_html(
        '<svg class="bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        'aria-label="{}" focusable="false">'
        '<rect x="0" y="0" width="100" height="10" fill="#eef1f5"></rect>'
        '<rect x="0" y="0" width="{}" height="10" fill="{}"><title>{}</title></rect>{}</svg>',
        label,
        f"{width:.3f}",
        colour,
        f"{label}: {fmt_points(value)}/{fmt_points(scale)}",
        mark,
    )
