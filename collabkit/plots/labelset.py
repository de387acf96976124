"""A set of labels drawn as one artist: an axis's tick labels, the meeting numbers.

A chart's tick labels were plain :class:`~matplotlib.text.Text` objects,
one each, and a report's charts have a few hundred: each made with its own
properties, laid out and drawn with its own transform and drawing context.
:class:`LabelSet` holds the strings with their anchor points, shares one
font, colour and alignment, and draws each string as matplotlib draws a
text (``renderer.draw_text`` with the same position, font and alignment, so
the SVG is the same) with one drawing context. Each string's layout (its
lines and their offsets from the anchor) is worked out by matplotlib's own
text layout, once per string, font, alignment and renderer, and kept.

:meth:`LabelSet.get_window_extent` is the box round every label (or only
those given as ``watched``, the ones that can reach furthest), which is what
:func:`collabkit.plots.margins.fit` measures.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

#: (renderer class, renderer dpi, figure dpi, text, font, alignment, ...) -> matplotlib's layout.
_LAYOUTS: dict[tuple[Any, ...], tuple[Any, list[tuple[str, Any]], Any]] = {}
#: Layouts kept at most (forgotten all at once beyond this, as text sizes are).
MAX_LAYOUTS = 20_000


def label_set(ax: Any, texts: Sequence[str], points: Sequence[tuple[float, float]],
              offset: tuple[float, float] = (0.0, 0.0), *, transform: Any = None,
              fontsize: float | None = None, ha: str = "left", va: str = "baseline",
              color: Any = None, label: str = "_labels",
              watched: Sequence[int] | None = None, bbox: Any = None) -> Any:
    """Labels ``texts`` at ``points`` (in ``transform``, data by default), ``offset`` points away.

    Drawn where :func:`collabkit.plots.labels.offset_text` draws each of
    them, never clipped; ``watched`` (indices) are the labels whose box
    :meth:`LabelSet.get_window_extent` gives (all of them by default), and
    ``bbox`` the properties of a box drawn behind each (as a text's ``bbox``).
    """
    from matplotlib.transforms import ScaledTranslation

    from collabkit.plots.labels import make_text

    base = ax.transData if transform is None else transform
    shift = ScaledTranslation(offset[0] / 72, offset[1] / 72, ax.figure.dpi_scale_trans)
    probe = make_text(ax, 0, 0, "", transform=base + shift, fontsize=fontsize, ha=ha, va=va,
                      color=color, bbox=bbox)  # measures and styles the labels; never drawn itself
    artist = _label_set_class()(list(texts), points, probe, watched)
    artist.set_label(label)
    ax._set_artist_props(artist)  # as ax.add_artist adds it, less the clip path
    ax._children.append(artist)
    artist._remove_method = ax._children.remove
    return artist


def text_layout(probe: Any, renderer: Any, text: str) -> tuple[Any, list[tuple[str, Any]], Any]:
    """The layout matplotlib gives ``text`` in the font and alignment of ``probe``.

    The box is relative to the anchor, each line given with its offset from it,
    then the corner and size of the box drawn behind the text.
    """
    inner = getattr(renderer, "_renderer", renderer)  # inside a MixedModeRenderer
    key = (type(inner), getattr(inner, "dpi", None), probe.get_figure(root=True).dpi, text,
           hash(probe.get_fontproperties()), probe.get_ha(), probe.get_va(),
           probe.get_rotation(), probe._linespacing, probe._multialignment,
           probe.get_usetex(), probe.get_parse_math())
    found = _LAYOUTS.get(key)
    if found is None:
        if len(_LAYOUTS) >= MAX_LAYOUTS:
            _LAYOUTS.clear()
        probe.set_text(text)
        box, info, behind = probe._get_layout(renderer)
        found = _LAYOUTS[key] = (box, [(line, xy) for line, _, xy in info], behind)
    return found


class _Anchor:
    """The text a renderer is told it draws: the probe's, at one label's anchor.

    Renderers read a text's alignment, rotation and font features from it;
    the SVG renderer also its anchor, here in pixels.
    """

    def __init__(self, x: float, y: float, probe: Any) -> None:
        self.xy, self.probe = (x, y), probe

    def get_transform(self) -> Any:
        from matplotlib.transforms import IdentityTransform

        return IdentityTransform()

    def get_unitless_position(self) -> tuple[float, float]:
        return self.xy

    def __getattr__(self, name: str) -> Any:
        return getattr(self.probe, name)


@functools.cache  # made once: matplotlib is imported only when a chart is drawn
def _label_set_class() -> Any:
    import numpy as np
    from matplotlib import artist as martist
    from matplotlib import colors as mcolors
    from matplotlib.transforms import Bbox

    class LabelSet(martist.Artist):
        """Strings at anchor points drawn as the texts a ``probe`` Text stands for."""

        zorder = 3  # as a Text's

        def __init__(self, texts: list[str], points: Any, probe: Any,
                     watched: Sequence[int] | None) -> None:
            super().__init__()
            self.texts = texts
            self.points = np.asarray(points, dtype=float).reshape(-1, 2)
            self.probe = probe
            self.watched = list(range(len(texts))) if watched is None else sorted(watched)
            self.set_clip_on(False)

        def get_fontsize(self) -> float:
            return float(self.probe.get_fontsize())

        def get_transform(self) -> Any:
            return self.probe.get_transform()

        def get_window_extent(self, renderer: Any = None) -> Any:
            if renderer is None:
                renderer = self.probe.get_figure(root=True)._get_renderer()
            anchors = self.get_transform().transform(self.points)
            boxes = [text_layout(self.probe, renderer, self.texts[i])[0].translated(*anchors[i])
                     for i in self.watched if self.texts[i]]
            return Bbox.union(boxes) if boxes else Bbox.null()

        def get_tightbbox(self, renderer: Any = None) -> Any:
            return self.get_window_extent(renderer)

        @martist.allow_rasterization
        def draw(self, renderer: Any) -> None:
            if not self.get_visible():
                return
            probe = self.probe
            gc = renderer.new_gc()  # as Text.draw sets it up for a text never clipped
            gc.set_foreground(mcolors.to_rgba(probe.get_color()), isRGBA=True)
            gc.set_alpha(probe.get_alpha())
            gc.set_url(probe.get_url())
            gc.set_antialiased(probe._antialiased)
            gc.set_snap(probe.get_snap())
            anchors = self.get_transform().transform(self.points).tolist()
            for text, (x, y) in zip(self.texts, anchors, strict=True):
                if text and np.isfinite(x) and np.isfinite(y):
                    _draw_one(renderer, gc, probe, text, x, y)
            gc.restore()
            self.stale = False

    return LabelSet


def _draw_one(renderer: Any, gc: Any, probe: Any, text: str, x: float, y: float) -> None:
    """One label anchored at pixel ``(x, y)``, drawn as ``Text.draw`` draws it."""
    renderer.open_group("text", None)
    _, lines, ((corner_x, corner_y), size) = text_layout(probe, renderer, text)
    patch = probe.get_bbox_patch()
    if patch is not None:  # as Text.update_bbox_position_size places it
        from matplotlib.transforms import Affine2D

        patch.set_bounds(0.0, 0.0, *size)
        patch.set_transform(Affine2D().rotate_deg(0.0).translate(x + corner_x, y + corner_y))
        patch.set_mutation_scale(renderer.points_to_pixels(probe.get_size()))
        patch.draw(renderer)
    mtext = _Anchor(x, y, probe) if len(lines) == 1 else None
    height = renderer.get_canvas_width_height()[1]
    for line, (dx, dy) in lines:
        clean, ismath = probe._preprocess_math(line)
        renderer.draw_text(gc, x + dx, height - (y + dy) if renderer.flipy() else y + dy,
                           clean, probe.get_fontproperties(), 0.0, ismath=ismath, mtext=mtext)
    renderer.close_group("text")
