"""TallyBoard driven from code: clicks reach the file before the board says so."""

from __future__ import annotations

import csv
import html
import os
import re
import shutil

from collabkit import load_project
from collabkit.widgets import TallyBoard


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def disk(folder, meeting="M1"):
    with open(folder / "events.csv", encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["meeting_id"] == meeting]


def button(board: TallyBoard, person: str, move: str):
    for card in board.buttons.children:
        for child in card.children[1].children:
            if f"collabkit-tally-{person}-{move}" in child._dom_classes:
                return child
    raise AssertionError(f"no button for {person} {move}")


def names(board: TallyBoard) -> list[str]:
    return [text(card.children[0].value) for card in board.buttons.children]


def test_a_button_per_present_person_and_action(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    labels = names(board)
    assert len(labels) == 4 and "Zoë E. (U1)" in labels[2]  # P1 absent: no buttons
    assert [b.description for b in board.buttons.children[0].children[1].children] == [
        "Move", "Follow", "Oppose", "Bystand"]
    assert all(b.layout.height == "44px" for b in board.buttons.children[0].children[1].children)
    assert "resumed with 6 contributions" in text(board.status.value)
    assert "M1 · 5 Jan 2026 · The Big Idea" in text(board.title_text.value)


def test_click_appends_to_disk_with_the_toggles(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    board.mode.value = "debate"
    board.focus.value = "solution"
    button(board, "C1", "oppose").click()
    last = disk(tiny_dir)[-1]
    assert (last["seq"], last["participant_id"], last["move"], last["mode"], last["focus"]) == (
        "7", "C1", "oppose", "debate", "solution")
    assert "Saved #7: Siân P. (C1), Oppose, in M1." in text(board.status.value)
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


def test_live_prompt_appears_for_serial_moves_but_not_across_opposes(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    for person, move in (("S1", "move"), ("U1", "oppose"), ("C1", "move"), ("S2", "oppose"),
                         ("U1", "move")):
        button(board, person, move).click()
    assert board.prompt.value == ""  # three moves, but each one opposed
    for person in ("U1", "S1", "C1"):
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
    board.meeting.value = "M2"  # choosing the meeting opens it: no second step to forget
    assert len(board.buttons.children) == 4
    assert board.group.options[1:] == (("group A", "A"), ("group B", "B"))
    board.group.value = "B"
    button(board, "C1", "bystand").click()
    assert disk(tiny_dir, "M2")[-1]["group"] == "B"


def test_clock_times_the_events(tiny_dir, monkeypatch):
    now = [500.0]
    monkeypatch.setattr("collabkit.session.tally.time.time", lambda: now[0])
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
    assert board.press("Q7", "move") is None
    assert "unknown participant 'Q7'" in text(board.status.value)
    assert (tiny_dir / "events.csv").read_bytes() == before

    button(board, "S2", "follow").click()
    assert "Saved #7" in text(board.status.value)

    def full(path, data):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("collabkit.project.eventlog._append_durably", full)
    button(board, "S1", "move").click()
    message = text(board.status.value)
    assert message.startswith("Problem: Not saved: Alex T. (S1), Move, in M1.")
    assert "Could not write" in message and "No space left on device" in message
    assert "Saved" not in message  # the earlier success is gone from the one status place
    assert "form" not in message and "Traceback" not in message
    assert disk(tiny_dir)[-1]["seq"] == "7"
    monkeypatch.undo()
    assert board.record("S1", "move")["seq"] == "8"  # nothing skipped
    assert "Saved #8: Alex T. (S1), Move, in M1." in text(board.status.value)


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


# -- the board in the room: the right meeting, honest acknowledgement, who is heard --------


def test_choosing_another_meeting_opens_it_so_clicks_go_where_the_board_says(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    board.meeting.value = "M2"  # chosen, no other button pressed
    assert board.tally.meeting_id == "M2" and "M2 ·" in text(board.title_text.value)
    button(board, "C1", "move").click()
    assert disk(tiny_dir, "M2")[-1]["participant_id"] == "C1"
    assert [r["seq"] for r in disk(tiny_dir, "M1")] == ["1", "2", "3", "4", "5", "6"]
    assert "in M2" in text(board.status.value)
    board.meeting.value = ""  # no meeting: no buttons, nothing can be recorded
    assert board.tally is None and board.buttons.children == ()
    assert board.undo_button.disabled


def test_a_meeting_that_cannot_open_leaves_no_other_meeting_open(tiny_dir, monkeypatch):
    board = TallyBoard(tiny_dir, "M1")

    def broken(*args, **kwargs):
        raise OSError(13, "Permission denied", str(tiny_dir / "events.csv"))

    monkeypatch.setattr("collabkit.widgets.tally.LiveTally", broken)
    board.meeting.value = "M2"
    assert board.tally is None and board.buttons.children == ()
    assert "Permission denied" in text(board.status.value)
    assert "No meeting open" in text(board.title_text.value)


def test_a_read_only_project_says_so_on_opening_and_turns_the_buttons_off(tiny_dir, monkeypatch):
    real = os.access
    monkeypatch.setattr("collabkit.session.workspace.os.access",
                        lambda path, mode: False if mode == os.W_OK else real(path, mode))
    before = (tiny_dir / "events.csv").read_bytes()
    board = TallyBoard(tiny_dir, "M1")
    message = text(board.status.value)
    assert "read-only" in message and "nothing can be recorded" in message
    assert "Each click" not in message  # no promise the board cannot keep
    assert all(button(board, p, "move").disabled for p in ("S1", "S2", "U1", "C1"))
    assert board.undo_button.disabled
    assert board.press("S1", "move") is None
    assert "Not saved: Alex T. (S1), Move, in M1." in text(board.status.value)
    assert (tiny_dir / "events.csv").read_bytes() == before


def test_people_not_heard_yet_are_marked_in_words(tiny_dir):
    with open(tiny_dir / "meetings.csv", "a", encoding="utf-8") as handle:
        handle.write("M4,2026-03-20,make_change,Open evening,in_person,60,60\n")
    board = TallyBoard(tiny_dir, "M4")
    assert all("not heard yet" in label for label in names(board))
    assert all("collabkit-not-heard" in card._dom_classes for card in board.buttons.children)
    button(board, "U1", "move").click()
    card = board.buttons.children[names(board).index(next(
        n for n in names(board) if "(U1)" in n))]
    assert "collabkit-not-heard" not in card._dom_classes
    assert "Zoë E. (U1) · 1 contribution" in text(card.children[0].value)
    chart = text(board.chart.value)
    assert "1 of 4 people heard" in chart and "not heard yet: Alex T. (S1)" in chart
    assert "Gini" not in chart and "evenness" not in chart


def test_people_in_the_facilitators_order(tiny_dir):
    board = TallyBoard(tiny_dir, "M1", seating=["C1", "U1"])
    assert [re.search(r"\((\w+)\)", n).group(1) for n in names(board)] == ["C1", "U1", "S1", "S2"]
    board.move_person("S2", -1)
    assert "(S2)" in names(board)[2]
    board.order_menu.value = "name"
    assert [n.split(" ")[0] for n in names(board)] == ["Alex", "Bea", "Siân", "Zoë"]
    board.record("S1", "move")
    board.meeting.value = "M2"  # the chosen order carries to the next meeting
    assert [n.split(" ")[0] for n in names(board)] == ["Alex", "Bea", "Siân", "Zoë"]


def test_a_bundled_example_is_tallied_in_a_working_copy(tmp_path):
    from collabkit.resources import find_repo_path

    example = find_repo_path("data/examples/riverside_crisis_cafe")
    before = (example / "events.csv").read_bytes()
    board = TallyBoard("data/examples/riverside_crisis_cafe", "M12", work_folder=tmp_path)
    assert board.project_path == tmp_path / "riverside_crisis_cafe"
    assert str(tmp_path / "riverside_crisis_cafe") in text(board.where.value)
    assert "never changed" in text(board.where.value)
    board.press("P03", "follow")
    assert (example / "events.csv").read_bytes() == before
    assert disk(tmp_path / "riverside_crisis_cafe", "M12")[-1]["participant_id"] == "P03"
    again = TallyBoard("data/examples/riverside_crisis_cafe", "M12", work_folder=tmp_path)
    assert "made earlier" in text(again.where.value)
    assert again.tally.log.next_seq == board.tally.log.next_seq  # carries on with the copy


def test_a_picker_chooses_the_project_and_meeting_from_the_page(tiny_dir, tmp_path):
    from collabkit.widgets import ProjectPicker

    other = tmp_path / "other"
    shutil.copytree(tiny_dir, other)
    picker = ProjectPicker(tiny_dir, "")
    board = TallyBoard(picker)
    assert board.meeting.layout.display == "none"  # one place to choose: the picker
    assert board.tally is None
    picker.meeting.value = "M2"
    assert board.tally.meeting_id == "M2"
    picker.choice.value = str(other)
    picker.open_button.click()
    assert board.project_path == other and board.tally.meeting_id == "M2"
    button(board, "S1", "move").click()
    assert disk(other, "M2")[-1]["participant_id"] == "S1"
    assert disk(tiny_dir, "M2")[-1]["participant_id"] == "S2"  # the first project untouched
    picker.meeting.value = ""
    assert board.tally is None


def test_the_board_title_does_not_repeat_the_step_the_meeting_is_named_after(tiny_dir):
    meetings = tiny_dir / "meetings.csv"
    rows = list(csv.DictReader(meetings.open(encoding="utf-8")))
    step = load_project(tiny_dir).model.element_name(rows[0]["step"])
    rows[0]["title"] = f"{step.lower()} (2)"
    with meetings.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    board = TallyBoard(tiny_dir, meeting_id=rows[0]["meeting_id"])
    title = text(board.title_text.value)
    assert title.endswith(f" · {step.lower()} (2)")
    assert title.count(step.lower()) == 1
    assert f"{step}:" not in title
