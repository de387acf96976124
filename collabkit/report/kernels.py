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

Each pooled kernel has one client, connected once (the shell and IOPub
channels, all nbclient uses) and handed to every notebook it runs. A new
client per notebook cost about 0.2 s of waiting each time (jupyter_client's
``wait_for_ready`` ends by waiting for 0.2 s of silence on IOPub), and left a
ZeroMQ context, sockets and a heartbeat thread behind unless closed. Once
ready, the shared client is not checked again: the pool has just had the
reset's reply through it. The client is closed with its kernel.

After each notebook :meth:`KernelPool.release` runs the garbage collector.
nbclient's notebook client refers to itself (its comm handlers are its own
bound methods), so the client papermill made, the executed notebook it holds
(its outputs, about 0.4 MB a report) and the kernel manager it ran with
outlived the notebook until a full collection. In a Dask worker, whose event
loop keeps the young generations' collections frequent, they reached the
oldest generation and waited there: after 50 reports the worker still held 7
such clients and 5 kernel managers (4 of them replaced), and it grew by about
50-100 kB a report. Collected at once, nothing of a finished notebook is
left; :func:`collect_garbage` says how to keep the collection cheap.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
from collections.abc import Sequence
from typing import Any

from collabkit.errors import CollabkitError

#: Run in a reused kernel before the next notebook: an empty namespace, the working
#: folder it started in, and In [1] next. ``%reset`` ends with two full garbage
#: collections, each walking every object of pandas, matplotlib and IPython (about
#: 0.25 s of CPU a report); after the first reset those long-lived objects are
#: frozen (``gc.freeze``), once, so later collections walk only what the reports
#: made. Frozen objects are still freed when nothing refers to them. The shell
#: remembers that it froze: ``gc.get_freeze_count()`` walks every frozen object.
RESET_CODE = ("get_ipython().run_line_magic('reset', '-f')\n"
              "__import__('os').chdir({cwd!r})\n"
              "get_ipython().execution_count = 1\n"
              "getattr(get_ipython(), 'collabkit_frozen', False) or "
              "(__import__('gc').freeze(), setattr(get_ipython(), 'collabkit_frozen', True))")
