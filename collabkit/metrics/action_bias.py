"""Action bias: rushing to solutions before the problem is understood.

In a meeting, action bias is solutions proposed before the problem has been
explored: contributions with ``focus == "solution"`` coming first. In the
model, it is jumping from one step to another while skipping the steps in
between; which steps is read from the ``action_bias`` entry of the model's
tools file (``from_step``, ``to_step``, ``skipped_steps``: by default The Big
Idea to Make the Change without Understand What's Around and Gather Ideas).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabkit.metrics._common import (
    _meeting_columns,
    _project_arrays,
    _ratio,
    meeting_order,
    per_project,
)

if TYPE_CHECKING:
    from collabkit.project import Project

STATUSES = ("covered", "rushed", "skipped", "not_reached")
_EVIDENCE_STATUSES = ("done", "partly")


@per_project
def solution_onset(project: Project, *, early: float = 0.2) -> pd.DataFrame:
    """How soon solution talk starts in each meeting, and what came before it.

    Parameters
    ----------
    project : Project
        A loaded project.
    early : float, default 0.2
        A meeting has an early solution when its first solution-focused
        contribution comes before this fraction of its contributions.

    Returns
    -------
    DataFrame
        One row per meeting in time order: ``meeting_id``, ``date``, ``step``,
        ``meeting_number``, ``contributions``, ``first_solution_seq`` (seq of
        the first contribution with focus ``solution``; missing if none),
        ``solution_onset`` (fraction of the meeting's contributions before
        that one: 0.0 if the meeting opened with a solution, 1.0 if there was
        none; NaN with no contributions), ``problem_before_solution``
        (problem-focused contributions before it), ``early_solution`` (bool:
        onset below ``early``; False with no contributions).

    Notes
    -----
    Contributions are taken in ``seq`` order across the whole meeting, small
    groups included. Outside Make the Change, a good meeting explores the
    problem first: a late onset and several problem contributions before the
    first solution. An early solution in a Big Idea, Understand What's Around
    or Gather Ideas meeting is the action bias to flag (the Trust's tip 6);
    in Make the Change it is expected.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/hillside_discharge")
    >>> solution_onset(project)[["meeting_id", "solution_onset", "early_solution"]].head(3)
      meeting_id  solution_onset  early_solution
    0        M01             0.0            True
    1        M02             0.0            True
    2        M03             0.0            True
    """
    arrays, order = _project_arrays(project)
    focus = project.model.codes["focus"]
    n_meet = len(order)
    size = np.bincount(arrays.meeting, minlength=n_meet)
    start = np.concatenate([[0], np.cumsum(size)[:-1]])
    position = np.arange(arrays.meeting.size) - start[arrays.meeting]  # 0-based, seq order
    solution = arrays.focus == focus.index("solution")
    first = np.full(n_meet, np.iinfo(np.int64).max)
    np.minimum.at(first, arrays.meeting[solution], position[solution])
    has_solution = first < np.iinfo(np.int64).max
    before = np.where(has_solution, first, size)
    problem = (arrays.focus == focus.index("problem")) & (position < before[arrays.meeting])
    first_seq = np.zeros(n_meet, dtype=np.int64)
    first_seq[has_solution] = arrays.seq[start[has_solution] + first[has_solution]]
    onset = _ratio(before, size)
    out = _meeting_columns(order)
    out["contributions"] = size.astype("int64")
    out["first_solution_seq"] = pd.array(np.where(has_solution, first_seq, 0), dtype="Int64")
    out.loc[~has_solution, "first_solution_seq"] = pd.NA
    out["solution_onset"] = onset
    out["problem_before_solution"] = np.bincount(arrays.meeting[problem],
                                                 minlength=n_meet).astype("int64")
    out["early_solution"] = np.nan_to_num(onset, nan=np.inf) < early
    return out


@per_project
def step_coverage(project: Project) -> pd.DataFrame:
    """Whether each step of the model was covered, rushed or skipped.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    DataFrame
        One row per sequential step in the model's order: ``step``, ``order``
        (the element's order in the model), ``meetings`` (meetings that served
        the step), ``first_meeting_date`` (the date of the step's first
        meeting; blank when it had none), ``checklist_items`` (checklist rows
        recorded for the step), ``checklist_done`` (status ``done``),
        ``evidence_items`` (``done`` or ``partly`` with evidence written),
        ``before_make_change`` (bool: a meeting of the step came before the
        first meeting of the action-bias ``to_step``, Make the Change, or at
        any time if that step was never held), ``status``:

        - ``covered``: meetings and checklist evidence;
        - ``rushed``: meetings, but no checklist item done with evidence;
        - ``skipped``: no meeting, but a later step was reached (whatever
          the checklist claims: a step cannot be done together without
          meeting);
        - ``not_reached``: no meeting, and no later step had a meeting.

        For the action-bias ``skipped_steps`` (Understand What's Around and
        Gather Ideas) only meetings before the first Make the Change meeting
        count, so understanding the context after the change was made shows
        as skipped.

    Notes
    -----
    A collaborative journey covers every step. Skipping or rushing
    Understand What's Around and Gather Ideas on the way from The Big Idea to
    Make the Change is the model's action bias: the group assumed it knew the
    problem and its fix.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/hillside_discharge")
    >>> step_coverage(project)[["step", "meetings", "status"]]
                step  meetings   status
    0       big_idea         1  covered
    1  decision_time         1  covered
    2  building_team         0  skipped
    3     understand         0  skipped
    4   gather_ideas         0  skipped
    5    make_change         4  covered
    """
    model = project.model
    bias = model.tools["action_bias"]
    to_step, skipped_steps = bias["to_step"], list(bias["skipped_steps"])
    steps = list(model.steps)
    element_order = model.elements.set_index("element_id")["order"]
    meetings = meeting_order(project)
    count, first_date, before = _meetings_by_step(meetings, steps, to_step)
    per_step = _checklist_by_step(project.checklist, steps)

    has_meeting = np.where([s in skipped_steps for s in steps], before, count > 0)
    has_evidence = per_step[:, 2] > 0
    reached = count > 0
    later = np.concatenate([np.cumsum(reached[::-1])[::-1][1:], [0]]) > 0
    status = np.select(
        [has_meeting & has_evidence, has_meeting, later],
        ["covered", "rushed", "skipped"], default="not_reached")
    return pd.DataFrame({
        "step": pd.Categorical(steps, categories=project.meetings["step"].cat.categories),
        "order": element_order.reindex(steps).to_numpy(dtype="int64"),
        "meetings": count,
        "first_meeting_date": pd.to_datetime(first_date),
        "checklist_items": per_step[:, 0],
        "checklist_done": per_step[:, 1],
        "evidence_items": per_step[:, 2],
        "before_make_change": before,
        "status": pd.Categorical(status, categories=list(STATUSES)),
    })


def _meetings_by_step(meetings: pd.DataFrame, steps: list[str], to_step: str
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per step: meetings held, the first one's date, and whether it came before ``to_step``.

    ``meetings`` in :func:`meeting_order`. A step's first meeting is its
    lowest meeting number; "before" is a first meeting earlier than
    ``to_step``'s first (any meeting, when ``to_step`` had none), never
    ``to_step`` itself.
    """
    where: dict[str, list[int]] = {}
    for at, step in enumerate(meetings["step"].astype("object")):
        if isinstance(step, str):
            where.setdefault(step, []).append(at)
    dates = meetings["date"].to_numpy()
    numbers = meetings["meeting_number"].to_numpy()
    count = np.array([len(where.get(step, ())) for step in steps], dtype="int64")
    first_date = np.array([_earliest(dates[where[step]]) if step in where else
                           np.datetime64("NaT") for step in steps], dtype=dates.dtype)
    first = {step: numbers[at].min() for step, at in where.items()}
    if to_step in first:
        before = np.array([step in first and first[step] < first[to_step] for step in steps],
                          dtype=bool)
    else:
        before = count > 0
    return count, first_date, before & (count > 0) & (np.array(steps) != to_step)


def _earliest(dates: np.ndarray) -> np.datetime64:
    known = dates[~np.isnat(dates)]
    return known.min() if len(known) else np.datetime64("NaT")


def _checklist_by_step(checklist: pd.DataFrame, steps: list[str]) -> np.ndarray:
    """Per step (rows): checklist items, items done, items done or partly with evidence."""
    at = {step: i for i, step in enumerate(steps)}
    counts = np.zeros((len(steps), 3), dtype="int64")
    for step, status, evidence in zip(checklist["step"].astype("object"),
                                      checklist["status"].astype("object"),
                                      checklist["evidence"].astype("object"), strict=True):
        row = at.get(step) if isinstance(step, str) else None
        if row is None:
            continue
        counts[row, 0] += 1
        counts[row, 1] += status == "done"
        counts[row, 2] += (status in _EVIDENCE_STATUSES and isinstance(evidence, str)
                           and evidence.strip() != "")
    return counts


@per_project
def solution_talk_by_step(project: Project) -> pd.DataFrame:
    """How much of the talk in each element of the model was about solutions.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    DataFrame
        One row per element of the model (all nine, model order, zeros
        included): ``step``, ``order``, ``coded`` (contributions in that
        step's meetings with a focus recorded), ``solution_share`` (share of
        ``coded`` about solutions) and ``problem_share`` (share of ``coded``
        about the problem; both NaN when nothing was coded).

    Notes
    -----
    Expect solution talk to grow along the journey: low in The Big Idea,
    Understand What's Around and Gather Ideas, high in Make the Change. A
    high solution share in the early steps is action bias across the
    project. The other two focus codes (process, social) make up the rest.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/hillside_discharge")
    >>> solution_talk_by_step(project).dropna().round(2)  # steps with coded talk
                step  order  coded  solution_share  problem_share
    1       big_idea      2     72            0.75           0.21
    2  decision_time      3     76            0.74           0.17
    6    make_change      7    302            0.81           0.11
    8         impact      9     70            0.66           0.26
    """
    model = project.model
    elements = model.elements
    focus = model.codes["focus"]
    arrays, order = _project_arrays(project)
    categories = list(project.meetings["step"].cat.categories)
    element_row = pd.Index(elements["element_id"]).get_indexer(order["step"].astype("string"))
    step = element_row[arrays.meeting] if arrays.meeting.size else arrays.meeting
    coded = (arrays.focus >= 0) & (step >= 0)
    n = len(elements)
    total = np.bincount(step[coded], minlength=n)
    solution = np.bincount(step[coded & (arrays.focus == focus.index("solution"))], minlength=n)
    problem = np.bincount(step[coded & (arrays.focus == focus.index("problem"))], minlength=n)
    return pd.DataFrame({
        "step": pd.Categorical(elements["element_id"], categories=categories),
        "order": elements["order"].to_numpy(dtype="int64"),
        "coded": total.astype("int64"),
        "solution_share": _ratio(solution, total),
        "problem_share": _ratio(problem, total),
    })
