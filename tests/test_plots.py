"""Charts of the report and the portfolio: figures, alt text with the finding, style rules."""

from __future__ import annotations

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from collabkit import evaluation, load_project, metrics, plots
from collabkit.formatting import plural  # noqa: E402
from collabkit.model import load_model  # noqa: E402
from collabkit.plots import portfolio as portfolio_plots  # noqa: E402
from collabkit.plots.labelset import _label_set_class  # noqa: E402
from collabkit.plots.svg import to_svg  # noqa: E402
from collabkit.report.privacy import role_label  # noqa: E402
from collabkit.report.tables_feedback import answer_shares  # noqa: E402
from collabkit.resources import ROOT  # noqa: E402

MODEL = load_model()

EXAMPLES = ROOT / "data" / "examples"


@pytest.fixture(scope="module")
def hillside():
    return load_project(EXAMPLES / "hillside_discharge")


@pytest.fixture(scope="module")
def meadow():
    return load_project(EXAMPLES / "meadow_peer_support")


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(role=[role_label(str(r), MODEL) for r in frame["role"]])


def _judged(project):
    """solution_onset with the findings' judgment of each meeting (as the report passes it)."""
    from collabkit.report.tables_process import onset_judged

    return onset_judged(project, metrics.solution_onset(project))


def _charts(project) -> dict[str, tuple[Figure, str]]:
    order = metrics.meeting_order(project)[["meeting_id", "meeting_number"]]
    return {
        "journey": plots.plot_journey(metrics.model_journey(project), model=MODEL),
        "attendance": plots.plot_attendance(_labelled(metrics.attendance_retention(project))),
        "voice": plots.plot_voice_presence(_labelled(metrics.role_voice(project))),
        "equality": plots.plot_equality(metrics.meeting_equality(project)),
        "four_player": plots.plot_four_player(
            metrics.move_profile(project, by="meeting").merge(order, on="meeting_id"), model=MODEL),
        "dialogue": plots.plot_dialogue(metrics.dialogue_share(project)),
        "onset": plots.plot_solution_onset(_judged(project)),
        "talk": plots.plot_solution_talk(metrics.solution_talk_by_step(project), model=MODEL),
        "decisions": plots.plot_decisions(metrics.decisions_per_meeting(project)),
        "ladder": plots.plot_ladder(metrics.ladder_by_step(project), model=MODEL,
                                    together_level="co_design"),
        "reflections": plots.plot_reflections(metrics.reflection_trend(project)),
        "glossary": plots.plot_glossary(metrics.glossary_growth(project)),
        "feedback": plots.plot_feedback_answers(answer_shares(project, 3)),
    }


@pytest.fixture(scope="module")
def charts(hillside):
    return _charts(hillside)


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def test_every_chart_is_a_figure_with_alt_text_stating_its_finding(charts, hillside):
    assert set(charts) == {"journey", "attendance", "voice", "equality", "four_player",
                           "dialogue", "onset", "talk", "decisions", "ladder", "reflections",
                           "glossary", "feedback"}
    for name, (fig, alt) in charts.items():
        assert isinstance(fig, Figure), name
        assert len(alt) > 80 and any(ch.isdigit() for ch in alt), (name, alt)
    roles = metrics.role_voice(hillside).set_index("role")
    staff = roles.loc["staff"]
    assert (f"Staff spoke {_pct(staff['share_of_voice'])} of the time while being "
            f"{_pct(staff['share_of_presence'])} of those present") in charts["voice"][1]
    assert "Staff spoke 75% of the time while being 42%" in charts["voice"][1]


