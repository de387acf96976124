"""Report HTML builders: escaping, accessible tables and figures, scorecard cards."""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pytest

from collabkit import formatting
from collabkit.plots.svg import to_svg
from collabkit.report import render

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def live_tags(page: str) -> set[str]:
    return {tag for tag, _ in Tags(page).tags}


@pytest.mark.parametrize("payload", [SCRIPT, IMG])
def test_free_text_is_shown_as_text_everywhere(payload):
    frame = pd.DataFrame({payload: [payload, 1]}, index=[payload, "x"])
    page = render.join([
        render.heading(payload, 2), render.lead(payload), render.paragraph(payload),
        render.bullet_list([payload]), render.definition_list({payload: payload}),
        render.table(frame, payload, index=True), render.section(payload, payload),
        render.scorecard_cards(pd.DataFrame({"dimension": [payload], "label": [payload],
                                             "rating": [payload], "evidence": [payload],
                                             "rule": [payload]})),
    ])
    assert "script" not in live_tags(page) and "img" not in live_tags(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or "&lt;img src=x" in page
    assert not any("onerror" in attrs for _, attrs in Tags(page).tags)


def test_html_fragments_pass_through_and_text_is_escaped_once():
    inner = render.paragraph("a & b")
    assert render.join([inner, "c < d"]) == "<p>a &amp; b</p>c &lt; d"


def test_table_has_caption_column_and_row_header_scopes_and_formatted_numbers():
    frame = pd.DataFrame({"People": [1234, 5], "Share": [0.5, np.nan],
                          "When": pd.to_datetime(["2026-03-14", None])},
                         index=pd.Index(["Staff", "Carer"], name="Role"))
    page = render.table(frame, "People by role", index=True,
                        formatters={"Share": formatting.percent})
    assert "<caption>People by role</caption>" in page
    assert page.count('scope="col"') == 4 and page.count('scope="row"') == 2
    assert ">1,234<" in page and ">50%<" in page and ">14 Mar 2026<" in page
    assert page.count(">n/a<") == 2  # missing share and missing date
    assert 'role="region"' in page and 'tabindex="0"' in page


def test_a_first_column_of_text_labels_names_each_row():
    frame = pd.DataFrame({"Role": ["Staff", "Carer"], "People": [3, 4]})
    page = render.table(frame, "People by role")
    assert '<tr><th scope="row">Staff</th><td class="num">3</td></tr>' in page
    assert page.count('scope="row"') == 2 and page.count('scope="col"') == 2
    assert 'scope="row"' not in render.table(frame, "People by role", row_headers=False)
    numbers = pd.DataFrame({"Meeting": [1, 2], "People": [3, 4]})
    assert 'scope="row"' not in render.table(numbers, "People at each meeting")
    assert render.table(numbers, "People at each meeting", row_headers=True).count(
        '<th scope="row">') == 2
    dates = pd.DataFrame({"Date": pd.to_datetime(["2026-03-14", "2026-03-15"]), "n": [1, 2]})
    assert 'scope="row"' not in render.table(dates, "By date")
    assert 'scope="row"' not in render.table(frame[["Role"]], "Roles")  # nothing else to name


def test_table_needs_a_caption_and_says_when_empty():
    with pytest.raises(ValueError, match="a table needs a caption"):
        render.table(pd.DataFrame({"a": [1]}), " ")
    assert render.table(pd.DataFrame({"a": []}), "Decisions") == \
        "<p>Decisions: Nothing was recorded.</p>"


def _bars():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar(["a", "b"], [1, 2])
    ax.set_xlabel("Rock & <roll> #1 100%")
    return fig


def test_figure_embeds_an_svg_with_alt_text_and_closes_the_figure():
    import matplotlib.pyplot as plt

    page = render.figure(_bars(), "Bar chart: b is twice a", "Two bars",
                         data=pd.DataFrame({"x": ["a", "b"], "y": [1, 2]}))
    assert plt.get_fignums() == []
    image = next(attrs for tag, attrs in Tags(page).tags if tag == "img")
    assert set(image) == {"src", "alt"} and image["alt"] == "Bar chart: b is twice a"
    prefix, encoded = image["src"].split(",", 1)
    assert prefix == "data:image/svg+xml"
    assert not set("<>\"'#&\n") & set(encoded)  # nothing a page or a URL could misread
    root = ElementTree.fromstring(urllib.parse.unquote(encoded))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("640px", "480px")  # 6.4 x 4.8 in
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"a", "b", "Rock & <roll> #1 100%"} <= set(texts)  # text stays text, exactly
    assert "<figcaption>Two bars</figcaption>" in page
    assert "<caption>The numbers behind: Two bars</caption>" in page


def test_the_same_chart_gives_the_same_svg():
    first, second = to_svg(_bars()), to_svg(_bars())
    assert first == second  # no date, fixed ids: a report's charts do not change between runs
    assert "<!--" not in first and "\n" not in first


@pytest.mark.parametrize("source", [
    "", "x", "\n", "a\n\n b", " \n a \n", "a\u00a0\nb", "a \n \n \n b\n", "a\tb\r\n  c",
    '<path d="M 0 0 \nL 1 1 \nz"/>\n  <text>Two  spaces</text>\n'])
def test_an_svg_is_made_one_line_as_the_regular_expression_makes_it(source):
    from collabkit.plots.svg import one_line

    assert one_line(source) == re.sub(r"\s*\n\s*", " ", source)


