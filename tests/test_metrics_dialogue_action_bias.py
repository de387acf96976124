"""Tests of collabkit.metrics.dialogue and collabkit.metrics.action_bias.

Tiny fixture, primary events by meeting (seq: mode/focus):
M1 (big_idea): 1 dialogue/problem, 2 dialogue/problem, 3 debate/problem,
4 dialogue/process, 5 dialogue/solution, 6 dialogue/solution.
M2 (understand): 1-3 dialogue/problem, 4 debate/solution.
M3 (make_change): 1-2 debate/solution, 3 dialogue/solution.
Checklist: big_idea one item done with evidence, one partly without;
understand one item not_done.
"""

from __future__ import annotations

import copy
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from collabkit import load_project
from collabkit.metrics.action_bias import solution_onset, solution_talk_by_step, step_coverage
from collabkit.metrics.dialogue import dialogue_share
from collabkit.model import load_model
from collabkit.project import to_text

MEETING = ["meeting_id", "date", "step", "meeting_number"]
STEPS = ["big_idea", "decision_time", "building_team", "understand", "gather_ideas", "make_change"]


def with_rows(project, table, rows):
    frame = pd.concat([to_text(project.table(table)), pd.DataFrame(rows)], ignore_index=True)
    return project.with_table(table, frame.fillna(""))


def statuses(project) -> dict[str, str]:
    table = step_coverage(project)
    return dict(zip(table["step"].astype(str), table["status"].astype(str), strict=True))


# -- dialogue -----------------------------------------------------------------------


def test_dialogue_share_on_the_tiny_project(tiny):
    table = dialogue_share(tiny)
    assert list(table.columns) == [*MEETING, "coded", "dialogue", "debate", "dialogue_share"]
    assert table["meeting_id"].tolist() == ["M1", "M2", "M3"]
    assert table["coded"].tolist() == [6, 4, 3]
    assert table["dialogue"].tolist() == [5, 3, 1]
    assert table["debate"].tolist() == [1, 1, 2]
    assert table["dialogue_share"].tolist() == pytest.approx([5 / 6, 3 / 4, 1 / 3])


def test_dialogue_share_without_modes_or_events(tiny):
    events = to_text(tiny.events)
    events.loc[events["meeting_id"] == "M3", "mode"] = ""
    table = dialogue_share(tiny.with_table("events", events))
    assert table.loc[2, "coded"] == 0 and math.isnan(table.loc[2, "dialogue_share"])
    empty = dialogue_share(tiny.with_table("events", tiny.events.iloc[0:0]))
    assert empty["coded"].tolist() == [0, 0, 0]
    assert empty["dialogue_share"].isna().all()


# -- solution onset --------------------------------------------------------------------


def test_solution_onset_on_the_tiny_project(tiny):
    table = solution_onset(tiny)
    assert list(table.columns) == [*MEETING, "contributions", "first_solution_seq",
                                   "solution_onset", "problem_before_solution", "early_solution"]
    assert table["contributions"].tolist() == [6, 4, 3]
    assert table["first_solution_seq"].tolist() == [5, 4, 1]
    assert table["solution_onset"].tolist() == pytest.approx([4 / 6, 3 / 4, 0])
    assert table["problem_before_solution"].tolist() == [3, 3, 0]
    assert table["early_solution"].tolist() == [False, False, True]
    assert solution_onset(tiny, early=0.7)["early_solution"].tolist() == [True, False, True]


def test_solution_onset_without_solutions_or_events(tiny):
    events = to_text(tiny.events)
    events.loc[(events["meeting_id"] == "M2") & (events["focus"] == "solution"), "focus"] = "problem"
    project = with_rows(tiny.with_table("events", events), "meetings",
                        [{"meeting_id": "M4", "date": "2026-03-20", "step": "impact"}])
    table = solution_onset(project).set_index("meeting_id")
    assert pd.isna(table.loc["M2", "first_solution_seq"])
    assert table.loc["M2", "solution_onset"] == 1.0
    assert table.loc["M2", "problem_before_solution"] == 4  # the primary coder's four
    assert not table.loc["M2", "early_solution"]
    assert table.loc["M4", "contributions"] == 0
    assert math.isnan(table.loc["M4", "solution_onset"])
    assert not table.loc["M4", "early_solution"]


def test_solution_onset_follows_seq_not_row_order(tiny):
    events = to_text(tiny.events).iloc[::-1]
    table = solution_onset(tiny.with_table("events", events))
    assert table["first_solution_seq"].tolist() == [5, 4, 1]
    assert table["problem_before_solution"].tolist() == [3, 3, 0]


# -- step coverage -----------------------------------------------------------------------


def test_step_coverage_on_the_tiny_project(tiny):
    table = step_coverage(tiny)
    assert list(table.columns) == ["step", "order", "meetings", "first_meeting_date",
                                   "checklist_items", "checklist_done", "evidence_items",
                                   "before_make_change", "status"]
    assert table["step"].astype(str).tolist() == STEPS
    assert table["order"].tolist() == [2, 3, 4, 5, 6, 7]  # the model's element order
    assert table["meetings"].tolist() == [1, 0, 0, 1, 0, 1]
    assert table["first_meeting_date"].iloc[3] == pd.Timestamp("2026-02-02")
    assert pd.isna(table["first_meeting_date"].iloc[1])
    assert table["checklist_items"].tolist() == [2, 0, 0, 1, 0, 0]
    assert table["checklist_done"].tolist() == [1, 0, 0, 0, 0, 0]
    assert table["evidence_items"].tolist() == [1, 0, 0, 0, 0, 0]
    assert table["before_make_change"].tolist() == [True, False, False, True, False, False]
    assert statuses(tiny) == {
        "big_idea": "covered",  # a meeting and evidence
        "decision_time": "skipped",
        "building_team": "skipped",
        "understand": "rushed",  # a meeting, no checklist evidence
        "gather_ideas": "skipped",
        "make_change": "rushed",
    }


