"""Fixed margins for a chart, measured once from its labels, so it is drawn only once.

matplotlib's constrained layout measures every artist of a figure (each bar
label, each annotation) twice on every save, and draws the figure twice: for
a report's dozen charts that was about a third of the report's time. A chart
here instead gets fixed margins, computed once when it is made, from what can
lie outside its axes: the tick labels (known from the ticks the chart set),
the axis labels, the legend when it sits outside the axes, and any text the
chart marks with :data:`OUTSIDE` (labels at the ends of lines, say), and a
figure legend (kept clear of by the axes on the side of the figure it sits
on, as ``loc="outside lower center"`` asks). Text inside the axes is the
chart's business: it keeps room for it in its limits.

Sizes are in points (1/72 inch), measured with matplotlib's own text metrics.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

#: The label of a text drawn outside the axes, whose size the margins must hold
#: (a label starting with "_" is also never shown in a legend).
OUTSIDE = "_outside"
#: Points kept clear between the outermost label and the edge of the figure.
EDGE = 6.0
SIDES = ("left", "right", "bottom", "top")


def fit(fig: Any) -> None:
    """Give a one-axes figure fixed margins that hold every label outside its axes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Made without a layout engine, with one axes (other figures are left
        as they are). Its subplot parameters are set in place.
    """
    if fig.get_layout_engine() is not None or len(fig.axes) != 1:
        return
    from collabkit.plots.legends import lay_out_once, remembered_layout

    legends = [legend for legend in [*fig.legends, fig.axes[0].get_legend()]
               if legend is not None]
    with contextlib.ExitStack() as stack:  # each legend laid out once for all the measuring
        for legend in legends:
            lay_out_once(legend)
            stack.enter_context(remembered_layout(legend))
        _fit(fig)


def _fit(fig: Any) -> None:
    ax = fig.axes[0]
    renderer = _renderer(fig.dpi)
    margins = {side: EDGE for side in SIDES}
    for side, points in _decorations(ax, renderer).items():
        margins[side] += points
    for legend in fig.legends:  # placed by the figure's edges: the axes keep clear of them
        if legend.get_visible():
            side, points = _edge(fig, legend.get_window_extent(renderer))
            margins[side] += points
    outside = [t for t in [*ax.texts, *ax.artists]
               if t.get_label() == OUTSIDE and t.get_visible()]
    legend = ax.get_legend()
    if legend is not None and legend.get_visible():
        outside.append(legend)
    _apply(fig, margins)
    for _ in range(4):  # artists anchored to the axes move as the margins change
        grown = _overflow(fig, outside, renderer)
        if not any(grown.values()):
            return
        for side, points in grown.items():
            margins[side] += points
        _apply(fig, margins)


def _renderer(dpi: float) -> Any:
    """A renderer for text metrics at ``dpi``, one per thread (never drawn on).

    Kept between charts: matplotlib caches each text's size per renderer, and
    a report's charts share most of their labels ("0%", "Meeting", the steps).
    """
    renderers = _RENDERERS.__dict__.setdefault("by_dpi", {})
    if dpi not in renderers:
        from collabkit.plots.fonts import agg_renderer

        renderers[dpi] = agg_renderer(dpi)
    return renderers[dpi]


_RENDERERS = threading.local()


def _apply(fig: Any, margins: dict[str, float]) -> None:
    width, height = (72 * size for size in fig.get_size_inches())
    left = min(margins["left"] / width, 0.6)
    right = max(1 - margins["right"] / width, left + 0.2)
    bottom = min(margins["bottom"] / height, 0.6)
    top = max(1 - margins["top"] / height, bottom + 0.2)
    fig.subplots_adjust(left=left, right=right, bottom=bottom, top=top)


def _edge(fig: Any, box: Any) -> tuple[str, float]:
    """The edge of the figure a box sits against, and how far into the figure it reaches."""
    to_points = 72 / fig.dpi
    width, height = fig.bbox.width, fig.bbox.height
    gaps = {"left": box.x0, "right": width - box.x1, "bottom": box.y0, "top": height - box.y1}
    side = min(gaps, key=lambda s: gaps[s])
    reach = {"left": box.x1, "right": width - box.x0, "bottom": box.y1, "top": height - box.y0}
    return side, reach[side] * to_points


def _overflow(fig: Any, artists: list[Any], renderer: Any) -> dict[str, float]:
    """Points by which the artists stick out of the figure (less :data:`EDGE`), by side."""
    to_points = 72 / fig.dpi
    width, height = fig.bbox.width, fig.bbox.height
    grown = dict.fromkeys(SIDES, 0.0)
    for artist in artists:
        box = artist.get_window_extent(renderer)
        grown["left"] = max(grown["left"], EDGE - box.x0 * to_points)
        grown["right"] = max(grown["right"], (box.x1 - width) * to_points + EDGE)
        grown["bottom"] = max(grown["bottom"], EDGE - box.y0 * to_points)
        grown["top"] = max(grown["top"], (box.y1 - height) * to_points + EDGE)
    return {side: points + 0.5 if points > 0.01 else 0.0 for side, points in grown.items()}


def _decorations(ax: Any, renderer: Any) -> dict[str, float]:
    """Points the tick labels and axis labels take beyond each side of the axes."""
    import matplotlib

    rc: Any = matplotlib.rcParams  # Any: matplotlib types its keys as a Literal of every name
    sides = dict.fromkeys(SIDES, 0.0)
    if not ax.axison:  # ax.axis("off"): no ticks, no labels
        return sides
    for axis, near, far in ((ax.xaxis, "bottom", "top"), (ax.yaxis, "left", "right")):
        name = axis.axis_name
        params = axis.get_tick_params(which="major")
        size = params.get("labelsize", rc[f"{name}tick.labelsize"])
        length = params.get("length", rc[f"{name}tick.major.size"])
        pad = params.get("pad", rc[f"{name}tick.major.pad"])
        ticks = _tick_labels(axis)
        width, height = _text_size(ticks, size, renderer, ax.figure) if ticks else (0.0, 0.0)
        across = height if name == "x" else width  # how far the labels reach from the axes
        for side, shown in ((near, params.get(f"label{near}", True)),
                            (far, params.get(f"label{far}", False))):
            if shown and ticks:
                sides[side] += max(length, 0) + pad + across
        ends, along = (("left", "right"), width) if name == "x" else (("bottom", "top"), height)
        for end in ends:  # a label centred on the axes' last tick reaches half out beyond it
            sides[end] = max(sides[end], along / 2)
        label = axis.label
        if label.get_visible() and label.get_text():
            box = label.get_window_extent(renderer)
            reach = (box.height if name == "x" else box.width) * 72 / ax.figure.dpi
            sides[axis.get_label_position()] += axis.labelpad + reach
    return sides


def _tick_labels(axis: Any) -> list[str]:
    """The texts of the axis's major tick labels, from its locator and formatter."""
    values = [v for v in axis.get_major_locator()() if _within(axis, v)]
    return [t for t in axis.get_major_formatter().format_ticks(values) if t]


