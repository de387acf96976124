"""Text measured once per process: the size of each label and font, kept between charts.

matplotlib measures a text's size (and its font's ascent, descent and line
gap) with the renderer drawing it, and keeps the sizes only as long as that
renderer lives. Saving a figure as SVG makes a new renderer each time, so
every chart of a report measured again the labels the charts before it had
measured ("0%", "Meeting (in date order)", the meeting numbers, the steps),
and every text read its font's tables again each time it was laid out. The
renderers here remember both for the whole process: the same sizes,
measured once.

:func:`svg_renderer` is the SVG renderer :func:`collabkit.plots.svg.to_svg`
draws with; :func:`agg_renderer` the one the margins are measured with.
"""

from __future__ import annotations

import functools
from typing import Any

#: (font, dpi) -> (ascent, descent, line gap) in pixels, as ``Text`` computes them.
_HEIGHTS: dict[tuple[int, float], tuple[float | None, float | None, float | None]] = {}
#: (text, font, maths) -> (width, height, descent) in points, as the SVG renderer measures.
_SIZES: dict[tuple[str, int, Any], tuple[float, float, float]] = {}
#: Texts kept at most: a batch worker draws thousands of reports, each with its own names
#: and numbers, so the sizes are forgotten (all at once) beyond this and measured again.
MAX_SIZES = 20_000


def font_heights(prop: Any, dpi: float) -> tuple[float | None, float | None, float | None]:
    """The ascent, descent and line gap of the font of ``prop`` at ``dpi``, in pixels.

    As :meth:`matplotlib.text.Text._get_layout` reads them from the font's
    tables ("OS/2", else "hhea"); ``(None, None, None)`` when it has neither
    (matplotlib then measures "lp" instead). Fonts are told apart as
    matplotlib tells them apart: by the hash of their properties.
    """
    key = (hash(prop), float(dpi))
    found = _HEIGHTS.get(key)
    if found is None:
        found = _HEIGHTS[key] = _read_heights(prop, dpi)
    return found


def _read_heights(prop: Any, dpi: float) -> tuple[float | None, float | None, float | None]:
    from matplotlib.font_manager import fontManager, get_font

    font: Any = get_font(fontManager._find_fonts_by_props(prop))  # Any: tables typed by name
    for table_name, gap, ascent, descent in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent")):
        table = font.get_sfnt_table(table_name)
        if table is None:
            continue
        scale = prop.get_size_in_points() * dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
        return table[ascent] * scale, -table[descent] * scale, table[gap] * scale
    return None, None, None


def svg_renderer(width: float, height: float, writer: Any, **kwargs: Any) -> Any:
    """A :class:`~matplotlib.backends.backend_svg.RendererSVG` that remembers text sizes."""
    return _svg_class()(width, height, writer, **kwargs)


def agg_renderer(dpi: float) -> Any:
    """A 1 by 1 pixel Agg renderer at ``dpi`` that remembers font heights (for measuring)."""
    return _agg_class()(1, 1, dpi)


@functools.cache  # made once: matplotlib is imported only when a chart is drawn
def _svg_class() -> Any:
    from matplotlib.backends.backend_svg import RendererSVG

    class RememberingRendererSVG(RendererSVG):
        """The SVG renderer, with each text's size and each font's heights kept."""

        def get_text_width_height_descent(self, s: str, prop: Any,
                                          ismath: Any) -> tuple[float, float, float]:
            key = (s, hash(prop), ismath)
            found = _SIZES.get(key)
            if found is None:  # the SVG renderer's sizes do not depend on its dpi
                if len(_SIZES) >= MAX_SIZES:
                    _SIZES.clear()
                found = _SIZES[key] = super().get_text_width_height_descent(s, prop, ismath)
            return found

        def _get_font_height_metrics(self, prop: Any) -> Any:
            return font_heights(prop, 72)  # SVG is drawn at 72 dpi

    return RememberingRendererSVG


@functools.cache
def _agg_class() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    class RememberingRendererAgg(RendererAgg):
        """The Agg renderer, with each font's heights kept."""

        def _get_font_height_metrics(self, prop: Any) -> Any:
            return font_heights(prop, self.dpi)

    return RememberingRendererAgg
