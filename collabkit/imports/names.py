"""Matching the names another tool wrote (a transcript's speakers, BORIS's subjects) to participants.

A name matches a participant when, with accents and case folded and spaces
collapsed (``"ZOË  Exampleton"`` and ``"zoe exampleton"`` are one name), it
equals the participant's ``name`` or ``participant_id``. Two forms common in
NHS Teams meetings match too: a trailing organisation in brackets is dropped
(``"Sample, Bea (Trust)"``) and ``"Surname, First"`` is read as
``"First Surname"``. A map file says the rest: each row names a participant
for a name, or leaves the participant blank to leave that name out (a meeting
room's microphone, a note-taker who is not a participant).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from collabkit.errors import Problem
from collabkit.project.storage import read_csv_file
from collabkit.project.validate import normalise_code

__all__ = ["Match", "NameMatcher", "fold_name", "name_keys", "read_map"]

_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")


def fold_name(text: str) -> str:
    """A name with accents and case folded and spaces collapsed, for matching.

    Examples
    --------
    >>> fold_name("  Zoë   EXAMPLETON ")
    'zoe exampleton'
    >>> fold_name("Siân") == fold_name("sian")
    True
    """
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def name_keys(text: str) -> list[str]:
    """Every folded form a written name may match: as written, without a bracket, first name first.

    Examples
    --------
    >>> name_keys("Sample, Bea (Nottinghamshire Healthcare)")
    ['sample, bea (nottinghamshire healthcare)', 'sample, bea', 'bea sample']
    """
    keys = [fold_name(text)]
    bare = _BRACKETS.sub("", str(text))
    keys.append(fold_name(bare))
    if bare.count(",") == 1:
        last, first = bare.split(",")
        keys.append(fold_name(f"{first} {last}"))
    return [k for k in dict.fromkeys(keys) if k]


@dataclass(frozen=True)
class Match:
    """What a written name was matched to.

    Attributes
    ----------
    name : str
        The name as the file wrote it.
    participant_id : str or None
        The participant; None when unmatched, ambiguous or left out by the map.
    how : str
        ``"map"``, ``"name"`` or ``"id"``; ``"left out"`` (the map gives no
        participant); ``"unmatched"``; or ``"ambiguous"`` (several participants).
    candidates : tuple of str
        For an ambiguous name, the participants it could be.
    """

    name: str
    participant_id: str | None
    how: str
    candidates: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the name was settled: matched, or left out on purpose."""
        return self.how not in ("unmatched", "ambiguous")


class NameMatcher:
    """Matches written names to participant ids, through a map first, then by name or id.

    Parameters
    ----------
    participants : DataFrame
        A project's participants (``participant_id`` and ``name``).
    mapping : dict of str to (str or None), optional
        Written name -> participant id (None: leave the name out). Keys are
        folded, so the map's own spelling and case do not matter.
    """

    def __init__(self, participants: pd.DataFrame, mapping: dict[str, str | None] | None = None):
        self.mapping = {fold_name(k): v for k, v in (mapping or {}).items()}
        self._by: dict[str, dict[str, set[str]]] = {"name": {}, "id": {}}
        for pid, name in zip(participants["participant_id"].astype(str),
                             participants["name"].fillna("").astype(str), strict=True):
            for key in name_keys(name) if name.strip() else []:
                self._by["name"].setdefault(key, set()).add(pid)
            self._by["id"].setdefault(fold_name(pid), set()).add(pid)

    def match(self, name: str) -> Match:
        """The participant ``name`` stands for (see :class:`Match`)."""
        folded = fold_name(name)
        if folded in self.mapping:
            target = self.mapping[folded]
            return Match(name, target, "map" if target else "left out")
        for how in ("id", "name"):
            found: set[str] = set()
            for key in name_keys(name):
                found |= self._by[how].get(key, set())
            if len(found) == 1:
                return Match(name, found.pop(), how)
            if found:
                return Match(name, None, "ambiguous", tuple(sorted(found)))
        return Match(name, None, "unmatched")

    def match_all(self, names: Iterable[str]) -> dict[str, Match]:
        """Each distinct name, in first-seen order, with its match."""
        return {name: self.match(name) for name in dict.fromkeys(names)}


def read_map(path: Path, columns: tuple[str, ...], *, required: tuple[str, ...] | None = None
             ) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A small map CSV as text, with its header matched like codes, and the problems found.

    Parameters
    ----------
    path : Path
        The map file (UTF-8, with or without BOM, or Windows-1252).
    columns : tuple of str
        The columns it has, in order.
    required : tuple of str, optional
        The columns that must be there (default: all of ``columns``).

    Returns
    -------
    (DataFrame or None, list of Problem)
        The map's rows as text (blank cells ``""``; the index keeps each
        row's place, spreadsheet row = index + 2), or None when the file
        cannot be read or lacks a column.
    """
    file = str(path)
    if not path.exists():
        return None, [Problem(file, None, None, None, "no such map file",
                              code="missing_file")]
    frame, problems = read_csv_file(path)
    if frame is None or problems:
        return None, problems
    frame.columns = normalise_code(pd.Series(frame.columns, dtype=object)).tolist()
    missing = [c for c in (required or columns) if c not in frame.columns]
    if missing:
        return None, [Problem(file, 1, name, None,
                              f"the map needs a column '{name}'; its header must be "
                              f"{','.join(columns)}", code="missing_column")
                      for name in missing]
    for name in columns:
        if name not in frame.columns:
            frame[name] = ""
    return frame[list(columns)].apply(lambda c: c.str.strip()), []
