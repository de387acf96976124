"""Agenda planning: warnings from the practical tips, saving, printable export."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from collabkit import load_project
from collabkit.errors import ActionError, DataError
from collabkit.session.agenda import add_meeting, agenda_items, meeting_agenda, save_agenda
from collabkit.session.agenda_checks import agenda_warnings
from collabkit.session.printable_agenda import agenda_html, agenda_markdown, export_agenda


def rules(table: pd.DataFrame) -> list[str]:
    return table["rule"].tolist()


def test_saved_agenda_in_order_with_start_times(tiny):
    agenda = meeting_agenda(tiny, "M1")
    assert agenda["activity"].astype(str).tolist() == ["introductions", "debate_dialogue",
                                                       "reflection"]
    assert agenda["starts_at"].tolist() == [0, 20, 50]
    assert agenda["name"].iloc[0] == "Introductions: why are you here?"


def test_first_meeting_without_introductions(tiny):
    found = agenda_warnings(tiny, "M1", ["debate_dialogue", "social_time", "reflection"])
    assert rules(found) == ["first_meeting_introductions"]
    assert found["tip_id"].tolist() == [2]
    assert "Why are you here?" in found["tip"].iloc[0]
    assert rules(agenda_warnings(tiny, "M1", ["introductions", "debate_dialogue",
                                              "social_time", "reflection"])) == []


def test_reflection_missing_or_not_at_the_end(tiny):
    assert "reflection_at_end" in rules(agenda_warnings(tiny, "M2", ["small_groups"]))
    late = agenda_warnings(tiny, "M2", ["reflection", "small_groups", "social_time"])
    assert "reflection_not_last" in rules(late)
    fine = agenda_warnings(tiny, "M2", ["small_groups", "reflection", "social_time"])
    assert "reflection_not_last" not in rules(fine)
    assert "reflection_at_end" not in rules(fine)


def test_no_social_time(tiny):
    found = agenda_warnings(tiny, "M2", ["small_groups", "reflection"])
    assert "social_time" in rules(found)
    assert found.set_index("rule").at["social_time", "tip_id"] == 5


def test_more_than_eight_people_and_no_small_groups(tiny):
    nine = [f"P{i}" for i in range(9)]
    found = agenda_warnings(tiny, "M3", ["recap", "reflection"], expected=nine)
    assert "small_groups" in rules(found)
    assert "9 people are expected" in found.set_index("rule").at["small_groups", "message"]
    eight = agenda_warnings(tiny, "M3", ["recap", "reflection"], expected=nine[:8])
    assert "small_groups" not in rules(eight)
    grouped = agenda_warnings(tiny, "M3", ["small_groups", "reflection"], expected=nine)
    assert "small_groups" not in rules(grouped)


def test_debate_dialogue_never_introduced(tiny_dir):
    project = load_project(tiny_dir)
    # M1 introduced it, so later meetings need not
    assert "debate_dialogue" not in rules(agenda_warnings(project, "M3", ["reflection"]))
    project = save_agenda(tiny_dir, "M1", [{"activity": "introductions"}])
    assert "debate_dialogue" in rules(agenda_warnings(project, "M3", ["reflection"]))
    assert "debate_dialogue" in rules(agenda_warnings(project, "M1", ["introductions"]))


def test_action_bias_check_before_make_the_change(tiny):
    found = agenda_warnings(tiny, "M3", ["recap", "reflection"])
    assert "action_bias_check" in rules(found)
    assert found.set_index("rule").at["action_bias_check", "tip_id"] == 6
    assert "action_bias_check" not in rules(
        agenda_warnings(tiny, "M3", ["action_bias_check", "reflection"]))
    # not a Make the Change meeting (the draft's step wins over the saved one)
    assert "action_bias_check" not in rules(
        agenda_warnings(tiny, "M3", ["recap"], step="gather_ideas"))


def test_two_leaders_not_named(tiny_dir):
    info = yaml.safe_load((tiny_dir / "project.yaml").read_text())
    assert "two_leaders" not in rules(agenda_warnings(load_project(tiny_dir), "M2", []))
    info["leads"] = {"pace": "S1", "process": "S1"}
    (tiny_dir / "project.yaml").write_text(yaml.safe_dump(info))
    found = agenda_warnings(load_project(tiny_dir), "M2", [])
    assert "two_leaders" in rules(found)
    assert found.set_index("rule").at["two_leaders", "tip_id"] == 7
    del info["leads"]
    (tiny_dir / "project.yaml").write_text(yaml.safe_dump(info))
    assert "two_leaders" in rules(agenda_warnings(load_project(tiny_dir), "M2", []))


def test_over_the_planned_length(tiny):
    found = agenda_warnings(tiny, "M2", ["small_groups", "reflection"], minutes=[50, 20])
    assert "70 minutes, more than the 60 minutes planned" in " ".join(found["message"])
    assert "over_time" not in rules(agenda_warnings(tiny, "M2", ["small_groups"], minutes=[60]))


def test_save_agenda_replaces_one_meeting_and_sets_the_step(tiny_dir):
    project = save_agenda(tiny_dir, "M2", [{"activity": "recap"},
                                           {"activity": "small_groups", "planned_minutes": 25},
                                           {"activity": "reflection", "note": "in pairs"}],
                          step="gather_ideas")
    on_disk = load_project(tiny_dir)
    assert agenda_items(on_disk, "M2") == [
        {"activity": "recap", "planned_minutes": 5.0, "note": ""},
        {"activity": "small_groups", "planned_minutes": 25.0, "note": ""},
        {"activity": "reflection", "planned_minutes": 10.0, "note": "in pairs"}]
    assert meeting_agenda(on_disk, "M1")["activity"].astype(str).tolist()[0] == "introductions"
    assert on_disk.meetings.set_index("meeting_id").at["M2", "step"] == "gather_ideas"
    assert len(project.agenda) == len(on_disk.agenda)


def test_bad_agenda_writes_nothing(tiny_dir):
    before = {p.name: p.read_bytes() for p in tiny_dir.iterdir() if p.is_file()}
    with pytest.raises(ActionError, match="unknown activity 'karaoke'"):
        save_agenda(tiny_dir, "M2", [{"activity": "karaoke"}], step="understand")
    with pytest.raises(ActionError, match="minutes must be 0 or more"):
        save_agenda(tiny_dir, "M2", [{"activity": "recap", "planned_minutes": -5}])
    with pytest.raises(ActionError, match="unknown meeting 'M7'"):
        save_agenda(tiny_dir, "M7", [{"activity": "recap"}])
    with pytest.raises(ActionError, match="unknown step 'lunch'"):
        save_agenda(tiny_dir, "M2", [{"activity": "recap"}], step="lunch")
    after = {p.name: p.read_bytes() for p in tiny_dir.iterdir()
             if p.is_file() and not p.name.startswith(".")}
    assert after == before


def test_add_meeting(tiny_dir):
    project = add_meeting(tiny_dir, "M4", "2026-04-06", "gather_ideas", title="Ideas",
                          planned_minutes=120)
    assert "M4" in set(load_project(tiny_dir).meetings["meeting_id"])
    assert project.meetings.set_index("meeting_id").at["M4", "planned_minutes"] == 120
    with pytest.raises(ActionError, match="meeting 'M4' already exists"):
        add_meeting(tiny_dir, "M4", "2026-04-07", "gather_ideas")
    with pytest.raises(DataError, match="is not a date"):
        add_meeting(tiny_dir, "M5", "next Tuesday", "gather_ideas")
    assert "M5" not in set(load_project(tiny_dir).meetings["meeting_id"])


def test_printable_agenda_is_escaped_and_written_atomically(tiny_dir):
    save_agenda(tiny_dir, "M2", [{"activity": "small_groups", "note": "<b>bring | pens</b>"},
                                 {"activity": "reflection"}])
    project = load_project(tiny_dir)
    page = agenda_html(project, "M2")
    assert "&lt;b&gt;bring | pens&lt;/b&gt;" in page and "<b>bring" not in page
    assert "0:00&ndash;0:20" in page and "0:20&ndash;0:30" in page
    text = agenda_markdown(project, "M2")
    assert "| 0:00–0:20 | Small-group work | 20 | <b>bring \\| pens</b> |" in text
    written = export_agenda(project, "M2")
    assert [p.name for p in written] == ["M2_agenda.html", "M2_agenda.md"]
    assert all(p.parent == tiny_dir / "agendas" for p in written)
    assert written[1].read_text(encoding="utf-8") == text
    assert not [p for p in (tiny_dir / "agendas").iterdir() if p.name.endswith(".tmp")]
