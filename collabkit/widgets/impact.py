"""You said, we did: what people contributed, what came of it, and when they were told.

A form of :class:`collabkit.widgets._forms.MeetingForm` saving the impact
table through :func:`collabkit.session.responses.add_impact`. It is cleared
only once the entry is on disk; a refused or failed save keeps what was typed.
"""

from __future__ import annotations

import os
from typing import Any

import pandas as pd

from collabkit.formatting import day
from collabkit.model import Model
from collabkit.project import Project
from collabkit.session.responses import add_impact
from collabkit.widgets._base import html_table
from collabkit.widgets._forms import MeetingForm

__all__ = ["ImpactLog"]


class ImpactLog(MeetingForm):
    """"You said, we did": a contribution, its outcome, a linked decision, status, date told."""

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        wide = w.Layout(width="40em", max_width="100%")
        self.meeting.layout.display = "none"  # an entry is about the project, not a meeting
        self.contribution = w.Textarea(description="You said", layout=wide,
                                       placeholder="What people said or asked for")
        self.outcome = w.Textarea(description="We did", layout=wide,
                                  placeholder="What was done about it, or why it could not be")
        self.decision = w.Dropdown(options=[("—", "")], description="Decision")
        roles = self.model.code_table("role")
        self.from_role = w.Dropdown(options=[("—", "")] + list(
            zip(roles["label"], roles["code"], strict=True)), description="Said by")
        status = self.model.code_table("impact_status")
        self.status_choice = w.Dropdown(options=[("—", "")] + list(
            zip(status["label"], status["code"], strict=True)), description="Status")
        self.told_on = w.Text(description="Told on", placeholder="YYYY-MM-DD (blank: not yet)",
                              layout=w.Layout(width="20em"))
        self.save_button.description = "Add"
        self.widget.children = [
            self._heading("You said, we did"), self.contribution, self.outcome, self.decision,
            self.from_role, self.status_choice, self.told_on, self.save_button, self.saved,
            self.status]
        self._draw_saved()

    def save(self) -> Project:
        """Add the entry; refuses an empty contribution or outcome, or an unknown decision."""
        self.require_project()
        project = self._store("impact", lambda p: add_impact(
            p, self.contribution.value, self.outcome.value, decision_id=self.decision.value,
            from_role=self.from_role.value, status=self.status_choice.value,
            told_on=self.told_on.value))
        self.show(f"Saved to {self.saved_to('impact')}.", "ok")
        self.contribution.value = self.outcome.value = self.told_on.value = ""
        self.decision.value = self.from_role.value = self.status_choice.value = ""
        return project

    def _draw_saved(self) -> None:
        if self.project is None:
            return
        self.decision.options = [("—", "")] + [
            (f"{r.decision_id}: {str(r.summary)[:50]}", str(r.decision_id))
            for r in self.project.decisions.itertuples()]
        table = self.project.impact
        table = table.assign(
            from_role=table["from_role"].map(lambda s: self._code("role", s)),
            status=table["status"].map(lambda s: self._code("impact_status", s)),
            told_on=table["told_on"].map(lambda d: "not yet" if pd.isna(d) else day(d)))
        self.saved.value = "<h4>You said, we did so far</h4>" + html_table(table, {
            "contribution": "You said", "outcome": "We did", "decision_id": "Decision",
            "from_role": "Said by", "status": "Status", "told_on": "Told on"})
