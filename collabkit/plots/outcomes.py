"""Charts of what came of the work: decisions, the ladder, reflections, the glossary.

Each function takes a tidy table from :mod:`collabkit.metrics` and returns
``(fig, alt)`` as described in :mod:`collabkit.plots`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from collabkit.formatting import join_words, number, plural
from collabkit.plots.axes import lean_axes
from collabkit.plots.bars import bars
from collabkit.plots.labels import plain_text
from collabkit.plots.labelset import label_set
from collabkit.plots.style import (
    OKABE_ITO,
    _automatic_ticks,
    _bar_labels,
    _empty,
    _end_labels,
    _figure,
    _meeting_axis,
    _model_labels,
    _stacked,
    _styled,
    _ticks,
    _value_axis,
    _wrap,
)

if TYPE_CHECKING:
    from collabkit.model import Model


# -- inertia or advantage ------------------------------------------------------------------


@_styled
def plot_decisions(per_meeting: pd.DataFrame, *, min_run: int = 3) -> tuple[Any, str]:
    """Decisions per meeting, with runs of meetings without a decision shaded.

    Parameters
    ----------
    per_meeting : DataFrame
        :func:`collabkit.metrics.decisions_per_meeting`.
    min_run : int
        Shade runs of at least this many meetings without a decision.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    frame = per_meeting.sort_values("meeting_number")
    if frame.empty:
        return _empty("Decisions in each meeting")
    x = frame["meeting_number"].to_numpy()
    counts = frame["decisions"].to_numpy()
    fig = _figure(8.5, 4)
    ax = lean_axes(fig)
    series = bars(ax, x, counts, color=OKABE_ITO["blue"])
    _bar_labels(ax, series, [str(c) for c in counts])
    top = max(int(counts.max()), 1)
    runs = _runs(counts == 0)
    for start, length in runs:
        if length >= min_run:
            lo, hi = x[start] - 0.45, x[start + length - 1] + 0.45
            ax.axvspan(lo, hi, facecolor="#eeeeee", edgecolor="#555555", hatch="//", zorder=0)
            plain_text(ax, (lo + hi) / 2, top * 1.15, f"{length} meetings,\nno decision",
                       ha="center", va="center", fontsize=11)
    _value_axis(ax, 0, top * 1.35)
    ax.set_ylabel("Decisions made in the meeting")
    _meeting_axis(ax, x)
    longest = max(runs, key=lambda r: r[1], default=(0, 0))
    alt = (f"Bar chart of decisions made in each of the {len(x)} meetings: "
           f"{plural(int(counts.sum()), 'decision')} in meetings; "
           f"{plural(int((counts == 0).sum()), 'meeting')} made none")
    if longest[1]:
        alt += (f"; the longest run without a decision was {plural(longest[1], 'meeting')} "
                f"(meetings {x[longest[0]]} to {x[longest[0] + longest[1] - 1]})")
    return fig, alt + "."


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, length) of each run of True values."""
    runs, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i - start))
            start = None
    return runs


@_styled
def plot_ladder(ladder: pd.DataFrame, *, model: Model, together_level: str) -> tuple[Any, str]:
    """Decisions by step and level of involvement on the co-production ladder.

    Parameters
    ----------
    ladder : DataFrame
        :func:`collabkit.metrics.ladder_by_step`.
    model : Model
        For the step and level labels.
    together_level : str
        The level from which a decision counts as made together (the
        findings' ``together_level`` setting), named in the alt text.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    frame = ladder[ladder["decisions"] > 0]
    if frame.empty:
        return _empty("Decisions by step and level of involvement")
    names, levels = _model_labels("step", model), _model_labels("level", model)
    wide = frame.groupby(["step", "level"], observed=True)["decisions"].sum().unstack(
        "level").reindex(columns=list(levels)).fillna(0)  # as pivot_table(sum), faster
    wide = wide.reindex([s for s in names if s in wide.index][::-1])
    y = np.arange(len(wide))
    fig = _figure(8.5, 1.6 + 0.7 * len(wide))
    ax = lean_axes(fig)
    _stacked(ax, y, [(levels[lv], wide[lv].to_numpy()) for lv in levels], horizontal=True,
             min_label=0.5, text=lambda v: f"{v:.0f}")
    _ticks(ax, y, [_wrap(names[s]) for s in wide.index])
    _automatic_ticks(ax, "x")
    ax.set_xlabel("Decisions")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=5, frameon=False,
              title="Level of involvement, lowest to highest")
    totals = wide.sum()
    ranks = dict(zip(model.levels["level"], model.levels["rank"], strict=True))
    together = int(totals[[lv for lv in levels
                           if ranks[lv] >= ranks[together_level]]].sum())
    highest = next(lv for lv in reversed(list(levels)) if totals[lv] > 0)
    where = [names[s] for s in wide.index[::-1] if wide.loc[s, highest] > 0]
    alt = (f"Stacked bar chart of the {int(totals.sum())} decisions with a level, by step and "
           f"level of involvement on the co-production ladder (Inform lowest, Co-produce "
           f"highest). The most common level was {levels[totals.idxmax()]} "
           f"({int(totals.max())}); {together} were at {levels[together_level].lower()} or above; "
           f"the highest level "
           f"reached was {levels[highest]}, in {join_words(where)}.")
    return fig, alt


