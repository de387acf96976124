"""What is valid but probably not what was meant: warnings, one line each.

:meth:`collabkit.project.Project.warnings` returns these, and ``collabkit
validate`` prints them without changing its exit code: one person named as
both leaders; a column or project field the data contract does not know
(kept, not used); a
person coded as speaking in a meeting that attendance says they missed, or
after the date they left.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

import pandas as pd

from collabkit.project.attendance import marked_absent
from collabkit.project.folders import WORKBOOK_SUFFIXES
from collabkit.project.headers import unknown_columns
from collabkit.project.schema import PROJECT_FIELDS, PROJECT_FILE, PROJECT_SHEET, TABLES

if TYPE_CHECKING:
    from collabkit.project.project import Project


def project_warnings(project: Project) -> list[str]:
    """Every warning about ``project``, each a sentence starting with where it is."""
    found = _leads(project) + _unknown_fields(project)
    for name, table in TABLES.items():
        found += [f"{_where(project, name)}: {sentence}"
                  for sentence in unknown_columns(project.tables[name], table)]
    return found + _speaking_when_away(project)


def _where(project: Project, name: str) -> str:
    """``participants.csv`` in a folder, ``participants sheet`` in a workbook."""
    source = project.source
    if source is not None and source.suffix.lower() in WORKBOOK_SUFFIXES:
        return f"{PROJECT_SHEET if name == 'project' else name} sheet"
    return PROJECT_FILE if name == "project" else TABLES[name].file_name


def _leads(project: Project) -> list[str]:
    pace, process = (project.info_text().get(f"leads.{k}", "") for k in ("pace", "process"))
    if pace and pace == process:
        return [f"{_where(project, 'project')}: leads: {pace} is named as both the pace lead "
                "and the process lead; the model asks for two different people (practical "
                "tip 7)"]
    return []


def _unknown_fields(project: Project) -> list[str]:
    known = [c.name for c in PROJECT_FIELDS]
    found = []
    for key in project.info:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key).lower(), known, n=1, cutoff=0.75)
        hint = f"did you mean '{close[0]}'?" if close else f"the fields are {', '.join(known)}"
        found.append(f"{_where(project, 'project')}: '{key}' is not a project field, so it is "
                     f"kept but not used; {hint}")
    return found


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _speaking_when_away(project: Project) -> list[str]:
    """A person coded as speaking where attendance says absent, or after their ``left`` date.

    Counted per coder (the largest count is quoted), so two coders coding one
    meeting do not double the count.
    """
    events = project.events
    if events.empty:
        return []
    spoken = (events.groupby(["meeting_id", "participant_id", "coder"], observed=True).size()
              .groupby(level=["meeting_id", "participant_id"]).max().rename("times")
              .reset_index())
    where = _where(project, "events")
    found: list[str] = []
    attendance = project.attendance

    absent = attendance.loc[marked_absent(attendance), ["meeting_id", "participant_id"]]
    for row in spoken.merge(absent, on=["meeting_id", "participant_id"]).itertuples():
        found.append(f"{where}: {row.participant_id} is coded as speaking {_times(row.times)} "
                     f"in meeting {row.meeting_id}, but {_where(project, 'attendance')} says "
                     "they were absent; check the register or the coding")
    dates = project.meetings[["meeting_id", "date"]]
    left = project.participants[["participant_id", "left"]].dropna(subset=["left"])
    late = spoken.merge(dates, on="meeting_id").merge(left, on="participant_id")
    late = late[late["date"] > late["left"]]
    for row in late.itertuples():
        found.append(f"{where}: {row.participant_id} is coded as speaking {_times(row.times)} "
                     f"in meeting {row.meeting_id} ({_day(row.date)}), after the date they "
                     f"left ({_day(row.left)} in {_where(project, 'participants')}); check "
                     "the date or the coding")
    return found


def _day(value: pd.Timestamp) -> str:
    return f"{value:%Y-%m-%d}"
