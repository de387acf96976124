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
from collabkit.plots.margins import OUTSIDE, fit

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
    ax = fig.subplots()
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
    for number in numbers[::step]:
        ax.text(number, -0.025, str(number), transform=below, ha="center", va="top",
                fontsize=11)
    ax.set_xlim(min(numbers) - 0.6, max(numbers) + 0.6)
    ax.set_xlabel("Meeting (in date order)", labelpad=20)


def _value_axis(ax: Any, low: float, high: float, *, axis: str = "y", share: bool = False,
                bins: int = 4) -> None:
    """A value axis from ``low`` to ``high`` with a few fixed, labelled ticks.

    Fixed ticks draw faster than matplotlib's automatic ones; ``share`` labels
    them as percentages.
    """
    from matplotlib.ticker import MaxNLocator

    top = min(high, 1.0) if share else high  # no "120%" on a share axis
    ticks = [t for t in MaxNLocator(bins, integer=not share).tick_values(low, top)
             if low - 1e-9 <= t <= top + 1e-9]
    labels = [f"{t * 100:.0f}%" if share else f"{t:g}" for t in ticks]
    if axis == "y":
        ax.set_ylim(low, high)
        ax.set_yticks(ticks, labels)
    else:
        ax.set_xlim(low, high)
        ax.set_xticks(ticks, labels)


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
        ax.annotate(label, (x, y), xytext=(8, 0), textcoords="offset points", va="center",
                    label=OUTSIDE)


def _bar_labels(ax: Any, bars: Any, texts: Sequence[str], **kwargs: Any) -> None:
    ax.bar_label(bars, labels=list(texts), padding=3, fontsize=11, **kwargs)


def _stacked(ax: Any, x: np.ndarray, parts: list[tuple[str, np.ndarray]],
             horizontal: bool = False, min_label: float = 0.08,
             text: Callable[[float], str] = percent) -> None:
    """Stacked bars, one colour and hatch per part; segments labelled when bars are few.

    Beyond :data:`MAX_SEGMENT_LABELS` bars the numbers are in the table instead.
    """
    bottom = np.zeros(len(x))
    label = len(x) <= MAX_SEGMENT_LABELS
    for i, (name, values) in enumerate(parts):
        values = np.nan_to_num(np.asarray(values, dtype=float))
        style = {"color": SERIES[i % 8], "edgecolor": "black", "hatch": HATCHES[i % 8],
                 "label": name}
        if horizontal:
            ax.barh(x, values, left=bottom, height=0.6, **style)
        else:
            ax.bar(x, values, bottom=bottom, width=0.7, **style)
        for position, value, start in zip(x, values, bottom, strict=True):
            if label and value >= min_label:
                xy = (start + value / 2, position) if horizontal else (position,
                                                                        start + value / 2)
                ax.text(*xy, text(value), ha="center", va="center", fontsize=11, bbox=LABEL_BOX)
        bottom = bottom + values
