"""TallyBoard: the live tally of who contributes and how, during a meeting.

A button per present participant for each of the four actions, toggles for
the mode (dialogue, debate), the focus (problem, solution, process, social)
and the current small group, a meeting clock, undo, a running chart of share
of voice and of the four actions, and a quiet prompt when a stuck pattern
appears. All the work is done by :class:`collabkit.session.tally.LiveTally`: every
click is on disk (appended, flushed and fsynced) before the board says so,
and the chart and prompts come from the metrics functions.

The acknowledgement, the prompt, the clock and the toggles sit in a bar that
stays at the top of the screen whichever button is pressed (see
:mod:`collabkit.widgets.tally_view`). The acknowledgement is one place: each
click first clears it, then shows the save that just happened ("Saved #42:
Carer C2, Move, in M12") or the failure that just happened, never an older
success. Choosing a meeting opens it at once, so clicks always go to the
meeting the board names; a read-only project opens with its buttons off.
"""

from __future__ import annotations

import contextlib
import html
import os
import time
import uuid
from typing import Any

from collabkit.errors import ActionError
from collabkit.formatting import clock
from collabkit.model import Model
from collabkit.session.roster import meeting_label
from collabkit.session.tally import LiveSummary, LiveTally
from collabkit.session.tally_state import board_seen
from collabkit.widgets._base import FacilitatorWidget, describe_error, meeting_options
from collabkit.widgets.tally_session import BoardSession
from collabkit.widgets.tally_view import (
    BOARD_CSS,
    MOVE_COLOURS,
    bar_widgets,
    chart_html,
    indicators_html,
    people_widgets,
    person_card,
    person_html,
    prompt_html,
    speaking_toggle,
)
from collabkit.widgets.tally_watchdog import connection_watchdog

__all__ = ["TallyBoard", "MOVE_COLOURS"]

_ORDERS = [("as listed in participants", "list"), ("by name", "name"), ("by role", "role")]


