"""Balanced small groups for a meeting (tip 3: so less dominant people are heard).

:func:`split_groups` splits the people expected at a meeting into groups of
about a chosen size (sizes differ by one at most), and searches for the split
that best

1. spreads lived experience (service users, carers, families) evenly,
2. spreads every role evenly,
3. spreads the most dominant speakers: the people with the most
   contributions at earlier meetings (from
   :func:`collabkit.metrics.participation.participant_voice`), one per group
   as far as possible,
4. avoids putting together again people who shared a small group at the last
   meeting that had groups.

"Evenly" means each group holds the fair share rounded down or up; every
person or pair outside that counts against a split (lived experience counts
most, then dominant speakers, then roles, then repeated pairs). The search
starts from many random deals and improves each by swapping people between
groups; with the same ``seed`` the result is always the same.
"""

from __future__ import annotations

import math
import os
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from collabkit.errors import ActionError
from collabkit.model import Model
from collabkit.project import Project, to_text
from collabkit.project.edits import edit_table
from collabkit.session.roster import earlier_meetings, expected_people, meeting_record

__all__ = ["GroupSplit", "split_groups", "save_groups", "group_labels", "last_pairings",
           "past_contributions"]

_WEIGHTS = {"lived": 4.0, "dominant": 3.0, "role": 2.0, "pairs": 1.0}
_RESTARTS = 24


@dataclass(frozen=True)
class GroupSplit:
    """A split into small groups.

    Attributes
    ----------
    groups : dict of str to list of str
        Group label (``"A"``, ``"B"``...) to participant ids.
    balance : DataFrame
        One row per group: group, size, lived_experience, dominant_speakers,
        repeated_pairs, then one column per role present (counts).
    dominant : list of str
        The dominant speakers spread across groups, most contributions first.
    seed : int
        The seed that reproduces this split.
    """

    groups: dict[str, list[str]]
    balance: pd.DataFrame
    dominant: list[str]
    seed: int

    def labels(self) -> dict[str, str]:
        """Participant id to group label."""
        return {p: label for label, people in self.groups.items() for p in people}


def group_labels(count: int) -> list[str]:
    """``A``, ``B``, ... ``Z``, then ``G27``, ``G28``..."""
    letters = string.ascii_uppercase
    return [letters[i] if i < len(letters) else f"G{i + 1}" for i in range(count)]


def past_contributions(project: Project, meeting_id: str) -> pd.Series:
    """Contributions per participant at meetings before ``meeting_id`` (0 if none)."""
    from collabkit.metrics.participation import participant_voice

    before = set(earlier_meetings(project, meeting_id))
    events = project.events[project.events["meeting_id"].isin(before)]
    attendance = project.attendance[project.attendance["meeting_id"].isin(before)]
    past = Project(project.info, {**project.tables, "events": events, "attendance": attendance},
                   project.source, model=project.model)
    voice = participant_voice(past)
    counts = voice.set_index(voice["participant_id"].astype(str))["contributions"]
    return counts.fillna(0).astype(float)


def last_pairings(project: Project, meeting_id: str) -> set[frozenset[str]]:
    """Pairs of people who shared a small group at the last earlier meeting with groups."""
    attendance = project.attendance
    for previous in reversed(earlier_meetings(project, meeting_id)):
        rows = attendance[(attendance["meeting_id"] == previous) & attendance["group"].notna()
                          & (attendance["group"].astype(str).str.strip() != "")]
        if len(rows):
            pairs: set[frozenset[str]] = set()
            for _, members in rows.groupby(rows["group"].astype(str))["participant_id"]:
                people = members.astype(str).tolist()
                pairs |= {frozenset((a, b)) for i, a in enumerate(people) for b in people[i + 1:]}
            return pairs
    return set()


