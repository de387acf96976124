"""Reading raw project files and writing them safely.

Reading gives every table as text exactly as the user typed it (a DataFrame of
``str``, blank cells as ``""``), plus the problems met on the way (missing
file, empty file, binary garbage, wrong encoding). Turning text into typed
columns is :mod:`collabkit.project.validate`'s job.

Writing always goes to a temporary file in the destination folder that is
then renamed into place (:func:`atomic_write`), so a crash never leaves a
half-written file behind.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import stat
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from collabkit.errors import Problem
from collabkit.project.atomic import atomic_write  # noqa: F401 (its users import it from here)
from collabkit.project.schema import PROJECT_FILE, TABLES

ENCODINGS = ("utf-8-sig", "cp1252")


def decode_text(data: bytes, file: str) -> tuple[str | None, Problem | None]:
    """Decode CSV bytes as UTF-8 (with or without BOM), else Windows-1252."""
    problem = _binary(data[:4096], file)
    if problem:
        return None, problem
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError:
            continue
    return None, _wrong_encoding(file)


def _binary(head: bytes, file: str) -> Problem | None:
    """A problem when a file's first bytes show a workbook or binary data, not text."""
    if head.startswith(b"PK\x03\x04"):
        return Problem(
            file, None, None, None,
            "this is an Excel workbook, not a CSV file; save the sheet as "
            "'CSV UTF-8' or load the whole .xlsx workbook instead",
            code="unreadable_file",
        )
    if b"\x00" in head:
        return Problem(
            file, None, None, None,
            "this is not a text CSV file (it contains binary data); save it as 'CSV UTF-8'",
            code="unreadable_file",
        )
    return None


def _wrong_encoding(file: str) -> Problem:
    return Problem(
        file, None, None, None,
        "cannot read the text: it is neither UTF-8 nor Windows-1252; save it as 'CSV UTF-8'",
        code="wrong_encoding",
    )


CHUNK_BYTES = 1 << 20


def file_encoding(path: Path) -> tuple[str | None, list[Problem]]:
    """The encoding of a text file (of :data:`ENCODINGS`), checked a chunk at a time.

    The problems are as :func:`decode_text` gives them, plus an empty (or
    all-blank) file; the file is never held in memory whole.
    """
    file = str(path)
    with path.open("rb") as handle:
        head = handle.read(4096)
    problem = _binary(head, file) if head.strip() else None
    if problem:
        return None, [problem]
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        blank = True
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    text = decoder.decode(chunk)
                    blank = blank and not text.strip()
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if blank:
            return None, [_empty(file)]
        return encoding, []
    return None, [_wrong_encoding(file)]


def _empty(file: str) -> Problem:
    return Problem(file, None, None, None, "the file is empty; expected a header row",
                   code="empty_file")


