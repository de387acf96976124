"""A live tally of one meeting: record contributions, see the running picture.

:class:`LiveTally` is everything the tally board does, without the widgets:
it records events through :class:`collabkit.project.eventlog.EventLog` (on disk,
fsynced, before :meth:`LiveTally.record` returns), keeps a meeting clock, and
keeps what the running chart and the prompts show up to date one event at a
time (:mod:`collabkit.session.tally_counts`), judged by the report's own code:
equality by :mod:`collabkit.metrics.equality` over the people
:func:`~collabkit.metrics.presence.presence_rule` counts present, the
stuck-pattern prompt by :func:`collabkit.metrics.prompts.live_prompt`, and
the dialogue share and the action-bias flag by the rules of
``scorecard.yaml`` (:mod:`collabkit.session.tally_indicators`), so the live
picture and the evaluation report always agree.

The live tally needs a project folder of CSV files: a workbook cannot be
appended to one line at a time.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from collabkit.errors import ActionError
from collabkit.formatting import clock
from collabkit.model import Model
from collabkit.project import Project, load_project
from collabkit.project.edits import is_workbook
from collabkit.project.eventlog import EventLog
from collabkit.resources import resolve_path
from collabkit.session.register import Register
from collabkit.session.roster import expected_people, meeting_record, order_people, person_label
from collabkit.session.tally_counts import LiveCounts, rows_frame
from collabkit.session.tally_indicators import LiveIndicators
from collabkit.session.tally_state import read_state, write_state

__all__ = ["LiveTally", "LiveSummary", "MeetingClock", "workbook_message"]


def workbook_message(path: str | os.PathLike) -> str:
    """What to tell someone who opens the live tally on a workbook."""
    path = Path(path)
    folder = path.with_suffix("")
    return (f"{path.name} is a workbook; the live tally needs a project folder: run "
            f"`collabkit export {path} --to csv --out {folder}` and open {folder} instead")


class MeetingClock:
    """The meeting clock: seconds since the meeting started, pausable.

    Parameters
    ----------
    offset : float, default 0
        Seconds already elapsed (a resumed meeting starts from its last event).
    now : callable, optional
        Time source in seconds (default ``time.time``, the wall clock, so a
        running clock can be restored in another process; tests pass their own).
    started_at : float, optional
        When the clock was started (in ``now``'s time), for a clock still running.
    """

    def __init__(self, offset: float = 0.0, now: Callable[[], float] | None = None,
                 started_at: float | None = None):
        self._now = now or (lambda: time.time())
        self._offset = float(offset)
        self._started: float | None = None if started_at is None else float(started_at)

    def state(self) -> dict[str, float | None]:
        """``{"offset": ..., "started_at": ...}``: what restores this clock."""
        return {"offset": round(self._offset, 3), "started_at": self._started}

    @property
    def running(self) -> bool:
        """True while the clock is running."""
        return self._started is not None

    def start(self) -> None:
        """Start the clock, or carry on if it is already running."""
        if self._started is None:
            self._started = self._now()

    def stop(self) -> None:
        """Pause the clock, keeping the seconds so far."""
        if self._started is not None:
            self._offset += self._now() - self._started
            self._started = None

    def now(self) -> float:
        """The time source's reading now (for timing how long someone speaks)."""
        return self._now()

    def elapsed(self) -> float:
        """Seconds on the clock."""
        running = self._now() - self._started if self._started is not None else 0.0
        return self._offset + running

    def text(self) -> str:
        """``"1:05:09"`` or ``"12:30"``."""
        return clock(self.elapsed())


@dataclass(frozen=True)
class LiveSummary:
    """What the running chart shows.

    Attributes
    ----------
    voice : DataFrame
        participant_id, label, contributions, share_of_voice: the people
        expected plus anyone else who spoke, in participants' order.
    moves : DataFrame
        move, label, count, share: the four actions, model order.
    contributions : int
    present : int
        People present so far by :func:`collabkit.metrics.presence.presence_rule`
        (marked present in the register, or heard): the report counts the same.
    silent : int
        Of them, those not heard yet.
    gini, evenness : float
        Equality of the meeting so far over the people present, from the
        report's own :func:`collabkit.metrics.participation.meeting_equality`
        (NaN before anyone speaks); for researchers: the board says it in words.
    prompt : str or None
        The facilitator prompt for a stuck pattern in progress, if any.
    not_heard : tuple of str
        The people on the board who have not contributed yet, in board order.
    top_speaker : str or None
        Who has the largest share of voice so far (None before anyone speaks).
    top_share : float
        That person's share of the contributions (0 before anyone speaks).
    labels : dict
        Participant id to the name the board shows.
    dialogue_share, dialogue_coded : float, int
        Of the contributions coded for mode so far (``dialogue_coded``), the
        share coded dialogue (NaN when none is coded), as
        :func:`collabkit.metrics.dialogue.dialogue_share` counts it.
    dialogue_rating : str
        How the report would rate that share (``strength``, ``developing``,
        ``concern`` or ``not_recorded``), by the cut-offs of its dialogue
        dimension in ``scorecard.yaml``.
    action_bias : str or None
        The early "solution before the problem" flag (action bias, tip 6),
        worded from the rules file, when the meeting's first solution came
        before the problem was explored; None otherwise.
    """

    voice: pd.DataFrame
    moves: pd.DataFrame
    contributions: int
    gini: float
    evenness: float
    prompt: str | None
    not_heard: tuple[str, ...] = ()
    top_speaker: str | None = None
    top_share: float = 0.0
    labels: dict[str, str] = field(default_factory=dict)
    present: int = 0
    silent: int = 0
    dialogue_share: float = float("nan")
    dialogue_coded: int = 0
    dialogue_rating: str = "not_recorded"
    action_bias: str | None = None


class LiveTally:
    """Record one meeting's contributions and summarise them live.

    Parameters
    ----------
    project : Project or str or Path
        A project loaded from a folder, or the folder's path.
    meeting_id : str
        The meeting to tally (in the project's meetings).
    coder : str, default "primary"
    now : callable, optional
        Time source for the meeting clock (tests).
    model : Model, optional
        Only when ``project`` is a path: the model to load it with.

    Raises
    ------
    ActionError
        A workbook project, no meeting chosen, or an unknown meeting.
    DataError
        The project does not validate.
    """

    def __init__(self, project: Project | str | os.PathLike, meeting_id: str, *,
                 coder: str = "primary", now: Callable[[], float] | None = None,
                 model: Model | None = None):
        if not isinstance(project, Project):
            path = resolve_path(project)
            if is_workbook(path):
                raise ActionError(workbook_message(path))
            project = load_project(path, model=model)
        if project.source is None or is_workbook(project.source):
            raise ActionError(workbook_message(project.source or "the project"))
        self.folder: Path = Path(project.source)
        self.project = project
        self.meeting = meeting_record(project, meeting_id)
        self.meeting_id = str(self.meeting["meeting_id"])
        participants = project.participants["participant_id"].astype(str).tolist()
        self.log = EventLog(project.source, self.meeting_id, coder=coder,
                            participants=participants, model=project.model)
        self.session_start = self.log.next_seq - 1  # events after this are this session's
        self.people = expected_people(project, self.meeting_id)
        self.register = Register(project.source, self.meeting_id, participants=participants,
                                 expected=self.people)
        self.people += [p for p in self.register.expected() if p not in self.people]
        self.labels = {p: person_label(project, p) for p in participants}
        times = [float(e["t_seconds"]) for e in self.log.events if _number(e.get("t_seconds"))]
        self.state = read_state(project.source, self.meeting_id)
        saved = self.state.get("clock") or {}
        try:
            self.clock = MeetingClock(float(saved["offset"]), now, saved.get("started_at"))
        except (KeyError, TypeError, ValueError):  # no state yet: paused, at the last event
            self.clock = MeetingClock(max(times, default=0.0), now)
        model = project.model
        self._move_labels = dict(zip(model.moves["move"], model.moves["label"], strict=True))
        self._meetings = project.meetings[project.meetings["meeting_id"] == self.meeting_id]
        self.counts = LiveCounts(participants, model.codes["move"], model.codes["mode"])
        self.indicators = LiveIndicators(project, self._meetings)

    # -- actions ------------------------------------------------------------
    def record(self, participant_id: str, move: str, *, mode: str | None = None,
               focus: str | None = None, group: str | None = None,
               note: str | None = None,
               duration_seconds: float | None = None) -> dict[str, str]:
        """Append one contribution (on disk when this returns); returns it with its seq.

        The time is the meeting clock's if it is running, else blank;
        ``duration_seconds`` is how long it lasted, when timed (talk time).
        """
        seconds = self.seconds()
        return self.log.append(participant_id, move, t_seconds=seconds, mode=mode or None,
                               focus=focus or None, group=group or None, note=note,
                               duration_seconds=duration_seconds)

    def save_state(self, **toggles: str) -> dict[str, Any]:
        """Write the clock (the meeting's, shared by its coders) and this coder's toggles.

        ``toggles`` are ``mode``, ``focus`` and ``group``: what a reopen restores.
        """
        coders = dict(read_state(self.folder, self.meeting_id).get("toggles") or {})
        coders[self.log.coder] = {k: str(v or "") for k, v in toggles.items()}
        self.state = write_state(self.folder, self.meeting_id, clock=self.clock.state(),
                                 toggles=coders)
        return self.state

    def save_speaking(self, started: dict[str, float]) -> None:
        """Keep who is being timed now (participant id to when they started) for a reopen."""
        coders = dict(read_state(self.folder, self.meeting_id).get("speaking") or {})
        coders[self.log.coder] = {str(k): float(v) for k, v in started.items()}
        self.state = write_state(self.folder, self.meeting_id, speaking=coders)

    def speaking_started(self) -> dict[str, float]:
        """Who this coder was timing when the board closed, and since when (``clock.now``)."""
        saved = (self.state.get("speaking") or {}).get(self.log.coder) or {}
        return {str(k): float(v) for k, v in saved.items()
                if str(k) in self.labels and _number(v)}

    def toggles(self) -> dict[str, str]:
        """The mode, focus and group to reopen with: as saved, else the last event's."""
        last = self.log.events[-1] if self.log.events else {}
        saved = (self.state.get("toggles") or {}).get(self.log.coder) or {}
        return {name: str(saved.get(name, last.get(name, "")) or "")
                for name in ("mode", "focus", "group")}

    def seconds(self) -> float | None:
        """The meeting clock's time now, or None when it is not running."""
        return self.clock.elapsed() if self.clock.running else None

    def mark(self, participant_id: str, mark: str) -> dict[str, str]:
        """Mark someone in the register (present, absent, late, left_early), on disk at once.

        ``late`` and ``left_early`` take the meeting clock's time (blank when
        it is not running). Someone marked present or late who is not on the
        board yet is added to it.
        """
        row = self.register.mark(participant_id, mark, self.seconds())
        if mark != "absent" and str(participant_id) not in self.people:
            self.people.append(str(participant_id))
        return row

    def heard(self, participant_id: str) -> dict[str, str] | None:
        """Speaking proves presence: mark someone present who is not marked so yet.

        Returns the attendance row written, or None when nothing needed writing.
        """
        return self.register.speaking(participant_id, self.seconds())

    def undo(self, *, earlier: bool = False) -> dict[str, str] | None:
        """Remove the meeting's latest contribution on disk; returns it or None.

        Only one recorded since this tally opened, unless ``earlier`` is True:
        an earlier one raises :class:`~collabkit.project.eventlog.EarlierEvent`
        and nothing is removed.
        """
        return self.log.undo_latest(since_seq=None if earlier else self.session_start)

    # -- what the board shows --------------------------------------------------
    def events(self) -> pd.DataFrame:
        """The events of this meeting so far (this coder), as a frame the metrics accept.

        Ids and codes are plain text (blank as missing), ``seq`` whole numbers,
        ``t_seconds`` floats.
        """
        return rows_frame(self.log.events)

    def summary(self) -> LiveSummary:
        """The running picture: share of voice, the four actions, equality, prompt, indicators.

        Re-reads the file first (another tab's clicks too), then adds only
        the events not seen yet to the running counts (:mod:`collabkit.session.tally_counts`).
        """
        from collabkit.metrics.equality import evenness, gini
        from collabkit.metrics.presence import presence_rule
        from collabkit.metrics.prompts import live_prompt

        self.log.reload()
        self.register.reload()
        counts = self.counts
        counts.update(self.log.events)
        spoke = counts.counts()
        marked = self.register.typed()
        here = set(marked.loc[marked["present"].fillna(False).astype(bool), "participant_id"])
        present = presence_rule(np.array([p in here for p in counts.participants], dtype=bool),
                                spoke > 0)
        total = int(spoke.sum())
        ids = np.array(counts.participants, dtype=object)
        keep = np.array([p in self.people for p in counts.participants], dtype=bool) | (spoke > 0)
        voice = pd.DataFrame({"participant_id": ids[keep],
                              "label": [self.labels[p] for p in ids[keep]],
                              "contributions": spoke[keep],
                              "share_of_voice": spoke[keep] / total if total else np.nan})
        moves = self.project.model.moves["move"].astype(str).tolist()
        count = np.array([counts.by_move.get(m, 0) for m in moves], dtype=np.int64)
        moves_frame = pd.DataFrame({"move": moves, "label": [self._move_labels[m] for m in moves],
                                    "count": count,
                                    "share": count / total if total else np.nan})
        top = int(np.argmax(spoke)) if total else None
        events = counts.prompt_events()  # no coder column: this board's coder counts here
        return LiveSummary(voice=voice, moves=moves_frame, contributions=total,
                           present=int(present.sum()), silent=int((present & (spoke == 0)).sum()),
                           gini=gini(spoke[present], correct=True) if total else np.nan,
                           evenness=evenness(spoke[present]) if total else np.nan,
                           prompt=live_prompt(events, model=self.project.model),
                           not_heard=tuple(p for p in self.people if not counts.by_person.get(p)),
                           top_speaker=None if top is None else counts.participants[top],
                           top_share=0.0 if top is None else float(spoke[top] / total),
                           labels=dict(self.labels), **self.indicators.read(counts))

    def arrange(self, order: list[str] | str) -> list[str]:
        """Put the people on the board in the facilitator's order; returns the new order.

        ``order`` is a list of participant ids (seating order: those named
        come first, in that order, then the rest as before), or ``"list"``
        (participants' order), ``"name"`` or ``"role"``.
        """
        if isinstance(order, str):
            self.people = order_people(self.project, self.people, by=order)
        else:
            wanted = [str(p) for p in order if str(p) in self.people]
            self.people = list(dict.fromkeys(wanted)) + [p for p in self.people
                                                         if p not in wanted]
        return list(self.people)


def _number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True
