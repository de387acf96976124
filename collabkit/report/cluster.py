"""Reports on a Dask cluster whose workers share no disk with the client.

:func:`run_on_cluster` sends each project to a worker *as data*: the client
reads the project's files (a folder or one workbook, plus a model folder or
report notebook of the user's own) into bytes, and the worker writes them
into a temporary folder of its own, runs the report notebook there through
papermill (:func:`collabkit.report.execute.execute_notebook_job`, with a warm
kernel kept per worker process) and sends back the page, the executed
notebook and the findings as bytes. The client writes them atomically into
``--out``. So a worker needs collabkit (with the ``report`` extra) installed,
not the data or ``--out`` at the same paths.

``distributed`` is imported only here, and only when a cluster is used: it is
the optional ``dask`` extra (``pip install 'collabkit[dask]'``).
"""

from __future__ import annotations

import atexit
import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collabkit.errors import CollabkitError, Problem
from collabkit.report.execute import (
    KERNEL_NAME,
    NotebookJob,
    ReportResult,
    describe_failure,
    execute_notebook_job,
    import_runtime,
)
from collabkit.report.kernels import KernelPool, own_process

__all__ = ["ProjectPayload", "RemoteReport", "run_on_cluster", "report_from_payload"]

INSTALL_HINT = ("reports on a Dask cluster (--dask, --scheduler) need the dask extra: "
                "pip install 'collabkit[dask]'")
#: Dask settings while a batch runs, so that memory stays flat report after report
#: (found with tracemalloc in the client, scheduler and a worker). Batched streams
#: keep their last 1,000 messages by default, and a job's message holds its
#: project's files: the client and scheduler kept hundreds of projects (125 kB a
#: report); ten are kept, and ten task transitions and events. Each worker's profiler
#: kept an hour of call trees sampled every 10 ms (0.2 MB a report) no one reads; a
#: minute of system samples is kept, not an hour. Only the client's settings are
#: ours on a cluster started elsewhere (``--scheduler``).
BATCH_CONFIG = {"distributed.admin.low-level-log-length": 10,
                "distributed.worker.profile.enabled": False,
                "distributed.admin.system-monitor.log-length": 120}
#: Projects waiting on the cluster per worker thread: enough to keep every
#: worker busy, few enough that the client and scheduler hold little data.
IN_FLIGHT_PER_THREAD = 2


def import_distributed() -> Any:
    """The ``distributed`` package, or a clear message saying how to install it."""
    try:
        import distributed
    except ImportError as error:
        raise CollabkitError(INSTALL_HINT) from error
    return distributed


# -- what travels --------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectPayload:
    """One report's work as data: the files it needs, by path relative to a folder.

    ``project`` (and ``model``, ``notebook`` when given) name entries under
    that folder; the worker writes ``files`` into a temporary folder and
    reports from there.
    """

    job: NotebookJob
    files: dict[str, bytes]
    project: str
    model: str = ""
    notebook: str = ""


@dataclass
class RemoteReport:
    """What a worker sends back: the outputs as bytes (None when not made)."""

    ok: bool
    error: str | None
    seconds: float
    html: bytes | None = None
    notebook: bytes | None = None
    findings: bytes | None = None
    worker_pid: int = field(default_factory=os.getpid)
    #: Every problem of a project that is not valid (then nothing else comes back).
    problems: list[Problem] = field(default_factory=list)


def _read_tree(path: Path, under: str) -> dict[str, bytes]:
    """``path`` (a file, or every file in a folder) as {``under``/relative path: bytes}."""
    if path.is_file():
        return {under: path.read_bytes()}
    return {f"{under}/{p.relative_to(path).as_posix()}": p.read_bytes()
            for p in sorted(path.rglob("*")) if p.is_file()}


def make_payload(job: NotebookJob, default_notebook: str) -> ProjectPayload:
    """Read what ``job`` needs from the client's disk into a :class:`ProjectPayload`."""
    project = Path(job.project_path).absolute()
    name = project.name or "project"
    files = _read_tree(project, f"project/{name}")
    model = ""
    if job.parameters.get("model_dir"):
        files.update(_read_tree(Path(job.parameters["model_dir"]), "model"))
        model = "model"
    notebook = ""
    if Path(job.notebook) != Path(default_notebook):  # a report notebook of the user's own
        files.update(_read_tree(Path(job.notebook), "notebook.ipynb"))
        notebook = "notebook.ipynb"
    return ProjectPayload(job=job, files=files, project=f"project/{name}", model=model,
                          notebook=notebook)


# -- on the worker -------------------------------------------------------------------

