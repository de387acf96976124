"""What the after-session forms share: a meeting chooser, a saved-entries table, plain labels.

A form saves one table through :func:`collabkit.project.edits.edit_table` (the
project read fresh from disk, the change validated, only that table's file
rewritten atomically). It is cleared only once its entry is on disk; a
refused or failed save keeps what was typed. Saved entries are shown with the
model's labels and people's names, never raw codes or bare ids.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pandas as pd

from collabkit.model import Model
from collabkit.project import Project
from collabkit.project.edits import edit_table
from collabkit.session.roster import expected_people, meeting_record, person_label
from collabkit.widgets._base import FacilitatorWidget, meeting_options

__all__ = ["MeetingForm"]


class MeetingForm(FacilitatorWidget):
    """A form with a meeting chooser and a saved-entries table."""

    heading = ""

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        self.meeting = w.Dropdown(options=meeting_options(self.project), description="Meeting",
                                  layout=w.Layout(width="34em"))
        if self.project is not None and self.meeting_id:
            if self.meeting_id in [value for _, value in self.meeting.options]:
                self.meeting.value = self.meeting_id
            else:
                self.show(f"unknown meeting '{self.meeting_id}': choose one from the list", "error")
                self.meeting_id = ""
        self.meeting.observe(self._on_meeting_menu, names="value")
        self._hide_own_meeting_menu()
        self.saved = w.HTML("")
        self.save_button = w.Button(description="Save", icon="save", button_style="primary")
        self.save_button.on_click(lambda _b: self.run(self.save))
        self._apply_read_only()

    def save(self) -> Project:
        """Save what the form shows (each form defines what that is)."""
        raise NotImplementedError

    def choose_meeting(self, meeting_id: str) -> None:
        """Choose the meeting the entries are about."""
        self.meeting_id = str(meeting_id or "").strip()
        if self.meeting.value != self.meeting_id:
            with self._quiet(self.meeting):
                self.meeting.value = self.meeting_id
        self.run(self._meeting_changed)

    def project_changed(self) -> None:
        """Another project was opened in the picker: its people, meetings and entries."""
        self._refresh_people()
        super().project_changed()
        self._draw_saved()

    def _refresh_people(self) -> None:
        pass

    def _meeting_changed(self) -> None:
        self._draw_saved()

    def _draw_saved(self) -> None:
        pass

    def _store(self, table: str, change: Callable[[Project], pd.DataFrame]) -> Project:
        self.require_project()
        self.project = edit_table(self.require_path(), table, change, model=self.model)
        self._draw_saved()
        return self.project

    def _people(self, meeting_only: bool = False) -> list[tuple[str, str]]:
        project = self.project
        if project is None:
            return []
        ids = project.participants["participant_id"].astype(str).tolist()
        if meeting_only and self.meeting_id:
            ids = expected_people(project, self.meeting_id)
        return [(person_label(project, p), p) for p in ids]

    def _date(self) -> str:
        if self.project is not None and self.meeting_id:
            date = meeting_record(self.project, self.meeting_id).get("date")
            if date is not None:
                return date.strftime("%Y-%m-%d")
        return dt.date.today().isoformat()

    # -- plain words for saved entries ---------------------------------------------
    def _person(self, ids: Any) -> str:
        """``"S1;U1"`` as ``"Alex T. (S1), Zoë E. (U1)"`` (blank stays blank)."""
        if self.project is None or _blank(ids):
            return ""
        return ", ".join(person_label(self.project, p.strip())
                         for p in str(ids).split(";") if p.strip())

    def _code(self, kind: str, codes: Any) -> str:
        """Codes (``"co_produce"``, ``"staff;carer"``) as the model's labels."""
        if _blank(codes):
            return ""
        words = []
        for code in str(codes).split(";"):
            code = code.strip()
            if code:
                try:
                    words.append(self.model.label(kind, code))
                except KeyError:
                    words.append(code)
        return ", ".join(words)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    try:
        if pd.isna(value):
            return True
    except (TypeError, ValueError):
        return False
    return not str(value).strip()
