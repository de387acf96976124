"""Planning a meeting's agenda from the activity library, with the Trust's tips.

An agenda is a list of activities from ``data/model/activities.yaml``, each
with its planned minutes. :func:`agenda_warnings` checks a draft against the
practical tips (``data/model/tips.yaml``); :func:`save_agenda` writes it to
the project's ``agenda`` table; :func:`export_agenda` writes a printable
agenda (HTML and Markdown) into the project folder.

Examples
--------
>>> from collabkit import load_project
>>> project = load_project("data/examples/riverside_crisis_cafe")     # doctest: +SKIP
>>> agenda_warnings(project, "M03", ["recap", "small_groups"])          # doctest: +SKIP
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from collabkit.errors import ActionError
from collabkit.formatting import clock, day, duration
from collabkit.model import Model, load_model
from collabkit.project import Project
from collabkit.project.edits import edit_table, is_workbook
from collabkit.project.storage import atomic_write
from collabkit.session.roster import earlier_meetings, expected_people, meeting_record

__all__ = [
    "LARGE_GROUP",
    "meeting_agenda",
    "agenda_items",
    "agenda_warnings",
    "replace_agenda",
    "save_agenda",
    "add_meeting",
    "agenda_markdown",
    "agenda_html",
    "export_agenda",
    "agenda_folder",
]

#: More people than this and no small groups: less dominant people go unheard (tip 3).
LARGE_GROUP = 8

# Each warning rule looks for one activity of the library; the tip it cites is
# that activity's tip in activities.yaml. (rule id, activity, message)
_RULES: dict[str, tuple[str, str]] = {
    "first_meeting_introductions": (
        "introductions",
        "This is the project's first meeting and there are no introductions: give everyone "
        "the chance to say why they are here."),
    "newcomers_introductions": (
        "introductions",
        "{count} people expected have not been to a meeting before ({people}) and there are no "
        "introductions."),
    "reflection_at_end": (
        "reflection",
        "There is no reflection in pairs at the end of the meeting."),
    "reflection_not_last": (
        "reflection",
        "The reflection in pairs is not at the end: move it after the last piece of work."),
    "social_time": (
        "social_time",
        "There is no social time: relationships carry the work."),
    "small_groups": (
        "small_groups",
        "{count} people are expected and there is no small-group work, so less dominant "
        "people may not be heard."),
    "debate_dialogue": (
        "debate_dialogue",
        "Debate versus dialogue has not been introduced at any meeting of this project yet."),
    "action_bias_check": (
        "action_bias_check",
        "This meeting is for Make the Change and no meeting so far has had an action-bias "
        "check: make sure the problem is understood before designing the solution."),
    "two_leaders": (
        "process_check",
        "The project does not name two different leaders, one for the pace and one for the "
        "process (leads.pace and leads.process in the project's details)."),
}
# Activities that may come after the reflection without it counting as "not at the end".
_AFTER_REFLECTION = ("social_time", "break")


def meeting_agenda(project: Project, meeting_id: str) -> pd.DataFrame:
    """One meeting's agenda in order, with each activity's name and start time.

    Returns
    -------
    DataFrame
        order, activity, name, planned_minutes, actual_minutes, note,
        starts_at (planned minutes from the start of the meeting).
    """
    meeting_record(project, meeting_id)
    agenda = project.agenda
    rows = agenda[agenda["meeting_id"] == meeting_id].sort_values("order")
    names = project.model.activities.set_index("activity_id")["name"]
    out = rows[["order", "activity", "planned_minutes", "actual_minutes", "note"]].copy()
    out.insert(2, "name", out["activity"].astype("object").map(names).astype("string"))
    out["starts_at"] = out["planned_minutes"].fillna(0).cumsum() - out["planned_minutes"].fillna(0)
    return out.reset_index(drop=True)


def agenda_items(project: Project, meeting_id: str) -> list[dict]:
    """The saved agenda as editable items: activity, planned_minutes, note."""
    rows = meeting_agenda(project, meeting_id)
    return [{"activity": str(r.activity),
             "planned_minutes": None if pd.isna(r.planned_minutes) else float(r.planned_minutes),
             "note": "" if pd.isna(r.note) else str(r.note)}
            for r in rows.itertuples()]


def _tips_by_activity(model: Model) -> dict[str, tuple[int | None, str]]:
    tips = model.tips.set_index("tip_id")
    out: dict[str, tuple[int | None, str]] = {}
    for row in model.activities.itertuples():
        if pd.isna(row.tip):
            out[row.activity_id] = (None, "")
        else:
            tip = tips.loc[int(row.tip)]
            out[row.activity_id] = (int(row.tip), f"{tip['title']}: {tip['text']}")
    return out


def agenda_warnings(project: Project, meeting_id: str,
                    activities: Iterable[str] | None = None, *, step: str | None = None,
                    expected: Iterable[str] | None = None,
                    planned_minutes: float | None = None,
                    minutes: Iterable[float | None] | None = None) -> pd.DataFrame:
    """What the practical tips say about a draft agenda.

    Parameters
    ----------
    project : Project
    meeting_id : str
        The meeting being planned (it must be in meetings).
    activities : list of str, optional
        The draft's activity ids in order; default: the saved agenda.
    step : str, optional
        The meeting's model step; default: the step in meetings.
    expected : list of str, optional
        Participant ids expected; default: :func:`collabkit.session.roster.expected_people`.
    planned_minutes : float, optional
        The meeting's planned length; default: from meetings.
    minutes : list of float, optional
        Each draft activity's minutes, to compare the total with the length.

    Returns
    -------
    DataFrame
        rule, tip_id, tip (the practical tip, title and text), message; one row
        per warning, empty when the draft follows every tip checked.
    """
    meeting = meeting_record(project, meeting_id)
    saved = meeting_agenda(project, meeting_id)
    if activities is None:
        activities = saved["activity"].astype(str).tolist()
        minutes = saved["planned_minutes"].tolist() if minutes is None else minutes
    activities = [str(a) for a in activities]
    step = step or meeting.get("step")
    people = list(expected) if expected is not None else expected_people(project, meeting_id)
    before = earlier_meetings(project, meeting_id)
    agenda = project.agenda
    used_before = set(agenda.loc[agenda["meeting_id"].isin(before), "activity"].astype(str))
    found: list[tuple[str, dict]] = []

    if "introductions" not in activities:
        if not before:
            found.append(("first_meeting_introductions", {}))
        else:
            attendance = project.attendance
            seen = set(attendance.loc[attendance["meeting_id"].isin(before)
                                      & attendance["present"], "participant_id"].astype(str))
            new = [p for p in people if p not in seen]
            if new and len(seen):
                found.append(("newcomers_introductions",
                              {"count": len(new), "people": ", ".join(new[:6])
                               + ("..." if len(new) > 6 else "")}))
    if "reflection" not in activities:
        found.append(("reflection_at_end", {}))
    else:
        last = max(i for i, a in enumerate(activities) if a == "reflection")
        if any(a not in _AFTER_REFLECTION for a in activities[last + 1:]):
            found.append(("reflection_not_last", {}))
    if "social_time" not in activities:
        found.append(("social_time", {}))
    if len(people) > LARGE_GROUP and "small_groups" not in activities:
        found.append(("small_groups", {"count": len(people)}))
    if "debate_dialogue" not in activities and "debate_dialogue" not in used_before:
        found.append(("debate_dialogue", {}))
    bias = project.model.tools["action_bias"]
    if (step == bias["to_step"] and "action_bias_check" not in activities
            and "action_bias_check" not in used_before):
        found.append(("action_bias_check", {}))
    leads = project.leads
    if not leads["pace"] or not leads["process"] or leads["pace"] == leads["process"]:
        found.append(("two_leaders", {}))

    tips = _tips_by_activity(project.model)
    rows = []
    for rule, values in found:
        activity, message = _RULES[rule]
        tip_id, tip = tips.get(activity, (None, ""))
        rows.append({"rule": rule, "tip_id": tip_id, "tip": tip,
                     "message": message.format(**values)})
    length = planned_minutes if planned_minutes is not None else meeting.get("planned_minutes")
    if minutes is not None and length is not None and not pd.isna(length):
        total = sum(float(m) for m in minutes if m is not None and not pd.isna(m))
        if total > float(length):
            rows.append({"rule": "over_time", "tip_id": None, "tip": "",
                         "message": f"The activities add up to {total:g} minutes, more than the "
                                    f"{float(length):g} minutes planned for the meeting."})
    return pd.DataFrame(rows, columns=["rule", "tip_id", "tip", "message"]).astype(
        {"tip_id": "Int64"})


def _clean_items(items: Iterable[Mapping], model: Model) -> list[dict]:
    library = model.activities.set_index("activity_id")
    clean = []
    for number, item in enumerate(items, start=1):
        activity = str(item.get("activity", "") or "").strip()
        if activity not in library.index:
            raise ActionError(f"item {number}: unknown activity '{activity}'; choose one from "
                              f"the library ({', '.join(library.index[:8])}, ...)")
        value = item.get("planned_minutes")
        if value is None or (isinstance(value, float) and pd.isna(value)):
            value = library.loc[activity, "default_minutes"]
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ActionError(f"item {number} ({activity}): minutes must be a number, "
                              f"got {value!r}") from None
        if value < 0:
            raise ActionError(f"item {number} ({activity}): minutes must be 0 or more")
        clean.append({"order": number, "activity": activity, "planned_minutes": value,
                      "note": str(item.get("note", "") or "").strip()})
    return clean


def replace_agenda(project: Project, meeting_id: str, items: Iterable[Mapping]) -> pd.DataFrame:
    """The agenda table with this meeting's rows replaced by ``items`` (orders 1..n).

    Each item is a mapping with ``activity`` and optionally ``planned_minutes``
    (default: the activity's default length) and ``note``. Other meetings'
    rows are kept as they are.
    """
    meeting_record(project, meeting_id)
    clean = _clean_items(items, project.model)
    agenda = project.agenda
    others = agenda[agenda["meeting_id"] != meeting_id]
    new = pd.DataFrame([{"meeting_id": meeting_id, **item} for item in clean],
                       columns=["meeting_id", "order", "activity", "planned_minutes", "note"])
    return pd.concat([_as_text(others), _as_text(new)], ignore_index=True)


def save_agenda(path: str | os.PathLike, meeting_id: str, items: Iterable[Mapping], *,
                step: str | None = None, model: Model | None = None) -> Project:
    """Save a meeting's agenda (and, if given, its model step) to the project on disk.

    Raises
    ------
    ActionError
        No meeting, unknown meeting or activity, bad minutes. Nothing is written.
    DataError
        The project does not validate. Nothing is written.
    OSError
        The folder could not be written.
    """
    items = list(items)
    model = model if model is not None else load_model()
    _clean_items(items, model)  # refuse a bad draft before anything is written
    if step is not None:
        edit_table(path, "meetings", lambda p: _with_step(p, meeting_id, step), model=model)
    return edit_table(path, "agenda", lambda p: replace_agenda(p, meeting_id, items),
                      model=model)


def _with_step(project: Project, meeting_id: str, step: str) -> pd.DataFrame:
    model_steps = project.model.codes["step"]
    if step not in model_steps:
        raise ActionError(f"unknown step '{step}'; allowed: {', '.join(model_steps)}")
    meeting_record(project, meeting_id)
    meetings = _as_text(project.meetings)
    meetings.loc[meetings["meeting_id"] == meeting_id, "step"] = step
    return meetings


def add_meeting(path: str | os.PathLike, meeting_id: str, date: str, step: str, *,
                title: str = "", planned_minutes: float | None = None,
                format: str = "", model: Model | None = None) -> Project:
    """Add a new meeting to the project on disk (to plan its agenda).

    Raises
    ------
    ActionError
        Blank or duplicate meeting id. Nothing is written.
    DataError
        Bad date, step or format. Nothing is written.
    """
    meeting_id = str(meeting_id or "").strip()
    if not meeting_id:
        raise ActionError("the new meeting needs an id, for example M13")

    def change(project: Project) -> pd.DataFrame:
        meetings = _as_text(project.meetings)
        if meeting_id in set(meetings["meeting_id"]):
            raise ActionError(f"meeting '{meeting_id}' already exists; choose another id")
        row = {"meeting_id": meeting_id, "date": str(date or "").strip(), "step": step or "",
               "title": title, "format": format or "",
               "planned_minutes": "" if planned_minutes is None else f"{float(planned_minutes):g}"}
        return pd.concat([meetings, pd.DataFrame([row])], ignore_index=True).fillna("")

    return edit_table(path, "meetings", change, model=model)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    from collabkit.project import to_text

    return to_text(frame)


# -- printable agenda -------------------------------------------------------
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


def _clock(minutes: float) -> str:
    """Minutes into the meeting as ``h:mm`` on the agenda."""
    return clock(minutes * 60, with_seconds=False)


def _minutes(value) -> str:
    return duration(value, missing="not set")


def agenda_folder(project: Project) -> Path:
    """Where printable agendas go: ``agendas/`` in the project folder (beside a workbook,
    ``<name>_agendas/``)."""
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