_kernels: KernelPool | None = None
_kernels_lock = threading.Lock()


def _worker_kernels() -> KernelPool:
    """The warm kernels of the worker process, started on first use, shut down at exit."""
    global _kernels
    with _kernels_lock:
        if _kernels is None:
            import_runtime()
            own_process()  # a worker runs report after report: frozen after the first
            _kernels = KernelPool(KERNEL_NAME)
            atexit.register(_kernels.shutdown)
        return _kernels


def _client_paths(notebook: bytes, paths: dict[str, str]) -> bytes:
    """The executed notebook with the worker's temporary paths replaced by the client's.

    The notebook records its parameters and where it was run (papermill's
    metadata and the injected cell); whoever opens it should see the project
    and folders the user gave, not a folder that was deleted on a worker.
    ``paths`` maps each worker path to the client's.
    """
    import nbformat

    def swap(value: str) -> str:
        for local, given in paths.items():
            if value == local or value.startswith(local + os.sep):
                return given + value[len(local):]
        return value

    nb = nbformat.reads(notebook.decode("utf-8"), as_version=nbformat.NO_CONVERT)
    recorded = nb.get("metadata", {}).get("papermill", {})
    for where in (recorded, recorded.get("parameters", {})):
        for key, value in list(where.items()):
            if isinstance(value, str):
                where[key] = swap(value)
    for cell in nb.get("cells", []):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) \
                else cell["source"]
            for local, given in paths.items():  # papermill writes strings in double quotes
                source = source.replace(f'"{local}', '"' + given.replace('"', '\\"'))
            cell["source"] = source
    return nbformat.writes(nb).encode("utf-8")


def report_from_payload(payload: ProjectPayload) -> RemoteReport:
    """Run one report from ``payload`` in a temporary folder; return its outputs as bytes.

    The unit of work sent to a Dask worker. Never raises for a failing
    notebook: the result says what failed (and carries the executed notebook).
    The project is not checked before the notebook runs (the notebook's first
    cell loads, and so checks, it); only when the notebook fails is the
    project loaded here too, and an invalid one comes back with its
    ``problems`` and nothing else, as if refused on the client.
    """
    from collabkit.report.batch import REPORT_NOTEBOOK

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="collabkit-report-") as tmp:
        root = Path(tmp)
        for name, data in payload.files.items():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        out = root / "out"
        job, pid = payload.job, payload.job.project_id
        local_project = str(root / payload.project)
        parameters = {**job.parameters, "project_path": local_project}
        if payload.model:
            parameters["model_dir"] = str(root / payload.model)
        notebook = str(root / payload.notebook) if payload.notebook else str(REPORT_NOTEBOOK)
        local = NotebookJob(notebook=notebook, parameters=parameters,
                            html_path=str(out / f"{pid}.html"),
                            notebook_path=str(out / f"{pid}.ipynb"),
                            project_path=local_project, project_id=pid,
                            cwd=str(Path(notebook).parent),
                            findings_path=str(out / f"{pid}.findings.csv") if job.findings_path
                            else "")
        result = execute_notebook_job(local, _worker_kernels())
        if not result.ok:  # an invalid project fails the notebook's first cell: say why
            from collabkit.report.cluster_batch import problems_of  # pandas: only if needed

            problems = problems_of(local_project, parameters.get("model_dir", ""),
                                    {local_project: job.project_path})
            if problems:
                return RemoteReport(ok=False, error="\n".join(map(str, problems)),
                                    seconds=time.perf_counter() - start, problems=problems)

        def read(path: Path | None) -> bytes | None:
            return path.read_bytes() if path is not None and path.is_file() else None

        executed = read(result.notebook_path)
        if executed is not None:
            given = {local_project: str(job.parameters["project_path"]),
                     str(out): str(Path(job.notebook_path).parent)}
            if payload.model:
                given[parameters["model_dir"]] = str(job.parameters["model_dir"])
            if payload.notebook:
                given[notebook] = job.notebook
            executed = _client_paths(executed, given)
        return RemoteReport(ok=result.ok, error=result.error,
                            seconds=time.perf_counter() - start, html=read(result.html_path),
                            notebook=executed, findings=read(result.findings_path))


# -- on the client -------------------------------------------------------------------


