"""AgendaPlanner: plan a meeting from the activity library, with the Trust's tips."""

from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path
from typing import Any

import pandas as pd

from collabkit.errors import ActionError
from collabkit.model import Model
from collabkit.session import agenda as agenda_module
from collabkit.session import agenda_checks, printable_agenda
from collabkit.session.roster import meeting_record
from collabkit.widgets._base import FacilitatorWidget, meeting_options

__all__ = ["AgendaPlanner"]


class AgendaPlanner(FacilitatorWidget):
    """Choose the meeting and its step, add, reorder and retime activities, save, print.

    The draft is kept in the widget until :meth:`save`; warnings from the
    practical tips update as the draft changes.

    Parameters
    ----------
    project_path : str or Path
    meeting_id : str, optional
        The meeting to plan; "" to choose it (or create a new one) in the widget.

    Attributes
    ----------
    items : list of dict
        The draft: each ``{"activity", "planned_minutes", "note"}``.
    """

    saving_buttons = ("save_button", "export_button", "new_button")

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        model = self.model
        self.items: list[dict] = []
        self.library = model.activities.set_index("activity_id")
        step_options = [(model.element_name(s), s) for s in model.elements["element_id"]]
        self.meeting = w.Dropdown(options=meeting_options(self.project), value="",
                                  description="Meeting", layout=w.Layout(width="34em"))
        self.meeting.observe(self._on_meeting_menu, names="value")
        self.step = w.Dropdown(options=[("—", "")] + step_options, value="",
                               description="Model step")
        self.step.observe(lambda _c: self.run(self._redraw), names="value")
        # a new meeting
        self.new_id = w.Text(description="New id", placeholder="M13", layout=w.Layout(width="14em"))
        self.new_date = w.DatePicker(description="Date", value=dt.date.today())
        self.new_title = w.Text(description="Title", placeholder="What the meeting is for")
        self.new_minutes = w.BoundedIntText(value=120, min=0, max=600, description="Minutes")
        self.new_button = w.Button(description="Add meeting", icon="plus")
        self.new_button.on_click(lambda _b: self.run(self.new_meeting))
        new_box = w.Accordion(children=[w.VBox([
            w.HBox([self.new_id, self.new_date]), w.HBox([self.new_title, self.new_minutes]),
            self.new_button])], titles=("Plan a new meeting",), selected_index=None)
        # the library
        self.activity = w.Dropdown(options=[(f"{r.name} ({r.default_minutes} min)", r.Index)
                                            for r in self.library.itertuples()],
                                   description="Activity", layout=w.Layout(width="34em"))
        self.minutes = w.BoundedIntText(value=int(self.library.iloc[0]["default_minutes"]),
                                        min=0, max=600, description="Minutes",
                                        layout=w.Layout(width="12em"))
        self.describe = w.HTML("")
        self.activity.observe(self._on_activity, names="value")
        self.add_button = w.Button(description="Add to agenda", icon="plus")
        self.add_button.on_click(lambda _b: self.run(
            self.add_activity, self.activity.value, self.minutes.value))
        self.rows = w.VBox([])
        self.total = w.HTML("")
        self.warnings = w.HTML("")
        self.save_button = w.Button(description="Save agenda", icon="save", button_style="primary")
        self.save_button.on_click(lambda _b: self.run(self.save))
        self.export_button = w.Button(description="Save and print", icon="print",
                                      tooltip="Save, then write the agenda as HTML and Markdown")
        self.export_button.on_click(lambda _b: self.run(self.export))
        self.widget.children = [
            self._heading("Agenda planner"), self.meeting, new_box, self.step,
            w.HBox([self.activity, self.minutes, self.add_button]), self.describe,
            self.rows, self.total, self.warnings,
            w.HBox([self.save_button, self.export_button]), self.status]
        self._on_activity({"new": self.activity.value})
        self._hide_own_meeting_menu()
        self._apply_read_only()
        if self.project is not None and self.meeting_id:
            self.run(self.choose_meeting, self.meeting_id)
        else:
            self._redraw()

    # -- actions ---------------------------------------------------------------
    def choose_meeting(self, meeting_id: str) -> None:
        """Load the meeting's saved agenda and step into the draft."""
        project = self.require_project()
        meeting_id = str(meeting_id or "").strip()
        if not meeting_id:
            self.meeting_id, self.items = "", []
            self._redraw()
            return
        row = meeting_record(project, meeting_id)
        self.meeting_id = meeting_id
        self.items = agenda_module.agenda_items(project, meeting_id)
        if self.meeting.value != meeting_id:
            self.meeting.value = meeting_id
        self.step.value = str(row.get("step") or "")
        self._redraw()
        self.show(f"Planning {meeting_id}: {len(self.items)} activities saved so far.", "info")

    def new_meeting(self, meeting_id: str | None = None, date: str | dt.date | None = None,
                    step: str | None = None, title: str | None = None,
                    planned_minutes: float | None = None) -> None:
        """Add a meeting to the project (defaults: the form's fields) and plan it."""
        self.require_project()
        meeting_id = self.new_id.value if meeting_id is None else meeting_id
        date = self.new_date.value if date is None else date
        if not date:
            raise ActionError("choose the new meeting's date")
        step = self.step.value if step is None else step
        if not step:
            raise ActionError("choose the new meeting's model step first")
        project = agenda_module.add_meeting(
            self.require_path(), meeting_id, str(date), step, model=self.model,
            title=self.new_title.value if title is None else title,
            planned_minutes=self.new_minutes.value if planned_minutes is None else planned_minutes)
        self.project = project
        with self._quiet(self.meeting):
            self.meeting.options = meeting_options(project)
        self.new_id.value = ""
        if self.picker is not None:  # the picker's menu, and every widget, learn the meeting
            self.picker.refresh_meetings(select=str(meeting_id).strip())
        self.choose_meeting(str(meeting_id).strip())
        self.show(f"Meeting {meeting_id} added"
                  f" to {self.saved_to('meetings')}; now add its activities.", "ok")

    def add_activity(self, activity_id: str, minutes: float | None = None, note: str = "") -> None:
        """Add an activity at the end (``minutes`` default: the library's)."""
        if activity_id not in self.library.index:
            raise ActionError(f"unknown activity '{activity_id}'")
        if minutes is None:
            minutes = float(self.library.loc[activity_id, "default_minutes"])
        self.items.append({"activity": activity_id, "planned_minutes": float(minutes),
                           "note": note})
        self._redraw()

    def remove(self, index: int) -> None:
        """Remove the activity at ``index`` (0 = first)."""
        self._check_index(index)
        del self.items[index]
        self._redraw()

    def move_up(self, index: int) -> None:
        """Move the activity at ``index`` one place earlier."""
        self._check_index(index)
        if index > 0:
            self.items[index - 1], self.items[index] = self.items[index], self.items[index - 1]
        self._redraw()

    def move_down(self, index: int) -> None:
        """Move the activity at ``index`` one place later."""
        self._check_index(index)
        if index < len(self.items) - 1:
            self.items[index + 1], self.items[index] = self.items[index], self.items[index + 1]
        self._redraw()

    def retime(self, index: int, minutes: float) -> None:
        """Change the minutes of the activity at ``index``."""
        self._check_index(index)
        if minutes is None or float(minutes) < 0:
            raise ActionError("minutes must be 0 or more")
        self.items[index]["planned_minutes"] = float(minutes)
        self._redraw(rebuild=False)

    def warnings_table(self) -> pd.DataFrame:
        """The tips' warnings for the current draft (see :func:`collabkit.session.agenda.agenda_warnings`)."""
        project = self.require_project()
        if not self.meeting_id:
            raise ActionError("no meeting chosen: choose a meeting or add a new one")
        return agenda_checks.agenda_warnings(
            project, self.meeting_id, [i["activity"] for i in self.items],
            step=self.step.value or None, minutes=[i["planned_minutes"] for i in self.items])

    def save(self) -> None:
        """Save the draft (and the chosen step) to the project on disk."""
        self.require_project()
        if not self.meeting_id:
            raise ActionError("no meeting chosen: choose a meeting or add a new one")
        self.project = agenda_module.save_agenda(self.require_path(), self.meeting_id, self.items,
                                                 step=self.step.value or None, model=self.model)
        self.show(f"Saved the agenda of {self.meeting_id} ({len(self.items)} activities)"
                  f" to {self.saved_to('agenda')}.", "ok")

    def export(self) -> list[Path]:
        """Save, then write the printable agenda (HTML and Markdown) into the project folder."""
        self.save()
        written = printable_agenda.export_agenda(self.require_project(), self.meeting_id)
        self.show("Saved, and wrote " + " and ".join(str(p) for p in written)
                  + ": open the HTML file to print.", "ok")
        return written

    # -- drawing ---------------------------------------------------------------
    def _check_index(self, index: int) -> None:
        if not 0 <= int(index) < len(self.items):
            raise ActionError(f"there is no activity number {int(index) + 1} in the draft")

    def _on_activity(self, change: dict) -> None:
        activity = change["new"]
        if activity in self.library.index:
            row = self.library.loc[activity]
            self.minutes.value = int(row["default_minutes"])
            self.describe.value = f"<p style='max-width:48em'><em>{html.escape(row['description'])}</em></p>"

    def _redraw(self, rebuild: bool = True) -> None:
        w = self._w
        if rebuild:
            rows = []
            for index, item in enumerate(self.items):
                name = self.library.loc[item["activity"], "name"]
                minutes = w.BoundedFloatText(value=float(item["planned_minutes"]), min=0, max=600,
                                             layout=w.Layout(width="7em"))
                minutes.observe(lambda c, i=index: self.run(self.retime, i, c["new"]),
                                names="value")
                buttons = []
                for icon, tip, action in (("arrow-up", "Earlier", self.move_up),
                                          ("arrow-down", "Later", self.move_down),
                                          ("trash", "Remove", self.remove)):
                    button = w.Button(icon=icon, tooltip=tip, layout=w.Layout(width="3em"))
                    button.on_click(self.on_click(action, index))
                    buttons.append(button)
                rows.append(w.HBox([w.HTML(f"{index + 1}. {html.escape(name)}",
                                           layout=w.Layout(width="30em")), minutes, *buttons]))
            self.rows.children = rows
        planned = None
        if self.project is not None and self.meeting_id:
            try:
                planned = meeting_record(self.project, self.meeting_id).get("planned_minutes")
            except ActionError:
                planned = None
        total = sum(float(i["planned_minutes"]) for i in self.items)
        over = planned is not None and total > float(planned)
        length = f" of {float(planned):g} planned" if planned is not None else ""
        colour = "#9b1c1c" if over else "#1a1a1a"
        self.total.value = f"<p style='color:{colour}'><b>Total: {total:g} minutes{length}</b></p>"
        if self.project is None or not self.meeting_id:
            self.warnings.value = ""
            return
        table = self.warnings_table()
        if len(table):
            items = "".join(f"<li>{html.escape(r.message)}"
                            + (f"<br><small>Tip {int(r.tip_id)}: {html.escape(r.tip)}</small>"
                               if not pd.isna(r.tip_id) else "") + "</li>"
                            for r in table.itertuples())
            self.warnings.value = f"<h4>From the practical tips</h4><ul>{items}</ul>"
        else:
            self.warnings.value = "<p>The draft follows every tip checked.</p>"
