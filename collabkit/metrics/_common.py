"""Shared helpers of the metrics: the events that count, meeting order, trends.

Every metrics module uses :func:`primary_events`, :func:`meeting_order`,
:func:`trend_slope` and :func:`lived_experience`; :func:`per_project` lets a
metric take a :class:`~collabkit.project.ProjectSet` too and remembers its
result per project. The underscored helpers turn a project's events into
sorted numpy arrays: each metric is a few vectorised array operations.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Concatenate, ParamSpec

import numpy as np
import pandas as pd

from collabkit.metrics._lookup import _codes, _positions, _text_codes
from collabkit.metrics._memo import memo_of, remembered
from collabkit.model import Model
from collabkit.project.projects import ProjectSet

if TYPE_CHECKING:
    from collabkit.project import Project

PRIMARY = "primary"

Options = ParamSpec("Options")


def per_project(
    metric: Callable[Concatenate[Project, Options], pd.DataFrame],
) -> Callable[Concatenate[Project | ProjectSet, Options], pd.DataFrame]:
    """Let a metric of one project take a :class:`~collabkit.project.ProjectSet` too.

    Parameters
    ----------
    metric : callable
        A metric taking a :class:`~collabkit.project.Project` first and
        keyword-only options, returning a DataFrame.

    Returns
    -------
    callable
        The same metric, worked out once per project and options and shared
        by every caller, each given a copy it may change (:mod:`._memo`).
        Given a ProjectSet (``load_projects(...)``) it runs per project, with
        the same options, and stacks the tables long with ``project_id``
        first (a string), projects in the set's order and each project's
        rows in the metric's own order, with a fresh index.

    Notes
    -----
    Every metric is computed within one project (shares sum to 1 and meetings
    are numbered within each project), never over the pooled rows: compare
    projects by grouping on ``project_id``.

    Examples
    --------
    >>> from collabkit import load_projects
    >>> from collabkit.metrics import role_voice
    >>> voice = role_voice(load_projects("data/examples"))
    >>> list(voice.columns[:3])
    ['project_id', 'role', 'lived_experience']
    >>> voice["project_id"].unique().tolist()
    ['hillside_discharge', 'meadow_peer_support', 'oakwood_carers_hub', 'riverside_crisis_cafe']
    """

    @functools.wraps(metric)
    def stacked(project: Project | ProjectSet, /, *args: Options.args,
                **options: Options.kwargs) -> pd.DataFrame:
        if not isinstance(project, ProjectSet):
            return remembered(metric, project, args, options)
        frames = []
        for one in project.projects:
            frame = remembered(metric, one, args, options)
            frame.insert(0, "project_id", pd.Series(one.id, index=frame.index, dtype="string"))
            frames.append(frame)
        if not frames:
            return pd.DataFrame({"project_id": pd.Series(dtype="string")})
        nonempty = [frame for frame in frames if len(frame)] or frames[:1]
        return pd.concat(nonempty, ignore_index=True)

    return stacked


@per_project
def primary_events(project: Project) -> pd.DataFrame:
    """The coded events every metric uses: the primary coder's rows.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    DataFrame
        The rows of ``project.events`` whose ``coder`` is ``"primary"`` (a
        blank coder counts as primary), with the same columns and a fresh
        index, in the order of the file. A second coder's rows are only for
        :mod:`collabkit.reliability`.

    Notes
    -----
    Counting both coders' rows would double-count the meetings coded twice,
    so every metric (participation, moves, dialogue, action bias) uses these
    rows only.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> primary_events(project)["coder"].unique().tolist()
    ['primary']
    """
    return _primary(project.events)


def _primary(events: pd.DataFrame) -> pd.DataFrame:
    if "coder" not in events.columns:
        return events.reset_index(drop=True)
    keep = _primary_mask(events)
    if keep.all():
        return events.reset_index(drop=True)
    return events.loc[keep].reset_index(drop=True)


@per_project
def meeting_order(project: Project) -> pd.DataFrame:
    """The meetings in time order, numbered.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    DataFrame
        ``project.meetings`` sorted by ``date`` then ``meeting_id``, with a
        fresh index and an added integer column ``meeting_number`` (1, 2, ...,
        n). Every per-meeting metric returns its rows in this order.

    Notes
    -----
    ``meeting_number`` is the x-axis of every trend: a slope "per meeting"
    is per step along this order, whatever the gaps between dates.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> meeting_order(project)[["meeting_id", "meeting_number"]].head(2)
      meeting_id  meeting_number
    0        M01               1
    1        M02               2
    """
    meetings = project.meetings
    order = meetings.sort_values(["date", "meeting_id"], kind="stable", na_position="last")
    order = order.reset_index(drop=True)
    order["meeting_number"] = np.arange(1, len(order) + 1, dtype="int64")
    return order


def trend_slope(x: object, y: object) -> float:
    """Least-squares slope of ``y`` on ``x``.

    Parameters
    ----------
    x, y : array-like of numbers
        Paired values (for instance meeting number and a per-meeting metric).
        Pairs where either value is missing are left out.

    Returns
    -------
    float
        Change in ``y`` per unit of ``x``; NaN with fewer than two pairs or
        when every ``x`` is the same.

    Notes
    -----
    A positive slope of a per-meeting metric against ``meeting_number`` means
    the metric rose over the project. It is a description of the direction,
    not a test: with few meetings one unusual meeting can set it.

    Examples
    --------
    >>> trend_slope([1, 2, 3], [6.0, 4.0, 2.0])
    -2.0
    """
    xs = np.asarray(x, dtype=float).ravel()
    ys = np.asarray(y, dtype=float).ravel()
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same length; got {xs.size} and {ys.size}")
    ok = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[ok], ys[ok]
    if xs.size < 2:
        return float("nan")
    dx = xs - xs.mean()
    spread = float(dx @ dx)
    if spread == 0:
        return float("nan")
    return float(dx @ (ys - ys.mean())) / spread


def lived_experience(role_series: pd.Series, model: Model) -> pd.Series:
    """Whether each role counts as lived experience.

    Parameters
    ----------
    role_series : Series of role codes
        For instance ``project.participants["role"]``.
    model : Model
        The model saying which roles are lived experience (``project.model``).

    Returns
    -------
    Series of bool
        Same index, named ``lived_experience``: True for the roles the model
        marks as lived experience (``model.lived_experience_roles``:
        service users, carers, family), False otherwise and for blanks.

    Notes
    -----
    The split behind every "lived experience" figure: a collaborative
    project gives these roles a share of voice and of decisions close to
    their share of the people in the room.

    Examples
    --------
    >>> import pandas as pd
    >>> from collabkit.model import load_model
    >>> lived_experience(pd.Series(["carer", "staff"]), load_model()).tolist()
    [True, False]
    """
    if isinstance(role_series.dtype, pd.CategoricalDtype):  # judged once per category
        lived = set(model.lived_experience_roles)
        by_category = np.array([c in lived for c in role_series.cat.categories] + [False],
                               dtype=bool)  # the last for a blank (code -1)
        return pd.Series(by_category[role_series.cat.codes.to_numpy()],
                         index=role_series.index, name="lived_experience")
    roles = sorted(model.lived_experience_roles)
    flags = role_series.isin(roles).fillna(False).astype(bool)
    return flags.rename("lived_experience")


# -- internal: events as sorted arrays ----------------------------------------


@dataclass(frozen=True)
class _Arrays:
    """A project's primary events as aligned numpy arrays, sorted."""

    meeting: np.ndarray  # row in meeting_order (0-based)
    participant: np.ndarray  # row in project.participants (0-based)
    seq: np.ndarray
    move: np.ndarray  # code into model.codes["move"]; -1 blank
    mode: np.ndarray  # code into model.codes["mode"]; -1 blank
    focus: np.ndarray  # code into model.codes["focus"]; -1 blank
    small_group: np.ndarray  # bool: said in a small group (non-blank group)
    stream: np.ndarray  # new number for each (meeting, group) conversation


