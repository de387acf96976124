"""Checklist claims, the two leads and the practical tips in the agendas held.

Tests of collabkit.metrics.claims, .leadership and .agenda. Expected values
are worked out by hand from tests/fixtures/tiny (see
tests/test_metrics_decisions.py for what it holds) and from small projects
planted on it; the bundled examples check the same rules hold on real-sized
data.
"""

from __future__ import annotations

import copy
import shutil

import numpy as np
import pandas as pd
import pytest

import collabkit.metrics as metrics
from collabkit import load_project
from collabkit.metrics import (
    agenda_practice,
    agenda_summary,
    checklist_claims,
    detect_stuck_patterns,
    lead_summary,
)
from collabkit.model import load_model
from collabkit.project import Project, to_text
from collabkit.session.agenda_checks import agenda_warnings
from tests.conftest import ROOT, example_paths

ALL = (checklist_claims, lead_summary, agenda_practice, agenda_summary)
CLAIM_COLUMNS = ["step", "item_id", "text", "status", "evidence", "has_evidence", "together",
                 "lived_involved", "claimed", "counts", "reason"]
LEAD_COLUMNS = ["pace_id", "process_id", "named", "same_person", "meetings", "pace_present",
                "process_present", "process_share_of_voice", "process_voice_rank",
                "top_speaker_id", "lead_exchanges"]
PRACTICE_COLUMNS = ["meeting_id", "meeting_number", "present", "newcomers", "introductions",
                    "needs_introductions", "principles", "principles_so_far", "early",
                    "small_groups", "needs_small_groups", "social_time", "reflection_last",
                    "planned_minutes", "actual_minutes", "overrun_minutes", "overran"]
SUMMARY_COLUMNS = ["meetings_with_agenda", "intro_needed", "intro_held", "small_groups_needed",
                   "small_groups_held", "social_time_held", "reflection_last_held",
                   "principles_early", "overran"]


def planted(project: Project, info: dict | None = None, **tables: pd.DataFrame) -> Project:
    """The project with some tables replaced by the rows given (as text)."""
    text = {name: to_text(table) for name, table in project.tables.items()}
    text.update(tables)
    return Project.from_tables(info or project.info_text(), text)


def rows(*records: dict) -> pd.DataFrame:
    return pd.DataFrame(list(records)).fillna("")


def test_new_metrics_are_exported():
    for name in ("checklist_claims", "lead_summary", "agenda_practice", "agenda_summary"):
        assert name in metrics.__all__ and callable(getattr(metrics, name))


# -- checklist claims ----------------------------------------------------------


def claim(step, item_id, status, evidence="", roles=""):
    return {"step": step, "item_id": item_id, "status": status, "evidence": evidence,
            "date": "", "involved_roles": roles}


def test_planted_checklist_claims(tiny):
    project = planted(tiny, checklist=rows(
        claim("big_idea", "big_idea_described", "done", "Minutes of M1", "staff"),
        claim("big_idea", "big_idea_lived_experience_view", "done", "Notes of M1", "staff;partner"),
        claim("decision_time", "decision_time_decided_together", "partly", "Vote at M1",
              "staff;carer"),
        claim("make_change", "make_change_designed_together", "done", "", "service_user"),
        claim("gather_ideas", "gather_ideas_options_compared", "done", "", ""),
        claim("make_change", "make_change_plan_agreed", "not_done"),
        claim("understand", "understand_many_sources", "not_applicable", "Not needed here"),
    ))
    table = checklist_claims(project)
    assert list(table.columns) == CLAIM_COLUMNS
    assert table["item_id"].tolist() == [
        "big_idea_described", "big_idea_lived_experience_view", "decision_time_decided_together",
        "make_change_designed_together", "gather_ideas_options_compared",
        "make_change_plan_agreed", "understand_many_sources"]
    assert table["together"].tolist() == [False, True, True, True, True, False, False]
    assert table["lived_involved"].tolist() == [False, False, True, True, False, False, False]
    assert table["has_evidence"].tolist() == [True, True, True, False, False, False, True]
    assert table["claimed"].tolist() == [True, True, True, True, True, False, False]
    assert table["counts"].tolist() == [True, False, True, False, False, False, False]
    assert table["reason"].tolist() == [pd.NA, "not_together", pd.NA, "no_evidence",
                                        "no_evidence", pd.NA, pd.NA]
    assert table["evidence"].iloc[0] == "Minutes of M1" and pd.isna(table["evidence"].iloc[3])
    model = load_model()
    assert table["text"].iloc[2] == model.label("checklist_item", "decision_time_decided_together")
    assert table["status"].astype(str).tolist()[-2:] == ["not_done", "not_applicable"]


