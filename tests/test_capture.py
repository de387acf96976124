"""After-session capture and the one-table edit that saves it."""

from __future__ import annotations

import threading

import pytest

from collabkit import load_project
from collabkit.errors import ActionError, DataError
from collabkit.project.edits import edit_table
from collabkit.project.eventlog import EventLog
from collabkit.session.capture import (
    add_aim,
    add_decision,
    add_reflection,
    add_term,
    checklist_items,
    next_decision_id,
    set_agreed,
    set_checklist,
)


def snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir()
            if p.is_file() and not p.name.startswith(".")}


def test_edit_table_writes_only_that_table(tiny_dir):
    before = snapshot(tiny_dir)
    project = edit_table(tiny_dir, "reflections", lambda p: add_reflection(
        p, "M3", 2, reflectors=["S1", "U1"], process_problems="Rushed, again",
        next_time="More time"))
    after = snapshot(tiny_dir)
    assert [n for n in after if after[n] != before[n]] == ["reflections.csv"]
    row = load_project(tiny_dir).reflections.iloc[-1]
    assert (row["meeting_id"], row["how_collaborative"], row["reflectors"],
            row["process_problems"]) == ("M3", 2, "S1;U1", "Rushed, again")
    assert len(project.reflections) == 3


def test_edit_keeps_events_appended_by_the_tally_meanwhile(tiny_dir):
    stale = load_project(tiny_dir)  # a form opened before the meeting
    EventLog(tiny_dir, "M3").append("U1", "bystand")
    edit_table(tiny_dir, "glossary", lambda p: add_term(p, "Huddle", "A short standing meeting"))
    assert len(load_project(tiny_dir).events) == len(stale.events) + 1


def test_concurrent_edits_lose_nothing(tiny_dir):
    def add(number: int) -> None:
        edit_table(tiny_dir, "aims", lambda p: add_aim(p, "S2", f"Reason {number}"))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    aims = load_project(tiny_dir).aims
    assert sorted(aims["why_here"].tolist()[2:]) == sorted(f"Reason {n}" for n in range(8))


def test_invalid_changes_write_nothing(tiny_dir):
    before = snapshot(tiny_dir)
    with pytest.raises(ActionError, match="how collaborative must be 1 to 5, got 7"):
        edit_table(tiny_dir, "reflections", lambda p: add_reflection(p, "M1", 7))
    with pytest.raises(ActionError, match="unknown reflector 'Q1'"):
        edit_table(tiny_dir, "reflections", lambda p: add_reflection(p, "M1", 3, reflectors=["Q1"]))
    with pytest.raises(ActionError, match="no meeting chosen"):
        edit_table(tiny_dir, "reflections", lambda p: add_reflection(p, "", 3))
    with pytest.raises(DataError, match="is not a date"):
        edit_table(tiny_dir, "decisions", lambda p: add_decision(p, "D9", "soon", "Go"))
    with pytest.raises(DataError, match="unknown level 'veto'"):
        edit_table(tiny_dir, "decisions", lambda p: add_decision(p, "D9", "2026-03-02", "Go",
                                                                  level="veto"))
    assert snapshot(tiny_dir) == before


def test_a_project_that_fails_validation_is_not_touched(tiny_dir):
    (tiny_dir / "meetings.csv").write_text("meeting_id,date,step\nM1,2026-01-05,lunch\n")
    before = snapshot(tiny_dir)
    with pytest.raises(DataError, match="unknown step 'lunch'"):
        edit_table(tiny_dir, "aims", lambda p: add_aim(p, "S1", "Because"))
    assert snapshot(tiny_dir) == before


def test_decisions_need_a_new_id_and_a_summary(tiny):
    assert next_decision_id(tiny) == "D3"
    with pytest.raises(ActionError, match=r"decision id 'D1' is already used; choose another "
                                          r"\(next free: D3\)"):
        add_decision(tiny, "D1", "2026-03-02", "Again")
    with pytest.raises(ActionError, match="the summary is empty"):
        add_decision(tiny, "D3", "2026-03-02", "  ")
    table = add_decision(tiny, "D3", "2026-03-02", "Start in May", meeting_id="M3",
                         step="make_change", level="co_produce")
    assert table.iloc[-1].to_dict() == {"decision_id": "D3", "date": "2026-03-02",
                                        "summary": "Start in May", "meeting_id": "M3",
                                        "step": "make_change", "level": "co_produce",
                                        "revises": ""}


def test_glossary_terms(tiny):
    with pytest.raises(ActionError, match="the term is empty"):
        add_term(tiny, " ", "Nothing")
    with pytest.raises(ActionError, match="'evening routine' is already in the glossary"):
        add_term(tiny, "evening routine", "Again")
    with pytest.raises(ActionError, match="unknown proposer 'Z1'"):
        add_term(tiny, "Ward", "A place", proposed_by="Z1")
    agreed = set_agreed(tiny, "lived experience")
    assert agreed["agreed"].tolist() == ["yes", "yes"]
    with pytest.raises(ActionError, match="'Ward' is not in the glossary"):
        set_agreed(tiny, "Ward")


def test_checklist_items_and_set_checklist(tiny):
    items = checklist_items(tiny, "big_idea")
    assert items["item_id"].tolist()[0] == "big_idea_described"
    assert items.set_index("item_id").at["big_idea_described", "status"] == "done"
    table = set_checklist(tiny, "big_idea", {
        "big_idea_scope_agreed": {"status": "done", "evidence": "Minutes M2",
                                  "involved_roles": ["staff", "carer"], "date": "2026-02-02"},
        "big_idea_described": {"status": ""}})
    rows = table[table["step"] == "big_idea"].set_index("item_id")
    assert "big_idea_described" not in rows.index
    assert rows.loc["big_idea_scope_agreed", "involved_roles"] == "staff;carer"
    with pytest.raises(ActionError, match="'understand_many_sources' is not a checklist item of "
                                          "big_idea"):
        set_checklist(tiny, "big_idea", {"understand_many_sources": {"status": "done"}})
    with pytest.raises(ActionError, match="'partnership' has no checklist"):
        checklist_items(tiny, "partnership")


def test_aims_need_a_person_and_an_answer(tiny):
    with pytest.raises(ActionError, match="choose whose aim this is"):
        add_aim(tiny, "", "Because")
    with pytest.raises(ActionError, match="the answer is empty"):
        add_aim(tiny, "S1", "")
    assert add_aim(tiny, "S1", "To listen", meeting_id="M1").iloc[-1]["why_here"] == "To listen"