def test_alt_texts_carry_the_numbers_of_the_metrics(charts, hillside):
    alts = {name: alt for name, (_, alt) in charts.items()}
    assert ("jumped from Decision Time to Make the Change, skipping Building the Team, "
            "Understand What's Around and Gather Ideas") in alts["journey"]
    equality = metrics.meeting_equality(hillside)
    assert f"went from {equality['gini'].iloc[0]:.2f} at meeting 1" in alts["equality"]
    totals = metrics.move_profile(hillside, by="meeting").groupby(
        "move", observed=False)["count"].sum()
    assert f"{_pct(totals['move'] / totals.sum())} moves" in alts["four_player"]
    assert "bystand was used least" in alts["four_player"]
    shares = metrics.dialogue_share(hillside)
    assert f"Overall {_pct(shares['dialogue'].sum() / shares['coded'].sum())}" in alts["dialogue"]
    onset = _judged(hillside)
    judged = onset["rushed"].notna()
    assert (f"In {int(onset.loc[judged, 'rushed'].sum())} of {int(judged.sum())} meetings "
            f"outside Make the Change a solution came before the problem was explored"
            ) in alts["onset"]
    assert "; 0 were at co-design or above;" in alts["ladder"]  # Hillside: nothing above engage
    assert "highest in Make the Change (81%)" in alts["talk"]
    assert "The most common level was Inform (9)" in alts["ladder"]
    trend = metrics.reflection_trend(hillside)["how_collaborative"]
    assert f"average {trend.mean():.1f}" in alts["reflections"]
    assert "3 terms by meeting 7, 0 of them agreed" in alts["glossary"]
    attendance = metrics.attendance_retention(hillside).groupby("meeting_number")["present"].sum()
    assert (f"{attendance.iloc[0]} people came to the first meeting and "
            f"{attendance.iloc[-1]} to the last") in alts["attendance"]


def test_runs_without_a_decision_and_returns_are_stated(meadow):
    per = metrics.decisions_per_meeting(meadow)
    _, alt = plots.plot_decisions(per)
    runs = metrics.inertia_runs(meadow)
    longest = runs.sort_values("meetings").iloc[-1]
    assert f"the longest run without a decision was {longest['meetings']} meetings" in alt
    _, journey_alt = plots.plot_journey(metrics.model_journey(meadow), model=MODEL)
    returns = int((metrics.model_journey(meadow)["transition"] == "return").sum())
    assert f"went back to an earlier step {returns} times" in journey_alt


def test_text_is_at_least_11_points_and_never_parsed_as_maths(charts):
    for name, (fig, _) in charts.items():
        sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip()]
        sizes += [s.get_fontsize() for s in fig.findobj(_label_set_class()) if any(s.texts)]
        assert sizes and min(sizes) >= 11, (name, min(sizes))
    fig, alt = plots.plot_voice_presence(pd.DataFrame({
        "role": ["Cost $5 a $day"], "people": [2], "contributions": [3],
        "share_of_voice": [1.0], "share_of_presence": [1.0]}))
    assert ">Cost $5 a $day<" in to_svg(fig)  # never parsed as maths: the text as written
    assert "Cost $5 a $day" in alt


def test_series_differ_by_more_than_colour(charts):
    fig, _ = charts["four_player"]
    handles, labels = fig.axes[0].get_legend_handles_labels()
    assert labels == ["Move", "Follow", "Oppose", "Bystand"]
    assert len({h.get_hatch() for h in handles}) == 4
    fig, _ = charts["attendance"]
    lines = [(line.get_marker(), line.get_linestyle()) for line in fig.axes[0].get_lines()]
    assert len(set(lines)) == len(lines)
    fig, _ = charts["voice"]
    hatches = {c.get_hatch() for c in fig.axes[0].collections}
    assert hatches == {None, "///"} or hatches == {"", "///"}


def test_colours_come_from_the_okabe_ito_palette(charts):
    allowed = {c.lower() for c in plots.OKABE_ITO.values()}
    from matplotlib.colors import to_hex

    for name in ("four_player", "dialogue", "voice", "ladder", "talk", "decisions"):
        fig, _ = charts[name]
        colours = {to_hex(c) for bars in fig.axes[0].collections for c in bars.get_facecolor()}
        assert colours and colours <= allowed, (name, colours - allowed)


