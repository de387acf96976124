"""Inertia or advantage: whether decisions are being made, where, and with whom.

Huxham and Vangen's *collaborative inertia* is meeting after meeting where
nothing happens; *collaborative advantage* is a group that keeps moving. The
Trust's warning is that deadlines and logistics wear good intentions down, so
decisions end up made less together than agreed. These functions look for
exactly that in the records: decisions per meeting and runs of meetings with
none, decisions made outside meetings or with nobody with lived experience in
the room, and the level of involvement of each decision (the ladder of
co-production) by step. Who keeps coming, and whether both leaders took part,
is in :mod:`collabkit.metrics.presence`.

Lived-experience roles and the levels of involvement come from
``data/model/codes.yaml``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from collabkit.metrics._common import lived_experience, meeting_order, per_project
from collabkit.metrics._lookup import level_ranks
from collabkit.metrics.presence import LEADS, _named, _presence
from collabkit.project import Project

__all__ = [
    "decisions_per_meeting",
    "inertia_runs",
    "decision_inclusion",
    "ladder_by_step",
]

PER_MEETING_COLUMNS = ("meeting_id", "date", "step", "meeting_number", "decisions",
                       "run_without_decision")
RUN_COLUMNS = ("first_meeting", "last_meeting", "meetings", "first_date", "last_date")
INCLUSION_COLUMNS = ("decision_id", "date", "step", "level", "level_rank", "in_meeting",
                     "lived_experience_present", "leads_present")
LADDER_COLUMNS = ("step", "level", "level_rank", "decisions")


def _text(values: pd.Series) -> pd.Series:
    """Ids as plain text with blanks as missing (pandas' string dtype)."""
    text = values.astype("string").str.strip()
    return text.where(text != "")


@per_project
def decisions_per_meeting(project: Project) -> pd.DataFrame:
    """Decisions recorded at each meeting, and runs of meetings without one.

    Parameters
    ----------
    project : Project
        Uses ``meetings`` and ``decisions`` (decision_id, meeting_id). Not
        modified.

    Returns
    -------
    DataFrame
        One row per meeting in date order, columns ``meeting_id``, ``date``,
        ``step``, ``meeting_number``, ``decisions`` (decisions whose meeting_id
        is this meeting) and ``run_without_decision`` (how many meetings in a
        row, ending with this one, had no decision: 0 at a meeting with a
        decision). No meetings gives an empty frame; no decisions gives zeros.

    Notes
    -----
    Interpretation: a long ``run_without_decision`` is collaborative inertia
    (meeting after meeting, nothing decided). Decisions made outside meetings
    (a blank meeting_id) are not counted here; see :func:`decision_inclusion`.
    A meeting can rightly decide nothing (understanding a problem takes
    time), so read runs together with the journey and the reflections.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/meadow_peer_support"))
    >>> int(decisions_per_meeting(project)["run_without_decision"].max())
    10
    """
    meetings = meeting_order(project)
    made = Counter(m.strip() for m in project.decisions["meeting_id"].astype("string").tolist()
                   if isinstance(m, str) and m.strip())  # as _text, then value_counts
    out = pd.DataFrame({
        "meeting_id": meetings["meeting_id"].astype("string"),
        "date": meetings["date"],
        "step": meetings["step"],
        "meeting_number": meetings["meeting_number"].astype("int64"),
    }).reset_index(drop=True)
    counts = [made.get(m, 0) if isinstance(m, str) else 0 for m in out["meeting_id"].tolist()]
    runs, run = [], 0
    for count in counts:  # meetings in a row without a decision, this one included
        run = 0 if count else run + 1
        runs.append(run)
    out["decisions"] = np.array(counts, dtype=np.int64)
    out["run_without_decision"] = np.array(runs, dtype=np.int64)
    return out.loc[:, list(PER_MEETING_COLUMNS)]


@per_project
def inertia_runs(project: Project, *, min_run: int = 3) -> pd.DataFrame:
    """Runs of consecutive meetings with no decision.

    Parameters
    ----------
    project : Project
        Uses ``meetings`` and ``decisions``. Not modified.
    min_run : int, default 3
        Shortest run reported: ``min_run`` meetings in a row without a decision.

    Returns
    -------
    DataFrame
        One row per run, in time order, columns ``first_meeting`` (the id
        of the run's first meeting), ``last_meeting`` (the id of its last
        meeting), ``meetings`` (length of the run), ``first_date`` (the date
        of its first meeting) and ``last_date`` (the date of its last
        meeting). Empty when there is no such run.

    Notes
    -----
    Interpretation: each row is a stretch of collaborative inertia. Three
    meetings in a row without any decision (the default) is worth asking
    about in the reflections: was the group still understanding the problem,
    or going round in circles?

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/meadow_peer_support"))
    >>> inertia_runs(project)[["first_meeting", "last_meeting", "meetings"]]
      first_meeting last_meeting  meetings
    0           M06          M15        10
    """
    if int(min_run) < 1:
        raise ValueError(f"min_run must be a whole number of at least 1; got {min_run!r}")
    table = decisions_per_meeting(project)
    none = (table["decisions"] == 0).to_numpy(dtype=bool)
    edges = np.flatnonzero(np.diff(np.r_[False, none, False].astype(np.int8)))
    spans = [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True) if b - a >= int(min_run)]
    ids, dates = table["meeting_id"], table["date"]
    first_id, last_id = _known_ends(ids.notna().to_numpy(dtype=bool), spans)
    first_day, last_day = _known_ends(dates.notna().to_numpy(dtype=bool), spans)
    runs = pd.DataFrame({  # as groupby's first and last: the run's first and last known value
        "first_meeting": ids.take(first_id).reset_index(drop=True),
        "last_meeting": ids.take(last_id).reset_index(drop=True),
        "meetings": np.array([b - a for a, b in spans], dtype="int64"),
        "first_date": dates.take(first_day).reset_index(drop=True),
        "last_date": dates.take(last_day).reset_index(drop=True)})
    if runs.empty:
        runs = pd.DataFrame({
            "first_meeting": pd.Series(dtype="string"), "last_meeting": pd.Series(dtype="string"),
            "meetings": pd.Series(dtype="int64"), "first_date": pd.Series(dtype="datetime64[ns]"),
            "last_date": pd.Series(dtype="datetime64[ns]")})
    return runs.astype({"meetings": "int64"}).loc[:, list(RUN_COLUMNS)]


