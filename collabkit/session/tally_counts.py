"""The live tally's running counts, kept up to date one event at a time.

A click adds one event; redrawing the board from the whole meeting (a
rebuilt :class:`~collabkit.project.Project` run through the metrics) costs
tens of milliseconds at a few thousand events. :class:`LiveCounts` instead
takes each new event once and adds it to plain counts: contributions per
person, the four actions, dialogue and debate, and where the first solution
came. What the counts mean is still decided by the report's own code:

- equality by :func:`collabkit.metrics.equality.gini` and
  :func:`~collabkit.metrics.equality.evenness` over the people present by
  :func:`collabkit.metrics.presence.presence_rule`;
- the stuck-pattern prompt by :func:`collabkit.metrics.prompts.live_prompt`
  on a short frame (:meth:`LiveCounts.prompt_events`) that gives it the same
  answer as the whole meeting would;
- the action-bias flag by :func:`collabkit.evaluation.measures.rushed_meetings`,
  run once, when the meeting's first solution comes (nothing after it can
  change the answer).

An undo (or another tab's) rewrites the file: the log's list of events is
then a new one and the counts start again from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from collabkit.project.eventlog import EVENT_COLUMNS

__all__ = ["LiveCounts", "rows_frame"]

_SECONDS = ("t_seconds", "duration_seconds")
#: The conversation that stands for the meeting's earlier events in the prompt's frame.
_EARLIER = "\x00earlier"


def _number(value: Any) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def rows_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Event rows (text, as the event log holds them) as a frame the metrics accept.

    Ids and codes are plain text (blank as missing), ``seq`` whole numbers,
    ``t_seconds`` and ``duration_seconds`` floats.
    """
    data: dict[str, Any] = {}
    for name in EVENT_COLUMNS:
        values = [row.get(name, "") or None for row in rows]
        if name == "seq":
            data[name] = np.array([int(float(str(v))) if _number(v) else 0 for v in values],
                                  dtype=np.int64)
        elif name in _SECONDS:
            data[name] = np.array([float(str(v)) if _number(v) else np.nan for v in values],
                                  dtype=float)
        else:
            data[name] = np.array(values, dtype=object)
    return pd.DataFrame(data, columns=list(EVENT_COLUMNS))


class _Stream:
    """One conversation (the plenary or a small group): its events and where runs last broke.

    ``answered``, ``open_`` and ``turns`` are the positions (in ``rows``) of
    the last event that breaks a run of each stuck pattern: a follow or
    oppose (serial moves), an oppose or bystand (courteous compliance), a
    follow or bystand (point-counterpoint). Every run in progress starts
    after the earliest of the three.
    """

    __slots__ = ("rows", "answered", "open_", "turns")

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.answered = self.open_ = self.turns = -1

    def add(self, index: int, move: str) -> None:
        position = len(self.rows)
        self.rows.append(index)
        if move in ("follow", "oppose"):
            self.answered = position
        if move in ("oppose", "bystand"):
            self.open_ = position
        if move in ("follow", "bystand"):
            self.turns = position

    def in_progress(self) -> list[int]:
        """The events (indices) that hold every run still going on."""
        return self.rows[min(self.answered, self.open_, self.turns) + 1:]


