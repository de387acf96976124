"""Who kept coming: attendance retention by role, and whether both leaders took part.

Huxham and Vangen's *collaborative inertia* shows in who stops coming: a
group whose service users and carers drift away while staff stay is being
changed by its structure. The Trust's tip 7 asks for two leaders, one for
the pace and one for the process; :func:`leaders_involvement` checks they
were named and present. :func:`_presence` (who was in the room) and
:func:`_named` are shared with :mod:`collabkit.metrics.decisions`.

Lived-experience roles come from ``data/model/codes.yaml``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from collabkit.metrics._common import meeting_order, per_project, primary_events
from collabkit.project import Project
from collabkit.project.attendance import marked_absent, marked_present

__all__ = ["attendance_retention", "leaders_involvement", "marked_present", "marked_absent",
           "presence_rule"]

RETENTION_COLUMNS = ("meeting_id", "date", "meeting_number", "role", "expected", "present",
                     "retention")
LEADER_COLUMNS = ("lead", "participant_id", "named", "meetings_present", "meetings",
                  "share_present")
LEADS = ("pace", "process")


def presence_rule(marked: np.ndarray, spoke: np.ndarray) -> np.ndarray:
    """Who counts as present: the one rule the live board and the report share.

    Present if marked present in the register, or coded as speaking (speaking
    proves presence). Absent only if marked absent and never coded. Someone
    expected but not marked yet (``present`` blank, or no attendance row) who
    never spoke is not counted: nothing says they were there.

    Parameters
    ----------
    marked : array of bool
        Marked present (:func:`marked_present`), any shape.
    spoke : array of bool
        Coded as speaking, the same shape.

    Examples
    --------
    >>> presence_rule(np.array([True, False, False]), np.array([False, True, False])).tolist()
    [True, True, False]
    """
    return np.asarray(marked, dtype=bool) | np.asarray(spoke, dtype=bool)


def _presence(project: Project) -> pd.DataFrame:
    """Who was in the room (:func:`presence_rule`): marked present, plus anyone who spoke.

    Returns distinct (meeting_id, participant_id) pairs as text.
    """
    attendance = project.attendance
    marked = attendance.loc[marked_present(attendance), ["meeting_id", "participant_id"]]
    spoke = primary_events(project)[["meeting_id", "participant_id"]]
    both = pd.concat([marked, spoke], ignore_index=True).astype("string")
    return both.dropna().drop_duplicates(ignore_index=True)


def _named(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value)) \
        and str(value).strip() not in ("", "<NA>", "nan")


@per_project
def attendance_retention(project: Project) -> pd.DataFrame:
    """Who kept coming: people of each role expected and present at every meeting.

    Parameters
    ----------
    project : Project
        Uses ``attendance``, ``participants`` and ``meetings``. Not modified.

    Returns
    -------
    DataFrame
        One row per meeting (date order) and role with at least one
        participant (roles in the model's order), columns ``meeting_id``,
        ``date``, ``meeting_number``, ``role``, ``expected`` (people of the
        role listed in the meeting's attendance), ``present`` (of them, those
        marked present) and ``retention``: ``present`` divided by the number
        of that role present at the first meeting where any of them was
        present (so 1.0 at that meeting; NaN before it, or when none ever
        came). No attendance table gives an empty frame with these columns.

    Notes
    -----
    Interpretation: retention falling for one role (often service users and
    carers) while staff stay is the structure slowly changing who the group
    is. Retention falling for everyone is a group losing energy: read it with
    :func:`inertia_runs`. Late joiners can take retention above 1.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/meadow_peer_support"))
    >>> present = attendance_retention(project).groupby("meeting_number")["present"].sum()
    >>> int(present.iloc[0]), int(present.iloc[-1])
    (18, 5)
    """
    model = project.model
    meetings = meeting_order(project)
    attendance = project.attendance
    people = project.participants
    roles_used = [r for r in model.codes["role"] if (people["role"] == r).any()]
    if attendance.empty or meetings.empty or not roles_used:
        return _empty(RETENTION_COLUMNS, {
            "meeting_id": "string", "date": "datetime64[ns]", "meeting_number": "int64",
            "role": pd.CategoricalDtype(list(model.codes["role"])), "expected": "int64",
            "present": "int64", "retention": "float64"})
    role_of = people.set_index(people["participant_id"].astype(str))["role"].astype(object)
    rows = pd.DataFrame({
        "meeting_id": attendance["meeting_id"].astype(str),
        "role": attendance["participant_id"].astype(str).map(role_of),
        "present": marked_present(attendance).astype("int64"),
    })
    counts = rows.groupby(["meeting_id", "role"]).agg(expected=("present", "size"),
                                                     present=("present", "sum"))
    grid = pd.MultiIndex.from_product([meetings["meeting_id"].astype(str).tolist(), roles_used],
                                      names=["meeting_id", "role"])
    counts = counts.reindex(grid, fill_value=0).reset_index()
    order = meetings.assign(meeting_id=meetings["meeting_id"].astype(str)).set_index("meeting_id")
    counts["date"] = counts["meeting_id"].map(order["date"])
    counts["meeting_number"] = counts["meeting_id"].map(order["meeting_number"]).astype("int64")
    counts = counts.sort_values(["meeting_number", "role"], key=lambda c: c.map(
        {r: i for i, r in enumerate(roles_used)}) if c.name == "role" else c, ignore_index=True)
    baseline = counts.groupby("role")["present"].transform(
        lambda present: present[present > 0].iloc[0] if (present > 0).any() else np.nan)
    started = counts.groupby("role")["present"].transform(lambda p: (p > 0).cummax())
    counts["retention"] = (counts["present"] / baseline).where(started.astype(bool))
    counts["meeting_id"] = counts["meeting_id"].astype("string")
    counts["role"] = pd.Categorical(counts["role"], categories=list(model.codes["role"]))
    return counts.astype({"expected": "int64", "present": "int64", "retention": "float64"}).loc[
        :, list(RETENTION_COLUMNS)]


@per_project
def leaders_involvement(project: Project) -> pd.DataFrame:
    """Whether both leaders (pace and process) were named and took part.

    Parameters
    ----------
    project : Project
        Uses ``project.info`` (``leads.pace``, ``leads.process``),
        ``attendance``, ``events`` (primary coder) and ``meetings``. Not
        modified.

    Returns
    -------
    DataFrame
        Two rows, ``pace`` then ``process``, columns ``lead`` (which lead,
        pace or process), ``participant_id`` (NA when not named), ``named``
        (bool): the lead is named,
        ``meetings_present`` (meetings the lead was present at: attendance
        present yes, or spoke; NA when not named), ``meetings`` (all meetings)
        and ``share_present`` (NaN when not named or no meetings).

    Notes
    -----
    Interpretation: the Trust's tip 7 asks for two leaders at least, one
    keeping the pace of the project and one watching whether the group works
    collaboratively. Both named, different people, and present at most
    meetings is the tip in practice. A process lead who is missing from
    meetings (or never named) leaves nobody watching the process.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> project = load_project(find_repo_path("data/examples/riverside_crisis_cafe"))
    >>> leaders_involvement(project)[["lead", "named", "meetings_present", "meetings"]]
          lead  named  meetings_present  meetings
    0     pace   True                11        12
    1  process   True                11        12
    """
    meetings = project.meetings
    n_meetings = int(meetings["meeting_id"].nunique())
    presence = _presence(project)
    presence = presence[presence["meeting_id"].isin(meetings["meeting_id"].astype("string"))]
    rows = []
    for lead in LEADS:
        value = project.info.get(f"leads.{lead}")
        named = _named(value)
        pid = str(value).strip() if named else None
        present = int(presence.loc[presence["participant_id"] == pid, "meeting_id"].nunique()) \
            if named else None
        share = present / n_meetings if present is not None and n_meetings else np.nan
        rows.append((lead, pid, named, present, n_meetings, share))
    out = pd.DataFrame(rows, columns=list(LEADER_COLUMNS))
    return out.astype({"lead": "string", "participant_id": "string", "named": bool,
                       "meetings_present": "Int64", "meetings": "int64",
                       "share_present": "float64"})


def _empty(columns: tuple[str, ...], dtypes: dict[str, object]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=dtypes[name]) for name in columns})
