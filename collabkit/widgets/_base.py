"""What every facilitator widget shares: the project, a status area, safe handlers.

A widget is a thin view: each of its actions is a plain method (tests and
scripts call it directly, and it raises on failure), and each button calls
that method through :meth:`FacilitatorWidget.run`, which shows the outcome
in the widget's status area. A failure is shown as a clear message, never as
a traceback; the form keeps what was typed so nothing is lost.
"""

from __future__ import annotations

import contextlib
import html
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from collabkit.errors import ActionError, CollabkitError, DataError
from collabkit.formatting import plural, text
from collabkit.model import Model, load_model
from collabkit.project import Project, load_project
from collabkit.session.workspace import Place, working_place

__all__ = ["FacilitatorWidget", "describe_error", "html_table", "meeting_options",
           "problem_summary"]

_COLOURS = {"ok": ("#e6f4ea", "#1e6b34", "Done"), "info": ("#eef3fb", "#1f4e8c", "Note"),
            "warning": ("#fff4e0", "#7a4b00", "Check"), "error": ("#fdecea", "#9b1c1c", "Problem")}


def describe_error(error: BaseException, *, kept: str = "your entry is still in the form",
                   doing: str = "saved") -> str:
    """A plain-language HTML message for an error (text escaped).

    Parameters
    ----------
    error : BaseException
        What went wrong.
    kept : str, default "your entry is still in the form"
        What the widget kept, said after a failed write ("" to say nothing:
        the live tally has no form).
    doing : str, default "saved"
        What did not happen: "saved", or "opened" when loading failed.
    """
    e = html.escape
    tail = f" and {kept}" if kept else ""
    if isinstance(error, DataError):
        return _describe_problems(error, doing)
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        reason = error.strerror or str(error)
        if doing != "saved":
            return f"Could not read{e(str(where))}: {e(reason)}. Nothing was {doing}."
        return (f"Could not write{e(str(where))}: {e(reason)}. Nothing was saved{e(tail)}: fix "
                "the problem (free some disk space, or choose a folder you can write to) and "
                "try again.")
    if isinstance(error, CollabkitError | ValueError | KeyError):
        text = error.args[0] if isinstance(error, KeyError) and error.args else error
        return e(str(text))
    return (f"Something went wrong ({e(type(error).__name__)}: {e(str(error))}). Nothing was "
            f"{doing}{e(tail)}.")


def _describe_problems(error: DataError, doing: str) -> str:
    """Every kind of problem once, with how many rows have it and where."""
    e = html.escape
    kinds: dict[str, list] = {}
    for problem in error.problems:
        kinds.setdefault(problem.message, []).append(problem)
    items = []
    for message, problems in list(kinds.items())[:8]:
        if len(problems) == 1:
            items.append(e(str(problems[0])))
            continue
        files: dict[str, list[str]] = {}
        for problem in problems:
            files.setdefault(Path(problem.file).name, []).append(
                "" if problem.row is None else str(problem.row))
        where = "; ".join(f"{name} rows {', '.join(r for r in rows[:5] if r)}"
                          + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
                          for name, rows in files.items())
        items.append(f"{e(message)} ({len(problems)} rows: {e(where)})")
    more = len(kinds) - 8
    extra = f"<li>... and {more} other kinds of problem</li>" if more > 0 else ""
    count = len(error.problems)
    if doing == "saved":
        head = (f"Nothing was saved: the project's files on disk have {plural(count, 'problem')}"
                " (if someone changed them since this page was opened, that is why)")
    else:
        head = f"The project could not be {doing}: it has {plural(count, 'problem')}"
    items_html = "".join(f"<li>{item}</li>" for item in items)
    return f"{head}:<ul>{items_html}{extra}</ul>"


def problem_summary(error: BaseException) -> str:
    """The first problem of an error in plain text, for a one-line message."""
    if isinstance(error, DataError) and error.problems:
        first = str(error.problems[0])
        more = len(error.problems) - 1
        return first + (f" (and {plural(more, 'other problem')})" if more else "")
    if isinstance(error, OSError):
        return f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
    return str(error)


