"""The house style of collabkit's charts: palette, matplotlib settings, drawing helpers.

Shared by every chart module of :mod:`collabkit.plots`: the Okabe-Ito
colour-blind-safe palette (:data:`OKABE_ITO`) with a hatch, marker and line
style for every series colour, fonts of 11 pt or more, and helpers for
figures, axes and labels. matplotlib is imported inside the functions, so
importing this module stays cheap.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from collabkit.formatting import percent
from collabkit.plots.axes import lean_axes
from collabkit.plots.bars import Bars, bar_labels, bars
from collabkit.plots.labels import offset_text
from collabkit.plots.labelset import label_set
from collabkit.plots.margins import OUTSIDE, fit, text_sizes

if TYPE_CHECKING:
    from collabkit.model import Model

#: The Okabe-Ito palette (Okabe & Ito 2008): distinguishable with any colour vision.
OKABE_ITO: dict[str, str] = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky_blue": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
}
#: Colours, hatches, markers and line styles for the n-th series (always used together).
SERIES = tuple(OKABE_ITO[c] for c in ("blue", "orange", "green", "vermillion", "sky_blue",
                                       "purple", "yellow", "black"))
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo", "+++", "---")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINES = ("-", "--", ":", "-.")
#: The answer scale, lowest answer first: a diverging scale made of the palette's hues,
#: warm (vermillion, orange) below the middle, a light grey at it, cool (sky blue,
#: blue) above it. Each side darkens towards its end, so lightness peaks at the
#: middle as a diverging scale's does, and warm against cool stays apart with any
#: colour vision. Strongest first on each side.
ANSWER_LOW = (OKABE_ITO["vermillion"], OKABE_ITO["orange"])
ANSWER_MIDDLE = "#DDDDDD"
ANSWER_HIGH = (OKABE_ITO["blue"], OKABE_ITO["sky_blue"])
#: A white box behind labels drawn over hatching, so they stay readable.
LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
             "alpha": 0.85}
#: Stacked bars are labelled segment by segment only up to this many bars.
MAX_SEGMENT_LABELS = 10
STYLE: Any = {  # rc settings (Any: matplotlib types the keys as a Literal of every rc name)
    "font.size": 12, "axes.titlesize": 13, "axes.labelsize": 12, "xtick.labelsize": 11,
    "ytick.labelsize": 11, "legend.fontsize": 11, "text.parse_math": False,
    "axes.spines.top": False, "axes.spines.right": False, "hatch.linewidth": 0.8,
    "axes.edgecolor": "#333333", "axes.labelcolor": "#1a1a1a",
}


def _styled(function: Callable[..., tuple[Any, str]]) -> Callable[..., tuple[Any, str]]:
    """Draw inside the house style (fonts, no maths parsing of free text), then fix the margins."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> tuple[Any, str]:
        import matplotlib

        with matplotlib.rc_context(STYLE):
            fig, alt = function(*args, **kwargs)
            fit(fig)  # margins fixed now, from the labels: the figure is drawn once
        return fig, alt

    return wrapper


def _figure(width: float = 8.0, height: float = 4.0) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))  # no layout engine: margins set by fit()


def _empty(what: str) -> tuple[Any, str]:
    fig = _figure(8, 1.5)
    ax = lean_axes(fig)
    ax.axis("off")
    ax.text(0.5, 0.5, f"{what}: nothing was recorded.", ha="center", va="center")
    return fig, f"{what}: nothing was recorded, so there is nothing to chart."


def _wrap(text: Any, width: int = 22) -> str:
    return textwrap.fill(str(text), width)


def _model_labels(code: str, model: Model) -> dict[str, str]:
    return {value: model.label(code, value) for value in model.codes[code]}


