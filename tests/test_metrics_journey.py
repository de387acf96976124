"""The journey through the model and checklist completion (collabkit.metrics.journey).

Expected values are worked out by hand from tests/fixtures/tiny:
meetings M1 big_idea (2026-01-05), M2 understand (02-02), M3 make_change (03-02);
checklist big_idea_described done (with evidence), big_idea_scope_agreed
partly (no evidence), understand_many_sources not_done.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from collabkit.metrics.journey import checklist_completion, model_journey
from collabkit.model import load_model
from collabkit.project import Project

INFO = {"id": "journey", "title": "Journey test"}
PEOPLE = pd.DataFrame({"participant_id": ["S1", "U1"], "role": ["staff", "service_user"]})


def project_with(steps: list[str], dates: list[str] | None = None, **tables) -> Project:
    """A minimal project whose meetings serve ``steps`` (one meeting each)."""
    dates = dates or [f"2026-{i + 1:02d}-01" for i in range(len(steps))]
    meetings = pd.DataFrame({"meeting_id": [f"M{i + 1}" for i in range(len(steps))],
                             "date": dates, "step": steps})
    return Project.from_tables(INFO, {"participants": PEOPLE, "meetings": meetings, **tables})


def test_tiny_journey_jumps_and_lists_the_steps_passed_over(tiny):
    journey = model_journey(tiny)
    assert list(journey.columns) == ["meeting_id", "date", "meeting_number", "step",
                                     "step_order", "transition", "skipped_steps"]
    assert journey["meeting_id"].tolist() == ["M1", "M2", "M3"]
    assert journey["meeting_number"].tolist() == [1, 2, 3]
    assert journey["step_order"].tolist() == [1, 4, 6]
    assert journey["transition"].tolist() == ["start", "jump", "jump"]
    assert journey["skipped_steps"].tolist() == ["", "decision_time;building_team",
                                                 "gather_ideas"]


def test_same_next_return_and_cross_cutting():
    project = project_with(["partnership", "big_idea", "decision_time", "decision_time",
                            "big_idea", "building_team", "impact", "make_change"])
    journey = model_journey(project)
    assert journey["transition"].tolist() == [
        "cross_cutting", "start", "next", "same", "return", "jump", "cross_cutting", "jump"]
    # from big_idea (order 1) to building_team (3): decision_time was visited before
    assert journey["skipped_steps"].tolist()[5] == ""
    # the cross-cutting impact meeting does not move the journey: building_team -> make_change
    assert journey["skipped_steps"].tolist()[7] == "understand;gather_ideas"
    assert journey["step_order"].isna().tolist() == [True] + [False] * 5 + [True, False]


def test_start_later_in_the_model_lists_the_earlier_steps():
    journey = model_journey(project_with(["understand", "gather_ideas"]))
    assert journey["transition"].tolist() == ["start", "next"]
    assert journey["skipped_steps"].iloc[0] == "big_idea;decision_time;building_team"


def test_meetings_are_put_in_date_order_whatever_the_file_order():
    project = project_with(["make_change", "big_idea"], dates=["2026-05-01", "2026-01-01"])
    journey = model_journey(project)
    assert journey["meeting_id"].tolist() == ["M2", "M1"]
    assert journey["transition"].tolist() == ["start", "jump"]


def test_tiny_checklist_completion_by_hand(tiny):
    table = checklist_completion(tiny)
    assert list(table.columns) == ["step", "order", "items", "recorded", "done", "partly",
                                   "not_done", "not_applicable", "completion",
                                   "evidence_coverage"]
    assert table["step"].astype(str).tolist() == list(load_model().steps)
    elements = load_model().elements.set_index("element_id")["order"]
    assert table["order"].tolist() == [elements[s] for s in load_model().steps]
    assert table["order"].is_monotonic_increasing
    big = table.set_index(table["step"].astype(str)).loc["big_idea"]
    assert (big["items"], big["recorded"], big["done"], big["partly"]) == (5, 2, 1, 1)
    assert big["completion"] == pytest.approx((1 + 0.5) / 5)
    assert big["evidence_coverage"] == pytest.approx(0.5)  # the partly item has no evidence
    understand = table.set_index(table["step"].astype(str)).loc["understand"]
    assert (understand["recorded"], understand["not_done"]) == (1, 1)
    assert understand["completion"] == 0.0
    assert np.isnan(understand["evidence_coverage"])  # nothing claimed done
    assert table["items"].sum() == len(load_model().checklist_items)


def test_not_applicable_items_leave_the_denominator():
    items = load_model().checklist_items
    understand = items[items["step"] == "understand"]["item_id"].tolist()
    checklist = pd.DataFrame({
        "step": "understand", "item_id": understand,
        "status": ["done", "not_applicable", "not_applicable", "partly"],
        "evidence": ["notes", "", "", "notes"]})
    table = checklist_completion(project_with(["understand"], checklist=checklist))
    row = table.set_index(table["step"].astype(str)).loc["understand"]
    assert row["completion"] == pytest.approx(1.5 / 2)
    assert row["evidence_coverage"] == 1.0
    every = checklist.assign(status="not_applicable")
    table = checklist_completion(project_with(["understand"], checklist=every))
    assert np.isnan(table.set_index(table["step"].astype(str)).loc["understand", "completion"])


def test_no_checklist_gives_zero_completion_and_no_evidence_coverage():
    table = checklist_completion(project_with(["big_idea"]))
    assert len(table) == 6
    assert (table["recorded"] == 0).all() and (table["completion"] == 0.0).all()
    assert table["evidence_coverage"].isna().all()


def test_one_meeting_and_no_meetings():
    one = model_journey(project_with(["big_idea"]))
    assert one["transition"].tolist() == ["start"]
    base = project_with(["big_idea"])
    empty = Project(INFO, {n: t.iloc[0:0] for n, t in base.tables.items()}, model=base.model)
    journey = model_journey(empty)
    assert journey.empty and list(journey.columns)[0] == "meeting_id"


def test_inputs_are_not_modified(tiny):
    before = copy.deepcopy(tiny.tables)
    model_journey(tiny)
    checklist_completion(tiny)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny.tables[name], table)


def test_staff_led_example_jumps_past_understanding_to_make_the_change():
    from collabkit.examples import generate_project

    journey = model_journey(generate_project("staff_led", seed=12))
    jumps = journey[journey["transition"] == "jump"]
    assert jumps["step"].astype(str).tolist() == ["make_change"]
    assert "understand" in jumps["skipped_steps"].iloc[0].split(";")
    assert "gather_ideas" in jumps["skipped_steps"].iloc[0].split(";")


def test_inertia_example_goes_back_and_forth():
    from collabkit.examples import generate_project

    journey = model_journey(generate_project("inertia", seed=13))
    assert (journey["transition"] == "return").sum() >= 3
    assert "make_change" not in set(journey["step"].astype(str))
