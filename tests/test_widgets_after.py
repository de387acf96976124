"""After the session: the five forms driven from code, checking the files after each action."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from collabkit import load_project
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
    fields["involved_roles"].value = ["staff", "carer"]
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


@pytest.mark.parametrize("form", [ReflectionForm, ChecklistPanel, DecisionLog, GlossaryBoard,
                                  AimsBoard])
def test_a_broken_project_shows_problems_and_nothing_changes(tiny_dir, form):
    (tiny_dir / "meetings.csv").write_text("meeting_id,date,step\nM1,01/05/2026,big_idea\n")
    before = {p.name: p.read_bytes() for p in tiny_dir.iterdir()}
    widget = form(tiny_dir, "M1")
    assert "is not a date" in text(widget.status.value)
    widget.save_button.click()
    assert "could not be loaded" in text(widget.status.value) or "choose" in text(
        widget.status.value)
    assert {p.name: p.read_bytes() for p in tiny_dir.iterdir()} == before


def test_unknown_meeting_is_reported(tiny_dir):
    form = ReflectionForm(tiny_dir, "M7")
    assert "unknown meeting 'M7'" in text(form.status.value)
    assert form.meeting_id == ""