def split_groups(project: Project, meeting_id: str, *, size: int = 4, seed: int = 0,
                 people: Iterable[str] | None = None) -> GroupSplit:
    """Split the people expected at a meeting into balanced small groups.

    Parameters
    ----------
    project : Project
    meeting_id : str
        The meeting the groups are for.
    size : int, default 4
        Wanted group size; the number of groups is the number of people
        divided by ``size``, rounded up, so no group is larger than ``size``.
    seed : int, default 0
        Same seed, same split.
    people : list of str, optional
        Who to split; default: :func:`collabkit.session.roster.expected_people`.

    Returns
    -------
    GroupSplit

    Raises
    ------
    ActionError
        No meeting, unknown people, a size below 2, or fewer than two people.
    """
    meeting_record(project, meeting_id)
    try:
        size = int(size)
    except (TypeError, ValueError):
        raise ActionError(f"group size must be a whole number, got {size!r}") from None
    if size < 2:
        raise ActionError(f"group size must be 2 or more, got {size}")
    everyone = project.participants.set_index(project.participants["participant_id"].astype(str))
    people = list(dict.fromkeys(expected_people(project, meeting_id) if people is None
                                else (str(p) for p in people)))
    unknown = [p for p in people if p not in everyone.index]
    if unknown:
        raise ActionError(f"unknown participant(s) {', '.join(unknown)}; add them to "
                          "participants first")
    if len(people) < 2:
        raise ActionError(f"{len(people)} person expected: small groups need at least two people")
    count = math.ceil(len(people) / size)
    roles = everyone.loc[people, "role"].astype(str).to_numpy()
    lived = np.isin(roles, list(project.model.lived_experience_roles))
    spoken = past_contributions(project, meeting_id).reindex(people, fill_value=0.0)
    ranked = spoken[spoken > 0].sort_values(ascending=False, kind="stable")
    dominant = ranked.index[:count].tolist() if count > 1 else []
    is_dominant = np.isin(people, dominant)
    pairs = last_pairings(project, meeting_id)
    index = {p: i for i, p in enumerate(people)}
    together = np.zeros((len(people), len(people)), dtype=int)
    for pair in pairs:
        a, b = tuple(pair)
        if a in index and b in index:
            together[index[a], index[b]] = together[index[b], index[a]] = 1
    role_codes = [r for r in project.model.codes["role"] if r in set(roles)]
    role_matrix = np.stack([roles == r for r in role_codes], axis=1).astype(int)

    features = np.concatenate([lived.astype(float)[:, None], is_dominant.astype(float)[:, None],
                               role_matrix.astype(float)], axis=1)
    weights = np.array([_WEIGHTS["lived"], _WEIGHTS["dominant"]]
                       + [_WEIGHTS["role"]] * len(role_codes))
    best = _search(features, weights, together.astype(float), count, seed)
    labels = group_labels(count)
    groups = {label: [p for p, g in zip(people, best, strict=True) if g == n]
              for n, label in enumerate(labels)}
    balance = _balance(groups, everyone, lived, people, dominant, pairs, role_codes,
                       project.model)
    return GroupSplit(groups=groups, balance=balance, dominant=dominant, seed=seed)


def _penalty(sums: np.ndarray, low: np.ndarray, high: np.ndarray,
             weights: np.ndarray) -> np.ndarray:
    """Weighted distance of each group's counts (last axis: features) from the fair share."""
    return ((np.clip(low - sums, 0, None) + np.clip(sums - high, 0, None)) * weights).sum(axis=-1)


