"""A real browser on ``collabkit facilitate``: no kernel left behind, a lost kernel shown.

``collabkit facilitate`` serves the facilitator notebooks with Voila on
127.0.0.1 (a free port, a known token) for a copy of the example project;
Debian's Chromium, driven by Playwright with a temporary profile and HOME,
opens run_session. The server is stopped at the end of the module.

- Reloading the page 30 times leaves no kernels behind: each closed page's
  kernel ends (Voila's own default leaks one per reload), and once the last
  page is closed none is left.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.conftest import require_module, require_tool
from tests.test_tally_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    EXAMPLE,
    ROOT,
    free_port,
    stop,
    wait_until_serving,
)

TOKEN = "collabkit-test-token"
RELOADS = 30
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def kernels(server: subprocess.Popen) -> int:
    """How many kernels the server is running (its ipykernel child processes)."""
    psutil = require_module("psutil")
    try:
        children = psutil.Process(server.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    count = 0
    for child in children:
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                count += 1
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            continue
    return count


def wait_for_kernels(server: subprocess.Popen, at_most: int, timeout: float = 20) -> int:
    """Poll until the server runs at most ``at_most`` kernels (or ``timeout`` s pass)."""
    end = time.monotonic() + timeout
    while True:
        count = kernels(server)
        if count <= at_most or time.monotonic() > end:
            return count
        time.sleep(0.25)


@pytest.fixture(scope="module")
def facilitated(tmp_path_factory):
    """``collabkit facilitate`` serving a copy of the example project."""
    require_tool(f"Chromium ({CHROMIUM}), needed for the real-browser tests,", CHROMIUM.exists(),
                 "install Debian's chromium package (bash tests/setup.sh does)")
    require_module("playwright.sync_api")
    require_module("voila")
    require_tool(f"the example project {EXAMPLE}", EXAMPLE.exists(),
                 "run python -m collabkit.examples data/examples")
    tmp = tmp_path_factory.mktemp("facilitate")
    project = tmp / "project"
    shutil.copytree(EXAMPLE, project)
    home = tmp / "home"
    home.mkdir()
    port = free_port()
    env = {**os.environ, "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_CONFIG_DIR": str(home / "config"), "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    server = subprocess.Popen(
        [sys.executable, "-m", "collabkit", "facilitate", str(project), "--port", str(port), "--token", TOKEN],
        cwd=tmp, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        start_new_session=True)
    try:
        wait_until_serving(server)
        yield {"server": server, "project": project, "port": port, "home": home, "tmp": tmp,
               "url": f"http://127.0.0.1:{port}/voila/render/run_session.ipynb?token={TOKEN}"}
    finally:
        stop(server)


def browser_for(playwright, facilitated: dict, name: str):
    return playwright.chromium.launch_persistent_context(
        str(facilitated["tmp"] / f"chromium-{name}"), executable_path=str(CHROMIUM),
        headless=True, args=CHROMIUM_ARGS, env={**os.environ, "HOME": str(facilitated["home"])},
        viewport={"width": 1280, "height": 800})


def test_reloading_the_page_30_times_leaves_no_kernels_behind(facilitated):
    sync_api = require_module("playwright.sync_api")
    server = facilitated["server"]
    counts = []
    with sync_api.sync_playwright() as playwright:
        browser = browser_for(playwright, facilitated, "reloads")
        try:
            page = browser.new_page()
            page.goto(facilitated["url"], timeout=90_000)
            for _ in range(RELOADS):
                page.locator(".collabkit-picker").wait_for(state="visible", timeout=90_000)
                counts.append(kernels(server))
                page.reload(timeout=90_000)
            page.locator(".collabkit-picker").wait_for(state="visible", timeout=90_000)
            open_now = wait_for_kernels(server, 1)
            page.close(run_before_unload=True)  # as a facilitator closes the tab
        finally:
            browser.close()
    left = wait_for_kernels(server, 0)
    assert open_now == 1, counts
    assert max(counts) <= 2, counts  # the page's kernel, and the last one still ending
    assert left == 0, f"{left} kernels left after every page closed (counts: {counts})"
