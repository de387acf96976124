"""Workbooks: a project as one ``.xlsx`` file, a sheet per table plus a ``project`` sheet.

Reading gives the same raw text a CSV folder would (see
:mod:`collabkit.project.storage`); writing keeps every text cell as text, so
nothing a person typed becomes a spreadsheet formula.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from pathlib import Path

import pandas as pd

from collabkit.errors import Problem
from collabkit.project.headers import header_key
from collabkit.project.schema import PROJECT_SHEET, TABLES
from collabkit.project.storage import atomic_write, cell_text, not_a_regular_file
from collabkit.project.workbook_cells import (
    Layout,
    formula_problem,
    has_formulas,
    uncached_formulas,
)


def read_workbook(path: Path) -> tuple[dict | None, dict[str, pd.DataFrame | None],
                                      list[Problem], Layout]:
    """Read a one-sheet-per-table ``.xlsx`` workbook, and how its sheets are laid out.

    Long on purpose: the workbook is opened once and every sheet read inside
    one ``try``/``finally`` that closes it, whatever goes wrong; each way it
    can fail to open gets its own plain message. The :class:`Layout` names
    the cell of each problem found later (:func:`workbook_cells.locate`);
    formula cells with no saved result are problems here, naming the cell.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    file = str(path)
    layout = Layout(project=f"{file}[{PROJECT_SHEET}]")
    strange = not_a_regular_file(path) if path.exists() or path.is_symlink() else None
    if strange:
        return None, {}, [strange], layout
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        return None, {}, [Problem(file, None, None, None, "the workbook does not exist",
                                  code="missing_file")], layout
    except (InvalidFileException, OSError, KeyError, ValueError, TypeError) as exc:
        reason = str(exc).split("\n")[0] or type(exc).__name__
        return None, {}, [Problem(file, None, None, None,
                                  f"this is not a readable .xlsx workbook ({reason}); save it "
                                  "from Excel or LibreOffice as 'Excel Workbook (.xlsx)'",
                                  code="unreadable_file")], layout
    except Exception as exc:  # zipfile.BadZipFile and other corrupt-archive errors
        return None, {}, [Problem(file, None, None, None,
                                  f"this is not a readable .xlsx workbook ({type(exc).__name__}); "
                                  "save it as 'Excel Workbook (.xlsx)'",
                                  code="unreadable_file")], layout
    problems: list[Problem] = []
    sheets = {name.strip().lower(): name for name in book.sheetnames}
    read: dict[str, str] = {}  # sheet title -> label, of the sheets read
    keys: dict[int, str] = {}  # project sheet row -> its key
    try:
        info: dict | None = None
        if PROJECT_SHEET in sheets:
            read[sheets[PROJECT_SHEET]] = layout.project
            rows = _sheet_rows(book[sheets[PROJECT_SHEET]])
            info = {}
            for number, row in enumerate(rows, start=1):
                if not row or not row[0]:
                    continue
                key = row[0]
                if number == 1 and key.lower() == "key":
                    continue
                info[key] = row[1] if len(row) > 1 else ""
                keys[number] = key
                layout.project_rows.setdefault(header_key(key), number)
        else:
            problems.append(Problem(layout.project, None, None, None,
                                    "the sheet is missing; a workbook needs a 'project' sheet "
                                    "of key/value rows with at least 'id' and 'title'",
                                    code="missing_sheet"))
        tables: dict[str, pd.DataFrame | None] = {}
        for name, table in TABLES.items():
            where = f"{file}[{name}]"
            if name not in sheets:
                if table.required:
                    problems.append(Problem(where, None, None, None,
                                            f"the sheet is missing; every project needs a "
                                            f"'{name}' sheet with columns "
                                            f"{', '.join(table.required_columns)}",
                                            code="missing_sheet"))
                tables[name] = None
                continue
            read[sheets[name]] = where
            rows = _sheet_rows(book[sheets[name]])
            if not rows:
                problems.append(Problem(where, None, None, None,
                                        "the sheet is empty; expected a header row",
                                        code="empty_file"))
                tables[name] = None
                continue
            header = [h.strip() for h in rows[0]]
            layout.headers[where] = header
            tables[name] = _body(rows[1:], header)
    finally:
        book.close()
    if has_formulas(path):
        for label, cells in uncached_formulas(path, read).items():
            for number, position, formula in cells:
                layout.formulas.add((label, number, position))
                header = layout.headers.get(label, [])
                column = (keys.get(number) if label == layout.project else
                          header[position] if number > 1 and position < len(header) else None)
                problems.append(formula_problem(label, number, position, column, formula))
    return info, tables, problems, layout


