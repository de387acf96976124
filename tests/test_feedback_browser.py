"""The participants' feedback form in Voila, in Chromium at a phone's width (375 px)."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from tests._voila import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    start_voila,
    stop,
    wait_until_serving,
)
from tests.conftest import require_module, require_tool

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "facilitator" / "feedback_form.ipynb"
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def answers(project: Path) -> list[dict[str, str]]:
    path = project / "feedback.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    require_tool(f"Chromium ({CHROMIUM})", CHROMIUM.exists(),
                 "install Debian's chromium package (bash tests/setup.sh does)")
    require_module("playwright.sync_api")
    require_module("voila")
    tmp = tmp_path_factory.mktemp("feedback")
    project = tmp / "project"
    shutil.copytree(TINY, project)
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if "parameters" in cell["metadata"].get("tags", []):
            cell["source"] = [f"project_path: str = {str(project)!r}\n", 'meeting_id: str = "M1"\n',
                              'work_folder: str = ""\n', "ask_who: bool = False"]
    served_at = tmp / "served" / "feedback_form.ipynb"
    served_at.parent.mkdir()
    served_at.write_text(json.dumps(notebook), encoding="utf-8")
    home = tmp / "home"
    home.mkdir()
    port = free_port()
    server = start_voila(served_at, port, home)
    try:
        wait_until_serving(server)
        yield {"project": project, "port": port, "home": home, "tmp": tmp}
    finally:
        stop(server)


def test_on_a_phone_the_form_fits_saves_and_clears(served):
    sync_api = require_module("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(served["tmp"] / "profile"), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, env={**os.environ, "HOME": str(served["home"])},
            viewport={"width": 375, "height": 812})
        try:
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{served['port']}/", timeout=90_000)
            page.get_by_text("How was taking part for you?").wait_for(timeout=90_000)
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            assert wide <= 375, f"the page is {wide} px wide on a 375 px phone"
            page.get_by_role("button", name="Save my answers").wait_for(timeout=30_000)
            radios = page.get_by_role("radio", name="Agree", exact=True)
            assert radios.count() == 4  # the four agree-scale questions, choices in words
            radios.first.check()
            page.get_by_role("radio", name="Very likely").check()
            page.get_by_role("button", name="Save my answers").click()
            page.get_by_text("Thank you, your answers are saved.").wait_for(timeout=30_000)
            assert not radios.first.is_checked()  # cleared for the next person
        finally:
            browser.close()
    saved = answers(served["project"])
    assert [(a["item_id"], a["answer"], a["participant_id"]) for a in saved] == [
        ("heard", "4", ""), ("again", "5", "")]
