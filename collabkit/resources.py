"""Where collabkit's own files are: the model, templates, notebooks and examples.

This is the one module that finds them. In a source checkout they are the
repository's top-level ``data/``, ``templates/`` and ``notebooks/`` folders.
In an installed wheel the same folders travel as package data under
``collabkit/_bundle/`` (``setup.py`` maps them there at build time), found
through :mod:`importlib.resources`. Either way the layout below :data:`ROOT`
is the same, so callers ask for ``"data/model"`` or
``"notebooks/reports/project_evaluation.ipynb"`` and never care which.

Notebooks run by papermill may have their working folder set to the
notebook's own folder (``notebooks/reports``), while users type paths relative
to the repository root (``data/examples/riverside_crisis_cafe``).
:func:`resolve_path` makes both work.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

__all__ = ["ROOT", "find_repo_path", "resolve_path", "is_source_checkout"]

#: The folders that make up collabkit's resources, relative to :data:`ROOT`.
BUNDLED_FOLDERS = ("data", "templates", "notebooks")

_CHECKOUT = Path(__file__).resolve().parents[1]


def is_source_checkout() -> bool:
    """True when collabkit runs from a source checkout (an editable install or ``sys.path``)."""
    return (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "data" / "model").is_dir()


def _find_root() -> Path:
    if is_source_checkout():
        return _CHECKOUT
    bundle = importlib.resources.files("collabkit") / "_bundle"
    # A wheel unpacked on disk gives a real folder; collabkit does not run from a zip.
    return Path(str(bundle))


#: The folder holding ``data/``, ``notebooks/`` and ``templates/``.
ROOT = _find_root()


def find_repo_path(relative: str | os.PathLike[str]) -> Path:
    """A path among collabkit's own files (``"templates/report"``, ``"data/model"``...).

    Parameters
    ----------
    relative : str or Path
        Path relative to :data:`ROOT` (the repository root in a checkout).

    Returns
    -------
    Path
        Absolute path; it may not exist.

    Examples
    --------
    >>> find_repo_path("data/model").is_dir()
    True
    """
    return ROOT / Path(relative)


def resolve_path(path: str | os.PathLike[str]) -> Path:
    """An absolute path for ``path``, trying the working folder, then :data:`ROOT`.

    Parameters
    ----------
    path : str or Path
        Absolute, relative to the current working folder, or relative to the
        repository root (``"data/examples/riverside_crisis_cafe"`` works from
        ``notebooks/reports`` too). ``~`` is expanded.

    Returns
    -------
    Path
        The first of those that exists, made absolute; if none exists, the
        path relative to the working folder (so an error names what was typed).

    Examples
    --------
    >>> resolve_path("data/model").name
    'model'
    """
    given = Path(path).expanduser()
    if given.is_absolute():
        return given
    here = Path.cwd() / given
    if here.exists():
        return here.resolve()
    in_root = ROOT / given
    if in_root.exists():
        return in_root.resolve()
    return here.absolute()
