"""After the session: reflections, checklist, decisions, glossary, aims.

Each form saves one table through :func:`collabkit.project.edits.edit_table` (the
project read fresh from disk, the change validated, only that table's file
rewritten atomically) with the changes from :mod:`collabkit.session.capture`. A form
is cleared only once its entry is on disk; a refused or failed save keeps
what was typed.
"""

from __future__ import annotations

import datetime as dt
import html
import os

from collabkit.errors import ActionError
from collabkit.model import Model
from collabkit.project import Project
from collabkit.project.edits import edit_table
from collabkit.session import capture
from collabkit.session.roster import expected_people, meeting_record, person_label
from collabkit.widgets._base import FacilitatorWidget, html_table, meeting_options

__all__ = ["ReflectionForm", "ChecklistPanel", "DecisionLog", "GlossaryBoard", "AimsBoard"]


class _MeetingForm(FacilitatorWidget):
    """A form with a meeting chooser and a saved-entries table."""

    heading = ""

    def __init__(self, project_path: str | os.PathLike | None, meeting_id: str | None = "", *,
                 model: Model | None = None):
        super().__init__(project_path, meeting_id, model=model)
        w = self._w
        self.meeting = w.Dropdown(options=meeting_options(self.project), description="Meeting",
                                  layout=w.Layout(width="34em"))
        if self.project is not None and self.meeting_id:
            if self.meeting_id in [value for _, value in self.meeting.options]:
                self.meeting.value = self.meeting_id
            else:
                self.show(f"unknown meeting '{self.meeting_id}': choose one from the list", "error")
                self.meeting_id = ""
        self.meeting.observe(lambda c: self.run(self.choose_meeting, c["new"]), names="value")
        self.saved = w.HTML("")
        self.save_button = w.Button(description="Save", icon="save", button_style="primary")
        self.save_button.on_click(lambda _b: self.run(self.save))

    def save(self) -> Project:
        """Save what the form shows (each form defines what that is)."""
        raise NotImplementedError

    def choose_meeting(self, meeting_id: str) -> None:
        """Choose the meeting the entries are about."""
        self.meeting_id = str(meeting_id or "").strip()
        if self.meeting.value != self.meeting_id:
            self.meeting.value = self.meeting_id
        self.run(self._meeting_changed)

    def _meeting_changed(self) -> None:
        self._draw_saved()

    def _draw_saved(self) -> None:
        pass

    def _store(self, table: str, change) -> Project:
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


class ReflectionForm(_MeetingForm):
    """Reflection in pairs after a meeting (tip 9): the three questions and the 1-5 score."""

    def __init__(self, project_path: str | os.PathLike | None, meeting_id: str | None = "", *,
                 model: Model | None = None):
        super().__init__(project_path, meeting_id, model=model)
        w = self._w
        self.reflectors = w.SelectMultiple(options=self._people(True), description="The pair",
                                           rows=5)
        self.process_problems = w.Textarea(description="Problems?",
                                           placeholder="Were there problems with the process?",
                                           layout=w.Layout(width="40em"))
        self.how_collaborative = w.ToggleButtons(options=[("not chosen", 0)] + [
            (str(n), n) for n in range(1, 6)], value=0,
            description="Collaborative?", tooltip="How collaborative did it feel? 1 not at all, 5 very")
        self.next_time = w.Textarea(description="Next time",
                                    placeholder="What needs to happen next time for the group "
                                                "to feel meaningful?",
                                    layout=w.Layout(width="40em"))
        self.widget.children = [
            self._heading("Reflection in pairs"), self.meeting, self.reflectors,
            w.HTML("<b>Were there problems with the process?</b>"), self.process_problems,
            w.HTML("<b>How collaborative did it feel?</b> (1 not at all &ndash; 5 very)"),
            self.how_collaborative,
            w.HTML("<b>What needs to happen next time for the group to feel meaningful?</b>"),
            self.next_time, self.save_button, self.saved, self.status]
        self._draw_saved()

    def _meeting_changed(self) -> None:
        self.reflectors.options = self._people(True)
        self._draw_saved()

    def save(self) -> Project:
        """Save the pair's reflection for the chosen meeting; clears the form."""
        score = self.how_collaborative.value
        if not score:
            raise ActionError("choose how collaborative it felt, from 1 to 5")
        project = self._store("reflections", lambda p: capture.add_reflection(
            p, self.meeting_id, score, reflectors=self.reflectors.value,
            process_problems=self.process_problems.value, next_time=self.next_time.value))
        self.show(f"Saved the reflection for {self.meeting_id}"
                  f" to {self.saved_to('reflections')}.", "ok")
        self.reflectors.value = ()
        self.process_problems.value = self.next_time.value = ""
        self.how_collaborative.value = 0
        return project

    def _draw_saved(self) -> None:
        if self.project is None or not self.meeting_id:
            self.saved.value = ""
            return
        table = self.project.reflections
        table = table[table["meeting_id"] == self.meeting_id]
        self.saved.value = "<h4>Saved for this meeting</h4>" + html_table(table, {
            "reflectors": "Pair", "how_collaborative": "Score",
            "process_problems": "Problems", "next_time": "Next time"})


