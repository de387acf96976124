"""Preparing a session: ProjectOverview, ToolCards, AgendaPlanner, GroupSplitter, from code."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from collabkit import load_project
from collabkit.widgets import AgendaPlanner, GroupSplitter, ProjectOverview, ToolCards


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'")


def agenda_on_disk(folder, meeting):
    table = pd.read_csv(folder / "agenda.csv", dtype=str).fillna("")
    return table[table["meeting_id"] == meeting][["order", "activity", "planned_minutes"]] \
        .values.tolist()


def test_overview_shows_elements_and_warnings(tiny_dir):
    overview = ProjectOverview(tiny_dir)
    assert "Understand What's Around" in text(overview.elements.value)
    assert "1 of 5 done (30%)" in text(overview.elements.value)
    assert "M2 jumped from The Big Idea" in text(overview.warnings.value)
    assert overview.status.value == ""
    (tiny_dir / "reflections.csv").write_text("meeting_id,how_collaborative\nM3,4\n")
    overview.reload_button.click()
    assert "No reflection recorded for 2 meeting(s): M1, M2." in text(overview.warnings.value)


def test_tool_cards_show_and_export(tiny_dir):
    cards = ToolCards(tiny_dir)
    assert "Debate" in cards.card.value
    cards.choice.value = "four_actions"
    assert "Serial moves" in cards.card.value
    cards.export_button.click()
    written = sorted(p.name for p in (tiny_dir / "handouts").iterdir())
    assert written == ["action_bias.html", "conflict_modes.html", "debate_dialogue.html",
                       "four_actions.html", "strengths_based.html"]
    assert "Wrote 5 handouts" in text(cards.status.value)
    assert ToolCards(None).status.value == ""  # cards need no project


def test_agenda_planner_add_reorder_retime_save(tiny_dir):
    planner = AgendaPlanner(tiny_dir, "M2")
    assert [i["activity"] for i in planner.items] == ["small_groups", "reflection"]
    planner.activity.value = "social_time"
    assert planner.minutes.value == 15
    planner.minutes.value = 20
    planner.add_button.click()
    up = planner.rows.children[2].children[2]  # the arrow-up button of the third row
    up.click()
    assert [i["activity"] for i in planner.items] == ["small_groups", "social_time", "reflection"]
    planner.rows.children[0].children[1].value = 30  # retime small groups
    assert "Total: 60 minutes of 60 planned" in text(planner.total.value)
    assert "From the practical tips" not in planner.warnings.value
    planner.save_button.click()
    assert agenda_on_disk(tiny_dir, "M2") == [["1", "small_groups", "30"],
                                              ["2", "social_time", "20"],
                                              ["3", "reflection", "10"]]
    assert "Saved the agenda of M2" in text(planner.status.value)
    planner.rows.children[1].children[4].click()  # remove social time
    assert "There is no social time" in text(planner.warnings.value)
    assert agenda_on_disk(tiny_dir, "M2")[1][1] == "social_time"  # not saved yet
    load_project(tiny_dir)


def test_agenda_planner_new_meeting_and_print(tiny_dir):
    planner = AgendaPlanner(tiny_dir, "")
    planner.save_button.click()
    assert "no meeting chosen" in text(planner.status.value)
    planner.step.value = "gather_ideas"
    planner.new_id.value = "M4"
    planner.new_date.value = dt.date(2026, 4, 6)
    planner.new_title.value = "Ideas <night>"
    planner.new_minutes.value = 90
    planner.new_button.click()
    assert planner.meeting.value == "M4" and planner.items == []
    assert "M4" in set(load_project(tiny_dir).meetings["meeting_id"])
    for activity in ("introductions", "small_groups", "reflection"):
        planner.add_activity(activity)
    planner.export_button.click()
    page = (tiny_dir / "agendas" / "M4_agenda.html").read_text(encoding="utf-8")
    assert "Ideas &lt;night&gt;" in page
    assert (tiny_dir / "agendas" / "M4_agenda.md").exists()
    assert len(agenda_on_disk(tiny_dir, "M4")) == 3
    planner.new_id.value = "M4"
    planner.new_button.click()
    assert "meeting 'M4' already exists" in text(planner.status.value)


def test_agenda_planner_step_change_is_saved(tiny_dir):
    planner = AgendaPlanner(tiny_dir, "M3")
    assert "no meeting so far has had an action-bias check" in text(planner.warnings.value)
    planner.step.value = "gather_ideas"
    assert "action-bias" not in text(planner.warnings.value)
    planner.save()
    assert load_project(tiny_dir).meetings.set_index("meeting_id").at["M3", "step"] == \
        "gather_ideas"


def test_agenda_planner_failed_save_keeps_the_draft(tiny_dir, monkeypatch):
    planner = AgendaPlanner(tiny_dir, "M2")
    planner.add_activity("social_time")

    def refuse(path, frame):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("collabkit.project.edits.write_csv", refuse)
    before = (tiny_dir / "agenda.csv").read_bytes()
    planner.save_button.click()
    assert "Could not write" in text(planner.status.value)
    assert "Permission denied" in text(planner.status.value)
    assert [i["activity"] for i in planner.items][-1] == "social_time"
    assert (tiny_dir / "agenda.csv").read_bytes() == before


def test_group_splitter_split_and_save(tiny_dir):
    splitter = GroupSplitter(tiny_dir, "M1", size=2, seed=4)
    assert splitter.save_button.disabled
    splitter.split_button.click()
    groups = splitter.result.groups
    assert sorted(len(g) for g in groups.values()) == [2, 2]
    assert "Group A" in splitter.groups.value and "Lived experience" in splitter.balance.value
    splitter.save_button.click()
    attendance = load_project(tiny_dir).attendance
    m1 = attendance[attendance["meeting_id"] == "M1"].set_index("participant_id")["group"]
    assert {p: m1[p] for p in ("S1", "S2", "U1", "C1")} == splitter.result.labels()
    assert pd.isna(m1["P1"])  # absent
    again = GroupSplitter(tiny_dir, "M1", size=2, seed=4).split()
    assert again.groups == groups


def test_group_splitter_refuses_without_meeting(tiny_dir):
    splitter = GroupSplitter(tiny_dir)
    splitter.split_button.click()
    assert "no meeting chosen" in text(splitter.status.value)
    splitter.save_button.disabled = False
    splitter.save_button.click()
    assert "split into groups first" in text(splitter.status.value)
