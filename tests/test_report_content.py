"""What the reports say: lead sentences, charts with alt text and numbers, ratings, privacy.

Reports for the bundled examples are made once per session (tests/_report_fixtures.py).
"""

from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from collabkit import evaluation, load_project
from collabkit.model import load_model
from collabkit.report.portfolio import SECTIONS as PORTFOLIO_SECTIONS
from collabkit.report.render import DEFAULT_ALT, slug
from collabkit.report.sections import SECTIONS
from collabkit.report.tables_people import role_groups
from tests._report_fixtures import example_reports

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def reports(tmp_path_factory):
    built = example_reports(tmp_path_factory.getbasetemp())
    assert built.ok, [r.error for r in built.failed + built.invalid]
    return built


@pytest.fixture(scope="session")
def pages(reports) -> dict[str, str]:
    return {r.project_id: r.html_path.read_text(encoding="utf-8") for r in reports}


def _section(page: str, heading: str) -> str:
    anchor = slug(heading)
    match = re.search(rf'<section aria-labelledby="{anchor}">(.*?)</section>', page, re.S)
    assert match, heading
    return match.group(1)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _ratings(page: str) -> dict[str, str]:
    """Scorecard card label -> rating, as shown in the summary."""
    cards = re.findall(r'<li class="card"[^>]*><h3>(.*?)</h3><p><span class="rating '
                       r'rating-(\w+)"', _section(page, "Summary"))
    return {html.unescape(label): rating for label, rating in cards}


def _labels(project_id: str) -> dict[str, str]:
    card = evaluation.scorecard(load_project(_path(project_id)))
    return dict(zip(card["dimension"], card["label"], strict=True))


def _path(project_id: str):
    from collabkit.resources import ROOT

    folder = ROOT / "data" / "examples" / project_id
    return folder if folder.exists() else folder.with_suffix(".xlsx")


def test_every_section_opens_with_a_plain_language_finding(pages):
    assert len(pages) >= 4
    for project_id, page in pages.items():
        for _, heading in SECTIONS:
            body = _section(page, heading)
            lead = re.match(r"<h2[^>]*>.*?</h2><p class=\"lead\">(.*?)</p>", body, re.S)
            assert lead, (project_id, heading)
            sentence = _text(lead.group(1))
            assert len(sentence) > 30 and sentence.endswith("."), (project_id, heading, sentence)


def test_leads_state_what_was_found_with_the_numbers(pages):
    voice = _text(_section(pages["hillside_discharge"], "Process and voice"))
    assert "Staff did most of the talking: 75% of contributions while being 42% of the " \
           "people present." in voice
    journey = _text(_section(pages["hillside_discharge"], "The journey through the model"))
    assert "skipping Building the Team, Understand What's Around and Gather Ideas" in journey
    decisions = _text(_section(pages["meadow_peer_support"],
                               "Inertia or advantage: decisions together"))
    assert "10 meetings in a row (meetings 6 to 15) made none" in decisions


def test_the_examples_reports_differ_as_built(pages):
    riverside = _ratings(pages["riverside_crisis_cafe"])
    assert len(riverside) == len(evaluation.load_rules(load_model()).table)
    assert sum(r == "strength" for r in riverside.values()) >= 10
    assert "concern" not in riverside.values()
    hillside, labels = _ratings(pages["hillside_discharge"]), _labels("hillside_discharge")
    assert hillside[labels["voice"]] == "concern"
    assert hillside[labels["action_bias"]] == "concern"
    meadow, labels = _ratings(pages["meadow_peer_support"]), _labels("meadow_peer_support")
    assert meadow[labels["inertia"]] == "concern"
    assert riverside[labels["inertia"]] == "strength"
    # Oakwood, the carers' hub, is not a second Riverside: carers drift away, the few staff
    # and partners out-talk them without small groups, and the reflections cool
    oakwood, labels = _ratings(pages["oakwood_carers_hub"]), _labels("oakwood_carers_hub")
    assert oakwood != riverside
    for dimension in ("structure", "voice", "reflection"):
        assert riverside[labels[dimension]] == "strength"
        assert oakwood[labels[dimension]] in ("developing", "concern"), dimension
    tips = {page: _text(_section(pages[page], "What to try next time"))
            for page in ("oakwood_carers_hub", "riverside_crisis_cafe")}
    assert tips["oakwood_carers_hub"] != tips["riverside_crisis_cafe"]
    assert "Small groups" in tips["oakwood_carers_hub"]


