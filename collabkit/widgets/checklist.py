"""ChecklistPanel: a step's checklist, each item's status, evidence and who was involved."""

from __future__ import annotations

import html
import os
from typing import Any

from collabkit.errors import ActionError
from collabkit.model import Model
from collabkit.project import Project
from collabkit.session import capture
from collabkit.session.roster import meeting_record
from collabkit.widgets._forms import MeetingForm

__all__ = ["ChecklistPanel"]


class ChecklistPanel(MeetingForm):
    """The checklist of a model step: each item's status, evidence and who was involved.

    An item whose status is changed gets a new date (the meeting's, or today
    with no meeting chosen); an item left as it was keeps its date. Roles
    are chosen by their names ("Service user"), saved as codes.
    """

    def __init__(self, project_path: Any, meeting_id: str | None = "", step: str = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        model = self.model
        self.step = w.Dropdown(options=[("— choose a step —", "")] + [
            (model.element_name(s), s) for s in model.steps], description="Step")
        self.step.observe(lambda c: self.run(self.choose_step, c["new"]), names="value")
        self.items = w.VBox([])
        self.why_empty = w.HTML("")
        self.fields: dict[str, dict] = {}
        self._role_codes = {model.label("role", c): c for c in model.codes["role"]}
        self.widget.children = [self._heading("Checklist"), self.meeting, self.step,
                                self.why_empty, self.items, self.save_button, self.status]
        start = step or (self._meeting_step() if self.meeting_id else "")
        if start:
            self.run(self.choose_step, start)
        else:
            self._explain_empty()

    def _meeting_step(self) -> str:
        if self.project is None or not self.meeting_id:
            return ""
        step = str(meeting_record(self.project, self.meeting_id).get("step") or "")
        return step if step in self.model.steps else ""

    def _meeting_changed(self) -> None:
        step = self._meeting_step()
        if step:
            self.choose_step(step)
        else:
            self._explain_empty()

    def _explain_empty(self) -> None:
        """Say why no items are shown: no step chosen, or the meeting's element has none."""
        steps = ", ".join(self.model.element_name(s) for s in self.model.steps)
        element = ""
        if self.project is not None and self.meeting_id:
            element = str(meeting_record(self.project, self.meeting_id).get("step") or "")
        if element and element not in self.model.steps:
            name = html.escape(self.model.element_name(element))
            text = (f"{html.escape(self.meeting_id)} served <b>{name}</b>, which runs through "
                    "the whole project rather than being one of the steps, so it has no "
                    "checklist of its own. Choose a step above to update its checklist "
                    f"({html.escape(steps)}).")
        else:
            text = ("No step chosen: choose one of the steps above to see its checklist "
                    f"({html.escape(steps)}).")
        self.why_empty.value = f"<p style='max-width:48em'><em>{text}</em></p>"

    def choose_step(self, step: str) -> None:
        """Show the step's items with what is recorded for them."""
        w = self._w
        project = self.require_project()
        if self.step.value != step:
            self.step.value = step
        if not step:
            self.items.children, self.fields = [], {}
            self._explain_empty()
            return
        self.why_empty.value = ""
        rows, self.fields = [], {}
        statuses = [("—", "")] + [(self.model.label("checklist_status", c), c)
                                  for c in self.model.codes["checklist_status"]]
        labels = {code: label for label, code in self._role_codes.items()}
        for item in capture.checklist_items(project, step).itertuples():
            roles = [labels.get(r, r) for r in item.involved_roles.split(";") if r]
            fields = {
                "status": w.Dropdown(options=statuses, value=item.status or "",
                                     layout=w.Layout(width="11em")),
                "evidence": w.Text(value=item.evidence, placeholder="Evidence (minutes, link...)",
                                   layout=w.Layout(width="22em")),
                "involved_roles": w.TagsInput(value=roles, allowed_tags=list(self._role_codes),
                                              allow_duplicates=False,
                                              placeholder="who was involved"),
                "date": item.date, "recorded_status": item.status or ""}
            self.fields[item.item_id] = fields
            rows.append(w.VBox([w.HTML(f"<b>{html.escape(str(item.text))}</b>"), w.HBox([
                fields["status"], fields["evidence"], fields["involved_roles"]])]))
        self.items.children = rows

    def save(self) -> Project:
        """Save every item of the step as shown in the form."""
        self.require_project()
        step = self.step.value
        if not step:
            raise ActionError("choose a step first")
        date = self._date()
        entries = {}
        for item, f in self.fields.items():
            status = f["status"].value
            changed = status != f["recorded_status"]
            entries[item] = {
                "status": status, "evidence": f["evidence"].value,
                "involved_roles": [self._role_codes.get(r, r) for r in f["involved_roles"].value],
                "date": (date if changed or not f["date"] else f["date"]) if status else ""}
        project = self._store("checklist", lambda p: capture.set_checklist(p, step, entries))
        for item, entry in entries.items():
            self.fields[item]["date"] = entry["date"]
            self.fields[item]["recorded_status"] = entry["status"]
        self.show(f"Saved the checklist of {self.model.element_name(step)}"
                  f" to {self.saved_to('checklist')}.", "ok")
        return project
