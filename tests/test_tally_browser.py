"""A real browser: Voila serves run_session.ipynb, headless Chromium clicks a tally button.

The notebook is copied with its parameters cell pointing at a copy of the
example project, served by Voila on 127.0.0.1 (a free port), and opened in
Debian's Chromium driven by Playwright, with a temporary profile and HOME.
Clicking a person's "Move" button must put the event in the copy's
events.csv. Every server the test starts is stopped.

Set ``COLLABKIT_SCREENSHOT=docs/tally_board.png`` to save a screenshot of the
board there.
"""

from __future__ import annotations

import csv
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import require_module, require_tool

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "facilitator" / "run_session.ipynb"
EXAMPLE = ROOT / "data" / "examples" / "riverside_crisis_cafe"
FALLBACK = Path(__file__).resolve().parent / "fixtures" / "tiny"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def with_parameters(source: Path, target: Path, project: Path, meeting: str) -> None:
    """Copy the notebook with its parameters cell pointing at ``project``."""
    notebook = json.loads(source.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            cell["source"] = [f"project_path: str = {str(project)!r}  # project folder\n",
                              f"meeting_id: str = {meeting!r}  # meeting to tally"]
    target.write_text(json.dumps(notebook), encoding="utf-8")


def start_voila(notebook: Path, port: int, home: Path) -> subprocess.Popen:
    env = {**os.environ, "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_CONFIG_DIR": str(home / "config"), "MPLBACKEND": "Agg"}
    return subprocess.Popen(
        [sys.executable, "-m", "voila", "--no-browser", f"--port={port}",
         "--Voila.ip=127.0.0.1", str(notebook)],
        cwd=notebook.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, start_new_session=True)


def wait_until_serving(server: subprocess.Popen, timeout: float = 90) -> None:
    """Read Voila's log until it says it is running (no fixed sleeps)."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
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
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def events(project: Path, meeting: str) -> list[dict[str, str]]:
    with open(project / "events.csv", encoding="utf-8-sig", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["meeting_id"] == meeting]


def test_clicking_a_tally_button_in_chromium_saves_the_event(tmp_path):
    require_tool(f"Chromium ({CHROMIUM}), needed for the real-browser tally test,",
                 CHROMIUM.exists(),
                 "install Debian's chromium package (bash tests/setup.sh does)")
    sync_api = require_module("playwright.sync_api")
    require_module("voila")
    from collabkit.session.tally import LiveTally

    source, meeting = (EXAMPLE, "M12") if EXAMPLE.exists() else (FALLBACK, "M1")
    project = tmp_path / "project"
    shutil.copytree(source, project)
    person = LiveTally(project, meeting).people[0]
    before = len(events(project, meeting))
    notebook = tmp_path / "served" / "run_session.ipynb"
    notebook.parent.mkdir()
    with_parameters(NOTEBOOK, notebook, project, meeting)
    home = tmp_path / "home"
    home.mkdir()
    port = free_port()
    server = start_voila(notebook, port, home)
    try:
        wait_until_serving(server)
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM),
                headless=True, args=CHROMIUM_ARGS, env={**os.environ, "HOME": str(home)},
                viewport={"width": 1280, "height": 1100})
            try:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/", timeout=90_000)
                button = page.locator(f".collabkit-tally-{person}-move")
                button.wait_for(state="visible", timeout=90_000)
                button.click()
                page.get_by_text(f"Saved #{before + 1}").wait_for(timeout=30_000)
                shot = os.environ.get("COLLABKIT_SCREENSHOT")
                page.screenshot(path=str(Path(shot) if shot else tmp_path / "tally.png"),
                                full_page=True)
            finally:
                browser.close()
    finally:
        stop(server)
    after = events(project, meeting)
    assert len(after) == before + 1
    assert (after[-1]["participant_id"], after[-1]["move"]) == (person, "move")
    assert server.returncode is not None
