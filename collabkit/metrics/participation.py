"""Participation equality: who speaks, against who is in the room.

A contribution is one primary-coded event. The people *present* at a meeting
are those whose attendance says ``present == yes``, plus anyone who spoke
there (speaking proves presence). A meeting with no attendance rows at all
falls back to the people who spoke. Silent attendees count as zero
contributions: they never appear in an event log, and leaving them out would
make a meeting look more equal than it was.

Equality follows the literature on turn-taking (Woolley et al., Science 2010;
Riedl et al., PNAS 2021): the Gini coefficient of contributions (0 = equal),
with the small-group correction n/(n-1); normalised entropy (evenness,
1 = equal); the top speaker's share; and each role's share of voice against
its share of the people present. The two equality statistics themselves are
in :mod:`collabkit.metrics.equality`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabkit.metrics._common import (
    _meeting_columns,
    _project_arrays,
    _ratio,
    lived_experience,
    per_project,
    trend_slope,
)
from collabkit.metrics.equality import _grouped_evenness, _grouped_gini
from collabkit.metrics.presence import marked_present, presence_rule

if TYPE_CHECKING:
    from collabkit.project import Project

TREND_METRICS = ("gini", "evenness", "top_share", "lived_experience_share_of_voice", "present")


# -- counts and presence -------------------------------------------------------


def _matrices(project: Project) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.DataFrame]:
    """Contributions, small-group contributions and presence, meetings x people."""
    arrays, order = _project_arrays(project)
    n_meet, n_people = len(order), len(project.participants)
    cells = arrays.meeting * n_people + arrays.participant
    size = n_meet * n_people
    counts = np.bincount(cells, minlength=size).reshape(n_meet, n_people)
    small = np.bincount(cells[arrays.small_group], minlength=size).reshape(n_meet, n_people)
    present = np.zeros((n_meet, n_people), dtype=bool)
    attendance = project.attendance
    meeting = pd.Index(order["meeting_id"]).get_indexer(attendance["meeting_id"])
    person = pd.Index(project.participants["participant_id"]).get_indexer(
        attendance["participant_id"]
    )
    known = (meeting >= 0) & (person >= 0)
    here = known & marked_present(attendance).to_numpy(dtype=bool)
    present[meeting[here], person[here]] = True
    present = presence_rule(present, counts > 0)  # speaking proves presence
    return counts, small, present, order


def _lived(project: Project) -> np.ndarray:
    return lived_experience(project.participants["role"], project.model).to_numpy(dtype=bool)


@per_project
def participant_voice(project: Project) -> pd.DataFrame:
    """Each person's share of the talk against their share of presence.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    DataFrame
        One row per participant (order of the participants table):
        ``participant_id``, ``role``, ``lived_experience`` (bool),
        ``meetings_present`` (meetings attended), ``contributions``,
        ``share_of_voice`` (their contributions over all contributions; sums
        to 1; NaN with no events), ``share_of_presence`` (their meetings
        present over all person-meetings present; sums to 1),
        ``voice_to_presence`` (share of voice / share of presence; NaN if never
        present or no events).

    Notes
    -----
    ``voice_to_presence`` is 1 for someone who spoke exactly in proportion to
    how often they were in the room; 2 means twice their fair share, 0.5 half,
    0 present but silent. In a collaborative project most people sit between
    about 0.5 and 2, and lived-experience members are not all below 1.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> voice = participant_voice(project).sort_values("voice_to_presence")
    >>> voice[["participant_id", "role", "voice_to_presence"]].head(3).round(2)
       participant_id          role  voice_to_presence
    13            P14         staff               0.49
    4             P05  service_user               0.62
    7             P08       partner               0.82
    """
    counts, _, present, _ = _matrices(project)
    people = project.participants
    contributions = counts.sum(axis=0)
    meetings_present = present.sum(axis=0)
    share_of_voice = _ratio(contributions, contributions.sum())
    share_of_presence = _ratio(meetings_present, meetings_present.sum())
    return pd.DataFrame({
        "participant_id": people["participant_id"].array,  # the table's own types
        "role": people["role"].array,
        "lived_experience": _lived(project),
        "meetings_present": meetings_present.astype("int64"),
        "contributions": contributions.astype("int64"),
        "share_of_voice": share_of_voice,
        "share_of_presence": share_of_presence,
        "voice_to_presence": _ratio(share_of_voice, share_of_presence),
    })


@per_project
def role_voice(project: Project) -> pd.DataFrame:
    """Each role's share of the talk against its share of the people present.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    DataFrame
        One row per role of the model (model order, roles nobody has
        included): ``role``, ``lived_experience`` (bool), ``people`` (members
        with that role), ``contributions``, ``share_of_voice``,
        ``share_of_presence`` (the role's person-meetings present over all),
        ``voice_to_presence`` (NaN for a role never present).

    Notes
    -----
    The headline equality check of the report: "staff were 40% of the people
    in the room and made 70% of the contributions" is a staff
    ``voice_to_presence`` of 1.75. Near 1 for every role is good; lived
    experience roles well below 1 mean their voice was not heard in
    proportion to their presence.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/hillside_discharge")
    >>> role_voice(project)[["role", "share_of_voice", "share_of_presence"]].round(3)
               role  share_of_voice  share_of_presence
    0  service_user           0.046              0.198
    1         carer           0.012              0.116
    2        family           0.027              0.058
    3     volunteer           0.058              0.081
    4         staff           0.750              0.419
    5       partner           0.108              0.128
    6         other           0.000              0.000
    """
    voice = participant_voice(project)
    roles = voice["role"]
    grouped = voice.groupby("role", observed=False, sort=True)
    table = pd.DataFrame({
        "people": grouped.size(),
        "contributions": grouped["contributions"].sum(),
        "present": grouped["meetings_present"].sum(),
    })
    total_contributions = table["contributions"].sum()
    share_of_voice = _ratio(table["contributions"], total_contributions)
    share_of_presence = _ratio(table["present"], table["present"].sum())
    out = pd.DataFrame({
        "role": pd.Categorical(table.index, categories=roles.cat.categories),
        "lived_experience": lived_experience(pd.Series(table.index.astype(str)),
                                             project.model).to_numpy(),
        "people": table["people"].to_numpy(dtype="int64"),
        "contributions": table["contributions"].to_numpy(dtype="int64"),
        "share_of_voice": share_of_voice,
        "share_of_presence": share_of_presence,
        "voice_to_presence": _ratio(share_of_voice, share_of_presence),
    })
    return out


def _per_meeting(counts: np.ndarray, present: np.ndarray, *, correct: bool
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Gini and evenness of each meeting's counts over the people present."""
    rows, cols = np.nonzero(present)
    values = counts[rows, cols]
    n_meet = counts.shape[0]
    return (_grouped_gini(rows, values, n_meet, correct=correct),
            _grouped_evenness(rows, values, n_meet))


@per_project
def meeting_equality(project: Project, *, correct: bool = True) -> pd.DataFrame:
    """Equality of participation in each meeting, silent attendees included.

    Parameters
    ----------
    project : Project
        A loaded project.
    correct : bool, default True
        Apply the small-group correction n/(n-1) to the Gini coefficient.

    Returns
    -------
    DataFrame
        One row per meeting in time order: ``meeting_id``, ``date``,
        ``step``, ``meeting_number``, ``present`` (people present),
        ``speakers`` (people who spoke), ``silent`` (present but never spoke),
        ``contributions``, ``gini`` (over the people present; NaN with no
        contributions, or, corrected, with one person), ``evenness`` (NaN
        with no contributions or fewer than two people), ``top_share`` (the
        top speaker's share of contributions),
        ``lived_experience_share_of_voice`` (the share of contributions made
        by people with lived experience; NaN with no contributions),
        ``lived_experience_share_present`` (share of the people present who
        have lived experience). A meeting with no events has zero
        contributions and NaN statistics.

    Notes
    -----
    Good meetings have a low Gini (under about 0.3), evenness near 1, no
    top speaker above about a third of the talk, few silent attendees, and a
    lived-experience share of voice close to their share present.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> meeting_equality(project)[["meeting_id", "gini", "silent"]].head(3).round(3)
      meeting_id   gini  silent
    0        M01  0.251       0
    1        M02  0.245       0
    2        M03  0.260       0
    """
    counts, _, present, order = _matrices(project)
    lived = _lived(project)
    gini_values, evenness_values = _per_meeting(counts, present, correct=correct)
    contributions = counts.sum(axis=1)
    n_present = present.sum(axis=1)
    speakers = (counts > 0).sum(axis=1)
    out = _meeting_columns(order)
    out["present"] = n_present.astype("int64")
    out["speakers"] = speakers.astype("int64")
    out["silent"] = (present & (counts == 0)).sum(axis=1).astype("int64")
    out["contributions"] = contributions.astype("int64")
    out["gini"] = gini_values
    out["evenness"] = evenness_values
    out["top_share"] = _ratio(counts.max(axis=1, initial=0), contributions)
    out["lived_experience_share_of_voice"] = _ratio(counts[:, lived].sum(axis=1), contributions)
    out["lived_experience_share_present"] = _ratio(present[:, lived].sum(axis=1), n_present)
    return out


@per_project
def group_vs_plenary(project: Project) -> pd.DataFrame:
    """Equality of talk in small groups against the whole group (plenary).

    Parameters
    ----------
    project : Project
        A loaded project. Events with a non-blank ``group`` are small-group
        talk; the rest is plenary.

    Returns
    -------
    DataFrame
        Two rows, ``setting`` ``"plenary"`` then ``"small_groups"``:
        ``meetings`` (meetings with any talk in that setting),
        ``contributions``, ``speakers`` (distinct people who spoke in that
        setting), ``gini`` and ``evenness`` (the mean over those meetings of
        each meeting's value over all the people present, silent ones as
        zero; corrected Gini), ``lived_experience_share_of_voice`` (the
        share of the setting's contributions made by people with lived
        experience). NaN for a setting that never happened.

    Notes
    -----
    Small groups exist so that less dominant people are heard (the Trust's
    tip 3). They work when small-group Gini is lower and evenness and the
    lived-experience share of voice are higher than in plenary. With few
    contributions per person Gini is pushed up by chance alone, so compare
    settings with similar numbers of contributions per meeting.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/riverside_crisis_cafe")
    >>> table = group_vs_plenary(project)
    >>> table[["setting", "meetings", "evenness", "lived_experience_share_of_voice"]].round(3)
            setting  meetings  evenness  lived_experience_share_of_voice
    0       plenary        12     0.929                            0.405
    1  small_groups        12     0.970                            0.495
    """
    counts, small, present, _ = _matrices(project)
    lived = _lived(project)
    rows = []
    for setting, setting_counts in (("plenary", counts - small), ("small_groups", small)):
        held = setting_counts.sum(axis=1) > 0
        gini_values, evenness_values = _per_meeting(setting_counts, present, correct=True)
        total = setting_counts.sum()
        rows.append({
            "setting": setting,
            "meetings": int(held.sum()),
            "contributions": int(total),
            "speakers": int((setting_counts.sum(axis=0) > 0).sum()),
            "gini": float(np.nanmean(gini_values[held])) if held.any() else np.nan,
            "evenness": float(np.nanmean(evenness_values[held])) if held.any() else np.nan,
            "lived_experience_share_of_voice": float(
                _ratio(setting_counts[:, lived].sum(), total)),
        })
    return pd.DataFrame(rows).astype({"setting": "string"})


@per_project
def participation_trend(project: Project) -> pd.DataFrame:
    """How participation equality changed over the meetings.

    Parameters
    ----------
    project : Project
        A loaded project.

    Returns
    -------
    DataFrame
        One row per metric of :func:`meeting_equality`, in this order:
        ``gini``, ``evenness``, ``top_share``,
        ``lived_experience_share_of_voice``, ``present``. Columns ``metric``
        (which of them the row is about), ``slope_per_meeting``
        (least-squares change per meeting; NaN with fewer than two meetings
        with a value), ``first`` (the value at the first meeting that has
        one) and ``last`` (the value at the last meeting that has one).

    Notes
    -----
    A falling Gini and top share, and rising evenness and lived-experience
    share of voice, mean the group learnt to share the talk. A falling
    ``present`` is people drifting away, a sign of collaborative inertia.

    Examples
    --------
    >>> from collabkit import load_project
    >>> project = load_project("data/examples/meadow_peer_support")
    >>> participation_trend(project).round(3)
                                metric  slope_per_meeting   first   last
    0                             gini              0.011   0.272  0.500
    1                         evenness             -0.008   0.962  0.797
    2                        top_share              0.020   0.134  0.435
    3  lived_experience_share_of_voice             -0.016   0.311  0.000
    4                          present             -0.932  18.000  5.000
    """
    table = meeting_equality(project)
    number = table["meeting_number"].to_numpy(dtype=float)
    rows = []
    for metric in TREND_METRICS:
        values = table[metric].to_numpy(dtype=float)
        known = values[np.isfinite(values)]
        rows.append({
            "metric": metric,
            "slope_per_meeting": trend_slope(number, values),
            "first": float(known[0]) if known.size else np.nan,
            "last": float(known[-1]) if known.size else np.nan,
        })
    return pd.DataFrame(rows).astype({"metric": "string"})
