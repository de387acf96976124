"""The tally board's register, clock, undo and shared-meeting parts (a mixin of TallyBoard).

Marking people in the register (present, absent, arrived late, left early),
the meeting clock and what it keeps for a reopen (mode, focus, group), undo
(asking first before it reaches an earlier session's event), the coder and
the seating order, and the note shown when the meeting is open in another
tab or on another device.
The board's layout and its clicks are in :mod:`collabkit.widgets.tally`.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from collabkit.errors import ActionError
from collabkit.formatting import clock
from collabkit.project.eventlog import EarlierEvent
from collabkit.session.tally import LiveTally
from collabkit.session.tally_state import HEARTBEAT_EVERY, board_seen, other_boards
from collabkit.widgets._base import describe_error
from collabkit.widgets.tally_view import register_html

__all__ = ["BoardSession"]


class BoardSession:
    """Register, clock and shared-meeting behaviour of :class:`~collabkit.widgets.TallyBoard`."""

    # provided by TallyBoard
    tally: LiveTally | None
    read_only: str
    board_id: str
    _seen_at: float
    _restoring: bool
    _w: Any
    show: Any
    refresh: Any
    _require_tally: Any
    _build_buttons: Any
    register_text: Any
    shared: Any
    mode: Any
    focus: Any
    group: Any
    clock_button: Any
    clock_text: Any
    ticker: Any
    talk_time: bool
    talk_box: Any
    _speaking: dict[str, float]
    _talk_toggles: dict[str, Any]
    _forget_cards: Any
    _confirming: str | None
    undo_button: Any
    coder: str
    coder_box: Any
    seating: list[str]
    seat_person: Any
    run: Any
    open: Any
    _who: Any

    def _show_register(self) -> None:
        tally = self.tally
        if tally is None:
            self.register_text.value = ""
            return
        statuses: dict[str, list[str]] = {}
        for pid in list(tally.people) + [p for p in tally.register.rows if p not in tally.people]:
            statuses.setdefault(tally.register.status(pid), []).append(tally.labels.get(pid, pid))
        self.register_text.value = register_html(statuses)

    def add_person(self, participant_id: str) -> None:
        """A late arrival: buttons on the board, and marked late in the register (on disk)."""
        tally = self._require_tally()
        pid = str(participant_id or "").strip()
        if not pid:
            raise ActionError("choose who has arrived")
        if pid not in tally.labels:
            raise ActionError(f"unknown participant '{pid}'; add them to participants first")
        self.mark(pid, "late")

    def mark(self, participant_id: str, mark: str) -> dict[str, str]:
        """Mark someone in the register: "present", "absent", "late" or "left_early".

        Written to attendance.csv before the board says so; "late" and
        "left_early" take the clock's time. Returns the attendance row written.
        """
        tally = self._require_tally()
        if self.read_only:
            raise ActionError(self.read_only)
        pid = str(participant_id or "").strip()
        if not pid:
            raise ActionError("choose whom to mark in the register")
        label = tally.labels.get(pid, pid)
        self.show(f"Saving the register: {label}...", "info", word="")
        on_board = pid in tally.people
        row = tally.mark(pid, mark)
        if pid in tally.people and not on_board:
            self._build_buttons()
        self._show_register()
        words = {"present": "present", "absent": "absent", "late": "arrived late",
                 "left_early": "left early"}[mark]
        seconds = row.get("left_at" if mark == "left_early" else "arrived", "")
        when = (f" at {clock(float(seconds))}" if seconds else
                " (no time: the clock is not running)") if mark in ("late", "left_early") else ""
        self.show(f"Register saved: {label} {words}{when}, in {tally.meeting_id}.", "ok",
                  word="\u2713")
        self.refresh()
        return row

    def start_clock(self) -> None:
        """Start (or resume) the meeting clock; events get its time from now on."""
        self.clock_button.value = True

    def stop_clock(self) -> None:
        """Pause the meeting clock."""
        self.clock_button.value = False

    def _heartbeat(self) -> None:
        """Say this board is open on its meeting (at most every HEARTBEAT_EVERY seconds)."""
        tally = self.tally
        now = time.time()
        if tally is None or self.read_only or now - self._seen_at < HEARTBEAT_EVERY:
            return
        with contextlib.suppress(OSError):  # only a courtesy: never stops a click
            board_seen(tally.folder, tally.meeting_id, self.board_id, now)
            self._seen_at = now

    def _show_others(self) -> None:
        """Say so when the meeting is open in another tab or on another device too."""
        tally = self._require_tally()
        self._heartbeat()
        others = other_boards(tally.folder, tally.meeting_id, self.board_id, time.time())
        self.shared.value = "" if not others else (
            "<div role='status' style='background:#eef3fb;border-left:4px solid #0b4f8a;"
            "padding:4px 10px'><b>Note:</b> this meeting is also open in another tab or "
            "device: its clicks appear here too (the board re-reads the file before "
            "drawing).</div>")

    def _restore(self, tally: LiveTally) -> None:
        """Mode, focus, group and a running clock as the meeting left them."""
        self._restoring = True
        try:
            for toggle, value in zip((self.mode, self.focus, self.group),
                                     tally.toggles().values(), strict=True):
                allowed = [v for _label, v in toggle.options]
                toggle.value = value if value in allowed else ""
            self.clock_button.value = tally.clock.running
            started = tally.speaking_started()
            if started and not self.talk_time:
                self.set_talk_time(True)  # they were being timed when the board closed
            self._speaking.update(started)
            for pid in started:
                if pid in self._talk_toggles:
                    self._talk_toggles[pid].value = True
        finally:
            self._restoring = False

    def _save_state(self) -> None:
        """Keep the clock and the toggles for a reopen (nothing on a read-only project)."""
        tally = self.tally
        if tally is None or self._restoring or self.read_only:
            return
        try:
            tally.save_state(mode=self.mode.value, focus=self.focus.value, group=self.group.value)
        except OSError as error:
            self.show("The clock and the toggles could not be kept for a reopen: "
                      f"{describe_error(error)}", "warning", escape=False)

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
        self._save_state()
        self._show_clock()

    def _tick(self) -> None:
        """Every second while the clock runs: the clock, and whether another tab is open."""
        self._show_clock()
        if self.tally is not None:
            with contextlib.suppress(OSError):
                self._show_others()

    def _show_clock(self) -> None:
        if self.tally is not None:
            state = "" if self.tally.clock.running else " (paused)"
            self.clock_text.value = f"<b>{self.tally.clock.text()}</b>{state}"

    # -- talk time: "speaking now" ---------------------------------------------------
    def set_talk_time(self, on: bool) -> None:
        """Show (or hide) a "Speaking now" toggle on each person, for talk time."""
        self.talk_time = bool(on)
        if self.talk_box.value != self.talk_time:
            self.talk_box.value = self.talk_time
        self._forget_cards()
        if self.tally is not None:
            self._build_buttons()
            self.refresh()

    def speaking(self, participant_id: str, on: bool = True) -> None:
        """Start (or stop) timing someone: their next action saves how long they spoke."""
        tally = self._require_tally()
        if self._restoring:  # the toggle is being set to what was kept: nothing to do
            return
        label = tally.labels.get(participant_id, participant_id)
        if on:
            self._speaking[participant_id] = tally.clock.now()
            self._keep_speaking()
            self.show(f"Timing {label}: press their action when they finish, to save it with "
                      "how long they spoke.", "info", word="\u23f1")
        elif self._speaking.pop(participant_id, None) is not None:
            self._keep_speaking()
            self.show(f"Stopped timing {label}; nothing saved. To keep the time, press their "
                      "action while Speaking now is on.", "info")

    def _spoke_for(self, participant_id: str) -> float | None:
        """Seconds since someone's "speaking now" toggle went on (None if not timed)."""
        started = self._speaking.get(participant_id)
        tally = self._require_tally()
        return None if started is None else max(tally.clock.now() - started, 0.0)

    def _keep_speaking(self) -> None:
        """Keep who is being timed for a reopen (a courtesy: never stops a click)."""
        tally = self.tally
        if tally is None or self.read_only:
            return
        with contextlib.suppress(OSError):
            tally.save_speaking(self._speaking)

    def _stop_speaking(self, participant_id: str) -> None:
        """The contribution is saved: the toggle goes off without a message."""
        if self._speaking.pop(participant_id, None) is not None:
            self._keep_speaking()
        toggle = self._talk_toggles.get(participant_id)
        if toggle is not None and toggle.value:
            toggle.value = False  # speaking() finds nothing to stop: no message

    def undo(self, earlier: bool = False) -> dict[str, str] | None:
        """Remove the meeting's latest contribution (re-read from disk); returns it or None.

        Only one recorded since this board opened, unless ``earlier``: for an
        earlier one the board asks first ("Undo an earlier event?"), and a
        second press of Undo removes it.
        """
        tally = self._require_tally()
        if self.read_only:
            raise ActionError(self.read_only)
        self._confirming = None
        self.undo_button.description = "Undo last"
        try:
            event = tally.undo(earlier=earlier)
        except EarlierEvent as asked:
            self._confirming = asked.event.get("seq")
            self.undo_button.description = "Undo an earlier event?"
            who = self._who(asked.event.get("participant_id", ""), asked.event.get("move", ""))
            self.show(f"Undo an earlier event? #{self._confirming}: {who} was recorded before "
                      "this board opened. Press Undo again to remove it; anything else keeps it.",
                      "warning")
            return None
        if event is None:
            self.show(f"Nothing to undo: no contributions recorded for {tally.meeting_id}.",
                      "info")
        else:
            who = self._who(event.get("participant_id", ""), event.get("move", ""))
            self.show(f"Removed #{event.get('seq')}: {who}. The file is updated.", "ok")
        self.refresh()
        return event

    def _undo_pressed(self) -> None:
        earlier = self._confirming is not None
        self.show("Undoing the last contribution...", "info")
        self.run(self.undo, earlier)

    def _cancel_undo(self) -> None:
        """Any other action keeps the earlier event Undo asked about."""
        self._confirming = None
        self.undo_button.description = "Undo last"

    def set_coder(self, coder: str) -> None:
        """Code as ``coder`` (blank: primary); an open meeting reopens with that coder's events."""
        self.coder = str(coder or "").strip() or "primary"
        if self.coder_box.value != self.coder:
            self.coder_box.value = self.coder
        if self.tally is not None and self.tally.log.coder != self.coder:
            self.open(self.tally.meeting_id)

    def arrange(self, order: list[str] | str) -> list[str]:
        """Show people in seating order (a list of ids) or by "list", "name" or "role"."""
        self.seating = [] if isinstance(order, str) else [str(p) for p in order]
        if self.tally is None:
            return list(self.seating)
        people = self.tally.arrange(order)
        self._build_buttons()
        return people

    def move_person(self, participant_id: str, step: int) -> list[str]:
        """Move a person ``step`` places earlier (-1) or later (+1) on the board."""
        tally = self._require_tally()
        if participant_id not in tally.people:
            raise ActionError("choose the person to move")
        people = list(tally.people)
        at = people.index(participant_id)
        to = min(max(at + int(step), 0), len(people) - 1)
        people.insert(to, people.pop(at))
        self.seat_person.value = participant_id
        return self.arrange(people)
