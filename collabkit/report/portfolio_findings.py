"""The portfolio's findings: read from the reports' files while current, else worked out in parallel.

:func:`start_findings` is called by :func:`collabkit.report.portfolio.open_projects`
as soon as the projects are loaded. A project whose ``<id>.findings.csv``
(written by ``collabkit report``) is current is read
(:func:`collabkit.evaluation.stored.current_findings`); the others are
judged by :func:`collabkit.evaluation.findings`, once each. When two or more
must be judged and the computer has more than one CPU, they are judged in
worker processes (started from a fresh ``forkserver`` with collabkit already
imported, never forked from the kernel), while the page's first sections are
drawn. Either way the findings are those of each project's report.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pandas as pd

from collabkit import evaluation
from collabkit.project import Project

__all__ = ["PendingFindings", "start_findings"]

#: Imported once by the process the workers start from, not by every worker.
PRELOAD = ["collabkit.evaluation"]


def judge(project: Project) -> pd.DataFrame:
    """The findings of one project as a frame (:meth:`~collabkit.evaluation.Findings.to_frame`)."""
    return evaluation.findings(project).to_frame()


class PendingFindings:
    """Each project's findings, read, being worked out, or to be worked out here."""

    def __init__(self, projects: list[Project], found: list[pd.DataFrame | Future | None],
                 pool: Executor | None):
        self.projects = projects
        self._found = found
        self._pool = pool
        #: How many projects' findings were read from a file (the rest were judged).
        self.read = sum(isinstance(f, pd.DataFrame) for f in found)

    def frames(self) -> list[pd.DataFrame]:
        """Every project's findings frame, in the projects' order (waits for the workers)."""
        try:
            frames = []
            for project, found in zip(self.projects, self._found, strict=True):
                if isinstance(found, Future):
                    try:
                        found = found.result()
                    except (BrokenProcessPool, OSError):  # the workers could not run:
                        found = None  # judged here instead
                frames.append(found if found is not None else judge(project))
            self._found = list(frames)
            return frames
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker processes (once their work is collected, or abandoned)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def in_kernel() -> bool:
    """True when the main module is interactive (a Jupyter kernel, as the portfolio notebook).

    Worker processes start by importing the caller's main module again; a
    kernel's (IPython's namespace) has no file, so there is nothing to
    import. A script's would be run again, which a script without an ``if
    __name__ == "__main__":`` guard does not survive; there the findings are
    judged in this process.
    """
    return getattr(sys.modules.get("__main__"), "__file__", None) is None


def _pool(workers: int) -> Executor:
    context: Any = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(workers, mp_context=context)


def start_findings(projects: list[Project], findings_dir: str = "", *,
                   jobs: int | None = None) -> PendingFindings:
    """Read each project's current findings file from ``findings_dir``; start judging the rest.

    Parameters
    ----------
    projects : list of Project
        The projects of the portfolio.
    findings_dir : str
        A folder of ``<id>.findings.csv`` files (blank: judge every project).
    jobs : int, optional
        Worker processes at most; by default the number of CPUs in a Jupyter
        kernel (see :func:`in_kernel`), else 1. One (or one project to judge)
        judges in this process, when the findings are asked for.
    """
    from collabkit.evaluation.stored import current_findings

    found: list[pd.DataFrame | Future | None] = [
        current_findings(Path(findings_dir) / f"{p.id}.findings.csv", p) if findings_dir
        else None for p in projects]
    todo = [i for i, f in enumerate(found) if f is None]
    workers = min(len(todo), jobs or ((os.cpu_count() or 1) if in_kernel() else 1))
    pool = None
    if workers > 1:
        try:
            pool = _pool(workers)
            for i in todo:
                found[i] = pool.submit(judge, projects[i])
        except (BrokenProcessPool, OSError):  # no worker processes here: judged in this one
            found = [None if isinstance(f, Future) else f for f in found]
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            pool = None
    return PendingFindings(projects, found, pool)