#: Notebooks a kernel runs before it is replaced by a fresh one: starting a kernel
#: costs about a second, so one in 50 reports adds about 2% to a long batch.
#: The environment variable ``COLLABKIT_KERNEL_MAX_USES`` sets another number
#: (Dask workers started here inherit it).
KERNEL_MAX_USES = 50
MAX_USES_VARIABLE = "COLLABKIT_KERNEL_MAX_USES"
#: Seconds a kernel started by :meth:`KernelPool.prestart` may take to boot, run its
#: warm-up and answer (nbclient's own start-up timeout).
START_TIMEOUT = 60


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
        self._uses: dict[Any, int] = {}  # by manager: an id could be reused
        self._spares: dict[str, list[Any]] = {}

    def prestart(self, cwd: str, count: int, *, extra_arguments: Sequence[str] = (),
                 warm_up: str = "") -> None:
        """Start ``count`` kernels in ``cwd`` now, for the first threads that ask there.

        They boot, and run ``warm_up`` (IPython start-up code, such as the
        imports every notebook makes), while the caller goes on with other
        work: checking the projects of a batch, say. :meth:`acquire` hands
        one out reset, like a warm kernel, so nothing ``warm_up`` defined
        is left in its namespace. ``extra_arguments`` are the kernel's own
        (the ones nbclient would pass).
        """
        from jupyter_core.utils import run_sync

        for _ in range(count):
            manager = self._new_manager()
            arguments = list(extra_arguments)
            if manager.ipykernel:  # as nbclient starts one; then the IPython start-up code
                arguments.append("--HistoryManager.hist_file=:memory:")
                if warm_up:
                    arguments.append(f"--IPKernelApp.exec_lines={warm_up}")
            with self._lock:
                self._managers.append(manager)
                self._uses[manager] = 0
            run_sync(manager.start_kernel)(extra_arguments=arguments, cwd=cwd)
            with self._lock:
                self._spares.setdefault(cwd, []).append(manager)

    def acquire(self, cwd: str, setup: str = "") -> Any:
        """A kernel manager for this thread: warm and reset, or new and not yet started.

        ``setup`` is code a warm kernel runs with its reset, in the same
        request, before the next notebook (it must not raise); a new kernel
        does not run it.

        A thread with no kernel in ``cwd`` yet takes one :meth:`prestart`
        started there, if any is left. nbclient starts a new one (in
        ``cwd``, with its usual arguments) and,
        because it does not own it, leaves it running afterwards. A kernel
        that has already been handed out ``max_uses`` times is shut down and
        replaced. Call :meth:`release` when the notebook is done.
        """
        kernels = self._local.__dict__.setdefault("kernels", {})
        manager = kernels.get(cwd)
        if manager is not None and self._uses.get(manager, 0) >= self.max_uses:
            self.discard(manager)
            with self._lock:
                self.retired += 1
        elif manager is not None and manager.has_kernel and self._ready(manager, cwd,
                                                                        setup=setup):
            self._uses[manager] += 1
            return manager
        with self._lock:
            spares = self._spares.get(cwd)
            manager = spares.pop(0) if spares else None
        if manager is not None and self._ready(manager, cwd, START_TIMEOUT, setup):
            kernels[cwd] = manager
            self._uses[manager] = 1
            return manager
        manager = self._new_manager()
        kernels[cwd] = manager
        with self._lock:
            self._managers.append(manager)
            self._uses[manager] = 1
        return manager

    def _ready(self, manager: Any, cwd: str, timeout: float = 10, setup: str = "") -> bool:
        """Reset a running kernel for the next notebook; one that fails is shut down."""
        try:
            if not _alive(manager):
                raise RuntimeError("the kernel has died")
            self._reset(manager, cwd, timeout, setup)
            return True
        except Exception:  # noqa: BLE001 - a broken kernel is replaced, not fatal
            self.discard(manager)
            return False

    def _new_manager(self) -> Any:
        return _pooled_manager_class()(kernel_name=self.kernel_name)

    @staticmethod
    def release(manager: Any) -> None:
        """After a notebook: the kernel runs on, and so does its one client.

        A client whose channels were closed (nbclient closes them when it
        cannot reach the kernel) is forgotten, so the next notebook connects
        afresh. Nothing else is left open: every notebook shares that client.
        What the notebook's run left in reference cycles is freed now
        (:func:`collect_garbage`), not whenever the collector gets to it.
        """
        client = getattr(manager, "collabkit_client", None)
        if client is not None and not client.collabkit_open:
            manager.collabkit_client = None
        collect_garbage()

    def discard(self, manager: Any) -> None:
        """Shut a kernel down now and never hand it out again."""
        kernels = self._local.__dict__.get("kernels", {})
        for key, value in list(kernels.items()):
            if value is manager:
                del kernels[key]
        with self._lock:
            if manager in self._managers:
                self._managers.remove(manager)
            for spares in self._spares.values():
                if manager in spares:
                    spares.remove(manager)
            self._uses.pop(manager, None)
        _shutdown(manager)

    def shutdown(self) -> None:
        """Shut every kernel of the pool down."""
        with self._lock:
            managers, self._managers = self._managers, []
            self._uses.clear()
            self._spares.clear()
        for manager in managers:
            _shutdown(manager)

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    @staticmethod
    def _reset(manager: Any, cwd: str, timeout: float = 10, setup: str = "") -> None:
        """Run :data:`RESET_CODE`, then ``setup``, through the kernel's client: one request."""
        from jupyter_core.utils import run_sync

        client = manager.client()
        client.start_channels()
        code = RESET_CODE.format(cwd=cwd) + (f"\n{setup}" if setup else "")
        reply = run_sync(execute_silently)(client, code, timeout)
        if reply["content"].get("status") != "ok":
            raise RuntimeError("the kernel could not be reset")


async def execute_silently(client: Any, code: str, timeout: float, **options: Any) -> Any:
    """The shell reply to running ``code`` silently (IOPub messages are left unread).

    ``options`` go to the client's ``execute`` (``user_expressions``, say).

    Whatever is left on IOPub belongs to another request; nbclient reads only
    messages whose parent is the cell it is running. A reply, and a message on
    IOPub (the kernel says it is busy, then idle), show the client is ready as
    ``wait_for_ready`` would: so a prestarted kernel's first notebook does not
    wait for its 0.2 s of silence on IOPub either.
    """
    from queue import Empty

    reply = await client.execute(code, silent=True, store_history=False, reply=True,
                                 timeout=timeout, **options)
    with contextlib.suppress(Empty):
        await client.iopub_channel.get_msg(timeout=0.2)
        client.collabkit_ready = True
    return reply


