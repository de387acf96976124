"""The report page's stylesheet, read from the template: focus ring contrast and print rules.

The browser tests (tests/test_report_accessibility.py) look at pages made with
it; these check the values themselves, without a browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "report" / "index.html.j2"


@pytest.fixture(scope="module")
def css() -> str:
    page = TEMPLATE.read_text(encoding="utf-8")
    return re.search(r"<style>(.*?)</style>", page, re.S).group(1)


@pytest.fixture(scope="module")
def colours(css) -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", css, re.S).group(1)
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", root))


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of a ``#rrggbb`` colour."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_computed_as_wcag_says():
    assert contrast("#ffffff", "#000000") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_focus_ring_is_drawn_with_the_two_focus_colours(css):
    rule = re.search(r"(?<![\w-]):focus-visible\s*\{(.*?)\}", css, re.S).group(1)
    assert re.search(r"outline:\s*3px solid var\(--focus\)", rule)
    assert re.search(r"box-shadow:\s*0 0 0 \d+px var\(--focus-halo\)", rule)
    assert not re.search(r"(?<![\w-])(a|summary|\[tabindex\]):focus\s*\{[^}]*outline:\s*\d",
                         css), "one focus style, :focus-visible, for everything"


@pytest.mark.parametrize("background", ["background", "stripe", "header"])
def test_focus_ring_has_3_to_1_against_every_background_of_the_page(colours, background):
    """WCAG 1.4.11 and 2.4.11/2.4.13: the ring against what it is drawn on."""
    assert contrast(colours["focus"], colours[background]) >= 3


def test_focus_ring_and_its_halo_differ_by_9_to_1(colours):
    """WCAG technique C40: then one of the two has 3:1 against any colour at all."""
    assert contrast(colours["focus"], colours["focus-halo"]) >= 9


def test_page_prints_on_a4_with_margins(css):
    page = re.search(r"@page\s*\{(.*?)\}", css, re.S).group(1)
    assert re.search(r"size:\s*A4", page)
    margins = [float(m) for m in re.findall(r"(\d+(?:\.\d+)?)mm", page)]
    assert margins and all(10 <= m <= 25 for m in margins)


def test_print_opens_the_numbers_behind_every_chart_without_a_script(css):
    start = css.index("@media print")
    printed = css[start:]
    assert re.search(r"details::details-content\s*\{[^}]*content-visibility:\s*visible", printed)
    assert re.search(r"figure[^{]*\{[^}]*break-inside:\s*avoid", printed)
