"""A project: its fields and its tables, loaded, validated and saved.

A project is a folder of CSV files plus ``project.yaml``, or one ``.xlsx``
workbook with a sheet per table and a ``project`` sheet of key/value rows.
Both load to the same :class:`Project`. Loading validates everything at once
and raises a single :class:`~collabkit.errors.DataError` listing every
problem; inside the package, a loaded project's data is trusted.

Examples
--------
>>> from collabkit import load_project
>>> project = load_project("data/examples/riverside_crisis_cafe")
>>> project.events.groupby("move", observed=False).size()
move
move       272
follow     319
oppose     188
bystand    121
dtype: int64
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd

from collabkit.errors import DataError, Problem
from collabkit.model import Model, load_model
from collabkit.project import storage, workbook
from collabkit.project.allocator import system_allocator
from collabkit.project.folders import (
    LOOKS_LIKE,
    WORKBOOK_SUFFIXES,
    is_project_folder,
    not_a_project,
    read_folder,
)
from collabkit.project.project_warnings import project_warnings
from collabkit.project.project_yaml import flatten_info
from collabkit.project.references import check_references
from collabkit.project.schema import PROJECT_FILE, TABLE_NAMES, TABLES
from collabkit.project.validate import (
    empty_table,
    parse_info,
    parse_table,
    vocabularies,
)
from collabkit.project.workbook_cells import locate


class Project:
    """One project's fields and typed tables.

    Attributes
    ----------
    info : dict
        The project's fields: ``id``, ``title``, ``service``, ``scope``,
        ``status``, ``start``, ``end`` (dates), ``leads.pace``,
        ``leads.process`` (participant ids) and ``purpose``.
    tables : dict of str to DataFrame
        Every table of the data contract; an absent optional table is an
        empty DataFrame with the right columns. Ids and text are ``string``,
        dates ``datetime64``, codes ``category`` (with every allowed value as a
        category, so counts include zeros), yes/no ``bool``.
    source : Path or None
        Where the project was loaded from.
    model : Model
        The model the project was validated against: its code lists, labels,
        steps and tools. Everything that reads the project (metrics, the
        report, the widgets) takes the model from here.

    Treat the tables as read-only; use :meth:`with_table` to change one.
    """

    def __init__(self, info: dict, tables: Mapping[str, pd.DataFrame],
                 source: str | os.PathLike | None = None, *, model: Model):
        self.info = dict(info)
        self.tables = {name: tables[name] for name in TABLE_NAMES}
        self.source = Path(source) if source is not None else None
        self.model = model
        #: The source's files as they were just before they were read (None if not loaded).
        self.stamp: tuple | None = None

    # -- construction -------------------------------------------------------
    @classmethod
    def from_tables(cls, info: Mapping, tables: Mapping[str, pd.DataFrame | None],
                    source: str | os.PathLike | None = None, *,
                    model: Model | None = None) -> Project:
        """Validate and type raw tables (any values; they are read as text).

        Raises
        ------
        DataError
            Listing every problem, as loading from files would.
        """
        raw_info = flatten_info(dict(info))
        raw_tables = {}
        for name, frame in tables.items():
            if name not in TABLES:
                raise DataError(Problem("<tables>", None, None, name,
                                        f"unknown table '{name}'; allowed: {', '.join(TABLES)}",
                                        code="unknown_table"))
            raw_tables[name] = None if frame is None else to_text(frame)
        # named as loading would: a workbook's sheets, a folder's files
        files, info_file = _files_for(Path(source) if source is not None else Path("<project>"))
        return _build(raw_info, raw_tables, [], model or load_model(),
                      files=files, info_file=info_file, source=source)

    # -- access -------------------------------------------------------------
    @property
    def id(self) -> str:
        """The project id (``id`` in project.yaml)."""
        return str(self.info["id"])

    @property
    def title(self) -> str:
        """The project title (``title`` in project.yaml)."""
        return str(self.info["title"])

    @property
    def leads(self) -> dict[str, str | None]:
        """The two leaders: ``{"pace": id, "process": id}`` (None if not named)."""
        return {"pace": self.info.get("leads.pace"), "process": self.info.get("leads.process")}

    def is_current(self) -> bool:
        """True when the project was loaded and its files have not changed since."""
        return (self.stamp is not None and self.source is not None
                and source_stamp(self.source) == self.stamp)

    def table(self, name: str) -> pd.DataFrame:
        """The table called ``name`` (see :data:`collabkit.project.schema.TABLES`)."""
        if name not in self.tables:
            raise KeyError(f"no table named '{name}'; tables: {', '.join(TABLE_NAMES)}")
        return self.tables[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLE_NAMES and "tables" in self.__dict__:
            return self.__dict__["tables"][name]
        raise AttributeError(name)

    def with_table(self, name: str, frame: pd.DataFrame) -> Project:
        """A new project with table ``name`` replaced (validated against the rest)."""
        text = {n: to_text(t) for n, t in self.tables.items()}
        text[name] = to_text(frame)
        return Project.from_tables(self.info_text(), text, self.source, model=self.model)

    def info_text(self) -> dict[str, str]:
        """The project information (:attr:`info`) with every value as text."""
        return {k: storage.cell_text(v) for k, v in self.info.items()}

    def summary(self) -> dict[str, int | str]:
        """Counts a person would check first: people, meetings, events..."""
        counts: dict[str, int | str] = {"id": self.id, "title": self.title}
        for name in TABLE_NAMES:
            counts[name] = len(self.tables[name])
        return counts

    def warnings(self) -> list[str]:
        """What is valid but probably not what was meant, one sentence each.

        ``collabkit validate`` prints them without changing its exit code.

        Each starts with where it is (``project.yaml: leads: ...``): one person
        named as both the pace lead and the process lead (the model asks for
        two leaders, tip 7); each column the data contract does not know (kept
        as text, not used; a near miss gets "did you mean"); someone coded as
        speaking in a meeting that attendance says they missed, or after the
        date they left. See :mod:`collabkit.project.project_warnings`.
        """
        return project_warnings(self)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{n}={len(t)}" for n, t in self.tables.items() if len(t))
        return f"<Project {self.id!r}: {sizes}>"

    # -- saving -------------------------------------------------------------
    def save(self, path: str | os.PathLike | None = None, *,
             timestamp: datetime | None = None) -> Path:
        """Write the project as a folder of CSVs, or a workbook if ``path`` ends in .xlsx.

        Every file goes to a temporary file in the same folder first and is
        renamed into place, so a crash never leaves a half-written file.
        ``timestamp`` (1980 or later) is the time a workbook records as its
        created and modified time instead of now, so that saving the same
        project twice gives the same bytes (CSV folders hold no time).
        Returns the path written.
        """
        target = Path(path) if path is not None else self.source
        if target is None:
            raise ValueError("no path given and the project was not loaded from one")
        info = self.info_text()
        tables = {n: to_text(t) for n, t in self.tables.items()
                  if len(t) or TABLES[n].required or self._had(n)}
        if target.suffix.lower() in WORKBOOK_SUFFIXES:
            workbook.write_workbook(target, info, tables, timestamp=timestamp)
        else:
            storage.write_folder(target, info, tables)
        return target

    def _had(self, name: str) -> bool:
        if self.source is None or self.source.suffix.lower() in WORKBOOK_SUFFIXES:
            return False
        return (self.source / TABLES[name].file_name).exists()


def to_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as the text a user would type: ISO dates, yes/no, blanks for missing.

    Vectorised per column kind; only columns of mixed Python objects fall back
    to converting cell by cell.
    """
    out = {}
    for name in frame.columns:
        column = frame[name]
        dtype = column.dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            text = column.dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_bool_dtype(dtype):
            text = column.map({True: "yes", False: "no"})
        elif pd.api.types.is_integer_dtype(dtype):
            text = column.astype("string")
        elif pd.api.types.is_float_dtype(dtype):
            text = column.astype("string").str.replace(r"\.0$", "", regex=True)
        elif isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dtype) and (
                not pd.api.types.is_object_dtype(dtype)):
            text = column.astype("string").str.strip()
        else:
            text = column.map(storage.cell_text, na_action="ignore")
        out[name] = text.astype("object").where(text.notna(), "").astype(str)
    return pd.DataFrame(out, index=frame.index, columns=frame.columns).reset_index(drop=True)


