"""Talk time from speaking turns: who held the floor, for how long, and who spoke over whom.

A turn is one row of the ``turns`` table (see ``collabkit import-transcript``):
one person speaking from ``start_seconds`` to ``end_seconds`` of a meeting.
Only meetings with at least one turn (*transcribed* meetings) count, so a
project transcribed for its online meetings only is judged on those. The
people *present* at a transcribed meeting are those whose attendance says
yes, plus anyone heard in it (a turn or a coded event proves presence);
silent attendees count as zero talk. Turns may overlap: each person's talk
time is the length of their own turns, so overlapping talk counts for both.

An **interruption** is a turn that starts while another person's turn is
still going (strictly after it started and strictly before it ended); a turn
that starts exactly when another ends is not one. A short "yes" said over
someone counts too: the table of interruptions gives each overlap's length,
so a reader can set their own threshold. The turn-by-turn tables
(every interruption, who speaks after whom) are in
:mod:`collabkit.metrics.turn_taking`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd

from collabkit.metrics._common import (
    _project_arrays,
    _ratio,
    lived_experience,
    meeting_order,
    per_project,
)
from collabkit.metrics.equality import _grouped_gini
from collabkit.metrics.presence import marked_present

if TYPE_CHECKING:
    from collabkit.project import Project


class _Turns(NamedTuple):
    """The turns of a project as arrays, sorted by meeting, start, end."""

    meeting: np.ndarray  # row in meeting_order (0-based)
    person: np.ndarray  # row in project.participants (0-based)
    start: np.ndarray
    end: np.ndarray
    source: np.ndarray  # object: the turn's source text ("" when blank)
    order: pd.DataFrame  # meeting_order(project)


def _turns(project: Project, meeting_id: str | None = None) -> _Turns:
    order = meeting_order(project)
    turns = project.turns
    if meeting_id is not None and meeting_id not in set(order["meeting_id"]):
        raise ValueError(f"no meeting '{meeting_id}' in this project; meetings: "
                         f"{', '.join(map(str, order['meeting_id']))}")
    meeting = pd.Index(order["meeting_id"]).get_indexer(turns["meeting_id"])
    person = pd.Index(project.participants["participant_id"]).get_indexer(
        turns["participant_id"])
    keep = (meeting >= 0) & (person >= 0)
    if meeting_id is not None:
        keep &= turns["meeting_id"].eq(meeting_id).fillna(False).to_numpy(dtype=bool)
    start = turns["start_seconds"].to_numpy(dtype=float)
    end = turns["end_seconds"].to_numpy(dtype=float)
    sorted_rows = np.lexsort((end, start, meeting))
    rows = sorted_rows[keep[sorted_rows]]
    source = turns["source"].astype("object").where(turns["source"].notna(), "").to_numpy()
    return _Turns(meeting[rows], person[rows], start[rows], end[rows], source[rows], order)


def _transcribed(turns: _Turns) -> np.ndarray:
    """Whether each meeting of ``turns.order`` has at least one turn."""
    return np.bincount(turns.meeting, minlength=len(turns.order)) > 0


def _presence(project: Project, turns: _Turns) -> np.ndarray:
    """Present (attendance yes, a turn, or a coded event), meetings x people; untranscribed rows all False."""
    order, n_people = turns.order, len(project.participants)
    present = np.zeros((len(order), n_people), dtype=bool)
    attendance = project.attendance
    meeting = pd.Index(order["meeting_id"]).get_indexer(attendance["meeting_id"])
    person = pd.Index(project.participants["participant_id"]).get_indexer(
        attendance["participant_id"])
    here = (meeting >= 0) & (person >= 0) & marked_present(attendance).to_numpy(bool)
    present[meeting[here], person[here]] = True
    present[turns.meeting, turns.person] = True
    events, _ = _project_arrays(project)
    present[events.meeting, events.participant] = True
    present[~_transcribed(turns)] = False
    return present


def _interruptions(turns: _Turns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(interrupting turns, interrupted turns, meetings) for every turn started inside another's.

    Pairs ordered by interrupting turn, then interrupted turn. The turns that
    start inside turn ``i`` (strictly after its start, strictly before its
    end) are one block of the meeting's turns in start order, found by binary
    search: no loop over turns, and the work grows with the turns and the
    overlaps found, not with how many turns are going at once.
    """
    start, end, n = turns.start, turns.end, turns.start.size
    lo, hi = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    bounds = np.flatnonzero(np.diff(turns.meeting, prepend=-1, append=-1))
    for first, stop in zip(bounds[:-1], bounds[1:], strict=True):  # one meeting's turns
        block = start[first:stop]
        lo[first:stop] = first + np.searchsorted(block, block, side="right")
        hi[first:stop] = first + np.searchsorted(block, end[first:stop], side="left")
    hi = np.where(np.isnan(end), lo, np.maximum(hi, lo))
    counts = hi - lo
    of = np.repeat(np.arange(n), counts)
    by = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts) + lo[of]
    keep = turns.person[by] != turns.person[of]
    by, of = by[keep], of[keep]
    order = np.lexsort((of, by))
    by, of = by[order], of[order]
    return by, of, turns.meeting[by]


