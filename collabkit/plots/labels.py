"""Labels made quickly: plain texts, a few points from a point rather than annotations.

``ax.annotate(text, xy, xytext=(dx, dy), textcoords="offset points")`` puts
a text ``(dx, dy)`` points from ``xy``, but an ``Annotation`` works out its
transforms again (and checks whether ``xy`` is inside the axes) each time it
is measured or drawn, and a report's charts have several hundred of them:
tick labels, bar values, labels at the ends of lines. :func:`offset_text`
places a plain :class:`~matplotlib.text.Text` at the same spot, with the
offset made part of its transform once.

:func:`plain_text` makes the text as ``ax.text`` would, for less: its font
taken from a few kept ones rather than read from the settings each time, its
properties given at once, and no clip path (``ax.text`` gives each text the
axes' clip path, work that is never used as such a text is never clipped).
"""

from __future__ import annotations

import functools
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
    return plain_text(ax, xy[0], xy[1], text, transform=base + shift, **kwargs)


def plain_text(ax: Any, x: Any, y: Any, text: str, *, transform: Any = None,
               fontsize: float | None = None, ha: str = "left", va: str = "baseline",
               color: Any = None, **kwargs: Any) -> Any:
    """``text`` at ``(x, y)`` in ``transform`` (data by default), as ``ax.text`` makes it.

    Never clipped, as ``ax.text`` makes texts; the other keywords are the
    text's properties.
    """
    artist = make_text(ax, x, y, text, transform=transform, fontsize=fontsize, ha=ha, va=va,
                       color=color, **kwargs)
    ax._add_text(artist)  # as ax.text adds it, less the clip path
    return artist


def make_text(ax: Any, x: Any, y: Any, text: str, *, transform: Any = None,
              fontsize: float | None = None, ha: str = "left", va: str = "baseline",
              color: Any = None, **kwargs: Any) -> Any:
    """The text :func:`plain_text` adds to ``ax``, made but not added."""
    import matplotlib
    from matplotlib.text import Text

    rc: Any = matplotlib.rcParams  # Any: matplotlib types its keys as a Literal of every name
    font = _font(fontsize, tuple(rc["font.family"]), rc["font.style"], rc["font.variant"],
                 rc["font.weight"], rc["font.stretch"], rc["font.size"],
                 rc["mathtext.fontset"])
    align: Any = {"horizontalalignment": ha, "verticalalignment": va}  # Any: typed as Literals
    artist = Text(x, y, text, color=color, fontproperties=font, clip_on=False, **align,
                  transform=ax.transData if transform is None else transform, **kwargs)
    artist.set_figure(ax.figure)
    return artist


@functools.lru_cache(maxsize=64)
def _font(size: float | None, *settings: Any) -> Any:
    """The font a text gets at ``size`` under the font ``settings`` (each text copies it)."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(size=size)  # reads the settings, as a text's own font does
