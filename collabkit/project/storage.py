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

import contextlib
import csv
import datetime as dt
import functools
import io
import os
import stat
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import yaml

from collabkit.errors import Problem
from collabkit.project.schema import PROJECT_FILE, TABLES

ENCODINGS = ("utf-8-sig", "cp1252")


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", **kwargs) -> Iterator:
    """Open a temporary file beside ``path``; rename it over ``path`` on success.

    On any exception the temporary file is removed and ``path`` is untouched.
    The data is flushed and fsynced before the rename.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes files owner-only
        os.replace(tmp, path)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(error, OSError) and error.filename is None:
            error.filename = str(path)  # "No space left on device: <the file being written>"
        raise


@functools.cache
def _umask() -> int:
    """The process umask, read once (reading it means setting it briefly)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def decode_text(data: bytes, file: str) -> tuple[str | None, Problem | None]:
    """Decode CSV bytes as UTF-8 (with or without BOM), else Windows-1252."""
    head = data[:4096]
    if head.startswith(b"PK\x03\x04"):
        return None, Problem(
            file, None, None, None,
            "this is an Excel workbook, not a CSV file; save the sheet as "
            "'CSV UTF-8' or load the whole .xlsx workbook instead",
            code="unreadable_file",
        )
    if b"\x00" in head:
        return None, Problem(
            file, None, None, None,
            "this is not a text CSV file (it contains binary data); save it as 'CSV UTF-8'",
            code="unreadable_file",
        )
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError:
            continue
    return None, Problem(
        file, None, None, None,
        "cannot read the text: it is neither UTF-8 nor Windows-1252; save it as 'CSV UTF-8'",
        code="wrong_encoding",
    )


def read_csv_text(text: str, file: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Parse CSV text into a DataFrame of strings (blank cells are "").

    The frame's index keeps each row's place in the file (spreadsheet row =
    index + 2). Blank lines are skipped. Rows shorter than the header are
    padded with blanks (spreadsheets drop trailing empty cells); a row with
    extra non-blank cells is a problem.
    """
    if not text.strip():
        return None, [Problem(file, None, None, None, "the file is empty; expected a header row",
                              code="empty_file")]
    header = _header(text)
    if len(header) == 1 and header[0].count(";") >= 1:
        return None, [Problem(
            file, 1, None, header[0][:80],
            f"the header '{header[0][:80]}' is separated by ';', not ','; collabkit reads "
            "comma-separated files: in Excel save as 'CSV UTF-8 (Comma delimited)', in "
            "LibreOffice choose ',' as the field delimiter", code="missing_column")]
    try:  # fast path: pandas' C parser, for well-formed files
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                                na_filter=False, index_col=False, skip_blank_lines=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return _read_csv_records(text, file)
    if len(header) != len(frame.columns) or not all(header):
        return _read_csv_records(text, file)
    frame.columns = header  # as written: pandas renames a repeated 'role' to 'role.1'
    if len(frame.columns):
        maybe_blank = frame.index[frame.iloc[:, 0].str.strip() == ""]
        if len(maybe_blank):
            blank = maybe_blank[(frame.loc[maybe_blank].apply(lambda c: c.str.strip()) == "")
                                .all(axis=1)]
            frame = frame.drop(index=blank)
    return frame, []


def _header(text: str) -> list[str]:
    """The first row of CSV ``text``, each cell trimmed ([] when it cannot be read)."""
    try:
        return [cell.strip() for cell in next(csv.reader(io.StringIO(text, newline="")), [])]
    except csv.Error:
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


def read_csv_file(path: Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV file as a frame of strings (None if unreadable) and the problems found."""
    file = str(path)
    strange = not_a_regular_file(path)
    if strange:
        return None, [strange]
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(file, None, None, None, f"cannot open the file: {exc.strerror}",
                              code="unreadable_file")]
    if not data.strip():
        return None, [Problem(file, None, None, None, "the file is empty; expected a header row",
                              code="empty_file")]
    text, problem = decode_text(data, file)
    if problem or text is None:
        return None, [problem] if problem else []
    return read_csv_text(text, file)


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