def test_tiny_claims_and_dtypes(tiny):
    table = checklist_claims(tiny)
    assert table["reason"].tolist() == [pd.NA, "no_evidence", pd.NA]
    assert table["lived_involved"].tolist() == [True, False, False]
    dtypes = table.dtypes.astype(str).to_dict()
    assert dtypes == {"step": "category", "item_id": "string", "text": "string",
                      "status": "category", "evidence": "string", "has_evidence": "bool",
                      "together": "bool", "lived_involved": "bool", "claimed": "bool",
                      "counts": "bool", "reason": "string"}


def test_no_checklist_gives_an_empty_frame_with_the_same_columns(tiny):
    full = checklist_claims(tiny)
    empty = checklist_claims(planted(tiny, checklist=to_text(tiny.checklist).iloc[0:0]))
    assert empty.empty and list(empty.columns) == CLAIM_COLUMNS
    pd.testing.assert_series_equal(empty.dtypes, full.dtypes)


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_claims_on_the_examples_follow_the_rules(path):
    project = load_project(path)
    table = checklist_claims(project)
    assert len(table) == len(project.checklist)
    expected = table["claimed"] & table["has_evidence"] & (~table["together"]
                                                           | table["lived_involved"])
    assert table["counts"].tolist() == expected.tolist()
    assert table.loc[table["counts"] | ~table["claimed"], "reason"].isna().all()
    assert set(table["reason"].dropna()) <= {"no_evidence", "not_together"}


def test_hillside_claims_together_without_lived_experience():
    table = checklist_claims(load_project(ROOT / "data/examples/hillside_discharge"))
    refused = table[table["reason"] == "not_together"]
    assert len(refused) == 4 and refused["together"].all() and not refused["lived_involved"].any()
    # and two items marked done with no evidence at all (one of them a together item)
    assert (table["reason"] == "no_evidence").sum() == 2


# -- the two leads -------------------------------------------------------------


def test_tiny_lead_summary(tiny):
    table = lead_summary(tiny)
    assert list(table.columns) == LEAD_COLUMNS and len(table) == 1
    row = table.iloc[0]
    assert (row["pace_id"], row["process_id"], row["named"], row["same_person"]) == \
        ("S1", "U1", 2, False)
    assert row["meetings"] == 3
    assert (row["pace_present"], row["process_present"]) == (1.0, 1.0)
    # primary coder only: S1 5, U1 4, C1 2, S2 2 of 13 contributions
    assert row["process_share_of_voice"] == pytest.approx(4 / 13)
    assert (row["process_voice_rank"], row["top_speaker_id"], row["lead_exchanges"]) == \
        (2, "S1", 0)
    assert table.dtypes.astype(str).tolist() == [
        "string", "string", "int64", "bool", "int64", "float64", "float64", "float64", "Int64",
        "string", "int64"]


def turn(seq, who, move):
    return {"meeting_id": "M3", "seq": seq, "participant_id": who, "move": move}


