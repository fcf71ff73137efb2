"""Charts for official documents, drawn with matplotlib (Agg, no display) and labelled in
Vietnamese with DejaVu Sans, which ships with matplotlib and has every Vietnamese glyph.

Each chart carries its own legend, so a legend never lands on a page by itself; its
numbers are also in the table next to it, so nothing is only in the picture.
"""

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 — after choosing the backend

from chidao.officialdocs.text import number, official_text  # noqa: E402

FONT = "DejaVu Sans"
DPI = 150


def _figure(width_cm: float, height_cm: float) -> Figure:
    figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=DPI)
    figure.set_layout_engine("constrained")
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _style(axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8)
    for label in axes.get_xticklabels() + axes.get_yticklabels():
        label.set_fontfamily(FONT)


def columns(values: list[tuple[str, int, str]], *, ylabel: str = "") -> bytes:
    """One column per (label, value, hex colour), its number above it."""
    figure = _figure(15, 8)
    axes = figure.add_subplot()
    labels = [official_text(label) for label, _, _ in values]
    heights = [value for _, value, _ in values]
    bars = axes.bar(labels, heights, color=[f"#{colour}" for _, _, colour in values], width=0.6)
    axes.bar_label(bars, labels=[number(v) for v in heights], fontsize=9, fontfamily=FONT)
    axes.set_ylim(0, max(heights + [1]) * 1.15)
    if ylabel:
        axes.set_ylabel(official_text(ylabel), fontsize=9, fontfamily=FONT)
    axes.yaxis.grid(True, color="#E1E4E8", linewidth=0.6)
    axes.set_axisbelow(True)
    _style(axes)
    return _png(figure)


def stacked_bars(
    rows: list[tuple[str, list[int]]], series: list[tuple[str, str]], *, xlabel: str = ""
) -> bytes:
    """One horizontal bar per row (label, values), its segments the series (label, hex
    colour), the first row on top; the legend under the bars."""
    height = 3.0 + 0.7 * len(rows)
    figure = _figure(16, height)
    axes = figure.add_subplot()
    labels = [_shorten(official_text(label)) for label, _ in rows][::-1]
    lefts = [0] * len(rows)
    for index, (name, colour) in enumerate(series):
        widths = [values[index] for _, values in rows][::-1]
        axes.barh(labels, widths, left=lefts, color=f"#{colour}", label=name, height=0.6)
        lefts = [left + width for left, width in zip(lefts, widths, strict=True)]
    for y, total in enumerate(lefts):
        axes.text(total, y, f" {number(total)}", va="center", fontsize=8, fontfamily=FONT)
    axes.set_xlim(0, max(lefts + [1]) * 1.1)
    if xlabel:
        axes.set_xlabel(official_text(xlabel), fontsize=9, fontfamily=FONT)
    figure.legend(
        loc="outside lower center",
        ncol=min(len(series), 3),
        frameon=False,
        prop={"family": FONT, "size": 8},
    )
    _style(axes)
    return _png(figure)


def _shorten(label: str, limit: int = 45) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"