def test_every_chart_has_specific_alt_text_and_its_numbers(pages):
    for project_id, page in pages.items():
        figures = re.findall(r"<figure>(.*?)</figure>(<details><summary>The numbers behind "
                             r"this chart</summary><div [^>]*><table><caption>)?", page, re.S)
        assert len(figures) >= 12, (project_id, len(figures))
        alts = []
        for inner, numbers in figures:
            img = re.search(r"<img [^>]*>", inner).group(0)
            src = re.search(r'src="([^"]*)"', img).group(1)
            alt = html.unescape(re.search(r'alt="([^"]*)"', img).group(1))
            assert src.startswith("data:image/svg+xml,"), project_id
            assert alt != DEFAULT_ALT and len(alt) > 60, (project_id, alt)
            assert re.search(r"\d", alt), (project_id, alt)
            assert numbers, (project_id, alt[:60])
            alts.append(alt)
        assert len(set(alts)) == len(alts), project_id
        assert page.count("<img") == len(figures), project_id


def test_sections_keep_heading_levels_and_table_captions(pages):
    for project_id, page in pages.items():
        levels = [int(h) for h in re.findall(r"<h([1-6])[ >]", page)]
        assert levels[0] == 1 and levels.count(1) == 1, project_id
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), project_id
        assert page.count("<table>") == page.count("<table><caption>"), project_id


def test_nobody_who_did_not_agree_is_named_anywhere(reports, pages):
    portfolio = reports.portfolio.html_path.read_text(encoding="utf-8")
    for result in reports:
        people = load_project(result.project_path).participants
        hidden = people.loc[~people["named_in_reports"], "name"].dropna().tolist()
        assert hidden, result.project_id
        page = pages[result.project_id]
        for name in hidden:
            for form in {name, html.escape(name), html.escape(name, quote=False)}:
                assert form not in page, (result.project_id, name)
                assert form not in portfolio, name
        notebook = result.notebook_path.read_text(encoding="utf-8")
        assert not [name for name in hidden if name in notebook], result.project_id


def test_small_roles_are_folded_into_their_natural_group_before_other(pages):
    # Hillside: 2 carers and 1 family member are shown together; 2 partners and 1 volunteer,
    # with no natural group of their own, as Other
    project = load_project(_path("hillside_discharge"))
    groups = role_groups(project, 3, load_model())
    sizes = project.participants["role"].astype(str).value_counts()
    small = [r for r, n in sizes.items() if n < 3]
    assert small and all(groups[r] in ("Carers and family", "Other") for r in small)
    assert groups["carer"] == groups["family"] == "Carers and family"
    assert groups["partner"] == groups["volunteer"] == "Other"
    structure = _section(pages["hillside_discharge"], "Structure: who was involved")
    table = re.search(r"<caption>People by role.*?</table>", structure, re.S).group(0)
    assert ">Other<" in table and ">Carers and family<" in table
    for label in ("Family member", "Volunteer", "Carer", "Partner organisation"):
        assert f">{label}<" not in table
    voice = _section(pages["hillside_discharge"], "Process and voice")
    by_role = re.search(r"<caption>The numbers behind the chart: Share of voice and share of "
                        r"people present by role</caption>.*?</table>", voice, re.S).group(0)
    assert ">Family member<" not in by_role and ">Carers and family<" in by_role
    # Oakwood, the carers' hub: its carers and family members are not hidden under Other
    oakwood = _section(pages["oakwood_carers_hub"], "Structure: who was involved")
    table = re.search(r"<caption>People by role.*?</table>", oakwood, re.S).group(0)
    assert ">Carers and family<" in table and ">Other<" not in table


def test_stuck_patterns_are_summarised_not_listed(pages):
    four = _section(pages["hillside_discharge"], "Four-player dynamics")
    table = re.search(r"<caption>Stuck patterns:.*?</table>", four, re.S).group(0)
    rows = re.findall(r"<tr>", table)
    patterns = load_model().stuck_patterns
    assert 1 < len(rows) <= len(patterns) + 1
    examples = re.search(r"A few examples.*?</ul>", four, re.S).group(0)
    assert examples.count("<li>") <= len(patterns)
    assert not re.search(r"\bP\d\d\b", _text(four)), "participant ids must be shown as names"