@per_project
def participant_talk(project: Project, *, meeting_id: str | None = None) -> pd.DataFrame:
    """Each person's talk time and turns against their presence, in the transcribed meetings.

    Parameters
    ----------
    project : Project
        A loaded project with a ``turns`` table.
    meeting_id : str, optional
        Only this meeting (a ``ValueError`` if the project has no such meeting).

    Returns
    -------
    DataFrame
        One row per participant (order of the participants table):
        ``participant_id``, ``role``, ``lived_experience``,
        ``meetings_present`` (transcribed meetings they were at), ``turns``
        (their turns in the transcripts),
        ``talk_seconds``, ``longest_turn_seconds`` (NaN with no turn),
        ``share_of_talk`` (their talk time over everyone's; NaN with no
        turns), ``share_of_presence`` (their meetings present over all
        person-meetings present), ``talk_to_presence`` (share of talk / share
        of presence), ``interruptions`` (turns they began inside someone
        else's), ``interrupted`` (times someone began inside one of theirs)
        and ``contributions`` (their primary-coded events in the same
        meetings, to set beside the talk).

    Notes
    -----
    ``talk_to_presence`` reads like ``voice_to_presence`` of
    :func:`~collabkit.metrics.participant_voice` but weighs minutes, not
    contributions: 1 is a fair share of the time, 2 twice it, 0 present and
    silent. Someone with many short contributions and little talk time was
    heard often but briefly; the reverse is someone who holds the floor.

    Examples
    --------
    >>> import pandas as pd
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> project = project.with_table("turns", pd.DataFrame({
    ...     "meeting_id": "M02", "participant_id": ["P02", "P01", "P03", "P02"],
    ...     "start_seconds": [0, 30, 40, 60], "end_seconds": [30, 50, 60, 90]}))
    >>> talk = participant_talk(project, meeting_id="M02")
    >>> talk.query("turns > 0")[["participant_id", "turns", "talk_seconds", "share_of_talk",
    ...                          "interruptions"]].round(2)
      participant_id  turns  talk_seconds  share_of_talk  interruptions
    0            P01      1          20.0            0.2              0
    1            P02      2          60.0            0.6              0
    2            P03      1          20.0            0.2              1
    """
    turns = _turns(project, meeting_id)
    people = project.participants
    n_people = len(people)
    length = turns.end - turns.start
    talk = np.bincount(turns.person, weights=length, minlength=n_people)
    count = np.bincount(turns.person, minlength=n_people)
    longest = np.full(n_people, np.nan)
    np.fmax.at(longest, turns.person, length)
    present = _presence(project, turns)
    meetings_present = present.sum(axis=0)
    by, of, _ = _interruptions(turns)
    events, _ = _project_arrays(project)
    in_scope = _transcribed(turns)[events.meeting]
    share_of_talk = _ratio(talk, talk.sum())
    share_of_presence = _ratio(meetings_present, meetings_present.sum())
    return pd.DataFrame({
        "participant_id": people["participant_id"].array,  # the table's own types
        "role": people["role"].array,
        "lived_experience": lived_experience(people["role"], project.model).to_numpy(),
        "meetings_present": meetings_present.astype("int64"),
        "turns": count.astype("int64"),
        "talk_seconds": talk,
        "longest_turn_seconds": longest,
        "share_of_talk": share_of_talk,
        "share_of_presence": share_of_presence,
        "talk_to_presence": _ratio(share_of_talk, share_of_presence),
        "interruptions": np.bincount(turns.person[by], minlength=n_people).astype("int64"),
        "interrupted": np.bincount(turns.person[of], minlength=n_people).astype("int64"),
        "contributions": np.bincount(events.participant[in_scope],
                                     minlength=n_people).astype("int64"),
    })


