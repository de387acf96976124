"""Kantor's Four Player Model: profiles, sequences and stuck patterns.

Every contribution is a move, follow, oppose or bystand. Healthy groups use
all four and anyone takes any action. The stuck patterns (Kantor; Isaacs),
:func:`detect_stuck_patterns` and :func:`live_prompt`, live in
:mod:`collabkit.metrics.stuck_patterns` and :mod:`collabkit.metrics.prompts`
and are importable from here too.

A *conversation* is the plenary of one meeting or one small group in it
(events with the same non-blank ``group``): sequences, transitions and runs
never cross from one conversation to another, since two groups talking at
once do not answer each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabkit.metrics._common import _project_arrays, _ratio, meeting_order, per_project
from collabkit.metrics.prompts import live_prompt as live_prompt

# Re-exported: stuck patterns used to live here (the live tally imports them from here).
from collabkit.metrics.stuck_patterns import STUCK_COLUMNS as STUCK_COLUMNS
from collabkit.metrics.stuck_patterns import detect_stuck_patterns as detect_stuck_patterns

if TYPE_CHECKING:
    from collabkit.project import Project

_PROFILE_KEYS = {"participant": "participant_id", "role": "role", "meeting": "meeting_id"}


def _keys(project: Project, by: str) -> tuple[str, pd.Series]:
    """Column name and the full list of keys (zeros included) for ``by``."""
    if by not in _PROFILE_KEYS:
        raise ValueError(f"unknown by={by!r}; allowed: {', '.join(map(repr, _PROFILE_KEYS))}")
    if by == "participant":
        return "participant_id", project.participants["participant_id"]
    if by == "meeting":
        return "meeting_id", meeting_order(project)["meeting_id"]
    roles = project.participants["role"].cat.categories
    return "role", pd.Series(pd.Categorical(roles, categories=roles))


@per_project
def move_profile(project: Project, *, by: str = "participant") -> pd.DataFrame:
    """How often each person, role or meeting used each of the four actions.

    Parameters
    ----------
    project : Project
        A loaded project.
    by : {"participant", "role", "meeting"}, default "participant"
        What to profile.

    Returns
    -------
    DataFrame
        Long and tidy, four rows (one per action, model order) for every
        participant, role or meeting, zeros included: ``participant_id`` /
        ``role`` / ``meeting_id``, ``move``, ``count`` (contributions with that move), ``share`` (share of
        that key's contributions; NaN for a key with none).

    Notes
    -----
    Every action is needed: without moves no direction, without follows no
    completion, without opposes no correction, without bystands no
    perspective. A healthy profile has all four for most people; a role that
    only follows (lived-experience members at 80% follow, say) is deferring.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/hillside_discharge")
    >>> move_profile(project, by="role").query("move == 'oppose'").round(3)
                role    move  count  share
    2   service_user  oppose      0  0.000
    6          carer  oppose      0  0.000
    10        family  oppose      0  0.000
    14     volunteer  oppose      2  0.067
    18         staff  oppose     28  0.072
    22       partner  oppose      4  0.071
    26         other  oppose      0    NaN
    """
    column, keys = _keys(project, by)
    arrays, _ = _project_arrays(project)
    moves = project.model.codes["move"]
    if by == "participant":
        key = arrays.participant
    elif by == "meeting":
        key = arrays.meeting
    else:
        key = project.participants["role"].cat.codes.to_numpy()[arrays.participant]
    ok = (key >= 0) & (arrays.move >= 0)
    n_moves = len(moves)
    counts = np.bincount(key[ok] * n_moves + arrays.move[ok],
                         minlength=len(keys) * n_moves).reshape(len(keys), n_moves)
    shares = _ratio(counts, counts.sum(axis=1, keepdims=True))
    return pd.DataFrame({
        column: np.repeat(keys.to_numpy(), n_moves),
        "move": pd.Categorical(np.tile(moves, len(keys)), categories=moves),
        "count": counts.ravel().astype("int64"),
        "share": shares.ravel(),
    }).astype({column: keys.dtype})


@per_project
def move_transitions(project: Project, *, by: str = "move") -> pd.DataFrame:
    """What follows what: consecutive contributions within each conversation.

    Parameters
    ----------
    project : Project
        A loaded project.
    by : {"move", "role"}, default "move"
        Transitions between actions (a move answered by a follow...) or
        between the roles of consecutive speakers (who speaks after whom).

    Returns
    -------
    DataFrame
        Every pair, zeros included (16 for moves, 49 for the seven roles):
        ``from_<by>`` (the code of the earlier contribution: its move, or
        its speaker's role), ``to_<by>`` (the code of the one that came
        next), ``count`` (times that pair happened), ``share`` (share of the
        transitions out of ``from_<by>``; each from-row sums to 1, NaN if it
        never occurs). Pairs are consecutive by ``seq`` within one
        meeting's plenary or one small group.

    Notes
    -----
    A healthy group answers moves with follows and opposes and has some
    bystands after each. move -> move high is serial moves; follow -> follow
    with little oppose is courteous compliance. By role: staff -> staff far
    above staff's share of the talk means staff speak to each other; lived
    experience -> lived experience rarely, that those voices are not picked up.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/meadow_peer_support")
    >>> move_transitions(project).query("from_move == 'move'").round(3)
      from_move  to_move  count  share
    0      move     move    243  0.574
    1      move   follow     51  0.121
    2      move   oppose     69  0.163
    3      move  bystand     60  0.142
    """
    if by not in ("move", "role"):
        raise ValueError(f"unknown by={by!r}; allowed: 'move', 'role'")
    arrays, _ = _project_arrays(project, by_stream=True)
    if by == "move":
        labels = list(project.model.codes["move"])
        code = arrays.move
    else:
        roles = project.participants["role"]
        labels = list(roles.cat.categories)
        code = roles.cat.codes.to_numpy()[arrays.participant]
    n = len(labels)
    same = arrays.stream[1:] == arrays.stream[:-1]
    before, after = code[:-1][same], code[1:][same]
    ok = (before >= 0) & (after >= 0)
    counts = np.bincount(before[ok] * n + after[ok], minlength=n * n).reshape(n, n)
    shares = _ratio(counts, counts.sum(axis=1, keepdims=True))
    return pd.DataFrame({
        f"from_{by}": pd.Categorical(np.repeat(labels, n), categories=labels),
        f"to_{by}": pd.Categorical(np.tile(labels, n), categories=labels),
        "count": counts.ravel().astype("int64"),
        "share": shares.ravel(),
    })


@per_project
def four_player_balance(project: Project) -> pd.DataFrame:
    """Share of each of the four actions in each meeting.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    DataFrame
        One row per meeting in time order: ``meeting_id``, ``move``,
        ``follow`` (share of the meeting's contributions that follow),
        ``oppose`` (share that oppose), ``bystand`` (share that bystand; the
        four shares sum to 1, NaN with no events) and
        ``missing_actions`` (the actions nobody used, ``;``-joined; empty when
        all four were used; missing for a meeting with no events).

    Notes
    -----
    No action should be missing, and none should dominate. As a rough guide
    from Kantor's model, each action between about 10% and 40% is balanced;
    moves above half is serial moves, opposes near zero compliance, bystands
    near zero nobody naming what is going on.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> balance = four_player_balance(project)
    >>> balance[["meeting_id", "move", "follow", "oppose", "bystand"]].head(3).round(2)
      meeting_id  move  follow  oppose  bystand
    0        M01  0.30    0.31    0.20     0.19
    1        M02  0.36    0.38    0.20     0.06
    2        M03  0.30    0.38    0.19     0.13
    """
    profile = move_profile(project, by="meeting")
    moves = list(project.model.codes["move"])
    counts = profile["count"].to_numpy().reshape(-1, len(moves))
    shares = profile["share"].to_numpy().reshape(-1, len(moves))
    out = pd.DataFrame(shares, columns=moves)
    out.insert(0, "meeting_id", profile["meeting_id"].iloc[:: len(moves)].array)
    missing = [";".join(m for m, c in zip(moves, row, strict=True) if c == 0) for row in counts]
    out["missing_actions"] = pd.array(missing, dtype="string")
    out.loc[counts.sum(axis=1) == 0, "missing_actions"] = pd.NA
    return out
