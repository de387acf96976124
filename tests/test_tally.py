"""LiveTally: recording through the event log, the clock, and the live picture from the metrics."""

from __future__ import annotations

import math

import pytest

from collabkit import load_project
from collabkit.errors import ActionError
from collabkit.metrics.equality import gini
from collabkit.metrics.moves import live_prompt
from collabkit.session.tally import LiveTally, MeetingClock


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_clock_starts_pauses_and_resumes():
    time = FakeTime()
    clock = MeetingClock(offset=60, now=time)
    assert clock.elapsed() == 60 and not clock.running
    clock.start()
    time.now += 65
    assert clock.elapsed() == 125 and clock.text() == "2:05"
    clock.stop()
    time.now += 1000
    assert clock.elapsed() == 125
    clock.start()
    time.now += 3600
    assert clock.text() == "1:02:05"


def test_record_uses_the_clock_and_resumes_from_the_last_time(tiny_dir):
    time = FakeTime()
    tally = LiveTally(tiny_dir, "M1", now=time)
    assert tally.clock.elapsed() == 160  # M1's last event was at 160 s
    assert tally.record("U1", "move")["t_seconds"] == ""  # clock not running
    tally.clock.start()
    time.now += 12.5
    event = tally.record("S1", "follow", mode="dialogue", focus="solution", group="A")
    assert (event["t_seconds"], event["mode"], event["focus"], event["group"]) == (
        "172.5", "dialogue", "solution", "A")
    assert event["seq"] == "8"
    project = load_project(tiny_dir)
    assert project.events["seq"].max() == 8


def test_the_people_on_the_board_are_those_present(tiny_dir):
    tally = LiveTally(tiny_dir, "M1")
    assert tally.people == ["S1", "S2", "U1", "C1"]  # P1 was expected but absent
    assert tally.labels["U1"] == "Zoë E. (U1)"


def test_summary_is_what_the_metrics_say(tiny_dir):
    tally = LiveTally(tiny_dir, "M3")  # S1 move, S1 move, U1 follow; C1 absent
    summary = tally.summary()
    voice = summary.voice.set_index("participant_id")
    assert voice["contributions"].to_dict() == {"S1": 2, "U1": 1}
    assert voice.loc["S1", "share_of_voice"] == pytest.approx(2 / 3)
    assert summary.moves.set_index("move")["count"].to_dict() == {
        "move": 2, "follow": 1, "oppose": 0, "bystand": 0}
    assert summary.contributions == 3
    assert summary.gini == pytest.approx(gini([2, 1], correct=True))
    for person in ("S1", "U1", "S1"):
        tally.record(person, "move")
    after = tally.summary()
    assert after.prompt == live_prompt(tally.events(), model=tally.project.model)
    assert after.prompt == "Three moves in a row with nothing followed: try following one."
    tally.record("U1", "follow")  # a follow ends the serial moves...
    assert tally.summary().prompt == live_prompt(tally.events(), model=tally.project.model)
    assert tally.summary().prompt != after.prompt


def test_a_silent_attendee_counts_in_equality(tiny_dir):
    tally = LiveTally(tiny_dir, "M1")
    summary = tally.summary()
    assert summary.voice["participant_id"].tolist() == ["S1", "S2", "U1", "C1"]
    empty = LiveTally(tiny_dir, "M2", coder="nobody").summary()
    assert empty.contributions == 0 and math.isnan(empty.gini)


def test_events_frame_follows_undo_and_other_boards(tiny_dir):
    tally = LiveTally(tiny_dir, "M1")
    other = LiveTally(tiny_dir, "M1")
    tally.record("S1", "move")
    other.record("U1", "follow")
    tally.record("C1", "oppose")  # catches up with the other board first
    assert tally.events()["seq"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert tally.undo()["seq"] == "9"
    assert tally.events()["seq"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]
    assert tally.events()["participant_id"].tolist()[-1] == "U1"


def test_workbook_and_unknown_meeting_are_refused(tiny_dir, tmp_path):
    workbook = tmp_path / "tiny.xlsx"
    load_project(tiny_dir).save(workbook)
    with pytest.raises(ActionError, match=r"the live tally needs a project folder: run "
                                          r"`collabkit export .*tiny.xlsx --to csv --out"):
        LiveTally(workbook, "M1")
    with pytest.raises(ActionError, match="the live tally needs a project folder"):
        LiveTally(load_project(workbook), "M1")
    with pytest.raises(ActionError, match="unknown meeting 'M9'"):
        LiveTally(tiny_dir, "M9")


def test_summary_says_who_is_not_heard_yet_and_the_largest_share(tiny_dir):
    tally = LiveTally(tiny_dir, "M3")  # S1 twice, U1 once
    tally.people.append("C1")  # a late arrival, not heard yet
    summary = tally.summary()
    assert summary.not_heard == ("C1",)
    assert summary.top_speaker == "S1" and summary.top_share == pytest.approx(2 / 3)
    assert summary.labels["C1"] == "Siân P. (C1)"
    quiet = LiveTally(tiny_dir, "M2", coder="nobody").summary()
    assert quiet.not_heard == ("S1", "S2", "U1", "C1") and quiet.top_speaker is None


def test_people_in_seating_order_or_by_name_or_role(tiny_dir):
    tally = LiveTally(tiny_dir, "M1")
    assert tally.arrange(["C1", "U1", "nobody"]) == ["C1", "U1", "S1", "S2"]
    assert tally.arrange("list") == ["S1", "S2", "U1", "C1"]
    assert tally.arrange("name") == ["S1", "S2", "C1", "U1"]  # Alex, Bea, Siân, Zoë
    assert tally.arrange("role") == ["U1", "C1", "S1", "S2"]  # the model's order of roles
    with pytest.raises(ActionError, match="unknown order 'age'"):
        tally.arrange("age")
