"""Meetings and who is expected at them, for the facilitator's tools.

Small look-ups shared by the agenda planner, the group splitter, the live
tally and the after-session forms: a meeting's record, the meetings before
it, and the people expected at it.
"""

from __future__ import annotations

import pandas as pd

from collabkit.errors import ActionError
from collabkit.formatting import short_day
from collabkit.project import Project
from collabkit.project.attendance import marked_absent

__all__ = [
    "meeting_record",
    "meetings_in_order",
    "earlier_meetings",
    "previous_meeting",
    "expected_people",
    "person_label",
    "meeting_label",
    "order_people",
]


def meeting_record(project: Project, meeting_id: str | None) -> dict:
    """The meeting's row as a dict (meeting_id, date, step, title, ...).

    Raises
    ------
    ActionError
        If no meeting is chosen or the meeting is not in meetings.
    """
    meeting_id = "" if meeting_id is None else str(meeting_id).strip()
    if not meeting_id:
        raise ActionError("no meeting chosen: choose a meeting first")
    meetings = project.meetings
    match = meetings[meetings["meeting_id"] == meeting_id]
    if match.empty:
        known = ", ".join(meetings["meeting_id"].astype(str).tolist()[:20])
        raise ActionError(f"unknown meeting '{meeting_id}'; add it to meetings first "
                          f"(known: {known or 'none'})")
    row = match.iloc[0].to_dict()
    return {k: (None if _missing(v) else v) for k, v in row.items()}


def meetings_in_order(project: Project) -> list[str]:
    """Meeting ids sorted by date (then by their order in the file)."""
    meetings = project.meetings.reset_index(drop=True)
    ordered = meetings.assign(_row=range(len(meetings))).sort_values(["date", "_row"])
    return ordered["meeting_id"].astype(str).tolist()


def earlier_meetings(project: Project, meeting_id: str) -> list[str]:
    """Ids of the meetings held before ``meeting_id``, oldest first."""
    order = meetings_in_order(project)
    return order[: order.index(meeting_id)] if meeting_id in order else order


def previous_meeting(project: Project, meeting_id: str) -> str | None:
    """The meeting just before ``meeting_id``, or None for the first one."""
    before = earlier_meetings(project, meeting_id)
    return before[-1] if before else None


def expected_people(project: Project, meeting_id: str) -> list[str]:
    """Who is expected at the meeting, in participants' order.

    The people in the meeting's attendance rows not marked absent (marked
    present, or expected and not marked yet: ``present`` blank); if the
    meeting has no attendance rows, or all are marked absent, everyone taking
    part on its date (joined on or before it, not left before it).
    """
    meeting = meeting_record(project, meeting_id)
    attendance = project.attendance
    present = attendance[(attendance["meeting_id"] == meeting_id) & ~marked_absent(attendance)]
    people = project.participants
    if len(present):
        wanted = set(present["participant_id"].astype(str))
        return [p for p in people["participant_id"].astype(str) if p in wanted]
    date = meeting.get("date")
    keep = pd.Series(True, index=people.index)
    if date is not None:
        keep &= people["joined"].isna() | (people["joined"] <= date)
        keep &= people["left"].isna() | (people["left"] >= date)
    return people.loc[keep, "participant_id"].astype(str).tolist()


def person_label(project: Project, participant_id: str) -> str:
    """How a facilitator sees a person on screen: ``"Zoë E. (U1)"`` or ``"Service user U1"``."""
    people = project.participants
    match = people[people["participant_id"] == participant_id]
    if match.empty:
        return str(participant_id)
    row = match.iloc[0]
    name = row.get("name")
    if _missing(name) or not str(name).strip():
        return f"{project.model.label('role', str(row['role']))} {participant_id}"
    parts = str(name).split()
    short = parts[0] + (f" {parts[-1][0]}." if len(parts) > 1 else "")
    return f"{short} ({participant_id})"


def order_people(project: Project, people: list[str], *, by: str = "list") -> list[str]:
    """``people`` in the order a facilitator asks for.

    Parameters
    ----------
    by : {"list", "name", "role"}
        Participants' order in the project, the names the board shows
        (A to Z), or role (the model's order of roles), then participants' order.
    """
    listed = project.participants["participant_id"].astype(str).tolist()
    rank = {p: i for i, p in enumerate(listed)}
    if by == "list":
        return sorted(people, key=lambda p: rank.get(p, len(rank)))
    if by == "name":
        return sorted(people, key=lambda p: (person_label(project, p).casefold(), rank.get(p, 0)))
    if by == "role":
        roles = dict(zip(listed, project.participants["role"].astype(str), strict=True))
        order = {r: i for i, r in enumerate(project.model.codes["role"])}
        return sorted(people, key=lambda p: (order.get(roles.get(p, ""), len(order)),
                                             rank.get(p, len(rank))))
    raise ActionError(f"unknown order {by!r}; allowed: 'list', 'name', 'role'")


def meeting_label(project: Project, meeting_id: str) -> str:
    """``"M02 · 2 Feb 2026 · Understand What's Around: Understanding the ward"``.

    A title that already starts with the step's name is shown alone
    (``"M13 · 20 Jun 2025 · Checking the Impact (2)"``), not after it again.
    """
    row = meeting_record(project, meeting_id)
    date = short_day(row["date"]) if row.get("date") is not None else "no date"
    step = project.model.element_name(str(row["step"])) if row.get("step") else "no step"
    title = str(row["title"]).strip() if row.get("title") else ""
    if title.casefold().startswith(step.casefold()):
        return f"{meeting_id} · {date} · {title}"
    return f"{meeting_id} · {date} · {step}{': ' + title if title else ''}"


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
