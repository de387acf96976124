"""The one exception family of collabkit.

Every error a user can cause with bad data is a :class:`DataError` carrying a
list of :class:`Problem` records, so that all problems in a project are
reported together, each as ``file:row:column: message``. Each problem also has
a stable ``code`` from :data:`PROBLEM_CODES`, so code that reacts to a kind of
problem checks the code, never the wording of the message.
"""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Every kind of problem: code -> what it means. The one list; the README's
#: table of codes is checked against it by the tests.
PROBLEM_CODES: dict[str, str] = {
    "missing_file": "a file, folder or project that is needed does not exist",
    "missing_sheet": "a workbook has no sheet for a table it needs",
    "not_a_project": "the path is neither a project folder nor an .xlsx workbook",
    "empty_file": "a file or sheet is empty, with not even a header row",
    "unreadable_file": "a file cannot be opened or read (binary data, a damaged workbook, "
                       "an Excel workbook where a CSV file should be)",
    "wrong_encoding": "a text file is neither UTF-8 nor Windows-1252",
    "bad_yaml": "project.yaml is not readable 'key: value' lines",
    "formula_without_value": "a workbook cell holds a formula with no saved result "
                             "(open and save the workbook in a spreadsheet)",
    "ragged_row": "a row has more cells than the header",
    "missing_column": "a required column is not in the header",
    "duplicate_column": "the header names the same column twice",
    "missing_field": "a required project field (id, title) is not given",
    "unknown_table": "a table is named that is not part of the data contract",
    "no_rows": "a table every project needs has no rows",
    "required_blank": "a required value is blank",
    "unknown_code": "a value is not in its list of allowed codes (role, move, step...)",
    "bad_yes_no": "a value is not yes or no",
    "bad_date": "a value is not a date",
    "bad_number": "a value is not a number, or not a whole number where one is needed",
    "out_of_range": "a number is below or above what is allowed",
    "duplicate_key": "an id, or a combination that must be unique, is used twice in a table",
    "dangling_reference": "a value names a participant, meeting or decision that is not defined",
    "wrong_step": "a checklist item is filed under a step it does not belong to",
    "bad_revision": "a decision revises itself or a decision made after it",
    "duplicate_project_id": "two projects in one batch have the same id",
    "bad_id": "a project id that cannot name a report file (letters, digits, _ - . only)",
    "already_exists": "the file or folder to write already exists and is not empty",
    "bad_import": "a file to import is not in a form collabkit reads (WebVTT, SubRip, "
                  "'Name: text' lines, a BORIS or CSV events export)",
    "unmatched_name": "a name in an imported file (a speaker, a subject) matches no "
                      "participant, or more than one",
}


class CollabkitError(Exception):
    """Base class of every error collabkit raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    Attributes
    ----------
    file : str
        File (or ``workbook.xlsx[sheet]``) the problem is in.
    row : int or None
        Row as a spreadsheet user counts it: the header is row 1, the first
        data row is row 2. ``None`` when the problem is about the whole file.
    column : str or None
        Column name, or ``None`` when the problem is about a whole row or file.
    value : str or None
        The offending value, quoted in the message.
    message : str
        What is wrong and what is allowed.
    code : str
        What kind of problem it is: a key of :data:`PROBLEM_CODES`. Given by
        keyword, and required, so that no problem goes uncoded.

    Raises
    ------
    ValueError
        When ``code`` is not in :data:`PROBLEM_CODES` (a mistake in collabkit,
        not in the data).
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    _: KW_ONLY
    code: str

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_CODES:
            raise ValueError(f"unknown problem code {self.code!r}; "
                             f"allowed: {', '.join(PROBLEM_CODES)}")

    def __str__(self) -> str:
        """``file:row:column: message``, leaving out a row or column the problem has not.

        Examples
        --------
        >>> print(Problem("meetings.csv", 3, "date", "2026-02-30", "not a date", code="bad_date"))
        meetings.csv:3:date: not a date
        >>> print(Problem("project.yaml", None, "title", None, "missing", code="missing_field"))
        project.yaml:title: missing
        >>> print(Problem("aims.csv", None, None, None, "the file is empty", code="empty_file"))
        aims.csv: the file is empty
        """
        where = [self.file, *([str(self.row)] if self.row is not None else []),
                 *([self.column] if self.column else [])]
        return f"{':'.join(where)}: {self.message}"


class DataError(CollabkitError, ValueError):
    """Bad input data: one error listing every problem found.

    Parameters
    ----------
    problems : list of Problem
        Every problem found, in file order.
    """

    def __init__(self, problems: list[Problem] | Problem):
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        lines = [str(p) for p in self.problems[:50]]
        if count > 50:
            lines.append(f"... and {count - 50} more")
        super().__init__(head + ":\n" + "\n".join(lines))

    def to_frame(self) -> pd.DataFrame:
        """Every problem as one row of a table, in the order found.

        Returns
        -------
        DataFrame
            Columns ``file``, ``row`` (nullable ``Int64``: blank when the
            problem is about a whole file), ``column``, ``value``, ``code``
            (a key of :data:`PROBLEM_CODES`) and ``message``; text columns
            are ``string``, blank where the problem has no column or value.

        Examples
        --------
        >>> import collabkit
        >>> try:
        ...     collabkit.load_project("no_such_project")
        ... except collabkit.DataError as error:
        ...     print(error.to_frame()[["code", "message"]].to_string(index=False))
                code                                                     message
        missing_file no such project: give a project folder or an .xlsx workbook
        """
        import pandas as pd

        columns = ("file", "row", "column", "value", "code", "message")
        records = [(p.file, p.row, p.column, p.value, p.code, p.message) for p in self.problems]
        frame = pd.DataFrame.from_records(records, columns=columns)
        types = {name: "string" for name in columns}
        types["row"] = "Int64"
        return frame.astype(types)


class ModelError(CollabkitError):
    """The model definition under ``data/model/`` is malformed."""


class ActionError(CollabkitError, ValueError):
    """An action a user asked for cannot be done.

    For example: no meeting chosen, unknown participant, duplicate id... The
    message says why and what to do.
    """


def install_hint(error: ModuleNotFoundError, prefer: str | None = None) -> str | None:
    """How to install the optional part of collabkit a missing module belongs to.

    Read from the installed package's own requirements (``pyproject.toml``'s
    extras), so the hint never disagrees with them: ``tqdm`` missing gives
    ``pip install 'collabkit[report]'``. Of several extras holding the module
    (matplotlib is in most), the one named ``prefer`` (the command's own, as
    ``report``) if it is one of them, else the first. None when the module is
    not a requirement of an extra (a real bug, left to show as one).
    """
    import re
    from importlib import metadata

    missing = (error.name or "").partition(".")[0].lower()
    try:
        requirements = metadata.requires("collabkit") or []
    except metadata.PackageNotFoundError:
        return None
    extras = []
    for requirement in requirements:
        found = re.match(r"\s*([A-Za-z0-9._-]+).*extra\s*==\s*['\"]([\w-]+)['\"]", requirement)
        if found is None:
            continue
        name, extra = found[1].lower().replace("-", "_"), found[2]
        if missing in {name, name.removesuffix("_py"), name.removeprefix("py")}:
            extras.append(extra)
    if not extras:
        return None
    return f"pip install 'collabkit[{prefer if prefer in extras else extras[0]}]'"
