"""The register: present, absent, late and left early, written as the meeting happens."""

from __future__ import annotations

import csv

import pytest

from collabkit import DataError, load_project
from collabkit.metrics.participation import meeting_equality
from collabkit.session.groups import save_groups
from collabkit.session.tally import LiveTally
from collabkit.widgets import TallyBoard
from tests.test_widgets_tally import button, names, text


def register(folder, meeting="M1"):
    with open(folder / "attendance.csv", encoding="utf-8", newline="") as handle:
        return {r["participant_id"]: r for r in csv.DictReader(handle) if r["meeting_id"] == meeting}


def fake_clock(start=1000.0):
    now = [start]
    return now, (lambda: now[0])


def test_marks_are_on_disk_with_the_clock_times(tiny_dir):
    now, source = fake_clock()
    tally = LiveTally(tiny_dir, "M1", now=source)
    assert tally.clock.elapsed() == 160  # resumed from the last event's time
    tally.clock.start()
    now[0] += 90
    tally.mark("P1", "late")
    now[0] += 600
    tally.mark("C1", "left_early")
    tally.mark("S2", "absent")
    rows = register(tiny_dir)
    assert (rows["P1"]["present"], rows["P1"]["arrived"]) == ("yes", "250")
    assert (rows["C1"]["present"], rows["C1"]["left_at"], rows["C1"]["arrived"]) == (
        "yes", "850", "")
    assert rows["S2"]["present"] == "no"
    assert register(tiny_dir, "M2")["C1"]["group"] == "B"  # other meetings untouched
    assert "P1" in tally.people
    project = load_project(tiny_dir)
    assert project.attendance["arrived"].notna().sum() == 1


