"""An exclusive lock on a small lock file, shared by threads and processes.

``fcntl.flock`` on POSIX (locks belong to the open file, so two handles in
one process exclude each other too), ``msvcrt.locking`` on Windows. The lock
is released when the block ends, or by the operating system if the process
dies, so a crash never leaves a project locked.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["exclusive_lock"]


@contextlib.contextmanager
def exclusive_lock(lock_path: str | os.PathLike) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (created if missing) for the block.

    Parameters
    ----------
    lock_path : str or Path
        The lock file; its content is never used.
    """
    with open(Path(lock_path), "a+b") as handle:
        _lock(handle)
        try:
            yield
        finally:
            _unlock(handle)


try:  # POSIX
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined]

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