class LiveCounts:
    """Running counts of one meeting's events (one coder's), fed one event at a time.

    Parameters
    ----------
    participants : list of str
        The project's participant ids (events naming anyone else do not count,
        as in the metrics).
    moves, modes : sequence of str
        The model's codes for the four actions and for mode.
    """

    def __init__(self, participants: Sequence[str], moves: Sequence[str],
                 modes: Sequence[str]):
        self.participants = list(participants)
        self._known = frozenset(self.participants)
        self._moves = list(moves)
        self._modes = list(modes)
        self.reset([])

    def reset(self, rows: list[dict[str, str]]) -> None:
        """Start again from ``rows`` (the log's list, which is then followed as it grows)."""
        self._clear(rows)
        self.update(rows)

    def _clear(self, rows: list[dict[str, str]]) -> None:
        self.source, self.seen = rows, 0
        self.valid: list[int] = []  # indices of the events that count
        self.by_person: Counter[str] = Counter()
        self.by_move: Counter[str] = Counter()
        self.by_mode: Counter[str] = Counter()
        self.streams: dict[str, _Stream] = {}
        self.first_solution: int | None = None  # index of the first solution-focused event

    def update(self, rows: list[dict[str, str]]) -> int:
        """Take the events of ``rows`` not seen yet; returns how many were new.

        ``rows`` is the event log's list; a different list (the file was
        rewritten, by an undo for instance) or a shorter one starts again.
        """
        if rows is not self.source or len(rows) < self.seen:
            self._clear(rows)
        new = len(rows) - self.seen
        for index in range(self.seen, len(rows)):
            self._add(index, rows[index])
        self.seen = len(rows)
        return new

    def _add(self, index: int, row: dict[str, str]) -> None:
        pid, move = str(row.get("participant_id", "")).strip(), str(row.get("move", "")).strip()
        if pid not in self._known or move not in self._moves:
            return
        self.valid.append(index)
        self.by_person[pid] += 1
        self.by_move[move] += 1
        mode = str(row.get("mode", "") or "").strip()
        if mode in self._modes:
            self.by_mode[mode] += 1
        if self.first_solution is None and str(row.get("focus", "") or "").strip() == "solution":
            self.first_solution = index
        group = str(row.get("group", "") or "").strip()
        self.streams.setdefault(group, _Stream()).add(index, move)

    # -- what the board reads ----------------------------------------------------
    @property
    def contributions(self) -> int:
        """Events that count (known person, known action)."""
        return len(self.valid)

    def counts(self) -> np.ndarray:
        """Contributions of each participant, in participants' order."""
        return np.array([self.by_person.get(p, 0) for p in self.participants], dtype=np.int64)

    def prompt_events(self) -> pd.DataFrame:
        """A short frame on which :func:`~collabkit.metrics.prompts.live_prompt` answers as on all.

        The events of the latest event's conversation from where its runs in
        progress began (every run pattern's episode that ends with the latest
        event lies inside them), after the meeting's other events as a separate
        conversation of bystands and follows, as many of each as there were
        bystands and other actions: they hold no run of any pattern, and keep
        the meeting's size and its bystands for the silent-bystanders share.
        Columns ``meeting_id``, ``seq``, ``participant_id``, ``move`` and
        ``group``, the codes as categoricals (cheap to read at any size).
        """
        rows = self.source or []
        columns = ["meeting_id", "seq", "participant_id", "move", "group"]
        if not self.valid:
            return pd.DataFrame({name: [] for name in columns})
        latest = rows[self.valid[-1]]
        group = str(latest.get("group", "") or "").strip()
        tail = [rows[i] for i in self.streams[group].in_progress()]
        move_code = {m: i for i, m in enumerate(self._moves)}
        person_code = {p: i for i, p in enumerate(self.participants)}
        tail_moves = [move_code[str(r["move"]).strip()] for r in tail]
        bystands = self.by_move.get("bystand", 0) - tail_moves.count(move_code["bystand"])
        others = self.contributions - len(tail) - bystands
        earlier = bystands + others
        moves = np.concatenate([np.full(bystands, move_code["bystand"]),
                                np.full(others, move_code["follow"]), tail_moves])
        people = np.concatenate([np.zeros(earlier, dtype=np.int64),
                                 [person_code[str(r["participant_id"]).strip()] for r in tail]])
        seq = np.concatenate([np.arange(-earlier, 0), [int(float(r["seq"])) for r in tail]])
        group_codes = np.repeat([0, 1 if group else -1], [earlier, len(tail)])
        return pd.DataFrame({
            "meeting_id": pd.Categorical.from_codes(np.zeros(len(seq), dtype=np.int64),
                                                    [str(latest.get("meeting_id", ""))]),
            "seq": seq.astype(np.int64),
            "participant_id": pd.Categorical.from_codes(people.astype(np.int64),
                                                        self.participants),
            "move": pd.Categorical.from_codes(moves.astype(np.int64), self._moves),
            "group": pd.Categorical.from_codes(group_codes.astype(np.int64),
                                               [_EARLIER] + ([group] if group else []))})

    def solution_prefix(self) -> pd.DataFrame | None:
        """The events up to and including the first solution (None before any solution)."""
        if self.first_solution is None:
            return None
        rows = self.source or []
        return rows_frame([rows[i] for i in self.valid if i <= self.first_solution])
