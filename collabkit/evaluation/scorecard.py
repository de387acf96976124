"""Views of the findings: the scorecard of one project, of several, and what to try.

These read :func:`collabkit.evaluation.findings.findings` and judge nothing
themselves: :func:`scorecard` is the rating and evidence of each dimension,
:func:`scorecards` stacks several projects, :func:`recommendations` is the
advice of every cause behind a rating below strength.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import pandas as pd

from collabkit.evaluation.findings import RATINGS, Rules, findings
from collabkit.project import Project

__all__ = ["CARD_COLUMNS", "recommendations", "scorecard", "scorecards"]

#: The columns of :func:`scorecard`.
CARD_COLUMNS = ("dimension", "label", "rating", "value", "evidence", "confidence", "rule")
RulesArg = Rules | str | os.PathLike[str] | None


def scorecard(project: Project, *, rules: RulesArg = None) -> pd.DataFrame:
    """Each dimension's rating with its evidence, confidence and rule.

    Parameters
    ----------
    project : Project
        Any loaded project. Not modified.
    rules : Rules or path, optional
        As for :func:`~collabkit.evaluation.findings.findings`.

    Returns
    -------
    DataFrame
        The columns :data:`CARD_COLUMNS` of
        :func:`~collabkit.evaluation.findings.evaluate`, one row per dimension.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/meadow_peer_support"))
    >>> card = scorecard(project).set_index("dimension")
    >>> card.loc["inertia", "rating"]
    'concern'
    """
    return findings(project, rules=rules).frame.loc[:, list(CARD_COLUMNS)].copy()


def scorecards(projects: Iterable[Project] | Any, *, rules: RulesArg = None) -> pd.DataFrame:
    """The scorecards of several projects, stacked long with a ``project_id`` column.

    Parameters
    ----------
    projects : ProjectSet or iterable of Project
        For instance ``collabkit.load_projects("data/examples")``.
    rules : Rules or path, optional
        As for :func:`scorecard`.

    Returns
    -------
    DataFrame
        ``project_id`` followed by the columns of :func:`scorecard`, projects
        in the order given. Pivot it to compare projects side by side:
        ``table.pivot(index="dimension", columns="project_id", values="rating")``.
    """
    members = list(getattr(projects, "projects", projects))
    frames = [scorecard(p, rules=rules).assign(project_id=p.id) for p in members]
    if not frames:
        empty = {"project_id": pd.Series(dtype="string"),
                 **{c: pd.Series(dtype="string") for c in CARD_COLUMNS}}
        return pd.DataFrame(empty).astype({"rating": pd.CategoricalDtype(list(RATINGS)),
                                           "value": "float64"})
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "project_id", out.pop("project_id").astype("string"))
    return out


def recommendations(project: Project, *, rules: RulesArg = None) -> pd.DataFrame:
    """What to try next time: the advice of each cause behind a rating below strength.

    Returns
    -------
    DataFrame
        One row per (dimension, cause), concerns first, columns
        ``dimension``, ``cause``, ``tip_id`` (the practical tip's number in
        ``data/model/tips.yaml``), ``tip`` (its title) and
        ``recommendation``. Empty when every dimension is a strength or not
        recorded.

    Notes
    -----
    Interpretation: a starting point for the team's own conversation, not a
    prescription; the advice follows the cause the records show, and the
    Trust's practical tips.
    """
    advice = findings(project, rules=rules).advice
    return advice.loc[:, ["dimension", "cause", "tip_id", "tip", "recommendation"]].copy()
