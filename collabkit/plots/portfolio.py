"""Charts for the portfolio page: every project side by side.

Each function takes a tidy table with a ``project`` column (the name to show)
and returns ``(fig, alt)`` like the charts of :mod:`collabkit.plots`, in the
same style: the Okabe-Ito palette, fonts of 11 pt or more, text and symbols as
well as colour, direct labels.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from collabkit.formatting import join_words, number, percent, plural
from collabkit.plots.bars import bars
from collabkit.plots.margins import OUTSIDE
from collabkit.plots.style import (
    LINES,
    MARKERS,
    OKABE_ITO,
    SERIES,
    _bar_labels,
    _empty,
    _figure,
    _styled,
    _value_axis,
    _wrap,
)

#: Rating colours for the scorecard matrix (text colour chosen for contrast).
RATINGS: dict[str, tuple[str, str, str]] = {  # rating -> (fill, text colour, symbol + text)
    "strength": (OKABE_ITO["blue"], "#ffffff", "✓ Strength"),
    "developing": (OKABE_ITO["yellow"], "#000000", "◑ Developing"),
    "concern": (OKABE_ITO["vermillion"], "#000000", "! Concern"),
    "not_recorded": ("#dddddd", "#000000", "? Not recorded"),
}


@_styled
def plot_scorecard_matrix(cards: pd.DataFrame) -> tuple[Any, str]:
    """Every project's rating on every dimension, as text and symbol on colour.

    Parameters
    ----------
    cards : DataFrame
        :func:`collabkit.evaluation.scorecards` with a ``project`` column (the
        name to show) and ``label``, ``rating``.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    if cards.empty:
        return _empty("Scorecard ratings by project")
    from matplotlib.patches import Rectangle

    projects = list(dict.fromkeys(cards["project"]))
    dimensions = list(dict.fromkeys(cards["label"]))
    fig = _figure(3.6 + 1.75 * len(projects), 1.2 + 0.62 * len(dimensions))
    ax = fig.subplots()
    lookup = {(p, d): str(r) for p, d, r in zip(cards["project"], cards["label"],
                                                 cards["rating"], strict=True)}
    for col, project in enumerate(projects):
        for row, dimension in enumerate(dimensions):
            fill, ink, text = RATINGS.get(lookup.get((project, dimension), ""),
                                          RATINGS["not_recorded"])
            ax.add_patch(Rectangle((col, row), 0.96, 0.92, facecolor=fill, edgecolor="white"))
            ax.text(col + 0.48, row + 0.46, text, ha="center", va="center", color=ink,
                    fontsize=11, fontweight="bold")
    ax.set_xlim(0, len(projects))
    ax.set_ylim(len(dimensions), 0)
    ax.set_xticks(np.arange(len(projects)) + 0.48, [_wrap(p, 18) for p in projects])
    ax.xaxis.tick_top()
    ax.set_yticks(np.arange(len(dimensions)) + 0.46, [_wrap(d, 34) for d in dimensions])
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)
    counts = cards.assign(rating=cards["rating"].astype(str)).groupby("project", sort=False)[
        "rating"].value_counts().unstack(fill_value=0)
    summaries = []
    for project in projects:
        row = counts.loc[project]
        parts = [f"{int(row.get(r, 0))} {RATINGS[r][2].split(' ', 1)[1].lower()}"
                 if r == "developing" else
                 plural(int(row.get(r, 0)), RATINGS[r][2].split(" ", 1)[1].lower())
                 for r in ("strength", "developing", "concern") if row.get(r, 0)]
        summaries.append(f"{project}: {join_words(parts)}")
    alt = (f"Grid of scorecard ratings, {len(dimensions)} dimensions (rows) for "
           f"{len(projects)} projects (columns), each cell giving the rating as a symbol and a "
           f"word. {'; '.join(summaries)}.")
    return fig, alt


def _project_bars(frame: pd.DataFrame, column: str, axis_label: str,
                  text: Callable[[float], str], reference: float | None = None,
                  reference_label: str = "", share: bool = False) -> Any:
    frame = frame.sort_values(column, na_position="first")
    y = np.arange(len(frame))
    fig = _figure(8.5, 1.3 + 0.6 * len(frame))
    ax = fig.subplots()
    series = bars(ax, y, frame[column].fillna(0), thickness=0.6, horizontal=True,
                  color=OKABE_ITO["blue"])
    _bar_labels(ax, series, [text(v) for v in frame[column]])
    ax.set_yticks(y, [_wrap(p, 30) for p in frame["project"]])
    high = float(np.nanmax([frame[column].max(), reference or 0, 1e-9]))
    _value_axis(ax, 0, high * 1.22, axis="x", share=share)
    if reference is not None:
        ax.axvline(reference, color="black", linestyle="--", linewidth=1.2)
        ax.annotate(reference_label, (reference, len(frame) - 0.4), xytext=(4, 0),
                    textcoords="offset points", fontsize=11, label=OUTSIDE)
    ax.set_xlabel(axis_label)
    return fig


