"""A chart as SVG text for a web page: drawn once, text kept as text, small and repeatable.

:func:`to_svg` saves a matplotlib figure as SVG (``svg.fonttype`` "none", so
labels stay text: crisp at any zoom and found by the browser's search),
without a date and with ids from a fixed salt, so the same chart always gives
the same SVG. :func:`svg_data_url` makes it a ``data:`` URL for an ``<img>``.

matplotlib writes each hatch as a one-inch tile; a dotted hatch is some 350
little circles (150 kB). :func:`compact_patterns` redraws such a tile as the
smallest tile that repeats to the same picture: a few circles.
"""

from __future__ import annotations

import functools
import io
import re
from typing import Any

#: Pixels per inch of a chart on screen (CSS pixels; the charts were PNGs at 100 dpi).
SHOWN_DPI = 100
#: Characters a data URL in an HTML attribute must not hold as they are.
_URL_ESCAPES = str.maketrans({"%": "%25", "#": "%23", "<": "%3C", ">": "%3E", '"': "%22",
                              "'": "%27", "&": "%26"})
_PATTERN = re.compile(
    r'<pattern id="(?P<id>[^"]+)" patternUnits="userSpaceOnUse" x="0" y="0" '
    r'width="(?P<w>\d+)" height="(?P<h>\d+)"> <rect x="0" y="0" width="\d+" height="\d+" '
    r'(?P<fill>fill="[^"]*")/> <path d="(?P<d>[^"]*)" (?P<style>style="[^"]*")/> </pattern>')
#: matplotlib's metadata entries, all left out: no date, no links to its website.
_METADATA = ("Date", "Creator", "Format", "Type")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def to_svg(fig: Any) -> str:
    """The figure as SVG text on one line, drawn once; the same chart gives the same text.

    Shown as large as the charts were as PNGs (:data:`SHOWN_DPI`). Comments
    (matplotlib repeats each label in one), its metadata and the XML
    declaration are left out.
    """
    import matplotlib

    buffer = io.BytesIO()
    settings: Any = {"svg.fonttype": "none", "svg.hashsalt": "collabkit"}
    canvas = fig.canvas
    _canvas_class()(fig)  # draws with a renderer that keeps text sizes between charts
    try:
        with matplotlib.rc_context(settings):
            fig.savefig(buffer, format="svg", metadata=dict.fromkeys(_METADATA))
    finally:
        fig.set_canvas(canvas)
    source = buffer.getvalue().decode("utf-8")
    source = source[source.index("<svg"):]  # the XML declaration and DOCTYPE are optional
    width, height = fig.get_size_inches() * SHOWN_DPI
    source = re.sub(r'width="[\d.]+pt" height="[\d.]+pt"',
                    f'width="{width:.0f}px" height="{height:.0f}px"', source, count=1)
    if "<!--" in source:
        source = _COMMENT.sub("", source)
    return compact_patterns(one_line(source))


def one_line(source: str) -> str:
    r"""``source`` with each run of white space holding a line break made one space.

    As ``re.sub(r"\s*\n\s*", " ", source)``, a few times faster on a chart's
    SVG (matplotlib writes a path a point a line: some 15,000 lines a report).

    Examples
    --------
    >>> one_line("<g>\n  <path d='M 0 0 \nL 1 1'/>\n\n</g>\n")
    "<g> <path d='M 0 0 L 1 1'/> </g> "
    """
    lines = source.split("\n")
    if len(lines) == 1:
        return source
    middle = (line.strip() for line in lines[1:-1])
    return " ".join([lines[0].rstrip(), *(line for line in middle if line), lines[-1].lstrip()])


@functools.cache
def _canvas_class() -> Any:
    """The SVG canvas of matplotlib, drawing with :func:`collabkit.plots.fonts.svg_renderer`."""
    import codecs

    from matplotlib import cbook
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    from collabkit.plots.fonts import svg_renderer

    class Canvas(FigureCanvasSVG):
        def print_svg(self, filename: Any, *, bbox_inches_restore: Any = None,
                      metadata: Any = None, **_: Any) -> None:
            """As ``FigureCanvasSVG.print_svg`` (which ignores dpi and colours too)."""
            fh: Any  # Any: a text file, or a byte file wrapped to take text
            with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
                if not cbook.file_requires_unicode(fh):
                    fh = codecs.getwriter("utf-8")(fh)
                dpi = self.figure.dpi
                self.figure.dpi = 72
                width, height = self.figure.get_size_inches()
                renderer: Any = MixedModeRenderer(
                    self.figure, width, height, dpi,
                    svg_renderer(width * 72, height * 72, fh, image_dpi=dpi, metadata=metadata),
                    bbox_inches_restore=bbox_inches_restore)
                self.figure.draw(renderer)
                renderer.finalize()

    return Canvas


