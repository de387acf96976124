"""What every facilitator widget shares: the project, a status area, safe handlers.

A widget is a thin view: each of its actions is a plain method (tests and
scripts call it directly, and it raises on failure), and each button calls
that method through :meth:`FacilitatorWidget.run`, which shows the outcome
in the widget's status area. A failure is shown as a clear message, never as
a traceback; the form keeps what was typed so nothing is lost.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from collabkit.errors import ActionError, CollabkitError, DataError
from collabkit.formatting import text
from collabkit.model import Model, load_model
from collabkit.project import Project, load_project
from collabkit.resources import resolve_path

__all__ = ["FacilitatorWidget", "describe_error", "html_table", "meeting_options"]

_COLOURS = {"ok": ("#e6f4ea", "#1e6b34", "Done"), "info": ("#eef3fb", "#1f4e8c", "Note"),
            "warning": ("#fff4e0", "#7a4b00", "Check"), "error": ("#fdecea", "#9b1c1c", "Problem")}


def describe_error(error: BaseException) -> str:
    """A plain-language HTML message for an error (text escaped)."""
    e = html.escape
    if isinstance(error, DataError):
        items = "".join(f"<li>{e(str(p))}</li>" for p in error.problems[:8])
        more = len(error.problems) - 8
        extra = f"<li>... and {more} more</li>" if more > 0 else ""
        return (f"The project has {len(error.problems)} problem(s); nothing was saved:"
                f"<ul>{items}{extra}</ul>")
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        reason = error.strerror or str(error)
        return (f"Could not write{e(str(where))}: {e(reason)}. Nothing was saved and your entry is "
                "still in the form: fix the problem (free some disk space, or choose a folder "
                "you can write to) and try again.")
    if isinstance(error, CollabkitError | ValueError | KeyError):
        text = error.args[0] if isinstance(error, KeyError) and error.args else error
        return e(str(text))
    return (f"Something went wrong ({e(type(error).__name__)}: {e(str(error))}). Nothing was "
            "saved; your entry is still in the form.")


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
    project_path : str or Path
        Project folder or workbook (relative paths are tried from the working
        folder, then from the repository root).
    meeting_id : str, optional
        The meeting to work on; "" to choose it in the widget.
    model : Model, optional
        The model to check the project against and to take labels, steps and
        tools from; by default :func:`collabkit.model.load_model`'s.

    Attributes
    ----------
    widget : ipywidgets.VBox
        What to display (displaying the object itself shows it too).
    status : ipywidgets.HTML
        The message area.
    project : Project or None
        The project as last loaded or saved (None if it failed to load).
    model : Model
        The model the widget works with (the project carries the same one).
    """

    title = ""

    def __init__(self, project_path: str | os.PathLike | None, meeting_id: str | None = "", *,
                 model: Model | None = None):
        import ipywidgets as w

        self.model = model if model is not None else load_model()
        self._w = w
        given = str(project_path or "").strip()
        self.project_path: Path | None = resolve_path(given) if given else None
        self.meeting_id = str(meeting_id or "").strip()
        self.status = w.HTML(value="")
        self.status.add_class("collabkit-status")
        self.project: Project | None = None
        self.widget = w.VBox([])
        self.widget.add_class("collabkit-widget")
        self.load()

    # -- project ---------------------------------------------------------------
    def load(self) -> Project | None:
        """(Re)load the project from disk; on failure show why and keep None."""
        self.project = None
        if self.project_path is None:
            self.show("No project chosen: set project_path to a project folder or workbook.",
                      "error")
            return None
        try:
            self.project = load_project(self.project_path, model=self.model)
        except DataError as error:
            self.show(describe_error(error), "error", escape=False)
        except OSError as error:
            self.show(describe_error(error), "error", escape=False)
        return self.project

    def require_path(self) -> Path:
        """The project's path, or an ActionError saying none was chosen."""
        if self.project_path is None:
            raise ActionError("no project chosen: set project_path to a project folder or "
                              "workbook")
        return self.project_path

    def require_project(self) -> Project:
        """The loaded project, or an ActionError saying it could not be loaded."""
        if self.project is None:
            raise ActionError(f"the project at {self.project_path} could not be loaded; fix the "
                              "problems listed, then run this cell again")
        return self.project

    def saved_to(self, table: str) -> str:
        """Where a table is saved, for messages: ``glossary.csv`` or the workbook's sheet."""
        path = self.project_path
        if path is not None and path.suffix.lower() == ".xlsx":
            return f"the '{table}' sheet of {path.name}"
        return f"{table}.csv"

    # -- messages ----------------------------------------------------------------
    def show(self, message: str, kind: str = "info", *, escape: bool = True) -> None:
        """Show a message: ``kind`` is ok, info, warning or error."""
        background, colour, word = _COLOURS.get(kind, _COLOURS["info"])
        text = html.escape(message) if escape else message
        self.status.value = (
            f"<div role='status' style='background:{background};color:{colour};"
            f"padding:6px 10px;border-left:4px solid {colour};margin:4px 0'>"
            f"<strong>{word}:</strong> {text}</div>")

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

