"""Labels drawn quickly: plain texts, label sets and legends laid out once, drawn as before."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from collabkit.plots.labels import offset_text  # noqa: E402
from collabkit.plots.labelset import label_set  # noqa: E402
from collabkit.plots.legends import lay_out_once  # noqa: E402
from collabkit.plots.margins import EDGE, OUTSIDE, fit  # noqa: E402
from collabkit.plots.style import LABEL_BOX  # noqa: E402
from collabkit.plots.svg import to_svg  # noqa: E402

#: Labels of every kind a label set draws: one line, several lines, empty, odd characters.
TEXTS = ["0%", "Staff and\nvolunteers", "", "Rock & <roll> $5", "100%"]
POINTS = [(0.0, 0.0), (1.0, 0.5), (2.0, 1.0), (3.0, 1.5), (4.0, 2.0)]
ALIGNMENTS = [("right", "center_baseline"), ("center", "top"), ("left", "center"),
              ("center", "bottom"), ("left", "baseline")]


def _axes(fig=None):
    fig = fig or Figure(figsize=(5, 3))
    ax = fig.subplots()
    ax.set_xlim(-1, 5)
    ax.set_ylim(-1, 3)
    return fig, ax


@pytest.mark.parametrize("bbox", [None, LABEL_BOX])
@pytest.mark.parametrize(("ha", "va"), ALIGNMENTS)
def test_a_label_set_draws_the_svg_the_texts_it_stands_for_draw(ha, va, bbox):
    kinds = {"texts": lambda ax: [
                 offset_text(ax, text, xy, (-3.5, 2), ha=ha, va=va, fontsize=11, color="#333",
                             bbox=bbox)
                 for text, xy in zip(TEXTS, POINTS, strict=True)],
             "set": lambda ax: label_set(ax, TEXTS, POINTS, (-3.5, 2), ha=ha, va=va,
                                         fontsize=11, color="#333", bbox=bbox)}
    drawn = {}
    for kind, make in kinds.items():
        fig, ax = _axes()
        make(ax)
        drawn[kind] = to_svg(fig)
    assert drawn["set"] == drawn["texts"]
    assert ">Rock &amp; &lt;roll&gt; $5<" in drawn["set"]


@pytest.mark.parametrize("form", ["png", "pdf", "ps", "svg"])
def test_a_label_set_draws_in_every_format_a_figure_is_saved_in(form):
    import io

    fig, ax = _axes()
    label_set(ax, TEXTS, POINTS, (0, 4), ha="center", va="bottom", fontsize=11, bbox=LABEL_BOX)
    buffer = io.BytesIO()
    fig.savefig(buffer, format=form)  # a notebook shows charts as PNG; users save them
    assert buffer.getvalue()


def test_a_label_set_paints_the_png_the_texts_it_stands_for_paint():
    import io

    painted = []
    for kind in ("texts", "set"):
        fig, ax = _axes()
        if kind == "texts":
            for text, xy in zip(TEXTS, POINTS, strict=True):
                offset_text(ax, text, xy, (2, -3), ha="left", va="top", fontsize=12,
                            bbox=LABEL_BOX)
        else:
            label_set(ax, TEXTS, POINTS, (2, -3), ha="left", va="top", fontsize=12,
                      bbox=LABEL_BOX)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        painted.append(buffer.getvalue())
    assert painted[1] == painted[0]


def test_a_label_set_measures_the_box_round_its_watched_labels():
    fig, ax = _axes()
    texts = [offset_text(ax, text, xy, (0, -4), ha="center", va="top", fontsize=12)
             for text, xy in zip(TEXTS, POINTS, strict=True)]
    every = label_set(ax, TEXTS, POINTS, (0, -4), ha="center", va="top", fontsize=12)
    some = label_set(ax, TEXTS, POINTS, (0, -4), ha="center", va="top", fontsize=12,
                     watched=[1, 3])
    for dpi in (100, 72):  # the SVG is drawn at 72 dpi
        fig.dpi = dpi
        renderer = fig._get_renderer()
        boxes = [t.get_window_extent(renderer) for t in texts]
        union = boxes[0].union([b for b, t in zip(boxes, TEXTS, strict=True) if t])
        assert every.get_window_extent(renderer).bounds == pytest.approx(union.bounds)
        assert some.get_window_extent(renderer).bounds == pytest.approx(
            boxes[1].union([boxes[1], boxes[3]]).bounds)


def test_the_margins_hold_a_label_set_marked_outside():
    fig, ax = _axes(Figure(figsize=(6, 3)))
    labels = label_set(ax, ["A long label left of the axes"] * 2, [(0, 0.2), (0, 0.8)],
                       (-4, 0), transform=ax.get_yaxis_transform(), ha="right", va="center",
                       fontsize=11, label=OUTSIDE)
    fit(fig)
    box = labels.get_window_extent(fig._get_renderer())
    assert box.x0 * 72 / fig.dpi >= EDGE - 0.5  # inside the figure, clear of its edge
    assert ax.get_position().x0 > 0.3  # the axes moved right to make the room


def test_text_sizes_are_the_sizes_of_the_texts_matplotlib_measures():
    from matplotlib.text import Text

    from collabkit.plots.margins import _renderer, text_sizes

    fig = Figure(figsize=(4, 3))
    for fontsize in (11, 13):
        renderer = _renderer(fig.dpi)
        expected = []
        for text in TEXTS:
            probe = Text(0, 0, text, fontsize=fontsize)
            probe.set_figure(fig)
            box = probe.get_window_extent(renderer)
            expected.append((box.width * 72 / fig.dpi, box.height * 72 / fig.dpi))
        assert text_sizes(TEXTS, fontsize, fig) == expected  # exactly: the margins come of them
        assert expected[2] == (0.0, 0.0) and expected[1][1] > expected[0][1]


@pytest.mark.parametrize("where", ["axes", "figure"])
def test_a_legend_laid_out_once_is_drawn_and_measured_as_before(where):
    drawn, boxes = [], []
    for once in (False, True):
        fig, ax = _axes(Figure(figsize=(6, 3)))
        for i, name in enumerate(["Staff", "People who use\nthe service", "Carers"]):
            ax.bar([i], [i + 1], color=f"C{i}", hatch="//" if i else "", label=name)
        legend = (ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2,
                            title="Who") if where == "axes"
                  else fig.legend(loc="outside lower center", ncol=3))
        if once:
            lay_out_once(legend)
            lay_out_once(legend)  # once is enough: a second time changes nothing
        boxes.append(legend.get_window_extent(fig._get_renderer()).bounds)
        drawn.append(to_svg(fig))
        boxes.append(legend.get_window_extent(fig._get_renderer()).bounds)
    assert drawn[1] == drawn[0]
    assert [*boxes[2], *boxes[3]] == pytest.approx([*boxes[0], *boxes[1]])
    assert "_collabkit_remembering" not in legend.__dict__  # forgotten after each use


def test_a_legend_laid_out_once_lays_out_each_text_once_when_drawn(monkeypatch):
    from matplotlib.offsetbox import TextArea

    laid_out: list[object] = []
    original = TextArea.get_bbox

    def counted(self, renderer):
        laid_out.append(self)
        return original(self, renderer)

    monkeypatch.setattr(TextArea, "get_bbox", counted)
    counts = []
    for once in (False, True):
        fig, ax = _axes()
        ax.plot([0, 1], [0, 1], label="One")
        ax.plot([0, 1], [1, 0], label="Two")
        legend = ax.legend()
        if once:
            lay_out_once(legend)
        laid_out.clear()
        to_svg(fig)
        counts.append(len(laid_out))
    assert counts[1] == 2 < counts[0]  # one layout per text, where matplotlib does several


def test_a_plain_text_is_the_text_ax_text_makes_under_the_settings_of_the_time():
    from collabkit.plots.labels import plain_text

    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    for settings in ({"font.size": 12}, {"font.size": 17, "font.weight": "bold"}):
        with matplotlib.rc_context(settings):
            for size in (None, 11):
                ours = plain_text(ax, 1, 2, "Staff", ha="right", va="top", fontsize=size)
                theirs = ax.text(1, 2, "Staff", ha="right", va="top", fontsize=size)
                assert ours.get_fontproperties() == theirs.get_fontproperties()
                assert ours.get_size() == (size or settings["font.size"])
                assert (ours.get_ha(), ours.get_va(), ours.get_transform(), ours.get_clip_on()) \
                    == (theirs.get_ha(), theirs.get_va(), theirs.get_transform(), False)
                assert ours in ax.texts and ours.axes is ax

