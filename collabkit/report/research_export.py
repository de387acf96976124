"""The research export: every table, metric and finding of many projects as tidy files.

:func:`export_research` is what ``collabkit export-research DATA_DIR --out DIR``
runs. It writes, inside ``DIR`` and nowhere else, each file atomically:

- ``projects.csv`` and ``tables/<table>.csv``: the project tables of every
  project stacked long, ``project_id`` first;
- ``metrics/<metric>.csv``: every metric of :mod:`collabkit.metrics` that
  takes a project, over every project (``project_id`` first), with its
  default options;
- ``findings.csv``: every finding of every project, as ``collabkit report``
  writes them (``numbers`` holds the measure's fields as JSON);
- the same tables as ``.parquet`` when pyarrow is installed;
- ``codebook.csv`` and ``codebook.md`` (:mod:`collabkit.report.codebook`) and
  ``README.md``, where the export came from.

People are pseudonymised exactly as a report does it (:mod:`collabkit.report.privacy`
through :func:`collabkit.report.params.open_project`): a real name appears only
for someone who said yes to ``named_in_reports``; everyone else's name is
replaced by their pseudonym in every text column, free text included. What
was said in a transcript (``turns.text``) is never exported.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from collabkit.errors import DataError, Problem
from collabkit.evaluation import findings
from collabkit.evaluation.findings import Findings, evaluate
from collabkit.formatting import plural, timestamp
from collabkit.model import Model
from collabkit.project import ProjectSet, load_projects
from collabkit.project.schema import TABLES
from collabkit.project.storage import atomic_write, write_csv
from collabkit.report import codebook, privacy
from collabkit.report.params import open_project
from collabkit.report.render import source_name

#: Columns never exported, each with the reason the codebook gives.
WITHHELD: dict[tuple[str, str], str] = {
    ("turns", "text"): "what was said in a meeting is personal data; collabkit keeps it only "
                       "when asked and never shows it in a report or an export",
}
#: How to get the Parquet files when pyarrow is missing.
PARQUET_HOW = "pip install 'collabkit[research]' (or: conda install -c conda-forge pyarrow)"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ResearchExport:
    """What :func:`export_research` wrote.

    Attributes
    ----------
    out : Path
        The export folder.
    files : tuple of Path
        Every file written, inside ``out``.
    projects : tuple of str
        The ids of the projects exported.
    parquet_skipped : str
        Blank when the Parquet files were written; otherwise why not and how
        to get them.
    """

    out: Path
    files: tuple[Path, ...]
    projects: tuple[str, ...]
    parquet_skipped: str = ""


def project_metrics() -> dict[str, Callable[..., pd.DataFrame]]:
    """Every public metric that takes a project, by name, in the order of ``metrics.__all__``.

    These are the metrics :func:`collabkit.metrics._common.per_project` made
    able to take a ProjectSet; the shared helpers (``primary_events``,
    ``meeting_order``) are left out, being the events and meetings tables.
    """
    from collabkit import metrics

    chosen = {}
    for name in metrics.__all__:
        function = getattr(metrics, name)
        if hasattr(function, "__wrapped__") and function.__module__ != "collabkit.metrics._common":
            chosen[name] = function
    return chosen


def check_out_folder(out: Path) -> None:
    """Refuse an ``--out`` that exists and is not an empty folder (as ``collabkit export`` does).

    Raises
    ------
    DataError
        With one ``already_exists`` problem; nothing was written.
    """
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        what = "folder already exists and is not empty" if out.is_dir() else "file already exists"
        raise DataError(Problem(str(out), None, None, None,
                                f"the {what}; choose a new name for --out, or remove it "
                                "first (nothing was written)", code="already_exists"))


def export_research(data_dir: str | os.PathLike[str], out: str | os.PathLike[str], *,
                    model: Model | None = None, min_group_size: int = 3,
                    progress: Progress | None = None) -> ResearchExport:
    """Write every table, metric and finding of the projects in ``data_dir`` to ``out``.

    Parameters
    ----------
    data_dir : path
        A folder of projects (or one project, or a workbook): what
        :func:`collabkit.load_projects` takes.
    out : path
        The export folder: must not exist yet, or be empty.
    model : Model, optional
        The model to check the projects against; default the bundled one.
    min_group_size : int, default 3
        As for a report: people of a role held by fewer are pseudonymised by
        their wider group ("Carer or family member 1").
    progress : callable, optional
        Called with a line of text at each stage (the command line prints
        them on stderr).

    Returns
    -------
    ResearchExport

    Raises
    ------
    DataError
        If ``out`` exists and is not empty, or any project is invalid (every
        problem listed), or there is no project; nothing is written then.
    """
    say = progress or (lambda line: None)
    source, target = Path(data_dir), Path(out)
    check_out_folder(target)
    projects = load_projects(source, model=model)
    if not projects.projects:
        raise DataError(Problem(str(source), None, None, None,
                                "no project found here: a project is a folder with project.yaml "
                                "or an .xlsx workbook (nothing was written)", code="no_projects"))
    say(f"Read {plural(len(projects.projects), 'project')} from {source_name(source)}.")
    hidden = {p.id: open_project(p, min_group_size=min_group_size)[1].hidden
              for p in projects.projects}
    parquet_skipped = "" if importlib.util.find_spec("pyarrow") is not None else (
        f"Parquet files were skipped: pyarrow is not installed. To get them: {PARQUET_HOW}")
    target.mkdir(parents=True, exist_ok=True)
    writer = _Writer(target, hidden, parquet=not parquet_skipped)
    entries = codebook.schema_entries(projects.model, withheld=WITHHELD)

    info = projects.info.rename(columns={"id": "project_id"})
    writer.write("projects", info)
    for name in TABLES:
        dropped = [column for table, column in WITHHELD if table == name]
        writer.write(f"tables/{name}", projects[name].drop(columns=dropped))
    say(f"Wrote projects.csv and {len(TABLES)} tables.")

    chosen = project_metrics()
    for number, (name, metric) in enumerate(chosen.items(), start=1):
        frame = writer.write(f"metrics/{name}", metric(projects))
        entries += codebook.metric_entries(name, metric, frame, projects.model)
        say(f"Metric {number} of {len(chosen)}: {name} ({plural(len(frame), 'row')}).")

    found = writer.write("findings", _findings(projects))
    entries += codebook.frame_entries(
        "findings.csv", "findings", found,
        codebook.returns_section(evaluate.__doc__ or "") + " " + (Findings.to_frame.__doc__ or ""),
        "one row per project and dimension: each dimension of collaboration judged once "
        "(collabkit.evaluation.evaluate)", projects.model)
    say(f"Wrote findings.csv ({plural(len(found), 'finding')}).")

    book = codebook.codebook_frame(entries)
    writer.text("codebook.csv", book.to_csv(index=False))
    writer.text("codebook.md", codebook.codebook_markdown(book, projects.model))
    writer.text("README.md", _readme(source, projects, parquet_skipped, min_group_size))
    if parquet_skipped:
        say(parquet_skipped)
    say(f"Wrote {plural(len(writer.files), 'file')} to {target}.")
    return ResearchExport(target, tuple(writer.files), tuple(p.id for p in projects.projects),
                          parquet_skipped)


def pseudonymise_frame(frame: pd.DataFrame, hidden: Mapping[str, Mapping[str, str]]
                       ) -> pd.DataFrame:
    """A copy of a stacked table with hidden names replaced in every text column.

    Parameters
    ----------
    frame : DataFrame
        Rows of several projects, with a ``project_id`` column.
    hidden : mapping
        project_id -> that project's real names that must not appear ->
        pseudonym (:func:`collabkit.report.privacy.hidden_names`).
    """
    out = frame.copy()
    if "project_id" not in out.columns:
        return out
    for column in out.columns:
        values = out[column]
        if column == "project_id" or not _is_text(values):
            continue
        for project_id, names in hidden.items():
            if not names:
                continue
            rows = (out["project_id"] == project_id).to_numpy(dtype=bool)
            if not rows.any():
                continue
            changed = values[rows].map(lambda v, names=names: privacy.redact(v, names))
            if isinstance(values.dtype, pd.CategoricalDtype):
                if changed.astype(object).equals(values[rows].astype(object)):
                    continue
                values = values.astype("string")
            values = values.copy()
            values[rows] = changed.astype(values.dtype) if values.dtype == "string" else changed
        out[column] = values
    return out


# -- internal -------------------------------------------------------------------------------


class _Writer:
    """Writes tables as CSV (and Parquet), pseudonymised, atomically, inside one folder."""

    def __init__(self, out: Path, hidden: Mapping[str, Mapping[str, str]], *, parquet: bool):
        self.out = out
        self.hidden = hidden
        self.parquet = parquet
        self.files: list[Path] = []

    def _path(self, relative: str) -> Path:
        path = (self.out / relative).resolve()
        if self.out.resolve() not in path.parents:
            raise ValueError(f"{relative!r} is not inside the export folder")  # a bug, not input
        return path

    def write(self, stem: str, frame: pd.DataFrame) -> pd.DataFrame:
        frame = pseudonymise_frame(frame, self.hidden)
        path = self._path(f"{stem}.csv")
        write_csv(path, frame)
        self.files.append(path)
        if self.parquet:
            parquet = path.with_suffix(".parquet")
            with atomic_write(parquet, "wb") as handle:
                frame.to_parquet(handle, index=False)
            self.files.append(parquet)
        return frame

    def text(self, name: str, content: str) -> None:
        path = self._path(name)
        with atomic_write(path, encoding="utf-8", newline="") as handle:
            handle.write(content)
        self.files.append(path)


def _is_text(values: pd.Series) -> bool:
    return (pd.api.types.is_string_dtype(values.dtype) or values.dtype == object
            or isinstance(values.dtype, pd.CategoricalDtype))


def _findings(projects: ProjectSet) -> pd.DataFrame:
    frames = [findings(project).to_frame() for project in projects.projects]
    stacked = pd.concat(frames, ignore_index=True)
    stacked["project_id"] = stacked["project_id"].astype("string")
    return stacked


def _readme(source: Path, projects: ProjectSet, parquet_skipped: str, min_group_size: int) -> str:
    from collabkit import __version__

    made = timestamp(dt.datetime.now().astimezone())
    lines = ["# Research export", "",
             f"Made by collabkit {__version__} on {made} from the data folder "
             f"`{source_name(source)}` ({plural(len(projects.projects), 'project')}: "
             f"{', '.join(p.id for p in projects.projects)}).", "",
             "## What is here", "",
             "- `projects.csv` and `tables/*.csv`: every project table, stacked, one row per "
             "record, `project_id` first.",
             "- `metrics/*.csv`: every collabkit metric of a project, worked out within each "
             "project with its default options, `project_id` first.",
             "- `findings.csv`: every finding (dimension, rating, evidence, confidence, "
             "advice); `numbers` holds the figures behind it as JSON.",
             "- `codebook.csv` and `codebook.md`: every file, column, type, allowed code and "
             "meaning, generated from the data contract, the model and the metrics' own "
             "documentation.",
             "- Each table also as `.parquet` (same rows and columns, with types)."
             if not parquet_skipped else f"- {parquet_skipped}.", "",
             "## Privacy", "",
             "People are pseudonymised as in collabkit's reports: a real name appears only for "
             "someone who agreed to be named in reports (`named_in_reports`); everyone else's "
             "name is replaced by a pseudonym (role and number) everywhere, in free text too "
             f"(minimum group size {min_group_size}). What was said in transcripts "
             "(`turns.text`) is not exported. Participant ids and roles are kept so that "
             "tables can be joined; treat the export as pseudonymised, not anonymous, data.",
             ""]
    return "\n".join(lines)


__all__ = ["PARQUET_HOW", "WITHHELD", "ResearchExport", "check_out_folder", "export_research",
           "project_metrics", "pseudonymise_frame"]
