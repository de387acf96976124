"""Legends laid out once each time they are measured or drawn, not once per level of boxes.

A matplotlib legend is a tree of boxes (a column of rows, each a handle and
a text), and each box works out its size from its children's each time it
is asked. Drawing a legend asks the whole tree for its size, then each box
again as it is drawn, and then each of its children again: a box three
levels down is laid out four or five times, and each time its text is laid
out again. :func:`lay_out_once` makes a legend remember each box's layout
for the length of one measurement or drawing (where nothing it depends on
changes) and forget it after, so a box is laid out once each time. The
layout and the drawing are matplotlib's own: the same legend, drawn the
same.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any

#: The methods of a box that give its layout (the first its children's places too).
_LAYOUT = ("_get_bbox_and_child_offsets", "get_bbox")
#: Set on a legend while its boxes remember their layouts.
_REMEMBERING = "_collabkit_remembering"


def lay_out_once(legend: Any) -> None:
    """Make ``legend`` lay each of its boxes out once when it is measured or drawn.

    Installed on the legend itself (its class is left as it is); calling it
    again changes nothing.
    """
    if "draw" in legend.__dict__:
        return
    legend.draw = functools.partial(_drawn, legend)
    legend.get_window_extent = functools.partial(_measured, legend)


def _drawn(legend: Any, renderer: Any) -> None:
    with remembered_layout(legend):
        type(legend).draw(legend, renderer)


def _measured(legend: Any, renderer: Any = None) -> Any:
    with remembered_layout(legend):
        return type(legend).get_window_extent(legend, renderer)


@contextlib.contextmanager
def remembered_layout(legend: Any) -> Iterator[None]:
    """For the time being, each box of ``legend`` lays itself out once for each renderer."""
    from matplotlib.offsetbox import OffsetBox

    if legend.__dict__.get(_REMEMBERING):
        yield  # already remembering (a measurement inside a drawing, say)
        return
    boxes = _boxes(legend._legend_box, OffsetBox)
    legend.__dict__[_REMEMBERING] = True
    memo: dict[tuple[int, int], Any] = {}
    for box in boxes:  # a box with its own get_bbox (a text, a handle) lays out in it
        name = _LAYOUT[1] if type(box).get_bbox is not OffsetBox.get_bbox else _LAYOUT[0]
        box.__dict__[name] = _remembering(getattr(box, name), memo)
    try:
        yield
    finally:
        legend.__dict__.pop(_REMEMBERING)
        for box in boxes:
            for name in _LAYOUT:
                box.__dict__.pop(name, None)


def _remembering(method: Callable[[Any], Any], memo: dict[tuple[int, int], Any]) -> Any:
    def remembered(renderer: Any) -> Any:
        key = (id(method), id(renderer))
        if key not in memo:
            memo[key] = method(renderer)
        return memo[key]

    return remembered


def _boxes(root: Any, kind: Any) -> list[Any]:
    """``root`` and every box under it."""
    found: list[Any] = []
    todo: list[Any] = [root]
    while todo:
        box = todo.pop()
        if isinstance(box, kind):
            found.append(box)
            todo.extend(box.get_children())
    return found