def test_understanding_after_the_change_does_not_count(tiny):
    checklist = to_text(tiny.checklist)
    checklist.loc[checklist["step"] == "understand", ["status", "evidence"]] = ["done", "Notes"]
    project = tiny.with_table("checklist", checklist)
    assert statuses(project)["understand"] == "covered"
    meetings = to_text(tiny.meetings)
    meetings.loc[meetings["meeting_id"] == "M2", "date"] = "2026-03-10"  # after make_change
    late = project.with_table("meetings", meetings)
    assert not step_coverage(late).set_index("step").loc["understand", "before_make_change"]
    assert statuses(late)["understand"] == "skipped"  # evidence, but no meeting before


def test_project_that_never_reached_make_change(tiny):
    meetings = to_text(tiny.meetings)
    meetings.loc[meetings["meeting_id"] == "M3", "step"] = "impact"  # cross-cutting
    result = statuses(tiny.with_table("meetings", meetings))
    assert result["make_change"] == "not_reached"
    assert result["gather_ideas"] == "not_reached"
    assert result["understand"] == "rushed"  # no Make the Change: any meeting counts
    assert result["decision_time"] == "skipped"


def test_action_bias_steps_are_read_from_the_model(tiny_dir, tmp_path, monkeypatch):
    model_dir = tmp_path / "model"
    shutil.copytree(Path(load_model().directory), model_dir)
    tools = yaml.safe_load((model_dir / "tools.yaml").read_text(encoding="utf-8"))
    tools["action_bias"]["skipped_steps"] = ["gather_ideas"]
    (model_dir / "tools.yaml").write_text(yaml.safe_dump(tools), encoding="utf-8")
    meetings = (tiny_dir / "meetings.csv").read_text(encoding="utf-8")
    (tiny_dir / "meetings.csv").write_text(meetings.replace("M2,2026-02-02", "M2,2026-03-10"),
                                           encoding="utf-8")
    project = load_project(tiny_dir)
    assert statuses(project)["understand"] == "skipped"  # its only meeting came too late
    edited = load_project(tiny_dir, model=load_model(model_dir))
    assert statuses(edited)["understand"] == "rushed"  # no longer an action-bias step
    monkeypatch.setenv("COLLABKIT_MODEL_DIR", str(model_dir))
    assert statuses(load_project(tiny_dir))["understand"] == "rushed"  # read at loading...
    assert statuses(project)["understand"] == "skipped"  # ...so a loaded project keeps its own


# -- solution talk by step --------------------------------------------------------------


def test_solution_talk_by_step_on_the_tiny_project(tiny):
    table = solution_talk_by_step(tiny)
    assert list(table.columns) == ["step", "order", "coded", "solution_share", "problem_share"]
    assert table["step"].astype(str).tolist() == load_model().elements["element_id"].tolist()
    rows = table.set_index(table["step"].astype(str))
    assert rows.loc["big_idea", "coded"] == 6
    assert rows.loc["big_idea", "solution_share"] == pytest.approx(2 / 6)
    assert rows.loc["big_idea", "problem_share"] == pytest.approx(3 / 6)
    assert rows.loc["understand", "solution_share"] == pytest.approx(1 / 4)
    assert rows.loc["make_change", "solution_share"] == 1
    assert rows.loc["impact", "coded"] == 0 and math.isnan(rows.loc["impact", "solution_share"])


# -- all together ---------------------------------------------------------------------------


def test_a_project_with_no_events(tiny):
    project = tiny.with_table("events", tiny.events.iloc[0:0])
    onset = solution_onset(project)
    assert onset["contributions"].tolist() == [0, 0, 0]
    assert onset["solution_onset"].isna().all() and not onset["early_solution"].any()
    assert solution_talk_by_step(project)["coded"].sum() == 0
    assert statuses(project) == statuses(tiny)  # coverage does not depend on events


def test_inputs_are_never_modified(tiny):
    before = copy.deepcopy(tiny.tables)
    for function in (dialogue_share, solution_onset, step_coverage, solution_talk_by_step):
        function(tiny)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny.tables[name], table)


def test_staff_led_example_shows_action_bias():
    from collabkit.examples import generate_project

    led = generate_project("staff_led", seed=6)
    co = generate_project("co_produced", seed=6)
    assert solution_onset(led)["early_solution"].mean() > solution_onset(co)["early_solution"].mean()
    assert statuses(led)["understand"] == statuses(led)["gather_ideas"] == "skipped"
    assert set(statuses(co).values()) == {"covered"}
    early = ["big_idea", "understand", "gather_ideas"]

    def early_solution_share(project):
        table = solution_talk_by_step(project).set_index("step")
        return table.loc[early, "solution_share"].mean()

    assert early_solution_share(led) > 2 * early_solution_share(co)
    assert dialogue_share(led)["dialogue_share"].mean() < dialogue_share(co)["dialogue_share"].mean()
