"""GroupSplitter: balanced small groups for a meeting, saved to attendance."""

from __future__ import annotations

import html
import os
from typing import Any

from collabkit.errors import ActionError
from collabkit.formatting import join_words
from collabkit.model import Model
from collabkit.project import Project, load_project
from collabkit.project.attendance import marked_absent
from collabkit.project.edits import is_workbook
from collabkit.session.groups import GroupSplit, save_groups, split_groups
from collabkit.session.register import Register
from collabkit.session.roster import expected_people, person_label
from collabkit.widgets._base import FacilitatorWidget, html_table, meeting_options

__all__ = ["GroupSplitter"]


class GroupSplitter(FacilitatorWidget):
    """Split the people expected at a meeting into balanced small groups.

    Balances roles (lived experience spread across groups), spreads the most
    dominant speakers of earlier meetings, avoids last meeting's pairings
    where possible; the same seed gives the same groups. See
    :func:`collabkit.session.groups.split_groups`.

    Parameters
    ----------
    project_path : str or Path
    meeting_id : str, optional
    size : int, default 4
        Wanted group size.
    seed : int, default 0
    """

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 size: int = 4, seed: int = 0, model: Model | None = None,
                 work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        self.result: GroupSplit | None = None
        self.meeting = w.Dropdown(options=meeting_options(self.project), value="",
                                  description="Meeting", layout=w.Layout(width="34em"))
        self.meeting.observe(self._on_meeting_menu, names="value")
        self.size = w.BoundedIntText(value=size, min=2, max=20, description="Group size")
        self.seed = w.IntText(value=seed, description="Seed",
                              tooltip="The same seed always gives the same groups")
        self.split_button = w.Button(description="Split into groups", icon="users")
        self.split_button.on_click(lambda _b: self.run(self.split))
        self.save_button = w.Button(description="Save groups", icon="save",
                                    button_style="primary", disabled=True)
        self.save_button.on_click(lambda _b: self.run(self.save))
        self.groups = w.HTML("")
        self.balance = w.HTML("")
        self.register_person = w.Dropdown(options=[("—", "")], value="", description="Register",
                                          layout=w.Layout(width="24em"))
        self.register_buttons = {
            "present": w.Button(description="Coming", icon="check"),
            "absent": w.Button(description="Sent apologies", icon="times")}
        for mark, button in self.register_buttons.items():
            button.on_click(lambda _b, m=mark: self.run(self.mark, self.register_person.value, m))
        self.register_text = w.HTML("")
        self.widget.children = [
            self._heading("Small groups"), self.meeting,
            w.HBox([self.register_person, *self.register_buttons.values()]), self.register_text,
            w.HBox([self.size, self.seed]),
            w.HBox([self.split_button, self.save_button]), self.groups, self.balance,
            self.status]
        self._hide_own_meeting_menu()
        if self.project is not None and self.meeting_id:
            self.run(self.choose_meeting, self.meeting_id)

    def choose_meeting(self, meeting_id: str) -> None:
        """Choose the meeting the groups are for."""
        self.require_project()
        self.meeting_id = str(meeting_id or "").strip()
        if self.meeting.value != self.meeting_id:
            with self._quiet(self.meeting):
                self.meeting.value = self.meeting_id
        self.result = None
        self.save_button.disabled = True
        self.groups.value = self.balance.value = ""
        self._show_register()

    def mark(self, participant_id: str, mark: str) -> None:
        """Mark someone coming ("present") or absent (sent apologies) in the register.

        Written to attendance.csv at once; someone absent is left out of the groups.
        """
        project = self.require_project()
        if self.read_only:
            raise ActionError(self.read_only)
        if not self.meeting_id:
            raise ActionError("no meeting chosen: choose the meeting first")
        path = self.require_path()
        if is_workbook(path):
            raise ActionError("the register needs a project folder; export the workbook to "
                              "a folder first (collabkit export)")
        register = Register(path, self.meeting_id,
                            participants=project.participants["participant_id"].astype(str))
        register.mark(participant_id, mark)
        self.project = load_project(path, model=self.model)
        self._show_register()
        word = "coming" if mark == "present" else "absent (sent apologies)"
        self.show(f"Register saved: {person_label(self.project, participant_id)} {word}, for "
                  f"{self.meeting_id}.", "ok")

    def _show_register(self) -> None:
        project = self.project
        if project is None or not self.meeting_id:
            self.register_text.value = ""
            return
        people = project.participants["participant_id"].astype(str).tolist()
        self.register_person.options = [("—", "")] + [(person_label(project, p), p)
                                                       for p in people]
        rows = project.attendance[project.attendance["meeting_id"] == self.meeting_id]
        absent = rows.loc[marked_absent(rows), "participant_id"].astype(str)
        expected = expected_people(project, self.meeting_id)
        away = [person_label(project, p) for p in absent]
        self.register_text.value = (
            f"<p><small>Expected: {len(expected)}"
            + (f"; sent apologies: {html.escape(join_words(away))}" if away else "")
            + "</small></p>")
    def split(self, size: int | None = None, seed: int | None = None) -> GroupSplit:
        """Split into groups (defaults: the form's size and seed) and show them."""
        project = self.require_project()
        if not self.meeting_id:
            raise ActionError("no meeting chosen: choose the meeting the groups are for")
        if size is not None:
            self.size.value = int(size)
        if seed is not None:
            self.seed.value = int(seed)
        result = split_groups(project, self.meeting_id, size=self.size.value, seed=self.seed.value)
        self.result = result
        self._draw(project, result)
        self.save_button.disabled = bool(self.read_only)
        self.show(f"{len(result.groups)} groups for {self.meeting_id} (seed {result.seed}); "
                  "press Save groups to record them.", "info")
        return result

    def save(self) -> Project:
        """Save the group labels to the meeting's attendance rows."""
        self.require_project()
        if self.result is None:
            raise ActionError("split into groups first, then save")
        self.project = save_groups(self.require_path(), self.meeting_id, self.result.groups,
                                   model=self.model)
        self.show(f"Saved {len(self.result.groups)} groups for {self.meeting_id}"
                  f" to {self.saved_to('attendance')}.", "ok")
        return self.project

    def _draw(self, project: Project, result: GroupSplit) -> None:
        model = project.model
        roles = project.participants.set_index(
            project.participants["participant_id"].astype(str))["role"].astype(str)
        lived = model.lived_experience_roles
        cards = []
        for label, people in result.groups.items():
            items = "".join(
                f"<li>{html.escape(person_label(project, p))} &middot; "
                f"{html.escape(model.label('role', roles[p]))}"
                + (" &#9733;" if roles[p] in lived else "")
                + (" &#9650;" if p in result.dominant else "") + "</li>" for p in people)
            cards.append(f"<div style='border:1px solid #888;padding:4px 10px;min-width:14em'>"
                         f"<h4 style='margin:4px 0'>Group {html.escape(label)}</h4>"
                         f"<ul style='padding-left:1.2em'>{items}</ul></div>")
        self.groups.value = (
            "<div style='display:flex;gap:1em;flex-wrap:wrap'>" + "".join(cards) + "</div>"
            "<p><small>&#9733; lived experience &middot; &#9650; among the most frequent "
            "speakers at earlier meetings</small></p>")
        self.balance.value = "<h4>Balance</h4>" + html_table(result.balance.rename(columns={
            "group": "Group", "size": "People", "lived_experience": "Lived experience",
            "dominant_speakers": "Frequent speakers", "repeated_pairs": "Pairs from last time"}))
