"""The two leaders in practice: who they were, whether they came, and how the process lead spoke.

The Trust's tip 7 asks for two leaders at least: one keeping the pace of the
project, one watching whether the group works collaboratively (the process).
:func:`lead_summary` puts in one row what the records say about them: both
named and different people, present at the meetings, the process lead's
share of voice (a process lead who dominates the talk is not watching the
process), and how often the two leaders were locked in point-counterpoint
with each other.

Point-counterpoint episodes come from
:func:`~collabkit.metrics.stuck_patterns.detect_stuck_patterns` (the
``point_counterpoint`` pattern of ``data/model/tools.yaml``); nothing here
detects them again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.metrics._common import _primary_mask, _project_arrays, per_project
from collabkit.metrics.presence import LEADS, _named, marked_present
from collabkit.metrics.stuck_patterns import _counterpoint_speakers
from collabkit.project import Project

__all__ = ["lead_summary"]

LEAD_COLUMNS = ("pace_id", "process_id", "named", "same_person", "meetings", "pace_present",
                "process_present", "process_share_of_voice", "process_voice_rank",
                "top_speaker_id", "lead_exchanges")


@per_project
def lead_summary(project: Project) -> pd.DataFrame:
    """The pace and process leads: named, present, heard, and locked together.

    Parameters
    ----------
    project : Project
        Uses the leads in ``project.info`` (``leads.pace``,
        ``leads.process``), ``meetings``, ``attendance`` and ``events``
        (primary coder only). Not modified.

    Returns
    -------
    DataFrame
        One row, columns:

        - ``pace_id``: the pace lead's participant id, NA when not named;
          ``process_id``: the process lead's, NA when not named;
        - ``named`` (int): how many of the two are named (0, 1 or 2);
        - ``same_person`` (bool): both named and the same participant;
        - ``meetings`` (int): meetings in the project;
        - ``pace_present``: of the meetings with attendance rows, the share
          where the pace lead is marked present (NaN when no meeting has
          attendance or the lead is not named); ``process_present``: the
          same for the process lead;
        - ``process_share_of_voice``: the process lead's share of all coded
          contributions (primary coder); NaN when nothing is coded or the
          process lead is not named;
        - ``process_voice_rank`` (Int64): the process lead's place by
          contributions, 1 = spoke most (ties share the best place; someone
          who never spoke comes after everyone who did); NA when nothing is
          coded or the process lead is not named;
        - ``top_speaker_id``: who made the most contributions (ties: the
          lowest participant id); NA when nothing is coded;
        - ``lead_exchanges`` (int): point-counterpoint episodes (see
          :func:`~collabkit.metrics.stuck_patterns.detect_stuck_patterns`)
          whose two speakers are the two leads; 0 unless two different leads
          are named.

    Notes
    -----
    Interpretation: tip 7 in practice is two different people named, both
    present at most meetings, and a process lead who speaks enough to name
    what is happening but does not lead the talk. A process lead ranked 1 by
    contributions has probably taken over the content; one who never speaks
    may still be watching, which the record cannot show. Presence counts
    only meetings whose attendance was taken, so a low share can also be
    gaps in the register. Lead exchanges are the two leaders debating each
    other while the group watches: once is normal, several means the
    leadership itself is stuck. None of this says whether the leads did
    their jobs well; read it with the reflections.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/meadow_peer_support")
    >>> row = lead_summary(project).iloc[0]
    >>> row["pace_id"], row["process_id"], int(row["named"]), bool(row["same_person"])
    ('P01', 'P08', 2, False)
    >>> round(float(row["process_share_of_voice"]), 2), int(row["process_voice_rank"])
    (0.13, 2)
    >>> row["top_speaker_id"], int(row["lead_exchanges"])
    ('P01', 2)
    """
    leads = {lead: project.info.get(f"leads.{lead}") for lead in LEADS}
    ids = {lead: str(value).strip() if _named(value) else None for lead, value in leads.items()}
    pace, process = ids["pace"], ids["process"]
    both = pace is not None and process is not None
    events = project.events
    spoken = events.loc[_primary_mask(events), "participant_id"].astype("string").value_counts()
    total = int(spoken.sum())
    if total and process is not None:
        mine = int(spoken.get(process, 0))
        share, rank = mine / total, int((spoken > mine).sum()) + 1
    else:
        share, rank = np.nan, None
    if total:
        top = spoken[spoken == spoken.max()].index.sort_values()[0]
    else:
        top = None
    exchanges = 0
    if pace is not None and process is not None and pace != process:
        exchanges = _lead_exchanges(project, pace, process)
    out = pd.DataFrame({
        "pace_id": pd.array([pace], dtype="string"),
        "process_id": pd.array([process], dtype="string"),
        "named": np.array([sum(v is not None for v in ids.values())], dtype="int64"),
        "same_person": np.array([both and pace == process], dtype=bool),
        "meetings": np.array([int(project.meetings["meeting_id"].nunique())], dtype="int64"),
        "pace_present": np.array([_present_share(project, pace)], dtype="float64"),
        "process_present": np.array([_present_share(project, process)], dtype="float64"),
        "process_share_of_voice": np.array([share], dtype="float64"),
        "process_voice_rank": pd.array([rank], dtype="Int64"),
        "top_speaker_id": pd.array([top], dtype="string"),
        "lead_exchanges": np.array([exchanges], dtype="int64"),
    })
    return out.loc[:, list(LEAD_COLUMNS)]


def _present_share(project: Project, participant_id: str | None) -> float:
    """Share of meetings with attendance rows where ``participant_id`` is marked present."""
    attendance = project.attendance
    known = set(project.meetings["meeting_id"].astype("string").dropna())
    rows = [(meeting, person, present) for meeting, person, present in zip(
        attendance["meeting_id"].astype("string").to_numpy(dtype=object, na_value=None),
        attendance["participant_id"].astype("string").to_numpy(dtype=object, na_value=None),
        marked_present(attendance).to_numpy(dtype=bool), strict=True) if meeting in known]
    meetings = len({meeting for meeting, _, _ in rows})
    if participant_id is None or meetings == 0:
        return float("nan")
    mine = {meeting for meeting, person, present in rows if present and person == participant_id}
    return len(mine) / meetings


def _lead_exchanges(project: Project, pace: str, process: str) -> int:
    """Point-counterpoint episodes whose two speakers are the two leads."""
    arrays, _ = _project_arrays(project, by_stream=True)
    people = pd.Index(project.participants["participant_id"])
    first, second = _counterpoint_speakers(arrays, project.model, people)
    lead = people.get_indexer([pace, process])
    if (lead < 0).any():
        return 0
    return int((((first == lead[0]) & (second == lead[1]))
                | ((first == lead[1]) & (second == lead[0]))).sum())
