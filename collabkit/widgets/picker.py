"""ProjectPicker: choose the project and the meeting in the page, for every widget below.

Voila serves the facilitator notebooks without their cells, so the project
and the meeting are chosen here rather than typed into a parameters cell.
Each widget given the picker (``TallyBoard(picker)``) follows it: opening
another project reloads them, choosing another meeting opens it in each.
A bundled example is opened as a working copy (said on screen, with where it
is), so the shipped data is never changed. ``collabkit facilitate PROJECT``
names the project to open first (``$COLLABKIT_PROJECT``, see
:func:`collabkit.session.serving.first_choice`), in place of the notebook's default.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable

from collabkit.errors import ActionError
from collabkit.model import Model
from collabkit.project import Project
from collabkit.session.serving import first_choice
from collabkit.session.workspace import project_choices
from collabkit.widgets._base import FacilitatorWidget, meeting_options

__all__ = ["ProjectPicker"]


class ProjectPicker(FacilitatorWidget):
    """The project and meeting every widget of a notebook works on.

    Parameters
    ----------
    project_path : str or Path, optional
        The project to open first (a bundled example opens as a working copy).
    meeting_id : str, optional
        The meeting to choose first.
    model : Model, optional
    work_folder : str or Path, optional
        Where working copies of the bundled examples go.

    Examples
    --------
    >>> import tempfile
    >>> picker = ProjectPicker("data/examples/riverside_crisis_cafe", "M12",
    ...                        work_folder=tempfile.mkdtemp())
    >>> picker.place.copied, picker.meeting_id
    (True, 'M12')
    """

    saving_buttons = ()

    def __init__(self, project_path: str | os.PathLike | None = "", meeting_id: str | None = "",
                 *, model: Model | None = None, work_folder: str | os.PathLike | None = None):
        self._listeners: list[Callable[[ProjectPicker, str], None]] = []
        project_path, meeting_id = first_choice(project_path, meeting_id)
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        self.choice = w.Combobox(value=str(project_path or ""), options=self._choices(),
                                 description="Project", ensure_option=False,
                                 placeholder="a project folder or .xlsx workbook",
                                 layout=w.Layout(width="40em"))
        self.open_button = w.Button(description="Open project", icon="folder-open")
        self.open_button.on_click(lambda _b: self.run(self.open_project, self.choice.value))
        self.meeting = w.Dropdown(options=meeting_options(self.project), value="",
                                  description="Meeting", layout=w.Layout(width="40em"))
        self.meeting.observe(self._on_meeting_menu, names="value")
        self.where = w.HTML("")
        self.widget.children = [self._heading("Project and meeting"),
                                w.HBox([self.choice, self.open_button], layout=w.Layout(
                                    flex_flow="row wrap")),
                                self.meeting, self.where, self.status]
        self.widget.add_class("collabkit-picker")
        self._show_where()
        if self.meeting_id:
            self.run(self._take_meeting, self.meeting_id)

    # -- actions -----------------------------------------------------------------
    def on_change(self, callback: Callable[[ProjectPicker, str], None]) -> None:
        """Call ``callback(picker, what)`` when the project or the meeting changes.

        ``what`` is ``"project"`` or ``"meeting"``.
        """
        self._listeners.append(callback)

    def open_project(self, path: str | os.PathLike) -> Project | None:
        """Open another project (a working copy for a bundled example) for every widget."""
        given = str(path or "").strip()
        if not given:
            raise ActionError("write or choose the project folder or workbook to open")
        self.status.value = ""
        self._open_place(given)
        if self.choice.value != given:
            self.choice.value = given
        self.load()
        options = meeting_options(self.project)
        keep = self.meeting_id if self.meeting_id in [v for _, v in options] else ""
        self.meeting_id = keep
        with self._quiet(self.meeting):
            self.meeting.options = options
            self.meeting.value = keep
        self.choice.options = self._choices()
        self._show_where()
        self._notify("project")
        return self.project

    def choose_meeting(self, meeting_id: str) -> None:
        """Choose the meeting every widget works on ("" for none)."""
        self._take_meeting(meeting_id)
        self._notify("meeting")

    def _take_meeting(self, meeting_id: str) -> None:
        wanted = str(meeting_id or "").strip()
        known = [value for _, value in self.meeting.options]
        if wanted not in known:
            self.meeting_id = ""
            with self._quiet(self.meeting):
                self.meeting.value = ""
            raise ActionError(f"unknown meeting '{wanted}': choose one from the list")
        self.meeting_id = wanted
        if self.meeting.value != wanted:
            with self._quiet(self.meeting):
                self.meeting.value = wanted

    def refresh_meetings(self, select: str | None = None) -> None:
        """Read the meetings again (a widget added one), choosing ``select`` if given."""
        self.load()
        with self._quiet(self.meeting):
            self.meeting.options = meeting_options(self.project)
        self.choose_meeting(self.meeting_id if select is None else select)

    # -- drawing -------------------------------------------------------------------
    def _choices(self) -> list[str]:
        return project_choices(self.work_folder)

    def _notify(self, what: str) -> None:
        for callback in list(self._listeners):
            callback(self, what)

    def _show_where(self) -> None:
        e = html.escape
        parts = []
        if self.project is not None:
            parts.append(f"<b>{e(self.project.title)}</b>")
        if self.place is not None:
            parts.append(e(self.place.note()))
        self.where.value = f"<p style='max-width:60em'>{' &middot; '.join(parts)}</p>" \
            if parts else ""