class ChecklistPanel(_MeetingForm):
    """The checklist of a model step: each item's status, evidence and who was involved."""

    def __init__(self, project_path: str | os.PathLike | None, meeting_id: str | None = "",
                 step: str = "", *, model: Model | None = None):
        super().__init__(project_path, meeting_id, model=model)
        w = self._w
        model = self.model
        self.step = w.Dropdown(options=[("— choose a step —", "")] + [
            (model.element_name(s), s) for s in model.steps], description="Step")
        self.step.observe(lambda c: self.run(self.choose_step, c["new"]), names="value")
        self.items = w.VBox([])
        self.fields: dict[str, dict] = {}
        self.widget.children = [self._heading("Checklist"), self.meeting, self.step, self.items,
                                self.save_button, self.status]
        start = step or (self._meeting_step() if self.meeting_id else "")
        if start:
            self.run(self.choose_step, start)

    def _meeting_step(self) -> str:
        if self.project is None or not self.meeting_id:
            return ""
        step = str(meeting_record(self.project, self.meeting_id).get("step") or "")
        return step if step in self.model.steps else ""

    def _meeting_changed(self) -> None:
        step = self._meeting_step()
        if step:
            self.choose_step(step)

    def choose_step(self, step: str) -> None:
        """Show the step's items with what is recorded for them."""
        w = self._w
        project = self.require_project()
        if self.step.value != step:
            self.step.value = step
        if not step:
            self.items.children, self.fields = [], {}
            return
        rows, self.fields = [], {}
        statuses = [("—", "")] + [(self.model.label("checklist_status", c), c)
                                  for c in self.model.codes["checklist_status"]]
        roles = list(self.model.codes["role"])
        for item in capture.checklist_items(project, step).itertuples():
            fields = {
                "status": w.Dropdown(options=statuses, value=item.status or "",
                                     layout=w.Layout(width="11em")),
                "evidence": w.Text(value=item.evidence, placeholder="Evidence (minutes, link...)",
                                   layout=w.Layout(width="22em")),
                "involved_roles": w.TagsInput(value=[r for r in item.involved_roles.split(";") if r],
                                              allowed_tags=roles, allow_duplicates=False),
                "date": item.date}
            self.fields[item.item_id] = fields
            rows.append(w.VBox([w.HTML(f"<b>{_esc(item.text)}</b>"), w.HBox([
                fields["status"], fields["evidence"], fields["involved_roles"]])]))
        self.items.children = rows

    def save(self) -> Project:
        """Save every item of the step as shown in the form."""
        step = self.step.value
        if not step:
            raise ActionError("choose a step first")
        date = self._date()
        entries = {item: {"status": f["status"].value, "evidence": f["evidence"].value,
                          "involved_roles": list(f["involved_roles"].value),
                          "date": f["date"] or (date if f["status"].value else "")}
                   for item, f in self.fields.items()}
        project = self._store("checklist", lambda p: capture.set_checklist(p, step, entries))
        self.show(f"Saved the checklist of {self.model.element_name(step)}"
                  f" to {self.saved_to('checklist')}.",
                  "ok")
        return project


