"""ProjectOverview and ToolCards: where the project stands, and the tools to show a group."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import pandas as pd

from collabkit.formatting import percent, plural
from collabkit.model import Model
from collabkit.project.edits import is_workbook
from collabkit.session.handouts import CARD_CSS, TOOLS, export_handouts, tool_card_html, tool_title
from collabkit.session.progress import element_overview, project_warnings
from collabkit.session.roster import person_label
from collabkit.widgets._base import FacilitatorWidget, html_table

__all__ = ["ProjectOverview", "ToolCards"]

_STATUS_WORDS = {"covered": "covered", "rushed": "rushed", "skipped": "skipped",
                 "not_reached": "not reached yet", "ongoing": "ongoing", "not_yet": "not yet"}


class ProjectOverview(FacilitatorWidget):
    """The nine elements of the model with this project's meetings, checklists and warnings.

    Parameters
    ----------
    project_path : str or Path
        Project folder or workbook.
    """

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        self.summary = w.HTML("")
        self.elements = w.HTML("")
        self.warnings = w.HTML("")
        self.reload_button = w.Button(description="Reload", icon="refresh",
                                      tooltip="Read the project again from disk")
        self.reload_button.on_click(lambda _b: self.run(self.refresh, True))
        self.widget.children = [self._heading("Where the project stands"), self.summary,
                                self.elements, self.warnings, self.reload_button, self.status]
        self.run(self.refresh)

    def project_changed(self) -> None:
        """Another project was opened in the picker: draw it."""
        self.refresh()

    def refresh(self, reload: bool = False) -> None:
        """Redraw from the project (read again from disk when ``reload``)."""
        if reload:
            self.status.value = ""
            self.load()
        project = self.require_project()
        leads = {role: person_label(project, str(who)) if who else "not named"
                 for role, who in project.leads.items()}
        e = html.escape
        self.summary.value = (
            f"<p><strong>{e(project.title)}</strong> &middot; "
            f"{plural(len(project.meetings), 'meeting')} &middot; "
            f"{plural(len(project.participants), 'person', 'people')} &middot; "
            f"keeping the pace: {e(leads.get('pace', 'not named'))} &middot; watching how the "
            f"group works together: {e(leads.get('process', 'not named'))}</p>")
        table = element_overview(project)
        checklist = []
        for row in table.itertuples():
            if row.kind != "step" or pd.isna(row.checklist_items):
                checklist.append("")
            else:
                checklist.append(f"{int(row.checklist_done)} of {int(row.checklist_items)} done "
                                 f"({percent(0 if pd.isna(row.completion) else row.completion)})")
        table = table.assign(
            checklist=checklist,
            status=table["status"].map(_STATUS_WORDS).fillna(table["status"]),
            meeting_ids=table["meeting_ids"].str.replace(";", ", "))
        self.elements.value = html_table(table, {
            "name": "Element", "meetings": "Meetings", "meeting_ids": "Which",
            "checklist": "Checklist", "status": "Status"})
        warnings = project_warnings(project)
        if len(warnings):
            items = "".join(
                f"<li>{e(str(r.message))}"
                + ("" if pd.isna(r.tip_id) else f" <em>(tip {int(r.tip_id)})</em>") + "</li>"
                for r in warnings.itertuples())
            self.warnings.value = f"<h4>Worth a look before planning</h4><ul>{items}</ul>"
        else:
            self.warnings.value = "<p>Nothing to flag: the journey so far follows the model.</p>"


class ToolCards(FacilitatorWidget):
    """The tools as cards to show a group, and printable handouts.

    Parameters
    ----------
    project_path : str or Path, optional
        Handouts are written to ``handouts/`` in this project folder (beside a
        workbook, ``<name>_handouts/``).
    """

    def __init__(self, project_path: Any = None, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        if self.project_path is None or self.project is not None:
            self.status.value = ""  # the cards need no project; keep a load failure shown
        self.choice = w.ToggleButtons(options=[(tool_title(t, self.model), t) for t in TOOLS],
                                      value=TOOLS[0])
        self.choice.style.button_width = "auto"
        self.choice.observe(lambda _c: self.run(self.show_card, self.choice.value), names="value")
        self.card = w.HTML("")
        self.export_button = w.Button(description="Export handouts", icon="print",
                                      tooltip="Write every card as a printable HTML page")
        self.export_button.on_click(lambda _b: self.run(self.export))
        self.widget.children = [self._heading("Tool cards"), self.choice, self.card,
                                self.export_button, self.status]
        self.show_card(TOOLS[0])

    def show_card(self, tool: str) -> None:
        """Show one card (``debate_dialogue``, ``four_actions``, ``action_bias``...)."""
        self.card.value = f"<style>{CARD_CSS}</style>{tool_card_html(tool, self.model)}"
        if self.choice.value != tool:
            self.choice.value = tool

    def handout_folder(self) -> Path:
        """Where handouts go."""
        if self.project_path is None:
            return Path.cwd() / "handouts"
        if is_workbook(self.project_path):
            return self.project_path.parent / f"{self.project_path.stem}_handouts"
        return self.project_path / "handouts"

    def export(self, folder: str | os.PathLike | None = None) -> list[Path]:
        """Write every card as ``<tool>.html`` into ``folder`` (default :meth:`handout_folder`)."""
        written = export_handouts(Path(folder) if folder else self.handout_folder(), self.model)
        self.show(f"Wrote {len(written)} handouts to {written[0].parent}: open them in a "
                  "browser and print.", "ok")
        return written
