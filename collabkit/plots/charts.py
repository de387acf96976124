"""Accessible charts of the metrics: matplotlib figures with alt text.

Every function takes a tidy table from :mod:`collabkit.metrics` (role and
person labels already made safe to show) and returns ``(fig, alt)``: a
:class:`matplotlib.figure.Figure` (made without pyplot, drawn with Agg) and
alt text that says what the chart shows and its main finding, with numbers.
Give both to :func:`collabkit.report.render.figure`, with the numbers as a table.

The charts use the Okabe-Ito colour-blind-safe palette (:data:`OKABE_ITO`),
fonts of 11 pt or more, direct labels where they fit, and never colour alone:
series differ by hatching, marker or line style too (the house style is in
:mod:`collabkit.plots.style`). matplotlib is imported inside the functions, so
importing this module stays cheap.

Examples
--------
>>> from collabkit import load_project, metrics
>>> from collabkit.plots.charts import plot_voice_presence
>>> project = load_project("data/examples/hillside_discharge")  # doctest: +SKIP
>>> fig, alt = plot_voice_presence(metrics.role_voice(project))  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from collabkit.formatting import day, join_words, month, number, percent, plural
from collabkit.plots.style import HATCHES as HATCHES  # re-exported
from collabkit.plots.style import LABEL_BOX as LABEL_BOX  # re-exported
from collabkit.plots.style import (
    LINES,
    MARKERS,
    OKABE_ITO,
    SERIES,
    _bar_labels,
    _empty,
    _end_labels,
    _figure,
    _meeting_axis,
    _stacked,
    _styled,
    _value_axis,
    _wrap,
)
from collabkit.plots.style import MAX_SEGMENT_LABELS as MAX_SEGMENT_LABELS  # re-exported
from collabkit.plots.style import STYLE as STYLE  # re-exported

if TYPE_CHECKING:
    from collabkit.model import Model


def _model_labels(code: str, model: Model) -> dict[str, str]:
    return {value: model.label(code, value) for value in model.codes[code]}


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
    ax = fig.subplots()
    ax.plot(dates, ys, color="#8c8c8c", linewidth=1, zorder=1)
    kinds = frame["transition"].astype(str).to_numpy()
    shown = [("Meeting", ~np.isin(kinds, ["jump", "return"]), "o", OKABE_ITO["blue"]),
             ("Jump ahead, skipping steps", kinds == "jump", "^", OKABE_ITO["vermillion"]),
             ("Back to an earlier step", kinds == "return", "v", OKABE_ITO["orange"])]
    for label, mask, marker, colour in shown:
        if mask.any():
            ax.scatter(dates[mask], ys[mask], marker=marker, s=110, color=colour,
                       edgecolor="black", zorder=3, label=label)
    for date, y, meeting in zip(dates, ys, frame["meeting_number"], strict=True):
        ax.annotate(str(meeting), (date, y), xytext=(0, 9), textcoords="offset points",
                    ha="center", fontsize=11)
    ax.set_yticks([row[s] for s in ids],
                  [names[s] + (" (skipped)" if s in skipped else "") for s in ids])
    ax.set_ylim(-0.7, len(ids) - 0.3)
    start, end = pd.Timestamp(dates[0]), pd.Timestamp(dates[-1])
    months = pd.date_range(start.to_period("M").to_timestamp(), end, freq="MS")
    months = months[months >= start - pd.Timedelta(days=10)]
    months = months[::max(1, -(-len(months) // 7))]
    ax.set_xticks(months.to_numpy(), [month(m) for m in months])
    ax.set_xlim(start - pd.Timedelta(days=10), end + pd.Timedelta(days=10))
    ax.grid(axis="y", color="#e0e0e0")
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


# -- structure and voice -----------------------------------------------------------------


@_styled
def plot_attendance(attendance: pd.DataFrame) -> tuple[Any, str]:
    """People present at each meeting by role, with the total.

    Parameters
    ----------
    attendance : DataFrame
        :func:`collabkit.metrics.attendance_retention` (``meeting_number``,
        ``role`` as the label to show, ``present``), small roles already folded.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    if attendance.empty:
        return _empty("Attendance over time by role")
    wide = attendance.pivot_table(index="meeting_number", columns="role", values="present",
                                  aggfunc="sum", observed=True, sort=False).fillna(0)
    total = wide.sum(axis=1)
    fig = _figure(8.5, 4.4)
    ax = fig.subplots()
    x = wide.index.to_numpy()
    def span(values: pd.Series) -> str:
        return f"{int(values.iloc[0])} to {int(values.iloc[-1])}"

    ax.plot(x, total, color="black", linewidth=2.5, marker="o",
            label=f"Everyone: {span(total)}")
    for i, role in enumerate(wide.columns):
        ax.plot(x, wide[role], color=SERIES[i % 8], linestyle=LINES[i % 4],
                marker=MARKERS[(i + 1) % 8], linewidth=1.8, label=f"{role}: {span(wide[role])}")
    _value_axis(ax, 0, total.max() * 1.1 + 1)
    # the lines end close together, so a legend (line style and marker, not just colour)
    # names them better than labels at their ends
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False,
              title="First to last meeting", alignment="left")
    _meeting_axis(ax, x)
    ax.set_ylabel("People present")
    ax.grid(axis="y", color="#e0e0e0")
    changes = [f"{role} {int(wide[role].iloc[0])} to {int(wide[role].iloc[-1])}"
               for role in wide.columns]
    alt = (f"Line chart of how many people of each role came to each of the {len(x)} "
           f"meetings. {int(total.iloc[0])} people came to the first meeting and "
           f"{int(total.iloc[-1])} to the last (most: {int(total.max())}); from first to last "
           f"meeting: {join_words(changes)}.")
    return fig, alt