def svg_data_url(source: str) -> str:
    """SVG text as a ``data:`` URL, percent-encoded (a third smaller than base64).

    Examples
    --------
    >>> svg_data_url('<svg fill="#000"/>')
    'data:image/svg+xml,%3Csvg fill=%22%23000%22/%3E'
    """
    return "data:image/svg+xml," + source.translate(_URL_ESCAPES)


def compact_patterns(source: str) -> str:
    """Each hatch tile of repeated small shapes redrawn as its smallest repeating tile.

    A tile is changed only when its shapes are one shape moved about on a
    lattice that repeats within the tile; anything else is kept as written.
    """
    return _PATTERN.sub(_compact, source)


def _compact(match: re.Match[str]) -> str:
    tile = _smallest_tile(float(match["w"]), float(match["h"]), match["d"])
    if tile is None:
        return match[0]
    step_x, step_y, path = tile
    return (f'<pattern id="{match["id"]}" patternUnits="userSpaceOnUse" x="0" y="0" '
            f'width="{step_x:g}" height="{step_y:g}"><rect x="0" y="0" width="{step_x + 1:g}" '
            f'height="{step_y + 1:g}" {match["fill"]}/><path d="{path}" '
            f'{match["style"]}/></pattern>')


@functools.lru_cache(maxsize=32)
def _smallest_tile(width: float, height: float, d: str) -> tuple[float, float, str] | None:
    """The smallest tile repeating a hatch tile's path, and its path; None if none is smaller.

    Kept between charts: a report's charts use a handful of hatches, each
    written as the same tile in every chart that uses it (only its colour
    differs, and that is not part of the path).
    """
    shapes = _shapes(d)
    if shapes is None:
        return None
    shape, anchors = shapes
    xs, ys = shape[0::2], shape[1::2]
    low_x, high_x, low_y, high_y = min(xs), max(xs), min(ys), max(ys)
    step_x = _period(anchors, (width, height), axis=0)
    step_y = _period(anchors, (width, height), axis=1)
    if (step_x, step_y) == (width, height) or high_x - low_x > step_x or high_y - low_y > step_y:
        return None
    base = {(round(x % step_x, 3), round(y % step_y, 3)) for x, y in anchors}
    kept = sorted({(x + i * step_x, y + j * step_y) for x, y in base
                   for i in (-1, 0, 1) for j in (-1, 0, 1)
                   if x + i * step_x + high_x > 0 and x + i * step_x + low_x < step_x
                   and y + j * step_y + high_y > 0 and y + j * step_y + low_y < step_y})
    return step_x, step_y, " ".join(_moved(d.split("M")[1], shape, x, y) for x, y in kept)


def _shapes(path: str) -> tuple[tuple[float, ...], list[tuple[float, float]]] | None:
    """The one shape a path repeats (points relative to its first) and where each starts."""
    import numpy as np

    parts = [p for p in path.split("M") if p.strip()]
    commands = {c.strip() for c in _NUMBER.sub("", path).split("M") if c.strip()}
    if len(parts) < 4 or len(commands) != 1 or not commands.pop().endswith("z"):
        return None  # not one closed shape drawn again and again
    numbers = np.array(_NUMBER.findall(path), dtype=float)
    if len(numbers) % (2 * len(parts)):
        return None
    points = numbers.reshape(len(parts), -1)
    relative = points.copy()
    relative[:, 0::2] -= points[:, :1]
    relative[:, 1::2] -= points[:, 1:2]
    if not np.allclose(relative, relative[0], atol=1e-3):
        return None
    return tuple(relative[0].tolist()), [(x, y) for x, y in points[:, :2].tolist()]


def _period(anchors: list[tuple[float, float]], tile: tuple[float, float], *,
            axis: int) -> float:
    """The shortest shift along ``axis`` that maps the shapes onto themselves.

    The shift is a whole fraction of the tile, the shapes taken round its
    edges; the tile's size when no shorter shift does.
    """
    points = _wrapped(anchors, tile)
    size = tile[axis]
    first = next(iter(points))
    candidates = sorted({(p[axis] - first[axis]) % size for p in points} - {0.0})
    for step in candidates:
        count = size / step
        if abs(count - round(count)) > 1e-6:
            continue
        moved = [(x + step, y) if axis == 0 else (x, y + step) for x, y in points]
        if _wrapped(moved, tile) == points:
            return step
    return size


def _wrapped(points: Any, tile: tuple[float, float]) -> set[tuple[float, float]]:
    """Points taken round the tile's edges, to a hundredth of a point."""
    width, height = tile
    return {(round(x % width, 2) % width, round(y % height, 2) % height) for x, y in points}


def _moved(part: str, shape: tuple[float, ...], x: float, y: float) -> str:
    """One subpath of the shape (its commands as written) with its first point at (x, y)."""
    values = iter(shape)
    numbers = [f"{v + (x if i % 2 == 0 else y):.4g}" for i, v in enumerate(values)]
    pieces = _NUMBER.split(part)
    out = [pieces[0]]
    for number, piece in zip(numbers, pieces[1:], strict=True):
        out += [number, piece]
    return "M" + "".join(out).rstrip()
