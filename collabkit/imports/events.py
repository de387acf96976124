"""Another coder's events appended to a project: from BORIS, or a plain CSV.

:func:`import_events` is what ``collabkit import-events`` runs. Every row of
the file (:mod:`collabkit.imports.boris`) is matched to the project: its
subject to a participant (by name or id, accents and case folded, see
:mod:`collabkit.imports.names`), its behaviour to a move, its modifiers to a
mode and a focus (by code or label), its observation to a meeting. A map CSV
(``kind,from,to``) says the rest:

=============  ======================================  ===========================
kind           from                                    to
=============  ======================================  ===========================
subject        a subject or speaker as written         a participant_id (blank: leave out)
behaviour      a behaviour as written                  a move code (blank: leave out)
modifier       a modifier as written                   a mode or focus code (blank: ignore)
observation    a BORIS observation id                  a meeting_id
column         a plain CSV's column header             an events column (``participant_id``...)
=============  ======================================  ===========================

Any subject, behaviour, modifier or observation left unknown stops the
import, each listed once with how often and where it first appears, and
nothing is written. Otherwise the events are appended under the given coder,
``seq`` carrying on from that coder's last event in each meeting, so a second
coder's file sits beside the first for :mod:`collabkit.reliability`.
"""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from collabkit.errors import DataError, Problem
from collabkit.imports.boris import CodedRow, parse_seconds, read_boris, read_event_csv
from collabkit.imports.names import NameMatcher, fold_name, read_map
from collabkit.model import Model
from collabkit.project import Project, to_text
from collabkit.project.edits import edit_table, is_workbook
from collabkit.project.eventlog import LOCK_NAME
from collabkit.project.locking import exclusive_lock
from collabkit.project.schema import TABLES

__all__ = ["EventsImport", "MAP_KINDS", "import_events", "read_event_map"]

#: The kinds of row a map file may have (``behavior`` is read as ``behaviour``).
MAP_KINDS = ("subject", "behaviour", "modifier", "observation", "column")
FORMATS = {"boris": "BORIS tabular events export", "csv": "plain CSV of events"}
COLUMNS = TABLES["events"].column_names


@dataclass(frozen=True)
class EventsImport:
    """What :func:`import_events` did.

    Attributes
    ----------
    written_to : str
        The project's events table.
    format : str
        The file's kind, in words.
    coder : str
    read : int
        Contributions in the file.
    left_out : int
        Rows left out by the map (a subject or behaviour mapped to nothing).
    meetings : DataFrame
        One row per meeting: ``meeting_id``, ``events`` (appended),
        ``first_seq``, ``last_seq``, ``had_before`` (this coder's events there before).
    subjects : DataFrame
        ``subject`` (as written), ``participant_id``, ``matched_by``, ``events``.
    """

    written_to: str
    format: str
    coder: str
    read: int
    left_out: int
    meetings: pd.DataFrame
    subjects: pd.DataFrame


def read_event_map(path: str | os.PathLike) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """A ``kind,from,to`` map as ``{kind: {folded from: to}}``, and the problems found."""
    file = str(path)
    frame, problems = read_map(Path(path), ("kind", "from", "to"))
    maps: dict[str, dict[str, str]] = {kind: {} for kind in MAP_KINDS}
    if frame is None:
        return maps, problems
    for index, kind, source, target in zip(frame.index, frame["kind"], frame["from"],
                                           frame["to"], strict=True):
        row, kind = int(index) + 2, kind.lower().replace("behavior", "behaviour")
        if kind not in MAP_KINDS:
            problems.append(Problem(file, row, "kind", kind, f"unknown kind '{kind}'; allowed: "
                                    f"{', '.join(MAP_KINDS)}", code="unknown_code"))
        elif not source:
            problems.append(Problem(file, row, "from", None, "'from' is blank; write the value "
                                    "as the file writes it", code="required_blank"))
        elif fold_name(source) in maps[kind]:
            problems.append(Problem(file, row, "from", source, f"{kind} '{source}' is mapped "
                                    "twice", code="duplicate_key"))
        else:
            maps[kind][fold_name(source)] = target
    return maps, problems


