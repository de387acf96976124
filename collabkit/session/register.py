"""The register: who is at a meeting, marked as the meeting happens.

:class:`Register` keeps one meeting's rows of ``attendance.csv`` up to date
from the tally board: marked present, absent, arrived late (``arrived``,
seconds from the meeting's start) or left early (``left_at``). Each mark is
on disk before :meth:`Register.mark` returns: under the project's lock (the
one every table edit takes, :func:`collabkit.project.edits.project_lock`) the
file is read fresh, this one row changed, and the file written atomically (a
temporary file renamed into place). Other meetings' rows and any extra
columns are kept as they were.

A blank ``present`` means "expected, not marked yet". Who counts as present
is decided by :func:`collabkit.metrics.presence.presence_rule`, for the board
and the report alike: marked present, or coded as speaking.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from collabkit.errors import ActionError
from collabkit.project.edits import project_lock
from collabkit.project.schema import NO, TABLES, YES
from collabkit.project.storage import cell_text, read_csv_file, write_csv

__all__ = ["Register", "MARKS", "ATTENDANCE_COLUMNS"]

#: What the register can say about someone, in the order the board offers it.
MARKS = ("present", "absent", "late", "left_early")
#: Columns of the attendance table, in the data contract's order.
ATTENDANCE_COLUMNS: tuple[str, ...] = TABLES["attendance"].column_names
_FILE = TABLES["attendance"].file_name


class Register:
    """One meeting's register, read from and written to ``attendance.csv``.

    Parameters
    ----------
    folder : str or Path
        The project folder.
    meeting_id : str
    participants : iterable of str, optional
        Participant ids that may be marked; others are refused.
    expected : iterable of str, optional
        Who is expected (the board's people). When the meeting has no rows
        yet, the first mark also writes a row for each of them with
        ``present`` blank (expected, not marked), so marking one person
        never makes the others look unexpected when the board is reopened.
    """

    def __init__(self, folder: str | os.PathLike, meeting_id: str, *,
                 participants: Iterable[str] | None = None,
                 expected: Iterable[str] | None = None):
        self.expected_people = [] if expected is None else [str(p) for p in expected]
        self.folder = Path(folder)
        self.path = self.folder / _FILE
        self.meeting_id = str(meeting_id).strip()
        self.participants = None if participants is None else frozenset(map(str, participants))
        self.rows: dict[str, dict[str, str]] = {}
        self._seen: tuple[int, int, int] | None = None  # the file as last read: inode, size, mtime
        self.reload()

    # -- reading -----------------------------------------------------------
    def reload(self) -> dict[str, dict[str, str]]:
        """Read this meeting's rows from disk (participant id to the row as text).

        Nothing is read when the file is the one read last time (the same
        inode, size and modification time): every write replaces it.
        """
        seen = self._stat()
        if seen is not None and seen == self._seen:
            return self.rows
        self._seen = seen
        self.rows = {str(r["participant_id"]).strip(): r for r in self._frame()[1]
                     .to_dict("records") if str(r.get("meeting_id", "")).strip() == self.meeting_id}
        return self.rows

    def status(self, participant_id: str) -> str:
        """``"present"``, ``"absent"``, ``"late"``, ``"left early"`` or ``"not marked"``."""
        row = self.rows.get(str(participant_id))
        if row is None:
            return "not marked"
        present = str(row.get("present", "")).strip().lower()
        if present in NO:
            return "absent"
        if present not in YES:
            return "not marked"
        if str(row.get("left_at", "")).strip():
            return "left early"
        if str(row.get("arrived", "")).strip():
            return "late"
        return "present"

    def expected(self) -> list[str]:
        """The people with a row for this meeting who are not marked absent, in file order."""
        return [p for p in self.rows if self.status(p) != "absent"]

    def typed(self) -> pd.DataFrame:
        """The meeting's rows as the metrics read attendance (``present`` yes/no/NA)."""
        ids = list(self.rows)
        marks = [str(self.rows[p].get("present", "")).strip().lower() for p in ids]
        present = pd.array([True if m in YES else False if m in NO else None for m in marks],
                           dtype="boolean")
        return pd.DataFrame({
            "meeting_id": pd.array([self.meeting_id] * len(ids), dtype="string"),
            "participant_id": pd.array(ids, dtype="string"),
            "present": present,
            "group": pd.array([str(self.rows[p].get("group", "")).strip() or None
                               for p in ids], dtype="string"),
        })

    # -- writing -----------------------------------------------------------
    def mark(self, participant_id: str, mark: str, seconds: float | None = None) -> dict[str, str]:
        """Mark someone; the row is on disk when this returns. Returns the row written.

        Parameters
        ----------
        mark : {"present", "absent", "late", "left_early"}
            ``present`` and ``absent`` clear the times; ``late`` is present
            with ``arrived`` = ``seconds``; ``left_early`` keeps when they
            arrived and sets ``left_at`` = ``seconds``.
        seconds : float, optional
            The meeting clock (blank when the clock is not running).

        Raises
        ------
        ActionError
            Unknown person or mark, or leaving before arriving. Nothing is written.
        OSError
            The disk refused the write. Nothing is written.
        """
        if mark not in MARKS:
            raise ActionError(f"unknown register mark {mark!r}; allowed: {', '.join(MARKS)}")
        when = "" if seconds is None else cell_text(round(max(float(seconds), 0.0), 1))

        def change(row: dict[str, str]) -> None:
            if mark in ("present", "absent"):
                row.update(present="yes" if mark == "present" else "no", arrived="", left_at="")
            elif mark == "late":
                row.update(present="yes", arrived=when, left_at="")
            else:
                arrived = str(row.get("arrived", "")).strip()
                if when and arrived and float(when) < float(arrived):
                    raise ActionError(f"cannot leave at {when} s, before arriving at {arrived} s")
                row.update(present="yes", left_at=when)

        return self._write(participant_id, change)

    def speaking(self, participant_id: str, seconds: float | None = None) -> dict[str, str] | None:
        """Speaking proves presence: mark someone present who is not marked so yet.

        Someone marked absent who speaks is marked present, arriving at
        ``seconds``. Returns the row written, or None when nothing needed writing.
        """
        status = self.status(participant_id)
        if status in ("present", "late", "left early"):
            return None
        was_absent = status == "absent"
        when = "" if seconds is None else cell_text(round(max(float(seconds), 0.0), 1))

        def change(row: dict[str, str]) -> None:
            row["present"] = "yes"
            if was_absent:
                row.update(arrived=when, left_at="")

        return self._write(participant_id, change)

    def _write(self, participant_id: str, change) -> dict[str, str]:
        pid = str(participant_id or "").strip()
        if not pid:
            raise ActionError("choose whom to mark in the register")
        if self.participants is not None and pid not in self.participants:
            raise ActionError(f"unknown participant '{pid}'; add them to participants first")
        with project_lock(self.folder):
            header, frame = self._frame()
            header = header + [c for c in ATTENDANCE_COLUMNS if c not in header]
            frame = frame.reindex(columns=header, fill_value="")
            meeting = frame["meeting_id"].astype(str).str.strip() == self.meeting_id
            if not meeting.any() and self.expected_people:  # the meeting's first mark
                seeded = [{c: "" for c in header} | {"meeting_id": self.meeting_id,
                                                     "participant_id": p}
                          for p in self.expected_people]
                frame = pd.concat([frame, pd.DataFrame(seeded, columns=header)],
                                  ignore_index=True)
            mine = ((frame["meeting_id"].astype(str).str.strip() == self.meeting_id)
                    & (frame["participant_id"].astype(str).str.strip() == pid))
            if mine.any():
                at = frame.index[mine][0]
                row = {k: str(v) for k, v in frame.loc[at].items()}
            else:
                at = None
                row = {c: "" for c in header} | {"meeting_id": self.meeting_id,
                                                 "participant_id": pid}
            change(row)
            if at is None:
                frame = pd.concat([frame, pd.DataFrame([row], columns=header)], ignore_index=True)
            else:
                frame.loc[at, list(row)] = list(row.values())
            write_csv(self.path, frame)
            self._seen = self._stat()
            self.rows = {str(r["participant_id"]).strip(): r for r in frame.to_dict("records")
                         if str(r.get("meeting_id", "")).strip() == self.meeting_id}
        return dict(row)

    def _stat(self) -> tuple[int, int, int] | None:
        try:
            status = os.stat(self.path)
        except OSError:
            return None
        return status.st_ino, status.st_size, status.st_mtime_ns

    def _frame(self) -> tuple[list[str], pd.DataFrame]:
        """The whole attendance file as text (its header, and an empty frame if missing)."""
        if not self.path.exists():
            return list(ATTENDANCE_COLUMNS), pd.DataFrame(columns=list(ATTENDANCE_COLUMNS))
        frame, problems = read_csv_file(self.path)
        if frame is None:
            raise ActionError(f"{self.path}: cannot read the register: "
                              + "; ".join(p.message for p in problems))
        frame = frame.astype(str)
        return [str(c) for c in frame.columns], frame.reset_index(drop=True)
