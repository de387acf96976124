"""Warm kernels are reused, and replaced after ``max_uses`` notebooks.

A long batch (1,000 reports on a Dask worker) must not let one kernel's memory
grow report after report: :class:`collabkit.report.kernels.KernelPool` hands a
kernel out ``max_uses`` times, then shuts it down and starts a fresh one.
The first tests use a stand-in for Jupyter's kernel manager (no kernel
starts); the last runs real kernels on a one-cell notebook.
"""

from __future__ import annotations

import nbformat
import pytest

import collabkit.report.kernels as kernels_module
from collabkit.errors import CollabkitError
from collabkit.report.execute import NotebookJob, execute_notebook_job
from collabkit.report.kernels import KERNEL_MAX_USES, MAX_USES_VARIABLE, KernelPool


class FakeManager:
    """What the pool needs of ``AsyncKernelManager``: started by the first notebook."""

    ipykernel = True

    def __init__(self, kernel_name: str):
        self.kernel_name = kernel_name
        self.has_kernel = False
        self.shut_down = False
        self.started_with: dict | None = None

    async def start_kernel(self, **kwargs):
        self.started_with = kwargs
        self.has_kernel = True


@pytest.fixture
def fake_kernels(monkeypatch):
    """Every manager the pool made, in order; resets are recorded, no kernel starts."""
    made: list[FakeManager] = []

    def make(kernel_name: str) -> FakeManager:
        made.append(FakeManager(kernel_name))
        return made[-1]

    def shutdown(manager: FakeManager) -> None:
        manager.shut_down = True

    monkeypatch.setattr(KernelPool, "_new_manager", lambda pool: make(pool.kernel_name))
    monkeypatch.setattr(kernels_module, "_alive", lambda manager: not manager.shut_down)
    monkeypatch.setattr(kernels_module, "_shutdown", shutdown)
    monkeypatch.setattr(KernelPool, "_reset", staticmethod(lambda manager, cwd, timeout=0, setup="": None))
    return made


def _run(pool: KernelPool, cwd: str = "/reports") -> FakeManager:
    manager = pool.acquire(cwd)
    manager.has_kernel = True  # as nbclient does on the first notebook
    return manager


def test_a_kernel_is_replaced_after_max_uses_notebooks(fake_kernels):
    pool = KernelPool("python3", max_uses=2)
    used = [_run(pool) for _ in range(5)]
    first, second, third = fake_kernels
    assert used == [first, first, second, second, third]
    assert first.shut_down and second.shut_down and not third.shut_down
    assert pool.retired == 2
    pool.shutdown()
    assert third.shut_down


def test_each_folder_counts_its_own_uses(fake_kernels):
    pool = KernelPool("python3", max_uses=2)
    here, there, here_again = _run(pool, "/a"), _run(pool, "/b"), _run(pool, "/a")
    assert here is here_again and here is not there and pool.retired == 0
    assert _run(pool, "/a") is not here and here.shut_down and not there.shut_down


def test_a_discarded_kernel_starts_the_count_again(fake_kernels):
    pool = KernelPool("python3", max_uses=3)
    pool.discard(_run(pool))  # a failing notebook: never reused
    fresh = _run(pool)
    assert [_run(pool), _run(pool)] == [fresh, fresh]
    assert _run(pool) is not fresh and pool.retired == 1


def test_prestarted_kernels_go_to_the_first_threads_that_ask(fake_kernels):
    import threading

    pool = KernelPool("python3", max_uses=5)
    pool.prestart("/reports", 2, extra_arguments=["--x"], warm_up="import collabkit")
    first, second = fake_kernels
    assert first.started_with == {"cwd": "/reports", "extra_arguments": [
        "--x", "--HistoryManager.hist_file=:memory:", "--IPKernelApp.exec_lines=import collabkit"]}
    got: list[FakeManager] = []

    def run_twice() -> None:
        got.extend([_run(pool), _run(pool)])

    for _ in range(3):
        thread = threading.Thread(target=run_twice)
        thread.start()
        thread.join()
    assert got[:4] == [first, first, second, second]
    assert got[4] is got[5] and got[4] not in (first, second)  # none left: a new one
    assert _run(pool, "/elsewhere") not in fake_kernels[:3]  # spares are for their folder
    pool.shutdown()
    assert all(m.shut_down for m in fake_kernels)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_max_uses_must_be_a_whole_number_of_at_least_1(bad):
    with pytest.raises(ValueError, match="max_uses must be a whole number of at least 1"):
        KernelPool(max_uses=bad)


def test_the_default_replaces_a_kernel_within_a_long_batch(monkeypatch):
    monkeypatch.delenv(MAX_USES_VARIABLE, raising=False)
    assert KernelPool().max_uses == KERNEL_MAX_USES
    assert 10 <= KERNEL_MAX_USES <= 200
    monkeypatch.setenv(MAX_USES_VARIABLE, " 7 ")
    assert KernelPool().max_uses == 7


@pytest.mark.parametrize("bad", ["0", "-3", "ten", "2.5"])
def test_a_bad_max_uses_variable_is_named_with_its_value(monkeypatch, bad):
    monkeypatch.setenv(MAX_USES_VARIABLE, bad)
    with pytest.raises(CollabkitError, match=f"COLLABKIT_KERNEL_MAX_USES must be a whole number "
                                         f"of at least 1 .*; got '{bad}'"):
        KernelPool()


