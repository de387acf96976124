"""The one exception family of collabkit.

Every error a user can cause with bad data is a :class:`DataError` carrying a
list of :class:`Problem` records, so that all problems in a project are
reported together, each as ``file:row:column: message``.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        column = self.column or ""
        return f"{self.file}:{row}:{column}: {self.message}"


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


class ModelError(CollabkitError):
    """The model definition under ``data/model/`` is malformed."""


class ActionError(CollabkitError, ValueError):
    """An action a user asked for cannot be done (no meeting chosen, unknown
    participant, duplicate id...). The message says why and what to do."""