class TallyBoard(BoardSession, FacilitatorWidget):
    """Live tally for one meeting.

    Parameters
    ----------
    project_path : str or Path or ProjectPicker
        A project folder (the live tally cannot write to a workbook: export
        it to a folder first with ``collabkit export``), or the notebook's
        picker. A bundled example is tallied in a working copy.
    meeting_id : str, optional
        The meeting to tally; "" to choose it on the board (choosing opens
        it; nothing is written until someone clicks).
    coder : str, default "primary"
    seating : list of str, optional
        Participant ids in the order to show them (seating order); anyone
        not listed follows, in participants' order.

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

    kept = ""  # a board has no form: a failed click keeps nothing to mention
    saving_buttons = ()

    def __init__(self, project_path: Any, meeting_id: str | None = "", *,
                 coder: str = "primary", seating: list[str] | None = None,
                 talk_time: bool = False,
                 model: Model | None = None, work_folder: str | os.PathLike | None = None):
        super().__init__(project_path, meeting_id, model=model, work_folder=work_folder)
        w = self._w
        self.coder = str(coder or "").strip() or "primary"
        self.talk_time = bool(talk_time)
        self._speaking: dict[str, float] = {}
        self._talk_toggles: dict[str, Any] = {}
        self.tally: LiveTally | None = None
        self.seating = [str(p) for p in seating or []]
        self._moves = self.model.moves
        self._cards: dict[str, Any] = {}
        self._names: dict[str, Any] = {}
        self._actions: list[Any] = []
        self.meeting = w.Dropdown(options=meeting_options(self.project), value="",
                                  description="Meeting", layout=w.Layout(width="34em"))
        self.meeting.observe(self._on_meeting_menu, names="value")
        self.where = w.HTML("")
        self._build_bar()
        self.buttons = w.Box([], layout=w.Layout(overflow="visible"))
        self.buttons.add_class("collabkit-tally-grid")
        people = self._build_people_controls()
        self.chart = w.HTML("")
        self.chart.add_class("collabkit-tally-chart")
        self.widget.children = [w.HTML(f"<style>{BOARD_CSS}</style>"), self._heading("Live tally"),
                                self.meeting, self.where, self.bar, self.buttons, people,
                                self.chart]
        self.widget.add_class("collabkit-tally")
        self.widget.layout.overflow = "visible"
        self._hide_own_meeting_menu()
        self._show_where()
        self._set_recording(False)
        if self.project is not None and self.meeting_id:
            self.run(self.choose_meeting, self.meeting_id)
        elif self.project is not None:
            self.show("Choose the meeting to tally: it opens as soon as you choose it. Nothing "
                      "is written until you click a contribution.")

    # -- building ------------------------------------------------------------------
    def _build_bar(self) -> None:
        """The bar that stays in view: meeting, clock, undo, acknowledgement, prompt, toggles."""
        parts = bar_widgets(self._w, self.model, self.status)
        self.title_text, self.clock_button = parts.title_text, parts.clock_button
        self.clock_text, self.ticker, self.undo_button = (parts.clock_text, parts.ticker,
                                                          parts.undo_button)
        self.prompt, self.mode, self.focus = parts.prompt, parts.mode, parts.focus
        self.indicators = parts.indicators
        self.group, self.bar = parts.group, parts.bar
        self.clock_button.observe(self._toggle_clock, names="value")
        self._restoring = False
        self.board_id = uuid.uuid4().hex[:12]
        self._seen_at = -1e18
        self.shared = self._w.HTML("")
        self.shared.add_class("collabkit-tally-shared")
        self.watchdog = connection_watchdog(self._w)
        getattr(self.watchdog, "pinged", []).append(  # open while idle; others come and go
            lambda: self._show_others() if self.tally is not None else None)
        self.bar.children = (*self.bar.children, self.shared, self.watchdog)
        self._confirming: str | None = None
        for toggle in (self.mode, self.focus, self.group):
            toggle.observe(lambda _change: self._save_state(), names="value")
        self.ticker.observe(lambda _change: self._tick(), names="value")
        self.undo_button.on_click(lambda _b: self._undo_pressed())

    def _build_people_controls(self) -> Any:
        """Seating order and late arrivals, folded away below the board."""
        parts = people_widgets(self._w, _ORDERS)
        self.order_menu, self.seat_person = parts.order_menu, parts.seat_person
        self.earlier_button, self.later_button = parts.earlier_button, parts.later_button
        self.late, self.late_button = parts.late, parts.late_button
        self.order_menu.observe(lambda c: self.run(self.arrange, c["new"]), names="value")
        self.earlier_button.on_click(lambda _b: self.run(self.move_person,
                                                         self.seat_person.value, -1))
        self.later_button.on_click(lambda _b: self.run(self.move_person,
                                                       self.seat_person.value, 1))
        self.late_button.on_click(lambda _b: self.run(self.add_person, self.late.value))
        self.register_person, self.register_text = parts.register_person, parts.register_text
        self.register_buttons = parts.register_buttons
        self.coder_box = parts.coder
        self.coder_box.value = self.coder
        self.coder_box.observe(lambda c: self.run(self.set_coder, c["new"]), names="value")
        self.talk_box = parts.talk_time
        self.talk_box.value = self.talk_time
        self.talk_box.observe(lambda c: self.run(self.set_talk_time, c["new"]), names="value")
        for mark, button in self.register_buttons.items():
            button.on_click(lambda _b, m=mark: self.run(self.mark, self.register_person.value, m))
        return parts.box

    def _card(self, pid: str) -> Any:
        """A person's name and four buttons, made once and kept while the project is open."""
        if pid not in self._cards:
            tally = self._require_tally()
            card, name, buttons = person_card(self._w, pid, tally.labels.get(pid, pid),
                                              self._moves)
            for button, move in zip(buttons, self._moves["move"], strict=True):
                button.on_click(lambda _b, p=pid, m=move: self.press(p, m))
            if self.talk_time:
                toggle = speaking_toggle(self._w, pid)
                toggle.observe(lambda c, p=pid: self.run(self.speaking, p, c["new"]),
                               names="value")
                card.children = (*card.children, toggle)
                self._talk_toggles[pid] = toggle
                buttons = [*buttons, toggle]
            self._cards[pid], self._names[pid] = card, name
            self._actions += buttons
        return self._cards[pid]

    def _build_buttons(self) -> None:
        w, tally = self._w, self._require_tally()
        cards = [self._card(pid) for pid in tally.people]
        self.buttons.children = cards or [w.HTML(
            "<em>No one is marked present at this meeting: add people below.</em>")]
        self.seat_person.options = [("—", "")] + [(tally.labels[p], p) for p in tally.people]
        self.late.options = [("someone else is here...", "")] + [
            (tally.labels[p], p) for p in tally.labels if p not in tally.people]
        self.late.value = ""
        chosen = self.register_person.value
        self.register_person.options = [("—", "")] + [
            (tally.labels[p], p) for p in tally.people] + [
            (tally.labels[p], p) for p in tally.labels if p not in tally.people]
        self.register_person.value = chosen if chosen in tally.labels else ""
        self._show_register()
        self._set_recording(not self.read_only)

    def _set_recording(self, on: bool) -> None:
        """Turn the buttons that write on or off (off with no meeting open or read-only)."""
        for button in [*self._actions, self.undo_button, self.late_button,
                       *self.register_buttons.values()]:
            button.disabled = not on

    def _show_where(self) -> None:
        place = self.place
        self.where.value = "" if place is None or not place.copied or self.picker is not None \
            else f"<p><small>{html.escape(place.note())}</small></p>"

    # -- actions -----------------------------------------------------------------
    def choose_meeting(self, meeting_id: str) -> None:
        """Open the meeting chosen ("" closes the board); the old one closes first."""
        self.close()
        if str(meeting_id or "").strip():
            self.open(meeting_id)

    def open(self, meeting_id: str) -> LiveTally:
        """Open the tally of ``meeting_id`` (resuming it if it has events already)."""
        project = self.require_project()
        self.close()
        tally = LiveTally(project, meeting_id, coder=self.coder)
        self.tally = tally
        self.meeting_id = tally.meeting_id
        if self.meeting.value != tally.meeting_id:
            with self._quiet(self.meeting):
                self.meeting.value = tally.meeting_id
        tally.arrange(self.seating or self.order_menu.value)
        self._build_buttons()
        groups = sorted({g for g in project.attendance.loc[
            project.attendance["meeting_id"] == tally.meeting_id, "group"].dropna().astype(str)
            if g.strip()})
        self.group.options = [("whole group", "")] + [(f"group {g}", g) for g in groups]
        self._restore(tally)
        coded = "" if self.coder == "primary" else f" · coded by {self.coder}"
        self.title_text.value = (f"<b>{html.escape(meeting_label(project, tally.meeting_id))}"
                                 f"{html.escape(coded)}</b>")
        resumed = len(tally.log.events)
        self.refresh()
        so_far = (f"resumed with {resumed} contributions already recorded; the next is "
                  f"#{tally.log.next_seq}." if resumed else "no contributions yet.")
        if self.read_only:
            self.show(f"{tally.meeting_id} is open to look at, but nothing can be recorded. "
                      f"{self.read_only}", "warning")
        else:
            self.show(f"Tallying {tally.meeting_id}: {so_far} Each click is written to "
                      "events.csv before the board says Saved.", "ok")
        return tally

    def close(self) -> None:
        """Close the meeting: no buttons, nothing can be recorded until one is opened."""
        if self.tally is not None and not self.read_only:
            with contextlib.suppress(OSError):
                board_seen(self.tally.folder, self.tally.meeting_id, self.board_id,
                           time.time(), leaving=True)
        self.shared.value = ""
        self.tally = None  # first: the meeting's clock runs on in its state file
        if self.clock_button.value:
            self.clock_button.value = False
        self.clock_button.description = "Start clock"
        self.ticker.playing = False
        self.buttons.children = []
        self.title_text.value = "<b>No meeting open</b>"
        self.prompt.value = self.chart.value = self.register_text.value = ""
        self.indicators.value = ""
        self._set_recording(False)

    def press(self, participant_id: str, move: str) -> dict[str, str] | None:
        """What a person's button does: clear the acknowledgement, record, say what happened.

        Returns the event saved, or None when it was not saved (the reason is shown).
        """
        who = self._who(participant_id, move)
        self._cancel_undo()
        self.show(f"Saving: {who}...", "info", word="")
        try:
            return self.record(participant_id, move)
        except Exception as error:  # noqa: BLE001 - shown in the acknowledgement, never raised
            self.show(f"Not saved: {html.escape(who)}. {describe_error(error, kept=self.kept)}",
                      "error", escape=False)
            return None

    def record(self, participant_id: str, move: str, mode: str | None = None,
               focus: str | None = None, group: str | None = None) -> dict[str, str]:
        """Record one contribution; it is on disk when this returns.

        ``mode``, ``focus`` and ``group`` default to the toggles' current
        values (pass "" for none). Returns the event written, with its seq.
        """
        tally = self._require_tally()
        if self.read_only:
            raise ActionError(self.read_only)
        spoke = self._spoke_for(participant_id)
        event = tally.record(participant_id, move,
                             mode=self.mode.value if mode is None else mode,
                             focus=self.focus.value if focus is None else focus,
                             group=self.group.value if group is None else group,
                             duration_seconds=spoke)
        self._stop_speaking(participant_id)
        saved = f"Saved #{event['seq']}: " + self._who(
            event["participant_id"], event["move"], event.get("group", ""))
        if event.get("duration_seconds"):
            saved += f" (spoke for {clock(float(event['duration_seconds']))})"
        try:  # speaking proves presence
            if tally.heard(participant_id) is not None:
                saved += " (marked present in the register)"
                if participant_id not in tally.people:
                    tally.people.append(participant_id)
                    self._build_buttons()
                self._show_register()
        except Exception as error:  # noqa: BLE001 - the click is saved; say the register is not
            self.show(f"{html.escape(saved)}, but the register could not be updated: "
                      f"{describe_error(error, kept=self.kept)}", "warning", escape=False)
            self.refresh()
            return event
        self.show(f"{saved}.", "ok", word="\u2713")
        try:
            self.refresh()
        except Exception as error:  # noqa: BLE001 - the click is saved; say the chart is not
            self.show(f"{saved}. (The chart could not be redrawn: {error}.)", "ok", word="\u2713")
        return event

    def refresh(self) -> LiveSummary | None:
        """Redraw the chart, the prompt and who is not heard yet from the events so far."""
        if self.tally is None:
            return None
        summary = self.tally.summary()  # re-read from disk: another tab's clicks too
        arrived = [p for p in self.tally.register.expected() if p not in self.tally.people]
        if arrived:  # marked present elsewhere (another tab)
            self.tally.people += arrived
            self._build_buttons()
        self.chart.value = chart_html(summary, self.tally.people)
        self.prompt.value = prompt_html(summary.prompt)
        self.indicators.value = indicators_html(summary)
        counts = dict(zip(summary.voice["participant_id"].astype(str),
                          summary.voice["contributions"], strict=True))
        for pid in self.tally.people:
            count = int(counts.get(pid, 0))
            self._names[pid].value = person_html(self.tally.labels.get(pid, pid), count)
            card = self._cards[pid]
            if count:
                card.remove_class("collabkit-not-heard")
            else:
                card.add_class("collabkit-not-heard")
        self._show_others()
        self._show_clock()
        return summary

    def project_changed(self) -> None:
        """Another project was opened in the picker: start again from it."""
        self.close()
        self._forget_cards()
        self._show_where()
        super().project_changed()

    def _forget_cards(self) -> None:
        """Drop the people's cards (they are made again when next shown)."""
        self._speaking.clear()
        self._talk_toggles.clear()
        self._cards.clear()
        self._names.clear()
        self._actions = []

    # -- helpers -------------------------------------------------------------------
    def _require_tally(self) -> LiveTally:
        if self.tally is None:
            raise ActionError("no meeting open: choose the meeting to tally")
        return self.tally

    def _move_label(self, move: str) -> str:
        match = self._moves[self._moves["move"] == move]
        return str(match["label"].iloc[0]) if len(match) else str(move)

    def _who(self, participant_id: str, move: str, group: str | None = None) -> str:
        """``"Vikram M. (P01), Move, in M12"``: the person, the action and the meeting."""
        tally = self.tally
        label = tally.labels.get(participant_id, participant_id) if tally else participant_id
        meeting = f"in {tally.meeting_id}" if tally else "with no meeting open"
        group = self.group.value if group is None else group
        where = f"{meeting}, group {group}" if group else meeting
        return f"{label}, {self._move_label(move)}, {where}"
