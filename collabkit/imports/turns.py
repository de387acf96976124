"""A transcript into a project's ``turns`` table: speakers matched, cues merged, one meeting replaced.

:func:`import_transcript` is what ``collabkit import-transcript`` runs. It
reads the transcript (:mod:`collabkit.imports.transcripts`), matches every
speaker to a participant (:mod:`collabkit.imports.names`), merges each run of
consecutive cues by one person into one turn, and saves the turns through
:func:`collabkit.project.edits.edit_table` (locked, re-validated, written
atomically). Any speaker left unmatched stops the import with one problem per
speaker, all listed, and nothing is written. Importing a meeting again
replaces that meeting's turns and leaves the others alone.

What was said is personal data: the ``text`` column stays blank unless
``keep_text`` is asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from collabkit.errors import DataError, Problem
from collabkit.imports.names import Match, NameMatcher, fold_name, read_map
from collabkit.imports.transcripts import Cue, Transcript, read_transcript
from collabkit.model import Model
from collabkit.project import Project
from collabkit.project.attendance import marked_absent
from collabkit.project.edits import edit_table, is_workbook
from collabkit.project.schema import TABLES

__all__ = ["TranscriptImport", "import_transcript", "merge_turns", "read_speaker_map"]

COLUMNS = TABLES["turns"].column_names


@dataclass(frozen=True)
class TranscriptImport:
    """What :func:`import_transcript` did.

    Attributes
    ----------
    written_to : str
        The project's turns table (``.../turns.csv`` or ``workbook.xlsx[turns]``).
    meeting_id : str
    style : str
        How the file was read, in words.
    cues, turns : int
        Cues read; turns written.
    talk_seconds, minutes : float
        Talk written, and the span from the first turn's start to the last's end.
    replaced : int
        Turns the meeting had before, now replaced.
    kept_text : bool
    speakers : DataFrame
        One row per participant heard, and one per name left out: ``speaker``
        (the names written for them, `` / `` between several),
        ``participant_id`` (blank when left out), ``matched_by`` (map, name,
        id or left out), ``turns``, ``talk_seconds``.
    unattributed_cues : int
        Cues naming no speaker, left out.
    unattributed_seconds : float
    warnings : list of str
        Speakers the meeting's register marks as not present.
    """

    written_to: str
    meeting_id: str
    style: str
    cues: int
    turns: int
    talk_seconds: float
    minutes: float
    replaced: int
    kept_text: bool
    speakers: pd.DataFrame
    unattributed_cues: int
    unattributed_seconds: float
    warnings: list[str] = field(default_factory=list)


def read_speaker_map(path: str | os.PathLike) -> tuple[dict[str, str | None], pd.DataFrame | None,
                                                      list[Problem]]:
    """A ``speaker,participant_id`` map: name -> id (None where the id is blank: left out)."""
    frame, problems = read_map(Path(path), ("speaker", "participant_id"))
    if frame is None:
        return {}, None, problems
    mapping: dict[str, str | None] = {}
    seen: dict[str, int] = {}
    for index, speaker, pid in zip(frame.index, frame["speaker"], frame["participant_id"],
                                   strict=True):
        row, key = int(index) + 2, fold_name(speaker)
        if not speaker:
            problems.append(Problem(str(path), row, "speaker", None, "'speaker' is blank; "
                                    "write the name as the transcript writes it",
                                    code="required_blank"))
        elif key in seen:
            problems.append(Problem(str(path), row, "speaker", speaker,
                                    f"speaker '{speaker}' is mapped twice (accents and case "
                                    f"aside); first on row {seen[key]}", code="duplicate_key"))
        else:
            seen[key] = row
            mapping[speaker] = pid or None
    return mapping, frame, problems


def merge_turns(cues: list[Cue], matches: dict[str, Match]) -> list[tuple[str, float, float, str]]:
    """Runs of consecutive cues by one participant as ``(participant_id, start, end, text)`` turns.

    Cues are taken in start order (the file's order between equal starts). A
    cue with no speaker, or a speaker left out, ends the run before it and is
    itself left out.

    Examples
    --------
    >>> a, b = Match("Ann", "P1", "name"), Match("Bo", "P2", "name")
    >>> cues = [Cue("Ann", 0, 2, "Hi", ""), Cue("Ann", 2, 5, "all.", ""), Cue("Bo", 4, 6, "Yes", "")]
    >>> merge_turns(cues, {"Ann": a, "Bo": b})
    [('P1', 0, 5, 'Hi all.'), ('P2', 4, 6, 'Yes')]
    """
    turns: list[list] = []
    previous: str | None = None
    for cue in sorted(cues, key=lambda c: c.start):
        pid = matches[cue.speaker].participant_id if cue.speaker is not None else None
        if pid is not None and pid == previous:
            turns[-1][2] = max(turns[-1][2], cue.end)
            turns[-1][3].append(cue.text)
        elif pid is not None:
            turns.append([pid, cue.start, cue.end, [cue.text]])
        previous = pid
    return [(pid, start, end, " ".join(t for t in texts if t)) for pid, start, end, texts in turns]


def import_transcript(path: str | os.PathLike, meeting_id: str, transcript: str | os.PathLike, *,
                      speakers: str | os.PathLike | None = None, keep_text: bool = False,
                      model: Model | None = None) -> TranscriptImport:
    """Import a transcript as the turns of one meeting of the project at ``path``.

    Parameters
    ----------
    path : str or Path
        A project folder or ``.xlsx`` workbook.
    meeting_id : str
        The meeting the transcript is of; its earlier turns are replaced.
    transcript : str or Path
        A Teams or Zoom ``.vtt``, an ``.srt`` or a plain ``Name: text`` file
        (see :func:`~collabkit.imports.transcripts.read_transcript`).
    speakers : str or Path, optional
        A ``speaker,participant_id`` CSV for names that do not match a
        participant's name or id; a blank participant_id leaves that speaker out.
    keep_text : bool, default False
        Keep what was said in the ``text`` column (personal data; never
        shown in a report).
    model : Model, optional
        The model to check the project against.

    Returns
    -------
    TranscriptImport

    Raises
    ------
    DataError
        Every problem at once (an unreadable transcript or map, an unknown
        meeting, each unmatched or ambiguous speaker: code ``unmatched_name``);
        nothing is written.

    Examples
    --------
    >>> import shutil, tempfile
    >>> folder = shutil.copytree("tests/fixtures/tiny", tempfile.mkdtemp() + "/tiny")
    >>> done = import_transcript(folder, "M2", "tests/fixtures/transcripts/teams_m2.vtt")
    >>> done.turns, done.talk_seconds, done.kept_text
    (6, 44.5, False)
    >>> shutil.rmtree(folder)
    """
    meeting_id = str(meeting_id).strip()
    problems: list[Problem] = []
    read: Transcript | None = None
    try:
        read = read_transcript(transcript)
    except DataError as error:
        problems += error.problems
    mapping: dict[str, str | None] = {}
    map_rows = None
    if speakers is not None:
        mapping, map_rows, found = read_speaker_map(speakers)
        problems += found
    if read is None:
        raise DataError(problems)
    outcome: dict = {}

    def change(project: Project) -> pd.DataFrame:
        new, summary = _turns_for(project, meeting_id, read, mapping, map_rows, speakers,
                                  str(transcript), keep_text, problems)
        old = project.turns
        keep = old["meeting_id"].ne(meeting_id).fillna(True)
        outcome.update(summary, replaced=int((~keep).sum()))
        return pd.concat([old.loc[keep, list(COLUMNS)], new], ignore_index=True)

    edit_table(path, "turns", change, model=model)
    where = f"{path}[turns]" if is_workbook(path) else str(Path(path) / TABLES["turns"].file_name)
    return TranscriptImport(written_to=where, meeting_id=meeting_id, style=read.style,
                            cues=len(read.cues), kept_text=keep_text, **outcome)


def _turns_for(project: Project, meeting_id: str, read: Transcript,
               mapping: dict[str, str | None], map_rows: pd.DataFrame | None,
               map_file: str | os.PathLike | None, file: str, keep_text: bool,
               found: list[Problem]) -> tuple[pd.DataFrame, dict]:
    """The meeting's new turns and the summary, or a DataError listing every problem.

    ``found`` are the problems met reading the map, listed first.
    """
    problems: list[Problem] = list(found)
    ids = set(project.participants["participant_id"])
    if meeting_id not in set(project.meetings["meeting_id"]):
        problems.append(Problem(file, None, None, meeting_id,
                                f"meeting '{meeting_id}' is not in meetings.csv; add it there "
                                "first, or give the meeting's id", code="dangling_reference"))
    if map_rows is not None:
        for index, pid in map_rows["participant_id"].items():
            if pid and pid not in ids:
                problems.append(Problem(str(map_file), int(index) + 2, "participant_id", pid,
                                        f"'{pid}' is not in participants.csv; add them there "
                                        "or correct the map", code="dangling_reference"))
    named = [c.speaker for c in read.cues if c.speaker is not None]
    matches = NameMatcher(project.participants, mapping).match_all(named)
    problems += [_unmatched(m, read.cues, file) for m in matches.values() if not m.ok]
    if problems:
        raise DataError(problems)
    turns = merge_turns(read.cues, matches)
    frame = pd.DataFrame(turns, columns=["participant_id", "start_seconds", "end_seconds", "text"])
    frame.insert(0, "meeting_id", meeting_id)
    frame["source"] = read.source
    if not keep_text:
        frame["text"] = ""
    frame = frame[list(COLUMNS)]
    length = frame["end_seconds"] - frame["start_seconds"]
    rows: dict[str, dict] = {}
    for name, match in matches.items():  # one row per participant, all their written names
        key = match.participant_id or f"left out: {name}"
        row = rows.setdefault(key, {"speaker": [], "participant_id": match.participant_id or "",
                                    "matched_by": [], "turns": 0, "talk_seconds": 0.0})
        row["speaker"].append(name)
        row["matched_by"].append(match.how)
        if match.participant_id:
            mine = frame["participant_id"].eq(match.participant_id)
            row["turns"], row["talk_seconds"] = int(mine.sum()), float(length[mine].sum())
    for row in rows.values():
        row["speaker"] = " / ".join(row["speaker"])
        row["matched_by"] = " and ".join(dict.fromkeys(row["matched_by"]))
    blank = [c for c in read.cues if c.speaker is None]
    summary = {
        "turns": len(frame), "talk_seconds": float(length.sum()),
        "minutes": float((frame["end_seconds"].max() - frame["start_seconds"].min()) / 60)
        if len(frame) else 0.0,
        "speakers": pd.DataFrame(list(rows.values()), columns=["speaker", "participant_id", "matched_by",
                                                "turns", "talk_seconds"]),
        "unattributed_cues": len(blank),
        "unattributed_seconds": float(sum(c.end - c.start for c in blank)),
        "warnings": _absent_speakers(project, meeting_id, set(frame["participant_id"])),
    }
    return frame, summary


def _unmatched(match: Match, cues: list[Cue], file: str) -> Problem:
    mine = [c for c in cues if c.speaker == match.name]
    said = f"{len(mine)} cue{'s' if len(mine) != 1 else ''}, first at {mine[0].where}"
    if match.how == "ambiguous":
        message = (f"speaker '{match.name}' ({said}) matches more than one participant "
                   f"({', '.join(match.candidates)}); say which in --speakers MAP.csv "
                   "(speaker,participant_id)")
    else:
        message = (f"speaker '{match.name}' ({said}) matches no participant's name or id; add "
                   "them to participants.csv, or map them in --speakers MAP.csv "
                   "(speaker,participant_id; a blank participant_id leaves them out)")
    return Problem(file, None, "speaker", match.name, message, code="unmatched_name")


def _absent_speakers(project: Project, meeting_id: str, heard: set[str]) -> list[str]:
    register = project.attendance
    here = register["meeting_id"].eq(meeting_id).fillna(False)
    absent = register.loc[here & marked_absent(register),
                          "participant_id"]
    return [f"{pid} speaks in the transcript, but the register (attendance) says they were not "
            f"present at {meeting_id}; speaking counts as present in the talk-time figures"
            for pid in absent if pid in heard]
