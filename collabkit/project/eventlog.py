"""The live event log: one meeting's coded contributions, appended safely.

:class:`EventLog` writes a project folder's ``events.csv`` one line at a time,
so a live tally never loses a click:

- **Durable**: each event is one CSV line written with a single ``write`` to
  the file opened in append mode, then flushed to the disk with ``os.fsync``,
  before :meth:`EventLog.append` returns. A process killed at any moment
  leaves either the whole line or nothing, so the project always loads.
- **Shared safely**: every write holds an exclusive lock (``fcntl.flock``) on
  a ``.events.lock`` file beside ``events.csv``, taken per write rather than
  for the whole session. So two boards open on the same meeting (two
  facilitators, or two browser tabs) both append safely: under the lock each
  first reads what the other appended, then takes the next free ``seq``. No
  line is lost or interleaved, and ``(meeting_id, coder, seq)`` stays unique.
  The lock file is only created at the first write.
- **Resumable**: opening the log again (after a kernel restart) reads the
  meeting's events back; the next ``seq`` is the largest ``seq`` of this
  meeting and coder plus one.
- **Undo**: :meth:`EventLog.undo` removes this log's most recent event (or,
  on a log just opened, the last event of the meeting and coder) by rewriting
  the file atomically (a temporary file renamed into place) under the lock.

Examples
--------
A log writes to the project's events.csv at once, so try it on a copy:

>>> import shutil, tempfile
>>> folder = shutil.copytree("data/examples/riverside_crisis_cafe", tempfile.mkdtemp() + "/cafe")
>>> log = EventLog(folder, "M01")
>>> log.append("P01", "move", focus="problem")["seq"]
'85'
>>> log.undo()["seq"]
'85'
>>> shutil.rmtree(folder)
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import threading
from collections.abc import Iterable
from pathlib import Path

from collabkit.errors import ActionError
from collabkit.model import Model, load_model
from collabkit.project.csv_lines import append_durably as _append_durably
from collabkit.project.csv_lines import decode as _decode
from collabkit.project.csv_lines import format_line as _format
from collabkit.project.csv_lines import sync_folder as _sync_folder
from collabkit.project.locking import exclusive_lock
from collabkit.project.schema import TABLES
from collabkit.project.storage import atomic_write, cell_text

__all__ = ["EventLog", "EarlierEvent", "LOCK_NAME", "EVENT_COLUMNS"]

#: Name of the lock file kept beside ``events.csv`` while events are written.
LOCK_NAME = ".events.lock"
#: Columns of the events table, in the data contract's order.
EVENT_COLUMNS: tuple[str, ...] = TABLES["events"].column_names
_FILE = TABLES["events"].file_name
_PRIMARY = "primary"


class EarlierEvent(ActionError):
    """Undo reached an event from before this board session; nothing was removed.

    Attributes
    ----------
    event : dict
        The event that would have been removed (text values).
    """

    def __init__(self, event: dict[str, str]):
        self.event = dict(event)
        super().__init__(f"the latest contribution, #{event.get('seq', '')}, was recorded "
                         "before this board opened; confirm to remove it")


class EventLog:
    """Append-only, crash-safe writer of one meeting's events.

    Parameters
    ----------
    folder : str or Path
        The project folder (holding ``events.csv``; the file is created with
        its header at the first event if it does not exist).
    meeting_id : str
        The meeting being tallied.
    coder : str, default "primary"
        Who codes; each coder has their own ``seq`` numbering.
    participants : iterable of str, optional
        Participant ids that may be recorded; others are refused with an
        :class:`~collabkit.errors.ActionError`. Default: anyone.
    model : Model, optional
        The model whose move, mode and focus codes are allowed (the project's
        ``project.model``); by default :func:`collabkit.model.load_model`'s.

    Attributes
    ----------
    path : Path
        The ``events.csv`` file.
    events : list of dict
        This meeting's events for this coder, in file order, each a dict of
        the event columns as text.
    """

    def __init__(self, folder: str | os.PathLike, meeting_id: str, *, coder: str = _PRIMARY,
                 participants: Iterable[str] | None = None, model: Model | None = None):
        folder = Path(folder)
        if not folder.is_dir():
            raise ActionError(f"{folder}: not a project folder; the live tally needs a project "
                              "folder of CSV files")
        if not str(meeting_id).strip():
            raise ActionError("no meeting chosen: choose the meeting to tally first")
        self.folder = folder
        self.path = folder / _FILE
        self.lock_path = folder / LOCK_NAME
        self.meeting_id = str(meeting_id).strip()
        self.coder = str(coder).strip() or _PRIMARY
        self.participants = None if participants is None else frozenset(map(str, participants))
        codes = (model if model is not None else load_model()).codes
        self._codes = {name: frozenset(codes[name]) for name in ("move", "mode", "focus")}
        self._mutex = threading.Lock()
        self._recorded: list[int] = []  # seqs this log appended, for undo
        self._scan()

    # -- reading -----------------------------------------------------------
    @property
    def next_seq(self) -> int:
        """The ``seq`` the next event would get (as far as this log knows)."""
        return self._max_seq + 1

    def _scan(self) -> None:
        """Read the whole file: header, this meeting's events, where the file ends."""
        self.events: list[dict[str, str]] = []
        self._max_seq = 0
        self._header: list[str] | None = None
        self._needs_rewrite = False
        self._ends_with_newline = True
        self._known: tuple[int, int] | None = None  # (inode, bytes read)
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
                status = os.fstat(handle.fileno())
        except FileNotFoundError:
            return
        text, utf8 = _decode(data)
        self._needs_rewrite = not utf8
        records = csv.reader(io.StringIO(text, newline=""))
        header = next(records, None)
        if header is None:
            self._needs_rewrite = True
        else:
            self._header = [h.strip() for h in header]
            self._take(records)
            missing = [c for c in EVENT_COLUMNS if c not in self._header]
            self._needs_rewrite = self._needs_rewrite or bool(missing)
        self._ends_with_newline = data.endswith(b"\n") or not data
        self._known = (status.st_ino, len(data))

    def _take(self, records: Iterable[list[str]]) -> None:
        """Keep the records of this meeting and coder; follow the largest seq."""
        header = self._header or list(EVENT_COLUMNS)
        where = {name: i for i, name in enumerate(header)}
        m, c, s = where.get("meeting_id"), where.get("coder"), where.get("seq")
        for record in records:
            if m is None or s is None or len(record) <= max(m, s):
                continue
            if record[m].strip() != self.meeting_id:
                continue
            coder = record[c].strip() if c is not None and c < len(record) else ""
            if (coder or _PRIMARY) != self.coder:
                continue
            row = {name: (record[i].strip() if i < len(record) else "")
                   for name, i in where.items() if name}
            self.events.append(row)
            with contextlib.suppress(ValueError):
                self._max_seq = max(self._max_seq, int(float(row["seq"])))

    def _catch_up(self) -> None:
        """Under the lock: read what other writers appended since we last looked."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            self._scan()
            return
        if (self._known is None or status.st_ino != self._known[0]
                or status.st_size < self._known[1] or self._needs_rewrite):
            self._scan()
            return
        if status.st_size == self._known[1]:
            return
        with open(self.path, "rb") as handle:
            handle.seek(self._known[1])
            data = handle.read()
        self._take(csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline="")))
        self._ends_with_newline = data.endswith(b"\n")
        self._known = (status.st_ino, self._known[1] + len(data))

    # -- writing -----------------------------------------------------------
    def append(self, participant_id: str, move: str, *, t_seconds: float | None = None,
               mode: str | None = None, focus: str | None = None, group: str | None = None,
               note: str | None = None,
               duration_seconds: float | None = None) -> dict[str, str]:
        """Append one event; it is on disk (fsynced) when this returns.

        Parameters
        ----------
        participant_id : str
            Who spoke.
        move : str
            One of the Four Player actions (``move``, ``follow``, ``oppose``,
            ``bystand``).
        t_seconds : float, optional
            Time since the meeting started.
        mode, focus : str, optional
            ``dialogue``/``debate`` and ``problem``/``solution``/``process``/``social``.
        group, note : str, optional
            Small-group label and a free note.
        duration_seconds : float, optional
            How long the contribution lasted (talk time), 0 or more.

        Returns
        -------
        dict
            The event as written (text values), with its ``seq``.

        Raises
        ------
        ActionError
            Unknown participant or code, or a negative time. Nothing is written.
        OSError
            The disk refused the write (full, read-only). Nothing is written.
        """
        row = self._row(participant_id, move, t_seconds, mode, focus, group, note)
        row["duration_seconds"] = _seconds(duration_seconds, "duration_seconds")
        with self._mutex, self._locked():
            self._catch_up()
            if self._header is None or self._needs_rewrite:
                self._rewrite(drop_seq=None)
            row["seq"] = str(self._max_seq + 1)
            line = _format(row, self._header or list(EVENT_COLUMNS))
            if not self._ends_with_newline:
                line = "\n" + line
            data = line.encode("utf-8")
            _append_durably(self.path, data)
            self._known = (self._known[0], self._known[1] + len(data))  # type: ignore[index]
            self._ends_with_newline = True
            self._max_seq += 1
            self.events.append({name: row.get(name, "") for name in self._header or EVENT_COLUMNS})
            self._recorded.append(self._max_seq)
        return dict(self.events[-1])

    def undo(self) -> dict[str, str] | None:
        """Remove the most recent event; returns it, or None if there is none.

        The event removed is the last one this log appended that is still in
        the file; on a log with nothing appended yet (just opened, or resumed),
        the last event of this meeting and coder in the file.
        """
        with self._mutex, self._locked():
            self._scan()
            seqs = [_seq(e) for e in self.events]
            target = None
            while self._recorded and target is None:
                candidate = self._recorded.pop()
                if candidate in seqs:
                    target = candidate
            if target is None and self.events:
                target = seqs[-1]
            if target is None:
                return None
            removed = self.events[seqs.index(target)]
            self._rewrite(drop_seq=target)
            return removed

    def undo_latest(self, *, since_seq: int | None = None) -> dict[str, str] | None:
        """Remove the meeting's latest event on disk, whichever board recorded it.

        The file is read again under the lock, so the event removed is the
        one with the largest ``seq`` of this meeting and coder now, not this
        log's own last. Returns it, or None when there is none.

        Parameters
        ----------
        since_seq : int, optional
            The largest ``seq`` when this board session began: an event at or
            below it is refused with :class:`EarlierEvent` (nothing removed).
        """
        with self._mutex, self._locked():
            self._scan()
            numbered = [(s, e) for e in self.events if (s := _seq(e)) is not None]
            if not numbered:
                return None
            seq, event = max(numbered, key=lambda pair: pair[0])
            if since_seq is not None and seq <= since_seq:
                raise EarlierEvent(event)
            self._rewrite(drop_seq=seq)
            return event

    def reload(self) -> list[dict[str, str]]:
        """Read what other boards appended since this log last looked; returns the events."""
        with self._mutex:
            try:
                with self._locked():
                    self._catch_up()
            except OSError:  # a read-only folder has no lock file: nobody is writing here
                self._catch_up()
        return self.events

    def _row(self, participant_id, move, t_seconds, mode, focus, group, note) -> dict[str, str]:
        pid = str(participant_id or "").strip()
        if not pid:
            raise ActionError("no participant given: choose who spoke")
        if self.participants is not None and pid not in self.participants:
            raise ActionError(f"unknown participant '{pid}'; add them to participants first "
                              f"(known: {', '.join(sorted(self.participants)) or 'none'})")
        values = {"move": move, "mode": mode, "focus": focus}
        for name, value in values.items():
            text = "" if value is None else str(value).strip()
            if (text or name == "move") and text not in self._codes[name]:
                raise ActionError(f"unknown {name} '{text}'; allowed: "
                                  f"{', '.join(sorted(self._codes[name]))}")
            values[name] = text
        seconds = _seconds(t_seconds, "t_seconds")
        return {"meeting_id": self.meeting_id, "participant_id": pid, **values,
                "t_seconds": seconds, "group": "" if group is None else str(group).strip(),
                "coder": self.coder, "note": "" if note is None else str(note).strip()}

    def _rewrite(self, drop_seq: int | None) -> None:
        """Atomically rewrite events.csv as UTF-8 with every contract column.

        The event ``drop_seq`` of this meeting and coder, if given, is left out.
        """
        rows: list[dict[str, str]] = []
        header: list[str] = list(EVENT_COLUMNS)
        if self.path.exists():
            text, _ = _decode(self.path.read_bytes())
            records = csv.reader(io.StringIO(text, newline=""))
            old = [h.strip() for h in next(records, [])]
            header = old + [c for c in EVENT_COLUMNS if c not in old]
            for record in records:
                if not any(cell.strip() for cell in record):
                    continue
                row = dict(zip(old, record, strict=False))
                if drop_seq is not None and self._is(row, drop_seq):
                    drop_seq = None  # only the first match
                    continue
                rows.append(row)
        with atomic_write(self.path, encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\n", extrasaction="ignore",
                                    restval="")
            writer.writeheader()
            writer.writerows(rows)
        _sync_folder(self.folder)
        self._scan()

    def _is(self, row: dict[str, str], seq: int) -> bool:
        return (row.get("meeting_id", "").strip() == self.meeting_id
                and (row.get("coder", "").strip() or _PRIMARY) == self.coder
                and _seq(row) == seq)

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        return exclusive_lock(self.lock_path)


def _seconds(value: float | None, name: str) -> str:
    """A number of seconds (0 or more) as the text written, "" for None."""
    if value is None:
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ActionError(f"{name} must be a number of seconds, got {value!r}") from None
    if not number >= 0:
        raise ActionError(f"{name} must be 0 or more, got {value!r}")
    return cell_text(round(number, 1))


def _seq(row: dict[str, str]) -> int | None:
    try:
        return int(float(row.get("seq", "")))
    except ValueError:
        return None
