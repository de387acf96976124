"""The jobs of a batch of reports: one :class:`NotebookJob` per valid project.

:func:`refuse_invalid` turns the projects :func:`collabkit.project.check_projects`
checked into a result for each (an invalid one carries its problems and is
never run) and a job for each valid one, made by :func:`report_job`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from collabkit.errors import Problem
from collabkit.report.execute import NotebookJob, ReportResult


def _outside(out: Path, project_id: str, path: Path) -> list[Problem]:
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


def refuse_invalid(checked: list[Any], out: Path, progress: bool,
                   make_job: Callable[[Path, str], NotebookJob]
                   ) -> tuple[list[ReportResult], list[tuple[int, NotebookJob]]]:
    """A result per project (the invalid ones with their problems) and the jobs to run."""
    results: list[ReportResult] = []
    work: list[tuple[int, NotebookJob]] = []
    for path, project, problems in checked:
        project_id = project.id if project is not None else None
        if not problems and project_id is not None:
            problems = _outside(out, project_id, path)
        if problems:
            results.append(ReportResult(path, project_id, error="\n".join(map(str, problems)),
                                        problems=problems))
            if progress:
                count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
                print(f"Refused {path}: not a valid project, nothing is run for it ({count}):",
                      file=sys.stderr)
                for problem in problems:
                    print(f"  {problem}", file=sys.stderr)
        else:
            results.append(ReportResult(path, project_id))
            work.append((len(results) - 1, make_job(path, str(project_id))))
    return results, work