def _primary_mask(events: pd.DataFrame) -> np.ndarray:
    if "coder" not in events.columns:
        return np.ones(len(events), dtype=bool)
    coder = events["coder"]
    return (coder.eq(PRIMARY).fillna(False) | coder.isna()).to_numpy(dtype=bool)


def _sort_order(keys: tuple[np.ndarray, ...], keep: np.ndarray) -> np.ndarray | None:
    """Indices of the kept rows sorted by ``keys`` (last key first), or None.

    None when every row is kept and already in order (the usual case: a tally
    or a file written in order), so nothing needs copying.
    """
    if keep.all() and keys[0].size > 1:
        ordered = np.ones(keys[0].size - 1, dtype=bool)
        tied = np.ones(keys[0].size - 1, dtype=bool)
        for key in reversed(keys):  # lexicographic: most significant key first
            step = np.diff(key)
            ordered &= ~tied | (step >= 0)
            tied &= step == 0
        if ordered.all():
            return None
    order = np.lexsort(keys)
    return order[keep[order]]


def _event_arrays(
    events: pd.DataFrame,
    meeting_ids: pd.Series,
    participant_ids: pd.Series,
    model: Model,
    *,
    by_stream: bool = False,
) -> _Arrays:
    """Primary events as arrays, sorted by meeting then seq.

    With ``by_stream`` the sort is by meeting, then conversation (plenary
    first, then each small group), then seq, so each conversation is one
    contiguous block. Events naming a meeting or participant that is not in
    ``meeting_ids`` / ``participant_ids`` are left out. ``events`` is only read.
    """
    meeting = _positions(meeting_ids, events["meeting_id"])
    participant = _positions(participant_ids, events["participant_id"])
    keep = _primary_mask(events) & (meeting >= 0) & (participant >= 0)
    seq = events["seq"].to_numpy(dtype=np.int64)
    if "group" in events.columns:
        group = _text_codes(events["group"])
    else:
        group = np.full(len(events), -1, dtype=np.int64)
    order = _sort_order((seq, group, meeting) if by_stream else (seq, meeting), keep)

    def take(values: np.ndarray) -> np.ndarray:
        return values if order is None else values[order]

    def column(name: str) -> np.ndarray:
        if name not in events.columns:
            return np.full(len(events), -1, dtype=np.int64)
        return take(_codes(events[name], model.codes[name]))

    meeting, group = take(meeting), take(group)
    new_stream = np.ones(meeting.size, dtype=bool)
    if meeting.size > 1:
        new_stream[1:] = (meeting[1:] != meeting[:-1]) | (group[1:] != group[:-1])
    return _Arrays(
        meeting=meeting,
        participant=take(participant),
        seq=take(seq),
        move=column("move"),
        mode=column("mode"),
        focus=column("focus"),
        small_group=group >= 0,
        stream=np.cumsum(new_stream) - 1,
    )


