"""Evaluation reports in batch: validate, run the report notebook, write HTML.

:func:`run_reports` checks each project as it reaches it and refuses an
invalid one (its kernels boot meanwhile, and the first reports run while
the later projects are checked); it runs
``notebooks/reports/project_evaluation.ipynb`` through papermill for each
valid project, ``jobs`` at a time, keeps going when one fails, and writes ``<out>/<project_id>.html`` (self-contained, accessible,
no code showing) and ``<out>/<project_id>.ipynb`` (the executed notebook, with
the parameters papermill recorded). :func:`run_portfolio` does the same for
``notebooks/reports/portfolio.ipynb``: every project side by side.

By default ``jobs`` threads run the notebooks and keep their kernels warm
between projects (:mod:`collabkit.report.kernels`), and each kernel takes
the project as the check read it instead of reading it again
(:mod:`collabkit.report.prepared`). ``dask_workers`` or
``scheduler`` run them on a Dask cluster instead, sending each project to a
worker as data and writing what comes back (:mod:`collabkit.report.cluster`),
so workers share no disk with the client; there the reports start at once and
each project is checked as it goes (:mod:`collabkit.report.cluster_batch`). Any other
:class:`concurrent.futures.Executor` (a process pool, say) can also run
:func:`execute_notebook_job`, a top-level function of picklable arguments;
its workers then need the project files and ``out`` at the same paths.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from collabkit.errors import DataError, Problem
from collabkit.project import find_projects
from collabkit.report.execute import (
    KERNEL_ARGUMENTS,
    KERNEL_NAME,
    NotebookJob,
    ReportResult,
    import_runtime,
)
from collabkit.report.jobs import checked_jobs, report_job
from collabkit.report.kernels import KernelPool, default_max_uses
from collabkit.report.portfolio_check import (
    InThisThread,
    checked_in_kernel,
    nothing_to_compare,
)
from collabkit.report.runner import WorkItem, run_all
from collabkit.resources import find_repo_path

__all__ = ["ReportResult", "ReportSummary", "run_portfolio", "run_reports"]

REPORT_NOTEBOOK = find_repo_path("notebooks/reports/project_evaluation.ipynb")
PORTFOLIO_NOTEBOOK = find_repo_path("notebooks/reports/portfolio.ipynb")
#: Run as each kernel starts, while the projects are checked: the report notebook's imports.
WARM_UP = "import collabkit.report.sections"
#: The portfolio notebook's imports, and those its first cells make (workbooks, charts).
PORTFOLIO_WARM_UP = ("import collabkit.report.portfolio, collabkit.evaluation, openpyxl, "
                     "matplotlib.figure, matplotlib.backends.backend_agg")


@dataclass
class ReportSummary:
    """The results of :func:`run_reports`, in the order the projects were given."""

    results: list[ReportResult]
    portfolio: ReportResult | None = None
    seconds: float = 0.0

    def __iter__(self):
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)

    @property
    def succeeded(self) -> list[ReportResult]:
        """The projects whose report was written."""
        return [r for r in self.results if r.ok]

    @property
    def invalid(self) -> list[ReportResult]:
        """The projects refused before execution (each lists its ``problems``)."""
        return [r for r in self.results if r.invalid]

    @property
    def failed(self) -> list[ReportResult]:
        """Valid projects (and the portfolio) whose notebook failed."""
        extra = [self.portfolio] if self.portfolio is not None else []
        return [r for r in [*self.results, *extra] if not r.ok and not r.invalid]

    @property
    def ok(self) -> bool:
        """True when no project was refused and no notebook failed."""
        return not self.failed and not self.invalid


# -- the batch -------------------------------------------------------------------


def portfolio_job(paths: list[Path], out: Path, *, data_dir: str | os.PathLike = "",
                  link_reports: bool = False, model_dir: str | os.PathLike = "",
                  findings_dir: str | os.PathLike = "") -> NotebookJob:
    """The job that runs the portfolio notebook over ``paths`` (or all of ``data_dir``).

    ``link_reports`` links each project to its report (``<id>.html`` in ``out``).
    The findings the reports wrote (``<id>.findings.csv``) are read from
    ``findings_dir`` (``out`` with ``link_reports``) while current, else worked out.
    """
    findings_dir = findings_dir or (out if link_reports else "")
    return NotebookJob(
        notebook=str(PORTFOLIO_NOTEBOOK),
        parameters={"data_dir": str(Path(data_dir).absolute()) if data_dir else "",
                    "project_paths": [str(p.absolute()) for p in paths],
                    "link_reports": bool(link_reports),
                    "findings_dir": str(Path(findings_dir).absolute()) if findings_dir else "",
                    "model_dir": str(Path(model_dir).absolute()) if str(model_dir) else ""},
        html_path=str(out / "portfolio.html"), notebook_path=str(out / "portfolio.ipynb"),
        project_path=str(data_dir), project_id="portfolio", cwd=str(PORTFOLIO_NOTEBOOK.parent))


def run_reports(paths: Iterable[str | os.PathLike], out_dir: str | os.PathLike, *,
                jobs: int = 2, executor: Executor | None = None, pseudonymise: bool = True,
                min_group_size: int = 3, portfolio: bool | None = False,
                progress: bool = True,
                notebook: str | os.PathLike | None = None,
                model_dir: str | os.PathLike | None = None,
                quote_feedback: bool = False,
                dask_workers: int | None = None, scheduler: str | None = None) -> ReportSummary:
    """Write an evaluation report for each project.

    Parameters
    ----------
    paths : iterable of path
        Project folders, ``.xlsx`` workbooks, or folders holding projects.
    out_dir : path
        Where ``<project_id>.html`` and ``<project_id>.ipynb`` are written
        (created if missing).
    jobs : int
        Notebooks run at the same time when no ``executor`` is given. Not
        used on a Dask cluster (``dask_workers``, ``scheduler``): there each
        worker thread runs one at a time.
    executor : concurrent.futures.Executor, optional
        Runs :func:`execute_notebook_job` for each project: a
        ``ProcessPoolExecutor``, or ``distributed.Client(...).get_executor()``
        to spread a large batch over a Dask cluster. Not shut down here.
    pseudonymise : bool
        Show people by role and number unless they agreed to be named.
    min_group_size : int
        Roles of fewer people than this are folded into a wider group or "other".
    portfolio : bool or None
        Also write ``portfolio.html`` over the valid projects; None means
        "when there is more than one".
    progress : bool
        Show a progress bar, one line per finished project and the problems
        of refused projects, on stderr.
    notebook : path, optional
        A report notebook of your own with the same parameters; by default
        ``notebooks/reports/project_evaluation.ipynb``.
    model_dir : path, optional
        A model folder (like ``data/model``) to check and report every project
        against; by default ``COLLABKIT_MODEL_DIR`` or the bundled model.
    quote_feedback : bool
        Quote participants' free-text questionnaire answers in the reports
        (never with a name). Off by default.
    dask_workers : int, optional
        Start a local Dask cluster of this many worker processes (127.0.0.1
        only, one thread each) for the batch, and close it at the end.
    scheduler : str, optional
        The address of a running Dask scheduler (``tcp://HOST:8786``) to use.
        With either, each project is sent to a worker as data and its page,
        notebook and findings come back as bytes, written here into
        ``out_dir``: workers need collabkit installed, not the data or
        ``out_dir``. Needs the ``dask`` extra.

    Returns
    -------
    ReportSummary
        One :class:`ReportResult` per project, in the order given. Invalid
        projects are refused (``problems`` set, nothing written) as they are
        reached, each just before a kernel is free for it, so the first
        reports run while the rest are checked (the kernels booted meanwhile
        are shut down unused when none is valid; on a cluster, see
        :mod:`collabkit.report.cluster_batch`). A failing notebook does not
        stop the others.
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of at least 1; got {jobs!r}")
    if isinstance(min_group_size, bool) or not isinstance(min_group_size, int) \
            or min_group_size < 1:
        raise ValueError(f"min_group_size must be a whole number of at least 1; "
                         f"got {min_group_size!r}")
    default_max_uses()  # a bad COLLABKIT_KERNEL_MAX_USES is refused before anything runs
    start = time.perf_counter()
    out = Path(out_dir).absolute()
    notebook = Path(notebook).absolute() if notebook is not None else REPORT_NOTEBOOK
    if not notebook.is_file():
        raise FileNotFoundError(2, "no such report notebook", str(notebook))
    model_text = str(Path(model_dir).absolute()) if model_dir else ""

    def make_job(path: Path, project_id: str) -> NotebookJob:
        return report_job(path, project_id, out, pseudonymise, min_group_size, notebook, model_text,
                    quote_feedback)

    paths = list(paths)
    dask = dask_workers is not None or bool(scheduler)
    # our own kernels boot first thing, while pandas is imported and the projects are
    # checked; shut down at the end
    here = executor is None and not dask
    with _prestarted(paths, jobs, notebook) if here else contextlib.nullcontext() as kernels, \
            _private_folder(here) as prepare:
        from collabkit.model import load_model

        model = load_model(model_text) if model_text else None
        if dask:
            from collabkit.report.cluster_batch import report_on_cluster

            # reports start at once; each project is checked as it goes (see cluster_batch)
            results = report_on_cluster(paths, out, make_job, model=model, progress=progress,
                                        workers=dask_workers, scheduler=scheduler)
            summary, reports = ReportSummary(results), 0  # the cluster's bar is done
            work: Iterable[WorkItem] = _portfolio_after(summary, portfolio, out, model_text)
        else:
            found = find_projects(paths)
            summary, reports = ReportSummary([ReportResult(path, None) for path in found]), len(found)
            work = itertools.chain(
                checked_jobs(found, out, make_job, model=model,
                             prepare=Path(prepare) if prepare else None),
                _portfolio_after(summary, portfolio, out, model_text))
        # on a cluster, only the portfolio is made here, from the findings written
        for index, result in run_all(work, jobs=jobs, executor=executor, progress=progress,
                                      kernels=kernels, total=reports, out=out):
            if index < 0:
                summary.portfolio = result
            else:
                summary.results[index] = result
    summary.seconds = time.perf_counter() - start
    return summary


def _private_folder(wanted: bool) -> Any:
    """A temporary folder only the user can read (None if not ``wanted``), deleted at the end.

    It holds the checked projects handed to the kernels (:mod:`collabkit.report.prepared`).
    """
    import tempfile

    return tempfile.TemporaryDirectory(prefix="collabkit-checked-", ignore_cleanup_errors=True) \
        if wanted else contextlib.nullcontext()


def _prestarted(paths: list[Any], jobs: int, notebook: Path) -> KernelPool:
    """A kernel pool with a kernel booting for each job (at most one per project found)."""
    kernels = KernelPool(KERNEL_NAME)
    with contextlib.suppress(Exception):  # a path that is not there: the check says so
        found = [path for path in find_projects(paths) if Path(path).exists()]
        kernels.prestart(str(notebook.parent), min(jobs, len(found)),
                         extra_arguments=KERNEL_ARGUMENTS, warm_up=WARM_UP)
    return kernels


def _portfolio_after(summary: ReportSummary, wanted: bool | None, out: Path,
                     model_dir: str) -> Iterator[WorkItem]:
    """The portfolio's job, made once every project is checked (None: when more than one is valid)."""
    valid = [r.project_path for r in summary.results if not r.invalid]
    if (wanted if wanted is not None else len(valid) > 1) and valid:
        yield -1, portfolio_job(valid, out, link_reports=True, model_dir=model_dir), None


def run_portfolio(data_dir: str | os.PathLike, out_dir: str | os.PathLike, *,
                  progress: bool = True) -> ReportResult:
    """Write ``<out>/portfolio.html``: every valid project in ``data_dir`` side by side.

    The findings of reports already in ``out`` (``collabkit report --out``)
    are read rather than worked out again, while they are current.

    Invalid projects in ``data_dir`` are left out and named on the page.
    When no project there can be compared (the folder holds none, or none
    is valid), nothing is run or written: the result lists every problem.
    The kernel boots at once; that check is made in it
    (:mod:`collabkit.report.portfolio_check`), and the notebook then runs there.

    Returns
    -------
    ReportResult
        With ``project_id`` "portfolio"; ``problems`` set (and ``invalid``
        true) when no project could be compared.
    """
    out = Path(out_dir).absolute()
    data = Path(data_dir)
    if not data.is_dir():
        raise DataError(Problem(str(data), None, None, None,
                                "no such folder: give a folder holding project folders "
                                "or .xlsx workbooks", code="missing_file"))
    with KernelPool(KERNEL_NAME) as kernels:  # boots while papermill is imported
        with contextlib.suppress(Exception):  # else papermill starts one, and says what failed
            kernels.prestart(str(PORTFOLIO_NOTEBOOK.parent), 1,
                             extra_arguments=KERNEL_ARGUMENTS, warm_up=PORTFOLIO_WARM_UP)
        import_runtime()
        problems = checked_in_kernel(kernels, data, str(PORTFOLIO_NOTEBOOK.parent))
        if problems is None:  # the kernel could not say: checked here
            problems = nothing_to_compare(data)
        if problems:
            return ReportResult(data, "portfolio", error="\n".join(map(str, problems)),
                                problems=problems)
        job = portfolio_job([], out, data_dir=data, findings_dir=out)  # reports written there
        out.mkdir(parents=True, exist_ok=True)
        # in this thread, which holds the kernel that made the check
        results = list(run_all([(-1, job, None)], jobs=1, executor=InThisThread(),
                                progress=progress, kernels=kernels))
    return results[0][1]
