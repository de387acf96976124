"""A real browser on ``collabkit facilitate``: no kernel left behind, a lost kernel shown.

``collabkit facilitate`` serves the facilitator notebooks with Voila on
127.0.0.1 (a free port, a known token) for a copy of the example project;
Debian's Chromium, driven by Playwright with a temporary profile and HOME,
opens run_session (the helpers of tests/_voila.py). The server is stopped at
the end of the module.

- Reloading the page 30 times leaves no kernels behind: each closed page's
  kernel ends (Voila's own default leaks one per reload), and once the last
  page is closed none is left.
"""

from __future__ import annotations

import shutil

import pytest

from tests._voila import (
    CHROMIUM,
    EXAMPLE,
    chromium,
    free_port,
    kernel_processes,
    start_facilitate,
    stop,
    wait_for_kernels,
    wait_until_serving,
)
from tests.conftest import require_module, require_tool

TOKEN = "collabkit-test-token"
RELOADS = 30
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def facilitated(tmp_path_factory):
    """``collabkit facilitate`` serving a copy of the example project."""
    require_tool(f"Chromium ({CHROMIUM}), needed for the real-browser tests,", CHROMIUM.exists(),
                 "install Debian's chromium package (bash tests/setup.sh does)")
    require_module("playwright.sync_api")
    require_module("voila")
    require_module("psutil")
    require_tool(f"the example project {EXAMPLE}", EXAMPLE.exists(),
                 "run python -m collabkit.examples data/examples")
    tmp = tmp_path_factory.mktemp("facilitate")
    project = tmp / "project"
    shutil.copytree(EXAMPLE, project)
    home = tmp / "home"
    port = free_port()
    server = start_facilitate(project, port, home, TOKEN)
    try:
        wait_until_serving(server)
        yield {"server": server, "project": project, "port": port, "home": home, "tmp": tmp,
               "url": f"http://127.0.0.1:{port}/voila/render/run_session.ipynb?token={TOKEN}"}
    finally:
        stop(server)


def test_reloading_the_page_30_times_leaves_no_kernels_behind(facilitated):
    sync_api = require_module("playwright.sync_api")
    server = facilitated["server"]
    counts = []
    with sync_api.sync_playwright() as playwright:
        browser = chromium(playwright, facilitated["tmp"] / "chromium-reloads",
                           facilitated["home"], 1280, 800)
        try:
            page = browser.new_page()
            page.goto(facilitated["url"], timeout=90_000)
            for _ in range(RELOADS):  # each page must be up (its widgets shown) before it
                # is reloaded: only then does it end its kernel as it goes
                page.locator(".collabkit-picker").wait_for(state="visible", timeout=90_000)
                counts.append(len(kernel_processes(server)))
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
