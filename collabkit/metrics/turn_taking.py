"""Turn-taking from speaking turns: who spoke over whom, and who speaks after whom.

The turns and the definition of an interruption (a turn that starts while
another person's is still going) are those of :mod:`collabkit.metrics.talk`;
this module gives the turn-by-turn tables behind its counts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabkit.metrics._common import _ratio, per_project
from collabkit.metrics.talk import _interruptions, _turns

if TYPE_CHECKING:
    from collabkit.project import Project


@per_project
def turn_interruptions(project: Project) -> pd.DataFrame:
    """Every turn that began while someone else was still speaking.

    Parameters
    ----------
    project : Project
        A loaded project with a ``turns`` table.

    Returns
    -------
    DataFrame
        One row per interruption, by meeting (time order) then time:
        ``meeting_id``, ``start_seconds`` (when the interrupting turn began),
        ``participant_id`` (who began it), ``interrupted_id`` (whose turn was
        still going), ``overlap_seconds`` (how long both spoke at once).

    Notes
    -----
    Interruptions are not all rude: a quick "yes" or a laugh over someone
    (a short ``overlap_seconds``) is often support. What matters is the
    pattern: the same people interrupted again and again, or lived-experience
    members interrupted by staff far more than the reverse.

    Examples
    --------
    >>> import pandas as pd
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> project = project.with_table("turns", pd.DataFrame({
    ...     "meeting_id": "M02", "participant_id": ["P02", "P01", "P03", "P02"],
    ...     "start_seconds": [0, 30, 40, 60], "end_seconds": [30, 50, 60, 90]}))
    >>> turn_interruptions(project)
      meeting_id  start_seconds participant_id interrupted_id  overlap_seconds
    0        M02           40.0            P03            P01             10.0
    """
    turns = _turns(project)
    by, of, _ = _interruptions(turns)
    ids = project.participants["participant_id"]
    return pd.DataFrame({
        "meeting_id": pd.Series(turns.order["meeting_id"].to_numpy()[turns.meeting[by]],
                                dtype="string"),
        "start_seconds": turns.start[by],
        "participant_id": pd.Series(ids.to_numpy()[turns.person[by]], dtype="string"),
        "interrupted_id": pd.Series(ids.to_numpy()[turns.person[of]], dtype="string"),
        "overlap_seconds": np.minimum(turns.end[by], turns.end[of]) - turns.start[by],
    })


@per_project
def speaker_transitions(project: Project, *, by: str = "participant") -> pd.DataFrame:
    """Who speaks after whom: consecutive turns, in start order, within each meeting.

    Parameters
    ----------
    project : Project
        A loaded project with a ``turns`` table.
    by : {"participant", "role"}, default "participant"
        Transitions between people, or between their roles.

    Returns
    -------
    DataFrame
        Every pair, zeros included (people or roles in the project's order):
        ``from_<by>`` (who spoke, or their role), ``to_<by>`` (who spoke
        next, or their role), ``count`` (times the second spoke next
        after the first), ``share`` (share of the turns after ``from_<by>``;
        each from-row sums to 1, NaN if that person never spoke before
        another turn). A turn's successor is the next turn to start.

    Notes
    -----
    In a group that talks to each other the counts spread across many
    pairs; a star, where most turns go back to one person (often the chair),
    is a meeting run through its facilitator. By role: staff -> staff far
    above staff's share of the turns means staff talk among themselves.

    Examples
    --------
    >>> import pandas as pd
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> project = project.with_table("turns", pd.DataFrame({
    ...     "meeting_id": "M02", "participant_id": ["P02", "P01", "P03", "P02"],
    ...     "start_seconds": [0, 30, 40, 60], "end_seconds": [30, 50, 60, 90]}))
    >>> speaker_transitions(project).query("count > 0")
       from_participant to_participant  count  share
    2               P01            P03      1    1.0
    18              P02            P01      1    1.0
    37              P03            P02      1    1.0
    """
    if by not in ("participant", "role"):
        raise ValueError(f"unknown by={by!r}; allowed: 'participant', 'role'")
    turns = _turns(project)
    people = project.participants
    if by == "participant":
        labels = people["participant_id"].astype(str).tolist()
        code = turns.person
    else:
        labels = list(people["role"].cat.categories)
        code = people["role"].cat.codes.to_numpy()[turns.person]
    n = len(labels)
    same = turns.meeting[1:] == turns.meeting[:-1]
    before, after = code[:-1][same], code[1:][same]
    ok = (before >= 0) & (after >= 0)
    counts = np.bincount(before[ok] * n + after[ok], minlength=n * n).reshape(n, n)
    return pd.DataFrame({
        f"from_{by}": pd.Categorical(np.repeat(labels, n), categories=labels),
        f"to_{by}": pd.Categorical(np.tile(labels, n), categories=labels),
        "count": counts.ravel().astype("int64"),
        "share": _ratio(counts, counts.sum(axis=1, keepdims=True)).ravel(),
    })
