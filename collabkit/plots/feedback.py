"""Charts of what participants said: their questionnaire answers by question and group.

Each function takes a tidy table from :mod:`collabkit.report.tables_feedback`
(group labels already made safe to show, small groups already folded) and
returns ``(fig, alt)`` as described in :mod:`collabkit.plots`.

Examples
--------
>>> from collabkit import load_project
>>> from collabkit.plots.feedback import plot_feedback_answers
>>> from collabkit.report.tables_feedback import answer_shares
>>> project = load_project("data/examples/hillside_discharge")
>>> fig, alt = plot_feedback_answers(answer_shares(project, 3))
>>> alt.split(". ")[1]
'Everyone agreed (4 or 5) most that I would take part again (43%) and least that I was heard (4%)'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from collabkit.formatting import join_words, percent, plural
from collabkit.plots.axes import lean_axes
from collabkit.plots.labels import plain_text
from collabkit.plots.style import (
    _category_axis,
    _empty,
    _figure,
    _stacked,
    _styled,
    _ticks,
    _wrap,
    answer_styles,
)

__all__ = ["plot_feedback_answers"]

EVERYONE = "Everyone"


@_styled
def plot_feedback_answers(shares: pd.DataFrame) -> tuple[Any, str]:
    """Each scale question's answers as diverging stacked bars, one bar per group.

    Each bar runs from the lowest point (1) on the left to the highest (5) on
    the right and is centred on the middle of the scale: the answers below
    the middle lie left of a centre line, those above it right of the line,
    and the middle point (3) straddles it, half each side. Points take the
    diverging colours and hatching of :func:`collabkit.plots.style.answer_styles`.

    Parameters
    ----------
    shares : DataFrame
        :func:`collabkit.report.tables_feedback.answer_shares`: one row per
        ``item``, ``group`` and ``point`` with its ``label``, ``share`` and
        ``responses``, and the group's ``agree_share``; items and groups in
        the order to draw them (Everyone first).

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    title = "Participants' answers to each question by who answered"
    if shares.empty:
        return _empty(title)
    items = list(dict.fromkeys(shares["item"]))
    points = sorted(int(p) for p in shares["point"].unique())
    groups = {item: list(dict.fromkeys(shares.loc[shares["item"] == item, "group"]))
              for item in items}
    # one axes (a dozen charts per report: subplots cost), each question a heading row
    # above its groups' bars
    rows: list[tuple[str, str | None]] = [r for item in items
                                          for r in [(item, None)] + [(item, g) for g in
                                                                     groups[item]]]
    fig = _figure(8.5, 2.3 + 0.36 * len(rows))
    ax = lean_axes(fig)
    y = np.arange(len(rows))[::-1].astype(float)  # the first row at the top
    bars = [i for i, (_, group) in enumerate(rows) if group is not None]
    table = shares.set_index(["item", "group", "point"])["share"]
    wide = table.unstack("point").reindex([rows[i] for i in bars]).fillna(0.0)
    parts = [(str(point), wide[point].to_numpy(dtype=float)) for point in points]
    _stacked(ax, y[bars], parts, horizontal=True, start=-_below_middle(points, parts),
             styles=answer_styles(points))
    spans = [(min(y[i] for i in bars if rows[i][0] == item),
              max(y[i] for i in bars if rows[i][0] == item)) for item in items]
    ax.vlines([0.0] * len(spans), [low - 0.4 for low, _ in spans],
              [high + 0.4 for _, high in spans],
              color="black", linewidth=1.2, zorder=2)  # over the bars, under their labels
    _category_axis(ax, y[bars], [_wrap(rows[i][1], 24) for i in bars])
    heading = ax.get_yaxis_transform()  # x in axes fractions, y in rows
    for i, (item, group) in enumerate(rows):
        if group is None:
            plain_text(ax, 0, y[i], _wrap(item, 60), transform=heading, ha="left", va="center",
                       fontsize=12, fontweight="bold")
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ticks = [-1.0, -0.5, 0.0, 0.5, 1.0]
    ax.set_xlim(-1, 1)
    _ticks(ax, ticks, [f"{abs(t) * 100:.0f}%" for t in ticks], axis="x")
    ax.set_xlabel(f"Share of the answers: {points[0]} (the lowest) leftmost, "
                  f"{points[-1]} (the highest) rightmost,\nlower answers left of the centre "
                  f"line, higher answers right of it")
    handles, _ = ax.get_legend_handles_labels()
    names = _point_names(shares)
    fig.legend(handles, [_wrap(names(p), 15) for p in points],
               loc="outside lower center", ncols=len(points), frameon=False,
               title=f"Answer ({points[0]} the lowest, {points[-1]} the highest)")
    return fig, _alt(shares, items, groups, points)