def _build(raw_info, raw_tables, problems, model, *, files, info_file, source) -> Project:
    vocab = vocabularies(model)
    problems = list(problems)
    info: dict = {}
    if raw_info is not None:
        info, found = parse_info(raw_info, info_file, vocab)
        problems += found
    tables: dict[str, pd.DataFrame] = {}
    broken = set()
    for name, table in TABLES.items():
        raw = raw_tables.get(name)
        if raw is None:
            tables[name] = empty_table(table, vocab)
            if table.required:
                broken.add(name)
            continue
        frame, found = parse_table(raw, table, files[name], vocab)
        problems += found
        if any(p.code == "missing_column" for p in found):
            broken.add(name)
        tables[name] = frame
        if table.required and len(frame) == 0 and not found:
            problems.append(Problem(files[name], None, None, None,
                                    f"no rows; a project needs at least one row in {name}",
                                    code="no_rows"))
    if not ({"participants", "meetings"} & broken):
        problems += check_references(info, tables, files, model, info_file)
    if problems:
        raise DataError(problems)
    return Project(info, {n: t.reset_index(drop=True) for n, t in tables.items()}, source,
                   model=model)


def _files_for(path: Path) -> tuple[dict[str, str], str]:
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return {n: f"{path}[{n}]" for n in TABLES}, f"{path}[project]"
    return {n: str(path / TABLES[n].file_name) for n in TABLES}, str(path / PROJECT_FILE)


