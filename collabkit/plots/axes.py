"""Axes whose tick objects are made only when a tick is drawn: the charts draw none.

matplotlib makes an axis's tick objects lazily (a tick is five artists: two
tick lines, a grid line and two labels), but a new ``Axes`` makes them all
at once anyway: setting the axes' clip path, the grid and the tick
parameters goes through every tick, and so makes the first major and minor
tick of both axes, and drawing an axis with no ticks makes them too. The
charts of :mod:`collabkit.plots` draw their ticks as plain marks and texts
(:func:`collabkit.plots.style._ticks`), so for them that was some 2 ms a
chart of work never drawn.

:func:`lean_axes` adds to a figure an ``Axes`` whose axes keep the clip
path, grid settings and tick parameters and apply them to a tick when it is
made, as matplotlib applies them to the ticks it has (a chart that sets
ticks of its own gets them drawn as before), and spines that are measured
without making their axis's ticks.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from typing import Any

#: The axis attributes holding its tick lists once they are made.
_TICK_LISTS = ("majorTicks", "minorTicks")


def lean_axes(fig: Any) -> Any:
    """A figure's one axes filling its subplot area, as ``fig.subplots()`` makes it."""
    return fig.add_subplot(axes_class=_axes_class())


@contextlib.contextmanager
def _unmade_ticks(axis: Any) -> Iterator[None]:
    """Tick lists not made yet read as empty for the time being (not made by reading them)."""
    placed = [name for name in _TICK_LISTS if name not in axis.__dict__]
    for name in placed:
        axis.__dict__[name] = []
    try:
        yield
    finally:
        for name in placed:
            if not axis.__dict__.get(name):
                axis.__dict__.pop(name, None)  # matplotlib's lazy list again


def _lean(base: Any) -> Any:
    """``base`` (XAxis or YAxis) made to leave its tick lists unmade until a tick is needed."""

    class LeanAxis(base):
        _tick_clip: tuple[Any, Any] | None = None

        def set_clip_path(self, path: Any, transform: Any = None) -> None:
            with _unmade_ticks(self):
                super().set_clip_path(path, transform)
            self._tick_clip = (path, transform)  # for the ticks made later

        def set_tick_params(self, which: str = "major", reset: bool = False,
                            **kwargs: Any) -> None:
            with _unmade_ticks(self):  # kept in the axis's tick settings for later ticks
                super().set_tick_params(which, reset, **kwargs)

        def get_tick_padding(self) -> float:
            with _unmade_ticks(self):
                return float(super().get_tick_padding())

        def get_major_ticks(self, numticks: int | None = None) -> list[Any]:
            return self._ticks(super().get_major_ticks, numticks, self.get_majorticklocs)

        def get_minor_ticks(self, numticks: int | None = None) -> list[Any]:
            return self._ticks(super().get_minor_ticks, numticks, self.get_minorticklocs)

        def _ticks(self, get: Any, numticks: int | None, locations: Any) -> list[Any]:
            if numticks is None:
                numticks = len(locations())
            if numticks:
                return list(get(numticks))
            with _unmade_ticks(self):
                return list(get(0))

        def _get_tick(self, major: bool) -> Any:
            tick = super()._get_tick(major)
            if self._tick_clip is not None:  # as the axes' clip path reaches matplotlib's ticks
                tick.set_clip_path(*self._tick_clip)
            return tick

    LeanAxis.__name__ = LeanAxis.__qualname__ = f"Lean{base.__name__}"
    return LeanAxis


@functools.cache  # made once: matplotlib is imported only when a chart is drawn
def _axes_class() -> Any:
    from matplotlib.axes import Axes
    from matplotlib.axis import XAxis, YAxis
    from matplotlib.spines import Spine

    x_axis, y_axis = _lean(XAxis), _lean(YAxis)

    class LeanSpine(Spine):
        """A spine measured without making its axis's ticks (only drawn ticks widen it)."""

        def get_window_extent(self, renderer: Any = None) -> Any:
            if self.axis is None:
                return super().get_window_extent(renderer)
            with _unmade_ticks(self.axis):
                return super().get_window_extent(renderer)

    class LeanAxes(Axes):
        """matplotlib's Axes, with axes that make tick objects only when one is needed."""

        def _gen_axes_spines(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
            return {side: LeanSpine.linear_spine(self, side)
                    for side in ("left", "right", "bottom", "top")}

        def _init_axis(self) -> None:  # as Axes._init_axis, with the lean axes
            self.xaxis = x_axis(self, clear=False)
            self.spines.bottom.register_axis(self.xaxis)
            self.spines.top.register_axis(self.xaxis)
            self.yaxis = y_axis(self, clear=False)
            self.spines.left.register_axis(self.yaxis)
            self.spines.right.register_axis(self.yaxis)

        def clear(self) -> None:
            super().clear()
            # Making the first ticks placed the spines (each tick asks its spine where it
            # is): place them now, as then, or an axis measures its spine before the
            # spine's transform has caught up with the figure's dpi when drawn as SVG.
            spine: Any  # Any: a private method of matplotlib's
            for spine in self.spines.values():
                spine._ensure_position_is_set()

    return LeanAxes