class DecisionLog(_MeetingForm):
    """Decisions with their step and level of involvement (the co-production ladder)."""

    def __init__(self, project_path: str | os.PathLike | None, meeting_id: str | None = "", *,
                 model: Model | None = None):
        super().__init__(project_path, meeting_id, model=model)
        w = self._w
        model = self.model
        self.decision_id = w.Text(description="Id", layout=w.Layout(width="14em"))
        self.date = w.Text(description="Date", placeholder="YYYY-MM-DD", value=self._date(),
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
        self.level.observe(lambda c: setattr(self.level_help, "value", "<small>" + _esc(
            self._level_text.get(c["new"], "")) + "</small>"), names="value")
        self.outside = w.Checkbox(description="Made outside a meeting", value=False)
        self.widget.children = [
            self._heading("Decisions"), self.meeting, w.HBox([self.decision_id, self.date]),
            self.summary, self.step, self.level, self.level_help, self.outside, self.save_button,
            self.saved,
            self.status]
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
        """Add the decision; refuses a duplicate id or an empty summary."""
        meeting = "" if self.outside.value else self.meeting_id
        did = self.decision_id.value.strip()
        project = self._store("decisions", lambda p: capture.add_decision(
            p, did, self.date.value, self.summary.value, meeting_id=meeting,
            step=self.step.value, level=self.level.value))
        self.show(f"Saved decision {did} to {self.saved_to('decisions')}.", "ok")
        self.summary.value = ""
        self.decision_id.value = capture.next_decision_id(project)
        return project

    def _draw_saved(self) -> None:
        if self.project is not None:
            self.saved.value = "<h4>Decisions so far</h4>" + html_table(
                self.project.decisions, {"decision_id": "Id", "date": "Date", "summary": "Decision",
                                         "meeting_id": "Meeting", "step": "Step",
                                         "level": "Level"})


class GlossaryBoard(_MeetingForm):
    """Words build worlds (tip 8): the group's shared vocabulary."""

    def __init__(self, project_path: str | os.PathLike | None, meeting_id: str | None = "", *,
                 model: Model | None = None):
        super().__init__(project_path, meeting_id, model=model)
        w = self._w
        self.term = w.Text(description="Term", placeholder="A word or acronym the group uses")
        self.meaning = w.Textarea(description="Meaning", layout=w.Layout(width="40em"))
        self.proposed_by = w.Dropdown(options=[("—", "")] + self._people(), description="Proposed by")
        self.agreed = w.Checkbox(description="Agreed by the group", value=False)
        self.save_button.description = "Add term"
        self.agree_term = w.Dropdown(options=[], description="Agree")
        self.agree_button = w.Button(description="Mark agreed", icon="check")
        self.agree_button.on_click(lambda _b: self.run(self.agree, self.agree_term.value))
        self.widget.children = [
            self._heading("Words build worlds: our glossary"), self.meeting, self.term,
            self.meaning, self.proposed_by, self.agreed, self.save_button,
            w.HBox([self.agree_term, self.agree_button]), self.saved, self.status]
        self._draw_saved()

    def save(self) -> Project:
        """Add the term; refuses an empty or already listed term."""
        term = self.term.value.strip()
        project = self._store("glossary", lambda p: capture.add_term(
            p, term, self.meaning.value, proposed_by=self.proposed_by.value,
            meeting_id=self.meeting_id, agreed=self.agreed.value))
        self.show(f"Added '{term}' to {self.saved_to('glossary')}.", "ok")
        self.term.value = self.meaning.value = ""
        self.agreed.value = False
        return project

    add = save

    def agree(self, term: str) -> Project:
        """Mark a term agreed by the group."""
        if not term:
            raise ActionError("choose the term the group has agreed")
        project = self._store("glossary", lambda p: capture.set_agreed(p, term, True))
        self.show(f"'{term}' is now agreed.", "ok")
        return project

    def _draw_saved(self) -> None:
        if self.project is None:
            return
        table = self.project.glossary
        self.agree_term.options = [("—", "")] + [
            (t, t) for t in table.loc[~table["agreed"].astype(bool), "term"].astype(str)]
        self.saved.value = "<h4>The glossary</h4>" + html_table(
            table.assign(agreed=table["agreed"].map({True: "yes", False: "not yet"})),
            {"term": "Term", "meaning": "Meaning", "proposed_by": "Proposed by",
             "agreed": "Agreed"})


class AimsBoard(_MeetingForm):
    """Why are you here? (tip 2): each person's aims, from the introductions."""

    def __init__(self, project_path: str | os.PathLike | None, meeting_id: str | None = "", *,
                 model: Model | None = None):
        super().__init__(project_path, meeting_id, model=model)
        w = self._w
        self.person = w.Dropdown(options=[("—", "")] + self._people(), description="Who")
        self.why_here = w.Textarea(description="Why here?", layout=w.Layout(width="40em"))
        self.hoped_outcome = w.Text(description="Hopes", layout=w.Layout(width="40em"),
                                    placeholder="What they want the group to achieve")
        self.save_button.description = "Add aim"
        self.widget.children = [self._heading("Why are you here?"), self.meeting, self.person,
                                self.why_here, self.hoped_outcome, self.save_button, self.saved,
                                self.status]
        self._draw_saved()

    def save(self) -> Project:
        """Add the person's answer; refuses an empty answer or no person."""
        who = self.person.value
        project = self._store("aims", lambda p: capture.add_aim(
            p, who, self.why_here.value, meeting_id=self.meeting_id,
            hoped_outcome=self.hoped_outcome.value))
        self.show(f"Saved the aim of {who} to {self.saved_to('aims')}.", "ok")
        self.person.value = ""
        self.why_here.value = self.hoped_outcome.value = ""
        return project

    add = save

    def _draw_saved(self) -> None:
        if self.project is not None:
            table = self.project.aims
            self.saved.value = "<h4>Aims so far</h4>" + html_table(
                table, {"participant_id": "Who", "why_here": "Why here", "hoped_outcome": "Hopes",
                        "meeting_id": "Meeting"})


def _esc(text: str) -> str:
    return html.escape(str(text))