def test_empty_metrics_give_a_figure_that_says_nothing_was_recorded(hillside):
    empty = hillside.with_table("events", hillside.events.iloc[0:0])
    empty = empty.with_table("impact", empty.impact.iloc[0:0])
    empty = empty.with_table("decisions", empty.decisions.iloc[0:0])
    for fig, alt in [plots.plot_voice_presence(metrics.role_voice(empty)),
                     plots.plot_four_player(metrics.move_profile(empty, by="meeting").assign(
                         meeting_number=1), model=MODEL),
                     plots.plot_dialogue(metrics.dialogue_share(empty)),
                     plots.plot_solution_onset(_judged(empty)),
                     plots.plot_ladder(metrics.ladder_by_step(empty), model=MODEL,
                                       together_level="co_design"),
                     plots.plot_journey(metrics.model_journey(empty).iloc[0:0], model=MODEL)]:
        assert isinstance(fig, Figure)
        assert "nothing was recorded" in alt


def test_portfolio_charts_compare_projects(hillside, meadow):
    riverside = load_project(EXAMPLES / "riverside_crisis_cafe")
    projects = [riverside, hillside, meadow]
    cards = evaluation.scorecards(projects)
    cards = cards.assign(project=cards["project_id"])
    fig, alt = portfolio_plots.plot_scorecard_matrix(cards)
    assert isinstance(fig, Figure)
    river = cards[cards["project_id"] == "riverside_crisis_cafe"]["rating"].astype(str)
    assert f"riverside_crisis_cafe: {plural((river == 'strength').sum(), 'strength')}" in alt
    counts = cards[cards["project_id"] == "hillside_discharge"]["rating"].astype(str)
    assert f"hillside_discharge: {plural((counts == 'strength').sum(), 'strength')}" in alt
    assert "developings" not in alt
    texts = {t.get_text() for t in fig.findobj(Text)}
    assert {"✓ Strength", "! Concern"} <= texts
    ratios = pd.DataFrame({"project": ["A", "B"], "voice_to_presence": [0.23, 1.02]})
    _, alt = portfolio_plots.plot_voice_balance(ratios)
    assert "Highest: B (1.02); lowest: A (0.23)" in alt
    _, alt = portfolio_plots.plot_early_solutions(
        pd.DataFrame({"project": ["A", "B"], "early_share": [1.0, 0.1]}))
    assert "Highest: A (100%); lowest: B (10%)" in alt
    _, alt = portfolio_plots.plot_decision_rate(
        pd.DataFrame({"project": ["A", "B", "C"], "together_share": [0.6, 0.0, 0.6]}))
    assert "Highest: A and C (60%); lowest: B (0%)" in alt  # a tie names every project
    trends = pd.concat([metrics.reflection_trend(p).assign(project=p.id) for p in projects])
    _, alt = portfolio_plots.plot_reflection_trends(trends)
    assert "hillside_discharge from 3.0 to 3.0" in alt