def html_table(frame: pd.DataFrame, columns: dict[str, str] | None = None,
               empty: str = "Nothing recorded yet.") -> str:
    """A small HTML table of ``frame`` (columns renamed by ``columns``), text escaped."""
    if frame is None or len(frame) == 0:
        return f"<p><em>{html.escape(empty)}</em></p>"
    if columns:
        frame = frame[list(columns)].rename(columns=columns)
    head = "".join(f"<th scope='col'>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row)
        body.append(f"<tr>{cells}</tr>")
    return ("<table class='collabkit-table' style='border-collapse:collapse'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            "<style>.collabkit-table th,.collabkit-table td{border-bottom:1px solid #bbb;"
            "padding:2px 8px;text-align:left;vertical-align:top}</style>")


def _cell(value: Any) -> str:
    """A value as the report shows it, but blank where nothing is saved yet."""
    return text(value, missing="")


def meeting_options(project: Project | None) -> list[tuple[str, str]]:
    """Dropdown options: ("choose a meeting", "") then every meeting by date."""
    from collabkit.session.roster import meeting_label, meetings_in_order

    options = [("— choose a meeting —", "")]
    if project is not None:
        options += [(meeting_label(project, m), m) for m in meetings_in_order(project)]
    return options


class FacilitatorWidget:
    """Base of the facilitator widgets.

    Parameters
    ----------
    project_path : str or Path or ProjectPicker
        Project folder or workbook (relative paths are tried from the working
        folder, then from the repository root). A bundled example is opened
        as a working copy (see :func:`collabkit.session.workspace.working_place`).
        Or the notebook's :class:`~collabkit.widgets.picker.ProjectPicker`:
        the widget then follows the project and meeting chosen there.
    meeting_id : str, optional
        The meeting to work on; "" to choose it in the widget (or the picker).
    model : Model, optional
        The model to check the project against and to take labels, steps and
        tools from; by default :func:`collabkit.model.load_model`'s.
    work_folder : str or Path, optional
        Where working copies of the bundled examples go (default
        ``$COLLABKIT_WORK_DIR`` or ``collabkit-work/`` in the current folder).

    Attributes
    ----------
    widget : ipywidgets.VBox
        What to display (displaying the object itself shows it too).
    status : ipywidgets.HTML
        The message area.
    project : Project or None
        The project as last loaded or saved (None if it failed to load).
    place : Place or None
        Where the project is opened from and whether it can be saved to.
    picker : ProjectPicker or None
        The picker this widget follows, if any.
    model : Model
        The model the widget works with (the project carries the same one).
    """

    title = ""
    #: What a failed save keeps, said after the error ("" when there is nothing to keep).
    kept = "your entry is still in the form"
    #: Attributes naming the buttons that write, disabled on a read-only project.
    saving_buttons: tuple[str, ...] = ("save_button",)

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        import ipywidgets as w

        from collabkit.widgets.picker import ProjectPicker

        self._w = w
        self.status = w.HTML(value="")
        self.status.add_class("collabkit-status")
        self.project: Project | None = None
        self.load_problem: str | None = None
        self.place_problem: str | None = None
        self.place: Place | None = None
        self.picker: ProjectPicker | None = None
        self.work_folder = work_folder
        self.project_path: Path | None = None
        self.widget = w.VBox([])
        self.widget.add_class("collabkit-widget")
        self.meeting_id = str(meeting_id or "").strip()
        self._muted = False
        self.model: Model = model if model is not None else (
            project_path.model if isinstance(project_path, ProjectPicker) else load_model())
        if isinstance(project_path, ProjectPicker):
            self.picker = project_path
            self.project_path, self.place = project_path.project_path, project_path.place
            self.place_problem = project_path.place_problem
            self.meeting_id = self.meeting_id or project_path.meeting_id
            project_path.on_change(self._follow_picker)
        else:
            given = str(project_path or "").strip()
            if given:
                self._open_place(given)
        self.load()

    # -- project ---------------------------------------------------------------
    def _open_place(self, given: str) -> None:
        """Where to open ``given``: a working copy for a bundled example."""
        try:
            self.place = working_place(given, work_folder=self.work_folder)
        except OSError as error:  # never fall back to the example itself
            self.place, self.project_path = None, None
            self.place_problem = (f"could not make a working copy of {given} "
                                  f"({problem_summary(error)}); choose a working folder you "
                                  "can write to")
            return
        self.place_problem = None
        self.project_path = self.place.path

    @property
    def read_only(self) -> str | None:
        """Why nothing can be saved to the project (None when it can)."""
        return None if self.place is None else self.place.read_only

    def load(self) -> Project | None:
        """(Re)load the project from disk; on failure show why and keep None."""
        self.project = None
        if self.project_path is None:
            self.load_problem = self.place_problem or "no project chosen"
            self.show(f"Cannot open a project: {self.load_problem}. Choose a project folder or "
                      "workbook.", "error")
            self._apply_read_only()
            return None
        self.load_problem = None
        try:
            self.project = load_project(self.project_path, model=self.model)
        except (DataError, OSError) as error:
            self.load_problem = problem_summary(error)
            self.show(describe_error(error, doing="opened"), "error", escape=False)
        else:
            if self.read_only:
                self.show(self.read_only, "warning")
        self._apply_read_only()
        return self.project

    def _apply_read_only(self) -> None:
        """Disable the buttons that write when the project cannot be saved to."""
        for name in self.saving_buttons:
            button = getattr(self, name, None)
            if button is not None:
                button.disabled = bool(self.read_only)

    def require_path(self) -> Path:
        """The project's path, or an ActionError saying none was chosen."""
        if self.project_path is None:
            raise ActionError("no project chosen: choose a project folder or workbook")
        return self.project_path

    def require_project(self) -> Project:
        """The loaded project, or an ActionError saying why it could not be loaded."""
        if self.project is None:
            raise ActionError(f"the project at {self.project_path} could not be opened: "
                              f"{self.load_problem or 'see above'}. Fix that, then open the "
                              "project again (or reload the page)")
        return self.project

    def saved_to(self, table: str) -> str:
        """Where a table is saved, for messages: ``glossary.csv`` or the workbook's sheet."""
        path = self.project_path
        if path is not None and path.suffix.lower() == ".xlsx":
            return f"the '{table}' sheet of {path.name}"
        return f"{table}.csv"

    # -- following a picker ------------------------------------------------------
    def _follow_picker(self, picker: Any, what: str) -> None:
        if what == "project":
            self.project_path, self.place = picker.project_path, picker.place
            self.place_problem = picker.place_problem
            self.meeting_id = picker.meeting_id
            self.status.value = ""
            self.load()
            self.run(self.project_changed)
        else:
            self.run(self.meeting_changed, picker.meeting_id)

    def project_changed(self) -> None:
        """Called when the picker opens another project (after :meth:`load`)."""
        meeting = getattr(self, "meeting", None)
        if meeting is not None:
            options = meeting_options(self.project)
            known = [value for _, value in options]
            with self._quiet(meeting):
                meeting.options = options
                meeting.value = self.meeting_id if self.meeting_id in known else ""
        self.meeting_changed(self.meeting_id)

    def meeting_changed(self, meeting_id: str) -> None:
        """Called when the picker chooses another meeting."""
        if self.project is not None:
            self.choose_meeting(meeting_id)

    def choose_meeting(self, meeting_id: str) -> None:
        """Choose the meeting to work on (widgets with a meeting do more)."""
        self.meeting_id = str(meeting_id or "").strip()

    @contextlib.contextmanager
    def _quiet(self, _control: Any) -> Iterator[None]:
        """A context in which setting the meeting menu from code chooses nothing."""
        self._muted = True
        try:
            yield
        finally:
            self._muted = False

    def _on_meeting_menu(self, change: dict[str, Any]) -> None:
        """The widget's own meeting menu: choosing a meeting chooses it (not when set by code)."""
        if not self._muted:
            self.run(self.choose_meeting, change["new"])

    def _hide_own_meeting_menu(self) -> None:
        """With a picker, the picker is the one place to choose the meeting."""
        meeting = getattr(self, "meeting", None)
        if self.picker is not None and meeting is not None:
            meeting.layout.display = "none"

    # -- messages ----------------------------------------------------------------
    def show(self, message: str, kind: str = "info", *, escape: bool = True,
             word: str | None = None) -> None:
        """Show a message: ``kind`` is ok, info, warning or error.

        It opens with a word in bold ("Done:", "Problem:"...), or ``word``
        when given ("" for none), so the kind is said in text, not colour alone.
        On a read-only project a note or success ends by saying so.
        """
        background, colour, default = _COLOURS.get(kind, _COLOURS["info"])
        text = html.escape(message) if escape else message
        if self.read_only and kind in ("ok", "info"):  # a later note never hides it
            text += " <em>This project is read-only: nothing can be saved here.</em>"
        word = f"{default}:" if word is None else word
        opening = f"<strong>{html.escape(word)}</strong> " if word else ""
        self.status.value = (
            f"<div role='status' style='background:{background};color:{colour};"
            f"padding:6px 10px;border-left:4px solid {colour};margin:4px 0'>"
            f"{opening}{text}</div>")

    def run(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``action``; show any failure as a message instead of raising."""
        try:
            return action(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - never a traceback in the widget
            self.show(describe_error(error), "error", escape=False)
            return None

    def on_click(self, action: Callable[..., Any], *args: Any) -> Callable[[Any], None]:
        """A button handler that runs ``action(*args)`` safely."""
        return lambda _button: self.run(action, *args)

    # -- display -------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any):
        return self.widget._repr_mimebundle_(**kwargs)

    def _heading(self, text: str) -> Any:
        return self._w.HTML(f"<h3 style='margin:4px 0'>{html.escape(text)}</h3>")