def test_point_counterpoint_between_the_leads_is_counted_once(tiny):
    events = to_text(tiny.events)
    events = events[events["meeting_id"] != "M3"]
    m3 = rows(turn(1, "S1", "move"), turn(2, "U1", "oppose"), turn(3, "S1", "move"),
              turn(4, "U1", "oppose"), turn(5, "S2", "bystand"),  # the leads, then a break
              turn(6, "S1", "move"), turn(7, "C1", "oppose"), turn(8, "S1", "move"),
              turn(9, "C1", "oppose"))  # a lead with someone else: not counted
    project = planted(tiny, events=pd.concat([events, m3], ignore_index=True).fillna(""))
    found = detect_stuck_patterns(project.events, model=project.model)
    assert (found["pattern"] == "point_counterpoint").sum() == 2
    assert lead_summary(project)["lead_exchanges"].iloc[0] == 1


def test_one_person_leading_both(tiny):
    info = tiny.info_text()
    info["leads.process"] = "S1"
    row = lead_summary(planted(tiny, info)).iloc[0]
    assert (row["named"], row["same_person"], row["lead_exchanges"]) == (2, True, 0)
    assert row["process_voice_rank"] == 1 and row["process_share_of_voice"] == pytest.approx(5 / 13)


def test_leads_not_named(tiny):
    info = tiny.info_text()
    info["leads.pace"] = info["leads.process"] = ""
    row = lead_summary(planted(tiny, info)).iloc[0]
    assert pd.isna(row["pace_id"]) and pd.isna(row["process_id"])
    assert (row["named"], row["same_person"], row["lead_exchanges"]) == (0, False, 0)
    assert np.isnan(row["pace_present"]) and np.isnan(row["process_share_of_voice"])
    assert pd.isna(row["process_voice_rank"])
    assert row["top_speaker_id"] == "S1"  # the talk was still coded


def test_a_silent_absent_process_lead(tiny):
    info = tiny.info_text()
    info["leads.process"] = "P1"  # expected at M1, absent, never spoke
    row = lead_summary(planted(tiny, info)).iloc[0]
    assert row["process_present"] == 0.0
    assert row["process_share_of_voice"] == 0.0
    assert row["process_voice_rank"] == 5  # after the four who spoke


def test_leads_with_no_attendance_and_no_events(tiny):
    empty = to_text(tiny.attendance).iloc[0:0]
    row = lead_summary(planted(tiny, attendance=empty, events=to_text(tiny.events).iloc[0:0])
                       ).iloc[0]
    assert np.isnan(row["pace_present"]) and np.isnan(row["process_present"])
    assert np.isnan(row["process_share_of_voice"]) and pd.isna(row["process_voice_rank"])
    assert pd.isna(row["top_speaker_id"]) and row["lead_exchanges"] == 0


def test_attendance_counts_only_meetings_where_it_was_taken(tiny):
    attendance = to_text(tiny.attendance)
    attendance = attendance[attendance["meeting_id"] != "M2"]
    attendance.loc[(attendance["meeting_id"] == "M3") & (attendance["participant_id"] == "U1"),
                   "present"] = "no"
    row = lead_summary(planted(tiny, attendance=attendance)).iloc[0]
    assert (row["pace_present"], row["process_present"]) == (1.0, 0.5)


# -- the practical tips in the agendas held ------------------------------------


def test_tiny_agenda_practice(tiny):
    table = agenda_practice(tiny)
    assert list(table.columns) == PRACTICE_COLUMNS
    assert table["meeting_id"].tolist() == ["M1", "M2", "M3"]
    assert table["present"].tolist() == [4, 4, 2]
    assert table["newcomers"].tolist() == [0, 0, 0]
    assert table["introductions"].tolist() == [True, False, False]
    assert table["needs_introductions"].tolist() == [True, False, False]
    assert table["principles"].tolist() == [True, False, False]  # debate_dialogue at M1
    assert table["principles_so_far"].tolist() == [True, True, True]
    assert table["early"].tolist() == [True, True, False]
    assert table["small_groups"].tolist() == [False, True, False]
    assert table["needs_small_groups"].tolist() == [False, False, False]
    assert table["social_time"].tolist() == [False, False, False]
    assert table["reflection_last"].tolist() == [True, True, False]
    assert table["planned_minutes"].tolist() == [60.0, 50.0, 60.0]
    assert table["overrun_minutes"].tolist() == [5.0, 0.0, 0.0]
    assert table["overran"].tolist() == [False, False, False]
    assert table.dtypes.astype(str).tolist() == [
        "string", "int64", "Int64", "Int64"] + ["bool"] * 9 + ["float64"] * 3 + ["bool"]


