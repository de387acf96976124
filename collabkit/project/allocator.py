"""One memory allocator while a project is read: a lower peak for large tables.

pandas keeps text columns in pyarrow arrays when pyarrow is installed.
pyarrow's own allocator (mimalloc or jemalloc) keeps the memory it frees for
its own later use, and numpy and Python keep theirs with the C library's
allocator, so while a large table was read and typed each held memory the
other could not reuse. Measured with ``benchmarks/bench_memory.py`` on a
20 MB ``events.csv``: validation peaked at 225 MB with pyarrow's default
allocator and 208 MB with the system one (the imports alone take 107 MB).

:func:`system_allocator` switches pyarrow to the system allocator only while
collabkit reads a project, then back. Each buffer is freed by the allocator
that made it, so arrays made meanwhile stay valid afterwards. A user who has
chosen an allocator (``ARROW_DEFAULT_MEMORY_POOL``) keeps it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

_lock = threading.Lock()
_depth = 0
_before: Any = None


@contextlib.contextmanager
def system_allocator() -> Iterator[None]:
    """Make the system allocator pyarrow's default memory pool inside this block.

    Nested or concurrent blocks share one switch: the pool is put back when
    the last one ends. Without pyarrow, or with ``ARROW_DEFAULT_MEMORY_POOL``
    set, nothing changes.
    """
    global _depth, _before
    try:
        import pyarrow
    except ImportError:
        pyarrow = None
    if pyarrow is None or os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        yield
        return
    with _lock:
        if _depth == 0:
            _before = pyarrow.default_memory_pool()
            pyarrow.set_memory_pool(pyarrow.system_memory_pool())
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                pyarrow.set_memory_pool(_before)
                _before = None
