"""Labels a few points away from a point, as plain texts rather than annotations.

``ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points")`` puts
a text ``(dx, dy)`` points from ``xy``, but an ``Annotation`` works out its
transforms again (and checks whether ``xy`` is inside the axes) each time it
is measured or drawn, and a report's charts have several hundred of them:
tick labels, bar values, labels at the ends of lines. :func:`offset_text`
places a plain :class:`~matplotlib.text.Text` at the same spot, with the
offset made part of its transform once.
"""

from __future__ import annotations

from typing import Any


def offset_text(ax: Any, text: str, xy: tuple[float, float], offset: tuple[float, float],
                *, transform: Any = None, **kwargs: Any) -> Any:
    """``text`` ``offset`` points (right, up) from ``xy``, in ``transform`` (data by default).

    Drawn where ``ax.annotate(text, xy, xycoords=transform, xytext=offset,
    textcoords="offset points", **kwargs)`` draws it; the other keywords are
    the text's properties.
    """
    from matplotlib.transforms import ScaledTranslation

    base = ax.transData if transform is None else transform
    shift = ScaledTranslation(offset[0] / 72, offset[1] / 72, ax.figure.dpi_scale_trans)
    return ax.text(xy[0], xy[1], text, transform=base + shift, **kwargs)
