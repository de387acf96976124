"""A real browser: Voila serves run_session.ipynb, headless Chromium clicks tally buttons.

The notebook is copied (once per meeting) with its parameters cell pointing
at a copy of the example project with two meetings of 18 people (M13 and
M14, no attendance yet, so everyone taking part is expected), served by
Voila on 127.0.0.1 (a free port), and opened in Debian's Chromium driven by
Playwright, with a temporary profile and HOME (the helpers of
tests/_voila.py). One server serves every test of the module and is stopped
at the end. The tablet's board is on its own meeting, so that it is the
only board open there, as in the room.

- Clicking a person's "Move" button puts the event in the copy's events.csv.
- At 1280x800 (a laptop) and 768x1024 (a tablet), clicking the last row's
  buttons leaves the acknowledgement (naming the person and the meeting), the
  prompt, the clock and the mode and focus toggles inside the window; on the
  tablet every button is at least 44 px high.

Set ``COLLABKIT_SCREENSHOTS=docs`` to save the board after clicking the last
row as ``docs/tally_board_1280.png`` and ``docs/tally_board_768.png``.
"""

from __future__ import annotations

import csv
import os
import shutil
import signal
from pathlib import Path

import pytest

from tests._voila import (
    CHROMIUM,
    EXAMPLE,
    chromium,
    free_port,
    kernel_processes,
    start_voila,
    stop,
    wait_until_serving,
    with_parameters,
)
from tests.conftest import require_module, require_tool

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "facilitator" / "run_session.ipynb"
MEETING = "M13"
#: Meetings of the example with no attendance rows: everyone taking part is expected (18).
#: The tablet has its own, so that no other board on its meeting is open.
NEW_MEETINGS = ("M13,2025-06-20,impact,Checking the Impact (2),in_person,120,\n"
                "M14,2025-07-18,impact,Checking the Impact (3),in_person,120,\n")
