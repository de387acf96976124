"""Inertia or advantage (collabkit.metrics.decisions and .presence).

Expected values are worked out by hand from tests/fixtures/tiny: decisions D1
at M1 (big_idea, co_design) and D2 outside meetings (make_change, inform);
attendance M1 S1 S2 U1 C1 present, P1 absent; M2 S1 U1 C1 S2 present; M3 S1 U1
present, C1 absent; leads S1 (pace) and U1 (process).
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from collabkit.metrics.decisions import (
    decision_inclusion,
    decisions_per_meeting,
    inertia_runs,
    ladder_by_step,
)
from collabkit.metrics.presence import attendance_retention, leaders_involvement
from collabkit.model import load_model
from collabkit.project import Project, to_text

ALL = (decisions_per_meeting, inertia_runs, decision_inclusion, ladder_by_step,
       attendance_retention, leaders_involvement)


def without(project: Project, *names: str) -> Project:
    """The project with the named tables emptied."""
    tables = {n: to_text(t) for n, t in project.tables.items()}
    for name in names:
        tables[name] = tables[name].iloc[0:0]
    return Project.from_tables(project.info_text(), tables)


def test_tiny_decisions_per_meeting_and_runs(tiny):
    table = decisions_per_meeting(tiny)
    assert list(table.columns) == ["meeting_id", "date", "step", "meeting_number", "decisions",
                                   "run_without_decision"]
    assert table["decisions"].tolist() == [1, 0, 0]  # D2 was made outside meetings
    assert table["run_without_decision"].tolist() == [0, 1, 2]
    assert inertia_runs(tiny).empty  # default: three meetings in a row
    runs = inertia_runs(tiny, min_run=2)
    assert runs[["first_meeting", "last_meeting", "meetings"]].values.tolist() == [["M2", "M3", 2]]
    assert runs["first_date"].iloc[0] == pd.Timestamp("2026-02-02")
    assert runs["last_date"].iloc[0] == pd.Timestamp("2026-03-02")


def test_runs_restart_after_a_decision():
    from collabkit.examples import generate_project

    project = generate_project("inertia", seed=13)
    table = decisions_per_meeting(project)
    decided = table["decisions"] > 0
    assert (table.loc[decided, "run_without_decision"] == 0).all()
    runs = inertia_runs(project, min_run=1)
    assert runs["meetings"].sum() == (~decided).sum()
    assert runs["meetings"].max() == table["run_without_decision"].max()


def test_min_run_must_be_positive(tiny):
    with pytest.raises(ValueError, match="min_run must be a whole number of at least 1; got 0"):
        inertia_runs(tiny, min_run=0)


def test_tiny_decision_inclusion(tiny):
    table = decision_inclusion(tiny)
    assert list(table.columns) == ["decision_id", "date", "step", "level", "level_rank",
                                   "in_meeting", "lived_experience_present", "leads_present"]
    d1, d2 = table.iloc[0], table.iloc[1]
    assert (d1["decision_id"], str(d1["step"]), str(d1["level"]), d1["level_rank"]) == \
        ("D1", "big_idea", "co_design", 4)
    assert d1["in_meeting"] and d1["lived_experience_present"] and d1["leads_present"] == 2
    assert (str(d2["step"]), d2["level_rank"], bool(d2["in_meeting"])) == ("make_change", 1, False)
    assert pd.isna(d2["lived_experience_present"]) and pd.isna(d2["leads_present"])


def test_decision_with_no_lived_experience_in_the_room(tiny):
    tables = {n: to_text(t) for n, t in tiny.tables.items()}
    attendance = tables["attendance"]
    attendance.loc[(attendance["meeting_id"] == "M3") & (attendance["participant_id"] == "U1"),
                   "present"] = "no"
    events = tables["events"]
    tables["events"] = events[~((events["meeting_id"] == "M3") & (events["participant_id"] == "U1"))]
    tables["decisions"] = pd.concat([tables["decisions"], pd.DataFrame([{
        "decision_id": "D3", "date": "2026-03-02", "summary": "Rota", "meeting_id": "M3",
        "step": "", "level": ""}])], ignore_index=True)
    project = Project.from_tables(tiny.info_text(), tables)
    d3 = decision_inclusion(project).set_index("decision_id").loc["D3"]
    assert str(d3["step"]) == "make_change"  # from its meeting
    assert pd.isna(d3["level"]) and pd.isna(d3["level_rank"])
    assert not d3["lived_experience_present"]  # only S1 was there
    assert d3["leads_present"] == 1


def test_speaking_counts_as_being_present(tiny):
    # no attendance table: presence comes from the coded events
    project = without(tiny, "attendance")
    d1 = decision_inclusion(project).iloc[0]
    assert d1["lived_experience_present"] and d1["leads_present"] == 2


def test_tiny_ladder_by_step(tiny):
    ladder = ladder_by_step(tiny)
    model = load_model()
    assert list(ladder.columns) == ["step", "level", "level_rank", "decisions"]
    assert len(ladder) == len(model.codes["step"]) * len(model.codes["level"])
    counted = ladder[ladder["decisions"] > 0]
    assert counted[["step", "level"]].astype(str).values.tolist() == [
        ["big_idea", "co_design"], ["make_change", "inform"]]
    assert ladder["decisions"].sum() == 2
    assert ladder["level_rank"].iloc[:5].tolist() == [1, 2, 3, 4, 5]


def test_tiny_attendance_retention(tiny):
    table = attendance_retention(tiny)
    assert list(table.columns) == ["meeting_id", "date", "meeting_number", "role", "expected",
                                   "present", "retention"]
    assert table["role"].astype(str).unique().tolist() == ["service_user", "carer", "staff",
                                                           "partner"]
    m3 = table[table["meeting_id"] == "M3"].set_index(table["role"].astype(str)[
        table["meeting_id"] == "M3"])
    assert (m3.loc["staff", "expected"], m3.loc["staff", "present"]) == (1, 1)
    assert m3.loc["staff", "retention"] == 0.5  # two staff at M1, one at M3
    assert m3.loc["carer", "retention"] == 0.0
    assert m3.loc["service_user", "retention"] == 1.0
    assert table.loc[table["role"] == "partner", "retention"].isna().all()  # P1 never came


def test_tiny_leaders_involvement(tiny):
    table = leaders_involvement(tiny)
    assert list(table.columns) == ["lead", "participant_id", "named", "meetings_present",
                                   "meetings", "share_present"]
    assert table["lead"].tolist() == ["pace", "process"]
    assert table["participant_id"].tolist() == ["S1", "U1"]
    assert table["meetings_present"].tolist() == [3, 3]
    assert table["share_present"].tolist() == [1.0, 1.0]


def test_a_lead_not_named(tiny):
    info = tiny.info_text()
    info["leads.process"] = ""
    tables = {n: to_text(t) for n, t in tiny.tables.items()}
    table = leaders_involvement(Project.from_tables(info, tables))
    process = table.iloc[1]
    assert not process["named"]
    assert pd.isna(process["participant_id"]) and pd.isna(process["meetings_present"])
    assert np.isnan(process["share_present"])


def test_no_decisions_no_attendance_no_events(tiny):
    project = without(tiny, "decisions", "attendance", "events", "impact")
    assert decisions_per_meeting(project)["decisions"].tolist() == [0, 0, 0]
    assert inertia_runs(project)["meetings"].tolist() == [3]
    inclusion = decision_inclusion(project)
    assert inclusion.empty and list(inclusion.columns)[0] == "decision_id"
    assert ladder_by_step(project)["decisions"].sum() == 0
    retention = attendance_retention(project)
    assert retention.empty and list(retention.columns) == [
        "meeting_id", "date", "meeting_number", "role", "expected", "present", "retention"]
    assert leaders_involvement(project)["meetings_present"].tolist() == [0, 0]


def test_no_meetings_gives_empty_frames(tiny):
    empty = Project(tiny.info, {n: t.iloc[0:0] for n, t in tiny.tables.items()}, model=tiny.model)
    for function in ALL:
        table = function(empty)
        assert isinstance(table, pd.DataFrame)
    assert decisions_per_meeting(empty).empty
    assert leaders_involvement(empty)["share_present"].isna().all()


def test_inputs_are_not_modified(tiny):
    before = copy.deepcopy(tiny.tables)
    for function in ALL:
        function(tiny)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny.tables[name], table)


def test_examples_differ_as_built():
    from collabkit.examples import generate_project

    staff_led = decision_inclusion(generate_project("staff_led", seed=12))
    assert (~staff_led["in_meeting"]).sum() >= 3
    assert staff_led["level_rank"].max() <= 3  # never co-design or co-produce
    co_produced = decision_inclusion(generate_project("co_produced", seed=11))
    assert co_produced["in_meeting"].all()
    assert co_produced["lived_experience_present"].all()
    inertia = generate_project("inertia", seed=13)
    present = attendance_retention(inertia).groupby("meeting_number")["present"].sum()
    assert present.iloc[-1] < present.iloc[0] / 2
