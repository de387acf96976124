"""DecisionLog: decisions with their step and level of involvement (the co-production ladder)."""

from __future__ import annotations

import html
import os
from typing import Any

from collabkit.errors import ActionError
from collabkit.model import Model
from collabkit.project import Project
from collabkit.session import capture
from collabkit.session.roster import meeting_record
from collabkit.widgets._base import html_table
from collabkit.widgets._forms import MeetingForm

__all__ = ["DecisionLog"]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class DecisionLog(MeetingForm):
    """Decisions with their step and level of involvement (the co-production ladder).

    A decision belongs to the meeting chosen; one made outside a meeting is
    saved only when "Made outside a meeting" is ticked, so a decision is never
    filed with no meeting by accident.
    """

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        model = self.model
        self.decision_id = w.Text(description="Id", layout=w.Layout(width="14em"))
        self.date = w.Text(description="Date", placeholder="DD/MM/YYYY", value=self._date(),
                           layout=w.Layout(width="16em"))
        self.summary = w.Textarea(description="Decision", layout=w.Layout(width="40em"))
        self.step = w.Dropdown(options=[("—", "")] + [(model.element_name(s), s)
                                                      for s in model.elements["element_id"]],
                               value=self._meeting_step(), description="Step")
        levels = model.levels
        self.level = w.Dropdown(options=[("—", "")] + [(r.label, r.level)
                                                      for r in levels.itertuples()],
                                description="Level")
        self.level_help = w.HTML("")
        self._level_text = dict(zip(levels["level"], levels["description"], strict=True))
        self.level.observe(lambda c: setattr(self.level_help, "value", "<small>" + html.escape(
            self._level_text.get(c["new"], "")) + "</small>"), names="value")
        self.revises = w.Dropdown(options=[("No: a new decision", "")],
                                  description="Revisits", style={"description_width": "initial"},
                                  layout=w.Layout(width="40em"))
        self.outside = w.Checkbox(description="Made outside a meeting", value=False)
        self.widget.children = [
            self._heading("Decisions"), self.meeting, w.HBox([self.decision_id, self.date]),
            self.summary, self.step, self.level, self.level_help, self.revises, self.outside,
            self.save_button, self.saved, self.status]
        self._meeting_changed()

    def _meeting_step(self) -> str:
        if self.project is None or not self.meeting_id:
            return ""
        return str(meeting_record(self.project, self.meeting_id).get("step") or "")

    def _meeting_changed(self) -> None:
        if self.project is not None:
            self.decision_id.value = capture.next_decision_id(self.project)
            self.date.value = self._date()
            self.step.value = self._meeting_step()
        self._draw_saved()

    def save(self) -> Project:
        """Add the decision; refuses a duplicate id, an empty summary, or no meeting unticked."""
        self.require_project()
        if not self.outside.value and not self.meeting_id:
            raise ActionError("no meeting chosen: choose the meeting where this was decided, "
                              "or tick 'Made outside a meeting' (and check the date)")
        meeting = "" if self.outside.value else self.meeting_id
        did = self.decision_id.value.strip()
        project = self._store("decisions", lambda p: capture.add_decision(
            p, did, self.date.value, self.summary.value, meeting_id=meeting,
            step=self.step.value, level=self.level.value, revises=self.revises.value))
        where = "made outside a meeting" if not meeting else f"made at {meeting}"
        self.show(f"Saved decision {did} ({where}) to {self.saved_to('decisions')}.", "ok")
        self.summary.value = ""
        self.decision_id.value = capture.next_decision_id(project)
        self.revises.value = ""
        return project

    def _draw_saved(self) -> None:
        if self.project is None:
            return
        table = self.project.decisions
        self.revises.options = [("No: a new decision", "")] + [
            (f"{r.decision_id}: {_short(str(r.summary))}", str(r.decision_id))
            for r in table.itertuples()]
        table = table.assign(
            step=table["step"].map(lambda s: self._code("step", s)),
            level=table["level"].map(lambda s: self._code("level", s)),
            meeting_id=table["meeting_id"].fillna("outside a meeting").replace(
                "", "outside a meeting"))
        self.saved.value = "<h4>Decisions so far</h4>" + html_table(
            table, {"decision_id": "Id", "date": "Date", "summary": "Decision",
                    "meeting_id": "Meeting", "step": "Step", "level": "Level",
                    "revises": "Revisits"})