def item(meeting, order, activity, planned="", actual=""):
    return {"meeting_id": meeting, "order": order, "activity": activity,
            "planned_minutes": planned, "actual_minutes": actual, "note": ""}


@pytest.mark.parametrize("activities, last", [
    (["recap", "reflection"], True),
    (["recap", "reflection", "social_time", "break"], True),
    (["reflection", "recap"], False),
    (["reflection", "social_time", "next_steps"], False),
    (["reflection", "recap", "reflection"], True),
])
def test_the_planner_and_the_look_back_judge_reflection_last_alike(tiny, activities, last):
    agenda = rows(*(item("M3", i, a) for i, a in enumerate(activities, start=1)))
    table = agenda_practice(planted(tiny, agenda=agenda))
    assert table.loc[table["meeting_id"] == "M3", "reflection_last"].tolist() == [last]
    warned = agenda_warnings(tiny, "M3", activities, expected=[])
    assert ("reflection_not_last" not in warned["rule"].tolist()) is last


def test_planted_agenda_practice(tiny):
    agenda = rows(
        item("M1", 1, "principles", 10, 10), item("M1", 2, "reflection", 10, 10),
        item("M1", 3, "social_time", 20, 20),  # social time may follow the reflection...
        item("M1", 4, "next_steps"),  # ...but work after it means the reflection is not last
        item("M2", 2, "reflection", 10, 25), item("M2", 1, "social_time", 30, 25),  # by order
        item("M3", 1, "small_groups"),  # no minutes recorded
    )
    attendance = to_text(tiny.attendance)
    attendance.loc[(attendance["meeting_id"] == "M1") & (attendance["participant_id"] == "P1"),
                   "present"] = "no"
    attendance = pd.concat([attendance, rows({"meeting_id": "M2", "participant_id": "P1",
                                              "present": "yes", "group": ""})],
                           ignore_index=True)
    table = agenda_practice(planted(tiny, agenda=agenda, attendance=attendance))
    assert table["newcomers"].tolist() == [0, 1, 0]  # P1 first came to M2
    assert table["needs_introductions"].tolist() == [True, True, False]
    assert table["principles"].tolist() == [True, False, False]
    assert table["reflection_last"].tolist() == [False, True, False]
    assert table["social_time"].tolist() == [True, True, False]
    assert table["overrun_minutes"].iloc[1] == 10.0 and not table["overran"].iloc[1]  # not > 10
    assert np.isnan(table["planned_minutes"].iloc[2]) and np.isnan(table["overrun_minutes"].iloc[2])
    assert not table["overran"].iloc[2]


def test_meetings_without_agenda_or_attendance(tiny):
    agenda = to_text(tiny.agenda)
    attendance = to_text(tiny.attendance)
    project = planted(tiny, agenda=agenda[agenda["meeting_id"] != "M2"],
                      attendance=attendance[attendance["meeting_id"] != "M3"])
    table = agenda_practice(project)
    assert table["meeting_id"].tolist() == ["M1", "M3"]
    assert table["meeting_number"].tolist() == [1, 3]  # numbered among all meetings
    m3 = table.iloc[1]
    assert pd.isna(m3["present"]) and pd.isna(m3["newcomers"])
    assert not m3["needs_small_groups"] and not m3["needs_introductions"]


