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
from typing import Any

import pandas as pd
import yaml

from collabkit.errors import Problem
from collabkit.project.folders import near_misses
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
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
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
    try:  # fast path: pandas' C parser, for well-formed files
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                                na_filter=False, index_col=False, skip_blank_lines=False)
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError):
        return _read_csv_records(text, file)
    frame.columns = [str(c).strip() for c in frame.columns]
    if any(c.startswith("Unnamed: ") for c in frame.columns):
        return _read_csv_records(text, file)
    if len(frame.columns):
        maybe_blank = frame.index[frame.iloc[:, 0].str.strip() == ""]
        if len(maybe_blank):
            blank = maybe_blank[(frame.loc[maybe_blank].apply(lambda c: c.str.strip()) == "")
                                .all(axis=1)]
            frame = frame.drop(index=blank)
    return frame, []


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


def read_project_yaml(path: Path) -> tuple[dict | None, list[Problem]]:
    """Read project.yaml as flat text fields (None if unreadable) and the problems found."""
    file = str(path)
    if not path.exists():
        return None, [Problem(file, None, None, None,
                              "the file is missing; a project folder needs project.yaml "
                              "with at least 'id' and 'title'", code="missing_file")]
    strange = not_a_regular_file(path)
    if strange:
        return None, [strange]
    try:
        data = path.read_bytes()
        text, problem = decode_text(data, file)
        if problem or text is None:
            return None, [problem] if problem else []
        found = _unsafe_yaml(text, file)
        if found:
            return None, found
        info = yaml.load(text, Loader=_TextLoader)  # noqa: S506 - a safe loader, as text
    except _DuplicateKey as exc:
        return None, [Problem(file, exc.line, str(exc.key), str(exc.key),
                              f"'{exc.key}' is written twice; keep one line for it",
                              code="duplicate_key")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or "malformed YAML"
        return None, [Problem(file, row, None, None,
                              f"cannot read the YAML: {reason}; write one 'key: value' per line",
                              code="bad_yaml")]
    if info is None:
        return None, [Problem(file, None, None, None, "the file is empty; expected 'id:' and 'title:'",
                              code="empty_file")]
    if not isinstance(info, dict):
        return None, [Problem(file, 1, None, None,
                              "expected 'key: value' lines (a mapping), found "
                              f"{type(info).__name__}", code="bad_yaml")]
    return flatten_info(info), []


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, line: int):
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line = key, line


class _TextLoader(yaml.SafeLoader):
    """A safe loader that keeps every value as the text typed and refuses repeated keys.

    YAML 1.1 would turn ``id: 017`` into 15, ``1:20`` into 80, ``on`` into
    True and ``2025-02-30`` into an error; here each is the text itself, and
    the data contract decides what it must be (a date, a code...).
    """

    yaml_implicit_resolvers: dict = {}  # no guessing: every plain value is text

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = str(self.construct_object(key_node, deep=deep))
            if key in seen:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _unsafe_yaml(text: str, file: str) -> list[Problem]:
    """Problems for YAML that could expand without bound: anchors and aliases, deep nesting.

    project.yaml is a few ``key: value`` lines (``leads`` holds two more);
    refusing anchors, aliases and anything nested deeper before building a
    single value keeps a 400-byte file from taking gigabytes of memory.
    """
    depth = 0
    events = list(yaml.parse(text, Loader=yaml.SafeLoader))  # malformed YAML raises here first
    for event in events:
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return [Problem(file, line, None, None,
                            "anchors and aliases ('&name', '*name') are not allowed in "
                            "project.yaml; write each value out", code="bad_yaml")]
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > 2 or isinstance(event, yaml.SequenceStartEvent):
                return [Problem(file, line, None, None,
                                "project.yaml holds 'key: value' lines (and 'leads:' with "
                                "'pace:' and 'process:' under it); lists and deeper nesting "
                                "are not allowed", code="bad_yaml")]
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
    return []


def flatten_info(info: dict) -> dict[str, str]:
    """``{"leads": {"pace": "P1"}}`` -> ``{"leads.pace": "P1"}``, values as text."""
    flat: dict[str, str] = {}
    for key, value in info.items():
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                flat[f"{key}.{sub}"] = cell_text(subvalue)
        else:
            flat[str(key)] = cell_text(value)
    return flat


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


def read_folder(folder: Path) -> tuple[dict | None, dict[str, pd.DataFrame | None], list[Problem]]:
    """Read ``project.yaml`` and every table CSV of a project folder."""
    problems: list[Problem] = []
    misses = near_misses(folder)
    info, found = read_project_yaml(folder / PROJECT_FILE)
    if PROJECT_FILE in misses and not (folder / PROJECT_FILE).exists():
        found = [_misnamed(folder, PROJECT_FILE, misses[PROJECT_FILE])]
    problems += found
    tables: dict[str, pd.DataFrame | None] = {}
    for name, table in TABLES.items():
        path = folder / table.file_name
        if not path.exists() and not path.is_symlink():
            if table.file_name in misses:
                problems.append(_misnamed(folder, table.file_name, misses[table.file_name]))
            elif table.required:
                problems.append(Problem(
                    str(path), None, None, None,
                    f"the file is missing; every project needs {table.file_name} "
                    f"({table.help}) with columns {', '.join(table.required_columns)}",
                    code="missing_file",
                ))
            tables[name] = None
            continue
        frame, found = read_csv_file(path)
        problems += found
        tables[name] = frame
    return info, tables, problems


def _misnamed(folder: Path, expected: str, found: str) -> Problem:
    return Problem(str(folder / found), None, None, None,
                   f"collabkit reads {expected}, not {found}: rename the file {expected}",
                   code="missing_file")


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
