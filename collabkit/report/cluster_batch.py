"""A batch of reports on a Dask cluster that starts at once: each project checked as it goes.

On this computer :func:`collabkit.report.batch.run_reports` checks each
project just before a kernel is free for it, and the kernel takes the
project it checked. On a cluster, checking there would keep the client
loading a thousand projects one after another (about 0.1-0.2 s of CPU each)
for each report notebook to load its project again. So here the client reads, before it sends a project folder, only
what it must know first: the project's id from ``project.yaml``, which names
the report files and must differ from every earlier project's. The project
itself is checked where its report is made: the notebook's first cell loads
it, and when the notebook fails the worker loads it too
(:func:`collabkit.report.cluster.report_from_payload`), so an invalid
project comes back refused, with the same problems, and nothing written.

A workbook, a folder whose id cannot be read, and a project whose id an
earlier one has are checked in full here, as
:func:`collabkit.project.check_projects` checks them: the first valid project
with an id keeps it, so a batch refuses the same projects either way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from collabkit.errors import DataError, Problem
from collabkit.model import Model, load_model
from collabkit.report.batch import REPORT_NOTEBOOK
from collabkit.report.execute import NotebookJob, ReportResult
from collabkit.report.jobs import progress_bar, say_done, say_refused, writes_outside

__all__ = ["BatchIds", "problems_of", "report_on_cluster"]

#: How a refusal is worded on a cluster: some are found by the worker, after the notebook began.
REFUSED = "no report is written for it"


def quick_id(path: Path, vocab: dict[str, tuple[str, ...]]) -> str | None:
    """The id in a project folder's ``project.yaml``, read as loading reads it; None if unsure.

    None for a workbook, a folder without ``project.yaml``, or an id that is
    missing or has problems: such a project is checked in full instead.
    """
    from collabkit.project.project_yaml import read_project_yaml
    from collabkit.project.schema import PROJECT_FILE
    from collabkit.project.validate import parse_info

    info_file = path / PROJECT_FILE
    if not path.is_dir() or not info_file.is_file():
        return None
    raw, problems = read_project_yaml(info_file)
    if problems or raw is None:
        return None
    info, problems = parse_info(raw, str(info_file), vocab)
    if any(p.column == "id" for p in problems) or not info.get("id"):
        return None
    return str(info["id"])


def problems_of(project: str, model_dir: str, paths: dict[str, str]) -> list[Problem]:
    """Every problem of the project at ``project`` (none when valid), named by the client's paths.

    ``paths`` maps the worker's temporary project path to the one the user gave,
    so the problems read exactly as a check on the client would print them.
    """
    import dataclasses

    from collabkit.model import load_model
    from collabkit.project import load_project

    try:
        load_project(project, model=load_model(model_dir) if model_dir else None)
    except DataError as error:
        problems = error.problems
    else:
        return []

    def given(text: str) -> str:
        for local, name in paths.items():
            text = text.replace(local, name)
        return text

    return [dataclasses.replace(p, file=given(p.file), message=given(p.message))
            for p in problems]


class BatchIds:
    """The ids the projects of a batch claim, in the order given.

    :meth:`check` gives each project its id and the problems that refuse
    it on the client. A project claims its id when first seen; a later
    project with the same id has both checked in full, and the first valid
    one keeps the id, as :func:`collabkit.project.check_projects` decides.
    """

    def __init__(self, out: Path, model: Model | None = None):
        from collabkit.project.validate import vocabularies

        self.out = out
        self.model = model or load_model()
        self.vocab = vocabularies(self.model)
        #: casefolded id -> (the path holding it, whether that project was checked in full)
        self.claims: dict[str, tuple[Path, bool]] = {}

    def _problems(self, path: Path) -> tuple[str | None, list[Problem]]:
        from collabkit.project import load_project

        try:
            return load_project(path, model=self.model).id, []
        except DataError as error:
            return None, error.problems

    def check(self, path: Path) -> tuple[str | None, list[Problem]]:
        """The project's id (None when it did not load) and the problems refusing it here."""
        from collabkit.project.projects import duplicate_id

        project_id, checked = quick_id(path, self.vocab), False
        if project_id is None:
            (project_id, problems), checked = self._problems(path), True
            if problems or project_id is None:
                return None, problems
        key = project_id.casefold()  # Riverside and riverside are one file on some disks
        holder = self.claims.get(key)
        if holder is not None and not holder[1]:  # the holder is checked in full now
            _, problems = self._problems(holder[0])
            holder = None if problems else (holder[0], True)
            if holder is None:
                del self.claims[key]  # it will come back refused; the id is free
            else:
                self.claims[key] = holder
        if holder is not None:
            if not checked:
                loaded, problems = self._problems(path)
                if problems or loaded is None:
                    return None, problems
            return project_id, [duplicate_id(path, project_id, holder[0])]
        problems = writes_outside(self.out, project_id, path)
        if not problems:
            self.claims[key] = (path, checked)
        return project_id, problems


def _work(found: list[Path], ids: BatchIds, make_job: Callable[[Path, str], NotebookJob]
          ) -> Iterator[tuple[int, NotebookJob | ReportResult]]:
    """Each project's job, or its refusal, made only when the cluster asks for the next."""
    for index, path in enumerate(found):
        project_id, problems = ids.check(path)
        if problems or project_id is None:
            yield index, ReportResult(path, project_id, error="\n".join(map(str, problems)),
                                      problems=problems)
        else:
            ids.out.mkdir(parents=True, exist_ok=True)
            yield index, make_job(path, project_id)


def report_on_cluster(paths: list, out: Path, make_job: Callable[[Path, str], NotebookJob], *,
                      model: Model | None, progress: bool, workers: int | None,
                      scheduler: str | None) -> list[ReportResult]:
    """Report every project in ``paths`` on a Dask cluster; a result each, in the order given.

    The first projects are sent as soon as the cluster is up. The progress
    bar counts reports made: it starts at the number of projects found and
    a refused project takes one off it (its problems are printed as found).
    Only a summary per project (:class:`ReportResult`) stays on the client.
    """
    from collabkit.project import find_projects
    from collabkit.report.cluster import connect, run_on_cluster

    found = find_projects(paths)
    results = [ReportResult(path, None) for path in found]
    ids = BatchIds(out, model)
    with connect(workers=workers, scheduler=scheduler) as client:
        bar = progress_bar(len(found), progress, "reports")
        try:
            for index, job, result in run_on_cluster(_work(found, ids, make_job), client,
                                                     str(REPORT_NOTEBOOK)):
                results[index] = result
                if job is None or result.invalid:
                    bar.total -= 1
                    bar.refresh()
                    if progress:
                        say_refused(result, lambda text: bar.write(text, file=sys.stderr),
                                    nothing=REFUSED)
                else:
                    say_done(bar, job, result, progress)
        finally:
            bar.close()
    return results