def test_recommendations_are_tied_to_the_tips(pages):
    hillside = _text(_section(pages["hillside_discharge"], "What to try next time"))
    recs = evaluation.recommendations(load_project(_path("hillside_discharge")))
    assert len(recs) > 0
    for tip_id, tip in zip(recs["tip_id"], recs["tip"], strict=True):
        assert f"Tip {tip_id}: {tip}" in hillside
    riverside = _text(_section(pages["riverside_crisis_cafe"], "What to try next time"))
    assert "Every dimension rated a strength" in riverside


def test_method_reports_reliability_and_the_gripp2_items(pages):
    riverside = _text(_section(pages["riverside_crisis_cafe"], "Method and data quality"))
    agreement = metrics_agreement("riverside_crisis_cafe")
    assert f"Cohen's kappa {agreement['kappa']:.2f}, {agreement['kappa_label']}" in riverside
    for item in ("Aim", "Methods", "Results", "Discussion and conclusions",
                 "Reflections / critical perspective"):
        assert item in riverside
    hillside = _text(_section(pages["hillside_discharge"], "Method and data quality"))
    assert "No meeting was coded by two coders" in hillside


def metrics_agreement(project_id: str) -> pd.Series:
    from collabkit.reliability import coder_agreement

    return coder_agreement(load_project(_path(project_id)).events).iloc[-1]


def test_portfolio_compares_every_project_with_charts(reports):
    page = reports.portfolio.html_path.read_text(encoding="utf-8")
    for _, heading in PORTFOLIO_SECTIONS:
        body = _section(page, heading)
        assert re.match(r"<h2[^>]*>.*?</h2><p class=\"lead\">", body), heading
    alts = [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', page)]
    assert len(alts) == 5 and all(len(a) > 60 and re.search(r"\d", a) for a in alts)
    matrix = _section(page, "Scorecards side by side")
    assert "✓ Strength" in matrix and "! Concern" in matrix
    inertia = _text(_section(page, "Inertia or advantage"))
    assert "Meadow peer support network went longest without deciding together: 15 meetings" \
        in inertia


def test_portfolio_links_each_project_to_its_report(reports):
    page = reports.portfolio.html_path.read_text(encoding="utf-8")
    for result in reports.results:
        assert f'<a href="{result.project_id}.html">' in page
        assert result.html_path.parent == reports.portfolio.html_path.parent


def test_links_escape_address_and_text():
    from collabkit.report.render import link

    made = link('x.html" onclick="alert(1)', "<b>bold</b>")
    assert 'onclick="' not in made and "&lt;b&gt;" in made


def test_definitions_are_written_once_in_the_appendix_and_linked_to(pages):
    from collabkit.report.layout import APPENDIX

    model = load_model()
    for project_id, page in pages.items():
        appendix = _section(page, "Appendix: the tools and terms used")
        assert page.rindex("<section") == page.index(
            '<section aria-labelledby="appendix-the-tools-and-terms-used">'), project_id
        for anchor, title in APPENDIX.values():
            assert f'<h3 id="{anchor}">{html.escape(title, quote=False)}</h3>' in appendix
            assert page.count(f'href="#{anchor}"') == 1, (project_id, anchor)
            assert page.count(f'id="{anchor}"') == 1, (project_id, anchor)
        words = _text(appendix)
        definitions = [*model.moves["help"], *model.levels["description"],
                       *model.dialogue_contrasts["debate"], *model.dialogue_contrasts["dialogue"]]
        for definition in definitions:
            assert definition in words, (project_id, definition)
            assert _text(page).count(definition) == 1, (project_id, definition)
        assert "<caption>How debate and dialogue differ</caption>" in appendix
        assert '<th scope="row">' not in appendix  # debate and dialogue side by side
    for heading, anchor in (("Four-player dynamics", "appendix-four-actions"),
                            ("Debate and dialogue", "appendix-debate-dialogue"),
                            ("Inertia or advantage: decisions together", "appendix-ladder")):
        assert f'href="#{anchor}"' in _section(pages["riverside_crisis_cafe"], heading), heading
