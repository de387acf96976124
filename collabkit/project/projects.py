"""Several projects at once: find them, check them as a batch, stack their tables.

:func:`check_projects` is the one check that the projects of a batch have
different ids (reports and stacked tables are named by the id);
:func:`load_projects` stacks every table long with a ``project_id`` column.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from collabkit.errors import DataError, Problem
from collabkit.model import Model, load_model
from collabkit.project.folders import find_projects
from collabkit.project.project import Project, load_project
from collabkit.project.schema import TABLE_NAMES, TABLES


class ProjectSet(Mapping):
    """Several projects, with every table stacked long with a ``project_id`` column.

    ``projects["events"]`` is every project's events; ``projects.projects``
    is the list of :class:`Project`; ``projects.info`` has one row per project.
    """

    def __init__(self, projects: list[Project]):
        self.projects = list(projects)
        self._stacked: dict[str, pd.DataFrame] = {}

    @property
    def model(self) -> Model:
        """The model every project was validated against (they must share one)."""
        models = {id(p.model): p.model for p in self.projects}
        if len(models) != 1:
            raise ValueError("the projects were loaded with different models (or there are "
                             "none); load them together with load_projects(..., model=...)")
        return next(iter(models.values()))

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in TABLES:
            raise KeyError(f"no table named '{name}'; tables: {', '.join(TABLE_NAMES)}")
        if name not in self._stacked:
            frames = [p.tables[name].assign(project_id=p.id) for p in self.projects]
            stacked = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
            if "project_id" in stacked:
                stacked.insert(0, "project_id", stacked.pop("project_id").astype("string"))
            self._stacked[name] = stacked
        return self._stacked[name]

    def __iter__(self):
        return iter(TABLE_NAMES)

    def __len__(self) -> int:
        return len(TABLE_NAMES)

    @property
    def info(self) -> pd.DataFrame:
        """The project information of every project, one row each."""
        return pd.DataFrame([p.info for p in self.projects])

    def __repr__(self) -> str:
        return f"<ProjectSet of {len(self.projects)}: {', '.join(p.id for p in self.projects)}>"


def load_projects(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
                  model: Model | None = None) -> ProjectSet:
    """Load many projects: tables stacked long with a ``project_id`` column.

    Parameters
    ----------
    paths : path or list of paths
        Project folders, workbooks, or folders holding projects.
    model : Model, optional
        The model to check every project against (see :func:`load_project`).

    Raises
    ------
    DataError
        Listing every problem in every project, and duplicate project ids.
    """
    checked = check_projects(paths, model=model)
    problems = [problem for check in checked for problem in check.problems]
    if problems:
        raise DataError(problems)
    return ProjectSet([check.project for check in checked if check.project is not None])


class CheckedProject(NamedTuple):
    """One project of a batch, as :func:`check_projects` found it.

    ``project`` is the loaded project, or None when it did not load. A project
    refused only because an earlier one has its id is loaded but not
    :attr:`ok`: use it only if you mean to.
    """

    path: Path
    project: Project | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True when the project loaded and nothing is wrong with it."""
        return self.project is not None and not self.problems


def duplicate_id(path: Path, project_id: str, first: Path) -> Problem:
    """The problem of a project whose id an earlier project of the batch (``first``) has."""
    return Problem(str(path), None, "id", project_id,
                   f"project id '{project_id}' is also used by {first}; "
                   "each project needs its own id (reports are named by it, and "
                   "ids that differ only in capitals name the same file on Windows "
                   "and macOS)", code="duplicate_project_id")


def check_projects(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
                   model: Model | None = None) -> list[CheckedProject]:
    """Load each project on its own, keeping every problem, and refuse repeated ids.

    The one check that projects in a batch have different ids (reports and
    stacked tables are named by the id). The first project with an id keeps
    it; each later one gets a ``duplicate_project_id`` problem naming the
    first one's path. :func:`each_checked` gives them one at a time.

    Parameters
    ----------
    paths : path or list of paths
        Project folders, workbooks, or folders holding projects
        (see :func:`find_projects`).
    model : Model, optional
        The model to check against; by default the bundled one.

    Returns
    -------
    list of CheckedProject
        One ``(path, project, problems)`` per project found, in order; a
        valid project has no problems.
    """
    return list(each_checked(paths, model=model))


def each_checked(paths: str | os.PathLike | Iterable[str | os.PathLike], *,
                 model: Model | None = None) -> Iterator[CheckedProject]:
    """:func:`check_projects` one project at a time: each is loaded when the next is asked for."""
    model = model or load_model()
    first: dict[str, Path] = {}
    for path in find_projects(paths):
        try:
            project = load_project(path, model=model)
        except DataError as error:
            yield CheckedProject(path, None, error.problems)
            continue
        key = project.id.casefold()  # Riverside and riverside are one file on some disks
        if key in first:
            yield CheckedProject(path, project, [duplicate_id(path, project.id, first[key])])
            continue
        first[key] = path
        yield CheckedProject(path, project, [])