def test_every_notebook_gets_the_same_client_and_it_opens_once(monkeypatch):
    from jupyter_client.asynchronous import AsyncKernelClient

    from collabkit.report.kernels import _pooled_manager_class

    manager = _pooled_manager_class()(kernel_name="python3")  # no kernel is started
    client = manager.client()
    assert manager.client() is client and manager.client(session=client.session) is not client
    opened = []
    monkeypatch.setattr(AsyncKernelClient, "start_channels",
                        lambda self, **which: opened.append(which))
    client.start_channels()
    client.start_channels()
    assert opened == [{"shell": True, "iopub": True, "stdin": False, "hb": False,
                       "control": False}]
    client.collabkit_open = False  # as after nbclient closes it on a lost kernel
    KernelPool.release(manager)
    assert manager.client() is not client


@pytest.mark.slow
def test_real_kernels_are_replaced_and_leave_nothing_behind(tmp_path):
    import threading

    import psutil

    notebook = tmp_path / "pid.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os\nprint(os.getpid())")]), notebook)

    def job(n: int) -> NotebookJob:
        return NotebookJob(notebook=str(notebook), parameters={},
                           html_path=str(tmp_path / f"{n}.html"),
                           notebook_path=str(tmp_path / f"{n}.ipynb"), project_path="",
                           project_id=str(n), cwd=str(tmp_path))

    here = psutil.Process()
    with KernelPool("python3", max_uses=3) as pool:
        results, held = [], []
        for n in range(7):
            results.append(execute_notebook_job(job(n), pool))
            held.append((threading.active_count(), here.num_fds()))
        assert all(r.ok for r in results), [r.error for r in results]
        pids = [nbformat.read(r.notebook_path, 4).cells[0].outputs[0]["text"].strip()
                for r in results]
        assert pids[0] == pids[1] == pids[2] != pids[3] == pids[4] == pids[5] != pids[6]
        assert pool.retired == 2
        # one client per kernel, closed with it: no thread or socket piles up per report,
        # nor per kernel replaced
        assert len(set(held)) == 1, held


def test_collabkit_report_refuses_a_bad_max_uses_variable_before_anything_runs(
        monkeypatch, tiny_dir, tmp_path):
    from click.testing import CliRunner

    from collabkit.cli import main

    monkeypatch.setenv(MAX_USES_VARIABLE, "many")
    result = CliRunner().invoke(main, ["report", str(tiny_dir), "--out", str(tmp_path / "out"),
                                       "--no-progress"])
    assert result.exit_code == 1
    assert "collabkit: COLLABKIT_KERNEL_MAX_USES must be a whole number of at least 1" \
        in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_finished_notebook_leaves_nothing_for_the_garbage_collector(tmp_path):
    """nbclient's notebook client refers to itself (its comm handlers are its own methods):
    left to the collector, it kept the executed notebook and its kernel manager alive,
    and a Dask worker's memory grew. With automatic collection off, nothing of a finished
    notebook, nor of a replaced kernel, may be left alive."""
    import gc
    import weakref

    from papermill.clientwrap import PapermillNotebookClient

    notebook = tmp_path / "one.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")]),
                   notebook)

    def job(n: int) -> NotebookJob:
        return NotebookJob(notebook=str(notebook), parameters={},
                           html_path=str(tmp_path / f"{n}.html"),
                           notebook_path=str(tmp_path / f"{n}.ipynb"), project_path="",
                           project_id=str(n), cwd=str(tmp_path))

    gc.collect()
    gc.disable()
    try:
        with KernelPool("python3", max_uses=2) as pool:
            handed, clients = [], []
            acquire = pool.acquire

            def recording(cwd: str, **options):
                manager = acquire(cwd, **options)
                handed.append(weakref.ref(manager))
                return manager

            pool.acquire = recording  # type: ignore[method-assign]
            for n in range(5):
                assert execute_notebook_job(job(n), pool).ok
                clients.append(weakref.ref(handed[-1]().collabkit_client))
            assert pool.retired == 2
            left = [o for o in gc.get_objects() if isinstance(o, PapermillNotebookClient)]
            assert left == []
            current = handed[-1]()
            assert {id(ref()) for ref in handed if ref() is not None} == {id(current)}
            assert {id(ref()) for ref in clients if ref() is not None} == {
                id(current.collabkit_client)}
    finally:
        gc.enable()


def test_only_collabkit_own_processes_freeze_their_objects_after_a_collection():
    """A user's session is never frozen; ``collabkit report`` and a Dask worker are, once."""
    import subprocess
    import sys

    code = ("import gc\nfrom collabkit.report import kernels\n"
            "kernels.collect_garbage(); print(gc.get_freeze_count() > 0)\n"
            "kernels.own_process(); kernels.collect_garbage(); frozen = gc.get_freeze_count()\n"
            "print(frozen > 0); kernels.collect_garbage(); print(gc.get_freeze_count() == frozen)\n"
            "kernels.own_process(False); print(gc.get_freeze_count())")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.split()
    assert shown == ["False", "True", "True", "0"]
