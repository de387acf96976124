"""Serving a notebook with Voila and opening it in headless Chromium, for the browser tests.

One place for what every real-browser test (and benchmarks/bench_tally_browser.py)
does: copy a notebook with its parameters cell pointing at a project, start
Voila (or ``collabkit facilitate``) on 127.0.0.1 at a free port with a
temporary HOME, wait until it serves (reading its log, no fixed sleeps),
open Chromium (found on PATH) with Playwright, count the server's kernels,
and stop the server.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "data" / "examples" / "riverside_crisis_cafe"
#: Debian's Chromium (the chromium package), found on PATH.
CHROMIUM = Path(shutil.which("chromium") or shutil.which("chromium-browser")
                or "chromium-is-not-installed")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def with_parameters(source: Path, target: Path, lines: list[str]) -> Path:
    """Copy the notebook ``source`` to ``target`` with its parameters cell set to ``lines``."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            cell["source"] = [line + "\n" for line in lines[:-1]] + lines[-1:]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notebook), encoding="utf-8")
    return target


def server_env(home: Path) -> dict[str, str]:
    """The environment of a server with its own HOME and Jupyter folders (and this checkout)."""
    home.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_CONFIG_DIR": str(home / "config"), "MPLBACKEND": "Agg",
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", ""))
                                          if p)}


def start_voila(notebook: Path, port: int, home: Path) -> subprocess.Popen:
    """Voila serving ``notebook`` on 127.0.0.1:``port`` (stop it with :func:`stop`)."""
    return subprocess.Popen(
        [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", str(notebook)],
        cwd=notebook.parent, env=server_env(home), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, start_new_session=True)


def start_facilitate(project: Path, port: int, home: Path, token: str) -> subprocess.Popen:
    """``collabkit facilitate`` serving ``project`` on 127.0.0.1:``port``."""
    return subprocess.Popen(
        [sys.executable, "-m", "collabkit", "facilitate", str(project), "--port", str(port),
         "--token", token],
        cwd=project.parent, env=server_env(home), stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, start_new_session=True)


def wait_until_serving(server: subprocess.Popen, timeout: float = 90) -> None:
    """Read the server's log until Voila says it is running (no fixed sleeps)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert server.stderr is not None
        for line in server.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    seen = []
    while True:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("Voila did not start in time:\n" + "".join(seen)) from None
        if line is None:
            raise AssertionError("Voila stopped:\n" + "".join(seen))
        seen.append(line)
        if "Voil" in line and "running at" in line:
            return


def stop(server: subprocess.Popen) -> None:
    """Stop the server and everything it started."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def kernel_processes(server: subprocess.Popen) -> list[Any]:
    """The server's kernels (its ipykernel child processes, as psutil processes)."""
    import psutil

    try:
        children = psutil.Process(server.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for child in children:
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                found.append(child)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return found


def wait_for_kernels(server: subprocess.Popen, at_most: int, timeout: float = 20) -> int:
    """Poll until the server runs at most ``at_most`` kernels (or ``timeout`` s pass)."""
    end = time.monotonic() + timeout
    while True:
        count = len(kernel_processes(server))
        if count <= at_most or time.monotonic() > end:
            return count
        time.sleep(0.1)


def chromium(playwright: Any, profile: Path, home: Path, width: int, height: int) -> Any:
    """A headless Chromium (a persistent context with its own profile) at ``width`` x ``height``."""
    return playwright.chromium.launch_persistent_context(
        str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        env={**os.environ, "HOME": str(home)}, viewport={"width": width, "height": height})
