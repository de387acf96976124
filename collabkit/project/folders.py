"""What a project folder looks like, and what to say when a folder is not one.

A project is a folder holding ``project.yaml`` and the table CSVs, or one
``.xlsx`` workbook. A folder counts as a project when it holds
``project.yaml``, a near miss of it (``project.yml``) or any table's CSV,
so that a project with its ``project.yaml`` forgotten is reported as that,
not skipped. Any other folder given is searched one level down for
projects; a folder with none there either is a problem that says what a
project looks like and, when projects sit one level deeper, where they are.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from collabkit.errors import Problem
from collabkit.project.schema import PROJECT_FILE, TABLES

if TYPE_CHECKING:
    import pandas as pd

WORKBOOK_SUFFIXES = (".xlsx",)

#: What a project is, in the words every "not a project" problem uses.
LOOKS_LIKE = ("a project is a folder holding project.yaml (with 'id' and 'title') and the "
              "table CSV files (participants.csv, meetings.csv, ...), or one .xlsx workbook; "
              "'collabkit init NAME' writes a blank one")

_TABLE_FILES = frozenset(t.file_name for t in TABLES.values())
_MARKERS = frozenset({PROJECT_FILE, "project.yml"}) | _TABLE_FILES
_LISTED = 4  # names quoted in a message before "..."


def _names(folder: Path) -> list[str]:
    try:
        return sorted(p.name for p in folder.iterdir())
    except OSError:
        return []


def is_project_folder(folder: Path) -> bool:
    """True when ``folder`` holds project.yaml, project.yml or any table's CSV (any case)."""
    return any(name.lower() in _MARKERS for name in _names(folder))


def is_workbook(path: Path) -> bool:
    """True for an ``.xlsx`` file that is not Excel's lock file (``~$``) or hidden."""
    return (path.suffix.lower() in WORKBOOK_SUFFIXES
            and not path.name.startswith(("~$", ".")))


def projects_inside(folder: Path) -> list[Path]:
    """The project folders and workbooks directly inside ``folder``, sorted."""
    found = []
    for child in (folder / name for name in _names(folder) if not name.startswith(".")):
        if child.is_dir() and is_project_folder(child):
            found.append(child)
        elif is_workbook(child) and (child.is_file() or child.is_symlink()):
            found.append(child)
    return found


def find_projects(paths: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    """Project paths from a mix of project paths and folders of projects.

    A folder holding ``project.yaml`` (or any table's CSV: a project with
    its ``project.yaml`` forgotten) is a project; any other folder is
    searched one level down for project folders and ``.xlsx`` workbooks. A
    folder with none there is kept as it is, so that loading it says it is
    not a project and what one looks like. The same path given twice is
    kept once (a link to a project counts as the project itself). Reads
    only folder listings (no pandas): ``collabkit report`` counts the
    projects with it to start its kernels first thing.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    found: list[Path] = []
    for item in map(Path, paths):
        inside = projects_inside(item) if item.is_dir() and not is_project_folder(item) else []
        found += inside or [item]
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _quoted(names: list[str]) -> str:
    return ", ".join(names[:_LISTED]) + (", ..." if len(names) > _LISTED else "")


def not_a_project(folder: Path) -> Problem:
    """The problem for a folder that is not a project, saying what one looks like.

    Names what the folder holds instead: nothing, projects (so a folder of
    projects was given where one project is needed), or projects one level
    further down (a folder one level too high).
    """
    inside = projects_inside(folder)
    names = [n for n in _names(folder) if not n.startswith(".")]
    if inside:
        reason = (f"this folder holds {len(inside)} projects ({_quoted([p.name for p in inside])}) "
                  "rather than being one; give one of them")
    elif not names:
        reason = "this folder is empty"
    else:
        deeper = [p for sub in sorted(folder.iterdir()) if sub.is_dir()
                  and not sub.name.startswith(".") for p in projects_inside(sub)]
        holders = sorted({p.parent for p in deeper})
        if holders:
            reason = ("no project here, or in the folders directly inside it; projects were "
                      f"found one level further down, in {_quoted([str(p) for p in holders])}: "
                      "give that folder instead")
        else:
            reason = f"this folder holds no project (it holds {_quoted(names)})"
    return Problem(str(folder), None, None, None, f"not a project: {reason}; {LOOKS_LIKE}",
                   code="not_a_project")


def near_misses(folder: Path) -> dict[str, str]:
    """Files whose names miss a project file only by case or spelling: expected -> found.

    ``project.yml`` or ``Project.yaml`` for ``project.yaml``; ``Events.CSV``
    for ``events.csv``. Only when the expected name itself is absent.
    """
    names = _names(folder)
    present = set(names)
    misses: dict[str, str] = {}
    for name in names:
        lowered = name.lower()
        expected = PROJECT_FILE if lowered in ("project.yml", PROJECT_FILE) else (
            lowered if lowered in _TABLE_FILES else None)
        if expected and expected != name and expected not in present:
            misses.setdefault(expected, name)
    return misses


def read_folder(folder: Path) -> tuple[dict | None, dict[str, pd.DataFrame | None], list[Problem]]:
    """Read ``project.yaml`` and every table CSV of a project folder."""
    from collabkit.project.project_yaml import read_project_yaml
    from collabkit.project.storage import read_csv_file

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
        frame, found = read_csv_file(path, compact=True)  # typed by validate, column by column
        problems += found
        tables[name] = frame
    return info, tables, problems


def _misnamed(folder: Path, expected: str, found: str) -> Problem:
    return Problem(str(folder / found), None, None, None,
                   f"collabkit reads {expected}, not {found}: rename the file {expected}",
                   code="missing_file")
