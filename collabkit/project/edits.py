"""Change one table of a project on disk, safely, with nothing else touched.

Widgets and scripts that capture data (agenda, groups, reflections,
checklist, decisions, glossary, aims) all save through :func:`edit_table`:

1. take an exclusive lock on the project (``.project.lock`` beside the
   tables, or beside a workbook), so two widgets or two notebooks saving at
   once never lose each other's changes;
2. load the project **fresh from disk** (so a change made elsewhere since the
   widget opened is kept), and apply the change to it;
3. validate the result (:meth:`collabkit.project.project.Project.with_table`): bad data
   raises :class:`~collabkit.errors.DataError` and nothing is written;
4. write only the changed table's CSV file atomically (a temporary file
   renamed into place); a workbook is rewritten whole, atomically.

Writing only the one table matters during a meeting: the live tally appends
to ``events.csv`` while other tables are saved, and a save of the whole
project from a stale copy would throw those events away.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from collabkit.errors import ActionError
from collabkit.model import Model
from collabkit.project.locking import exclusive_lock
from collabkit.project.project import WORKBOOK_SUFFIXES, Project, load_project, to_text
from collabkit.project.schema import TABLES
from collabkit.project.storage import write_csv

__all__ = ["edit_table", "is_workbook", "project_lock", "LOCK_NAME"]

#: Name of the lock file kept beside the project's tables while one is saved.
LOCK_NAME = ".project.lock"


def is_workbook(path: str | os.PathLike) -> bool:
    """Whether ``path`` names a one-file ``.xlsx`` project rather than a folder."""
    return Path(path).suffix.lower() in WORKBOOK_SUFFIXES


@contextlib.contextmanager
def project_lock(path: str | os.PathLike) -> Iterator[None]:
    """Hold an exclusive lock on the project at ``path`` (folder or workbook)."""
    path = Path(path)
    lock = (path.parent / f".{path.name}.lock") if is_workbook(path) else path / LOCK_NAME
    with exclusive_lock(lock):
        yield


def edit_table(path: str | os.PathLike, name: str,
               change: Callable[[Project], pd.DataFrame], *,
               model: Model | None = None) -> Project:
    """Replace table ``name`` of the project at ``path`` with ``change(project)``.

    Parameters
    ----------
    path : str or Path
        A project folder or ``.xlsx`` workbook.
    name : str
        The table to change (a key of :data:`collabkit.project.schema.TABLES`).
    change : callable
        Given the project as it is on disk now, returns the new table. It may
        raise :class:`~collabkit.errors.ActionError` to refuse the change.
    model : Model, optional
        The model to check the project against (see
        :func:`collabkit.project.load_project`).

    Returns
    -------
    Project
        The project as saved.

    Raises
    ------
    ActionError
        From ``change``; or the path is not a project.
    DataError
        The project on disk does not validate, or the new table would make it
        invalid. Nothing is written.
    OSError
        The file could not be written (read-only folder, full disk); the old
        file is left as it was.
    """
    if name not in TABLES:
        raise ActionError(f"no table named '{name}'; tables: {', '.join(TABLES)}")
    path = Path(path)
    if not path.exists():
        raise ActionError(f"{path}: no such project folder or workbook")
    with project_lock(path):
        project = load_project(path, model=model)
        frame = change(project)
        updated = project.with_table(name, frame)
        if is_workbook(path):
            updated.save(path)
        else:
            write_csv(path / TABLES[name].file_name, to_text(updated.tables[name]))
    return updated

