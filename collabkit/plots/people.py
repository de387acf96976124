"""Charts of who was involved: attendance, share of voice against presence, equality.

Each function takes a tidy table from :mod:`collabkit.metrics` (role labels
already made safe to show) and returns ``(fig, alt)`` as described in
:mod:`collabkit.plots`.

Examples
--------
>>> from collabkit import load_project, metrics
>>> from collabkit.plots import plot_voice_presence
>>> project = load_project("data/examples/hillside_discharge")
>>> fig, alt = plot_voice_presence(metrics.role_voice(project))
>>> alt.split(". ", 1)[1]  # the alt text the report gives the image says what it shows
'staff spoke 75% of the time while being 42% of those present; carer 1% while being 12%.'
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from collabkit.formatting import join_words, number, percent
from collabkit.plots.axes import lean_axes
from collabkit.plots.bars import bars
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
    _styled,
    _ticks,
    _value_axis,
    _wrap,
)

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
    wide = attendance.groupby(["meeting_number", "role"], observed=True, sort=False)[
        "present"].sum().unstack("role").fillna(0)  # as pivot_table(sum), a third of the CPU
    total = wide.sum(axis=1)
    fig = _figure(8.5, 4.4)
    ax = lean_axes(fig)
    x = wide.index.to_numpy()
    def span(values: pd.Series) -> str:
        return f"{int(values.iloc[0])} to {int(values.iloc[-1])}"

    ax.plot(x, total, color="black", linewidth=2.5, marker="o",
            label=f"Everyone: {span(total)}")
    for i, role in enumerate(wide.columns):
        ax.plot(x, wide[role], color=SERIES[i % 8], linestyle=LINES[i % 4],
                marker=MARKERS[(i + 1) % 8], linewidth=1.8, label=f"{role}: {span(wide[role])}")
    _value_axis(ax, 0, total.max() * 1.1 + 1, grid="#e0e0e0")
    # the lines end close together, so a legend (line style and marker, not just colour)
    # names them better than labels at their ends
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False,
              title="First to last meeting", alignment="left")
    _meeting_axis(ax, x)
    ax.set_ylabel("People present")
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
    ax = lean_axes(fig)
    y = np.arange(len(frame))
    voice = bars(ax, y + 0.2, frame["share_of_voice"], thickness=0.38, horizontal=True,
                 color=OKABE_ITO["blue"], label="Share of voice (contributions)")
    present = bars(ax, y - 0.2, frame["share_of_presence"], thickness=0.38, horizontal=True,
                   color=OKABE_ITO["orange"], hatch="///", label="Share of people present")
    _bar_labels(ax, voice, [percent(v) for v in frame["share_of_voice"]])
    _bar_labels(ax, present, [percent(v) for v in frame["share_of_presence"]])
    _ticks(ax, y, [_wrap(r) for r in frame["role"]])
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
    ax = lean_axes(fig)
    x = frame["meeting_number"].to_numpy()
    ax.plot(x, frame["gini"], color=OKABE_ITO["vermillion"], marker="o", linewidth=2)
    ax.plot(x, frame["evenness"], color=OKABE_ITO["blue"], marker="s", linestyle="--",
            linewidth=2)
    _end_labels(ax, x[-1], [frame["gini"].iloc[-1], frame["evenness"].iloc[-1]],
                ["Gini (0 = equal)", "Evenness (1 = even)"], gap=0.08)
    _value_axis(ax, 0, 1.05, grid="#e0e0e0")
    ax.set_ylabel("0 to 1")
    _meeting_axis(ax, x)
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


__all__ = ["plot_attendance", "plot_equality", "plot_voice_presence"]