def _search(features: np.ndarray, weights: np.ndarray, together: np.ndarray, count: int,
            seed: int) -> np.ndarray:
    """Group index per person: the best of several random deals, each improved by swaps."""
    n = len(features)
    fair = features.sum(axis=0) / count
    low, high = np.floor(fair), np.ceil(fair)
    rng = np.random.default_rng(seed)
    deal = np.arange(n) % count
    best, best_cost = deal, np.inf
    for _ in range(_RESTARTS):
        assign = deal[rng.permutation(n)]
        member = np.eye(count)[assign]                 # person x group
        sums = member.T @ features                     # group x feature
        partners = together @ member                   # person x group: last-time partners
        improved = True
        while improved:
            improved = False
            for i in range(n):
                a = assign[i]
                others = assign != a
                if not others.any():
                    continue
                b = assign                              # the group of each candidate j
                new_a = sums[a] + features - features[i]
                new_b = sums[b] + features[i] - features
                delta = (_penalty(new_a, low, high, weights) + _penalty(new_b, low, high, weights)
                         - _penalty(sums[a], low, high, weights)
                         - _penalty(sums[b], low, high, weights))
                rows = np.arange(n)
                delta += _WEIGHTS["pairs"] * (partners[i, b] - together[i] + partners[rows, a]
                                              - together[:, i] - partners[i, a]
                                              - partners[rows, b])
                delta[~others] = np.inf
                j = int(np.argmin(delta))
                if delta[j] < -1e-9:
                    bj = assign[j]
                    sums[a] += features[j] - features[i]
                    sums[bj] += features[i] - features[j]
                    partners[:, a] += together[:, j] - together[:, i]
                    partners[:, bj] += together[:, i] - together[:, j]
                    assign[i], assign[j] = bj, a
                    improved = True
        total = float(_penalty(sums, low, high, weights).sum()
                      + _WEIGHTS["pairs"] * (together * (assign[:, None] == assign[None, :])).sum() / 2)
        if total < best_cost - 1e-9:
            best, best_cost = assign.copy(), total
        if best_cost == 0:
            break
    return best


def _balance(groups, everyone, lived, people, dominant, pairs, role_codes,
             model: Model) -> pd.DataFrame:
    is_lived = dict(zip(people, lived, strict=True))
    rows = []
    for label, members in groups.items():
        member_pairs = {frozenset((a, b)) for i, a in enumerate(members) for b in members[i + 1:]}
        row = {"group": label, "size": len(members),
               "lived_experience": sum(bool(is_lived[p]) for p in members),
               "dominant_speakers": sum(p in dominant for p in members),
               "repeated_pairs": len(member_pairs & pairs)}
        member_roles = everyone.loc[members, "role"].astype(str).tolist()
        for role in role_codes:
            row[model.label("role", role)] = member_roles.count(role)
        rows.append(row)
    return pd.DataFrame(rows)


def save_groups(path: str | os.PathLike, meeting_id: str,
                groups: Mapping[str, Iterable[str]], *, model: Model | None = None) -> Project:
    """Write group labels to the meeting's attendance rows in the project on disk.

    People in ``groups`` with no attendance row for the meeting get one with
    ``present`` blank (expected, not marked yet: the register on the board, or
    their first contribution, marks them); people of the meeting not in any
    group get a blank group. Nobody is marked present before the meeting.

    Raises
    ------
    ActionError
        No meeting, or a person in two groups. Nothing is written.
    DataError
        Unknown participants. Nothing is written.
    """
    labels: dict[str, str] = {}
    for label, members in groups.items():
        for person in members:
            person = str(person)
            if person in labels:
                raise ActionError(f"'{person}' is in group {labels[person]} and group {label}; "
                                  "each person can be in one group only")
            labels[person] = str(label)

    def change(project: Project) -> pd.DataFrame:
        meeting_record(project, meeting_id)
        table = to_text(project.attendance)
        if "group" not in table:
            table["group"] = ""
        mine = table["meeting_id"] == meeting_id
        table.loc[mine, "group"] = table.loc[mine, "participant_id"].map(labels).fillna("")
        have = set(table.loc[mine, "participant_id"])
        new = [{"meeting_id": meeting_id, "participant_id": p, "present": "", "group": g}
               for p, g in labels.items() if p not in have]
        return pd.concat([table, pd.DataFrame(new, columns=table.columns)],
                         ignore_index=True).fillna("")

    return edit_table(path, "attendance", change, model=model)