def _body(rows: list[list[str]], header: list[str]) -> pd.DataFrame:
    """The rows under a header as a table; blank rows left out, each row keeping its place.

    The index is the sheet row minus 2, as for a CSV file, so problems name
    the row a person sees.
    """
    width = len(header)
    kept = [(number, (r + [""] * width)[:width]) for number, r in enumerate(rows)
            if any(cell.strip() for cell in r)]
    return pd.DataFrame([r for _, r in kept], columns=header, dtype=str,
                        index=[number for number, _ in kept])


def _sheet_rows(sheet) -> list[list[str]]:
    rows = [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    while rows and not any(rows[-1]):
        rows.pop()
    # keep interior blank rows so row numbers stay what the user sees
    if rows:
        width = max(len(r) for r in rows)
        while width and not any(len(r) >= width and r[width - 1] for r in rows):
            width -= 1
        rows = [r[:width] for r in rows]
    return rows


def write_workbook(path: Path, info: dict[str, str], tables: dict[str, pd.DataFrame], *,
                   timestamp: datetime | None = None) -> None:
    """Write a one-sheet-per-table ``.xlsx`` workbook atomically.

    Every cell is written as text, or as a number when the text is exactly
    how that number reads back ("12", "2.5"; never "017"), so a cell starting
    with ``=`` stays the text a person typed and never becomes a formula
    (spreadsheet formula injection), and reading the workbook back gives the
    same text, byte for byte. With ``timestamp`` (1980 or later), the
    workbook's created and modified times and the times of the files inside
    it are that moment instead of now, so the same tables give the same
    bytes (the bundled examples). The archive is built in memory and written
    in one go, so a full disk is one clear ``OSError`` naming ``path`` and
    leaves no file and no half-closed archive behind.
    """
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheets = {PROJECT_SHEET: pd.DataFrame({"key": list(info), "value": list(info.values())}),
              **tables}
    for name, frame in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append([_text_cell(sheet, column) for column in frame.columns])
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_text_cell(sheet, value) for value in row])
    data = io.BytesIO()  # built in memory, so the archive is whole and closed before any
    book.save(data)      # byte reaches the disk: a full disk fails one plain write, cleanly
    body = data.getvalue() if timestamp is None else _at_time(data.getvalue(), timestamp)
    with atomic_write(path, "wb") as handle:
        handle.write(body)


def _at_time(data: bytes, moment: datetime) -> bytes:
    """The ``.xlsx`` archive ``data`` with every time in it (files, document properties) at ``moment``."""
    import zipfile

    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, body)
            fixed = zipfile.ZipInfo(item.filename, moment.timetuple()[:6])
            fixed.external_attr = item.external_attr
            target.writestr(fixed, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _text_cell(sheet, value):
    """A write-only cell holding ``value`` as text (or as a number that reads back the same)."""
    from openpyxl.cell import WriteOnlyCell

    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if _NUMBER.fullmatch(text):
        number = float(text) if "." in text else int(text)
        if cell_text(number) == text:
            return WriteOnlyCell(sheet, value=number)
    cell = WriteOnlyCell(sheet, value=text if text else None)
    if text:
        cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?")
