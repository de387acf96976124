"""Charts of how the group worked: the journey, the four actions, dialogue, action bias.

Each function takes a tidy table from :mod:`collabkit.metrics` and returns
``(fig, alt)`` as described in :mod:`collabkit.plots`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from collabkit.formatting import day, join_words, month, percent, plural
from collabkit.plots.axes import lean_axes
from collabkit.plots.bars import bars
from collabkit.plots.labelset import label_set
from collabkit.plots.style import (
    OKABE_ITO,
    _bar_labels,
    _empty,
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


# -- the journey -----------------------------------------------------------------------


@_styled
def plot_journey(journey: pd.DataFrame, *, model: Model) -> tuple[Any, str]:
    """Meetings on a date axis by step of the model; jumps and returns marked.

    Parameters
    ----------
    journey : DataFrame
        :func:`collabkit.metrics.model_journey`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    from matplotlib.dates import date2num

    if journey.empty:
        return _empty("Timeline of meetings by step of the model")
    names = _model_labels("step", model)
    ids = list(names)
    row = {step: len(ids) - 1 - i for i, step in enumerate(ids)}
    frame = journey.sort_values("meeting_number")
    steps = frame["step"].astype(str).tolist()
    skipped = {s for text in frame["skipped_steps"].dropna() for s in str(text).split(";") if s}
    dates, ys = frame["date"].to_numpy(), np.array([row[s] for s in steps])
    fig = _figure(9, 4.8)
    ax = lean_axes(fig)
    ax.plot(dates, ys, color="#8c8c8c", linewidth=1, zorder=1)
    kinds = frame["transition"].astype(str).to_numpy()
    shown = [("Meeting", ~np.isin(kinds, ["jump", "return"]), "o", OKABE_ITO["blue"]),
             ("Jump ahead, skipping steps", kinds == "jump", "^", OKABE_ITO["vermillion"]),
             ("Back to an earlier step", kinds == "return", "v", OKABE_ITO["orange"])]
    for label, mask, marker, colour in shown:
        if mask.any():
            ax.scatter(dates[mask], ys[mask], marker=marker, s=110, color=colour,
                       edgecolor="black", zorder=3, label=label)
    at = np.asarray(ax.xaxis.convert_units(dates), dtype=float)  # as each text converts it
    label_set(ax, [str(m) for m in frame["meeting_number"]], list(zip(at, ys, strict=True)),
              (0, 9), ha="center", fontsize=11)
    _ticks(ax, [row[s] for s in ids],
           [names[s] + (" (skipped)" if s in skipped else "") for s in ids], grid="#e0e0e0")
    ax.set_ylim(-0.7, len(ids) - 0.3)
    start, end = pd.Timestamp(dates[0]), pd.Timestamp(dates[-1])
    months = pd.date_range(start.to_period("M").to_timestamp(), end, freq="MS")
    months = months[months >= start - pd.Timedelta(days=10)]
    months = months[::max(1, -(-len(months) // 7))]
    _ticks(ax, date2num(months.to_numpy()), [month(m) for m in months], axis="x")
    ax.set_xlim(start - pd.Timedelta(days=10), end + pd.Timedelta(days=10))
    ax.set_xlabel("Meeting date (numbers: meeting order)")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3, frameon=False)
    alt = [f"Timeline of the {len(frame)} meetings from {day(dates[0])} to {day(dates[-1])}, "
           f"each placed at its step of the model."]
    previous = None
    for step, kind, meeting, gap in zip(steps, kinds, frame["meeting_number"],
                                       frame["skipped_steps"], strict=True):
        if kind == "jump":
            missed = [names.get(s, s) for s in str(gap).split(";") if s]
            alt.append(f"At meeting {meeting} the group jumped from "
                       f"{names.get(str(previous), 'the start')} to {names[step]}, skipping "
                       f"{join_words(missed)}.")
        if kind not in ("cross_cutting",):
            previous = step
    returns = int((kinds == "return").sum())
    if returns:
        alt.append(f"It went back to an earlier step {plural(returns, 'time')}.")
    if not returns and "jump" not in kinds:
        alt.append("The meetings followed the model's steps in order.")
    top = pd.Series(steps).value_counts()
    alt.append(f"Most meetings ({top.iloc[0]} of {len(frame)}) were in {names[top.index[0]]}.")
    return fig, " ".join(alt)


# -- process -----------------------------------------------------------------------------


@_styled
def plot_four_player(profile: pd.DataFrame, *, model: Model) -> tuple[Any, str]:
    """The four actions (move, follow, oppose, bystand) in each meeting, stacked.

    Parameters
    ----------
    profile : DataFrame
        :func:`collabkit.metrics.move_profile` with ``by="meeting"``, plus
        ``meeting_number``.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    if profile.empty or profile["count"].sum() == 0:
        return _empty("The four actions in each meeting")
    labels = _model_labels("move", model)
    wide = profile.groupby(["meeting_number", "move"], observed=False)["share"].sum().unstack(
        "move").reindex(columns=list(labels))  # as pivot_table(sum), a third of the CPU
    x = wide.index.to_numpy()
    fig = _figure(8.5, 4.4)
    ax = lean_axes(fig)
    _stacked(ax, x, [(labels[m], wide[m].to_numpy()) for m in labels])
    _value_axis(ax, 0, 1, share=True)
    ax.set_ylabel("Share of the meeting's contributions")
    _meeting_axis(ax, x)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False)
    totals = profile.groupby("move", observed=False)["count"].sum().reindex(list(labels))
    total = totals.sum()
    least = totals.idxmin()
    shares = [f"{percent(totals[m] / total)} {labels[m].lower()}s" for m in labels]
    alt = (f"Stacked bar chart of the four actions in each of the {len(x)} meetings. "
           f"Overall {join_words(shares)}; {labels[least].lower()} was used least, from "
           f"{percent(wide[least].min())} to {percent(wide[least].max())} of a meeting.")
    return fig, alt


@_styled
def plot_dialogue(dialogue: pd.DataFrame) -> tuple[Any, str]:
    """Dialogue and debate as shares of each meeting's coded contributions.

    Parameters
    ----------
    dialogue : DataFrame
        :func:`collabkit.metrics.dialogue_share`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    frame = dialogue[dialogue["coded"] > 0].sort_values("meeting_number")
    if frame.empty:
        return _empty("Dialogue and debate in each meeting")
    x = frame["meeting_number"].to_numpy()
    share = frame["dialogue_share"].to_numpy()
    fig = _figure(8.5, 4.2)
    ax = lean_axes(fig)
    _stacked(ax, x, [("Dialogue", share), ("Debate", 1 - share)])
    _value_axis(ax, 0, 1, share=True)
    ax.axhline(0.5, color="black", linewidth=1, linestyle=":")
    ax.set_ylabel("Share of coded contributions")
    _meeting_axis(ax, x)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    overall = frame["dialogue"].sum() / frame["coded"].sum()
    low = frame.loc[frame["dialogue_share"].idxmin()]
    high = frame.loc[frame["dialogue_share"].idxmax()]
    alt = (f"Stacked bar chart of dialogue and debate in each of the {len(frame)} meetings. "
           f"Overall {percent(overall)} of {plural(int(frame['coded'].sum()), 'coded contribution')}"
           f" were dialogue and {percent(1 - overall)} debate; dialogue ranged from "
           f"{percent(low['dialogue_share'])} at meeting {low['meeting_number']} to "
           f"{percent(high['dialogue_share'])} at meeting {high['meeting_number']}.")
    return fig, alt


# -- action bias -------------------------------------------------------------------------


@_styled
def plot_solution_onset(onset: pd.DataFrame) -> tuple[Any, str]:
    """How far into each meeting the first solution came; meetings with action bias marked.

    Parameters
    ----------
    onset : DataFrame
        :func:`collabkit.metrics.solution_onset` with a ``rushed`` column
        from :func:`collabkit.evaluation.measures.rushed_meetings` (True: a
        solution came before the problem was explored; NA: a Make the Change
        meeting, where solutions belong). The chart marks what the findings
        judged; it judges nothing itself.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    frame = onset[onset["contributions"] > 0].sort_values("meeting_number")
    if frame.empty:
        return _empty("When the first solution came in each meeting")
    x = frame["meeting_number"].to_numpy()
    values = np.nan_to_num(frame["solution_onset"].to_numpy(dtype=float), nan=1.0)
    rushed = frame["rushed"].astype("boolean")
    kind = np.where(rushed.isna(), "change", np.where(rushed.fillna(False), "rushed", "explored"))
    fig = _figure(8.5, 4)
    ax = lean_axes(fig)
    none = frame["first_solution_seq"].isna().to_numpy()
    for key, colour, hatch, name in (
            ("rushed", OKABE_ITO["vermillion"], "xxx", "Solution before the problem was explored"),
            ("explored", OKABE_ITO["blue"], "", "Problem explored first, or no solution"),
            ("change", OKABE_ITO["sky_blue"], "///", "Make the Change: solutions belong here")):
        mask = kind == key
        if mask.any():
            series = bars(ax, x[mask], values[mask], color=colour, hatch=hatch, label=name)
            _bar_labels(ax, series, ["none" if n else percent(v) for v, n in
                                   zip(values[mask], none[mask], strict=True)],
                        rotation=90 if len(x) > 16 else 0)
    _value_axis(ax, 0, 1.1, share=True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    ax.set_ylabel("Share of the meeting before\nthe first solution")
    _meeting_axis(ax, x)
    judged = int((kind != "change").sum())
    alt = (f"Bar chart of how far into each of the {len(x)} meetings the first solution was "
           f"proposed (share of contributions before it). In {int((kind == 'rushed').sum())} "
           f"of {judged} meetings outside Make the Change a solution came before the problem "
           f"was explored; the median was {percent(np.median(values))}.")
    return fig, alt


@_styled
def plot_solution_talk(talk: pd.DataFrame, *, model: Model) -> tuple[Any, str]:
    """Share of talk about solutions and about problems, by step.

    Parameters
    ----------
    talk : DataFrame
        :func:`collabkit.metrics.solution_talk_by_step`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    frame = talk[talk["coded"] > 0].sort_values("order", ascending=False)
    if frame.empty:
        return _empty("Solution and problem talk by step")
    names = _model_labels("step", model)
    steps = [names.get(str(s), str(s)) for s in frame["step"]]
    y = np.arange(len(frame))
    fig = _figure(8.5, 1.3 + 0.8 * len(frame))
    ax = lean_axes(fig)
    solution = bars(ax, y + 0.2, frame["solution_share"], thickness=0.38, horizontal=True,
                    color=OKABE_ITO["vermillion"], label="About solutions")
    problem = bars(ax, y - 0.2, frame["problem_share"], thickness=0.38, horizontal=True,
                   color=OKABE_ITO["sky_blue"], hatch="...", label="About the problem")
    _bar_labels(ax, solution, [percent(v) for v in frame["solution_share"]])
    _bar_labels(ax, problem, [percent(v) for v in frame["problem_share"]])
    _ticks(ax, y, [_wrap(s) for s in steps])
    _value_axis(ax, 0, 1.12, axis="x", share=True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    by_step = dict(zip(steps, frame["solution_share"], strict=True))
    high = max(by_step, key=lambda step: by_step[step])
    low = min(by_step, key=lambda step: by_step[step])
    alt = (f"Bar chart of the share of coded talk about solutions and about the problem in "
           f"each of the {len(frame)} steps with coded meetings. Solution talk was highest in "
           f"{high} ({percent(by_step[high])}) and lowest in {low} ({percent(by_step[low])}).")
    return fig, alt


__all__ = ["plot_dialogue", "plot_four_player", "plot_journey", "plot_solution_onset",
           "plot_solution_talk"]
