"""collabkit: the Collaborative Model as data, metrics, widgets and reports.

The public API is small; everything else lives in its submodule
(``collabkit.metrics``, ``collabkit.reliability``, ``collabkit.widgets``,
``collabkit.report.batch``...). :func:`evaluate` (the findings of a project,
from :mod:`collabkit.evaluation`), :class:`Project` and the loaders are
imported on first use, so that ``import collabkit`` stays light.
"""

from typing import TYPE_CHECKING, Any

from collabkit.errors import CollabkitError, DataError, Problem

if TYPE_CHECKING:
    from collabkit.project import Project, load_project, load_projects

__version__ = "0.1.0"

__all__ = [
    "CollabkitError",
    "DataError",
    "Problem",
    "Project",
    "evaluate",
    "load_project",
    "load_projects",
    "__version__",
]


#: Imported on first use too (they import pandas): ``collabkit --help`` and the
#: portfolio's kernel start before it is loaded.
_PROJECT_NAMES = ("Project", "load_project", "load_projects")


def __getattr__(name: str) -> Any:
    if name in _PROJECT_NAMES:
        from collabkit import project

        return getattr(project, name)
    if name == "evaluate":
        from collabkit.evaluation import evaluate

        return evaluate
    raise AttributeError(f"module 'collabkit' has no attribute {name!r}")
