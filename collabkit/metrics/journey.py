"""The journey through the Collaborative Model: steps in time order, and checklists.

The model's six steps (The Big Idea to Make the Change) are meant to be taken
in order, each with its checklist done. The Trust's own warning is that it is
easy to jump from step to step and still say "it was all done
collaboratively". These functions show the journey a project actually took:
which step each meeting served, where the project jumped forward past steps
or went back, and how much of each step's checklist was done with evidence.

Steps and their order come from ``data/model/elements.yaml`` (through
:func:`collabkit.model.loading.load_model`); nothing here lists them again.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from collabkit.metrics._common import meeting_order, per_project
from collabkit.project import Project

__all__ = ["model_journey", "checklist_completion"]

JOURNEY_COLUMNS = ("meeting_id", "date", "meeting_number", "step", "step_order", "transition",
                   "skipped_steps")
CHECKLIST_COLUMNS = ("step", "order", "items", "recorded", "done", "partly", "not_done",
                     "not_applicable", "completion", "evidence_coverage")
#: Weight of a ``partly`` item in :func:`checklist_completion`.
PARTLY_WEIGHT = 0.5


@per_project
def model_journey(project: Project) -> pd.DataFrame:
    """The step each meeting served, in time order, and how the project moved between steps.

    Parameters
    ----------
    project : Project
        Uses ``meetings`` (meeting_id, date, step). Not modified.

    Returns
    -------
    DataFrame
        One row per meeting, in date order (ties by meeting_id), columns:

        - ``meeting_id``, ``date``, ``meeting_number`` (1, 2, ... in date order),
          ``step`` (the model element the meeting served);
        - ``step_order`` (Int64): position of the step among the model's six
          sequential steps (1 = The Big Idea), NA for a cross-cutting element
          (Collaborative Partnership, Keep the Conversation Going, Checking the
          Impact);
        - ``transition``: how the project moved, compared with the previous
          meeting that served a sequential step: ``"start"`` (the first such
          meeting), ``"same"`` (same step), ``"next"`` (one step on),
          ``"jump"`` (forward past one or more steps), ``"return"`` (back to an
          earlier step), or ``"cross_cutting"`` (a cross-cutting element, which
          leaves the position in the journey unchanged);
        - ``skipped_steps``: for ``"start"`` and ``"jump"``, the step ids passed
          over that no earlier meeting served, joined with ``";"``; ``""``
          otherwise. A jump past steps that were all visited before has an
          empty ``skipped_steps``.

        A project with no meetings gives an empty frame with these columns.

    Notes
    -----
    Interpretation: a healthy journey reads ``start``, then ``same`` and
    ``next``, with some ``return`` (going back to understand more is a sign of
    listening, not failure). A ``jump`` whose ``skipped_steps`` include
    ``understand`` or ``gather_ideas`` on the way to ``make_change`` is action
    bias in the model (see ``action_bias`` in ``data/model/tools.yaml``). Many
    ``return`` rows between two steps, and no step reached beyond them, is a
    sign of collaborative inertia. A skipped step may still have been done
    outside meetings: check its checklist (:func:`checklist_completion`).

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/hillside_discharge"))
    >>> journey = model_journey(project)
    >>> journey.loc[journey["transition"] == "jump", "skipped_steps"].tolist()
    ['building_team;understand;gather_ideas']
    """
    steps = project.model.steps
    meetings = meeting_order(project)
    out = pd.DataFrame({
        "meeting_id": meetings["meeting_id"].astype("string"),
        "date": meetings["date"],
        "meeting_number": meetings["meeting_number"].astype("int64"),
        "step": meetings["step"],
    }).reset_index(drop=True)
    position = {step: number for number, step in enumerate(steps, start=1)}
    order = [position.get(str(s)) if pd.notna(s) else None for s in out["step"]]
    out["step_order"] = pd.array(order, dtype="Int64")
    transitions: list[str] = []
    skipped: list[str] = []
    visited: set[int] = set()
    previous: int | None = None
    for current in order:
        passed: list[int] = []
        if current is None:
            kind = "cross_cutting"
        elif previous is None:
            kind, passed = "start", list(range(1, current))
        elif current == previous:
            kind = "same"
        elif current == previous + 1:
            kind = "next"
        elif current > previous:
            kind, passed = "jump", list(range(previous + 1, current))
        else:
            kind = "return"
        transitions.append(kind)
        skipped.append(";".join(steps[n - 1] for n in passed if n not in visited))
        if current is not None:
            visited.add(current)
            previous = current
    out["transition"] = pd.Series(transitions, index=out.index, dtype="string")
    out["skipped_steps"] = pd.Series(skipped, index=out.index, dtype="string")
    return out.loc[:, list(JOURNEY_COLUMNS)]


@per_project
def checklist_completion(project: Project) -> pd.DataFrame:
    """How much of each step's checklist was done, and how much of it has evidence.

    Parameters
    ----------
    project : Project
        Uses ``checklist`` (step, item_id, status, evidence). Not modified.
        Items are taken from the model (``data/model/elements.yaml``); a
        project's row counts for the step its item belongs to in the model.

    Returns
    -------
    DataFrame
        One row per sequential step of the model, in the model's order, columns:

        - ``step``, ``order`` (the element's ``order`` in the model, as in
          :func:`~collabkit.metrics.action_bias.step_coverage`);
        - ``items``: checklist items the model defines for the step;
        - ``recorded``: items with a status recorded in the project;
        - ``done`` (items with status done), ``partly`` (items with status
          partly), ``not_done`` (items with status not done),
          ``not_applicable`` (items with status not applicable): an item
          never recorded counts in none of them;
        - ``completion``: ``(done + 0.5 * partly) / (items - not_applicable)``,
          so an item with no status recorded counts as not done; NaN when
          every item is not applicable;
        - ``evidence_coverage``: share of the items marked done or partly that
          have evidence written down; NaN when none is done or partly.

        A project with no checklist gives one row per step with zero counts,
        completion 0.0 and evidence_coverage NaN.

    Notes
    -----
    Interpretation: completion near 1 with evidence coverage near 1 means the
    step was worked through and the team can show how. High completion with
    low evidence coverage is a claim that cannot be checked: the Trust warns
    that it is easy to say "it was all done collaboratively". Low completion
    for Understand What's Around and Gather Ideas next to high completion for
    Make the Change is action bias in the model. Compare with
    :func:`model_journey` (were there meetings for the step at all?).

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/meadow_peer_support"))
    >>> checklist_completion(project)[["step", "completion"]].round(2)
                step  completion
    0       big_idea        0.90
    1  decision_time        0.80
    2  building_team        0.80
    3     understand        0.62
    4   gather_ideas        0.25
    5    make_change        0.00
    """
    model = project.model
    items = model.checklist_items[["step", "item_id"]].astype({"item_id": str, "step": str})
    step_of = dict(zip(items["item_id"], items["step"], strict=True))
    checklist = project.checklist
    latest: dict[str, tuple[str, str, bool]] = {}  # item -> (step, status, has evidence)
    for item, status, evidence in zip(checklist["item_id"].astype("object"),
                                      checklist["status"].astype("object"),
                                      checklist["evidence"].astype("object"), strict=True):
        step = step_of.get(item) if isinstance(item, str) else None
        if step is not None and isinstance(status, str):  # the item's last row counts
            latest[item] = (step, status, isinstance(evidence, str) and bool(evidence.strip()))
    element_order = dict(zip(model.elements["element_id"], model.elements["order"], strict=True))
    defined = Counter(items["step"])
    rows = []
    for step in model.steps:
        order = int(element_order[step])
        mine = [(status, evidence) for at, status, evidence in latest.values() if at == step]
        counts = Counter(status for status, _ in mine)
        done, partly = counts["done"], counts["partly"]
        not_done, not_applicable = counts["not_done"], counts["not_applicable"]
        n_items = defined[step]
        applicable = n_items - not_applicable
        completion = (done + PARTLY_WEIGHT * partly) / applicable if applicable > 0 else np.nan
        claimed = [evidence for status, evidence in mine if status in ("done", "partly")]
        coverage = sum(claimed) / len(claimed) if claimed else np.nan
        rows.append((step, order, n_items, len(mine), done, partly, not_done, not_applicable,
                     completion, coverage))
    out = pd.DataFrame(rows, columns=list(CHECKLIST_COLUMNS))
    out["step"] = pd.Categorical(out["step"], categories=list(model.codes["step"]))
    return out.astype({"completion": "float64", "evidence_coverage": "float64"})
