"""What a tally board needs to carry on after a reopen: the clock and the toggles.

One small JSON file per meeting beside the project's tables
(``.tally-<meeting>.json``), written atomically (a temporary file renamed
into place) whenever the clock starts or pauses or a toggle changes:

- ``clock``: the seconds on the clock when it was last paused (``offset``)
  and, while it runs, the wall-clock time it was started (``started_at``,
  seconds since the epoch), so a reopened board's clock carries on from the
  meeting's recorded start, and clicks after a reopen have their time;
- ``mode``, ``focus`` and ``group``: the toggles as they were.

The file holds no names and nothing the report reads; deleting it only
means the next board opens paused, from the last event's time.

A second file, ``.tally-open-<meeting>.json``, lists the boards open on the
meeting (a random id each, and when it was last seen), so a board opened in
a second tab or on another device is told that it is not alone. A board
says it is open every :data:`HEARTBEAT_EVERY` seconds while it is open (its
connection watchdog pings even when no one clicks) and only boards seen in
the last :data:`SEEN_WITHIN` seconds count; a board whose kernel ends (Voila
ends it when the page is closed) takes itself off the list as the kernel
exits.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from collabkit.project.storage import atomic_write

__all__ = ["state_path", "read_state", "write_state", "open_path", "other_boards", "board_seen",
           "leave_all"]


def state_path(folder: str | os.PathLike, meeting_id: str) -> Path:
    """The state file of ``meeting_id`` in the project ``folder``."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", str(meeting_id))
    return Path(folder) / f".tally-{safe}.json"


def read_state(folder: str | os.PathLike, meeting_id: str) -> dict[str, Any]:
    """The meeting's saved state, or {} when there is none (or it cannot be read)."""
    path = state_path(folder, meeting_id)
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("meeting_id") == str(meeting_id):
            return data
    return {}


def write_state(folder: str | os.PathLike, meeting_id: str, **changes: Any) -> dict[str, Any]:
    """Update the meeting's state with ``changes`` and write it atomically; returns it."""
    state = read_state(folder, meeting_id) | {"meeting_id": str(meeting_id)} | changes
    with atomic_write(state_path(folder, meeting_id), encoding="utf-8") as handle:
        json.dump(state, handle, indent=1)
    return state


#: A board not seen for this long (seconds) is taken to be closed (three missed heartbeats).
SEEN_WITHIN = 60.0
#: A board says it is still open at most this often (seconds), to keep clicks fast.
HEARTBEAT_EVERY = 20.0


def open_path(folder: str | os.PathLike, meeting_id: str) -> Path:
    """The file listing the boards open on ``meeting_id``: board id to when last seen."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", str(meeting_id))
    return Path(folder) / f".tally-open-{safe}.json"


def _read_open(path: Path) -> dict[str, float]:
    with contextlib.suppress(OSError, ValueError, TypeError):
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.items()}
    return {}


def other_boards(folder: str | os.PathLike, meeting_id: str, board_id: str,
                 now: float) -> dict[str, float]:
    """The other boards open on the meeting (seen in the last :data:`SEEN_WITHIN` seconds)."""
    seen = _read_open(open_path(folder, meeting_id))
    return {k: v for k, v in seen.items() if k != board_id and now - v <= SEEN_WITHIN}


def board_seen(folder: str | os.PathLike, meeting_id: str, board_id: str, now: float, *,
               leaving: bool = False) -> None:
    """Say this board is open on the meeting (or, ``leaving``, that it closed), atomically."""
    from collabkit.project.eventlog import LOCK_NAME
    from collabkit.project.locking import exclusive_lock

    path = open_path(folder, meeting_id)
    with exclusive_lock(Path(folder) / LOCK_NAME):
        seen = {k: v for k, v in _read_open(path).items() if now - v <= SEEN_WITHIN}
        if leaving:
            seen.pop(board_id, None)
        else:
            seen[board_id] = now
        with atomic_write(path, encoding="utf-8") as handle:
            json.dump(seen, handle)
    if leaving:
        _LISTED.pop(board_id, None)
    else:
        _LISTED[board_id] = (str(folder), str(meeting_id))


#: The boards this process has said are open: board id to (folder, meeting).
_LISTED: dict[str, tuple[str, str]] = {}


@atexit.register
def leave_all() -> None:
    """Take this process's boards off their meetings' lists (run as the kernel exits)."""
    for board_id, (folder, meeting_id) in list(_LISTED.items()):
        with contextlib.suppress(OSError):
            board_seen(folder, meeting_id, board_id, time.time(), leaving=True)