def collect_garbage() -> int:
    """Free every object in reference cycles now (a full collection); how many were found.

    A notebook run leaves its notebook client, the executed notebook and the
    kernel manager in such cycles. A full collection walks every object of
    the process (30-50 ms in a ``collabkit report`` process or a Dask worker).
    In a process that :func:`own_process` marked, the first collection is
    followed by ``gc.freeze()``, once: the long-lived objects (the imports,
    Dask's and papermill's) are left out of later collections, which then
    walk only what each report made. (Whether it froze is remembered here:
    ``gc.get_freeze_count()`` walks every frozen object, 10 ms or more.)
    """
    global _frozen
    found = gc.collect()
    if _owned and not _frozen:
        gc.freeze()
        _frozen = True
    return found


def own_process(owned: bool = True) -> None:
    """Mark this process as collabkit's own (a command, a Dask worker): see :func:`collect_garbage`.

    ``own_process(False)`` ends that, and lets the collector see again what
    was frozen. Never left on in a user's own Python session: a frozen object
    that becomes garbage in a reference cycle is not freed while frozen (in a
    worker, that is at most the kernel that ran the first report).
    """
    global _owned, _frozen
    if _frozen and not owned:
        gc.unfreeze()
        _frozen = False
    _owned = owned


_owned = False
_frozen = False


_pooled_class: Any = None


def _pooled_manager_class() -> Any:
    """``AsyncKernelManager`` whose :meth:`client` is always the same connected client."""
    global _pooled_class
    if _pooled_class is None:
        from jupyter_client.asynchronous import AsyncKernelClient
        from jupyter_client.manager import AsyncKernelManager

        class PooledKernelClient(AsyncKernelClient):
            """A client whose channels open once; opening them again does nothing.

            Only the shell and IOPub channels: nbclient sends nothing on stdin
            or control, and asks the kernel manager, not the heartbeat, whether
            the kernel is alive.
            """

            collabkit_open = False
            collabkit_ready = False

            def start_channels(self, *args: Any, **kwargs: Any) -> None:
                if not self.collabkit_open:
                    super().start_channels(shell=True, iopub=True, stdin=False, hb=False,
                                           control=False)
                    self.collabkit_open = True

            def stop_channels(self) -> None:
                self.collabkit_open = self.collabkit_ready = False
                super().stop_channels()

            async def wait_for_ready(self, timeout: float | None = None) -> None:
                if not self.collabkit_ready:
                    await super().wait_for_ready(timeout=timeout)
                    self.collabkit_ready = True

        class PooledKernelManager(AsyncKernelManager):
            """A kernel manager that hands every notebook the same client."""

            def __init__(self, **kwargs: Any):
                super().__init__(**kwargs)
                self.client_factory = PooledKernelClient
                self.collabkit_client: Any = None

            def client(self, **kwargs: Any) -> Any:
                """The shared client; with arguments, a client of the caller's own."""
                if kwargs:
                    return super().client(**kwargs)
                if self.collabkit_client is None:
                    self.collabkit_client = super().client()
                return self.collabkit_client

            async def _async_wait(self, pollinterval: float = 0.01) -> None:
                # jupyter_client polls a killed kernel every 0.1 s, so each shutdown
                # waited 0.1 s for a process gone in a few milliseconds
                await super()._async_wait(pollinterval=pollinterval)

        _pooled_class = PooledKernelManager
    return _pooled_class


def _alive(manager: Any) -> bool:
    from jupyter_core.utils import run_sync

    return bool(run_sync(manager.is_alive)())


def _shutdown(manager: Any) -> None:
    from jupyter_core.utils import run_sync

    client = getattr(manager, "collabkit_client", None)
    if client is not None:
        manager.collabkit_client = None
        with contextlib.suppress(Exception):
            client.stop_channels()
    with contextlib.suppress(Exception):
        if manager.has_kernel:
            run_sync(manager.shutdown_kernel)(now=True)
    with contextlib.suppress(Exception):
        run_sync(manager.cleanup_resources)()