def test_remembered_text_sizes_draw_the_svg_matplotlib_draws(monkeypatch):
    import matplotlib

    from collabkit.plots import svg

    fig = _bars()
    fig.axes[0].set_title("Two lines\nof title", fontsize=14, fontweight="bold")
    canvas = fig.canvas
    remembered = to_svg(fig)  # sizes measured (first chart) ...
    assert to_svg(fig) == remembered  # ... and sizes remembered: the same drawing
    assert fig.canvas is canvas  # the figure keeps its own canvas
    monkeypatch.setattr(svg, "_canvas_class", lambda: matplotlib.backends.backend_svg
                        .FigureCanvasSVG)  # matplotlib's own canvas, measuring everything
    assert to_svg(fig) == remembered


def test_remembered_text_sizes_are_bounded_so_a_long_batch_does_not_grow(monkeypatch):
    from collabkit.plots import fonts

    monkeypatch.setattr(fonts, "MAX_SIZES", 3)
    monkeypatch.setattr(fonts, "_SIZES", {})
    fig = _bars()
    fig.axes[0].set_title("A title of its own")
    drawn = to_svg(fig)  # more than three texts: the sizes are forgotten and measured again
    assert 0 < len(fonts._SIZES) <= 3
    assert to_svg(fig) == drawn  # and the drawing is the same


def test_remembered_font_heights_are_the_ones_matplotlib_reads():
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.figure import Figure
    from matplotlib.text import Text

    from collabkit.plots.fonts import agg_renderer

    fig = Figure(dpi=100)
    for size, weight in ((11, "normal"), (13, "bold")):
        text = Text(0, 0, "Two\nlines", fontsize=size, fontweight=weight, figure=fig)
        plain = text.get_window_extent(RendererAgg(1, 1, 100))
        assert text.get_window_extent(agg_renderer(100)).bounds == plain.bounds


@pytest.mark.parametrize("alt", ["", "   ", render.DEFAULT_ALT, None])
def test_figure_without_real_alt_text_is_refused(alt):
    import matplotlib.pyplot as plt

    fig = plt.figure()
    try:
        with pytest.raises(ValueError, match="a figure needs alt text"):
            render.figure(fig, alt, "caption")
    finally:
        plt.close(fig)


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("rating", list(render.RATING_STYLES))
def test_rating_colours_meet_wcag_aa_contrast(rating):
    style = render.RATING_STYLES[rating]
    light, dark = sorted([_luminance(style["background"]), _luminance(style["color"])],
                         reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_scorecard_shows_each_rating_by_text_and_hidden_icon():
    card = pd.DataFrame({"dimension": ["voice", "inertia", "dialogue"],
                         "label": ["Voice", "Inertia", "Dialogue"],
                         "rating": ["strength", "concern", "mystery"],
                         "evidence": ["Even", "Stuck", pd.NA], "rule": [pd.NA] * 3})
    page = render.scorecard_cards(card)
    assert page.count('<li class="card"') == 3
    assert re.search(r'aria-hidden="true" class="rating-icon">✓</span> Strength', page)
    assert "Concern" in page and "Not recorded" in page  # unknown rating never shown as good
    assert page.count("<h3>") == 3


def test_heading_levels_are_checked():
    assert render.heading("Hi", 3) == "<h3>Hi</h3>"
    with pytest.raises(ValueError, match="heading level must be 1 to 6"):
        render.heading("Hi", 7)


def test_show_records_the_page_title_in_the_output_metadata():
    shown = render.show(render.heading("T", 1), title="T: collaboration evaluation")
    data, metadata = shown._repr_html_()
    assert data == "<h1>T</h1>"
    assert metadata == {"collabkit": {"title": "T: collaboration evaluation"}}


def test_provenance_states_data_version_and_time():
    from collabkit import __version__

    page = render.provenance(None, {"project_path": "/home/sam/data/examples/x",
                                    "pseudonymise": True})
    assert "<dt>Data</dt><dd>x</dd>" in page and __version__ in page
    assert "/home" not in page and "examples" not in page
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d", page)
    assert "Setting: pseudonymise</dt><dd>yes" in page
    compact = render.provenance(None, {"project_path": "C:/Users/sam/hub.xlsx"}, compact=True)
    assert compact.startswith('<p class="provenance">Made from hub.xlsx with collabkit ')


def test_html_is_markupsafe_markup_so_plain_text_added_to_it_is_escaped_once():
    import markupsafe

    assert render.Html is markupsafe.Markup
    joined = render.Html("<b>") + " & x"
    assert isinstance(joined, render.Html) and joined == "<b> &amp; x"
    assert render.Html(render.Html("<i>")) == "<i>"
    assert render.escape(render.escape("a & b")) == "a &amp; b"
    assert render.Html("<p>{}</p>").format("<i>") == "<p>&lt;i&gt;</p>"


def test_script_in_a_participants_free_text_is_escaped_exactly_once_in_a_table():
    frame = pd.DataFrame({"Who": ["U1"], "Next time": [SCRIPT]})
    page = render.join([render.heading("Reflections", 2),
                        render.table(frame, "What the pairs wrote")])
    assert "<script>" not in page and "script" not in live_tags(page)
    assert page.count("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>") == 1
    assert "&amp;lt;" not in page  # not escaped twice