@_styled
def plot_voice_presence(roles: pd.DataFrame) -> tuple[Any, str]:
    """Share of voice against share of people present, by role.

    Parameters
    ----------
    roles : DataFrame
        :func:`collabkit.metrics.role_voice` (``role`` as the label to show,
        ``share_of_voice``, ``share_of_presence``), small roles already folded.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    frame = roles[(roles["share_of_presence"] > 0) | (roles["share_of_voice"] > 0)]
    if frame.empty or not frame["contributions"].sum():
        return _empty("Share of voice against share of people present by role")
    frame = frame.sort_values("share_of_voice")
    fig = _figure(8.5, 1.2 + 0.75 * len(frame))
    ax = fig.subplots()
    y = np.arange(len(frame))
    voice = ax.barh(y + 0.2, frame["share_of_voice"], height=0.38, color=OKABE_ITO["blue"],
                    edgecolor="black", label="Share of voice (contributions)")
    present = ax.barh(y - 0.2, frame["share_of_presence"], height=0.38,
                      color=OKABE_ITO["orange"], edgecolor="black", hatch="///",
                      label="Share of people present")
    _bar_labels(ax, voice, [percent(v) for v in frame["share_of_voice"]])
    _bar_labels(ax, present, [percent(v) for v in frame["share_of_presence"]])
    ax.set_yticks(y, [_wrap(r) for r in frame["role"]])
    _value_axis(ax, 0, max(frame["share_of_voice"].max(), frame["share_of_presence"].max())
                * 1.18, axis="x", share=True)
    ax.legend(loc="lower right", frameon=False)
    ratio = frame["share_of_voice"] / frame["share_of_presence"].where(
        frame["share_of_presence"] > 0)
    high, low = frame.loc[ratio.idxmax()], frame.loc[ratio.idxmin()]
    alt = (f"Bar chart of share of voice against share of people present by role. "
           f"{high['role']} spoke {percent(high['share_of_voice'])} of the time while being "
           f"{percent(high['share_of_presence'])} of those present")
    if low["role"] != high["role"]:
        alt += (f"; {low['role']} {percent(low['share_of_voice'])} while being "
                f"{percent(low['share_of_presence'])}")
    return fig, alt + "."


@_styled
def plot_equality(equality: pd.DataFrame) -> tuple[Any, str]:
    """Gini and evenness of speaking turns in each meeting.

    Parameters
    ----------
    equality : DataFrame
        :func:`collabkit.metrics.meeting_equality`.

    Returns
    -------
    fig : matplotlib.figure.Figure
    alt : str
        What the chart shows and its main finding, with numbers.
    """
    frame = equality.dropna(subset=["gini"]).sort_values("meeting_number")
    if frame.empty:
        return _empty("Equality of speaking in each meeting")
    fig = _figure(8.5, 4)
    ax = fig.subplots()
    x = frame["meeting_number"].to_numpy()
    ax.plot(x, frame["gini"], color=OKABE_ITO["vermillion"], marker="o", linewidth=2)
    ax.plot(x, frame["evenness"], color=OKABE_ITO["blue"], marker="s", linestyle="--",
            linewidth=2)
    _end_labels(ax, x[-1], [frame["gini"].iloc[-1], frame["evenness"].iloc[-1]],
                ["Gini (0 = equal)", "Evenness (1 = even)"], gap=0.08)
    _value_axis(ax, 0, 1.05)
    ax.set_ylabel("0 to 1")
    _meeting_axis(ax, x)
    ax.grid(axis="y", color="#e0e0e0")
    first, last = frame.iloc[0], frame.iloc[-1]
    worst = frame.loc[frame["gini"].idxmax()]
    alt = (f"Line chart of speaking equality in each of the {len(frame)} meetings with coded "
           f"contributions. The Gini coefficient (0 = everyone spoke equally, 1 = one person "
           f"did all the talking) went from {number(first['gini'])} at meeting "
           f"{first['meeting_number']} to {number(last['gini'])} at meeting "
           f"{last['meeting_number']}, least equal at meeting {worst['meeting_number']} "
           f"({number(worst['gini'])}); evenness (1 = perfectly even) went from "
           f"{number(first['evenness'])} to {number(last['evenness'])}.")
    return fig, alt


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
    wide = profile.pivot_table(index="meeting_number", columns="move", values="share",
                               aggfunc="sum", observed=False).reindex(columns=list(labels))
    x = wide.index.to_numpy()
    fig = _figure(8.5, 4.4)
    ax = fig.subplots()
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
    ax = fig.subplots()
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
def plot_solution_onset(onset: pd.DataFrame, *, early: float = 0.2) -> tuple[Any, str]:
    """How far into each meeting the first solution came; early ones marked.

    Parameters
    ----------
    onset : DataFrame
        :func:`collabkit.metrics.solution_onset`.
    early : float
        The threshold the metric used for ``early_solution``.

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
    values = frame["solution_onset"].to_numpy(dtype=float)
    is_early = frame["early_solution"].astype(bool).to_numpy()
    fig = _figure(8.5, 4)
    ax = fig.subplots()
    none = frame["first_solution_seq"].isna().to_numpy()
    for flag, colour, hatch, name in ((True, OKABE_ITO["vermillion"], "xxx", "Early solution"),
                                      (False, OKABE_ITO["blue"], "", "Later, or none")):
        mask = is_early == flag
        if mask.any():
            bars = ax.bar(x[mask], values[mask], width=0.7, color=colour, edgecolor="black",
                          hatch=hatch, label=name)
            _bar_labels(ax, bars, ["none" if n else percent(v) for v, n in
                                   zip(values[mask], none[mask], strict=True)],
                        rotation=90 if len(x) > 16 else 0)
    ax.axhline(early, color="black", linestyle="--", linewidth=1.2,
               label=f"Early: within the first {percent(early)}")
    _value_axis(ax, 0, 1.1, share=True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    ax.set_ylabel("Share of the meeting before\nthe first solution")
    _meeting_axis(ax, x)
    alt = (f"Bar chart of how far into each of the {len(x)} meetings the first solution was "
           f"proposed (share of contributions before it). In {int(is_early.sum())} of "
           f"{len(x)} meetings the first solution came early, within the first {percent(early)}; "
           f"the median was {percent(np.median(values))}.")
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
    ax = fig.subplots()
    solution = ax.barh(y + 0.2, frame["solution_share"], height=0.38,
                       color=OKABE_ITO["vermillion"], edgecolor="black", label="About solutions")
    problem = ax.barh(y - 0.2, frame["problem_share"], height=0.38, color=OKABE_ITO["sky_blue"],
                      edgecolor="black", hatch="...", label="About the problem")
    _bar_labels(ax, solution, [percent(v) for v in frame["solution_share"]])
    _bar_labels(ax, problem, [percent(v) for v in frame["problem_share"]])
    ax.set_yticks(y, [_wrap(s) for s in steps])
    _value_axis(ax, 0, 1.12, axis="x", share=True)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    by_step = dict(zip(steps, frame["solution_share"], strict=True))
    high = max(by_step, key=lambda step: by_step[step])
    low = min(by_step, key=lambda step: by_step[step])
    alt = (f"Bar chart of the share of coded talk about solutions and about the problem in "
           f"each of the {len(frame)} steps with coded meetings. Solution talk was highest in "
           f"{high} ({percent(by_step[high])}) and lowest in {low} ({percent(by_step[low])}).")
    return fig, alt


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
    ax = fig.subplots()
    bars = ax.bar(x, counts, width=0.7, color=OKABE_ITO["blue"], edgecolor="black")
    _bar_labels(ax, bars, [str(c) for c in counts])
    top = max(int(counts.max()), 1)
    runs = _runs(counts == 0)
    for start, length in runs:
        if length >= min_run:
            lo, hi = x[start] - 0.45, x[start + length - 1] + 0.45
            ax.axvspan(lo, hi, facecolor="#eeeeee", edgecolor="#555555", hatch="//", zorder=0)
            ax.text((lo + hi) / 2, top * 1.15, f"{length} meetings,\nno decision",
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
def plot_ladder(ladder: pd.DataFrame, *, model: Model) -> tuple[Any, str]:
    """Decisions by step and level of involvement on the co-production ladder.

    Parameters
    ----------
    ladder : DataFrame
        :func:`collabkit.metrics.ladder_by_step`.

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
    wide = frame.pivot_table(index="step", columns="level", values="decisions", aggfunc="sum",
                             observed=True).reindex(columns=list(levels)).fillna(0)
    wide = wide.reindex([s for s in names if s in wide.index][::-1])
    y = np.arange(len(wide))
    fig = _figure(8.5, 1.6 + 0.7 * len(wide))
    ax = fig.subplots()
    _stacked(ax, y, [(levels[lv], wide[lv].to_numpy()) for lv in levels], horizontal=True,
             min_label=0.5, text=lambda v: f"{v:.0f}")
    ax.set_yticks(y, [_wrap(names[s]) for s in wide.index])
    ax.set_xlabel("Decisions")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=5, frameon=False,
              title="Level of involvement, lowest to highest")
    totals = wide.sum()
    together = int(totals[[lv for lv in levels if lv in ("co_design", "co_produce")]].sum())
    highest = next(lv for lv in reversed(list(levels)) if totals[lv] > 0)
    where = [names[s] for s in wide.index[::-1] if wide.loc[s, highest] > 0]
    alt = (f"Stacked bar chart of the {int(totals.sum())} decisions with a level, by step and "
           f"level of involvement on the co-production ladder (Inform lowest, Co-produce "
           f"highest). The most common level was {levels[totals.idxmax()]} "
           f"({int(totals.max())}); {together} were at co-design or above; the highest level "
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
    ax = fig.subplots()
    x = scored["meeting_number"].to_numpy()
    ax.plot(x, scored["how_collaborative"], color=OKABE_ITO["blue"], marker="o", linewidth=2,
            markersize=8, label="Pair reflection (mean)")
    for xi, yi in zip(x, scored["how_collaborative"], strict=True):
        ax.annotate(number(yi, 1), (xi, yi), xytext=(0, 9), textcoords="offset points",
                    ha="center", fontsize=11)
    missing = frame.loc[frame["how_collaborative"].isna(), "meeting_number"].to_numpy()
    if len(missing):
        ax.scatter(missing, np.full(len(missing), 0.7), marker="x", color="black", s=60,
                   label="No reflection recorded")
    ax.axhline(4, color=OKABE_ITO["green"], linestyle="--", linewidth=1.2,
               label="4 and above: felt collaborative")
    ax.set_ylim(0.4, 5.6)
    ax.set_yticks([1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"])
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
    ax = fig.subplots()
    ax.step(x, frame["total_terms"], where="post", color=OKABE_ITO["blue"], linewidth=2.5)
    ax.step(x, frame["agreed_terms"], where="post", color=OKABE_ITO["orange"], linewidth=2.5,
            linestyle="--")
    last = frame.iloc[-1]
    _end_labels(ax, x[-1], [last["total_terms"], last["agreed_terms"]],
                [f"All terms ({int(last['total_terms'])})",
                 f"Agreed ({int(last['agreed_terms'])})"],
                gap=frame["total_terms"].max() * 0.08 + 0.1)
    _value_axis(ax, 0, frame["total_terms"].max() * 1.15 + 0.5)
    ax.set_ylabel("Terms in the glossary")
    _meeting_axis(ax, x)
    ax.grid(axis="y", color="#e0e0e0")
    added = int((frame["new_terms"] > 0).sum())
    alt = (f"Step chart of the group's shared vocabulary: {plural(int(last['total_terms']), 'term')}"
           f" by meeting {last['meeting_number']}, {int(last['agreed_terms'])} of them agreed; "
           f"new terms were added at {added} of the {len(frame)} meetings.")
    return fig, alt


__all__ = [
    "OKABE_ITO", "plot_attendance", "plot_decisions", "plot_dialogue", "plot_equality",
    "plot_four_player", "plot_glossary", "plot_journey", "plot_ladder", "plot_reflections",
    "plot_solution_onset", "plot_solution_talk", "plot_voice_presence",
]
