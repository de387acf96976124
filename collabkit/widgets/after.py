"""After the session: reflection in pairs, the glossary and the aims.

The step's checklist is :mod:`collabkit.widgets.checklist` and the decision
log :mod:`collabkit.widgets.decisions`; all of them are forms of
:class:`collabkit.widgets._forms.MeetingForm`, saving one table each with the
changes from :mod:`collabkit.session.capture`. A form is cleared only once
its entry is on disk; a refused or failed save keeps what was typed.
"""

from __future__ import annotations

import os
from typing import Any

from collabkit.errors import ActionError
from collabkit.model import Model
from collabkit.project import Project
from collabkit.session import capture
from collabkit.widgets._base import html_table
from collabkit.widgets._forms import MeetingForm
from collabkit.widgets.checklist import ChecklistPanel
from collabkit.widgets.decisions import DecisionLog

__all__ = ["ReflectionForm", "ChecklistPanel", "DecisionLog", "GlossaryBoard", "AimsBoard"]


class ReflectionForm(MeetingForm):
    """Reflection in pairs after a meeting (tip 9): the three questions and the 1-5 score."""

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
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
        self._refresh_people()
        self._draw_saved()

    def _refresh_people(self) -> None:
        self.reflectors.options = self._people(True)

    def save(self) -> Project:
        """Save the pair's reflection for the chosen meeting; clears the form."""
        self.require_project()
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
        table = table.assign(reflectors=table["reflectors"].map(self._person))
        self.saved.value = "<h4>Saved for this meeting</h4>" + html_table(table, {
            "reflectors": "Pair", "how_collaborative": "Score",
            "process_problems": "Problems", "next_time": "Next time"})


class GlossaryBoard(MeetingForm):
    """Words build worlds (tip 8): the group's shared vocabulary."""

    saving_buttons = ("save_button", "agree_button")

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
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
        self._apply_read_only()
        self._draw_saved()

    def _refresh_people(self) -> None:
        self.proposed_by.options = [("—", "")] + self._people()

    def save(self) -> Project:
        """Add the term; refuses an empty or already listed term."""
        self.require_project()
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
        self.require_project()
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
            table.assign(agreed=table["agreed"].map({True: "yes", False: "not yet"}),
                         proposed_by=table["proposed_by"].map(self._person)),
            {"term": "Term", "meaning": "Meaning", "proposed_by": "Proposed by",
             "agreed": "Agreed"})


class AimsBoard(MeetingForm):
    """Why are you here? (tip 2): each person's aims, from the introductions."""

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
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

    def _refresh_people(self) -> None:
        self.person.options = [("—", "")] + self._people()

    def save(self) -> Project:
        """Add the person's answer; refuses an empty answer, no person or an unknown one."""
        project = self.require_project()
        who = self.person.value
        name = self._person(who)
        if who and self._stale_person(who):
            raise ActionError(f"{name} is no longer in participants.csv (the file was changed "
                              "since this page was opened), so their aim cannot be saved: add "
                              "them back there, or open the project again and choose someone "
                              "else")
        project = self._store("aims", lambda p: capture.add_aim(
            p, who, self.why_here.value, meeting_id=self.meeting_id,
            hoped_outcome=self.hoped_outcome.value))
        self.show(f"Saved the aim of {name} to {self.saved_to('aims')}.", "ok")
        self.person.value = ""
        self.why_here.value = self.hoped_outcome.value = ""
        return project

    add = save

    def _stale_person(self, participant_id: str) -> bool:
        """Whether the person is gone from participants.csv on disk (read fresh)."""
        from collabkit.project.storage import read_csv_file

        path = self.require_path()
        if path.suffix.lower() == ".xlsx":
            return False
        frame, _ = read_csv_file(path / "participants.csv")
        if frame is None:
            return False  # the save itself will say what is wrong with the file
        header = {str(c).strip().lower().replace(" ", "_").replace("-", "_"): c
                  for c in frame.columns}
        column = header.get("participant_id")
        return column is not None and participant_id not in set(frame[column].str.strip())

    def _draw_saved(self) -> None:
        if self.project is not None:
            table = self.project.aims
            self.saved.value = "<h4>Aims so far</h4>" + html_table(
                table.assign(participant_id=table["participant_id"].map(self._person)),
                {"participant_id": "Who", "why_here": "Why here", "hoped_outcome": "Hopes",
                 "meeting_id": "Meeting"})
