"""Where in a workbook a problem is: its sheet and cell, and formulas with no saved result.

Problems are found on tables, by column name and row (see
:mod:`collabkit.project.validate`). For a workbook, :func:`locate` adds the
cell a person would click (``cell C3``), from the header row as it was
written, and gives problems about the ``project`` sheet the row of their key.
:func:`uncached_formulas` finds formula cells whose result was never saved
(a workbook written by a program rather than saved by a spreadsheet), which
read as blank: the problem names the cell and the formula instead.
"""

from __future__ import annotations

import dataclasses
import re
import zipfile
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

from collabkit.errors import Problem
from collabkit.project.headers import column_letter, header_key

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # an <f> element, with or without a prefix
_CHUNK = 1 << 20


@dataclass
class Layout:
    """How a workbook's sheets were laid out, to name the cell of each problem."""

    #: Sheet label (``book.xlsx[participants]``) -> its header row as written.
    headers: dict[str, list[str]] = field(default_factory=dict)
    #: The project sheet's label and, per field (as :func:`header_key`), its row.
    project: str = ""
    project_rows: dict[str, int] = field(default_factory=dict)
    #: (sheet label, row, 0-based column) of each formula with no saved result.
    formulas: set[tuple[str, int, int]] = field(default_factory=set)


def locate(problems: list[Problem], layout: Layout) -> list[Problem]:
    """``problems`` with the cell of each named (``... (cell C3)``) where it is known.

    A problem about a cell already reported as a formula with no saved result
    (it reads as blank) is left out: the formula is the thing to fix.
    """
    located = []
    for problem in problems:
        row, position = _cell(problem, layout)
        if row is None or position is None:
            located.append(problem)
            continue
        if problem.code == "formula_without_value":
            located.append(problem)
            continue
        if (problem.file, row, position) in layout.formulas:
            continue
        located.append(dataclasses.replace(
            problem, row=row, message=f"{problem.message} (cell {column_letter(position)}{row})"))
    return located


def _cell(problem: Problem, layout: Layout) -> tuple[int | None, int | None]:
    if not problem.column:
        return None, None
    if problem.file == layout.project:
        row = layout.project_rows.get(header_key(problem.column))
        return (row, 1) if row is not None else (None, None)
    header = layout.headers.get(problem.file)
    if header is None or problem.row is None or problem.row < 2:
        return None, None
    keys = [header_key(h) for h in header]
    wanted = header_key(problem.column)
    return (problem.row, keys.index(wanted)) if wanted in keys else (problem.row, None)


def has_formulas(path: Path) -> bool:
    """True when any worksheet of the ``.xlsx`` at ``path`` holds a formula (a quick scan)."""
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with archive.open(name) as sheet:
                    tail = b""
                    while chunk := sheet.read(_CHUNK):
                        if _FORMULA.search(tail + chunk):
                            return True
                        tail = chunk[-16:]
    except (OSError, zipfile.BadZipFile, KeyError, RuntimeError):
        return False  # openpyxl has read it already; an odd archive is not a formula
    return False


def uncached_formulas(path: Path, sheets: dict[str, str]) -> dict[str, list[tuple[int, int, str]]]:
    """Formula cells with no saved result, per sheet: label -> [(row, 0-based column, formula)].

    ``sheets`` maps each sheet's title to its label. Opens the workbook twice
    more (formulas, then saved results) and walks both side by side; called
    only when :func:`has_formulas` found one, so a plain workbook costs nothing.
    """
    import openpyxl

    found: dict[str, list[tuple[int, int, str]]] = {}
    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    results = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for title, label in sheets.items():
            for row_f, row_v in zip_longest(formulas[title].iter_rows(),
                                            results[title].iter_rows(), fillvalue=()):
                for cell, saved in zip_longest(row_f, row_v):
                    if getattr(cell, "data_type", None) != "f":
                        continue
                    if saved is not None and (saved.value is not None
                                              or saved.data_type != "n"):
                        continue  # a saved result (a blank text result has type "str")
                    text = getattr(cell.value, "text", cell.value)
                    found.setdefault(label, []).append((cell.row, cell.column - 1, str(text)))
    finally:
        formulas.close()
        results.close()
    return found


def formula_problem(label: str, row: int, position: int, column: str | None,
                    formula: str) -> Problem:
    """The problem for one formula cell with no saved result."""
    shown = formula if len(formula) <= 60 else formula[:59] + "…"
    return Problem(label, row, column or None, formula,
                   f"cell {column_letter(position)}{row} holds a formula ({shown}) with no "
                   "saved result, so it reads as blank; collabkit reads the results a "
                   "spreadsheet saves: open the workbook in Excel or LibreOffice and save it, "
                   "or type the value in", code="formula_without_value")