def _below_middle(points: list[int], parts: list[tuple[str, np.ndarray]]) -> np.ndarray:
    """Each bar's share left of the centre line: the points below the middle, half the middle."""
    middle = (points[0] + points[-1]) / 2
    below = np.zeros(len(parts[0][1]))
    for point, (_, values) in zip(points, parts, strict=True):
        below += values if point < middle else values / 2 if point == middle else 0.0
    return below


def _point_names(shares: pd.DataFrame) -> Callable[[int], str]:
    """'1: Strongly disagree / Very unlikely': a point with its labels on every scale shown.

    The labels of each point in the order they first come, read in one pass.
    """
    labels: dict[Any, dict[str, None]] = {}
    for point, label in zip(shares["point"].tolist(), shares["label"].astype(str).tolist(),
                            strict=True):
        labels.setdefault(point, {})[label] = None
    return lambda point: f"{point}: {' / '.join(labels.get(point, {}))}"


def _alt(shares: pd.DataFrame, items: list[str], groups: dict[str, list[str]],
         points: list[int]) -> str:
    per = shares.drop_duplicates(["item", "group"]).set_index(["item", "group"])
    every = per.xs(EVERYONE, level="group") if EVERYONE in per.index.get_level_values(1) \
        else per.groupby(level="item", sort=False).first()
    who = list(dict.fromkeys(g for gs in groups.values() for g in gs))
    middle = (points[0] + points[-1]) / 2
    centre = (f"the middle answer ({middle:g})" if middle in points else
              f"the middle of the scale (between {middle - 0.5:g} and {middle + 0.5:g})")
    text = (f"Diverging stacked bar chart of the answers to {plural(len(items), 'question')}, "
            f"one bar for each of {join_words(who)}, each bar the share answering "
            f"{points[0]} (the lowest) to {points[-1]} (the highest), centred on {centre}: "
            f"lower answers to the left, higher answers to the right. ")
    agreed = every["agree_share"].reindex(items)
    if len(items) > 1 and agreed.notna().any():
        high, low = agreed.idxmax(), agreed.idxmin()
        text += (f"Everyone agreed (4 or 5) most that {_phrase(high)} ({percent(agreed[high])}) "
                 f"and least that {_phrase(low)} ({percent(agreed[low])}).")
    elif agreed.notna().any():
        text += f"{percent(agreed.iloc[0])} of everyone agreed (4 or 5) that {_phrase(items[0])}."
    apart = per.drop(index=EVERYONE, level="group", errors="ignore")
    if len(apart) and apart["agree_share"].notna().any():
        least = apart["agree_share"].min()
        item = apart["agree_share"].idxmin()[0]
        tied = apart.xs(item, level="item")
        who = [str(g) for g, a in tied["agree_share"].items() if a == least]
        text += (f" The least agreement in any group: {percent(least)} that {_phrase(item)}, "
                 f"from {join_words(who)}.")
    return text


def _phrase(item: str) -> str:
    """An item's short wording inside a sentence ("I was heard", "my views made a difference")."""
    return item if item[:2] == "I " else item[:1].lower() + item[1:]
