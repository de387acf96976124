"""Where a facilitator's project lives, and whether it can be written to.

The facilitator notebooks open the bundled example projects by default, and
every click and form writes to the project at once. So a bundled example is
never opened in place: :func:`working_place` copies it once into a working
folder (``collabkit-work/`` in the current folder, the ``COLLABKIT_WORK_DIR``
environment variable, or a folder the facilitator names) and opens the copy;
opening it again carries on with the same copy. Any other project opens where
it is. :func:`read_only_reason` says in plain words when nothing could be
saved, so a board can say so on opening rather than at the first click.

Examples
--------
>>> import tempfile
>>> work = tempfile.mkdtemp()
>>> place = working_place("data/examples/riverside_crisis_cafe", work_folder=work)
>>> place.copied, place.path.parent == Path(work), place.read_only
(True, True, None)
>>> working_place("data/examples/riverside_crisis_cafe", work_folder=work).made_now
False
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from collabkit.project import find_projects
from collabkit.project.edits import is_workbook
from collabkit.resources import find_repo_path, resolve_path

__all__ = ["WORK_ENV", "WORK_FOLDER", "Place", "bundled_examples", "is_bundled_example",
           "read_only_reason", "work_folder", "working_place", "project_choices"]

#: Environment variable naming the folder for working copies of the examples.
WORK_ENV = "COLLABKIT_WORK_DIR"
#: The working folder's name in the current folder when nothing else is set.
WORK_FOLDER = "collabkit-work"


@dataclass(frozen=True)
class Place:
    """A project as a facilitator opens it.

    Attributes
    ----------
    path : Path
        The folder or workbook to read and write (a working copy for an example).
    source : Path
        What was asked for.
    copied : bool
        True when ``path`` is a working copy of a bundled example.
    made_now : bool
        True when the copy was made by this call (False: carrying on with it).
    read_only : str or None
        Why nothing can be saved at ``path``, in plain words; None when it can.
    """

    path: Path
    source: Path
    copied: bool = False
    made_now: bool = False
    read_only: str | None = None

    def note(self) -> str:
        """A sentence for the screen: where the data is saved (:attr:`read_only` says if not)."""
        if not self.copied:
            return f"Saving to {self.path}."
        when = "made just now" if self.made_now else "made earlier, with what you saved in it"
        return (f"You are working on a copy of the bundled example {self.source.name}, in "
                f"{self.path} ({when}); the example itself is never changed.")


def examples_folder() -> Path:
    """The folder of the bundled example projects (in the checkout or the wheel)."""
    return find_repo_path("data/examples")


def bundled_examples() -> list[Path]:
    """The bundled example projects, folders and workbooks, by name."""
    folder = examples_folder()
    return find_projects(folder) if folder.is_dir() else []


def is_bundled_example(path: str | os.PathLike) -> bool:
    """Whether ``path`` is one of the bundled examples or inside one."""
    try:
        Path(path).resolve().relative_to(examples_folder().resolve())
    except ValueError:
        return False
    return True


def work_folder(folder: str | os.PathLike | None = None) -> Path:
    """Where working copies go: ``folder``, else ``$COLLABKIT_WORK_DIR``, else ``./collabkit-work``."""
    return _resolve_work(folder)


def _resolve_work(folder: str | os.PathLike | None) -> Path:
    chosen = str(folder or "").strip() or os.environ.get(WORK_ENV, "").strip()
    return Path(chosen).expanduser().absolute() if chosen else Path.cwd() / WORK_FOLDER


def working_place(path: str | os.PathLike, *,
                  work_folder: str | os.PathLike | None = None) -> Place:
    """Where to open ``path``: a working copy for a bundled example, else the path itself.

    Parameters
    ----------
    path : str or Path
        A project folder or workbook, as typed (see
        :func:`collabkit.resources.resolve_path`).
    work_folder : str or Path, optional
        Where copies of bundled examples go (see :func:`work_folder`).

    Returns
    -------
    Place
        The path to open, whether it is a copy, and whether it can be saved to.

    Raises
    ------
    OSError
        The copy could not be made (the working folder cannot be written).
    """
    source = resolve_path(path)
    if not source.exists() or not is_bundled_example(source):
        return Place(source, source, read_only=read_only_reason(source))
    target = _resolve_work(work_folder) / source.name
    made = False
    if not target.exists():
        _copy(source, target)
        made = True
    return Place(target, source, copied=True, made_now=made, read_only=read_only_reason(target))


def _copy(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` whole or not at all, with files the user can write."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    try:
        if source.is_dir():
            shutil.copytree(source, partial, copy_function=shutil.copyfile,
                            ignore=shutil.ignore_patterns(".*.lock"))
        else:
            shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        if partial.is_dir():
            shutil.rmtree(partial, ignore_errors=True)
        elif partial.exists():
            partial.unlink()


def read_only_reason(path: str | os.PathLike) -> str | None:
    """Why nothing can be saved to the project at ``path``, or None when it can.

    A folder must be writable (new files and atomic rewrites go there), and
    so must each of its CSV files and ``project.yaml``; a workbook and its
    folder too. A path that does not exist is not read-only (loading it says
    what is wrong).
    """
    path = Path(path)
    if not path.exists():
        return None
    folder = path.parent if is_workbook(path) else path
    if not os.access(folder, os.W_OK):
        return (f"The folder {folder} is read-only, so nothing can be saved there: you can "
                "look, but not record. Copy the project to a folder you can write to and "
                "open that.")
    files = [path] if is_workbook(path) else sorted(
        p for p in path.iterdir() if p.suffix in (".csv", ".yaml") and p.is_file())
    locked = [p.name for p in files if not os.access(p, os.W_OK)]
    if locked:
        return (f"{', '.join(locked)} in {folder} cannot be written (read-only), so nothing "
                "can be saved there: you can look, but not record. Make the files writable, "
                "or copy the project to a folder you can write to and open that.")
    return None


def project_choices(work: str | os.PathLike | None = None) -> list[str]:
    """Projects to offer in a picker: the bundled examples, then copies in the working folder."""
    choices = [f"data/examples/{p.name}" for p in bundled_examples()]
    folder = _resolve_work(work)
    if folder.is_dir():
        choices += [str(p) for p in find_projects(folder) if not p.name.startswith(".")]
    return choices
