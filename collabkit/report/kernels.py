"""Jupyter kernels kept warm between report notebooks.

Starting a kernel and importing pandas and collabkit in it costs about a
second of CPU, often more than running a small report. :class:`KernelPool`
keeps one kernel per thread (and working folder) and hands it to papermill
for the next notebook, after clearing its namespace and resetting its
execution count, so each notebook starts as if fresh but with its imports
already loaded. A kernel that ran a failing notebook is shut down, never
reused; so is one that has run ``max_uses`` notebooks (:data:`KERNEL_MAX_USES`
by default), and a fresh kernel takes its place: whatever a kernel keeps
between notebooks (matplotlib's caches, pandas' and IPython's) cannot
grow without end over a batch of thousands of reports. The pool belongs to
the caller, who shuts it down at the end.
"""

from __future__ import annotations

import contextlib
import os
import threading
from typing import Any

from collabkit.errors import CollabkitError

#: Run in a reused kernel before the next notebook: an empty namespace, the working
#: folder it started in, and In [1] next.
RESET_CODE = ("get_ipython().run_line_magic('reset', '-f')\n"
              "__import__('os').chdir({cwd!r})\n"
              "get_ipython().execution_count = 1")
#: Notebooks a kernel runs before it is replaced by a fresh one: starting a kernel
#: costs about a second, so one in 50 reports adds about 2% to a long batch.
#: The environment variable ``COLLABKIT_KERNEL_MAX_USES`` sets another number
#: (Dask workers started here inherit it).
KERNEL_MAX_USES = 50
MAX_USES_VARIABLE = "COLLABKIT_KERNEL_MAX_USES"


def default_max_uses() -> int:
    """``COLLABKIT_KERNEL_MAX_USES`` when set (a whole number of at least 1), else 50."""
    text = os.environ.get(MAX_USES_VARIABLE, "").strip()
    if not text:
        return KERNEL_MAX_USES
    if not text.isdigit() or int(text) < 1:
        raise CollabkitError(f"{MAX_USES_VARIABLE} must be a whole number of at least 1 (the "
                         f"notebooks one kernel runs before a fresh one starts); got {text!r}")
    return int(text)


class KernelPool:
    """Kernels that outlive one notebook, one per thread and working folder.

    Parameters
    ----------
    kernel_name : str
        The Jupyter kernel to start.
    max_uses : int, optional
        Notebooks one kernel runs; the next one gets a fresh kernel. By
        default :func:`default_max_uses`.
    """

    def __init__(self, kernel_name: str = "python3", max_uses: int | None = None):
        if max_uses is None:
            max_uses = default_max_uses()
        if isinstance(max_uses, bool) or not isinstance(max_uses, int) or max_uses < 1:
            raise ValueError(f"max_uses must be a whole number of at least 1; got {max_uses!r}")
        self.kernel_name = kernel_name
        self.max_uses = max_uses
        #: Kernels replaced because they had run ``max_uses`` notebooks.
        self.retired = 0
        self._local = threading.local()
        self._lock = threading.Lock()
        self._managers: list[Any] = []
        self._uses: dict[int, int] = {}

    def acquire(self, cwd: str) -> Any:
        """A kernel manager for this thread: warm and reset, or new and not yet started.

        nbclient starts a new one (in ``cwd``, with its usual arguments) and,
        because it does not own it, leaves it running afterwards. A kernel
        that has already been handed out ``max_uses`` times is shut down and
        replaced. Call :meth:`release` when the notebook is done.
        """
        kernels = self._local.__dict__.setdefault("kernels", {})
        manager = kernels.get(cwd)
        if manager is not None and self._uses.get(id(manager), 0) >= self.max_uses:
            self.discard(manager)
            with self._lock:
                self.retired += 1
        elif manager is not None and manager.has_kernel:
            try:
                if not _alive(manager):
                    raise RuntimeError("the kernel has died")
                self._reset(manager, cwd)
                self._uses[id(manager)] += 1
                return manager
            except Exception:  # noqa: BLE001 - a broken kernel is replaced, not fatal
                self.discard(manager)
        manager = self._new_manager()
        kernels[cwd] = manager
        with self._lock:
            self._managers.append(manager)
            self._uses[id(manager)] = 1
        return manager

    def _new_manager(self) -> Any:
        return _pooled_manager_class()(kernel_name=self.kernel_name)

    @staticmethod
    def release(manager: Any) -> None:
        """Close the connections a notebook opened to ``manager``'s kernel; the kernel runs on.

        nbclient leaves its kernel client connected when it does not own the
        kernel: each notebook would leave a ZeroMQ context, its sockets and a
        heartbeat thread behind in this process (about 5 MB a report).
        """
        for client in getattr(manager, "collabkit_clients", []):
            with contextlib.suppress(Exception):
                client.stop_channels()
        if hasattr(manager, "collabkit_clients"):
            manager.collabkit_clients.clear()

    def discard(self, manager: Any) -> None:
        """Shut a kernel down now and never hand it out again."""
        kernels = self._local.__dict__.get("kernels", {})
        for key, value in list(kernels.items()):
            if value is manager:
                del kernels[key]
        with self._lock:
            if manager in self._managers:
                self._managers.remove(manager)
            self._uses.pop(id(manager), None)
        _shutdown(manager)

    def shutdown(self) -> None:
        """Shut every kernel of the pool down."""
        with self._lock:
            managers, self._managers = self._managers, []
            self._uses.clear()
        for manager in managers:
            _shutdown(manager)

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    @staticmethod
    def _reset(manager: Any, cwd: str, timeout: float = 10) -> None:
        client = manager.blocking_client()
        client.start_channels(iopub=False, stdin=False, hb=False, control=False)
        try:
            msg_id = client.execute(RESET_CODE.format(cwd=cwd), silent=True,
                                    store_history=False)
            while True:
                reply = client.get_shell_msg(timeout=timeout)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            if reply["content"].get("status") != "ok":
                raise RuntimeError("the kernel could not be reset")
        finally:
            client.stop_channels()


_pooled_class: Any = None


def _pooled_manager_class() -> Any:
    """``AsyncKernelManager`` that remembers the clients it makes, for :meth:`KernelPool.release`."""
    global _pooled_class
    if _pooled_class is None:
        from jupyter_client.manager import AsyncKernelManager

        class PooledKernelManager(AsyncKernelManager):
            """A kernel manager whose clients the pool closes after each notebook."""

            def __init__(self, **kwargs: Any):
                super().__init__(**kwargs)
                self.collabkit_clients: list[Any] = []

            def client(self, **kwargs: Any) -> Any:
                made = super().client(**kwargs)
                self.collabkit_clients.append(made)
                return made

        _pooled_class = PooledKernelManager
    return _pooled_class


def _alive(manager: Any) -> bool:
    from jupyter_core.utils import run_sync

    return bool(run_sync(manager.is_alive)())


def _shutdown(manager: Any) -> None:
    from jupyter_core.utils import run_sync

    KernelPool.release(manager)
    with contextlib.suppress(Exception):
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    with contextlib.suppress(Exception):
        run_sync(manager.cleanup_resources)()
