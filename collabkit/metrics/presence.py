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
from collabkit.metrics._memo import memo_of
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

    Returns distinct (meeting_id, participant_id) pairs as text, worked out
    once per project (the project's memo) and shared, each caller given a copy.
    """
    memo = memo_of(project)
    if _presence not in memo:
        memo[_presence] = _pairs_present(project)
    return memo[_presence].copy(deep=False)


def _pairs_present(project: Project) -> pd.DataFrame:
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
    expected, present = _role_counts(attendance, people, meetings, roles_used)
    started = np.maximum.accumulate(present > 0, axis=0)  # meetings run down, roles across
    first = np.where(started.any(axis=0), present[started.argmax(axis=0), np.arange(
        len(roles_used))], np.nan)  # each role's count at its first meeting with any present
    retention = np.where(started, present / first, np.nan)
    rows = np.repeat(np.arange(len(meetings)), len(roles_used))
    return pd.DataFrame({
        "meeting_id": pd.array(meetings["meeting_id"].astype(str).to_numpy()[rows],
                               dtype="string"),
        "date": meetings["date"].take(rows).reset_index(drop=True),
        "meeting_number": meetings["meeting_number"].to_numpy(dtype="int64")[rows],
        "role": pd.Categorical(np.tile(np.array(roles_used, dtype=object), len(meetings)),
                               categories=list(model.codes["role"])),
        "expected": expected.ravel(), "present": present.ravel(),
        "retention": retention.ravel().astype("float64")}, columns=list(RETENTION_COLUMNS))


def _role_counts(attendance: pd.DataFrame, people: pd.DataFrame, meetings: pd.DataFrame,
                 roles_used: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """People of each role expected and marked present: two (meetings x roles) int64 arrays.

    Attendance rows of a meeting not in ``meetings``, or of someone whose role
    is unknown or not in ``roles_used``, are not counted.
    """
    meeting_at = {m: i for i, m in enumerate(meetings["meeting_id"].astype(str))}
    role_at = {r: j for j, r in enumerate(roles_used)}
    role_of = dict(zip(people["participant_id"].astype(str), people["role"].astype(object),
                       strict=True))
    where_meeting = np.fromiter((meeting_at.get(m, -1) for m in
                                 attendance["meeting_id"].astype(str)), dtype=np.int64,
                                count=len(attendance))
    where_role = np.fromiter((role_at.get(role_of.get(p), -1) for p in  # type: ignore[arg-type]
                              attendance["participant_id"].astype(str)), dtype=np.int64,
                             count=len(attendance))
    kept = (where_meeting >= 0) & (where_role >= 0)
    cell = where_meeting[kept] * len(roles_used) + where_role[kept]
    size = len(meetings) * len(roles_used)
    shape = (len(meetings), len(roles_used))
    expected = np.bincount(cell, minlength=size).astype("int64").reshape(shape)
    marked = marked_present(attendance).to_numpy(dtype=bool)[kept]
    present = np.bincount(cell, weights=marked, minlength=size).astype("int64").reshape(shape)
    return expected, present


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
