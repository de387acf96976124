"""Running a batch's jobs: our own threads with warm kernels, or any executor.

:func:`run_all` takes the work (:data:`WorkItem`) as it is needed and yields
each result as it comes, with the progress bar and a line per project on
stderr; :func:`run_here` runs the jobs, ``jobs`` at a time, keeping one
more checked and waiting so that no kernel waits for a check. Shared by
:func:`collabkit.report.batch.run_reports` and
:func:`~collabkit.report.batch.run_portfolio`.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ThreadPoolExecutor, wait
from pathlib import Path

from collabkit.report.execute import (
    KERNEL_NAME,
    NotebookJob,
    ReportResult,
    describe_failure,
    execute_notebook_job,
    import_runtime,
)
from collabkit.report.jobs import progress_bar, say_done, say_refused
from collabkit.report.kernels import KernelPool

__all__ = ["WorkItem", "run_all", "run_here"]

#: What a batch runs: (index, job, refused). A job, or the result of a project refused
#: by its check (no job); the index is the project's place, -1 for the portfolio.
WorkItem = tuple[int, NotebookJob | None, ReportResult | None]


def run_all(work: Iterable[WorkItem], *, jobs: int, executor: Executor | None,
             progress: bool, kernels: KernelPool | None = None, total: int = 0,
             out: Path | None = None) -> Iterator[tuple[int, ReportResult]]:
    """Yield (index, result) as projects are refused and jobs finish; a job that raises fails.

    The bar starts at ``total`` reports: a refused project takes one off it (its
    problems are printed as it is reached), the portfolio adds one. ``out`` is made
    when the first job is sent.
    """
    bar = progress_bar(total, progress, "reports")

    def counted(items: Iterable[WorkItem]) -> Iterator[WorkItem]:
        for item in items:
            index, job, _ = item
            if job is not None:
                if out is not None:
                    out.mkdir(parents=True, exist_ok=True)
                if index < 0:
                    bar.total += 1
            yield item

    try:
        for index, job, result in run_here(counted(work), jobs=jobs, executor=executor,
                                            kernels=kernels):
            if job is None:
                bar.total -= 1
                bar.refresh()
                if progress:
                    say_refused(result, lambda text: bar.write(text, file=sys.stderr))
            else:
                say_done(bar, job, result, progress)
            yield index, result
    finally:
        bar.close()


def run_here(work: Iterable[WorkItem], *, jobs: int, executor: Executor | None,
              kernels: KernelPool | None = None
              ) -> Iterator[tuple[int, NotebookJob | None, ReportResult]]:
    """Yield (index, job, result) from our own threads (warm kernels) or ``executor``.

    ``work`` is taken as it is needed: ``jobs`` running and one more waiting,
    so each project is checked just before a kernel is free for it. A refused
    project is yielded as it comes, with no job. Our threads use ``kernels``
    (shut down by its owner), or a pool of their own.
    """
    own = executor is None and kernels is None
    pool: Executor
    if executor is None:
        import_runtime()  # once, here, rather than racing in the threads
        kernels = kernels or KernelPool(KERNEL_NAME)
        pool = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="collabkit-report")
    else:
        pool = executor
    try:
        # our own threads reuse warm kernels; other executors start a kernel per job
        extra = (kernels,) if kernels is not None else ()
        items = iter(work)
        running: dict[Future, tuple[int, NotebookJob]] = {}
        while True:
            for index, job, refused in itertools.islice(items, max(0, jobs + 1 - len(running))):
                if job is not None:
                    running[pool.submit(execute_notebook_job, job, *extra)] = (index, job)
                elif refused is not None:
                    yield index, None, refused
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index, job = running.pop(future)
                try:
                    result = future.result()
                except Exception as error:  # noqa: BLE001 - e.g. a worker lost on a cluster
                    result = ReportResult(Path(job.project_path), job.project_id,
                                          error=describe_failure(error))
                yield index, job, result
    finally:
        if executor is None:  # our own threads: a given executor is not shut down here
            pool.shutdown(wait=True, cancel_futures=True)
        if own and kernels is not None:
            kernels.shutdown()
