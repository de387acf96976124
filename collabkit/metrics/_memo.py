"""A project's memo: each metric worked out once per project and shared by every caller.

A report asks for the same metric many times (the findings, then each section
that shows it, then the tables behind its charts); :func:`remembered` works a
metric out the first time and hands every later caller a copy of that table.

The memo is safe because:

- it is held in a :class:`weakref.WeakKeyDictionary` keyed by the
  :class:`~collabkit.project.Project` object, so it dies with the project
  (a batch of a thousand projects keeps no memo of a finished one);
- each caller gets ``frame.copy(deep=False)``: with pandas' copy-on-write
  (always on from pandas 3) a change to the copy never reaches the memo, and
  the copy costs no data;
- it is dropped whenever the project's fields, tables or model are not the
  objects (and, for the fields, the values) they were when it was made: a
  project whose ``info`` was edited, or whose ``tables`` were swapped, is
  worked out afresh. Tables are read-only by contract
  (:class:`~collabkit.project.Project`); :meth:`~collabkit.project.Project.with_table`
  makes a new project, with a memo of its own;
- only options that are plain values (text, numbers, yes/no, None, and tuples,
  lists or mappings of them) are remembered; a call with any other option is
  worked out every time.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from collabkit.project import Project

_PLAIN = (str, int, float, bool, bytes, type(None))


class _Memo:
    """What one project's metrics came to, and what the project was then."""

    def __init__(self, project: Project) -> None:
        self.stamp = _stamp(project)
        self.info = dict(project.info)
        self.results: dict[Hashable, Any] = {}

    def still_holds(self, project: Project) -> bool:
        return _stamp(project) == self.stamp and project.info == self.info


_memos: weakref.WeakKeyDictionary[Project, _Memo] = weakref.WeakKeyDictionary()


def _stamp(project: Project) -> tuple[int, ...]:
    """The identities of the project's tables and model (not their contents)."""
    return (id(project.model), id(project.tables),
            *(id(frame) for frame in project.tables.values()))


def memo_of(project: Project) -> dict[Hashable, Any]:
    """The project's memo: a dict that lives as long as the project, while it is unchanged.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    dict
        Results remembered for this project, by key. A new, empty dict when
        the project's fields, tables or model changed since the memo was made.
    """
    memo = _memos.get(project)
    if memo is None or not memo.still_holds(project):
        memo = _memos[project] = _Memo(project)
    return memo.results


def _frozen(value: Any) -> Hashable:
    """``value`` as a key, or raise TypeError if it is not a plain value."""
    if isinstance(value, _PLAIN):
        return (type(value).__name__, value)
    if isinstance(value, tuple | list):
        return (type(value).__name__, tuple(_frozen(v) for v in value))
    if isinstance(value, Mapping):
        return ("mapping", tuple(sorted((_frozen(k), _frozen(v)) for k, v in value.items())))
    raise TypeError(f"not a plain value: {type(value).__name__}")


def remembered(metric: Callable[..., pd.DataFrame], project: Project,
               args: tuple[Any, ...], options: Mapping[str, Any]) -> pd.DataFrame:
    """``metric(project, *args, **options)``, worked out once per project and options.

    Parameters
    ----------
    metric : callable
        A pure metric of one project returning a DataFrame.
    project : Project
        The project.
    args, options
        The metric's other arguments.

    Returns
    -------
    DataFrame
        A shallow copy of the remembered table: the caller may change it
        freely without changing what the next caller gets.
    """
    try:
        key = (metric, _frozen(args), _frozen(dict(options)))
    except TypeError:
        return metric(project, *args, **options)
    memo = memo_of(project)
    if key not in memo:
        frame = metric(project, *args, **options)
        if not isinstance(frame, pd.DataFrame):
            return frame
        memo[key] = frame
    return memo[key].copy(deep=False)
