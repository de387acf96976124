"""A project's data: the contract, loading, validation, saving and safe edits.

Modules
-------
schema    the data contract: tables, columns, kinds of value
validate  turning raw text into typed tables, listing every problem
dates     reading typed dates: ISO or day first (UK), never month first
storage   reading CSV files, atomically writing folders
atomic    the atomic write of one file (temporary file, then rename)
project_yaml  reading project.yaml as text, refusing what YAML would guess or expand
folders   what a project folder looks like, reading one, and what to say when it is not one
headers   header rows matched to the contract as codes are; repeated names refused
workbook  reading and writing a project as one .xlsx workbook
project   :class:`Project` (tables plus the model they were checked against) and loading
projects  several projects: finding, checking a batch (:func:`check_projects`), stacking
starter   a blank project to fill in (:func:`init_project`)
edits     saving a changed table under a lock, re-validated
eventlog  the append-only, fsynced log of coded events behind the live tally
locking   advisory file locks shared by edits and the event log
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collabkit.project.folders import find_projects
    from collabkit.project.project import Project, load_project, to_text
    from collabkit.project.projects import (
        CheckedProject,
        ProjectSet,
        check_projects,
        load_projects,
    )
    from collabkit.project.starter import init_project

__all__ = ["CheckedProject", "Project", "ProjectSet", "check_projects", "find_projects",
           "init_project", "load_project", "load_projects", "to_text"]

#: Where each name lives, imported on first use (most import pandas), so that a light
#: submodule (``collabkit.project.allocator``, say) can be imported without them.
_HOMES = {"Project": "project", "load_project": "project", "to_text": "project",
          "CheckedProject": "projects", "ProjectSet": "projects", "check_projects": "projects",
          "find_projects": "folders", "load_projects": "projects", "init_project": "starter"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(f"collabkit.project.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'collabkit.project' has no attribute {name!r}")
