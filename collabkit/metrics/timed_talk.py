"""Talk time from the live board: contributions the "speaking now" toggle timed.

The board's toggle gives a contribution its length (``events.duration_seconds``);
transcripts give talk time in :mod:`collabkit.metrics.talk`. The two sources
are kept apart so a report can say which one each number came from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from collabkit.metrics._common import _ratio, per_project, primary_events

if TYPE_CHECKING:
    from collabkit.project import Project

__all__ = ["timed_talk"]

TIMED_COLUMNS = ("participant_id", "role", "contributions", "share_of_contributions",
                 "timed_contributions", "talk_seconds", "share_of_talk")


@per_project
def timed_talk(project: Project) -> pd.DataFrame:
    """Share of talk time beside share of contributions, from the board's timed contributions.

    The live board's "speaking now" toggle gives a contribution its length
    (``events.duration_seconds``). Only meetings with at least one timed
    contribution (primary coder) count, so a project that timed some
    meetings is judged on those.

    Parameters
    ----------
    project : Project
        Uses ``events`` (primary coder), ``participants`` and ``meetings``. Not modified.

    Returns
    -------
    DataFrame
        One row per participant who contributed in a timed meeting (order of
        the participants table): ``participant_id``, ``role``,
        ``contributions`` (all their contributions in the timed meetings),
        ``share_of_contributions`` (their contributions over everyone's in
        the timed meetings), ``timed_contributions`` (those with a
        length), ``talk_seconds`` (the lengths added up) and
        ``share_of_talk`` (their talk time over everyone's). No timed
        contribution gives an empty frame with these columns.

    Notes
    -----
    Interpretation: someone whose share of talk is well above their share
    of contributions holds the floor when they speak; well below, they are
    heard often but briefly. Both shares can only be read together when most
    contributions in those meetings were timed (compare
    ``timed_contributions`` with ``contributions``).

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> events = project.events.copy()
    >>> first = events.index[events["meeting_id"] == "M02"][:3]
    >>> events.loc[first, "duration_seconds"] = [30.0, 10.0, 20.0]
    >>> timed = timed_talk(project.with_table("events", events))
    >>> timed.query("timed_contributions > 0")[["participant_id", "talk_seconds",
    ...                                         "share_of_talk"]].round(2)
       participant_id  talk_seconds  share_of_talk
    0             P01          20.0           0.33
    1             P02          10.0           0.17
    12            P17          30.0           0.50
    """
    people = project.participants
    events = primary_events(project)
    empty = pd.DataFrame({name: pd.Series(dtype="float64" if name.startswith(("share", "talk"))
                                          else "int64" if "contributions" in name else "string")
                          for name in TIMED_COLUMNS})
    if events.empty or "duration_seconds" not in events:
        return empty
    duration = pd.to_numeric(events["duration_seconds"], errors="coerce")
    timed_meetings = set(events.loc[duration.notna(), "meeting_id"].astype(str))
    if not timed_meetings:
        return empty
    scope = events["meeting_id"].astype(str).isin(timed_meetings).to_numpy()
    ids = events.loc[scope, "participant_id"].astype(str)
    seconds = duration[scope]
    order = people["participant_id"].astype(str).tolist()
    counts = ids.value_counts().reindex(order, fill_value=0)
    timed = ids[seconds.notna()].value_counts().reindex(order, fill_value=0)
    talk = seconds.fillna(0.0).groupby(ids).sum().reindex(order, fill_value=0.0)
    out = pd.DataFrame({
        "participant_id": pd.array(order, dtype="string"),
        "role": people["role"].to_numpy(),
        "contributions": counts.to_numpy(dtype="int64"),
        "share_of_contributions": _ratio(counts.to_numpy(), counts.sum()),
        "timed_contributions": timed.to_numpy(dtype="int64"),
        "talk_seconds": talk.to_numpy(dtype=float),
        "share_of_talk": _ratio(talk.to_numpy(), talk.sum()),
    })
    return out[out["contributions"] > 0].reset_index(drop=True)