def _meeting_axis(ax: Any, numbers: Sequence[int]) -> None:
    """Meetings 1..n along x: every one labelled up to 16 meetings, else every k-th.

    The numbers are plain text under the axis rather than tick labels: a
    report draws a dozen charts of up to dozens of meetings, and matplotlib's
    tick objects cost about a millisecond each to draw.
    """
    numbers = [int(n) for n in numbers]
    step = 1 if len(numbers) <= 16 else -(-len(numbers) // 12)
    ax.set_xticks([])
    below = ax.get_xaxis_transform()
    shown = numbers[::step]
    label_set(ax, [str(n) for n in shown], [(n, -0.025) for n in shown], transform=below,
              ha="center", va="top", fontsize=11)
    ax.set_xlim(min(numbers) - 0.6, max(numbers) + 0.6)
    ax.set_xlabel("Meeting (in date order)", labelpad=20)


def _category_axis(ax: Any, positions: Any, labels: Sequence[str]) -> None:
    """Labels of the rows of a horizontal chart, left of the axes, without tick marks.

    The labels are plain text where tick labels would be (matplotlib's tick
    objects cost about a millisecond each to make and draw; the answers
    chart has 25 rows); :func:`~collabkit.plots.margins.fit` keeps room for them.
    """
    import matplotlib

    rc: Any = matplotlib.rcParams  # Any: matplotlib types its keys as a Literal of every name
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    beside = ax.get_yaxis_transform()  # x in axes fractions, y in data
    positions = [float(p) for p in positions]
    watched = _edge_labels(positions, text_sizes(list(labels), rc["ytick.labelsize"], ax.figure))
    label_set(ax, list(labels), [(0, p) for p in positions], (-rc["ytick.major.pad"], 0),
              transform=beside, ha="right", va="center", fontsize=rc["ytick.labelsize"],
              label=OUTSIDE, watched=sorted(watched))


def _value_axis(ax: Any, low: float, high: float, *, axis: str = "y", share: bool = False,
                bins: int = 4, grid: str | None = None) -> None:
    """A value axis from ``low`` to ``high`` with a few fixed, labelled ticks.

    Fixed ticks, drawn by :func:`_ticks`; ``share`` labels them as
    percentages, ``grid`` (a colour) draws a grid line at each.
    """
    from matplotlib.ticker import MaxNLocator

    top = min(high, 1.0) if share else high  # no "120%" on a share axis
    ticks = [t for t in MaxNLocator(bins, integer=not share).tick_values(low, top)
             if low - 1e-9 <= t <= top + 1e-9]
    labels = [f"{t * 100:.0f}%" if share else f"{t:g}" for t in ticks]
    (ax.set_ylim if axis == "y" else ax.set_xlim)(low, high)
    _ticks(ax, ticks, labels, axis=axis, grid=grid)


def _ticks(ax: Any, values: Any, labels: Sequence[str], *, axis: str = "y",
           grid: str | None = None) -> None:
    """Tick marks and labels at ``values`` left of (or under) the axes, as matplotlib draws them.

    As ``set_yticks(values, labels)`` (and ``grid(color=grid)``) look, but as
    one line of tick marks, plain texts and one collection of grid lines:
    matplotlib's tick objects (five artists each) cost about a millisecond
    each to make and draw, and a report's charts have over a hundred. The
    axis label is moved clear of the labels as matplotlib moves it;
    :func:`~collabkit.plots.margins.fit` keeps room for them.
    """
    import matplotlib
    from matplotlib.collections import LineCollection
    from matplotlib.markers import TICKDOWN, TICKLEFT

    rc: Any = matplotlib.rcParams  # Any: matplotlib types its keys as a Literal of every name
    name = "ytick" if axis == "y" else "xtick"
    size, pad = rc[f"{name}.major.size"], rc[f"{name}.major.pad"]
    colour = rc[f"{name}.color"] if rc[f"{name}.labelcolor"] == "inherit" \
        else rc[f"{name}.labelcolor"]
    values = [float(v) for v in values]
    (ax.set_yticks if axis == "y" else ax.set_xticks)([])
    edge = ax.get_yaxis_transform() if axis == "y" else ax.get_xaxis_transform()
    at = [(0.0, v) if axis == "y" else (v, 0.0) for v in values]
    ax.plot(*zip(*at, strict=True) if at else ([], []), transform=edge, linestyle="none",
            marker=TICKLEFT if axis == "y" else TICKDOWN, markersize=size, clip_on=False,
            markeredgewidth=rc[f"{name}.major.width"], color=rc[f"{name}.color"],
            zorder=1.5, label="_ticks")
    offset = (-(size + pad), 0) if axis == "y" else (0, -(size + pad))
    sizes = text_sizes([str(label) for label in labels], rc[f"{name}.labelsize"], ax.figure)
    watched = _edge_labels(values, sizes)
    label_set(ax, [str(label) for label in labels], at, offset, transform=edge,
              ha="right" if axis == "y" else "center",
              va="center_baseline" if axis == "y" else "top", color=colour,
              fontsize=rc[f"{name}.labelsize"], label=OUTSIDE, watched=sorted(watched))
    if grid is not None:
        ends = [[(0, v), (1, v)] if axis == "y" else [(v, 0), (v, 1)] for v in values]
        ax.add_collection(LineCollection(ends, colors=grid, linewidths=rc["grid.linewidth"],
                                         transform=edge, zorder=1.5), autolim=False)
    target = ax.yaxis if axis == "y" else ax.xaxis
    reach = max((w if axis == "y" else h for w, h in sizes), default=0.0)
    target.labelpad = rc["axes.labelpad"] + size + pad + reach


def _automatic_ticks(ax: Any, axis: str = "x") -> None:
    """The limits and ticks matplotlib would choose for the data so far, fixed, drawn by _ticks."""
    low, high = ax.get_xlim() if axis == "x" else ax.get_ylim()  # autoscaled now
    target = ax.xaxis if axis == "x" else ax.yaxis
    span = abs(high - low) * 1e-9
    values = [float(v) for v in target.get_major_locator()()
              if min(low, high) - span <= v <= max(low, high) + span]
    labels = target.get_major_formatter().format_ticks(values)
    (ax.set_xlim if axis == "x" else ax.set_ylim)(low, high)
    _ticks(ax, values, labels, axis=axis)


def _edge_labels(values: list[float], sizes: list[tuple[float, float]]) -> set[int]:
    """The tick labels that can stick out furthest: the widest, the tallest, the two ends.

    The labels all sit the same distance from the axes, so only these can
    reach beyond the others; :func:`~collabkit.plots.margins.fit` measures
    only them (a report's charts have a few hundred labels).
    """
    if not values:
        return set()
    picks = (max(range(len(values)), key=lambda i: sizes[i][0]),
             max(range(len(values)), key=lambda i: sizes[i][1]),
             min(range(len(values)), key=values.__getitem__),
             max(range(len(values)), key=values.__getitem__))
    return set(picks)


def _spread(values: Sequence[float], gap: float) -> np.ndarray:
    """Label positions moved apart (no two closer than ``gap``), centred on the values."""
    out = np.asarray(values, dtype=float).copy()
    order = np.argsort(out, kind="stable")
    placed = out[order].copy()
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    placed += (out[order].mean() - placed.mean()) if len(placed) else 0
    placed += max(0.0, out.min() - placed[0]) if len(placed) else 0
    out[order] = placed
    return out


def _end_labels(ax: Any, x: float, ys: Sequence[float], labels: Sequence[str],
                gap: float) -> None:
    for y, label in zip(_spread(ys, gap), labels, strict=True):
        offset_text(ax, label, (x, y), (8, 0), va="center", label=OUTSIDE)


def _bar_labels(ax: Any, series: Bars, texts: Sequence[str], **kwargs: Any) -> None:
    bar_labels(ax, series, texts, **kwargs)


def answer_styles(points: Sequence[int]) -> list[dict[str, str]]:
    """The colour and hatch of each point of an answer scale (points lowest first).

    Points below the scale's middle take :data:`ANSWER_LOW`'s colours and
    back-slanted hatching, points above it :data:`ANSWER_HIGH`'s and forward
    slants, both denser the further from the middle; a middle point is
    :data:`ANSWER_MIDDLE`, unhatched. A side of more than two points gets
    colours between its two.
    """
    from matplotlib.colors import to_hex, to_rgb

    middle = (min(points) + max(points)) / 2
    lower = [p for p in points if p < middle]
    styles = []
    for point in points:
        if point == middle:
            styles.append({"color": ANSWER_MIDDLE, "hatch": ""})
            continue
        side = lower if point < middle else [p for p in points if p > middle][::-1]
        steps = len(side)  # the side's points, strongest (furthest from the middle) first
        strength = steps - side.index(point)  # 1 next to the middle, steps at the end
        ends = ANSWER_LOW if point < middle else ANSWER_HIGH
        mix = 0.0 if steps == 1 else (steps - strength) / (steps - 1)
        colour = (1 - mix) * np.array(to_rgb(ends[0])) + mix * np.array(to_rgb(ends[1]))
        slant = "\\" if point < middle else "/"
        styles.append({"color": to_hex(tuple(colour.tolist())).upper(),
                       "hatch": slant * 2 * strength})
    return styles


def _stacked(ax: Any, x: np.ndarray, parts: list[tuple[str, np.ndarray]],
             horizontal: bool = False, min_label: float = 0.08,
             text: Callable[[float], str] = percent, *, start: np.ndarray | None = None,
             styles: Sequence[dict[str, str]] | None = None) -> None:
    """Stacked bars, one colour and hatch per part; segments labelled when bars are few.

    Each bar starts at 0, or at its ``start``; parts take the house series'
    colours and hatches, or ``styles`` (a colour and hatch per part). Beyond
    :data:`MAX_SEGMENT_LABELS` bars the numbers are in the table instead.
    """
    bottom = np.zeros(len(x)) if start is None else np.asarray(start, dtype=float)
    label = len(x) <= MAX_SEGMENT_LABELS
    for i, (name, values) in enumerate(parts):
        values = np.nan_to_num(np.asarray(values, dtype=float))
        style = {"color": SERIES[i % 8], "hatch": HATCHES[i % 8]} if styles is None \
            else dict(styles[i])
        style.update(edgecolor="black", label=name)
        bars(ax, x, values, start=bottom, thickness=0.6 if horizontal else 0.7,
             horizontal=horizontal, **style)
        shown = [(position, value, start) for position, value, start
                 in zip(x, values, bottom, strict=True) if label and value >= min_label]
        if shown:
            label_set(ax, [text(value) for _, value, _ in shown],
                      [(start + value / 2, position) if horizontal
                       else (position, start + value / 2) for position, value, start in shown],
                      ha="center", va="center", fontsize=11, bbox=LABEL_BOX)
        bottom = bottom + values
