"""Reading another coder's file: BORIS's tabular events export, or a plain CSV of events.

`BORIS <https://www.boris.unito.it>`_ (Behavioral Observation Research
Interactive Software) exports each observation's events as a table
(Observations > Export events > Tabular events), as TSV, CSV or XLSX. Its
columns, as BORIS 8 and later write them: ``Observation id``, ``Observation
date``, ``Description``, ``Observation duration``, ``Observation type``,
``Source``, ``Time offset (s)``, ``Media duration (s)``, ``FPS``, any
independent variables, ``Subject``, ``Behavior``, ``Behavioral category``,
``Modifier #1`` ... ``Modifier #n``, ``Behavior type`` (``START``, ``STOP``
or ``POINT``), ``Time`` (seconds), ``Media file name``, ``Image index``,
``Image file path``, ``Comment``. Older exports put the observation id in
rows above the header, one ``Modifiers`` column (``|`` between them) and the
kind of row in ``Status``; both are read.

Each ``POINT`` row, and the ``START`` of a state event, is one contribution
(its ``STOP`` row only ends it). The subject is the participant, the
behaviour the move and the modifiers its mode and focus; matching them to the
project is :mod:`collabkit.imports.events`'s job.

A plain CSV has one contribution a row, with the events table's own column
names (``meeting_id``, ``participant_id``, ``move``, ``t_seconds``, ``mode``,
``focus``, ``group``, ``note``) or others named by a column map.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from collabkit.errors import DataError, Problem
from collabkit.project.storage import cell_text, decode_text, not_a_regular_file

__all__ = ["CSV_COLUMNS", "CodedRow", "read_boris", "read_event_csv", "read_rows"]

#: Columns a plain CSV of events may have (after a column map): the events table's.
CSV_COLUMNS = ("meeting_id", "participant_id", "move", "t_seconds", "mode", "focus", "group",
               "note")
_STATUS = ("status", "behavior type", "behaviour type")
_TIME = ("time", "start (s)")
_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")


@dataclass(frozen=True)
class CodedRow:
    """One contribution as another tool wrote it, before it is matched to the project.

    Attributes
    ----------
    row : int
        Where it is in the file, as a spreadsheet counts rows (header = 1 for a
        plain CSV; BORIS's preamble rows are counted too).
    observation : str
        BORIS's observation id, or the CSV's ``meeting_id`` ("" if none).
    subject, behaviour : str
        Who (a name or id) and which action, as written.
    modifiers : tuple of str
        BORIS's modifiers (mode and focus among them), as written.
    values : dict of str to str
        Other columns as written: ``t_seconds``, ``mode``, ``focus``,
        ``group``, ``note``.
    """

    row: int
    observation: str
    subject: str
    behaviour: str
    modifiers: tuple[str, ...] = ()
    values: dict[str, str] = field(default_factory=dict)


def read_rows(path: Path) -> list[list[str]]:
    """Every row of a TSV, CSV or XLSX (first sheet) file as text cells.

    Raises
    ------
    DataError
        The file is missing, not a table, or empty.
    """
    file = str(path)
    if not path.exists():
        raise DataError(Problem(file, None, None, None, "no such file", code="missing_file"))
    strange = not_a_regular_file(path)
    if strange:
        raise DataError(strange)
    if path.suffix.lower() == ".xlsx":
        return _workbook_rows(path)
    text, problem = decode_text(path.read_bytes(), file)
    if problem or text is None:
        raise DataError(problem or Problem(file, None, None, None, "cannot read the file",
                                           code="unreadable_file"))
    if not text.strip():
        raise DataError(Problem(file, None, None, None, "the file is empty", code="empty_file"))
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = "\t" if "\t" in first or path.suffix.lower() in (".tsv", ".tab") else ","
    try:
        return [[cell.strip() for cell in row] for row in
                csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise DataError(Problem(file, None, None, None, f"cannot read this table: {exc}",
                                code="unreadable_file")) from None


def _workbook_rows(path: Path) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file: one plain problem
        raise DataError(Problem(str(path), None, None, None, "this is not a readable .xlsx "
                                f"workbook ({type(exc).__name__})", code="unreadable_file")) from None
    try:
        sheet = book.worksheets[0]
        return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _key(name: str) -> str:
    return " ".join(name.strip().lower().split())


def read_boris(path: str | Path) -> list[CodedRow]:
    """The contributions of a BORIS tabular events export (TSV, CSV or XLSX).

    Returns
    -------
    list of CodedRow
        One per ``POINT`` or ``START`` row (``STOP`` rows end a state and are
        skipped), in file order; ``values`` holds ``t_seconds`` and ``note``
        (BORIS's comment).

    Raises
    ------
    DataError
        Code ``bad_import`` when no header row has ``Subject``, ``Behavior``
        and a time column.

    Examples
    --------
    >>> rows = read_boris("tests/fixtures/boris/m1_second_coder.tsv")
    >>> rows[0].observation, rows[0].subject, rows[0].behaviour, rows[0].modifiers
    ('M1', 'Alex Testperson', 'Move', ('dialogue', 'problem'))
    """
    path = Path(path)
    rows = read_rows(path)
    header_at = next((i for i, row in enumerate(rows)
                      if {"subject", "behavior"} <= {_key(c) for c in row}
                      or {"subject", "behaviour"} <= {_key(c) for c in row}), None)
    if header_at is None:
        raise DataError(Problem(str(path), None, None, None,
                                "this is not a BORIS tabular events export: no header row "
                                "with 'Subject' and 'Behavior' columns (export it from BORIS "
                                "with Observations > Export events > Tabular events)",
                                code="bad_import"))
    header = [_key(c) for c in rows[header_at]]
    where = {name: i for i, name in reversed(list(enumerate(header)))}
    time = next((where[n] for n in _TIME if n in where), None)
    if time is None:
        raise DataError(Problem(str(path), header_at + 1, None, None,
                                "the BORIS export has no 'Time' column", code="bad_import"))
    preamble = next((row[1] for row in rows[:header_at]
                     if len(row) > 1 and _key(row[0]) == "observation id"), "")
    status = next((where[n] for n in _STATUS if n in where), None)
    modifier_columns = [i for i, name in enumerate(header)
                        if name == "modifiers" or name.startswith("modifier #")]
    behaviour = where.get("behavior", where.get("behaviour"))

    def cell(row: list[str], index: int | None) -> str:
        return row[index].strip() if index is not None and index < len(row) else ""

    found = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not any(c.strip() for c in row) or cell(row, status).upper() == "STOP":
            continue
        modifiers = tuple(m.strip() for i in modifier_columns for m in cell(row, i).split("|")
                          if m.strip())
        found.append(CodedRow(
            row=number, observation=cell(row, where.get("observation id")) or preamble,
            subject=cell(row, where["subject"]), behaviour=cell(row, behaviour),
            modifiers=modifiers,
            values={"t_seconds": cell(row, time),
                    "note": cell(row, where.get("comment", where.get("comment start")))}))
    return found


def read_event_csv(path: str | Path, columns: dict[str, str] | None = None) -> list[CodedRow]:
    """The contributions of a plain CSV (or TSV, XLSX), one a row.

    Parameters
    ----------
    path : str or Path
    columns : dict of str to str, optional
        The file's column -> the events column it holds (``{"Speaker":
        "participant_id", "Code": "move"}``); headers are matched like codes
        (case, spaces and hyphens aside). Other columns keep their own name
        when it is one of :data:`CSV_COLUMNS`, and are ignored otherwise.

    Raises
    ------
    DataError
        Code ``missing_column`` when no column gives ``participant_id`` or ``move``.
    """
    path = Path(path)
    rows = read_rows(path)
    renames = {_code(k): v for k, v in (columns or {}).items()}
    header = [renames.get(_code(c), _code(c)) for c in rows[0]] if rows else []
    missing = [c for c in ("participant_id", "move") if c not in header]
    if missing:
        raise DataError([Problem(str(path), 1, name, None,
                                 f"no column gives '{name}'; name it so, or map the file's "
                                 f"column to it in --map (kind,from,to: column,<header>,{name})",
                                 code="missing_column") for name in missing])
    where = {name: i for i, name in reversed(list(enumerate(header))) if name in CSV_COLUMNS}
    found = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        value = {name: (row[i].strip() if i < len(row) else "") for name, i in where.items()}
        found.append(CodedRow(row=number, observation=value.pop("meeting_id", ""),
                              subject=value.pop("participant_id"),
                              behaviour=value.pop("move"), values=value))
    return found


def _code(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def parse_seconds(text: str) -> float | None:
    """Seconds from ``"75.5"`` or a clock ``"1:15.5"`` / ``"0:01:15.5"``; None if neither.

    Examples
    --------
    >>> parse_seconds("75.5"), parse_seconds("1:01:15"), parse_seconds("soon")
    (75.5, 3675.0, None)
    """
    try:
        value = float(text)
    except ValueError:
        clock = _CLOCK.match(text.strip())
        if not clock:
            return None
        hours, minutes, seconds = clock.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    return value if value == value and value not in (float("inf"), float("-inf")) else None