def test_a_large_group_needs_small_groups(tiny):
    people = to_text(tiny.participants)
    extra = rows(*({"participant_id": f"V{i}", "role": "volunteer"} for i in range(6)))
    attendance = pd.concat([to_text(tiny.attendance), rows(*(
        {"meeting_id": "M2", "participant_id": f"V{i}", "present": "yes"} for i in range(6)))],
        ignore_index=True).fillna("")
    project = planted(tiny, participants=pd.concat([people, extra]).fillna(""),
                      attendance=attendance)
    table = agenda_practice(project)
    assert table["present"].tolist() == [4, 10, 2]
    assert table["newcomers"].tolist() == [0, 6, 0]
    assert table["needs_small_groups"].tolist() == [False, True, False]
    summary = agenda_summary(project).iloc[0]
    assert (summary["small_groups_needed"], summary["small_groups_held"]) == (1, 1)
    assert (summary["intro_needed"], summary["intro_held"]) == (2, 1)


def test_tiny_agenda_summary(tiny):
    table = agenda_summary(tiny)
    assert list(table.columns) == SUMMARY_COLUMNS and len(table) == 1
    assert table.iloc[0].tolist() == [3, 1, 1, 0, 0, 0, 2, True, 0]
    assert table.dtypes.astype(str).tolist() == ["int64"] * 7 + ["bool", "int64"]


def test_no_agenda(tiny):
    project = planted(tiny, agenda=to_text(tiny.agenda).iloc[0:0])
    table = agenda_practice(project)
    assert table.empty and list(table.columns) == PRACTICE_COLUMNS
    pd.testing.assert_series_equal(table.dtypes, agenda_practice(tiny).dtypes)
    assert agenda_summary(project).iloc[0].tolist() == [0, 0, 0, 0, 0, 0, 0, False, 0]


def test_the_cut_offs_come_from_the_model(tiny_dir, tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(ROOT / "data" / "model", folder)
    path = folder / "tools.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (("early_meetings: 2", "early_meetings: 1"), ("large_group: 8", "large_group: 3"),
                     ("overrun_tolerance_minutes: 10", "overrun_tolerance_minutes: 4")):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    project = load_project(tiny_dir, model=load_model(folder))
    table = agenda_practice(project)
    assert table["early"].tolist() == [True, False, False]
    assert table["needs_small_groups"].tolist() == [True, True, False]  # 4 present > 3
    assert table["overran"].tolist() == [True, False, False]  # 5 minutes over > 4
    # the planner judges a large group by the same number
    warned = agenda_warnings(project, "M3", ["recap", "reflection"], expected=["S1", "U1", "C1",
                                                                               "S2"])
    assert "small_groups" in warned["rule"].tolist()
    default = agenda_warnings(load_project(tiny_dir), "M3", ["recap", "reflection"],
                              expected=["S1", "U1", "C1", "S2"])
    assert "small_groups" not in default["rule"].tolist()


@pytest.mark.parametrize("path", example_paths(), ids=lambda p: p.name)
def test_agenda_practice_on_the_examples(path):
    project = load_project(path)
    table = agenda_practice(project)
    assert len(table) == project.agenda["meeting_id"].nunique()
    assert table["meeting_number"].is_monotonic_increasing
    assert table["principles_so_far"].is_monotonic_increasing
    large = project.model.tools["agenda_practice"]["large_group"]
    assert (table["needs_small_groups"] == table["present"].fillna(0).gt(large)).all()
    summary = agenda_summary(project).iloc[0]
    assert summary["intro_held"] <= summary["intro_needed"] <= summary["meetings_with_agenda"]
    assert summary["small_groups_held"] <= summary["small_groups_needed"]


# -- all of them ---------------------------------------------------------------


def test_no_meetings_at_all(tiny):
    empty = Project(tiny.info, {n: t.iloc[0:0] for n, t in tiny.tables.items()}, model=tiny.model)
    assert checklist_claims(empty).empty and agenda_practice(empty).empty
    assert lead_summary(empty)["meetings"].iloc[0] == 0
    assert agenda_summary(empty)["meetings_with_agenda"].iloc[0] == 0


def test_inputs_are_not_modified(tiny):
    before = copy.deepcopy(tiny.tables)
    for function in ALL:
        function(tiny)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny.tables[name], table)
