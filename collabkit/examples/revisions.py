"""Decisions that revisit earlier ones: the companion of :mod:`collabkit.examples.records`.

The Trust warns that decisions end up "made a little less together than was
agreed at the beginning". Each kind of project revisits ``Kind.revisits``
of its earlier decisions; ``Kind.revisits_lower`` of those are re-made less
together than the first time: outside a meeting when the first was made in
one, or at a lower rung of the ladder. The others are re-made in a meeting
at the same rung or higher. A decision revises only one made on an earlier
day (so never itself or a later one), is revised once at most, and may be
revised after it has revised another (a chain of revisits), never before, so
that a level once compared against is never moved again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.examples.records import BLANK, Scene

__all__ = ["revise"]

#: Added to the summary of a decision that revisits another.
REVISITED = " (revisited)"


def revise(s: Scene, decisions: pd.DataFrame, ranks: dict[str, int]) -> pd.DataFrame:
    """``decisions`` with a ``revises`` column, and the revisiting decisions re-made.

    Parameters
    ----------
    s : Scene
        The project being written (its kind and random generator).
    decisions : DataFrame
        :func:`collabkit.examples.records.decisions`, in date order. Not modified.
    ranks : dict of str to int
        Ladder level code -> rank (1 = least involvement).

    Returns
    -------
    DataFrame
        A copy with ``revises`` (blank, or the id of the earlier decision) after
        ``level``; a revisiting decision's summary names what it revisits,
        and its level is moved as its kind says.
    """
    out = decisions.copy()
    out["revises"] = BLANK
    if s.spec.revisits <= 0 or len(out) < 2:
        return out
    by_rank = {rank: level for level, rank in ranks.items()}
    dates, steps = out["date"].to_numpy(), out["step"].to_numpy()
    in_meeting = (out["meeting_id"] != BLANK).to_numpy()
    rank = out["level"].map(ranks).to_numpy(dtype=np.int64, copy=True)
    revised: set[int] = set()
    revising: set[int] = set()
    order = s.rng.permutation(np.arange(1, len(out)))
    for same_step in (True, False):  # revisits of a decision of the same step first
        for j in map(int, order):
            if len(revising) >= s.spec.revisits:
                return out
            if j in revised or j in revising:  # a level compared against stays as it is
                continue
            less = len(revising) < s.spec.revisits_lower
            earlier = [i for i in range(j) if dates[i] < dates[j] and i not in revised
                       and (steps[i] == steps[j] or not same_step)]
            if less and in_meeting[j]:  # re-made lower on the ladder: a rung must be below
                earlier = [i for i in earlier if rank[i] > min(by_rank)]
            elif less:  # re-made outside a meeting: the first time was in one
                earlier = [i for i in earlier if in_meeting[i]]
            elif not in_meeting[j]:  # revisits that stay together are made in a meeting
                earlier = []
            if not earlier:
                continue
            i = int(s.rng.choice(earlier))
            if less and in_meeting[j]:
                rank[j] = min(rank[j], max(r for r in by_rank if r < rank[i]))
            elif not less:
                rank[j] = max(rank[j], rank[i])
            first = str(out["summary"].iat[i])
            summary = (f"{first.removesuffix(REVISITED)} (revisited again)"
                       if first.endswith(REVISITED) else f"{first}{REVISITED}")
            out.loc[out.index[j], ["level", "summary", "revises"]] = [
                by_rank[int(rank[j])], summary, out["decision_id"].iat[i]]
            revised.add(i)
            revising.add(j)
    return out
