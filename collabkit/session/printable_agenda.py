"""The printable agenda: a meeting's saved agenda as Markdown and HTML, written to disk.

:func:`export_agenda` writes both into :func:`agenda_folder` (the project
folder's ``agendas/``), atomically, for the facilitator to print or share.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import pandas as pd

from collabkit.errors import ActionError
from collabkit.formatting import clock, day, duration
from collabkit.project import Project
from collabkit.project.edits import is_workbook
from collabkit.project.storage import atomic_write
from collabkit.session.agenda import meeting_agenda
from collabkit.session.roster import meeting_record

__all__ = ["agenda_markdown", "agenda_html", "export_agenda", "agenda_folder"]


def _clock(minutes: float) -> str:
    """Minutes into the meeting as ``h:mm`` on the agenda."""
    return clock(minutes * 60, with_seconds=False)


def _printable(project: Project, meeting_id: str) -> tuple[dict, pd.DataFrame, dict]:
    meeting = meeting_record(project, meeting_id)
    rows = meeting_agenda(project, meeting_id)
    library = project.model.activities.set_index("activity_id")["description"]
    rows["description"] = rows["activity"].astype("object").map(library)
    rows["minutes"] = rows["planned_minutes"].fillna(0)
    rows["ends_at"] = rows["starts_at"] + rows["minutes"]
    model = project.model
    head = {
        "project": project.title,
        "meeting": meeting_id,
        "title": meeting.get("title") or "",
        "date": day(meeting["date"], weekday=True) if meeting.get("date") is not None else "",
        "step": model.element_name(str(meeting["step"])) if meeting.get("step") else "",
        "planned": meeting.get("planned_minutes"),
        "total": float(rows["minutes"].sum()),
    }
    return meeting, rows, head


def agenda_markdown(project: Project, meeting_id: str) -> str:
    """The meeting's saved agenda as Markdown (a table of times and activities)."""
    _, rows, head = _printable(project, meeting_id)

    def cell(text) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = [f"# Agenda: {cell(head['title'] or head['meeting'])}", "",
             f"**{cell(head['project'])}**  ", f"{head['date']} · {cell(head['step'])}  ",
             f"Planned length: {_minutes(head['planned'])} · activities: {duration(head['total'])}",
             "", "| Time | Activity | Minutes | Notes |", "|---|---|---|---|"]
    for row in rows.itertuples():
        note = "" if pd.isna(row.note) else row.note
        lines.append(f"| {_clock(row.starts_at)}–{_clock(row.ends_at)} | {cell(row.name)} | "
                     f"{row.minutes:g} | {cell(note)} |")
    return "\n".join(lines) + "\n"


def agenda_html(project: Project, meeting_id: str) -> str:
    """The meeting's saved agenda as a printable, self-contained HTML page (text escaped)."""
    _, rows, head = _printable(project, meeting_id)
    e = html.escape
    body = []
    for row in rows.itertuples():
        note = "" if pd.isna(row.note) else f"<p class='note'>{e(str(row.note))}</p>"
        body.append(
            f"<tr><td class='time'>{_clock(row.starts_at)}&ndash;{_clock(row.ends_at)}</td>"
            f"<td><strong>{e(str(row.name))}</strong><p>{e(str(row.description))}</p>{note}</td>"
            f"<td class='minutes'>{row.minutes:g}</td></tr>")
    title = e(str(head["title"] or head["meeting"]))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Agenda: {title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; color: #1a1a1a;
       line-height: 1.45; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #888; padding: .5rem; text-align: left; vertical-align: top; }}
td p {{ margin: .25rem 0 0; }} .note {{ font-style: italic; }}
.time, .minutes {{ white-space: nowrap; }}
@media print {{ body {{ margin: 0; }} tr {{ break-inside: avoid; }} }}
</style></head>
<body>
<h1>Agenda: {title}</h1>
<p><strong>{e(str(head['project']))}</strong><br>{e(head['date'])} &middot; {e(str(head['step']))}<br>
Planned length: {e(_minutes(head['planned']))} &middot; activities: {duration(head['total'])}</p>
<table><thead><tr><th scope="col">Time</th><th scope="col">Activity</th>
<th scope="col">Minutes</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table>
</body></html>
"""


def _minutes(value) -> str:
    return duration(value, missing="not set")


def agenda_folder(project: Project) -> Path:
    """Where printable agendas go: ``agendas/`` in the project folder.

    For a workbook, ``<name>_agendas/`` beside it.
    """
    source = project.source
    if source is None:
        raise ActionError("the project was not loaded from a folder or workbook")
    if is_workbook(source):
        return source.parent / f"{source.stem}_agendas"
    return source / "agendas"


def export_agenda(project: Project, meeting_id: str,
                  folder: str | os.PathLike | None = None) -> list[Path]:
    """Write ``<meeting_id>_agenda.html`` and ``.md`` atomically; returns the paths.

    Parameters
    ----------
    project : Project
    meeting_id : str
    folder : str or Path, optional
        Default: :func:`agenda_folder`.
    """
    target = Path(folder) if folder is not None else agenda_folder(project)
    written = []
    for suffix, text in (("html", agenda_html(project, meeting_id)),
                         ("md", agenda_markdown(project, meeting_id))):
        path = target / f"{_safe(meeting_id)}_agenda.{suffix}"
        with atomic_write(path, encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        written.append(path)
    return written


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in str(name)) or "meeting"