def _known_ends(known: np.ndarray, spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """For each span ``[a, b)``, the first and last position with a known value (else a, b - 1)."""
    firsts, lasts = [], []
    for a, b in spans:
        inside = np.flatnonzero(known[a:b])
        firsts.append(a + int(inside[0]) if len(inside) else a)
        lasts.append(a + int(inside[-1]) if len(inside) else b - 1)
    return firsts, lasts


@per_project
def decision_inclusion(project: Project) -> pd.DataFrame:
    """For each decision: where it was made, who was there, and at what level of involvement.

    Parameters
    ----------
    project : Project
        Uses ``decisions``, ``meetings``, ``attendance``, ``events`` (primary
        coder), ``participants`` and the leads in ``project.info``. Not
        modified.

    Returns
    -------
    DataFrame
        One row per decision, in the decisions table's order, columns:

        - ``decision_id``, ``date``;
        - ``step``: the decision's step, or its meeting's step when blank;
        - ``level`` and ``level_rank`` (Int64; 1 = inform ... 5 = co-produce,
          from ``codes.yaml``), NA when no level was recorded;
        - ``in_meeting`` (bool): made at a meeting (meeting_id not blank);
        - ``lived_experience_present`` (boolean, NA outside a meeting or when
          the meeting has neither attendance nor coded events): someone with
          a lived-experience role was present (attendance ``present`` yes, or
          spoke in the meeting's primary coding);
        - ``leads_present`` (Int64, NA when ``lived_experience_present`` is
          NA): how many of the two named leads (pace, process) were present.

        No decisions gives an empty frame with these columns.

    Notes
    -----
    Interpretation: decisions made outside meetings, or in a meeting with no
    one with lived experience present, were not made together, whatever
    their level says. Levels below co-design (inform, consult, engage) leave
    the decision with those running the service. The Trust warns that
    decisions drift this way as deadlines approach: compare early and late
    decisions.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/hillside_discharge"))
    >>> table = decision_inclusion(project)
    >>> int((~table["in_meeting"]).sum()), int(table["level_rank"].max())
    (7, 3)
    """
    model = project.model
    decisions = project.decisions.reset_index(drop=True)
    meetings = project.meetings
    meeting_ids = [v.strip() or None if isinstance(v, str) else None  # as _text, plainly
                   for v in decisions["meeting_id"].astype("string").tolist()]
    meeting_step = dict(zip(meetings["meeting_id"].astype(str).tolist(),
                            meetings["step"].astype(object).tolist(), strict=True))
    step = [s if not pd.isna(s) else meeting_step.get(m, np.nan) if m is not None else np.nan
            for s, m in zip(decisions["step"].astype(object).tolist(), meeting_ids, strict=True)]
    ranks = level_ranks(project)
    level = decisions["level"]
    in_meeting = np.array([m is not None for m in meeting_ids], dtype=bool)

    presence = _presence(project)
    people = project.participants
    role_of = dict(zip(people["participant_id"].astype(str).tolist(),
                       people["role"].astype(object).tolist(), strict=True))
    lived = lived_experience(pd.Series([role_of.get(p, np.nan) for p in
                                        presence["participant_id"].astype(object).tolist()],
                                       dtype=object), project.model).to_numpy(dtype=bool)
    leads = {str(v) for v in (project.info.get(f"leads.{k}") for k in LEADS) if _named(v)}
    lived_any: dict[str, bool] = {}
    lead_count: dict[str, int] = {}
    for meeting, person, is_lived in zip(presence["meeting_id"].astype(object),
                                         presence["participant_id"].astype(object), lived,
                                         strict=True):
        lived_any[meeting] = lived_any.get(meeting, False) or bool(is_lived)
        lead_count[meeting] = lead_count.get(meeting, 0) + (person in leads)
    recorded = set(lived_any)
    known = [m if m is not None and m in recorded else None for m in meeting_ids]
    lived_present = pd.array([None if m is None else bool(lived_any[m]) for m in known],
                             dtype="boolean")
    leads_present = pd.array([None if m is None else int(lead_count[m]) for m in known],
                             dtype="Int64")

    out = pd.DataFrame({
        "decision_id": decisions["decision_id"].astype("string"),
        "date": decisions["date"],
        "step": pd.Categorical(step, categories=list(model.codes["step"])),
        "level": level,
        "level_rank": pd.array(level.astype(object).map(ranks).tolist(), dtype="Int64"),
        "in_meeting": in_meeting,
        "lived_experience_present": lived_present,
        "leads_present": leads_present,
    }).reset_index(drop=True)
    return out.loc[:, list(INCLUSION_COLUMNS)]



@per_project
def ladder_by_step(project: Project) -> pd.DataFrame:
    """Decisions at each level of the co-production ladder, for each element of the model.

    Parameters
    ----------
    project : Project
        Uses ``decisions`` (and ``meetings`` for decisions whose step is
        blank). Not modified.

    Returns
    -------
    DataFrame
        One row per (element, level) pair, elements in the model's order and
        levels from least to most involvement, zeros included: columns
        ``step``, ``level``, ``level_rank`` and ``decisions``. Decisions with
        no level, or with neither a step nor a meeting, are left out (they are
        listed by :func:`decision_inclusion`). No decisions gives every pair
        with 0.

    Notes
    -----
    Interpretation: the ladder of co-production (Think Local Act Personal)
    runs inform, consult, engage, co-design, co-produce. A collaborative
    project has most decisions on the top two rungs at every step; decisions
    sliding down the ladder at Make the Change is the drift the Trust warns
    about (deadlines and logistics wearing down good intentions).

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/riverside_crisis_cafe"))
    >>> ladder = ladder_by_step(project)
    >>> ladder.groupby("level", observed=False)["decisions"].sum().to_dict()
    {'inform': 0, 'consult': 0, 'engage': 0, 'co_design': 3, 'co_produce': 6}
    """
    model = project.model
    inclusion = decision_inclusion(project)
    ranks = level_ranks(project)
    counts: dict[tuple[str, str], int] = {}
    for step, level in zip(inclusion["step"].to_numpy(dtype=object),
                           inclusion["level"].to_numpy(dtype=object), strict=True):
        if not (pd.isna(step) or pd.isna(level)):
            counts[str(step), str(level)] = counts.get((str(step), str(level)), 0) + 1
    steps = [str(step) for step in model.codes["step"] for _ in ranks]
    levels = [str(level) for _ in model.codes["step"] for level in ranks]
    out = pd.DataFrame({
        "step": pd.Categorical(steps, categories=list(model.codes["step"])),
        "level": pd.Categorical(levels, categories=list(model.codes["level"])),
        "level_rank": np.array([ranks[level] for level in levels], dtype="int64"),
        "decisions": np.array([counts.get(pair, 0) for pair in zip(steps, levels, strict=True)],
                              dtype="int64"),
    })
    return out.loc[:, list(LADDER_COLUMNS)]

