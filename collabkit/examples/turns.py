"""Speaking turns for the synthetic projects' online and hybrid meetings, as a transcript gives them.

A transcript exists only where a meeting was held on Teams or Zoom, so only
meetings whose ``format`` is ``online`` or ``hybrid`` get turns. The turns
tell the same story as the coded events: each run of a person's
whole-group contributions (small-group talk happens in breakout rooms, which
are not transcribed) becomes one turn, in the order coded, and a person's
turns are longer the more their role speaks in the kind of project
(:attr:`~collabkit.examples.kinds.Kind.voice`): in a staff-led project staff
hold the floor for longer as well as more often.

The turns draw from their own random stream (:data:`STREAM`), never from the
generator the other tables share, so every other table is exactly as it was
before turns were made.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.examples.kinds import Kind

__all__ = ["FORMATS", "STREAM", "turns"]

#: The meeting formats that have a transcript.
FORMATS = ("online", "hybrid")
#: Added to the seed's entropy for the turns' own random stream.
STREAM = 7_001
#: Mean length of a turn in seconds for a role of speaking weight 1.
MEAN_SECONDS = 14.0
#: Share of turns that start before the one before them has ended (an interruption).
OVERLAP = 0.06
#: How much longer the turns of a role that speaks more are: speaking weight to this power.
LENGTH_POWER = 0.25


def turns(spec: Kind, seed: int, kind_number: int, people: pd.DataFrame, lived: np.ndarray,
          meetings: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The turns table of a synthetic project.

    Parameters
    ----------
    spec : Kind
        The kind of project (its ``voice`` weights set how long each role talks).
    seed, kind_number : int
        The project's seed and the kind's place in ``KINDS``: with
        :data:`STREAM` they seed the turns' own generator.
    people : DataFrame
        The participants table (``participant_id``, ``role``).
    lived : array of bool
        Per person: lived experience.
    meetings, events : DataFrame
        The meetings table (``meeting_id``, ``format``, ``actual_minutes``)
        and the coded events, as generated.

    Returns
    -------
    DataFrame
        ``meeting_id``, ``participant_id``, ``start_seconds``,
        ``end_seconds``, ``source`` (``vtt``) and ``text`` (blank: the
        words are not kept), in meeting then time order.
    """
    rng = np.random.default_rng([seed, kind_number, STREAM])
    weight = {pid: spec.voice["lived" if is_lived else role if role in spec.voice else "other"]
              for pid, role, is_lived in zip(people["participant_id"], people["role"], lived,
                                             strict=True)}
    primary = events[events["coder"].isna() | events["coder"].isin(["", "primary"])]
    plenary = primary[primary["group"].isna() | primary["group"].eq("")]
    frames = []
    for meeting in meetings.itertuples(index=False):
        if meeting.format not in FORMATS:
            continue
        said = plenary[plenary["meeting_id"] == meeting.meeting_id].sort_values("seq")
        speakers = said["participant_id"].to_numpy()
        if speakers.size == 0:
            continue
        new_run = np.concatenate([[True], speakers[1:] != speakers[:-1]])
        run = np.cumsum(new_run) - 1
        who = speakers[new_run]
        scale = np.array([MEAN_SECONDS * weight[p] ** LENGTH_POWER for p in speakers])
        spoken = rng.gamma(2.0, scale / 2.0)  # one draw per contribution, summed per run
        length = np.bincount(run, weights=spoken)
        fit = 0.85 * float(meeting.actual_minutes) * 60 / max(length.sum() * 1.1, 1.0)
        length = np.round(np.maximum(length * min(fit, 1.0), 1.0), 1)
        pause = np.round(rng.uniform(0.2, 2.0, size=who.size), 1)
        overlap = rng.random(who.size) < OVERLAP
        start = np.zeros(who.size)
        for i in range(1, who.size):  # one pass: each turn starts from the last one's end
            before = start[i - 1] + length[i - 1]
            start[i] = before - min(2.0, length[i - 1] / 2) if overlap[i] else before + pause[i]
        start = np.round(start + 5.0, 1)
        frames.append(pd.DataFrame({"meeting_id": meeting.meeting_id, "participant_id": who,
                                    "start_seconds": start,
                                    "end_seconds": np.round(start + length, 1)}))
    if not frames:
        return pd.DataFrame({"meeting_id": [], "participant_id": [], "start_seconds": [],
                             "end_seconds": [], "source": [], "text": []})
    table = pd.concat(frames, ignore_index=True)
    return table.assign(source="vtt", text="")
