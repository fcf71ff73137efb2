"""Status badges and server-rendered SVG bar charts for the task pages (no JavaScript).

A bar is one small SVG per row: it stretches to the width it is given (phone or desk), its
segments are links to the board filtered by that status, and the numbers stay in HTML next to
it so they remain readable and selectable at any width.
"""

from django import template
from django.utils.html import format_html, format_html_join

from chidao.tasks.status import Status

register = template.Library()

# One colour per status, the same on every page (text labels always accompany them).
STATUS_COLOURS = {
    Status.OVERDUE.value: "#c0392b",
    Status.DUE_SOON.value: "#e59a1c",
    Status.IN_PROGRESS.value: "#3b7dd8",
    Status.NOT_STARTED.value: "#8a93a0",
    Status.DONE_ON_TIME.value: "#2e8b57",
    Status.DONE_LATE.value: "#7d5ba6",
    Status.CANCELLED.value: "#c9ced6",
}


@register.filter
def status_label(value) -> str:
    try:
        return Status(value).label
    except ValueError:
        return str(value)


@register.filter
def status_colour(value) -> str:
    return STATUS_COLOURS.get(str(value), "#8a93a0")


@register.simple_tag
def status_badge(value):
    return format_html(
        '<span class="status status--{}"><span class="dot" style="background:{}"></span>{}</span>',
        value,
        status_colour(value),
        status_label(value),
    )


@register.simple_tag
def bar(segments, scale, label=""):
    """A horizontal bar: `segments` are dicts with status, label, count and href; its length
    is its total over `scale` (the largest total of the chart)."""
    scale = max(int(scale or 0), 1)
    x = 0.0
    parts = []
    for segment in segments:
        count = segment.get("count", 0)
        if not count:
            continue
        width = count * 100.0 / scale
        parts.append(
            (
                segment.get("href", "#"),
                f"{x:.3f}",
                f"{width:.3f}",
                status_colour(segment["status"]),
                segment.get("label") or status_label(segment["status"]),
                count,
            )
        )
        x += width
    rects = format_html_join(
        "",
        '<a href="{}"><rect x="{}" y="0" width="{}" height="10" fill="{}">'
        "<title>{}: {}</title></rect></a>",
        parts,
    )
    return format_html(
        '<svg class="bar-svg" viewBox="0 0 100 10" preserveAspectRatio="none" '
        'role="group" aria-label="{}" focusable="false">'
        '<rect x="0" y="0" width="100" height="10" fill="#eef1f5"></rect>{}</svg>',
        label,
        rects,
    )
