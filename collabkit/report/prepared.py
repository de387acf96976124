"""A project the batch has checked, handed to the kernel that reports it: read once, not twice.

``collabkit report`` loads and validates each project before its report
runs (an invalid one is refused with all its problems), and the report
notebook's first cell then loaded it again, in the kernel: about a tenth of
a report's CPU. Here the batch writes each checked project to a private
temporary file (:func:`write`); just before a pooled kernel runs the
project's notebook it is told to take it (:data:`PRIME_CODE`, run with the
kernel's reset by :func:`collabkit.report.execute.execute_notebook_job`), and
:func:`collabkit.report.params.open_project` uses it (:func:`take`) instead
of reading the files, but only when it is the same project, checked against
the same model, and none of its files has changed since it was read.
Anything else, and the notebook reads the project as it always does: a
notebook run by hand never sees any of this.

The files hold the project's data: they are written to a folder only the
user can read (:func:`tempfile.mkdtemp`), each is deleted when its report is
done, and the folder at the end of the batch.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas comes with them: a Dask worker that only runs notebooks has none
    from collabkit.model import Model
    from collabkit.project import Project

#: Run in the kernel before the notebook: take the checked project from ``{path}``.
PRIME_CODE = "__import__('collabkit.report.prepared', fromlist=['prime']).prime({path!r})"


def prime_code(path: str) -> str:
    """The code that tells a kernel to take the project in ``path`` (none for a blank path)."""
    return PRIME_CODE.format(path=path) if path else ""

#: The one project primed in this process (a kernel), until taken or replaced.
_primed: dict[str, Any] = {}


def write(folder: str | os.PathLike, project: Project) -> str:
    """Write a checked project to a new file in ``folder`` (readable by the user only)."""
    if project.source is None or project.stamp is None:
        raise ValueError("only a project loaded from its files can be handed on")
    state = {"where": str(Path(project.source).resolve()),
             "model": (str(project.model.directory), project.model.stamps),
             "info": project.info, "tables": project.tables, "stamp": project.stamp}
    handle, path = tempfile.mkstemp(suffix=".pickle", prefix=f"{project.id}.", dir=folder)
    with os.fdopen(handle, "wb") as file:
        pickle.dump(state, file, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def prime(path: str) -> None:
    """Hold the project written to ``path`` for the next :func:`take` (in the kernel).

    Never raises (it runs with the kernel's reset): a file that cannot be
    read primes nothing, and the notebook reads the project itself.
    """
    _primed.clear()
    with contextlib.suppress(Exception), open(path, "rb") as file:
        _primed.update(pickle.load(file))  # our own file, in our own private folder


def take(path: str | os.PathLike, model: Model) -> Project | None:
    """The primed project, if it is the one at ``path``, checked against ``model``, unchanged.

    Whatever was primed is dropped either way: it is used once at most.
    """
    from collabkit.project import Project

    state = dict(_primed)
    _primed.clear()
    if not state or state["where"] != str(Path(path).resolve()) \
            or state["model"] != (str(model.directory), model.stamps):
        return None
    project = Project(state["info"], state["tables"], path, model=model)  # as loading would
    project.stamp = state["stamp"]
    return project if project.is_current() else None