def import_events(path: str | os.PathLike, file: str | os.PathLike, *, format: str = "boris",
                  map: str | os.PathLike | None = None, coder: str | None = None,
                  meeting: str | None = None, model: Model | None = None) -> EventsImport:
    """Append the events of another coder's file to the project at ``path``.

    Parameters
    ----------
    path : str or Path
        A project folder or ``.xlsx`` workbook.
    file : str or Path
        A BORIS tabular events export (TSV, CSV or XLSX), or a plain CSV.
    format : {"boris", "csv"}
    map : str or Path, optional
        A ``kind,from,to`` CSV (see the module's table).
    coder : str, optional
        Whose coding it is; default ``primary``. Give another name for a
        second coder's file, to compare the coders.
    meeting : str, optional
        Put every event in this meeting (the file must hold one observation);
        otherwise each observation id (or ``meeting_id``) names the meeting.
    model : Model, optional

    Returns
    -------
    EventsImport

    Raises
    ------
    DataError
        Every unknown subject (code ``unmatched_name``), behaviour or
        modifier (``unknown_code``), observation (``dangling_reference``) and
        bad time (``bad_number``) at once; nothing is written.

    Examples
    --------
    >>> import shutil, tempfile
    >>> folder = shutil.copytree("tests/fixtures/tiny", tempfile.mkdtemp() + "/tiny")
    >>> done = import_events(folder, "tests/fixtures/boris/m1_second_coder.tsv", coder="second")
    >>> done.meetings[["meeting_id", "events", "first_seq", "last_seq"]].to_dict("records")
    [{'meeting_id': 'M1', 'events': 6, 'first_seq': 1, 'last_seq': 6}]
    >>> shutil.rmtree(folder)
    """
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; allowed: {', '.join(FORMATS)}")
    coder = (coder or "").strip() or "primary"
    maps: dict[str, dict[str, str]] = {kind: {} for kind in MAP_KINDS}
    problems: list[Problem] = []
    if map is not None:
        maps, problems = read_event_map(map)
    rows: list[CodedRow] = []
    try:
        source = Path(file)
        rows = (read_boris(source) if format == "boris"
                else read_event_csv(source, dict(maps["column"])))
    except DataError as error:
        raise DataError(problems + error.problems) from None
    outcome: dict = {}

    def change(project: Project) -> pd.DataFrame:
        new, summary = _events_for(project, rows, maps, coder, meeting, str(file), problems)
        outcome.update(summary)
        return pd.concat([to_text(project.events), new], ignore_index=True)

    folder = Path(path)
    lock = (contextlib.nullcontext() if is_workbook(folder) or not folder.is_dir()
            else exclusive_lock(folder / LOCK_NAME))
    with lock:  # a live tally appending to events.csv waits until the file is replaced
        edit_table(path, "events", change, model=model)
    where = f"{path}[events]" if is_workbook(path) else str(folder / TABLES["events"].file_name)
    return EventsImport(written_to=where, format=FORMATS[format], coder=coder, read=len(rows),
                        **outcome)


