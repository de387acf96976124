"""A meeting's agenda: reading it, and saving a draft (and new meetings) to the project.

An agenda is a list of activities from ``data/model/activities.yaml``, each
with its planned minutes. :func:`save_agenda` writes it to the project's
``agenda`` table. The draft's warnings from the practical tips are in
:mod:`collabkit.session.agenda_checks`; the printable agenda (HTML and
Markdown) in :mod:`collabkit.session.printable_agenda`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

import pandas as pd

from collabkit.errors import ActionError
from collabkit.model import Model, load_model
from collabkit.project import Project
from collabkit.project.edits import edit_table
from collabkit.session.roster import meeting_record

__all__ = [
    "meeting_agenda",
    "agenda_items",
    "replace_agenda",
    "save_agenda",
    "add_meeting",
]


def meeting_agenda(project: Project, meeting_id: str) -> pd.DataFrame:
    """One meeting's agenda in order, with each activity's name and start time.

    Returns
    -------
    DataFrame
        order, activity, name, planned_minutes, actual_minutes, note,
        starts_at (planned minutes from the start of the meeting).
    """
    meeting_record(project, meeting_id)
    agenda = project.agenda
    rows = agenda[agenda["meeting_id"] == meeting_id].sort_values("order")
    names = project.model.activities.set_index("activity_id")["name"]
    out = rows[["order", "activity", "planned_minutes", "actual_minutes", "note"]].copy()
    out.insert(2, "name", out["activity"].astype("object").map(names).astype("string"))
    out["starts_at"] = out["planned_minutes"].fillna(0).cumsum() - out["planned_minutes"].fillna(0)
    return out.reset_index(drop=True)


def agenda_items(project: Project, meeting_id: str) -> list[dict]:
    """The saved agenda as editable items: activity, planned_minutes, note."""
    rows = meeting_agenda(project, meeting_id)
    return [{"activity": str(r.activity),
             "planned_minutes": None if pd.isna(r.planned_minutes) else float(r.planned_minutes),
             "note": "" if pd.isna(r.note) else str(r.note)}
            for r in rows.itertuples()]


def _clean_items(items: Iterable[Mapping], model: Model) -> list[dict]:
    library = model.activities.set_index("activity_id")
    clean = []
    for number, item in enumerate(items, start=1):
        activity = str(item.get("activity", "") or "").strip()
        if activity not in library.index:
            raise ActionError(f"item {number}: unknown activity '{activity}'; choose one from "
                              f"the library ({', '.join(library.index[:8])}, ...)")
        value = item.get("planned_minutes")
        if value is None or (isinstance(value, float) and pd.isna(value)):
            value = library.loc[activity, "default_minutes"]
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ActionError(f"item {number} ({activity}): minutes must be a number, "
                              f"got {value!r}") from None
        if value < 0:
            raise ActionError(f"item {number} ({activity}): minutes must be 0 or more")
        clean.append({"order": number, "activity": activity, "planned_minutes": value,
                      "note": str(item.get("note", "") or "").strip()})
    return clean


def replace_agenda(project: Project, meeting_id: str, items: Iterable[Mapping]) -> pd.DataFrame:
    """The agenda table with this meeting's rows replaced by ``items`` (orders 1..n).

    Each item is a mapping with ``activity`` and optionally ``planned_minutes``
    (default: the activity's default length) and ``note``. Other meetings'
    rows are kept as they are.
    """
    meeting_record(project, meeting_id)
    clean = _clean_items(items, project.model)
    agenda = project.agenda
    others = agenda[agenda["meeting_id"] != meeting_id]
    new = pd.DataFrame([{"meeting_id": meeting_id, **item} for item in clean],
                       columns=["meeting_id", "order", "activity", "planned_minutes", "note"])
    return pd.concat([_as_text(others), _as_text(new)], ignore_index=True)


def save_agenda(path: str | os.PathLike, meeting_id: str, items: Iterable[Mapping], *,
                step: str | None = None, model: Model | None = None) -> Project:
    """Save a meeting's agenda (and, if given, its model step) to the project on disk.

    Raises
    ------
    ActionError
        No meeting, unknown meeting or activity, bad minutes. Nothing is written.
    DataError
        The project does not validate. Nothing is written.
    OSError
        The folder could not be written.
    """
    items = list(items)
    model = model if model is not None else load_model()
    _clean_items(items, model)  # refuse a bad draft before anything is written
    if step is not None:
        edit_table(path, "meetings", lambda p: _with_step(p, meeting_id, step), model=model)
    return edit_table(path, "agenda", lambda p: replace_agenda(p, meeting_id, items),
                      model=model)


def _with_step(project: Project, meeting_id: str, step: str) -> pd.DataFrame:
    model_steps = project.model.codes["step"]
    if step not in model_steps:
        raise ActionError(f"unknown step '{step}'; allowed: {', '.join(model_steps)}")
    meeting_record(project, meeting_id)
    meetings = _as_text(project.meetings)
    meetings.loc[meetings["meeting_id"] == meeting_id, "step"] = step
    return meetings


def add_meeting(path: str | os.PathLike, meeting_id: str, date: str, step: str, *,
                title: str = "", planned_minutes: float | None = None,
                format: str = "", model: Model | None = None) -> Project:
    """Add a new meeting to the project on disk (to plan its agenda).

    Raises
    ------
    ActionError
        Blank or duplicate meeting id. Nothing is written.
    DataError
        Bad date, step or format. Nothing is written.
    """
    meeting_id = str(meeting_id or "").strip()
    if not meeting_id:
        raise ActionError("the new meeting needs an id, for example M13")

    def change(project: Project) -> pd.DataFrame:
        meetings = _as_text(project.meetings)
        if meeting_id in set(meetings["meeting_id"]):
            raise ActionError(f"meeting '{meeting_id}' already exists; choose another id")
        row = {"meeting_id": meeting_id, "date": str(date or "").strip(), "step": step or "",
               "title": title, "format": format or "",
               "planned_minutes": "" if planned_minutes is None else f"{float(planned_minutes):g}"}
        return pd.concat([meetings, pd.DataFrame([row])], ignore_index=True).fillna("")

    return edit_table(path, "meetings", change, model=model)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    from collabkit.project import to_text

    return to_text(frame)
