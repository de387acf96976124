"""Where things are: the repository root and paths given relative to it.

Notebooks run by papermill may have their working folder set to the
notebook's own folder (``notebooks/reports``), while users type paths relative
to the repository root (``data/examples/riverside_crisis_cafe``). These helpers
make both work.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The folder holding the ``collabkit`` package, ``data/``, ``notebooks/`` and ``templates/``.
REPO_ROOT = Path(__file__).resolve().parents[1]


def find_repo_path(relative: str | os.PathLike) -> Path:
    """A path inside the repository (``"templates/report"``, ``"data/model"``...).

    Parameters
    ----------
    relative : str or Path
        Path relative to the repository root.

    Returns
    -------
    Path
        Absolute path; it may not exist.
    """
    return REPO_ROOT / Path(relative)


def resolve_path(path: str | os.PathLike) -> Path:
    """An absolute path for ``path``, trying the working folder, then the repository root.

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
    in_repo = REPO_ROOT / given
    if in_repo.exists():
        return in_repo.resolve()
    return here.absolute()
