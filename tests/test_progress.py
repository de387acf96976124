"""Where a project stands (overview and warnings) and the tool-card handouts."""

from __future__ import annotations

import pytest
import yaml

from collabkit import load_project
from collabkit.errors import ActionError
from collabkit.model import load_model
from collabkit.session.handouts import TOOLS, export_handouts, handout_html, tool_card_html
from collabkit.session.progress import element_overview, project_warnings

MODEL = load_model()


def test_overview_has_the_nine_elements_with_meetings_and_checklists(tiny):
    table = element_overview(tiny).set_index("element_id")
    assert list(table.index) == load_model().elements["element_id"].tolist()
    assert table.loc["big_idea", "meeting_ids"] == "M1"
    assert (table.loc["big_idea", "checklist_items"], table.loc["big_idea", "checklist_done"]) \
        == (5, 1)
    assert table.loc["big_idea", "completion"] == pytest.approx(0.3)
    assert table.loc["decision_time", "status"] == "skipped"
    assert table.loc["understand", "status"] == "rushed"
    assert table.loc["impact", "status"] == "not_yet"


def test_warnings_name_jumps_action_bias_and_missing_reflections(tiny):
    warnings = project_warnings(tiny)
    kinds = warnings["kind"].tolist()
    assert kinds.count("jumped") == 2
    text = " ".join(warnings["message"])
    assert "M2 jumped from The Big Idea to Understand What's Around, skipping Decision Time and " \
           "Building the Team." in text
    bias = warnings.set_index("kind").loc["action_bias"]
    assert bias["tip_id"] == 6 and "Make the Change was reached with" in bias["message"]
    assert "No reflection recorded for 1 meeting(s): M3." in text
    assert "leaders" not in kinds


def test_unnamed_leaders_are_flagged(tiny_dir):
    info = yaml.safe_load((tiny_dir / "project.yaml").read_text())
    del info["leads"]
    (tiny_dir / "project.yaml").write_text(yaml.safe_dump(info))
    warnings = project_warnings(load_project(tiny_dir)).set_index("kind")
    assert "No pace or process lead is named" in warnings.loc["leaders", "message"]
    assert warnings.loc["leaders", "tip_id"] == 7


def test_cards_come_from_the_model_files_and_are_escaped(tmp_path, monkeypatch):
    card = tool_card_html("debate_dialogue", MODEL)
    first = load_model().dialogue_contrasts.iloc[0]
    assert first["debate"] in card and first["dialogue"] in card
    four = tool_card_html("four_actions", MODEL)
    for name in load_model().stuck_patterns["name"]:
        assert name in four
    assert "&#x27;" in tool_card_html("conflict_modes", MODEL)  # "others' concerns" escaped
    with pytest.raises(ActionError, match="unknown tool card 'karaoke'"):
        tool_card_html("karaoke", MODEL)
    page = handout_html("action_bias", MODEL)
    assert page.startswith("<!DOCTYPE html>") and "<title>Action bias</title>" in page


def test_export_handouts(tmp_path):
    written = export_handouts(tmp_path / "handouts", MODEL)
    assert [p.stem for p in written] == list(TOOLS)
    assert all(p.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") for p in written)
