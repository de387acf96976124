"""TallyBoard driven from code: clicks reach the file before the board says so."""

from __future__ import annotations

import csv
import re

from collabkit import load_project
from collabkit.widgets import TallyBoard


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'")


def disk(folder, meeting="M1"):
    with open(folder / "events.csv", encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["meeting_id"] == meeting]


def button(board: TallyBoard, person: str, move: str):
    for row in board.buttons.children:
        for child in row.children:
            if f"collabkit-tally-{person}-{move}" in child._dom_classes:
                return child
    raise AssertionError(f"no button for {person} {move}")


def test_a_button_per_present_person_and_action(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    labels = [row.children[0].value for row in board.buttons.children]
    assert len(labels) == 4 and "Zoë E. (U1)" in labels[2]  # P1 absent: no buttons
    assert [b.description for b in board.buttons.children[0].children[1:]] == [
        "Move", "Follow", "Oppose", "Bystand"]
    assert "resumed with 6 contributions" in text(board.status.value)


def test_click_appends_to_disk_with_the_toggles(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    board.mode.value = "debate"
    board.focus.value = "solution"
    button(board, "C1", "oppose").click()
    last = disk(tiny_dir)[-1]
    assert (last["seq"], last["participant_id"], last["move"], last["mode"], last["focus"]) == (
        "7", "C1", "oppose", "debate", "solution")
    assert "Saved #7" in text(board.last.value)
    assert "C1" in text(board.chart.value) and "1 (14%)" in text(board.chart.value)
    board.record("U1", "follow", mode="")  # explicit blank overrides the toggle
    assert disk(tiny_dir)[-1]["mode"] == "" and disk(tiny_dir)[-1]["focus"] == "solution"
    load_project(tiny_dir)


def test_undo_button_removes_the_last_click(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    button(board, "S2", "bystand").click()
    board.undo_button.click()
    assert [r["seq"] for r in disk(tiny_dir)] == ["1", "2", "3", "4", "5", "6"]
    assert "Removed #7" in text(board.status.value)
    assert len(load_project(tiny_dir).events) == 17


def test_reopening_resumes_the_meeting(tiny_dir):
    TallyBoard(tiny_dir, "M1").record("S1", "move")
    again = TallyBoard(tiny_dir, "M1")  # after a kernel restart
    assert again.record("U1", "follow")["seq"] == "8"
    assert [r["seq"] for r in disk(tiny_dir)][-2:] == ["7", "8"]


def test_live_prompt_appears_for_serial_moves(tiny_dir):
    board = TallyBoard(tiny_dir, "M3")
    for person in ("U1", "S1", "U1"):
        button(board, person, "move").click()
    assert "Three moves in a row with nothing followed" in text(board.prompt.value)


def test_without_a_meeting_nothing_is_written_until_one_is_opened(tiny_dir):
    before = (tiny_dir / "events.csv").read_bytes()
    board = TallyBoard(tiny_dir, "")
    assert board.buttons.children == ()
    assert board.run(board.record, "S1", "move") is None
    assert "no meeting open" in text(board.status.value)
    assert (tiny_dir / "events.csv").read_bytes() == before
    assert not (tiny_dir / ".events.lock").exists()
    board.meeting.value = "M2"
    board.open_button.click()
    assert len(board.buttons.children) == 4
    assert board.group.options[1:] == (("group A", "A"), ("group B", "B"))
    board.group.value = "B"
    button(board, "C1", "bystand").click()
    assert disk(tiny_dir, "M2")[-1]["group"] == "B"


def test_clock_times_the_events(tiny_dir, monkeypatch):
    now = [500.0]
    monkeypatch.setattr("collabkit.session.tally.time.monotonic", lambda: now[0])
    board = TallyBoard(tiny_dir, "M2")
    board.clock_button.value = True  # the Start clock toggle
    now[0] += 42
    board.record("U1", "move")
    assert disk(tiny_dir, "M2")[-1]["t_seconds"] == "92"  # resumed from 50 s
    board.stop_clock()
    assert "0:50" not in board.clock_text.value and "(paused)" in board.clock_text.value


def test_unknown_person_and_failed_write_show_a_message_and_write_nothing(tiny_dir, monkeypatch):
    board = TallyBoard(tiny_dir, "M1")
    before = (tiny_dir / "events.csv").read_bytes()
    assert board.run(board.record, "Q7", "move") is None
    assert "unknown participant 'Q7'" in text(board.status.value)

    def full(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("collabkit.project.eventlog._append_durably", full)
    button(board, "S1", "move").click()
    message = text(board.status.value)
    assert "Could not write" in message and "No space left on device" in message
    assert "Traceback" not in message
    assert (tiny_dir / "events.csv").read_bytes() == before
    monkeypatch.undo()
    assert board.record("S1", "move")["seq"] == "7"  # nothing skipped


def test_workbook_project_says_to_export(tiny_dir, tmp_path):
    workbook = tmp_path / "tiny.xlsx"
    load_project(tiny_dir).save(workbook)
    board = TallyBoard(workbook, "M1")
    assert board.tally is None
    assert "the live tally needs a project folder: run `collabkit export" in text(
        board.status.value)


def test_a_broken_project_shows_its_problems(tiny_dir):
    (tiny_dir / "participants.csv").write_text("participant_id,role\nS1,wizard\n")
    board = TallyBoard(tiny_dir, "M1")
    assert board.tally is None and board.project is None
    assert "unknown role 'wizard'" in text(board.status.value)


def test_the_board_displays(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    bundle = board._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_a_late_arrival_gets_buttons(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    assert ("José M. (P1)", "P1") in board.late.options
    board.late.value = "P1"
    board.late_button.click()
    button(board, "P1", "follow").click()
    assert disk(tiny_dir)[-1]["participant_id"] == "P1"
    assert "José M. (P1)" in text(board.chart.value)
    assert board.run(board.add_person, "Q1") is None
    assert "unknown participant 'Q1'" in text(board.status.value)