def _range_alt(frame: pd.DataFrame, column: str, text: Callable[[float], str]) -> str:
    valid = frame.dropna(subset=[column])
    if valid.empty:
        return "No project recorded enough to measure it."
    high, low = valid[column].max(), valid[column].min()
    if high == low:
        return f"Every project: {text(high)}."

    def named(value: float) -> str:  # every project at that value: a tie names them all
        return join_words(valid.loc[valid[column] == value, "project"].astype(str))

    return f"Highest: {named(high)} ({text(high)}); lowest: {named(low)} ({text(low)})."


@_styled
def plot_voice_balance(frame: pd.DataFrame) -> tuple[Any, str]:
    """Lived-experience share of voice divided by share present, per project.

    Parameters
    ----------
    frame : DataFrame
        ``project`` and ``voice_to_presence`` (from
        :func:`collabkit.metrics.role_voice`, lived-experience roles pooled).

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    if frame.empty:
        return _empty("Lived-experience voice against presence by project")
    fig = _project_bars(frame, "voice_to_presence",
                        "Share of voice ÷ share of people present (lived experience)",
                        lambda v: number(v), reference=1.0, reference_label="1 = in step")
    alt = (f"Bar chart of how much people with lived experience spoke compared with their "
           f"share of those present, for {plural(len(frame), 'project')} (1 means in step, "
           f"below 1 means they were heard less). "
           f"{_range_alt(frame, 'voice_to_presence', number)}")
    return fig, alt


@_styled
def plot_early_solutions(frame: pd.DataFrame) -> tuple[Any, str]:
    """Share of each project's meetings where a solution came early.

    Parameters
    ----------
    frame : DataFrame
        ``project`` and ``early_share``: the action-bias finding's value (the
        share of meetings outside Make the Change in which a solution came
        before the problem was explored).

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    if frame.empty:
        return _empty("Action bias by project")
    fig = _project_bars(frame, "early_share", "Meetings with a solution before the problem "
                        "was explored", percent, share=True)
    alt = (f"Bar chart of the share of meetings in which a solution was proposed before the "
           f"problem was explored, for {plural(len(frame), 'project')}. "
           f"{_range_alt(frame, 'early_share', percent)}")
    return fig, alt


@_styled
def plot_decision_rate(frame: pd.DataFrame) -> tuple[Any, str]:
    """Share of each project's meetings that made a decision together.

    Parameters
    ----------
    frame : DataFrame
        ``project`` and ``together_share``: the inertia-or-advantage
        finding's value.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    if frame.empty:
        return _empty("Meetings that decided together by project")
    fig = _project_bars(frame, "together_share", "Meetings that made a decision together",
                        percent, share=True)
    alt = (f"Bar chart of the share of meetings that made at least one decision together, in "
           f"{plural(len(frame), 'project')}. {_range_alt(frame, 'together_share', percent)}")
    return fig, alt


@_styled
def plot_reflection_trends(frame: pd.DataFrame) -> tuple[Any, str]:
    """How collaborative meetings felt over time, one line per project.

    Parameters
    ----------
    frame : DataFrame
        ``project``, ``meeting_number``, ``how_collaborative`` (from
        :func:`collabkit.metrics.reflection_trend`, stacked).

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    scored = frame.dropna(subset=["how_collaborative"])
    if scored.empty:
        return _empty("Reflection scores by project")
    fig = _figure(9, 4.6)
    ax = fig.subplots()
    changes = []
    for i, (project, rows) in enumerate(scored.groupby("project", sort=False)):
        rows = rows.sort_values("meeting_number")
        first, last = rows["how_collaborative"].iloc[0], rows["how_collaborative"].iloc[-1]
        span = f"{number(first, 1)} to {number(last, 1)}"
        ax.plot(rows["meeting_number"], rows["how_collaborative"], color=SERIES[i % 8],
                linestyle=LINES[i % 4], marker=MARKERS[i % 8], linewidth=2,
                label=f"{_wrap(project, 30)}: {span}")
        changes.append(f"{project} from {span}")
    # projects end at different meetings, so a legend (line style and marker as well as
    # colour) names the lines better than labels at their ends
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False,
              title="First to last reflection", alignment="left")
    ax.set_ylim(0.5, 5.5)
    ax.set_yticks([1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"])
    ax.set_ylabel("How collaborative did it feel? (1-5)")
    ax.set_xlabel("Meeting (in date order)")
    ax.grid(axis="y", color="#e0e0e0")
    alt = (f"Line chart of pair reflection scores (1 to 5) over the meetings of "
           f"{plural(len(changes), 'project')}, first to last reflection: {join_words(changes)}.")
    return fig, alt


__all__ = ["RATINGS", "plot_decision_rate", "plot_early_solutions", "plot_reflection_trends",
           "plot_scorecard_matrix", "plot_voice_balance"]