@per_project
def role_talk(project: Project, *, meeting_id: str | None = None) -> pd.DataFrame:
    """Each role's talk time against its share of the people present, in the transcribed meetings.

    Parameters
    ----------
    project : Project
        A loaded project with a ``turns`` table.
    meeting_id : str, optional
        Only this meeting.

    Returns
    -------
    DataFrame
        One row per role of the model (model order, roles nobody has
        included): ``role``, ``lived_experience``, ``people`` (participants
        with the role), ``turns`` (turns by people with the role),
        ``talk_seconds``, ``share_of_talk``,
        ``share_of_presence`` (the role's person-meetings present over all),
        ``talk_to_presence`` (NaN for a role never present).

    Notes
    -----
    "Staff were half the people in the room and talked for three quarters of
    the time" is a staff ``talk_to_presence`` of 1.5. Near 1 for every role
    is good; lived-experience roles well below 1 were not given the floor in
    proportion to their presence, however many times they spoke.

    Examples
    --------
    >>> import pandas as pd
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> project = project.with_table("turns", pd.DataFrame({
    ...     "meeting_id": "M02", "participant_id": ["P02", "P01", "P03", "P02"],
    ...     "start_seconds": [0, 30, 40, 60], "end_seconds": [30, 50, 60, 90]}))
    >>> role_talk(project).query("talk_seconds > 0")[
    ...     ["role", "talk_seconds", "share_of_talk"]].round(2)
               role  talk_seconds  share_of_talk
    0  service_user          20.0            0.2
    3     volunteer          20.0            0.2
    4         staff          60.0            0.6
    """
    talk = participant_talk(project, meeting_id=meeting_id)
    grouped = talk.groupby("role", observed=False, sort=True)
    table = pd.DataFrame({
        "people": grouped.size(),
        "turns": grouped["turns"].sum(),
        "talk_seconds": grouped["talk_seconds"].sum(),
        "present": grouped["meetings_present"].sum(),
    })
    share_of_talk = _ratio(table["talk_seconds"], table["talk_seconds"].sum())
    share_of_presence = _ratio(table["present"], table["present"].sum())
    return pd.DataFrame({
        "role": pd.Categorical(table.index, categories=talk["role"].cat.categories),
        "lived_experience": lived_experience(pd.Series(table.index.astype(str)),
                                             project.model).to_numpy(),
        "people": table["people"].to_numpy(dtype="int64"),
        "turns": table["turns"].to_numpy(dtype="int64"),
        "talk_seconds": table["talk_seconds"].to_numpy(dtype=float),
        "share_of_talk": share_of_talk,
        "share_of_presence": share_of_presence,
        "talk_to_presence": _ratio(share_of_talk, share_of_presence),
    })