#: The meeting each screen size tallies.
SIZE_MEETING = {1280: "M13", 768: "M14"}

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def events(project: Path, meeting: str) -> list[dict[str, str]]:
    with open(project / "events.csv", encoding="utf-8-sig", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["meeting_id"] == meeting]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Voila serving run_session.ipynb (one copy per meeting) on a copy of the example."""
    require_tool(f"Chromium ({CHROMIUM}), needed for the real-browser tally test,",
                 CHROMIUM.exists(),
                 "install Debian's chromium package (bash tests/setup.sh does)")
    require_module("playwright.sync_api")
    require_module("voila")
    require_tool(f"the example project {EXAMPLE}", EXAMPLE.exists(),
                 "run python -m collabkit.examples data/examples")
    tmp = tmp_path_factory.mktemp("served")
    project = tmp / "project"
    shutil.copytree(EXAMPLE, project)
    with open(project / "meetings.csv", "a", encoding="utf-8") as handle:
        handle.write(NEW_MEETINGS)
    folder = tmp / "served"
    for meeting in sorted(set(SIZE_MEETING.values())):
        with_parameters(NOTEBOOK, folder / f"run_session_{meeting}.ipynb", [
            f"project_path: str = {str(project)!r}  # project folder",
            f"meeting_id: str = {meeting!r}  # meeting to tally",
            'work_folder: str = ""  # where examples are copied to',
            'coder: str = "primary"  # who is coding'])
    home = tmp / "home"
    port = free_port()
    server = start_voila(folder, port, home)  # a folder: each notebook at /voila/render/<name>
    try:
        wait_until_serving(server)
        yield {"project": project, "port": port, "home": home, "tmp": tmp, "server": server}
    finally:
        stop(server)
    assert server.returncode is not None


def open_board(playwright, served: dict, width: int, height: int, meeting: str = MEETING):
    """A browser showing the board of ``meeting`` at ``width`` x ``height``, and its page."""
    browser = chromium(playwright, served["tmp"] / f"chromium-profile-{width}", served["home"],
                       width, height)
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{served['port']}/voila/render/run_session_{meeting}.ipynb",
              timeout=90_000)
    page.locator(".collabkit-tally-P01-move").wait_for(state="visible", timeout=90_000)
    return browser, page


#: Where the bar's parts are on screen, and every button's height.
MEASURE = """() => {
  const box = s => { const e = document.querySelector(s); if (!e) return null;
    const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
  const high = s => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null)
    .map(e => e.getBoundingClientRect().height);
  return {height: window.innerHeight, ack: box('.collabkit-tally-ack'),
          prompt: box('.collabkit-tally-prompt [role=status]'),
          clock: box('.collabkit-tally-clock'), mode: box('.collabkit-tally-bar .widget-toggle-buttons'),
          ackText: document.querySelector('.collabkit-tally-ack').innerText,
          buttons: high('.collabkit-tally button'),
          toggles: high('.collabkit-tally .widget-toggle-button, .collabkit-tally .jupyter-widget-toggle-button')};
}"""


def test_clicking_a_tally_button_in_chromium_saves_the_event(served):
    sync_api = require_module("playwright.sync_api")
    project = served["project"]
    before = len(events(project, MEETING))
    with sync_api.sync_playwright() as playwright:
        browser, page = open_board(playwright, served, 1280, 1100)
        try:
            page.locator(".collabkit-tally-P01-follow").click()
            page.get_by_text(f"Saved #{before + 1}: Vikram M. (P01), Follow, in {MEETING}"
                             ).wait_for(timeout=30_000)
        finally:
            browser.close()
    after = events(project, MEETING)
    assert len(after) == before + 1
    assert (after[-1]["participant_id"], after[-1]["move"]) == ("P01", "follow")


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024)])
def test_the_bar_stays_in_view_while_the_last_row_is_clicked(served, width, height):
    sync_api = require_module("playwright.sync_api")
    project, meeting = served["project"], SIZE_MEETING[width]
    with sync_api.sync_playwright() as playwright:
        browser, page = open_board(playwright, served, width, height, meeting)
        try:
            page.locator(".collabkit-tally-P18-move").wait_for(state="attached", timeout=30_000)
            assert page.locator(".collabkit-tally-person").count() == 18
            for person in ("P16", "P17", "P18"):  # the last row: three moves in a row
                seq = int(events(project, meeting)[-1]["seq"]) + 1 if events(
                    project, meeting) else 1
                page.locator(f".collabkit-tally-{person}-move").click()
                page.get_by_text(f"Saved #{seq}:").wait_for(timeout=30_000)
            page.get_by_text("Three moves in a row").wait_for(timeout=30_000)
            seen = page.evaluate(MEASURE)
            shots = os.environ.get("COLLABKIT_SCREENSHOTS")
            page.screenshot(path=str(Path(shots) / f"tally_board_{width}.png" if shots else
                                     served["tmp"] / f"tally_board_{width}.png"))
        finally:
            browser.close()
    assert f"Marek I. (P18), Move, in {meeting}" in seen["ackText"]
    for part in ("ack", "prompt", "clock", "mode"):
        box = seen[part]
        assert box is not None, f"no {part} on the page"
        assert 0 <= box["top"] and box["bottom"] <= seen["height"], (part, box, seen["height"])
    if width < 1000:  # the tablet: touch targets a finger can hit
        assert min(seen["buttons"]) >= 44, sorted(seen["buttons"])[:5]
        assert min(seen["toggles"]) >= 44, sorted(seen["toggles"])[:5]


def test_a_dead_kernel_is_shown_at_once_instead_of_a_saved_click(served):
    sync_api = require_module("playwright.sync_api")
    project = served["project"]
    with sync_api.sync_playwright() as playwright:
        browser, page = open_board(playwright, served, 1280, 800)
        try:
            banner = page.locator(".collabkit-connection-lost")
            banner.wait_for(state="attached", timeout=30_000)
            seq = len(events(project, MEETING)) and int(events(project, MEETING)[-1]["seq"])
            page.locator(".collabkit-tally-P02-follow").click()
            page.get_by_text(f"Saved #{seq + 1}:").wait_for(timeout=30_000)
            assert not banner.is_visible()
            for kernel in kernel_processes(served["server"]):
                os.kill(kernel.pid, signal.SIGKILL)
            page.locator(".collabkit-tally-P03-follow").click()
            banner.wait_for(state="visible", timeout=5_000)
            text = banner.inner_text()
            role = banner.get_attribute("role")
            ack = page.locator(".collabkit-tally-ack")
            unconfirmed = "collabkit-unconfirmed" in (ack.get_attribute("class") or "")
            saved_next = page.get_by_text(f"Saved #{seq + 2}:").count()
        finally:
            browser.close()
    assert text.startswith("Connection lost: clicks are NOT being saved. Reload the page")
    assert role == "alert"
    assert unconfirmed, "the last acknowledgement is not marked as unconfirmed"
    assert saved_next == 0
    assert [e["participant_id"] for e in events(project, MEETING)][-1] == "P02"  # not P03