def read_csv_text(text: str, file: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse CSV text into a DataFrame of strings (blank cells are "").

    The frame's index keeps each row's place in the file (spreadsheet row =
    index + 2). Blank lines are skipped. Rows shorter than the header are
    padded with blanks (spreadsheets drop trailing empty cells); a row with
    extra non-blank cells is a problem.
    """
    if not text.strip():
        return None, [_empty(file)]
    return _read_csv(io.StringIO(text, newline=""), lambda: text, file)


def _read_csv(source: io.StringIO | Path, text: Callable[[], str], file: str, *,
              encoding: str | None = None, compact: bool = False,
              ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read CSV ``source`` with pandas' C parser, or ``text()`` row by row if it is malformed."""
    if isinstance(source, Path):
        with source.open(encoding=encoding, newline="") as handle:
            header = _header(handle)
    else:
        header = _header(source)
        source.seek(0)
    if len(header) == 1 and header[0].count(";") >= 1:
        return None, [Problem(
            file, 1, None, header[0][:80],
            f"the header '{header[0][:80]}' is separated by ';', not ','; collabkit reads "
            "comma-separated files: in Excel save as 'CSV UTF-8 (Comma delimited)', in "
            "LibreOffice choose ',' as the field delimiter", code="missing_column")]
    try:  # fast path: pandas' C parser, for well-formed files
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            options = {"encoding": encoding, "keep_default_na": False, "na_filter": False,
                       "index_col": False, "skip_blank_lines": False}
            if compact:
                frame = _categories(pd.read_csv(source, dtype=object, chunksize=CHUNK_ROWS,
                                                **options), header)
            else:
                frame = pd.read_csv(source, dtype=str, **options)
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return _read_csv_records(text(), file)
    if len(header) != len(frame.columns) or not all(header):
        return _read_csv_records(text(), file)
    frame.columns = header  # as written: pandas renames a repeated 'role' to 'role.1'
    if len(frame.columns):
        maybe_blank = frame.index[_blank_cells(frame.iloc[:, 0])]
        if len(maybe_blank):
            blank = maybe_blank[(frame.loc[maybe_blank].apply(lambda c: c.str.strip()) == "")
                                .all(axis=1)]
            frame = frame.drop(index=blank)
    return frame, []


def _blank_cells(column: pd.Series) -> np.ndarray:
    """Which cells of a text column are blank or only spaces (a categorical's judged per category)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        spaces = [at for at, value in enumerate(column.cat.categories) if not value.strip()]
        return np.isin(column.cat.codes.to_numpy(), spaces)
    return (column.str.strip() == "").to_numpy(dtype=bool)


#: Rows read at a time when a table is read compactly: small enough that the
#: parser's text for one chunk stays a few MB, large enough not to slow reading.
CHUNK_ROWS = 50_000


def _categories(chunks: Iterable[pd.DataFrame], header: list[str]) -> pd.DataFrame:
    """One frame of categorical text columns from chunks of text (each chunk freed as read).

    Categories stay the text as typed (``"017"``, ``" 3"``), never numbers.
    Each chunk's values are numbered against the distinct values seen so far,
    so only the numbers (in the smallest integer type that holds them) and
    one copy of each distinct value are kept.
    """
    firsts: dict[str, np.ndarray] = {}  # the first chunk's distinct values, in order
    seen: dict[str, dict[str, int]] = {}  # made only when a second chunk comes
    codes: dict[str, list[np.ndarray]] = {}
    names: list[str] = list(header)
    for chunk in chunks:
        names = [str(c) for c in chunk.columns]
        cells = chunk.to_numpy(dtype=object)  # one array for the chunk, not one per column
        for at, name in enumerate(names):
            numbers, uniques = pd.factorize(cells[:, at])
            if name not in firsts:  # the first chunk: its distinct values in order are the codes
                firsts[name] = uniques
                codes[name] = [numbers.astype(np.min_scalar_type(-max(len(uniques), 1)))]
                continue
            if name not in seen:
                seen[name] = dict(zip(firsts[name], range(len(firsts[name])), strict=True))
            known = seen[name]
            to_code = np.fromiter((known.setdefault(u, len(known)) for u in uniques),
                                  dtype=np.int32, count=len(uniques))
            small = np.min_scalar_type(-max(len(known), 1))  # int8 up to 128 values, ...
            codes[name].append(to_code.astype(small)[numbers])
        del chunk, cells  # before the reader makes the next one
    columns = {}
    for name in names:  # one column at a time, each column's numbers freed once joined
        pieces = codes.pop(name, [np.array([], dtype=np.int8)])
        values = list(seen.pop(name)) if name in seen else firsts.pop(name, [])
        columns[name] = pd.Categorical.from_codes(
            pieces[0] if len(pieces) == 1 else np.concatenate(pieces),
            categories=pd.Index(values, dtype=object),
            validate=False)  # each code was numbered against these categories above
    if len(columns) == len(names):  # the usual case: pandas made the names distinct
        return pd.DataFrame(columns)
    return pd.DataFrame(columns, columns=names)


def _header(lines: Iterable[str]) -> list[str]:
    """The first row of CSV ``lines``, each cell trimmed ([] when it cannot be read)."""
    try:
        return [cell.strip() for cell in next(csv.reader(lines), [])]
    except (csv.Error, UnicodeDecodeError):
        return []


def _read_csv_records(text: str, file: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Slow path: read record by record to say exactly which rows are malformed."""
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [Problem(file, None, None, None, f"cannot read this CSV file: {exc}",
                              code="unreadable_file")]
    header = [h.strip() for h in records[0]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    problems: list[Problem] = []
    rows: list[list[str]] = []
    numbers: list[int] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank line
        if len(record) > width and any(c.strip() for c in record[width:]):
            problems.append(Problem(
                file, number, None, None,
                f"this row has {len(record)} cells but the header has {width}; check for a "
                "stray comma or an unquoted comma inside a text cell (wrap it in quotes)",
                code="ragged_row",
            ))
            continue
        rows.append((record + [""] * width)[:width])
        numbers.append(number - 2)
    if rows:
        frame = pd.DataFrame(rows, columns=header, dtype=str, index=numbers)
    else:
        frame = pd.DataFrame({h: pd.Series([], dtype=str) for h in header})
    return frame, problems


def read_csv_file(path: Path, *, compact: bool = False
                  ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV file as a frame of strings (None if unreadable) and the problems found.

    pandas reads the file itself (its encoding checked first, a chunk at a
    time), so a large file is never held in memory as one piece of text.
    With ``compact``, each column is a categorical of its text: a long table
    repeats its ids and codes on every row, and this keeps each distinct
    value once (a 200 MB events.csv then takes about a tenth of the memory).
    """
    file = str(path)
    strange = not_a_regular_file(path)
    if strange:
        return None, [strange]
    try:
        encoding, problems = file_encoding(path)
        if encoding is None:
            return None, problems
        return _read_csv(path, lambda: path.read_text(encoding=encoding), file,
                         encoding=encoding, compact=compact)
    except OSError as exc:
        return None, [Problem(file, None, None, None, f"cannot open the file: {exc.strerror}",
                              code="unreadable_file")]


#: The largest file collabkit reads as one table (a million coded events is about 60 MB).
MAX_FILE_BYTES = 512 * 1024 * 1024


def not_a_regular_file(path: Path) -> Problem | None:
    """A problem when ``path`` is a broken link, not a plain file (a pipe, a device), or huge.

    Checked before reading, so a link to nowhere is not read as "no events",
    a named pipe cannot hang the reader and ``/dev/zero`` cannot fill memory.
    """
    file = str(path)
    if path.is_symlink() and not path.exists():
        return Problem(file, None, None, None, "the file is a link to something that does not "
                       "exist; replace it with the file itself", code="unreadable_file")
    try:
        status = path.stat()
    except OSError as exc:
        return Problem(file, None, None, None, f"cannot open the file: {exc.strerror}",
                       code="unreadable_file")
    if not stat.S_ISREG(status.st_mode):
        return Problem(file, None, None, None, "this is not an ordinary file (a folder, pipe or "
                       "device?); put the table's own file here", code="unreadable_file")
    if status.st_size > MAX_FILE_BYTES:
        return Problem(file, None, None, None, f"the file is {status.st_size // 2**20} MB, more "
                       f"than the {MAX_FILE_BYTES // 2**20} MB collabkit reads as one table",
                       code="unreadable_file")
    return None


def cell_text(value) -> str:
    """One cell or YAML value as the text a user would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def write_folder(folder: Path, info: dict[str, str], tables: dict[str, pd.DataFrame]) -> None:
    """Write a project folder: ``project.yaml`` and one CSV per table, atomically each."""
    folder.mkdir(parents=True, exist_ok=True)
    nested: dict = {}
    for key, value in info.items():
        if "." in key:
            head, sub = key.split(".", 1)
            nested.setdefault(head, {})[sub] = value
        else:
            nested[key] = value
    with atomic_write(folder / PROJECT_FILE, encoding="utf-8") as handle:
        yaml.safe_dump(nested, handle, sort_keys=False, allow_unicode=True)
    for name, frame in tables.items():
        write_csv(folder / TABLES[name].file_name, frame)


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """Write ``frame`` to ``path`` atomically as UTF-8 CSV, without the index."""
    with atomic_write(path, encoding="utf-8", newline="") as handle:
        frame.to_csv(handle, index=False, lineterminator="\n")