@per_project
def meeting_talk(project: Project) -> pd.DataFrame:
    """Talk in each meeting: how many turns, how long, how fast, how equal, how often over another.

    Parameters
    ----------
    project : Project
        A loaded project with a ``turns`` table.

    Returns
    -------
    DataFrame
        One row per meeting in time order: ``meeting_id``, ``date``,
        ``step``, ``meeting_number``, ``source`` (the turns' sources, ``;``
        between several; blank for a meeting with no turns), ``present``,
        ``speakers``, ``silent`` (present, no turn), ``turns`` (turns in the
        meeting's transcript),
        ``talk_seconds``, ``minutes`` (from the first turn's start to the
        last turn's end), ``turns_per_minute`` (turns over minutes),
        ``longest_turn_seconds``,
        ``interruptions``, ``gini`` (of talk time over the people present,
        corrected for small groups), ``top_share`` (the top talker's share of
        the time) and ``lived_experience_share_of_talk`` (the share of the
        talk time taken by people with lived experience). A meeting with no
        turns has zeros and NaN.

    Notes
    -----
    A conversation of many short turns (a high ``turns_per_minute``) with a
    low ``gini`` is the group sharing the floor; one or two long turns
    holding most of the time (a high ``top_share`` and long
    ``longest_turn_seconds``) is a presentation. Times estimated from the
    words of a plain transcript (source ``text_estimated``) say little about
    pace or interruptions: such turns never overlap.

    Examples
    --------
    >>> import pandas as pd
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> project = project.with_table("turns", pd.DataFrame({
    ...     "meeting_id": "M02", "participant_id": ["P02", "P01", "P03", "P02"],
    ...     "start_seconds": [0, 30, 40, 60], "end_seconds": [30, 50, 60, 90], "source": "vtt"}))
    >>> meeting_talk(project).query("turns > 0")[
    ...     ["meeting_id", "source", "turns", "minutes", "turns_per_minute", "interruptions"]]
      meeting_id source  turns  minutes  turns_per_minute  interruptions
    1        M02    vtt      4      1.5          2.666667              1
    """
    turns = _turns(project)
    order = turns.order
    n_meet = len(order)
    length = turns.end - turns.start
    present = _presence(project, turns)
    lived = lived_experience(project.participants["role"], project.model).to_numpy(dtype=bool)
    talk = np.zeros(present.shape)
    np.add.at(talk, (turns.meeting, turns.person), length)
    count = np.bincount(turns.meeting, minlength=n_meet)
    first = np.full(n_meet, np.inf)
    last = np.full(n_meet, -np.inf)
    np.minimum.at(first, turns.meeting, turns.start)
    np.maximum.at(last, turns.meeting, turns.end)
    minutes = np.where(count > 0, (last - first) / 60, np.nan)
    longest = np.full(n_meet, np.nan)
    np.fmax.at(longest, turns.meeting, length)
    rows, cols = np.nonzero(present)
    total = talk.sum(axis=1)
    sources = pd.Series(turns.source).groupby(turns.meeting).agg(
        lambda s: ";".join(sorted({v for v in s if v})))
    out = order[["meeting_id", "date", "step", "meeting_number"]].copy()
    out["source"] = pd.Series(sources.reindex(range(n_meet)).fillna("").to_numpy(),
                              dtype="string")
    out["present"] = present.sum(axis=1).astype("int64")
    out["speakers"] = (talk > 0).sum(axis=1).astype("int64")
    out["silent"] = (present & (talk == 0)).sum(axis=1).astype("int64")
    out["turns"] = count.astype("int64")
    out["talk_seconds"] = total
    out["minutes"] = minutes
    out["turns_per_minute"] = _ratio(count, np.nan_to_num(minutes))
    out["longest_turn_seconds"] = longest
    out["interruptions"] = np.bincount(_interruptions(turns)[2], minlength=n_meet)
    out["gini"] = _grouped_gini(rows, talk[rows, cols], n_meet, correct=True)
    out["top_share"] = _ratio(talk.max(axis=1, initial=0), total)
    out["lived_experience_share_of_talk"] = _ratio(talk[:, lived].sum(axis=1), total)
    return out