def test_leaving_before_arriving_is_a_problem(tiny_dir):
    path = tiny_dir / "attendance.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",arrived,left_at"] + [line + ",," for line in lines[1:]]
    path.write_text("\n".join(lines + ["M3,S2,yes,,300,120"]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="left_at 120 is before arrived 300"):
        load_project(tiny_dir)


def test_a_blank_present_is_expected_not_marked(tiny_dir):
    with open(tiny_dir / "attendance.csv", "a", encoding="utf-8") as handle:
        handle.write("M3,S2,,\n")
    project = load_project(tiny_dir)
    row = project.attendance[(project.attendance["meeting_id"] == "M3")
                             & (project.attendance["participant_id"] == "S2")]
    assert row["present"].isna().all()
    assert not project.warnings()  # not marked is not "absent"
    tally = LiveTally(project, "M3")
    assert "S2" in tally.people and tally.register.status("S2") == "not marked"
    assert tally.summary().present == 2  # S1 and U1 spoke; S2 not marked and silent


def test_saving_groups_marks_nobody_present(tiny_dir):
    save_groups(tiny_dir, "M3", {"A": ["S1", "S2"], "B": ["U1"]})
    rows = register(tiny_dir, "M3")
    assert rows["S2"]["present"] == "" and rows["S2"]["group"] == "A"
    assert rows["S1"]["present"] == "yes"  # already marked: kept
    assert LiveTally(tiny_dir, "M3").register.status("S2") == "not marked"


def test_speaking_proves_presence_and_updates_the_register(tiny_dir):
    now, source = fake_clock()
    board = TallyBoard(tiny_dir, "M3")
    board.tally.clock = type(board.tally.clock)(0.0, source)
    board.start_clock()
    now[0] += 42
    board.add_person("C1")  # marked absent, then arrives
    assert register(tiny_dir, "M3")["C1"]["arrived"] == "42"
    board.tally.register.mark("C1", "absent")  # say the register was wrong...
    now[0] += 8
    button(board, "C1", "move").click()  # ...speaking proves presence
    row = register(tiny_dir, "M3")["C1"]
    assert (row["present"], row["arrived"]) == ("yes", "50")
    assert "marked present in the register" in text(board.status.value)
    board.record("S2", "follow")  # no attendance row at all
    assert register(tiny_dir, "M3")["S2"]["present"] == "yes"
    assert "S2" in [p for p in board.tally.people]


def test_the_first_click_of_a_meeting_with_no_register_keeps_everyone_on_the_board(tiny_dir):
    with open(tiny_dir / "meetings.csv", "a", encoding="utf-8") as handle:
        handle.write("M4,2026-04-06,impact,Looking back,in_person,90,\n")
    board = TallyBoard(tiny_dir, "M4")
    everyone = list(board.tally.people)
    assert len(everyone) > 1
    board.record(everyone[0], "move")  # speaking marks them present...
    rows = register(tiny_dir, "M4")
    assert rows[everyone[0]]["present"] == "yes"
    assert {p: rows[p]["present"] for p in everyone[1:]} == {p: "" for p in everyone[1:]}
    assert TallyBoard(tiny_dir, "M4").tally.people == everyone  # ...and hides no one else


def test_a_late_arrival_keeps_their_buttons_after_a_reload(tiny_dir):
    board = TallyBoard(tiny_dir, "M3")
    board.late.value = "S2"
    board.late_button.click()
    assert "Register saved: Bea S. (S2) arrived late (no time: the clock is not running), " \
        "in M3." in text(board.status.value)
    assert register(tiny_dir, "M3")["S2"]["present"] == "yes"
    again = TallyBoard(tiny_dir, "M3")
    assert any("(S2)" in label for label in names(again))
    button(again, "S2", "move")  # the button is there


def test_register_buttons_on_the_board(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    board.register_person.value = "U1"
    board.register_buttons["absent"].click()
    assert register(tiny_dir)["U1"]["present"] == "no"
    assert "Register saved: Zoë E. (U1) absent, in M1." in text(board.status.value)
    assert "absent: " in text(board.register_text.value)
    assert not any("(U1)" in label for label in names(TallyBoard(tiny_dir, "M1")))


def test_a_register_that_cannot_be_written_says_so(tiny_dir, monkeypatch):
    board = TallyBoard(tiny_dir, "M1")

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tiny_dir / "attendance.csv"))

    monkeypatch.setattr("collabkit.session.register.write_csv", full)
    board.register_person.value = "U1"
    board.register_buttons["absent"].click()
    status = text(board.status.value)
    assert "Register saved" not in status and "No space left on device" in status
    assert register(tiny_dir)["U1"]["present"] == "yes"
    board.tally.register.rows.pop("C1")  # C1 not marked yet: the click must update the register
    button(board, "C1", "move").click()
    status = text(board.status.value)
    assert "Saved #7" in status and "the register could not be updated" in status


def test_board_and_report_count_the_same_people_present(tiny_dir):
    """A meeting with no attendance rows: the board and the report count the same people."""
    with open(tiny_dir / "meetings.csv", "a", encoding="utf-8") as handle:
        handle.write("M4,2026-03-09,make_change,No register,,,\n")
    board = TallyBoard(tiny_dir, "M4")
    assert len(board.tally.people) == 4  # everyone taking part that day has buttons
    summary = board.refresh()
    assert summary is not None and summary.present == 0  # nobody marked or heard yet
    for person in ("S1", "U1", "S1"):
        board.record(person, "move")
    summary = board.refresh()
    report = meeting_equality(load_project(tiny_dir)).set_index("meeting_id").loc["M4"]
    assert summary.present == int(report["present"]) == 2
    assert summary.silent == int(report["silent"]) == 0
    assert summary.gini == pytest.approx(float(report["gini"]))
    assert "2 present" in text(board.chart.value)
    board.mark("C1", "present")  # marked, silent: counted by both
    summary = board.refresh()
    report = meeting_equality(load_project(tiny_dir)).set_index("meeting_id").loc["M4"]
    assert summary.present == int(report["present"]) == 3
    assert summary.silent == int(report["silent"]) == 1


