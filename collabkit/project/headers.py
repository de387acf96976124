"""Header rows: matched to the data contract as codes are, repeated names refused.

A header cell names a contract column whatever its case, the spaces around it
and whether words are joined by spaces, hyphens or underscores
(``Participant_ID``, ``Named In Reports``, ``named-in-reports``). A column
the contract does not know is kept as text under its own name, and
:func:`unknown_columns` lists it for a warning. Two header cells naming the
same column is a problem.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from collabkit.errors import Problem
from collabkit.project.schema import Table


def header_key(name: str) -> str:
    """A header cell as the column name it means: ``' Named-In Reports '`` -> ``'named_in_reports'``.

    Examples
    --------
    >>> header_key(" Participant_ID "), header_key("Named In Reports")
    ('participant_id', 'named_in_reports')
    """
    return re.sub(r"[\s\-]+", "_", str(name).strip()).lower()


def column_letter(position: int) -> str:
    """The spreadsheet letter of a 0-based column position: 0 -> A, 26 -> AA.

    Examples
    --------
    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def match_header(raw: pd.DataFrame, table: Table, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """``raw`` with header cells renamed to the contract's columns, and repeated names refused.

    A cell that names a contract column becomes that column's name; any other
    keeps its own text (trimmed). When two cells name one column, the first
    is kept and the problem names both cells as a spreadsheet shows them.
    """
    known = {header_key(name): name for name in table.column_names}
    given = [str(c).strip() for c in raw.columns]
    names = [known.get(header_key(c), c) for c in given]
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for position, name in enumerate(names):
        if not name:
            continue
        if name not in first:
            first[name] = position
            continue
        earlier = first[name]
        where = (f"columns {column_letter(earlier)} and {column_letter(position)}"
                 if given[earlier] == given[position] else
                 f"'{given[earlier]}' in column {column_letter(earlier)} and "
                 f"'{given[position]}' in column {column_letter(position)}")
        problems.append(Problem(
            file, 1, name, given[position],
            f"column '{name}' appears twice in the header ({where}); keep one of them",
            code="duplicate_column"))
    if problems:
        keep = [i for i, name in enumerate(names) if not name or first.get(name) == i]
        raw = raw.iloc[:, keep]
        names = [names[i] for i in keep]
    raw = raw.set_axis(names, axis=1)
    return raw, problems


def unknown_columns(frame: pd.DataFrame, table: Table) -> list[str]:
    """One sentence per column of ``frame`` that is not in the data contract for ``table``."""
    sentences = []
    for name in frame.columns:
        if name in table.column_names:
            continue
        close = difflib.get_close_matches(header_key(name), table.column_names, n=1, cutoff=0.75)
        hint = (f"did you mean '{close[0]}'?" if close else
                f"the columns of {table.name} are {', '.join(table.column_names)}")
        sentences.append(f"column '{name}' is not in the data contract, so it is kept but not "
                         f"used; {hint}")
    return sentences