def _events_for(project: Project, rows: list[CodedRow], maps: dict[str, dict[str, str]],
                coder: str, meeting: str | None, file: str,
                found: list[Problem]) -> tuple[pd.DataFrame, dict]:
    """The new events as text, and the summary; or a DataError listing every problem."""
    problems = list(found)
    model = project.model
    matcher = NameMatcher(project.participants, {k: v or None for k, v in maps["subject"].items()})
    subjects = matcher.match_all(r.subject for r in rows)
    problems += _unknown([(r, r.subject) for r in rows if not subjects[r.subject].ok],
                         file, "unmatched_name", "subject", _subject_hint(subjects))
    moves = _vocabulary(model, ("move",))
    move_of = {r.behaviour: _lookup(r.behaviour, maps["behaviour"], moves) for r in rows}
    problems += _unknown([(r, r.behaviour) for r in rows if move_of[r.behaviour] is None],
                         file, "unknown_code", "behaviour",
                         lambda _: f"allowed: {', '.join(model.codes['move'])} (or their labels), "
                                   "or map it in --map (behaviour,<as written>,<move>)")
    codes = _vocabulary(model, ("mode", "focus"))
    kept = [r for r in rows if subjects[r.subject].participant_id and move_of[r.behaviour]]
    records, bad = [], []
    for r in kept:
        record, wrong = _record(r, maps, codes)
        record["move"] = str(move_of[r.behaviour])
        records.append(record)
        bad += wrong
    problems += _unknown(bad, file, "unknown_code", "modifier", lambda _: "allowed: " + ", ".join(
                             model.codes["mode"] + model.codes["focus"])
                         + ", or map it in --map (modifier,<as written>,<code>)")
    meetings = _meetings(project, kept, maps["observation"], meeting, file, problems)
    for r, record in zip(kept, records, strict=True):
        seconds = record["t_seconds"]
        if seconds and parse_seconds(seconds) is None:
            problems.append(Problem(file, r.row, "time", seconds, f"'{seconds}' is not a time; "
                                    "write seconds (75.5) or h:mm:ss", code="bad_number"))
    if problems:
        raise DataError(problems)
    return _table(project, kept, records, subjects, meetings, coder, len(rows) - len(kept))