def load_project(path: str | os.PathLike, *, model: Model | None = None) -> Project:
    """Load and validate one project (a folder or an ``.xlsx`` workbook).

    Parameters
    ----------
    path : str or Path
        A project folder holding ``project.yaml`` and the table CSVs, or a
        workbook ending in ``.xlsx``.
    model : Model, optional
        The model to check the data against; the project carries it as
        :attr:`Project.model`. By default the model of
        :func:`collabkit.model.load_model` (``COLLABKIT_MODEL_DIR`` or the
        bundled ``data/model``).

    Returns
    -------
    Project

    Raises
    ------
    DataError
        Listing every problem found, each as ``file:row:column: message``.
    """
    stamp = source_stamp(Path(path))  # before reading: a change made meanwhile shows
    with system_allocator():  # a lower peak for large tables
        project = _load(Path(path), model or load_model())
    project.stamp = stamp
    return project


def source_stamp(path: Path) -> tuple:
    """Each file of a project (a workbook, or every file in its folder) with its time and size.

    Two equal stamps mean no file was changed, added or removed in between.
    """
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    stamps = []
    for file in files:
        with contextlib.suppress(OSError):  # gone meanwhile: it is missing from the stamp
            status = file.stat()
            stamps.append((file.relative_to(path).as_posix() if file != path else file.name,
                           status.st_mtime_ns, status.st_size))
    return tuple(stamps)


def _load(path: Path, model: Model) -> Project:
    if not path.exists():
        raise DataError(Problem(str(path), None, None, None,
                                "no such project: give a project folder or an .xlsx workbook",
                                code="missing_file"))
    files, info_file = _files_for(path)
    if path.is_dir():
        if not is_project_folder(path):
            raise DataError(not_a_project(path))
        raw_info, raw_tables, problems = read_folder(path)
        return _build(raw_info, raw_tables, problems, model, files=files,
                      info_file=info_file, source=path)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise DataError(Problem(str(path), None, None, None,
                                f"not a project: {LOOKS_LIKE}", code="not_a_project"))
    raw_info, raw_tables, problems, layout = workbook.read_workbook(path)
    try:
        return _build(raw_info, raw_tables, problems, model, files=files,
                      info_file=info_file, source=path)
    except DataError as error:  # name the cell of each problem, as the spreadsheet shows it
        raise DataError(locate(error.problems, layout)) from None
