"""Run one report notebook through papermill and write its page and notebook.

:func:`execute_notebook_job` is the unit of work of :mod:`collabkit.report.batch`:
a top-level function of picklable arguments, so any
:class:`concurrent.futures.Executor` (threads, processes, a Dask cluster) can
run it. The HTML page is rendered in-process by a reused nbconvert exporter
with the accessible template in ``templates/report``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from collabkit.errors import Problem
from collabkit.report.kernels import KernelPool
from collabkit.report.prepared import prime_code
from collabkit.resources import find_repo_path

TEMPLATE_DIR = find_repo_path("templates")
TEMPLATE_NAME = "report"
KERNEL_NAME = "python3"
#: The kernel's command-line arguments, for papermill and :meth:`KernelPool.prestart`.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=ERROR",)
#: The notebook output that carries a report's findings as CSV (never shown in the page;
#: displayed by :class:`collabkit.report.render.FindingsOutput`, read by :func:`findings_output`).
FINDINGS_MIME = "application/vnd.collabkit.findings+csv"


@dataclass(frozen=True)
class NotebookJob:
    """One notebook to run and where its outputs go (all paths absolute, picklable)."""

    notebook: str
    parameters: dict[str, Any]
    html_path: str
    notebook_path: str
    project_path: str
    project_id: str
    cwd: str
    #: Where to write the findings the notebook displayed (blank: nowhere).
    findings_path: str = ""
    #: The project as the batch checked it, for a pooled kernel to take
    #: (:mod:`collabkit.report.prepared`; blank: the notebook reads it). Deleted when done.
    prepared: str = ""


@dataclass
class ReportResult:
    """What happened to one project (or the portfolio).

    Attributes
    ----------
    project_path : Path
        The project as given.
    project_id : str or None
        Its id (None when it could not be read).
    html_path, notebook_path : Path or None
        The report and the executed notebook, when written.
    findings_path : Path or None
        The findings file (``<id>.findings.csv``), when written.
    ok : bool
        True when the report was written.
    error : str or None
        Why not: the failing cell (index and first line) and its error, or
        the project's problems, one ``file:row:column: message`` per line.
    seconds : float
        Wall time for this project.
    problems : list of Problem
        For an invalid project, every problem found; nothing was executed.
    """

    project_path: Path
    project_id: str | None
    html_path: Path | None = None
    notebook_path: Path | None = None
    findings_path: Path | None = None
    ok: bool = False
    error: str | None = None
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def invalid(self) -> bool:
        """True when the project was refused before execution."""
        return bool(self.problems)


#: Optional packages that papermill or jsonschema import when installed and no report
#: uses, each with the package whose first import brings it in. jsonschema's
#: ``rfc3987_syntax`` format checker builds a grammar at import (about 1-2 s) and only
#: checks "iri" strings, which notebooks never hold; papermill's HDFS support imports
#: pyarrow's file systems when the research extra has installed pyarrow (about 9 MB more
#: in a Dask worker, 50 MB in a process without pandas), and no report is read from HDFS.
UNUSED_OPTIONAL = (("rfc3987_syntax", "jsonschema"), ("pyarrow", "papermill"))


@contextlib.contextmanager
def _without_unused_optional():
    """Import papermill and jsonschema without :data:`UNUSED_OPTIONAL`.

    Each is blocked only while the package bringing it in is first imported,
    and the block is lifted afterwards: a later ``import pyarrow`` works.
    """
    blocked = [name for name, importer in UNUSED_OPTIONAL
               if importer not in sys.modules and name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None
    try:
        yield
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def import_runtime() -> Any:
    """Papermill (and nbconvert) imported quickly; returns papermill."""
    with _without_unused_optional():
        import nbconvert  # noqa: F401
        import papermill

    return papermill


_local = threading.local()


def html_exporter() -> Any:
    """The nbconvert exporter for report pages (one per thread, reused).

    A plain ``TemplateExporter`` with the report template, not nbconvert's
    ``HTMLExporter``: that one parses every finished page again with
    BeautifulSoup (0.15-0.3 s a report, most of the page's rendering) only
    to add alt text and ``tabindex`` to notebook markup the report template
    never emits; every chart of a report has its own alt text already.
    No preprocessors: nbconvert's defaults are all off or have nothing to
    remove here, and each one cost a full validation of the notebook.
    """
    exporter = getattr(_local, "exporter", None)
    if exporter is None:
        import_runtime()
        from nbconvert.exporters import TemplateExporter

        exporter = TemplateExporter(
            template_name=TEMPLATE_NAME,
            template_file="index.html.j2",
            extra_template_basedirs=[str(TEMPLATE_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            default_preprocessors=[],
        )
        exporter.output_mimetype = "text/html"
        _local.exporter = exporter
    return exporter


def notebook_title(nb: Any) -> str | None:
    """The page title a report notebook set (``collabkit.title`` in an output's metadata)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            metadata = output.get("metadata", {})
            for where in (metadata, metadata.get("text/html", {})):
                title = where.get("collabkit", {}).get("title")
                if title:
                    return str(title)
    return None


def render_html(nb: Any) -> str:
    """The report page for an executed report notebook."""
    from collabkit import __version__

    resources = {"collabkit_title": notebook_title(nb), "collabkit_version": __version__}
    body, _ = html_exporter().from_notebook_node(nb, resources=resources)
    return body


def describe_failure(error: BaseException) -> str:
    """One line: the failing cell (index, and the line of its source that raised) and its error.

    The line is the one the traceback names in the cell ("Cell In[6], line 3"), so
    a cell that shows several sections names the section that failed; without
    one, the cell's first line.
    """
    cell, name = getattr(error, "cell_index", None), getattr(error, "ename", None)
    if cell is not None and name is not None:
        lines = (getattr(error, "source", "") or "").splitlines()
        where = _CELL_LINE.search(_ANSI.sub("", "\n".join(getattr(error, "traceback", None) or [])))
        number = int(where.group(1)) if where else 0
        line = lines[number - 1] if 0 < number <= len(lines) else \
            next((text for text in lines if text.strip()), "")
        return f"cell {cell} ({line.strip()}): {name}: {getattr(error, 'evalue', '')}"
    return f"{type(error).__name__}: {error}"


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")


def execute_notebook_job(job: NotebookJob, kernels: KernelPool | None = None) -> ReportResult:
    """Run one notebook through papermill, then write its HTML page and the notebook.

    Both files are written atomically (temporary file, then rename). On
    failure the executed notebook, holding the error, is still written, and
    no HTML. Never raises for a failing notebook: the result says what failed.

    Parameters
    ----------
    job : NotebookJob
        What to run and where to write.
    kernels : KernelPool, optional
        Reuse a warm kernel from this pool (same process only); by default a
        fresh kernel is started and shut down.
    """
    from collabkit.project.atomic import atomic_write

    start = time.perf_counter()
    papermill = import_runtime()
    html_path, notebook_path = Path(job.html_path), Path(job.notebook_path)
    notebook_path.parent.mkdir(parents=True, exist_ok=True)
    partial = notebook_path.with_name(f".{notebook_path.stem}.{os.getpid()}-"
                                      f"{threading.get_ident()}.partial.ipynb")
    result = ReportResult(Path(job.project_path), job.project_id)
    manager = kernels.acquire(job.cwd, setup=prime_code(job.prepared)) \
        if kernels is not None else None
    try:
        nb = papermill.execute_notebook(
            job.notebook, str(partial), parameters=job.parameters,
            kernel_name=KERNEL_NAME, progress_bar=False, log_output=False,
            request_save_on_cell_execute=False, shutdown_kernel="immediate", km=manager,
            # the kernel's working folder, without papermill's process-wide chdir
            resources={"metadata": {"path": job.cwd}},
            extra_arguments=list(KERNEL_ARGUMENTS),
        )
        page = render_html(nb)
        if job.findings_path:
            result.findings_path = _write_findings(nb, Path(job.findings_path))
        with atomic_write(html_path, "w", encoding="utf-8") as handle:
            handle.write(page)
        result.html_path, result.ok = html_path, True
    except Exception as error:  # noqa: BLE001 - reported, the batch goes on
        result.error = describe_failure(error)
        if kernels is not None and manager is not None:
            kernels.discard(manager)  # never reuse a kernel that saw a failure
    finally:
        if kernels is not None and manager is not None:
            kernels.release(manager)  # the notebook's connections, not the kernel
        if partial.exists():
            _keep_notebook(partial, notebook_path, result)
        if job.prepared:
            Path(job.prepared).unlink(missing_ok=True)
    result.seconds = time.perf_counter() - start
    return result


def findings_output(nb: Any) -> str | None:
    """The findings CSV a report notebook displayed, or None if it displayed none."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if FINDINGS_MIME in data:
                return str(data[FINDINGS_MIME])
    return None


def _write_findings(nb: Any, path: Path) -> Path:
    """Write the notebook's findings to ``path`` atomically; a notebook without them fails."""
    from collabkit.project.atomic import atomic_write

    text = findings_output(nb)
    if text is None:
        raise RuntimeError("the report notebook displayed no findings (its last cell calls "
                           "sections.findings_file)")
    with atomic_write(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return path


def _keep_notebook(partial: Path, notebook_path: Path, result: ReportResult) -> None:
    """Move the executed notebook into place, but only a complete one.

    A write cut short (a full disk, say) leaves broken JSON; renaming it over
    the previous ``<id>.ipynb`` would destroy a good notebook for a bad one.
    """
    import json

    try:
        with partial.open(encoding="utf-8") as handle:
            json.load(handle)
    except (OSError, ValueError):
        partial.unlink(missing_ok=True)
        note = (f"the executed notebook could not be written completely to {notebook_path.parent} "
                "(is the disk full?); any earlier notebook there was kept")
        result.error = f"{result.error}; {note}" if result.error else note
        result.ok = False
        return
    os.replace(partial, notebook_path)
    result.notebook_path = notebook_path
