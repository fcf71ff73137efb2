"""An indicator's line chart over time, drawn on the server as inline SVG (no script: the site's
CSP allows none inline): the actual per quarter against its milestone, each point coloured and
titled with its state. The table beside it carries the same figures for screen readers."""

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from chidao.indicators.models import State

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 36
ACTUAL, MILESTONE, GRID, TEXT = "#1f5fa8", "#5b6472", "#e3e7ed", "#3e4652"
STATE_COLOURS = {"off_track": "#a8281b", "at_risk": "#8a4f00", "on_track": "#1e6b3f"}


def _number(value) -> str:
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",")


def f(number: float) -> str:
    return f"{number:.1f}"


def _scale(points: list[dict]) -> tuple[float, float]:
    numbers = [float(p[k]) for p in points for k in ("actual", "target") if p[k] is not None]
    low, high = min(numbers), max(numbers)
    if high == low:
        high, low = high + 1, low - 1
    pad = (high - low) * 0.1
    return low - pad, high + pad


def _segments(coords: list[tuple[float, float] | None]) -> list[str]:
    """Polyline point lists, broken where a value is missing."""
    runs, current = [], []
    for c in coords:
        if c is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(f"{c[0]:.1f},{c[1]:.1f}")
    if current:
        runs.append(current)
    return [" ".join(run) for run in runs]


def line_chart(points: list[dict], *, unit_of_measure: str, title: str) -> SafeString:
    """`points`: oldest first, each {"label", "period", "actual", "target", "state"}."""
    if not points:
        return mark_safe("")
    low, high = _scale(points)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    inset = 24  # room for the first and last quarters' labels
    step = (plot_w - 2 * inset) / max(len(points) - 1, 1)

    def x(i: int) -> float:
        return LEFT + inset + (i * step if len(points) > 1 else plot_w / 2 - inset)

    def y(v) -> float:
        return TOP + plot_h * (1 - (float(v) - low) / (high - low))

    ticks = [low + (high - low) * k / 4 for k in range(5)]
    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"></line>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">{}</text>',
        (
            (
                LEFT,
                f(y(t)),
                WIDTH - RIGHT,
                f(y(t)),
                GRID,
                LEFT - 6,
                f(y(t) + 4),
                TEXT,
                _number(round(t, 2)),
            )
            for t in ticks
        ),
    )
    every = max(1, len(points) // 8)
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
        (
            (f(x(i)), HEIGHT - BOTTOM + 16, TEXT, p["period"])
            for i, p in enumerate(points)
            if i % every == 0 or i == len(points) - 1
        ),
    )
    milestone = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
        'stroke-dasharray="6 4"></polyline>',
        (
            (run, MILESTONE)
            for run in _segments(
                [
                    (x(i), y(p["target"])) if p["target"] is not None else None
                    for i, p in enumerate(points)
                ]
            )
        ),
    )
    actual = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"></polyline>',
        (
            (run, ACTUAL)
            for run in _segments(
                [
                    (x(i), y(p["actual"])) if p["actual"] is not None else None
                    for i, p in enumerate(points)
                ]
            )
        ),
    )
    states = dict(State.choices)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4.5" fill="{}"><title>{}</title></circle>',
        (
            (
                f(x(i)),
                f(y(p["actual"])),
                STATE_COLOURS.get(p["state"], ACTUAL),
                _("%(period)s: thực hiện %(actual)s %(unit)s, mốc %(target)s — %(state)s")
                % {
                    "period": p["label"],
                    "actual": _number(p["actual"]),
                    "unit": unit_of_measure,
                    "target": "—" if p["target"] is None else _number(p["target"]),
                    "state": states.get(p["state"], "—"),
                },
            )
            for i, p in enumerate(points)
            if p["actual"] is not None
        ),
    )
    summary = _("Thực hiện (đường liền) so với mốc (đường đứt) qua %(n)s quý, đơn vị %(unit)s.") % {
        "n": len(points),
        "unit": unit_of_measure,
    }
    return format_html(
        '<svg class="ind-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'focusable="false" xmlns="http://www.w3.org/2000/svg"><title>{}</title><desc>{}</desc>'
        "{}{}{}{}{}</svg>",
        WIDTH,
        HEIGHT,
        title,
        title,
        summary,
        grid,
        labels,
        milestone,
        actual,
        dots,
    )
