"""Charts as SVG: hatch tiles made small without changing the picture."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from collabkit.plots import svg  # noqa: E402


def _dotted(hatch: str = "...") -> str:
    fig = Figure(figsize=(3, 2))
    fig.subplots().bar([0], [1], hatch=hatch, color="#56B4E9", edgecolor="black")
    original = svg.compact_patterns
    try:
        svg.compact_patterns = lambda source: source  # the tile as matplotlib wrote it
        return svg.to_svg(fig)
    finally:
        svg.compact_patterns = original


def _dots(pattern: str) -> tuple[float, float, set[tuple[float, float]]]:
    width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"',
                                                 pattern).groups())
    path = re.search(r' d="([^"]*)"', pattern).group(1)
    starts = {(float(x), float(y)) for x, y in re.findall(r"M (\S+) (\S+)", path)}
    return width, height, starts


def _repeated(width: float, height: float, starts, size: float = 72) -> set:
    """The starting points of the shapes when the tile is repeated over a size-by-size square."""
    return {(round((x + i * width) % size, 2), round((y + j * height) % size, 2))
            for x, y in starts for i in range(int(size / width) + 1)
            for j in range(int(size / height) + 1)}


def test_a_dotted_hatch_becomes_a_small_tile_that_repeats_to_the_same_dots():
    written = _dotted()
    tile = re.search(r"<pattern.*?</pattern>", written).group(0)
    small = re.search(r"<pattern.*?</pattern>", svg.compact_patterns(written)).group(0)
    assert len(small) < len(tile) / 20
    width, height, starts = _dots(tile)
    assert (width, height) == (72, 72) and len(starts) > 300
    step_x, step_y, few = _dots(small)
    assert step_x < 72 and step_y < 72 and len(few) < 12
    assert _repeated(step_x, step_y, few) == {(round(x % 72, 2), round(y % 72, 2))
                                              for x, y in starts}
    assert re.search(r'fill="#56b4e9"', small)  # the bar's colour behind the dots


def test_line_hatches_and_other_paths_are_kept_as_written():
    written = _dotted("///")
    assert svg.compact_patterns(written) == written
    odd = ('<pattern id="h1" patternUnits="userSpaceOnUse" x="0" y="0" width="72" height="72">'
           ' <rect x="0" y="0" width="73" height="73" fill="#fff"/> <path d="M 0 0 L 1 1 z '
           'M 5 0 L 6 1 z M 9 0 L 10 1 z M 30 0 L 31 1 z" style="fill: #000"/> </pattern>')
    assert svg.compact_patterns(odd) == odd  # the same shape, but on no lattice
