"""Every example's report (and the portfolio) checked in headless Chromium with axe-core.

axe-core runs the WCAG 2.0/2.1 A and AA rules and must find no violation.
Axe alone passes nbconvert's default export, so the page's structure is also
checked: language, a real title, one h1, headings that never skip a level,
tables with captions and header scopes, and written alt text on every image.

Needs /usr/bin/chromium and tests/node_modules/axe-core (``bash tests/setup.sh``);
when either cannot be found it skips with the reason, or fails under CI.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from collabkit.report.render import DEFAULT_ALT
from tests._report_fixtures import example_reports
from tests.conftest import require_module, require_tool

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

STRUCTURE = """() => {
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
      .map(h => Number(h.tagName[1]));
  return {
    lang: document.documentElement.lang,
    title: document.title,
    h1: document.querySelectorAll('h1').length,
    headings: headings,
    main: document.querySelectorAll('main').length,
    tables: [...document.querySelectorAll('table')].map(t => ({
      caption: t.caption ? t.caption.textContent.trim() : '',
      th: t.querySelectorAll('th').length,
      thWithoutScope: t.querySelectorAll('th:not([scope])').length})),
    alts: [...document.querySelectorAll('img')].map(i => i.getAttribute('alt')),
    undrawn: [...document.querySelectorAll('img')].filter(i => !(i.complete && i.naturalWidth))
        .map(i => i.getAttribute('alt')),
    anchors: document.querySelectorAll('a.anchor-link').length,
    code: document.querySelectorAll('.jp-InputArea, .input_area, pre.highlight').length,
  };
}"""


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory):
    require_tool(f"Chromium ({CHROMIUM}), needed for the accessibility checks,",
                 Path(CHROMIUM).exists(),
                 "install Debian's chromium package (bash tests/setup.sh does)")
    require_tool(f"axe-core ({AXE}), needed for the accessibility checks,", AXE.exists(),
                 "run bash tests/setup.sh (needs npm)")
    sync_api = require_module("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield context.new_page()
        finally:
            context.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[Path]:
    reports = example_reports(tmp_path_factory.getbasetemp())
    assert reports.ok, [r.error for r in reports.failed + reports.invalid]
    return [r.html_path for r in reports] + [reports.portfolio.html_path]


def _open(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_load_state("load")


def test_reports_have_no_axe_violations(browser_page, pages):
    found = {}
    for path in pages:
        _open(browser_page, path)
        browser_page.add_script_tag(path=str(AXE))
        result = browser_page.evaluate(
            "async (tags) => await axe.run(document, "
            "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG)
        if result["violations"]:
            found[path.name] = [{"id": v["id"], "help": v["help"],
                                 "nodes": [n["html"][:200] for n in v["nodes"][:5]]}
                                for v in result["violations"]]
    if found:
        print(json.dumps(found, indent=2))
    assert found == {}


def test_reports_are_structured_for_screen_readers(browser_page, pages):
    for path in pages:
        _open(browser_page, path)
        page = browser_page.evaluate(STRUCTURE)
        assert page["lang"] == "en", path.name
        assert page["title"].endswith(": collaboration evaluation"), path.name
        assert len(page["title"]) > len(": collaboration evaluation") + 3, path.name
        assert page["h1"] == 1 and page["headings"][0] == 1, path.name
        steps = zip(page["headings"], page["headings"][1:], strict=False)
        assert all(after <= before + 1 for before, after in steps), (path.name, page["headings"])
        assert page["main"] == 1, path.name
        assert page["tables"], path.name
        for table in page["tables"]:
            assert table["caption"] and table["th"] and table["thWithoutScope"] == 0, path.name
        for alt in page["alts"]:
            assert alt and alt.strip() and alt.strip() != DEFAULT_ALT, path.name
        assert page["undrawn"] == [], path.name  # every chart's image decodes and is drawn
        assert page["anchors"] == 0 and page["code"] == 0, path.name


def test_skip_link_is_seen_and_moves_focus_to_the_report(browser_page, pages):
    _open(browser_page, pages[0])
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate(
        "() => [document.activeElement.textContent, document.activeElement.getAttribute('href')]")
    assert focused == ["Skip to the report", "#main"]
    focus = browser_page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth, s.boxShadow !== 'none']; }")
    assert focus == ["solid", "3px", True]
    browser_page.keyboard.press("Enter")
    main = browser_page.evaluate(
        "() => [document.activeElement.tagName, document.activeElement.id,"
        " document.activeElement.getAttribute('tabindex'), location.hash]")
    assert main == ["MAIN", "main", "-1", "#main"]


WIDTH = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=["phone", "laptop"])
def test_nothing_scrolls_sideways(browser_page, pages, size):
    """Wide tables scroll inside their own region; the page itself never does."""
    width, height = size
    browser_page.set_viewport_size({"width": width, "height": height})
    try:
        for path in pages:
            _open(browser_page, path)
            scroll_width, inner_width = browser_page.evaluate(WIDTH)
            assert inner_width == width
            assert scroll_width <= inner_width, (path.name, scroll_width)
    finally:
        browser_page.set_viewport_size({"width": 1280, "height": 720})


def test_no_path_of_this_machine_reaches_a_page(pages):
    root = str(Path(__file__).resolve().parents[1])
    for path in pages:
        page = path.read_text(encoding="utf-8")
        assert root not in page and str(path.parent) not in page, path.name
        assert "file:" not in page, path.name


def test_print_shows_the_numbers_behind_every_chart_on_a4(browser_page, pages):
    _open(browser_page, pages[0])
    browser_page.emulate_media(media="print")
    try:
        hidden = browser_page.evaluate(
            "() => [...document.querySelectorAll('details')]"
            ".filter(d => !d.open && d.querySelector('table').getBoundingClientRect().height === 0)"
            ".length")
        count = browser_page.evaluate("() => document.querySelectorAll('details table').length")
        pdf = browser_page.pdf(prefer_css_page_size=True)
    finally:
        browser_page.emulate_media(media="screen")
    assert count >= 12 and hidden == 0
    boxes = {tuple(round(float(v)) for v in box.split()[2:])
             for box in re.findall(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf)}
    assert boxes == {(595, 842)}  # A4 in points