# -- reflections and vocabulary -----------------------------------------------------------


@_styled
def plot_reflections(trend: pd.DataFrame) -> tuple[Any, str]:
    """How collaborative each meeting felt (1 to 5), meetings without a reflection marked.

    Parameters
    ----------
    trend : DataFrame
        :func:`collabkit.metrics.reflection_trend`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    frame = trend.sort_values("meeting_number")
    scored = frame.dropna(subset=["how_collaborative"])
    if scored.empty:
        return _empty("How collaborative meetings felt")
    fig = _figure(8.5, 4)
    ax = lean_axes(fig)
    x = scored["meeting_number"].to_numpy()
    ax.plot(x, scored["how_collaborative"], color=OKABE_ITO["blue"], marker="o", linewidth=2,
            markersize=8, label="Pair reflection (mean)")
    values = scored["how_collaborative"].tolist()
    label_set(ax, [number(v, 1) for v in values], list(zip(x.tolist(), values, strict=True)),
              (0, 9), ha="center", fontsize=11)
    missing = frame.loc[frame["how_collaborative"].isna(), "meeting_number"].to_numpy()
    if len(missing):
        ax.scatter(missing, np.full(len(missing), 0.7), marker="x", color="black", s=60,
                   label="No reflection recorded")
    ax.axhline(4, color=OKABE_ITO["green"], linestyle="--", linewidth=1.2,
               label="4 and above: felt collaborative")
    ax.set_ylim(0.4, 5.6)
    _ticks(ax, [1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"])
    ax.set_ylabel("How collaborative did it feel? (1-5)")
    _meeting_axis(ax, frame["meeting_number"].to_numpy())
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    first, last = scored.iloc[0], scored.iloc[-1]
    alt = (f"Line chart of how collaborative meetings felt, scored 1 to 5 in the pair "
           f"reflections, for the {len(scored)} of {len(frame)} meetings with a reflection: "
           f"{number(first['how_collaborative'], 1)} at meeting {first['meeting_number']}, "
           f"{number(last['how_collaborative'], 1)} at meeting {last['meeting_number']}, "
           f"average {number(scored['how_collaborative'].mean(), 1)}.")
    return fig, alt


@_styled
def plot_glossary(growth: pd.DataFrame) -> tuple[Any, str]:
    """Terms in the group's shared vocabulary after each meeting, and how many agreed.

    Parameters
    ----------
    growth : DataFrame
        :func:`collabkit.metrics.glossary_growth`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    frame = growth.sort_values("meeting_number")
    if frame.empty or frame["total_terms"].max() == 0:
        return _empty("Growth of the shared vocabulary")
    x = frame["meeting_number"].to_numpy()
    fig = _figure(8.5, 3.8)
    ax = lean_axes(fig)
    ax.step(x, frame["total_terms"], where="post", color=OKABE_ITO["blue"], linewidth=2.5)
    ax.step(x, frame["agreed_terms"], where="post", color=OKABE_ITO["orange"], linewidth=2.5,
            linestyle="--")
    last = frame.iloc[-1]
    _end_labels(ax, x[-1], [last["total_terms"], last["agreed_terms"]],
                [f"All terms ({int(last['total_terms'])})",
                 f"Agreed ({int(last['agreed_terms'])})"],
                gap=frame["total_terms"].max() * 0.08 + 0.1)
    _value_axis(ax, 0, frame["total_terms"].max() * 1.15 + 0.5, grid="#e0e0e0")
    ax.set_ylabel("Terms in the glossary")
    _meeting_axis(ax, x)
    added = int((frame["new_terms"] > 0).sum())
    alt = (f"Step chart of the group's shared vocabulary: {plural(int(last['total_terms']), 'term')}"
           f" by meeting {last['meeting_number']}, {int(last['agreed_terms'])} of them agreed; "
           f"new terms were added at {added} of the {len(frame)} meetings.")
    return fig, alt


__all__ = ["plot_decisions", "plot_glossary", "plot_ladder", "plot_reflections"]
