"""collabkit: the Collaborative Model as data, metrics, widgets and reports.

The public API is small; everything else lives in its submodule
(``collabkit.metrics``, ``collabkit.reliability``, ``collabkit.widgets``,
``collabkit.report.batch``...).
"""

from collabkit.errors import CollabkitError, DataError, Problem
from collabkit.project import Project, load_project, load_projects

__version__ = "0.1.0"

__all__ = [
    "CollabkitError",
    "DataError",
    "Problem",
    "Project",
    "load_project",
    "load_projects",
    "__version__",
]
