"""CSV lines written so a kill at any moment leaves all of a line or none.

The pieces :class:`collabkit.project.eventlog.EventLog` appends with: read a
file's text (UTF-8, else Windows-1252), format one row as one CSV line, append
it in a single ``write`` and ``fsync``, and sync the folder after a rename.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from pathlib import Path

__all__ = ["append_durably", "decode", "format_line", "sync_folder"]


def decode(data: bytes) -> tuple[str, bool]:
    """Text of the file and whether it was UTF-8 (else Windows-1252, rewritten on write)."""
    try:
        return data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), False


def format_line(row: dict[str, str], header: list[str]) -> str:
    """``row``'s cells in ``header``'s order as one CSV line ending in a newline."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([row.get(name, "") for name in header])
    return buffer.getvalue()


def append_durably(path: Path, data: bytes) -> None:
    """One ``write`` in append mode, then flush to disk: all of the line or none."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        written = os.write(fd, data)
        if written != len(data):  # a full disk can cut a write short: take it back
            os.ftruncate(fd, os.fstat(fd).st_size - written)
            raise OSError(28, "the disk is full: the event was not saved")
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Flush ``folder``'s entries to disk, so a rename into it survives a power cut."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