def _within(axis: Any, value: float) -> bool:
    low, high = sorted(axis.get_view_interval())
    span = (high - low) * 1e-9
    return bool(low - span <= value <= high + span)


def _text_size(texts: list[str], fontsize: float, renderer: Any, fig: Any) -> tuple[float, float]:
    """Widest and tallest of ``texts`` (each may have several lines), in points."""
    sizes = text_sizes(texts, fontsize, fig, renderer)
    return max(w for w, _ in sizes), max(h for _, h in sizes)


def text_sizes(texts: list[str], fontsize: float, fig: Any,
               renderer: Any = None) -> list[tuple[float, float]]:
    """The width and height of each of ``texts`` in the figure's font at ``fontsize``, in points."""
    from matplotlib.text import Text

    from collabkit.plots.labelset import text_layout

    renderer = renderer if renderer is not None else _renderer(fig.dpi)
    probe = Text(0, 0, "", fontsize=fontsize)
    probe.set_figure(fig)
    sizes = []
    for text in texts:  # the box Text.get_window_extent gives, from the kept layouts
        box = text_layout(probe, renderer, text)[0] if text else None
        sizes.append((box.width * 72 / fig.dpi, box.height * 72 / fig.dpi) if box is not None
                     else (0.0, 0.0))
    return sizes