def _project_arrays(project: Project, *, by_stream: bool = False) -> tuple[_Arrays, pd.DataFrame]:
    """``(arrays, meeting_order(project))``; the arrays made once per project, read-only."""
    order, memo = meeting_order(project), memo_of(project)
    if (key := ("event arrays", by_stream)) not in memo:
        memo[key] = _event_arrays(project.events, order["meeting_id"],
                                  project.participants["participant_id"], project.model,
                                  by_stream=by_stream)
        for values in vars(memo[key]).values():
            values.flags.writeable = False
    return memo[key], order


def _runs(mask: np.ndarray, new_stream: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last index (inclusive) of each maximal run of True in ``mask``.

    A run never crosses a position where ``new_stream`` is True (the start of
    another conversation). Vectorised: no loop over events.
    """
    mask = np.asarray(mask, dtype=bool)
    if mask.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    before = np.concatenate([[False], mask[:-1]])
    after = np.concatenate([mask[1:], [False]])
    stream_ends = np.concatenate([new_stream[1:], [True]])
    starts = np.flatnonzero(mask & (~before | new_stream))
    ends = np.flatnonzero(mask & (~after | stream_ends))
    return starts, ends


def _prefix(flags: np.ndarray) -> np.ndarray:
    """Prefix sums with a leading zero: ``c[j + 1] - c[i]`` counts flags in i..j."""
    return np.concatenate([[0], np.cumsum(flags, dtype=np.int64)])


def _ratio(numerator: object, denominator: object) -> np.ndarray:
    """Element-wise ``numerator / denominator`` with NaN where the denominator is 0."""
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def _meeting_columns(order: pd.DataFrame) -> pd.DataFrame:
    """meeting_id, date, step, meeting_number of :func:`meeting_order`."""
    return order[["meeting_id", "date", "step", "meeting_number"]].copy()