def _write_outputs(job: NotebookJob, remote: RemoteReport) -> ReportResult:
    """Write what came back into the client's ``--out`` (atomically); the project's result."""
    from collabkit.project.storage import atomic_write

    if remote.problems:  # refused on the worker: nothing is written; no id, as if not loaded
        return ReportResult(Path(job.project_path), None, error=remote.error,
                            seconds=remote.seconds, problems=list(remote.problems))
    result = ReportResult(Path(job.project_path), job.project_id, ok=remote.ok,
                          error=remote.error, seconds=remote.seconds)
    outputs = [(remote.notebook, job.notebook_path, "notebook_path"),
               (remote.findings, job.findings_path, "findings_path"),
               (remote.html, job.html_path, "html_path")]
    for data, where, attribute in outputs:
        if data is None or not where:
            continue
        with atomic_write(where, "wb") as handle:
            handle.write(data)
        setattr(result, attribute, Path(where))
    if result.ok and result.html_path is None:
        result.ok, result.error = False, "the worker sent back no report page"
    return result


@contextmanager
def connect(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: to ``scheduler``, or to a local cluster of ``workers`` processes.

    A local cluster listens on 127.0.0.1 only and is closed on leaving;
    an existing cluster is left running.
    """
    distributed = import_distributed()
    import dask

    with dask.config.set(BATCH_CONFIG):  # the client, scheduler and each worker's nanny
        yield from _connect(distributed, workers, scheduler)


def _connect(distributed: Any, workers: int | None, scheduler: str | None) -> Iterator[Any]:
    """The client of :func:`connect`, made while :data:`BATCH_CONFIG` is set."""
    if scheduler:
        import re

        if not re.fullmatch(r"(?:[a-z]+://)?[^\s:/]+:\d+", scheduler.strip()):
            raise CollabkitError(f"{scheduler!r} is not a Dask scheduler address; give one "
                                 "like tcp://HOST:8786")
        try:
            client = distributed.Client(scheduler, set_as_default=False)
        except (OSError, ValueError, TypeError) as error:
            raise CollabkitError(f"could not reach the Dask scheduler at {scheduler} ({error}); "
                                 "is it running, and is the address (tcp://HOST:8786) "
                                 "right?") from error
        with client:
            yield client
        return
    if workers is None or workers < 1:
        raise ValueError(f"a local Dask cluster needs at least 1 worker; got {workers!r}")
    with distributed.LocalCluster(n_workers=workers, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=logging.ERROR) as cluster, \
            distributed.Client(cluster, set_as_default=False) as client:
        yield client


def run_on_cluster(work: Iterable[tuple[int, NotebookJob | ReportResult]], client: Any,
                   default_notebook: str
                   ) -> Iterator[tuple[int, NotebookJob | None, ReportResult]]:
    """Yield (index, job, result) as each project's report comes back and is written.

    ``work`` is read lazily: a few projects per worker thread are on the
    cluster at any time, and the next one is taken from ``work``, read and
    sent as one finishes, so the first reports start at once however long
    ``work`` is. A :class:`ReportResult` in ``work`` (a project refused
    before sending) is passed straight on, with no job. A project that cannot
    be read, or whose task fails (a worker lost, say), becomes a failure; the
    others go on. Each future is released, and its bytes dropped, as soon as
    its files are written.
    """
    from collections import deque

    distributed = import_distributed()
    limit = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_THREAD
    pending = iter(work)
    running: dict[Any, tuple[int, NotebookJob]] = {}
    unread: deque[tuple[int, NotebookJob | None, ReportResult]] = deque()
    done = distributed.as_completed(loop=client.loop)

    def fill() -> None:
        while len(running) < limit and not unread:
            item = next(pending, None)
            if item is None:
                return
            index, job = item
            if isinstance(job, ReportResult):
                unread.append((index, None, job))
                continue
            try:
                payload = make_payload(job, default_notebook)
            except OSError as error:
                unread.append((index, job, ReportResult(Path(job.project_path), job.project_id,
                                                        error=describe_failure(error))))
                continue
            future = client.submit(report_from_payload, payload, pure=False,
                                   key=f"collabkit-report-{job.project_id}-{index}")
            del payload
            running[future] = (index, job)
            done.add(future)

    fill()
    while running or unread:
        while unread:
            yield unread.popleft()
            fill()
        if not running:
            break
        future = next(done)
        index, job = running.pop(future)
        try:
            result = _write_outputs(job, future.result())
        except Exception as error:  # noqa: BLE001 - e.g. a worker lost; the batch goes on
            result = ReportResult(Path(job.project_path), job.project_id,
                                  error=describe_failure(error))
        future.release()
        del future
        fill()
        yield index, job, result


def cleanup_worker_kernels() -> None:
    """Shut this process's warm kernels down (also done at exit)."""
    global _kernels
    with _kernels_lock:
        if _kernels is not None:
            _kernels.shutdown()
            _kernels = None

