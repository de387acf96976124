"""The jobs of a batch of reports, and what a batch says about them as it goes.

:func:`checked_jobs` checks each project (:func:`collabkit.project.check_projects`)
as the batch reaches it, and gives a job for each valid one, made by
:func:`report_job`, or the result of an invalid one (it carries its problems
and is never run);
:func:`writes_outside` is the writer's own check that nothing lands outside
``--out``. :func:`say_refused`, :func:`say_done` and :func:`progress_bar` are
the lines and the bar the local and the cluster batches share.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from collabkit.errors import Problem
from collabkit.report.execute import NotebookJob, ReportResult


def writes_outside(out: Path, project_id: str, path: Path) -> list[Problem]:
    """A problem if ``<id>.html`` would land anywhere but directly in ``out``.

    Validation already refuses such ids; this is the writer's own check, so a
    project built in code (not loaded) cannot write outside the folder chosen.
    """
    for name in (f"{project_id}.html", f"{project_id}.ipynb", f"{project_id}.findings.csv"):
        target = (out / name).resolve()
        if target.parent != out.resolve() or target.name != name:
            return [Problem(str(path), None, "id", project_id,
                            f"the report would be written outside {out} ({target}); a project "
                            "id may use letters, digits, '_', '-' and '.' only", code="bad_id")]
    return []


def progress_bar(total: int, enabled: bool, desc: str) -> Any:
    """A tqdm bar of reports on stderr (none when stderr is not a terminal)."""
    from tqdm.auto import tqdm

    # disable=None: no bar when stderr is not a terminal (logs, CI); the lines still show
    return tqdm(total=total, desc=desc, unit="report", file=sys.stderr,
                disable=None if enabled else True,
                leave=True, dynamic_ncols=True)


def report_job(path: Path, project_id: str, out: Path, pseudonymise: bool,
               min_group_size: int, notebook: Path, model_dir: str,
               quote_feedback: bool = False) -> NotebookJob:
    """The job that runs report ``notebook`` for one project, writing into ``out``."""
    return NotebookJob(
        notebook=str(notebook),
        parameters={"project_path": str(path.absolute()), "pseudonymise": bool(pseudonymise),
                    "min_group_size": int(min_group_size), "model_dir": model_dir,
                    "quote_feedback": bool(quote_feedback)},
        html_path=str(out / f"{project_id}.html"),
        notebook_path=str(out / f"{project_id}.ipynb"),
        project_path=str(path), project_id=project_id, cwd=str(notebook.parent),
        findings_path=str(out / f"{project_id}.findings.csv"))


def say_refused(result: ReportResult, write: Any = None, *,
                nothing: str = "nothing is run for it") -> None:
    """Print a refused project's path and every one of its problems on stderr."""
    write = write or (lambda text: print(text, file=sys.stderr))
    count = f"{len(result.problems)} problem{'s' if len(result.problems) != 1 else ''}"
    write(f"Refused {result.project_path}: not a valid project, {nothing} ({count}):")
    for problem in result.problems:
        write(f"  {problem}")


def checked_jobs(paths: list, out: Path, make_job: Any, *, model: Any,
                 prepare: Path | None = None
                 ) -> Iterator[tuple[int, NotebookJob | None, ReportResult | None]]:
    """Each project checked when the batch reaches it: ``(index, job, refused)``, in order.

    ``index`` is the project's place among those found
    (:func:`collabkit.project.find_projects`). A valid project comes with the
    job that reports it; an invalid one with no job and its result
    (``refused``), which carries every problem: it is never run. Projects
    are checked one at a time, as the runner asks for the next, so the
    first reports run while the rest are checked. With ``prepare`` (a
    private folder), each checked project is written there for its kernel
    to take (:mod:`collabkit.report.prepared`), so the report does not read
    it again.
    """
    from dataclasses import replace

    from collabkit.project.projects import each_checked
    from collabkit.report import prepared

    for index, (path, project, problems) in enumerate(each_checked(paths, model=model)):
        project_id = project.id if project is not None else None
        if not problems and project_id is not None:
            problems = writes_outside(out, project_id, path)
        if problems:
            yield index, None, ReportResult(path, project_id, error="\n".join(map(str, problems)),
                                            problems=problems)
            continue
        job = make_job(path, str(project_id))
        if prepare is not None and project is not None:
            with contextlib.suppress(OSError):  # a full disk, say: the kernel reads it
                job = replace(job, prepared=prepared.write(prepare, project))
        yield index, job, None


def say_done(bar: Any, job: NotebookJob, result: ReportResult, progress: bool) -> None:
    """Move the progress bar on by one report, and give its line (done or FAILED)."""
    bar.update(1)
    bar.set_postfix_str(job.project_id)
    if progress:
        mark = "done" if result.ok else "FAILED"
        bar.write(f"{mark}: {job.project_id} ({result.seconds:.1f} s)", file=sys.stderr)