def test_charts_need_neither_pyplot_nor_matplotlib_at_import():
    code = ("import sys, collabkit.plots, collabkit.plots.portfolio\n"
            "assert 'matplotlib' not in sys.modules, 'matplotlib imported too early'\n"
            "import pandas as pd\n"
            "from collabkit.plots import plot_decisions\n"
            "plot_decisions(pd.DataFrame({'meeting_number': [1, 2], 'decisions': [0, 1]}))\n"
            "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr


def _segments(bars) -> tuple[list[float], list[float]]:
    """Each bar's left end and width in a collection of horizontal bars."""
    boxes = [path.vertices[:4, 0] for path in bars.get_paths()]
    return [float(b.min()) for b in boxes], [float(b.max() - b.min()) for b in boxes]


def test_feedback_answers_are_diverging_bars_of_each_point_by_group(charts, hillside):
    fig, alt = charts["feedback"]
    shares = answer_shares(hillside, 3)
    ax = fig.axes[0]
    handles, labels = ax.get_legend_handles_labels()
    assert labels == ["1", "2", "3", "4", "5"]  # the legend in the scale's order
    assert len({h.get_hatch() for h in handles}) == 5  # not colour alone
    names = [t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts()]
    assert names[0] == "1: Strongly disagree / Very unlikely"  # both scales' words
    assert names[2] == "3: Neither agree nor disagree / Not sure"
    bars = len(shares.drop_duplicates(["item", "group"]))
    segments = [_segments(c) for c in ax.collections if c.get_label() in labels]
    assert [len(widths) for _, widths in segments] == [bars] * 5  # a segment per point and bar
    share = {p: shares.loc[shares["point"] == p, "share"].to_numpy() for p in range(1, 6)}
    for point, (lefts, widths) in zip(range(1, 6), segments, strict=True):
        assert widths == pytest.approx(share[point].tolist())
        if point > 1:  # each point's segment starts where the one below it ends
            below = segments[point - 2]
            assert lefts == pytest.approx([a + b for a, b in zip(*below, strict=True)])
    # centred on the middle answer: 1 and 2 and half of 3 left of 0, the rest right of it
    assert segments[0][0] == pytest.approx((-(share[1] + share[2] + share[3] / 2)).tolist())
    right = [left + width for left, width in zip(*segments[4], strict=True)]
    assert right == pytest.approx((share[4] + share[5] + share[3] / 2).tolist())
    heard = shares[(shares["item_id"] == "heard") & (shares["group"] == "Everyone")]
    assert heard["answers"].tolist() == [12, 11, 4, 1, 0]  # Hillside: few felt heard
    assert (f"least that I was heard ({_pct(heard['agree_share'].iloc[0])})") in alt
    assert "Everyone, Service user, Staff, Other and Carers and family" in alt
    assert "centred on the middle answer (3): lower answers to the left" in alt


def _luminance(colour: str) -> float:
    from matplotlib.colors import to_rgb

    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_answer_colours_are_a_diverging_scale_from_the_palette():
    from matplotlib.colors import to_hex, to_rgb

    from collabkit.plots.style import answer_styles

    five = answer_styles([1, 2, 3, 4, 5])
    light = [_luminance(s["color"]) for s in five]
    assert light[0] < light[1] < light[2] > light[3] > light[4]  # lightest in the middle
    warm, cool = [to_rgb(s["color"]) for s in five[:2]], [to_rgb(s["color"]) for s in five[3:]]
    assert all(r > b for r, _, b in warm) and all(b > r for r, _, b in cool)
    sides = {to_hex(s["color"]) for s in five[:2] + five[3:]}
    assert sides <= {c.lower() for c in plots.OKABE_ITO.values()}
    hatches = [s["hatch"] for s in five]
    assert len(set(hatches)) == 5 and hatches[2] == ""  # the middle unhatched
    assert set(hatches[0] + hatches[1]) == {"\\"} and set(hatches[3] + hatches[4]) == {"/"}
    assert len(hatches[0]) > len(hatches[1]) and len(hatches[4]) > len(hatches[3])
    four = answer_styles([1, 2, 3, 4])  # an even scale: no middle point
    assert all(s["hatch"] for s in four) and four[1]["color"] != four[2]["color"]
    seven = [_luminance(s["color"]) for s in answer_styles(list(range(1, 8)))]
    assert seven[0] < seven[1] < seven[2] < seven[3] > seven[4] > seven[5] > seven[6]


def _outside_the_figure(fig) -> list[str]:
    """Every drawn artist that sticks out of the figure: its label would be clipped."""
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    page = fig.bbox
    out = []
    for artist in fig.axes[0].get_children() + [fig.axes[0].xaxis.label, fig.axes[0].yaxis.label]:
        if not artist.get_visible() or not artist.get_in_layout():
            continue
        box = artist.get_tightbbox(renderer)
        if box is None or not (box.width or box.height):
            continue
        if (box.x0 < page.x0 - 0.5 or box.y0 < page.y0 - 0.5 or box.x1 > page.x1 + 0.5
                or box.y1 > page.y1 + 0.5):
            out.append(f"{type(artist).__name__} {getattr(artist, 'get_text', str)()!r}")
    return out


def test_charts_are_laid_out_once_with_every_label_inside_the_figure(charts):
    for name, (fig, _) in charts.items():
        assert fig.get_layout_engine() is None, name  # no second draw to lay it out
        assert _outside_the_figure(fig) == [], name


def test_long_labels_widen_the_margins_and_stay_inside():
    roles = ["A very long role label that wraps over several lines", "Carer"]
    voice = pd.DataFrame({"role": roles, "people": [2, 3], "contributions": [5, 3],
                          "share_of_voice": [0.6, 0.4], "share_of_presence": [0.4, 0.6]})
    short = pd.DataFrame({"role": ["Staff", "Carer"], "people": [2, 3], "contributions": [5, 3],
                          "share_of_voice": [0.6, 0.4], "share_of_presence": [0.4, 0.6]})
    wide, _ = plots.plot_voice_presence(voice)
    narrow, _ = plots.plot_voice_presence(short)
    assert wide.subplotpars.left > narrow.subplotpars.left + 0.05
    attendance = pd.DataFrame({"meeting_number": [1, 1, 2, 2], "present": [3, 2, 4, 1],
                               "role": ["Staff", "Lived experience of the service, Ward 7"] * 2})
    trends = pd.DataFrame({"project": ["A project with a long name about discharge"] * 2,
                           "meeting_number": [1, 2], "how_collaborative": [3.0, 4.0]})
    edge = pd.DataFrame({"role": ["Staff", "Carer"], "people": [2, 3], "contributions": [5, 3],
                         "share_of_voice": [0.35, 0.2], "share_of_presence": [0.383, 0.2]})
    for fig, _ in (wide, None), plots.plot_attendance(attendance), \
            portfolio_plots.plot_reflection_trends(trends), \
            plots.plot_voice_presence(edge):  # "45%" under the end of the axis
        assert _outside_the_figure(fig) == []


def test_a_figure_legend_below_the_chart_keeps_clear_of_its_axis_label():
    from collabkit.plots.margins import fit

    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    ax.barh([0, 1], [1, 2], label="Bars")
    ax.set_xlabel("Share of the answers")
    legend = fig.legend(loc="outside lower center", ncols=2, frameon=False,
                        title="Answer (1 the lowest, 5 the highest)")
    fit(fig)
    fig.draw_without_rendering()
    renderer = fig._get_renderer()
    assert legend.get_window_extent(renderer).y1 <= ax.xaxis.label.get_window_extent(renderer).y0
    assert _outside_the_figure(fig) == []


def test_charts_draw_their_ticks_without_making_matplotlib_tick_objects(charts):
    for name, (fig, _) in charts.items():
        to_svg(fig)
        for axis in (fig.axes[0].xaxis, fig.axes[0].yaxis):
            assert "majorTicks" not in vars(axis) and "minorTicks" not in vars(axis), name


def test_lean_axes_draw_ticks_set_on_them_as_matplotlib_axes_do():
    from collabkit.plots.axes import lean_axes

    def drawn(make_axes) -> str:
        fig = Figure(figsize=(5, 3))
        ax = make_axes(fig)
        ax.plot([1, 2, 3], [2, 1, 3], label="Line")
        ax.set_xticks([1, 2, 3], ["one", "two", "three"])
        ax.tick_params(axis="y", length=6, labelsize=13)
        ax.grid(axis="y", color="#cccccc")
        ax.set_xlabel("Meeting")
        ax.set_ylabel("People")
        return to_svg(fig)

    lean = drawn(lean_axes)
    assert lean == drawn(lambda fig: fig.subplots())
    assert lean.count(">three<") == 1 and "#cccccc" in lean


def test_an_offset_text_sits_where_an_annotation_offset_in_points_does():
    from collabkit.plots.labels import offset_text

    fig = Figure(figsize=(5, 3), dpi=100)
    ax = fig.subplots()
    ax.set_xlim(0, 10)
    for transform, xy, offset in ((None, (3, 0.5), (0, 9)),
                                  (ax.get_yaxis_transform(), (0, 0.25), (-7, 0))):
        kwargs = {"ha": "right", "va": "center", "fontsize": 11}
        text = offset_text(ax, "42%", xy, offset, transform=transform, **kwargs)
        note = ax.annotate("42%", xy, xycoords=transform or "data", xytext=offset,
                           textcoords="offset points", **kwargs)
        for dpi in (100, 72):  # the SVG is drawn at 72 dpi
            fig.dpi = dpi
            renderer = fig._get_renderer()
            assert text.get_window_extent(renderer).bounds == pytest.approx(
                note.get_window_extent(renderer).bounds, abs=1e-6)