def _vocabulary(model: Model, names: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """Folded code or label -> (vocabulary, code), for the code lists ``names``."""
    found: dict[str, tuple[str, str]] = {}
    for name in names:
        for code, label in zip(model.code_table(name)["code"], model.code_table(name)["label"],
                               strict=True):
            found.setdefault(fold_name(str(label)), (name, str(code)))
            found[fold_name(str(code))] = (name, str(code))
    return found


def _lookup(text: str, mapping: dict[str, str], codes: dict) -> str | None:
    """The code for ``text`` (a move), through the map first; "" when mapped to nothing."""
    key = fold_name(text)
    if key in mapping:
        target = mapping[key]
        return "" if not target else (codes.get(fold_name(target), (None, None))[1])
    return codes.get(key, (None, None))[1]


def _record(r: CodedRow, maps: dict[str, dict[str, str]],
            codes: dict) -> tuple[dict[str, str], list[tuple[CodedRow, str]]]:
    """Mode, focus, time, group and note of one row; and its unknown modifiers."""
    record = {"t_seconds": r.values.get("t_seconds", ""), "group": r.values.get("group", ""),
              "note": r.values.get("note", ""), "mode": "", "focus": ""}
    given: list[tuple[str | None, str]] = [(None, m) for m in r.modifiers]
    given += [(name, r.values[name]) for name in ("mode", "focus") if r.values.get(name)]
    wrong = []
    for wanted, text in given:
        key = fold_name(text)
        target = maps["modifier"].get(key, text)
        if key in maps["modifier"] and not target:
            continue  # mapped to nothing: ignored
        kind, code = codes.get(fold_name(target), (None, None))
        if kind is None or (wanted is not None and kind != wanted):
            wrong.append((r, text))
        else:
            record[kind] = code
    seconds = parse_seconds(record["t_seconds"]) if record["t_seconds"] else None
    if seconds is not None:
        record["t_seconds"] = f"{round(seconds, 3):g}"
    return record, wrong


def _meetings(project: Project, rows: list[CodedRow], mapping: dict[str, str],
              meeting: str | None, file: str, problems: list[Problem]) -> dict[str, str]:
    """Observation id as written -> meeting id; problems added for the unknown."""
    known = {str(m): str(m) for m in project.meetings["meeting_id"]}
    folded = {fold_name(m): m for m in known}
    observations = list(dict.fromkeys(r.observation for r in rows))
    if meeting is not None:
        meeting = meeting.strip()
        if meeting not in known:
            problems.append(Problem(file, None, None, meeting, f"meeting '{meeting}' is not in "
                                    "meetings.csv", code="dangling_reference"))
        named = [o for o in observations if o]
        if len(named) > 1:
            problems.append(Problem(file, None, "observation id", ", ".join(named),
                                    f"the file holds {len(named)} observations ("
                                    f"{', '.join(named)}); --meeting puts every event in one "
                                    "meeting, so import one observation at a time, or leave "
                                    "--meeting out and name each meeting by its observation id",
                                    code="bad_import"))
        return {o: meeting for o in observations}
    out: dict[str, str] = {}
    for o in observations:
        target = mapping.get(fold_name(o), o)
        if target in known or fold_name(target) in folded:
            out[o] = known.get(target) or folded[fold_name(target)]
    problems += _unknown([(r, r.observation) for r in rows if r.observation not in out],
                         file, "dangling_reference", "observation",
                         lambda v: "give --meeting MEETING_ID" if not v else
                         "it must be a meeting_id of meetings.csv; map it in --map "
                         "(observation,<id>,<meeting_id>) or give --meeting")
    return out


def _unknown(pairs: list[tuple[CodedRow, str]], file: str, code: str, what: str,
             hint) -> list[Problem]:
    """One problem per distinct unknown value: how many rows, the first row, and a hint."""
    counts = Counter(text for _, text in pairs)
    first: dict[str, int] = {}
    for r, text in pairs:
        first.setdefault(text, r.row)
    column = {"observation": "observation id"}.get(what, what)
    out = []
    for text, n in counts.items():
        shown = f"'{text}'" if text else "blank"
        out.append(Problem(file, first[text], column, text or None,
                           f"unknown {what} {shown} ({n} row{'s' if n != 1 else ''}, first on "
                           f"row {first[text]}); {hint(text)}", code=code))
    return out


def _subject_hint(subjects) -> object:
    def hint(text: str) -> str:
        match = subjects[text]
        if match.how == "ambiguous":
            return (f"it matches more than one participant ({', '.join(match.candidates)}); "
                    "say which in --map (subject,<as written>,<participant_id>)")
        return ("it matches no participant's name or id; add them to participants.csv or map "
                "them in --map (subject,<as written>,<participant_id>; a blank participant_id "
                "leaves them out)")
    return hint


def _table(project: Project, rows: list[CodedRow], records: list[dict[str, str]], subjects,
           meetings: dict[str, str], coder: str, left_out: int) -> tuple[pd.DataFrame, dict]:
    events = project.events
    mine = events["coder"].eq(coder).fillna(False)
    last = events[mine].groupby(events["meeting_id"].astype(str))["seq"].max().to_dict()
    before = events[mine].groupby(events["meeting_id"].astype(str)).size().to_dict()
    next_seq = {m: int(last.get(m, 0)) for m in set(meetings.values())}
    out = []
    for r, record in zip(rows, records, strict=True):
        meeting_id = meetings[r.observation]
        next_seq[meeting_id] += 1
        # Every column is text, blank when the file has nothing for it (a
        # missing key would make pandas invent a float column of NaN).
        out.append(dict.fromkeys(COLUMNS, "") | record | {
            "meeting_id": meeting_id, "seq": str(next_seq[meeting_id]),
            "participant_id": subjects[r.subject].participant_id, "coder": coder})
    frame = pd.DataFrame(out, columns=list(COLUMNS))
    per = frame.groupby("meeting_id", sort=False)["seq"].agg(
        events="size", first_seq=lambda s: int(s.iloc[0]), last_seq=lambda s: int(s.iloc[-1]))
    meetings_table = per.reset_index()
    meetings_table["had_before"] = [int(before.get(m, 0)) for m in meetings_table["meeting_id"]]
    heard = Counter(r.subject for r in rows)
    subject_rows = [{"subject": name, "participant_id": m.participant_id or "",
                     "matched_by": m.how, "events": heard.get(name, 0)}
                    for name, m in subjects.items()]
    return frame, {"left_out": left_out, "meetings": meetings_table,
                   "subjects": pd.DataFrame(subject_rows, columns=["subject", "participant_id",
                                                                   "matched_by", "events"])}
