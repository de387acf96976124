"""Pair reflections: how collaborative the meetings felt, meeting by meeting and overall.

After every meeting people reflect in pairs (the Trust's tip 9): were there
problems with the process, how collaborative did it feel (1-5), what needs to
happen next time. This module reads the scores; the problems they name are
in :mod:`collabkit.metrics.problems`, and the group's words and aims in
:mod:`collabkit.metrics.glossary` and :mod:`collabkit.metrics.aims`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.metrics._common import meeting_order, per_project, trend_slope
from collabkit.project import Project

__all__ = ["reflection_trend", "reflection_summary"]

TREND_COLUMNS = ("meeting_id", "date", "meeting_number", "step", "reflections",
                 "how_collaborative")
SUMMARY_COLUMNS = ("meetings", "reflected_meetings", "reflections", "mean", "first", "last",
                   "recent_mean", "slope_per_meeting")


@per_project
def reflection_trend(project: Project) -> pd.DataFrame:
    """"How collaborative did it feel?" meeting by meeting.

    Parameters
    ----------
    project : Project
        Uses ``reflections`` (meeting_id, how_collaborative) and ``meetings``.
        Not modified.

    Returns
    -------
    DataFrame
        One row per meeting in date order, columns ``meeting_id``, ``date``,
        ``meeting_number``, ``step``, ``reflections`` (pair reflections
        recorded for the meeting) and ``how_collaborative`` (their mean score,
        1 = not at all to 5 = fully; NaN when the meeting has none). No
        reflections table gives zeros and NaN.

    Notes
    -----
    Interpretation: scores are the group's own view, so the trend matters
    more than the level: a fall over the project is a group losing faith in
    the process, even when the numbers elsewhere look fine. On a 1-5 agree
    scale, a mean of 4 or more is usually read as a strength (as in the
    Wilder Collaboration Factors Inventory). For the overall trend see
    :func:`reflection_summary`. Meetings with no reflection are a finding in
    themselves: tip 9 asks for one after every meeting.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/meadow_peer_support"))
    >>> trend = reflection_trend(project)
    >>> trend["how_collaborative"].iloc[[0, -1]].tolist()
    [4.0, 2.0]
    """
    meetings = meeting_order(project)
    reflections = project.reflections
    scores = pd.DataFrame({
        "meeting_id": reflections["meeting_id"].astype(str),
        "score": reflections["how_collaborative"].astype("float64"),
    })
    per_meeting = scores.groupby("meeting_id")["score"].agg(["size", "mean"])
    out = pd.DataFrame({
        "meeting_id": meetings["meeting_id"].astype("string"),
        "date": meetings["date"],
        "meeting_number": meetings["meeting_number"].astype("int64"),
        "step": meetings["step"],
    }).reset_index(drop=True)
    ids = out["meeting_id"].astype(str)
    out["reflections"] = ids.map(per_meeting["size"]).fillna(0).astype("int64")
    out["how_collaborative"] = ids.map(per_meeting["mean"]).astype("float64")
    return out.loc[:, list(TREND_COLUMNS)]


@per_project
def reflection_summary(project: Project, *, recent: int = 3) -> pd.DataFrame:
    """The reflection scores of a whole project in one row, with their trend.

    Parameters
    ----------
    project : Project
        Uses ``reflections`` and ``meetings``. Not modified.
    recent : int, default 3
        How many of the last reflected meetings ``recent_mean`` averages.

    Returns
    -------
    DataFrame
        One row, columns ``meetings`` (all meetings), ``reflected_meetings``
        (meetings with at least one reflection), ``reflections`` (all pair
        reflections), ``mean`` (mean of the meetings' mean scores), ``first``
        (the first reflected meeting's score), ``last`` (the last reflected
        meeting's score),
        ``recent_mean`` (mean over the last ``recent`` reflected meetings) and
        ``slope_per_meeting`` (least-squares change in score per meeting
        number; NaN with fewer than two reflected meetings). Scores are NaN
        when there are no reflections.

    Notes
    -----
    Interpretation: ``slope_per_meeting`` times the number of meetings is how
    far the feeling moved over the project: -0.15 over 15 meetings is more
    than two points lost. ``recent_mean`` says where the group ended up.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/riverside_crisis_cafe"))
    >>> reflection_summary(project)[["mean", "first", "last", "slope_per_meeting"]].round(2)
       mean  first  last  slope_per_meeting
    0  4.58    4.0   5.0               0.11
    """
    if int(recent) < 1:
        raise ValueError(f"recent must be a whole number of at least 1; got {recent!r}")
    trend = reflection_trend(project)
    scored = trend.dropna(subset=["how_collaborative"])
    values = scored["how_collaborative"]
    row = {
        "meetings": len(trend),
        "reflected_meetings": len(scored),
        "reflections": int(trend["reflections"].sum()),
        "mean": float(values.mean()) if len(values) else np.nan,
        "first": float(values.iloc[0]) if len(values) else np.nan,
        "last": float(values.iloc[-1]) if len(values) else np.nan,
        "recent_mean": float(values.tail(int(recent)).mean()) if len(values) else np.nan,
        "slope_per_meeting": float(trend_slope(scored["meeting_number"].to_numpy(float),
                                               values.to_numpy(float))),
    }
    return pd.DataFrame([row], columns=list(SUMMARY_COLUMNS)).astype(
        {"meetings": "int64", "reflected_meetings": "int64", "reflections": "int64"})
