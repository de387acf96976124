"""TallyBoard: the live tally of who contributes and how, during a meeting.

A button per present participant for each of the four actions, toggles for
the mode (dialogue, debate), the focus (problem, solution, process, social)
and the current small group, a meeting clock, undo, a running chart of share
of voice and of the four actions, and a quiet prompt when a stuck pattern
appears. All the work is done by :class:`collabkit.session.tally.LiveTally`: every
click is on disk (appended, flushed and fsynced) before the board says so,
and the chart and prompts come from the metrics functions.
"""

from __future__ import annotations

import html
import math
import os
import re
from typing import Any

from collabkit.errors import ActionError
from collabkit.formatting import number, percent
from collabkit.model import Model
from collabkit.session.tally import LiveSummary, LiveTally
from collabkit.widgets._base import FacilitatorWidget, meeting_options

__all__ = ["TallyBoard", "MOVE_COLOURS"]

#: Okabe-Ito colours (safe for colour-blind readers), one per action, by position.
MOVE_COLOURS = ("#0072B2", "#009E73", "#D55E00", "#CC79A7")
_PALE = ("#cfe3f3", "#c7eadf", "#f6d5c2", "#f2d9e8")


def _css_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(text))


class TallyBoard(FacilitatorWidget):
    """Live tally for one meeting.

    Parameters
    ----------
    project_path : str or Path
        A project folder (the live tally cannot write to a workbook: export
        it to a folder first with ``collabkit export``).
    meeting_id : str, optional
        The meeting to tally; "" to choose it on the board (nothing is
        written until someone clicks).
    coder : str, default "primary"

    Examples
    --------
    Every click is saved to the project at once, so try it on a copy:

    >>> import shutil, tempfile
    >>> folder = shutil.copytree("data/examples/riverside_crisis_cafe",
    ...                          tempfile.mkdtemp() + "/cafe")
    >>> board = TallyBoard(folder, "M12")
    >>> board.record("P03", "follow", focus="problem")["seq"]
    '68'
    >>> board.undo()["seq"]
    '68'
    >>> shutil.rmtree(folder)
    """

    def __init__(self, project_path: str | os.PathLike | None, meeting_id: str | None = "", *,
                 coder: str = "primary", model: Model | None = None):
        super().__init__(project_path, meeting_id, model=model)
        w = self._w
        model = self.model
        self.coder = coder
        self.tally: LiveTally | None = None
        self._moves = model.moves
        self.meeting = w.Dropdown(options=meeting_options(self.project), value="",
                                  description="Meeting", layout=w.Layout(width="32em"))
        self.open_button = w.Button(description="Open tally", icon="play")
        self.open_button.on_click(lambda _b: self.run(self.open, self.meeting.value))
        codes = model.codes
        self.mode = w.ToggleButtons(options=[("not coded", "")] + [
            (model.label("mode", c), c) for c in codes["mode"]], value="", description="Mode")
        self.focus = w.ToggleButtons(options=[("not coded", "")] + [
            (model.label("focus", c), c) for c in codes["focus"]], value="", description="Focus")
        for toggles in (self.mode, self.focus):
            toggles.style.button_width = "7em"
        self.group = w.Dropdown(options=[("whole group", "")], value="", description="Group")
        self.clock_button = w.ToggleButton(value=False, description="Start clock", icon="clock-o")
        self.clock_button.observe(self._toggle_clock, names="value")
        self.clock_text = w.HTML("<b>0:00</b>")
        self.ticker = w.Play(interval=1000, max=10**9, show_repeat=False, layout=w.Layout(
            display="none"))
        self.ticker.observe(lambda _change: self._show_clock(), names="value")
        self.undo_button = w.Button(description="Undo last", icon="undo",
                                    tooltip="Remove the last contribution recorded")
        self.undo_button.on_click(lambda _b: self.run(self.undo))
        self.buttons = w.VBox([])
        self.late = w.Dropdown(options=[("someone else is here...", "")], value="",
                               layout=w.Layout(width="20em"))
        self.late_button = w.Button(description="Add to the board", icon="user-plus")
        self.late_button.on_click(lambda _b: self.run(self.add_person, self.late.value))
        self.chart = w.HTML("")
        self.chart.add_class("collabkit-tally-chart")
        self.prompt = w.HTML("")
        self.prompt.add_class("collabkit-tally-prompt")
        self.last = w.HTML("")
        self.widget.children = [
            self._heading("Live tally"),
            w.HBox([self.meeting, self.open_button]),
            w.HBox([self.clock_button, self.clock_text, self.ticker, self.group]),
            w.HBox([w.VBox([self.mode, self.focus, self.buttons,
                            w.HBox([self.undo_button, self.last]),
                            w.HBox([self.late, self.late_button]), self.status]),
                    w.VBox([self.prompt, self.chart], layout=w.Layout(
                        margin="0 0 0 1.5em", max_width="38em"))],
                   layout=w.Layout(flex_flow="row wrap"))]
        self.widget.add_class("collabkit-tally")
        if self.project is not None and self.meeting_id:
            self.run(self.open, self.meeting_id)
        elif self.project is not None:
            self.show("Choose the meeting and press Open tally. Nothing is written until you "
                      "click a contribution.")

    # -- actions -----------------------------------------------------------------
    def open(self, meeting_id: str) -> LiveTally:
        """Open the tally of ``meeting_id`` (resuming it if it has events already)."""
        project = self.require_project()
        tally = LiveTally(project, meeting_id, coder=self.coder)
        if self.clock_button.value:
            self.clock_button.value = False
        self.tally = tally
        self.meeting_id = tally.meeting_id
        if self.meeting.value != tally.meeting_id:
            self.meeting.value = tally.meeting_id
        self._build_buttons()
        groups = sorted({g for g in project.attendance.loc[
            project.attendance["meeting_id"] == tally.meeting_id, "group"].dropna().astype(str)
            if g.strip()})
        self.group.options = [("whole group", "")] + [(f"group {g}", g) for g in groups]
        self.group.value = ""
        resumed = len(tally.log.events)
        self.refresh()
        self.show(f"Tallying {tally.meeting_id}: "
                  + (f"resumed with {resumed} contributions already recorded; the next is "
                     f"#{tally.log.next_seq}." if resumed else "no contributions yet.")
                  + " Each click is saved to disk at once.", "ok")
        return tally

    def record(self, participant_id: str, move: str, mode: str | None = None,
               focus: str | None = None, group: str | None = None) -> dict[str, str]:
        """Record one contribution; it is on disk when this returns.

        ``mode``, ``focus`` and ``group`` default to the toggles' current
        values (pass "" for none). Returns the event written, with its seq.
        """
        tally = self._require_tally()
        event = tally.record(participant_id, move,
                             mode=self.mode.value if mode is None else mode,
                             focus=self.focus.value if focus is None else focus,
                             group=self.group.value if group is None else group)
        label = tally.labels.get(event["participant_id"], event["participant_id"])
        self.last.value = (f"Saved #{html.escape(event['seq'])}: {html.escape(label)} "
                           f"&middot; {html.escape(self._move_label(event['move']))}")
        self.refresh()
        self.status.value = ""
        return event

    def undo(self) -> dict[str, str] | None:
        """Remove the last contribution; returns it (None if there was none)."""
        tally = self._require_tally()
        event = tally.undo()
        if event is None:
            self.show("Nothing to undo: no contributions recorded for this meeting.", "info")
        else:
            label = tally.labels.get(event.get("participant_id", ""), event.get("participant_id"))
            self.last.value = ""
            self.show(f"Removed #{event.get('seq')}: {label} · "
                      f"{self._move_label(event.get('move', ''))}. The file is updated.", "ok")
        self.refresh()
        return event

    def add_person(self, participant_id: str) -> None:
        """Add buttons for someone not marked present (a late arrival)."""
        tally = self._require_tally()
        pid = str(participant_id or "").strip()
        if not pid:
            raise ActionError("choose who has arrived")
        if pid not in tally.labels:
            raise ActionError(f"unknown participant '{pid}'; add them to participants first")
        if pid not in tally.people:
            tally.people.append(pid)
            self._build_buttons()
            self.refresh()
        self.show(f"{tally.labels[pid]} is on the board.", "ok")

    def start_clock(self) -> None:
        """Start (or resume) the meeting clock; events get its time from now on."""
        self.clock_button.value = True

    def stop_clock(self) -> None:
        """Pause the meeting clock."""
        self.clock_button.value = False

    def refresh(self) -> LiveSummary | None:
        """Redraw the running chart and the prompt from the events so far."""
        if self.tally is None:
            return None
        summary = self.tally.summary()
        self.chart.value = self._chart(summary)
        self.prompt.value = "" if not summary.prompt else (
            "<div role='status' style='background:#fff4e0;border-left:4px solid #7a4b00;"
            f"padding:6px 10px;font-size:1.1em'>&#9888; {html.escape(summary.prompt)}</div>")
        self._show_clock()
        return summary

    # -- building ------------------------------------------------------------------
    def _require_tally(self) -> LiveTally:
        if self.tally is None:
            raise ActionError("no meeting open: choose the meeting and press Open tally")
        return self.tally

    def _move_label(self, move: str) -> str:
        match = self._moves[self._moves["move"] == move]
        return str(match["label"].iloc[0]) if len(match) else str(move)

    def _build_buttons(self) -> None:
        w = self._w
        tally = self._require_tally()
        rows = []
        for pid in tally.people:
            cells = [w.HTML(f"<b>{html.escape(tally.labels.get(pid, pid))}</b>",
                            layout=w.Layout(width="14em"))]
            for position, row in enumerate(self._moves.itertuples()):
                button = w.Button(description=row.label, tooltip=row.help.strip(),
                                  layout=w.Layout(width="7em"))
                button.style.button_color = _PALE[position % len(_PALE)]
                button.add_class(f"collabkit-tally-{_css_id(pid)}-{_css_id(row.move)}")
                button.on_click(self.on_click(self.record, pid, row.move))
                cells.append(button)
            rows.append(w.HBox(cells))
        if not rows:
            rows = [w.HTML("<em>No one is marked present at this meeting: add people below.</em>")]
        self.buttons.children = rows
        self.late.options = [("someone else is here...", "")] + [
            (tally.labels[p], p) for p in tally.labels if p not in tally.people]
        self.late.value = ""

    def _toggle_clock(self, change: dict[str, Any]) -> None:
        tally = self.tally
        if tally is None:
            if change["new"]:
                self.clock_button.value = False
                self.show("Open a meeting before starting its clock.", "info")
            return
        if change["new"]:
            tally.clock.start()
            self.clock_button.description = "Pause clock"
            self.ticker.playing = True
        else:
            tally.clock.stop()
            self.clock_button.description = "Start clock"
            self.ticker.playing = False
        self._show_clock()

    def _show_clock(self) -> None:
        if self.tally is not None:
            state = "" if self.tally.clock.running else " (paused)"
            self.clock_text.value = f"<b>{self.tally.clock.text()}</b>{state}"

    def _chart(self, summary: LiveSummary) -> str:
        e = html.escape
        voice = summary.voice
        top = max(1.0, float(voice["contributions"].max()) if len(voice) else 1.0)
        rows = []
        for row in voice.itertuples():
            share = 0.0 if math.isnan(row.share_of_voice) else row.share_of_voice
            width = 100.0 * row.contributions / top
            rows.append(
                f"<tr><td>{e(str(row.label))}</td><td style='width:16em'>"
                f"<div style='background:{MOVE_COLOURS[0]};height:12px;width:{width:.1f}%'></div>"
                f"</td><td>{row.contributions} ({percent(share)})</td></tr>")
        moves = []
        total = max(1, summary.contributions)
        most = max(1, int(summary.moves["count"].max()) if len(summary.moves) else 1)
        for position, row in enumerate(summary.moves.itertuples()):
            width = 100.0 * row.count / most
            moves.append(
                f"<tr><td>{e(str(row.label))}</td><td style='width:16em'><div style='background:"
                f"{MOVE_COLOURS[position % 4]};height:12px;width:{width:.1f}%'></div></td>"
                f"<td>{row.count} ({percent(row.count / total)})</td></tr>")

        return (
            "<div style='display:flex;gap:2em;flex-wrap:wrap'>"
            "<div><h4 style='margin:4px 0'>Share of voice</h4><table>"
            f"{''.join(rows)}</table></div>"
            "<div><h4 style='margin:4px 0'>The four actions</h4><table>"
            f"{''.join(moves)}</table>"
            f"<p>{summary.contributions} contributions &middot; Gini {number(summary.gini)} "
            f"(0 = everyone equal) &middot; evenness {number(summary.evenness)} "
            "(1 = everyone equal)</p></div></div>")
