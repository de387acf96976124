"""Bars drawn as one shape collection per series, and their value labels.

``Axes.bar`` makes a ``Rectangle`` artist per bar: each has its own
transforms and updates the axes' data limits when added, and is drawn on
its own. A report's charts hold several hundred bars, and the answers chart
alone over a hundred, so adding and drawing them one by one cost about
0.4 ms a bar. :func:`bars` draws a series of bars as one
:class:`~matplotlib.collections.PolyCollection` instead: the same
rectangles, colours, edges and hatching, added and drawn at once (one
legend entry, with the series' colour and hatch). :func:`bar_labels`
writes a value at the end of each bar, as ``Axes.bar_label`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from collabkit.plots.labels import offset_text
from collabkit.plots.labelset import label_set

#: Points between a bar's end and its value label (``Axes.bar_label``'s ``padding``).
PADDING = 3


class Bars(NamedTuple):
    """A series of bars: its collection, where each bar is and where it ends."""

    collection: Any
    at: np.ndarray
    ends: np.ndarray
    horizontal: bool


def bars(ax: Any, at: Any, lengths: Any, *, start: Any = 0.0, thickness: float = 0.7,
         horizontal: bool = False, color: str, edgecolor: str = "black", hatch: str = "",
         label: str | None = None) -> Bars:
    """Bars centred at ``at``, from ``start`` to ``start + lengths``, as one collection.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    at : array-like
        Each bar's centre across its length (x of a vertical bar, y of a horizontal one).
    lengths : array-like
        Each bar's length; NaN draws as 0.
    start : float or array-like
        Where each bar starts (its base), 0 by default.
    thickness : float
        The bars' width (vertical) or height (horizontal), in data units.
    horizontal : bool
        Bars along x (``barh``) rather than up y (``bar``).
    color, edgecolor, hatch : str
        Fill, outline (and hatch lines) and hatch pattern.
    label : str, optional
        The series' legend entry.

    Returns
    -------
    Bars
        The collection and each bar's position and end, for :func:`bar_labels`.
    """
    from matplotlib.collections import PolyCollection

    at = np.asarray(at, dtype=float)
    low = np.broadcast_to(np.asarray(start, dtype=float), at.shape)
    high = low + np.nan_to_num(np.asarray(lengths, dtype=float))
    near, far = at - thickness / 2, at + thickness / 2
    corners = ([(low, near), (high, near), (high, far), (low, far)] if horizontal else
               [(near, low), (far, low), (far, high), (near, high)])
    vertices = np.stack([np.column_stack(corner) for corner in corners], axis=1)
    collection = PolyCollection(list(vertices), facecolors=color, edgecolors=edgecolor,
                                hatch=hatch,
                                label=label if label is not None else "_nolegend_")
    edges = collection.sticky_edges.x if horizontal else collection.sticky_edges.y
    edges.extend(np.unique(low).tolist())  # no margin beyond a bar's base, as Axes.bar keeps
    ax.add_collection(collection)
    return Bars(collection, at, high, horizontal)


def bar_labels(ax: Any, series: Bars, texts: Sequence[str], **kwargs: Any) -> None:
    """Each bar's text just beyond its end (11 pt), as ``Axes.bar_label`` places it.

    Upright labels are one :func:`~collabkit.plots.labelset.label_set` for the
    series; the other keywords are the texts' properties.
    """
    align: Any  # Any: alignment keywords, typed as Literals by matplotlib
    if series.horizontal:
        points, offset, align = list(zip(series.ends, series.at, strict=True)), (PADDING, 0), \
            {"ha": "left", "va": "center"}
    else:
        points, offset, align = list(zip(series.at, series.ends, strict=True)), (0, PADDING), \
            {"ha": "center", "va": "bottom"}
    if not kwargs.get("rotation"):
        kwargs.pop("rotation", None)
    if set(kwargs) <= {"color", "label"}:
        label_set(ax, list(texts), points, offset, fontsize=11, **align, **kwargs)
        return
    for xy, text in zip(points, texts, strict=True):
        offset_text(ax, text, xy, offset, fontsize=11, **align, **kwargs)
