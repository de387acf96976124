"""Decisions revisited, and whether the later one was made less together.

The Trust warns that deadlines and logistics wear down good intentions, so
decisions end up "made a little less together than was agreed". The
decisions table's optional ``revises`` column names the earlier decision a
decision revisits; :func:`decision_revisions` sets each such pair side by
side: the level of involvement (the ladder of co-production, ranked in
``data/model/codes.yaml``) and whether each was made in a meeting.

Where, when and with whom every decision was made is in
:func:`~collabkit.metrics.decisions.decision_inclusion`; the ranks and "in
a meeting" here mean the same as there.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.metrics._common import per_project
from collabkit.metrics._lookup import level_ranks
from collabkit.project import Project

__all__ = ["decision_revisions"]

REVISION_COLUMNS = ("decision_id", "revises", "date", "earlier_level", "later_level",
                    "earlier_rank", "later_rank", "earlier_in_meeting", "later_in_meeting",
                    "less_together")


@per_project
def decision_revisions(project: Project) -> pd.DataFrame:
    """Each decision that revisits an earlier one, with both levels of involvement.

    Parameters
    ----------
    project : Project
        Uses ``decisions`` (decision_id, date, meeting_id, level, revises).
        Not modified.

    Returns
    -------
    DataFrame
        One row per decision whose ``revises`` names another decision, in
        the decisions table's order, columns:

        - ``decision_id`` (the later decision), ``revises`` (the earlier
          one), ``date`` (the later decision's date);
        - ``earlier_level``: the earlier decision's level (category of the
          model's levels, NA when not recorded); ``later_level``: the same
          for the later decision;
        - ``earlier_rank``: the earlier level's place on the ladder (Int64;
          1 = inform ... 5 = co-produce, as in
          :func:`~collabkit.metrics.decisions.decision_inclusion`; NA when
          no level was recorded); ``later_rank``: the same for the later
          decision;
        - ``earlier_in_meeting`` (bool): the earlier decision was made at a
          meeting (meeting_id not blank); ``later_in_meeting`` (bool): the
          later decision was made at a meeting;
        - ``less_together`` (bool): the later decision is lower on the
          ladder than the earlier one (both levels recorded), or the earlier
          was made in a meeting and the later outside one.

        No ``revises`` column, or no decision naming one, gives an empty
        frame with these columns.

    Notes
    -----
    Interpretation: a row with ``less_together`` True is the Trust's warning
    in the record: something agreed together was re-made with less
    involvement, or away from the group. It does not say the revision was
    wrong (a budget may force it) nor that the group was not told; it says
    the group did not make it at the level it made the first one. A
    revision made *more* together (higher on the ladder) is a group taking
    a decision back. Only revisions written down in ``revises`` are seen.

    Examples
    --------
    >>> import collabkit
    >>> from collabkit.project import Project, to_text
    >>> project = collabkit.load_project("data/examples/riverside_crisis_cafe")
    >>> tables = {name: to_text(table) for name, table in project.tables.items()}
    >>> decisions = tables["decisions"].head(2).copy()
    >>> decisions["revises"] = ["", "D01"]
    >>> decisions["meeting_id"] = ["M01", ""]
    >>> decisions["level"] = ["co_produce", "consult"]
    >>> tables["decisions"] = decisions
    >>> tables["impact"] = tables["impact"].iloc[0:0]
    >>> revised = Project.from_tables(project.info_text(), tables, model=project.model)
    >>> decision_revisions(revised)[["decision_id", "revises", "earlier_rank", "later_rank",
    ...                              "less_together"]]
      decision_id revises  earlier_rank  later_rank  less_together
    0         D02     D01             5           2           True
    """
    decisions = project.decisions.reset_index(drop=True)
    levels = list(project.model.codes["level"])
    if "revises" not in decisions.columns:
        return _empty(levels)
    revises = _plain_text(decisions["revises"])
    ids = [v if isinstance(v, str) else None
           for v in decisions["decision_id"].astype("string").tolist()]
    known = {d for d in ids if d is not None}
    later = np.array([r is not None and d is not None and r in known and r != d
                      for r, d in zip(revises, ids, strict=True)], dtype=bool)
    if not later.any():
        return _empty(levels)
    ranks = level_ranks(project)
    rank = pd.array(decisions["level"].astype(object).map(ranks).tolist(), dtype="Int64")
    in_meeting = np.array([v is not None for v in _plain_text(decisions["meeting_id"])],
                          dtype=bool)
    level = decisions["level"].astype(object).to_numpy()
    position: dict[str, int] = {}
    for at, d in enumerate(ids):  # the first row of each id, as get_indexer finds it
        if d is not None:
            position.setdefault(d, at)
    row_of = np.array([position[r] for r, k in zip(revises, later, strict=True)
                       if k and r is not None],
                      dtype=np.intp)
    revises_later = [r for r, k in zip(revises, later, strict=True) if k]
    ids_later = [d for d, k in zip(ids, later, strict=True) if k]
    earlier_rank, later_rank = rank[row_of], rank[later]
    earlier_in, later_in = in_meeting[row_of], in_meeting[later]
    lower = later_rank < earlier_rank
    out = pd.DataFrame({
        "decision_id": pd.array(ids_later, dtype="string"),
        "revises": pd.array(revises_later, dtype="string"),
        "date": decisions["date"].to_numpy()[later],
        "earlier_level": pd.Categorical(level[row_of], categories=levels),
        "later_level": pd.Categorical(level[later], categories=levels),
        "earlier_rank": earlier_rank,
        "later_rank": later_rank,
        "earlier_in_meeting": earlier_in,
        "later_in_meeting": later_in,
        "less_together": lower.fillna(False).to_numpy(dtype=bool) | (earlier_in & ~later_in),
    })
    return out.loc[:, list(REVISION_COLUMNS)]


def _plain_text(values: pd.Series) -> list[str | None]:
    """``_text(values)`` as plain values: each cell trimmed, None when blank or missing."""
    return [v.strip() or None if isinstance(v, str) else None
            for v in values.astype("string").tolist()]


def _empty(levels: list[str]) -> pd.DataFrame:
    return pd.DataFrame({
        "decision_id": pd.Series(dtype="string"),
        "revises": pd.Series(dtype="string"),
        "date": pd.Series(dtype="datetime64[ns]"),
        "earlier_level": pd.Categorical([], categories=levels),
        "later_level": pd.Categorical([], categories=levels),
        "earlier_rank": pd.Series(dtype="Int64"),
        "later_rank": pd.Series(dtype="Int64"),
        "earlier_in_meeting": pd.Series(dtype=bool),
        "later_in_meeting": pd.Series(dtype=bool),
        "less_together": pd.Series(dtype=bool),
    })
