"""Findings files written beside the reports, read back only while they are current.

``collabkit report`` writes each project's findings to ``<id>.findings.csv``
(:meth:`~collabkit.evaluation.Findings.to_frame`: one row per dimension, the
measure's numbers as JSON, the collabkit version that judged them). The
portfolio reads them instead of judging every project again, but only a file
that is still right: :func:`current_findings` refuses one older than the
project's data or the model's files, or written by another collabkit version,
and the caller works the findings out afresh.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from collabkit.errors import ModelError
from collabkit.evaluation.findings import read_findings
from collabkit.project import Project

__all__ = ["current_findings", "stale_because"]


def _newest_change(path: Path) -> float:
    """The latest modification time of ``path``, or of any file in it (0 when missing)."""
    if path.is_file():
        return path.stat().st_mtime
    if not path.is_dir():
        return 0.0
    times = [p.stat().st_mtime for p in path.rglob("*") if p.is_file()]
    return max(times, default=path.stat().st_mtime)


def stale_because(path: str | os.PathLike[str], project: Project) -> str | None:
    """Why the findings file at ``path`` must not be used for ``project``; None when current.

    A file is stale when it is missing, not newer than every file of the project
    (its folder or workbook) or of the model it was checked against, or was
    written by another collabkit version (or holds no version).
    """
    from collabkit import __version__

    path = Path(path)
    if not path.is_file():
        return "no findings file"
    written = path.stat().st_mtime
    if project.source is not None and _newest_change(Path(project.source)) >= written:
        return "the project's data changed after its findings were written"
    if _newest_change(Path(project.model.directory)) >= written:
        return "the model changed after the findings were written"
    try:
        versions = pd.read_csv(path, usecols=["collabkit_version"], dtype="string",
                               keep_default_na=False)["collabkit_version"].unique().tolist()
    except (ValueError, OSError, pd.errors.ParserError):
        return "the findings file records no collabkit version"
    if versions != [__version__]:
        return (f"written by collabkit {', '.join(map(str, versions)) or 'unknown'}, "
                f"not {__version__}")
    return None


def current_findings(path: str | os.PathLike[str], project: Project) -> pd.DataFrame | None:
    """The findings at ``path`` (as :func:`read_findings`) if current for ``project``, else None.

    None also for a file that is not a findings file, or is another project's.
    """
    if stale_because(path, project) is not None:
        return None
    try:
        frame = read_findings(path)
    except (ModelError, ValueError, pd.errors.ParserError):
        return None
    if frame["project_id"].astype(str).unique().tolist() != [project.id]:
        return None
    return frame
