"""After the session: the five forms driven from code, checking the files after each action."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from collabkit import load_project
from collabkit.errors import ActionError
from collabkit.session import capture
from collabkit.widgets import AimsBoard, ChecklistPanel, DecisionLog, GlossaryBoard, ReflectionForm


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'")


def table(folder, name):
    return pd.read_csv(folder / f"{name}.csv", dtype=str).fillna("")


def test_reflection_form_saves_and_clears(tiny_dir):
    form = ReflectionForm(tiny_dir, "M3")
    assert [v for _, v in form.reflectors.options] == ["S1", "U1"]  # present at M3
    form.reflectors.value = ("S1", "U1")
    form.process_problems.value = "We rushed the decision"
    form.next_time.value = "Start with the problem"
    form.save_button.click()
    assert "choose how collaborative it felt" in text(form.status.value)
    assert form.process_problems.value == "We rushed the decision"  # kept
    form.how_collaborative.value = 2
    form.save_button.click()
    saved = table(tiny_dir, "reflections").iloc[-1].tolist()
    assert saved == ["M3", "2", "S1;U1", "We rushed the decision", "Start with the problem"]
    assert form.process_problems.value == "" and form.how_collaborative.value == 0
    assert "We rushed the decision" in text(form.saved.value)
    load_project(tiny_dir)


def test_reflection_save_failure_keeps_the_entry(tiny_dir, monkeypatch):
    form = ReflectionForm(tiny_dir, "M1")
    form.how_collaborative.value = 4
    form.next_time.value = "More breaks"

    def full(path, frame):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("collabkit.project.edits.write_csv", full)
    before = (tiny_dir / "reflections.csv").read_bytes()
    form.save_button.click()
    assert "No space left on device" in text(form.status.value)
    assert "still in the form" in text(form.status.value)
    assert form.next_time.value == "More breaks" and form.how_collaborative.value == 4
    assert (tiny_dir / "reflections.csv").read_bytes() == before


def test_checklist_panel_loads_the_meetings_step_and_saves(tiny_dir):
    panel = ChecklistPanel(tiny_dir, "M1")
    assert panel.step.value == "big_idea"
    fields = panel.fields["big_idea_scope_agreed"]
    assert fields["status"].value == "partly"
    fields["status"].value = "done"
    fields["evidence"].value = "Minutes of M1, item 3"
    assert fields["involved_roles"].value == ["Staff"]  # the role's name, not its code
    fields["involved_roles"].value = ["Staff", "Carer"]
    panel.fields["big_idea_reason_clear"]["status"].value = "not_applicable"
    panel.save_button.click()
    rows = table(tiny_dir, "checklist").set_index("item_id")
    assert rows.loc["big_idea_scope_agreed"].tolist() == [
        "big_idea", "done", "Minutes of M1, item 3", "2026-01-05", "staff;carer"]
    assert rows.loc["big_idea_reason_clear", "date"] == "2026-01-05"
    assert rows.loc["understand_many_sources", "status"] == "not_done"  # other steps kept
    panel.step.value = "understand"
    assert panel.fields["understand_many_sources"]["status"].value == "not_done"
    load_project(tiny_dir)


def test_decision_log_adds_and_refuses_duplicates(tiny_dir):
    log = DecisionLog(tiny_dir, "M3")
    assert log.decision_id.value == "D3" and log.date.value == "2026-03-02"
    assert log.step.value == "make_change"
    log.summary.value = "Open the café on Fridays"
    log.level.value = "co_produce"
    assert "co-produc" in log.level_help.value.lower() or log.level_help.value
    log.save_button.click()
    assert table(tiny_dir, "decisions").iloc[-1].tolist() == [
        "D3", "2026-03-02", "Open the café on Fridays", "M3", "make_change", "co_produce", ""]
    assert log.decision_id.value == "D4" and log.summary.value == ""
    log.decision_id.value = "D1"
    log.summary.value = "Something"
    log.save_button.click()
    assert "decision id 'D1' is already used" in text(log.status.value)
    assert log.summary.value == "Something"
    assert len(table(tiny_dir, "decisions")) == 3
    log.decision_id.value = "D9"
    log.outside.value = True
    log.save_button.click()
    assert table(tiny_dir, "decisions").iloc[-1]["meeting_id"] == ""
    shown = text(log.saved.value)
    assert "Co-produce" in shown and "Make the Change" in shown
    assert "co_produce" not in shown and "make_change" not in shown
    assert "outside a meeting" in shown


def test_a_decision_can_revisit_an_earlier_one_from_the_log(tiny_dir):
    log = DecisionLog(tiny_dir, "M3")
    assert [value for _, value in log.revises.options] == ["", "D1", "D2"]
    log.summary.value = "Open on Fridays after all"
    log.revises.value = "D1"
    log.save_button.click()
    saved = table(tiny_dir, "decisions").iloc[-1]
    assert saved[["decision_id", "revises"]].tolist() == ["D3", "D1"]
    assert log.revises.value == ""  # the next decision starts as a new one
    assert [value for _, value in log.revises.options][-1] == "D3"
    assert "Revisits" in text(log.saved.value)
    with pytest.raises(ActionError, match="decision 'D7' \\(the one this revisits\\) is not in"):
        capture.add_decision(load_project(tiny_dir), "D4", "2026-03-02", "x", revises="D7")


def test_a_decision_with_no_meeting_needs_outside_a_meeting_ticked(tiny_dir):
    log = DecisionLog(tiny_dir, "")
    log.summary.value = "Ask the board for funding"
    log.save_button.click()
    assert "no meeting chosen" in text(log.status.value)
    assert "Made outside a meeting" in text(log.status.value)
    assert len(table(tiny_dir, "decisions")) == 2
    assert log.summary.value == "Ask the board for funding"  # kept
    log.outside.value = True
    log.date.value = "2026-02-25"
    log.save_button.click()
    assert table(tiny_dir, "decisions").iloc[-1][["date", "meeting_id"]].tolist() == [
        "2026-02-25", ""]
    assert "made outside a meeting" in text(log.status.value)


def test_changing_an_item_updates_its_date_and_an_unchanged_one_keeps_it(tiny_dir):
    panel = ChecklistPanel(tiny_dir, "M3", step="big_idea")  # M3 is on 2 March 2026
    panel.fields["big_idea_scope_agreed"]["status"].value = "done"  # partly -> done
    panel.fields["big_idea_described"]["evidence"].value = "Minutes of M1, item 2"
    panel.save_button.click()
    rows = table(tiny_dir, "checklist").set_index("item_id")
    assert rows.loc["big_idea_scope_agreed", "date"] == "2026-03-02"
    assert rows.loc["big_idea_described", "date"] == "2026-01-05"  # status unchanged


def test_a_meeting_with_no_checklist_says_why_the_panel_is_empty(tiny_dir):
    with open(tiny_dir / "meetings.csv", "a", encoding="utf-8") as handle:
        handle.write("M4,2026-03-20,conversation,Open evening,in_person,60,60\n")
    panel = ChecklistPanel(tiny_dir, "M4")
    assert panel.fields == {} and panel.items.children == ()
    why = text(panel.why_empty.value)
    assert "Keep the Conversation Going" in why and "no checklist of its own" in why
    panel.step.value = "understand"
    assert panel.why_empty.value == "" and "understand_many_sources" in panel.fields
    assert "No step chosen" in text(ChecklistPanel(tiny_dir, "").why_empty.value)


def test_glossary_board(tiny_dir):
    board = GlossaryBoard(tiny_dir, "M2")
    board.save_button.click()
    assert "the term is empty" in text(board.status.value)
    assert len(table(tiny_dir, "glossary")) == 2
    board.term.value = "Crisis café"
    board.meaning.value = "An evening drop-in run with people who have used crisis services"
    board.proposed_by.value = "C1"
    board.save_button.click()
    row = table(tiny_dir, "glossary").iloc[-1].tolist()
    assert row == ["Crisis café", "An evening drop-in run with people who have used crisis "
                   "services", "C1", "M2", "no"]
    assert board.term.value == ""
    assert ("Crisis café", "Crisis café") in board.agree_term.options
    board.agree_term.value = "Crisis café"
    board.agree_button.click()
    assert table(tiny_dir, "glossary").iloc[-1]["agreed"] == "yes"
    board.term.value = "crisis CAFÉ"
    board.meaning.value = "Again"
    board.save_button.click()
    assert "already in the glossary" in text(board.status.value)


def test_aims_board(tiny_dir):
    board = AimsBoard(tiny_dir, "M1")
    board.why_here.value = "To be heard"
    board.save_button.click()
    assert "choose whose aim this is" in text(board.status.value)
    assert board.why_here.value == "To be heard"
    board.person.value = "S2"
    board.hoped_outcome.value = "Calmer evenings"
    board.save_button.click()
    assert table(tiny_dir, "aims").iloc[-1].tolist() == ["S2", "To be heard", "M1",
                                                         "Calmer evenings"]
    assert "To be heard" in text(board.saved.value)
    assert "Bea S. (S2)" in text(board.saved.value)  # a name, not a bare id
    assert "Saved the aim of Bea S. (S2)" in text(board.status.value)


def test_an_aim_for_someone_removed_since_opening_says_so(tiny_dir):
    board = AimsBoard(tiny_dir, "M1")
    people = table(tiny_dir, "participants")
    people[people["participant_id"] != "C1"].to_csv(tiny_dir / "participants.csv", index=False)
    board.person.value = "C1"
    board.why_here.value = "For my son"
    board.save_button.click()
    message = text(board.status.value)
    assert "Siân P. (C1) is no longer in participants.csv" in message
    assert "problem(s)" not in message
    assert len(table(tiny_dir, "aims")) == 2 and board.why_here.value == "For my son"


def test_a_changed_project_lists_each_kind_of_problem_once(tiny_dir):
    form = GlossaryBoard(tiny_dir, "M1")
    people = table(tiny_dir, "participants")
    people[people["participant_id"] != "U1"].to_csv(tiny_dir / "participants.csv", index=False)
    form.term.value, form.meaning.value = "Ward", "Where people stay"
    form.save_button.click()
    message = text(form.status.value)
    assert "Nothing was saved" in message
    assert message.count("correct the participant_id") == 1  # one line for the 9 rows
    assert "(9 rows: attendance.csv rows 4, 8, 12; events.csv rows 3, 7, 8, 12, 18" in message


def test_saved_entries_show_names_not_ids(tiny_dir):
    reflection = ReflectionForm(tiny_dir, "M3")
    reflection.reflectors.value = ("S1", "U1")
    reflection.how_collaborative.value = 3
    reflection.save_button.click()
    assert "Alex T. (S1), Zoë E. (U1)" in text(reflection.saved.value)
    glossary = GlossaryBoard(tiny_dir, "M2")
    glossary.term.value, glossary.meaning.value = "Huddle", "A short daily meeting"
    glossary.proposed_by.value = "C1"
    glossary.save_button.click()
    assert "Siân P. (C1)" in text(glossary.saved.value)


def test_a_wrong_project_path_lists_its_problem_wherever_it_is_asked(tmp_path):
    missing = tmp_path / "no_such_project"
    for form in (ReflectionForm, ChecklistPanel, DecisionLog, GlossaryBoard, AimsBoard):
        widget = form(missing, "")
        assert "no such project" in text(widget.status.value)
        widget.save_button.click()
        message = text(widget.status.value)
        assert "could not be opened" in message and "no such project" in message
        assert "fix the problems listed" not in message


@pytest.mark.parametrize("form", [ReflectionForm, ChecklistPanel, DecisionLog, GlossaryBoard,
                                  AimsBoard])
def test_a_broken_project_shows_problems_and_nothing_changes(tiny_dir, form):
    (tiny_dir / "meetings.csv").write_text("meeting_id,date,step\nM1,05/31/2026,big_idea\n")
    before = {p.name: p.read_bytes() for p in tiny_dir.iterdir()}
    widget = form(tiny_dir, "M1")
    assert "is not a date" in text(widget.status.value)
    widget.save_button.click()
    assert "could not be opened" in text(widget.status.value)
    assert "is not a date" in text(widget.status.value)
    assert {p.name: p.read_bytes() for p in tiny_dir.iterdir()} == before


def test_unknown_meeting_is_reported(tiny_dir):
    form = ReflectionForm(tiny_dir, "M7")
    assert "unknown meeting 'M7'" in text(form.status.value)
    assert form.meeting_id == ""
