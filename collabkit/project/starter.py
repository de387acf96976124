"""A blank project to fill in, made from the templates in ``templates/project``.

:func:`init_project` is what ``collabkit init`` runs: a folder holding
``project.yaml`` (with a comment on every field) and one CSV per table with
just its header, or one ``.xlsx`` workbook with a sheet per table and the
``project`` sheet.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from collabkit.errors import DataError, Problem
from collabkit.project.atomic import _umask
from collabkit.project.folders import read_folder
from collabkit.project.workbook import write_workbook
from collabkit.resources import find_repo_path

__all__ = ["TEMPLATE_DIR", "init_project"]

#: The blank project: ``project.yaml`` and one header-only CSV per table.
TEMPLATE_DIR = find_repo_path("templates/project")


def init_project(directory: str | os.PathLike, *, workbook: bool = False) -> Path:
    """Write a blank project, ready to fill in.

    Parameters
    ----------
    directory : path
        The project folder to create. With ``workbook=True``, the workbook is
        this path with ``.xlsx`` added (unless it already ends in ``.xlsx``).
    workbook : bool
        Write one ``.xlsx`` workbook (every table as a sheet with its header,
        plus the ``project`` sheet of key/value rows) instead of a folder of
        CSV files.

    Returns
    -------
    Path
        The folder or workbook written.

    Raises
    ------
    DataError
        With code ``already_exists`` when the folder or workbook is already
        there and not empty; nothing is written.

    Notes
    -----
    Nothing half-made is left behind: the folder is built in a hidden folder
    beside it and renamed into place, and the workbook is written to a
    temporary file and renamed.
    """
    directory = Path(directory)
    if workbook and directory.suffix.lower() != ".xlsx":
        target = directory.with_name(directory.name + ".xlsx")
    else:
        target = directory
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        kind = "folder" if target.is_dir() else "file"
        raise DataError(Problem(str(target), None, None, None,
                                f"the {kind} already exists and is not empty; choose a new "
                                "name (nothing was written)", code="already_exists"))
    if workbook:
        info, tables, problems = read_folder(TEMPLATE_DIR)
        if problems:  # the bundled templates themselves are broken
            raise DataError(problems)
        write_workbook(target, info or {},
                       {name: frame for name, frame in tables.items() if frame is not None})
    else:
        _copy_templates(target)
    return target


def _copy_templates(target: Path) -> None:
    """Copy every template file into ``target`` at once, through a hidden folder beside it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp",
                                     dir=target.parent))
    try:
        for item in sorted(TEMPLATE_DIR.iterdir()):
            if item.is_file() and not item.name.startswith("."):
                shutil.copyfile(item, building / item.name)
        os.chmod(building, 0o777 & ~_umask())  # mkdtemp makes folders owner-only
        if target.exists():
            target.rmdir()  # empty: checked by the caller
        os.replace(building, target)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