# -- state that survives a reopen -----------------------------------------------------


def test_reopening_restores_the_running_clock_and_the_toggles(tiny_dir):
    now, source = fake_clock()
    board = TallyBoard(tiny_dir, "M2")
    board.tally.clock = type(board.tally.clock)(0.0, source)
    board.start_clock()
    board.mode.value, board.focus.value, board.group.value = "debate", "solution", "B"
    now[0] += 125  # the kernel dies; the facilitator reloads the page two minutes later
    again = TallyBoard(tiny_dir, "M2")
    again.tally.clock._now = source  # the same wall clock
    assert again.tally.clock.running and again.clock_button.value
    assert again.tally.clock.elapsed() == pytest.approx(125)
    assert (again.mode.value, again.focus.value, again.group.value) == (
        "debate", "solution", "B")
    event = again.record("S1", "move")
    assert float(event["t_seconds"]) == pytest.approx(125)
    assert (event["mode"], event["focus"], event["group"]) == ("debate", "solution", "B")
    again.stop_clock()
    now[0] += 60
    third = TallyBoard(tiny_dir, "M2")
    assert not third.tally.clock.running and third.tally.clock.elapsed() == pytest.approx(125)


def test_without_saved_state_the_toggles_follow_the_last_event(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    last = board.tally.log.events[-1]
    assert (board.mode.value, board.focus.value) == (last["mode"], last["focus"])
    assert not board.tally.clock.running


# -- undo scope and two tabs ----------------------------------------------------------


def test_undo_reaches_an_earlier_event_only_when_confirmed(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")  # six events from an earlier session
    board.undo_button.click()
    assert len(disk_seqs(tiny_dir)) == 6  # nothing removed yet
    assert "Undo an earlier event? #6" in text(board.status.value)
    assert board.undo_button.description == "Undo an earlier event?"
    button(board, "S1", "move").click()  # anything else keeps it
    assert board.undo_button.description == "Undo last"
    board.undo_button.click()
    assert disk_seqs(tiny_dir) == ["1", "2", "3", "4", "5", "6"]  # this session's #7 went
    board.undo_button.click()
    board.undo_button.click()  # confirmed
    assert disk_seqs(tiny_dir) == ["1", "2", "3", "4", "5"]
    assert "Removed #6" in text(board.status.value)


def test_undo_removes_the_latest_event_from_either_tab(tiny_dir):
    first, second = TallyBoard(tiny_dir, "M1"), TallyBoard(tiny_dir, "M1")
    first.record("S1", "move")
    second.record("U1", "follow")
    first.undo_button.click()  # the latest on disk is the other tab's
    assert disk_seqs(tiny_dir)[-1] == "7"
    assert "Removed #8: Zoë E. (U1)" in text(first.status.value)


def test_a_second_tab_is_told_and_sees_the_others_clicks(tiny_dir):
    first = TallyBoard(tiny_dir, "M1")
    assert "also open" not in text(first.shared.value)
    second = TallyBoard(tiny_dir, "M1")
    assert "also open in another tab or device" in text(second.shared.value)
    second.record("U1", "follow")
    second.record("U1", "follow")
    first.refresh()  # as before drawing anything: from disk
    assert "also open in another tab or device" in text(first.shared.value)
    assert "Zoë E. (U1) · 4 contributions" in text(first.buttons.children[2].children[0].value)
    second.close()
    first.refresh()
    assert "also open" not in text(first.shared.value)


def disk_seqs(folder, meeting="M1"):
    with open(folder / "events.csv", encoding="utf-8", newline="") as handle:
        return [r["seq"] for r in csv.DictReader(handle) if r["meeting_id"] == meeting]


# -- coders ---------------------------------------------------------------------------


def test_a_second_coder_counts_their_own_events_and_the_report_compares_them(tiny_dir):
    from collabkit.reliability import coder_agreement

    primary = TallyBoard(tiny_dir, "M3")
    second = TallyBoard(tiny_dir, "M3", coder="second")
    assert "coded by second" in text(second.title_text.value)
    assert second.refresh().contributions == 0  # not the primary coder's three
    for person, move in (("S1", "move"), ("S1", "move"), ("U1", "follow")):
        second.record(person, move)
    summary = second.refresh()
    assert summary.contributions == 3 and summary.top_speaker == "S1"
    assert "Alex T. (S1) · 2 contributions" in text(second.buttons.children[0].children[0].value)
    assert primary.refresh().contributions == 3  # the primary's own, unchanged
    agreement = coder_agreement(load_project(tiny_dir).events).set_index("meeting_id")
    assert agreement.loc["M3", "coders"] == 2 and agreement.loc["M3", "raw_agreement"] == 1.0


def test_the_coder_box_reopens_the_meeting_as_that_coder(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    board.coder_box.value = "second"
    assert board.tally is not None and board.tally.log.coder == "second"
    assert board.refresh().contributions == 0
    board.record("S1", "move")
    with open(tiny_dir / "events.csv", encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle))[-1]["coder"] == "second"


# -- talk time ------------------------------------------------------------------------


def test_speaking_now_gives_the_contribution_its_length(tiny_dir):
    now, source = fake_clock()
    board = TallyBoard(tiny_dir, "M1", talk_time=True)
    board.tally.clock = type(board.tally.clock)(0.0, source)
    toggle = board._talk_toggles["U1"]
    assert "collabkit-tally-U1-speaking" in toggle._dom_classes
    toggle.value = True
    now[0] += 42.5
    button(board, "U1", "move").click()
    row = disk_rows(tiny_dir)[-1]
    assert (row["participant_id"], row["duration_seconds"]) == ("U1", "42.5")
    assert "(spoke for 0:42)" in text(board.status.value) and not toggle.value
    button(board, "U1", "follow").click()  # not timed: no length
    assert disk_rows(tiny_dir)[-1]["duration_seconds"] == ""
    board._talk_toggles["S1"].value = True
    board._talk_toggles["S1"].value = False  # stopped without an action
    assert "nothing saved" in text(board.status.value)
    assert load_project(tiny_dir).events["duration_seconds"].notna().sum() == 1


def test_the_talk_time_toggles_are_optional(tiny_dir):
    board = TallyBoard(tiny_dir, "M1")
    assert not board._talk_toggles and len(board.buttons.children[0].children) == 2
    board.talk_box.value = True
    assert set(board._talk_toggles) == {"S1", "S2", "U1", "C1"}
    assert len(board.buttons.children[0].children) == 3


def test_a_negative_duration_is_refused(tiny_dir):
    from collabkit.errors import ActionError

    tally = LiveTally(tiny_dir, "M1")
    with pytest.raises(ActionError, match="duration_seconds must be 0 or more"):
        tally.record("S1", "move", duration_seconds=-3)


def test_the_report_sets_talk_time_beside_contributions(tiny_dir):
    from collabkit.metrics import timed_talk
    from collabkit.report import sections_people
    from collabkit.report.params import open_project

    project, params = open_project(load_project(tiny_dir))
    assert timed_talk(project).empty
    assert "Share of talk time" not in str(sections_people.voice(project, params).data)
    tally = LiveTally(tiny_dir, "M2")
    tally.record("S1", "move", duration_seconds=90)
    tally.record("U1", "follow", duration_seconds=30)
    tally.record("U1", "follow")
    project, params = open_project(load_project(tiny_dir))
    talk = timed_talk(project).set_index("participant_id")
    assert talk.loc["S1", "share_of_talk"] == pytest.approx(0.75)
    assert talk.loc["U1", "timed_contributions"] == 1
    assert talk["contributions"].sum() == len(load_project(tiny_dir).events.query(
        "meeting_id == 'M2' and coder == 'primary'"))
    page = str(sections_people.voice(project, params).data)
    assert "Share of talk time" in page and "75%" in page and "1:30" in page


def disk_rows(folder, meeting="M1"):
    with open(folder / "events.csv", encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["meeting_id"] == meeting]


def test_prepare_session_marks_apologies_and_the_groups_leave_them_out(tiny_dir):
    from collabkit.widgets import GroupSplitter

    splitter = GroupSplitter(tiny_dir, "M3", size=2, seed=1)
    splitter.register_person.value = "S2"
    splitter.register_buttons["absent"].click()
    assert register(tiny_dir, "M3")["S2"]["present"] == "no"
    assert "Register saved: Bea S. (S2) absent (sent apologies), for M3." in text(
        splitter.status.value)
    assert "sent apologies: Siân P. (C1) and Bea S. (S2)" in text(splitter.register_text.value)
    grouped = {p for people in splitter.split().groups.values() for p in people}
    assert "S2" not in grouped and "C1" not in grouped  # both marked absent
    splitter.register_person.value = "C1"
    splitter.register_buttons["present"].click()
    assert register(tiny_dir, "M3")["C1"]["present"] == "yes"


def test_a_tab_seen_a_minute_ago_or_more_is_not_counted_as_open(tiny_dir):
    import time

    from collabkit.session.tally_state import SEEN_WITHIN, board_seen

    first = TallyBoard(tiny_dir, "M1")
    board_seen(tiny_dir, "M1", "closed-tab", 0.0)  # a tab closed long ago, never said so
    first._seen_at = -1e18
    first.refresh()
    assert "also open" not in text(first.shared.value)
    board_seen(tiny_dir, "M1", "other-tab", time.time() - SEEN_WITHIN / 2)
    first.refresh()
    assert "Note: this meeting is also open in another tab or device" in text(first.shared.value)


@pytest.mark.slow
def test_a_board_leaves_the_open_list_when_its_kernel_ends(tiny_dir):
    """Voila ends the kernel when the page closes: the board must not count as open after."""
    import json

    from jupyter_client.manager import start_new_kernel

    from collabkit.session.tally_state import open_path
    from tests.conftest import ROOT

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        reply = client.execute_interactive(
            f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from collabkit.widgets import TallyBoard\n"
            f"board = TallyBoard({str(tiny_dir)!r}, 'M1')\n", timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]
        listed = json.loads(open_path(tiny_dir, "M1").read_text(encoding="utf-8"))
        assert len(listed) == 1
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)  # a shutdown request, as Voila sends
    assert json.loads(open_path(tiny_dir, "M1").read_text(encoding="utf-8")) == {}


def test_speaking_now_is_restored_on_reopen(tiny_dir):
    board = TallyBoard(tiny_dir, "M1", talk_time=True)
    board._talk_toggles["U1"].value = True
    started = board._speaking["U1"]
    reopened = TallyBoard(tiny_dir, "M1")  # a reload: talk time comes back on, U1 still timed
    assert reopened.talk_time and reopened._talk_toggles["U1"].value
    assert reopened._speaking == {"U1": started}
    button(reopened, "U1", "move").click()
    assert disk_rows(tiny_dir)[-1]["duration_seconds"] != ""
    assert not reopened._talk_toggles["U1"].value
    again = TallyBoard(tiny_dir, "M1", talk_time=True)  # saved and no longer timed
    assert not again._speaking and not again._talk_toggles["U1"].value


def test_the_other_tab_notice_follows_the_clock_without_a_click(tiny_dir):
    first = TallyBoard(tiny_dir, "M1")
    assert "also open" not in text(first.shared.value)
    second = TallyBoard(tiny_dir, "M1")
    assert "also open" not in text(first.shared.value)  # nothing redrawn yet
    first.ticker.value += 1  # the clock's tick, every second while it runs
    assert "also open in another tab or device" in text(first.shared.value)
    second.close()
    first.ticker.value += 1
    assert "also open" not in text(first.shared.value)
