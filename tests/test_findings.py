"""The findings layer (collabkit.evaluation): rules, ratings, causes, advice and confidence.

By hand from tests/fixtures/tiny: 13 primary contributions, staff S1 5 and S2
2 (7/13 = 54%), service user U1 4 and carer C1 2 (6/13 = 46%); presence over
the three meetings is 10 person-meetings, staff 5 (50%), lived experience 5
(50%), so lived-experience voice to presence is (6/13) / (5/10) = 12/13.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

import collabkit
from collabkit.errors import ModelError
from collabkit.evaluation import (
    FINDING_COLUMNS,
    METRICS,
    evaluate,
    findings,
    load_rules,
    read_findings,
    recommendations,
    scorecards,
)
from collabkit.model import load_model
from collabkit.project import Project, to_text

DIMENSIONS = ["structure", "leadership", "voice", "four_player", "dialogue", "action_bias",
              "model_coverage", "evidence", "agenda", "decisions_together", "reflection",
              "participant_experience", "inertia"]
RULES = Path(__file__).resolve().parents[1] / "data" / "model" / "scorecard.yaml"


def ratings(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["dimension"].astype(str), frame["rating"].astype(str), strict=True))


def causes(project: Project, dimension: str) -> list[str]:
    row = findings(project).row(dimension)
    return [c for c in str(row["causes"]).split(";") if c]


def emptied(project: Project, *names: str) -> Project:
    tables = {n: to_text(t) for n, t in project.tables.items()}
    for name in names:
        tables[name] = tables[name].iloc[0:0]
    return Project.from_tables(project.info_text(), tables)


# -- the rules file -----------------------------------------------------------------


def test_default_rules_cover_every_dimension_with_causes_and_sources():
    rules = load_rules(load_model())
    table = rules.table
    assert table["dimension"].tolist() == DIMENSIONS
    assert set(table["metric"]) <= set(METRICS)
    assert rules.settings == {"together_level": "co_design", "min_problem": 3}
    tips = set(load_model().tips["tip_id"])
    for dimension, found in zip(table["dimension"], table["causes"], strict=True):
        assert found and {c.tip for c in found} <= tips, dimension
        assert any(c.when is None for c in found), dimension  # a default cause


def write_rules(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "scorecard.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _set(index: int, key: str, value):
    def change(data):
        data["dimensions"][index][key] = value
    return change


def _cause(index: int, key: str, value):
    def change(data):
        data["dimensions"][index]["causes"][0][key] = value
    return change


@pytest.mark.parametrize("change, message", [
    (_set(2, "metric", "nope"), r"dimensions entry 3 \(voice\): unknown metric 'nope'; known: "),
    (_set(2, "strength", 0.5), r"\(voice\): with higher_is_better the strength cut-off \(0.5\) "
                               r"must be above the concern cut-off \(0.6\)"),
    (_set(5, "concern", 0.1), r"\(action_bias\): with lower_is_better the strength cut-off "
                              r"\(0.25\) must be below the concern cut-off \(0.1\)"),
    (_set(2, "evidence", "Staff spoke {staff_talk:.0%}."),
     r"'evidence' uses \{staff_talk\}, which metric lived_experience_voice does not provide"),
    (_set(2, "not_recorded", "No {value}."), r"'not_recorded' uses \{value\}"),
    (_set(2, "evidence", "Unclosed {value"), r"'evidence' is not a valid template"),
    (_set(2, "source", "gossip"), r"unknown source 'gossip'"),
    (_set(2, "shown_as", "stars"), r"'shown_as' must be one of percent, score, number"),
    (_cause(2, "tip", 42), r"cause 'staff_did_most_talking': unknown tip 42"),
    (_cause(2, "when", "staff_ratio is big"), r"'when' must read like 'outside >= 1'"),
    (_cause(2, "when", "shouting >= 1"), r"'when' uses 'shouting'"),
    (_cause(2, "at_most", "strength"), r"'at_most' must be developing or concern"),
    (_set(2, "causes", [{"cause": "x", "when": "silent >= 1", "says": "x", "tip": 3,
                         "advice": "y"}]), r"needs at least one cause without 'when'"),
    (_set(0, "label", None), r"\(structure\): 'label' must be non-empty text; got None"),
    (_set(0, "direction", "up"), r"'direction' must be one of higher_is_better, lower_is_better"),
    (_set(0, "strength", "high"), r"'strength' cut-off must be a number; got 'high'"),
    (_set(0, "colour", "red"), r"unknown field 'colour'"),
    (_set(1, "dimension", "structure"), r"duplicate dimension 'structure'"),
    (_set(1, "dimension", "Voice Dimension"), r"'dimension' must be snake_case text"),
    (lambda data: data["settings"].update(together_level="mostly"),
     r"together_level 'mostly' is not a level"),
])
def test_malformed_rules_are_refused_with_a_clear_message(tmp_path, change, message):
    path = write_rules(tmp_path, change)
    with pytest.raises(ModelError, match=message):
        load_rules(load_model(), path)


@pytest.mark.parametrize("text, message", [
    ("dimensions: [", "scorecard.yaml: cannot be read as YAML"),
    ("dimensions: []", "needs a 'dimensions' list"),
    ("- just a list", "needs a 'dimensions' list"),
])
def test_rules_file_that_is_not_a_rules_file(tmp_path, text, message):
    path = tmp_path / "scorecard.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        load_rules(load_model(), path)


def test_missing_rules_file(tiny, tmp_path):
    with pytest.raises(ModelError, match="scorecard rules file not found"):
        evaluate(tiny, rules=tmp_path / "none.yaml")


# -- ratings and evidence -----------------------------------------------------------


def test_evaluate_is_public_and_has_the_documented_columns(tiny):
    table = collabkit.evaluate(tiny)
    assert tuple(table.columns) == FINDING_COLUMNS
    assert table["dimension"].tolist() == DIMENSIONS
    assert set(table["confidence"].astype(str)) <= {"high", "medium", "low"}
    voice = table.set_index("dimension").loc["voice"]
    assert voice["value"] == pytest.approx(12 / 13)
    assert voice["rating"] == "strength" and voice["causes"] == ""
    assert voice["evidence"] == ("Staff spoke 54% of the time while being 50% of the people "
                                 "present; people with lived experience spoke 46% of the time "
                                 "while being 50% (a ratio of 0.92, where 1 means in step with "
                                 "their numbers). Counted from 13 contributions coded live.")
    assert voice["rule"] == ("a strength at 0.80 or more, a concern at 0.60 or less, developing "
                             "in between")


def test_tiny_dimensions_by_hand(tiny):
    table = evaluate(tiny).set_index("dimension")
    # D1 together (M1, lived experience present, co-design); D2 outside a meeting, inform
    assert table.loc["decisions_together", "value"] == 0.5
    assert causes(tiny, "decisions_together") == ["made_outside_meetings", "below_co_design"]
    # advantage: one of three meetings made a decision together
    assert table.loc["inertia", "value"] == pytest.approx(1 / 3)
    # checklist: only big_idea_described counts (done, evidence); partly with no evidence not
    assert table.loc["model_coverage", "value"] == pytest.approx(1 / 28)
    assert table.loc["evidence", "value"] == 0.5
    assert causes(tiny, "evidence") == ["unevidenced_claims"]
    assert table.loc["reflection", "value"] == 4.5
    # gather_ideas had no meeting but make_change did: action bias in the model, capped
    assert table.loc["action_bias", "value"] == 1.0
    assert causes(tiny, "action_bias") == ["steps_skipped"]
    assert "Gather Ideas was skipped" in table.loc["action_bias", "evidence"]


def test_cut_offs_are_inclusive_in_both_directions(tiny):
    rules = load_rules(load_model())

    def rated(dimension, strength, concern):
        table = rules.table.copy()
        table.loc[table["dimension"] == dimension, ["strength", "concern"]] = [strength, concern]
        return ratings(evaluate(tiny, rules=dataclasses.replace(rules, table=table)))[dimension]

    at = 12 / 13
    assert rated("voice", at, 0.1) == "strength"
    assert rated("voice", 0.99, at) == "concern"
    assert rated("voice", 0.99, 0.5) == "developing"
    assert rated("dialogue", 0.99, 0.1) == "developing"


def test_not_recorded_when_the_data_is_absent(tiny):
    bare = emptied(tiny, "events", "attendance", "decisions", "impact", "reflections",
                   "checklist", "agenda")
    table = evaluate(bare)
    assert set(table["rating"].astype(str)) == {"not_recorded"}
    assert table["value"].isna().all() and set(table["confidence"].astype(str)) == {"low"}
    rules = load_rules(load_model()).table.set_index("dimension")
    for row in table.itertuples():
        assert row.evidence == rules.loc[row.dimension, "not_recorded"]
    assert recommendations(bare).empty and findings(bare).actions.empty
    assert "No contributions were coded" in " ".join(findings(bare).limits)


def test_every_measure_gives_nan_not_errors_on_an_empty_project(tiny):
    empty = Project(tiny.info, {n: t.iloc[0:0] for n, t in tiny.tables.items()}, model=tiny.model)
    settings = load_rules(load_model()).settings
    for name, metric in METRICS.items():
        assert np.isnan(metric.function(empty, settings)["value"]), name


def test_inputs_are_not_modified(tiny):
    before = copy.deepcopy(tiny.tables)
    info = dict(tiny.info)
    evaluate(tiny, rules=RULES)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny.tables[name], table)
    assert tiny.info == info


# -- claims against evidence: one planted project per cause ------------------------------


def _with(project: Project, name: str, change) -> Project:
    table = to_text(project.table(name))
    return project.with_table(name, change(table))


def test_checklist_all_done_without_evidence_is_an_evidence_concern(tiny):
    items = tiny.model.checklist_items
    claimed = pd.DataFrame({"step": items["step"], "item_id": items["item_id"],
                            "status": "done", "evidence": "", "date": "",
                            "involved_roles": "staff;service_user"})
    project = tiny.with_table("checklist", claimed)
    table = evaluate(project).set_index("dimension")
    assert table.loc["evidence", "rating"] == "concern"
    assert table.loc["evidence", "value"] == 0
    assert "unevidenced_claims" in causes(project, "evidence")
    assert table.loc["model_coverage", "rating"] != "strength"
    assert "unevidenced_claims" in causes(project, "model_coverage")


def test_together_items_done_with_staff_only_do_not_count(tiny):
    items = tiny.model.checklist_items
    together = items[items["together"]]
    assert len(together) >= 3
    claimed = pd.DataFrame({"step": together["step"], "item_id": together["item_id"],
                            "status": "done", "evidence": "Minutes", "date": "",
                            "involved_roles": "staff"})
    project = tiny.with_table("checklist", claimed)
    assert evaluate(project).set_index("dimension").loc["evidence", "value"] == 0
    assert causes(project, "evidence") == ["together_without_lived_experience"]
    with_lived = project.with_table("checklist", claimed.assign(involved_roles="staff;carer"))
    assert findings(with_lived).rating("evidence") == "strength"


def test_one_person_in_both_lead_roles_is_a_leadership_concern(tiny):
    info = tiny.info_text()
    info["leads.process"] = info["leads.pace"]
    project = Project.from_tables(info, {n: to_text(t) for n, t in tiny.tables.items()})
    assert findings(tiny).rating("leadership") == "strength"
    assert findings(project).rating("leadership") == "concern"
    assert "same_person_both_leads" in causes(project, "leadership")


def test_decisions_remade_outside_a_meeting_lower_down_are_less_together_than_agreed(tiny):
    def remade(table):
        later = pd.DataFrame([{"decision_id": "D3", "date": "2026-03-20",
                               "summary": "Focus changed by the manager", "meeting_id": "",
                               "step": "make_change", "level": "consult", "revises": "D1"}])
        return pd.concat([table.assign(revises=""), later], ignore_index=True)

    project = _with(tiny, "decisions", remade)
    assert "less_together_than_agreed" in causes(project, "decisions_together")
    measure = findings(project).measures["decisions_together"]
    assert (measure["revisited"], measure["less_together"]) == (1, 1)
    assert findings(project).rating("decisions_together") != "strength"


def test_advice_follows_the_cause_not_the_rating(tiny):
    # every decision in a meeting: no advice to bring decisions into the meeting
    inside = _with(tiny, "decisions", lambda t: t.assign(meeting_id="M1"))
    assert "made_outside_meetings" not in causes(inside, "decisions_together")
    assert "made_outside_meetings" in causes(tiny, "decisions_together")
    advice = findings(tiny).advice
    outside = advice[advice["cause"] == "made_outside_meetings"].iloc[0]
    assert outside["says"] == "1 decision made outside a meeting"
    assert outside["tip_id"] == 7


def test_page_one_actions_are_three_distinct_from_concerns_first():
    from collabkit.examples import generate_project

    found = findings(generate_project("staff_led", seed=3))
    assert len(found.actions) == 3
    assert found.actions["recommendation"].is_unique
    assert set(found.actions["rating"]) == {"concern"}


# -- confidence ------------------------------------------------------------------------


def test_confidence_follows_how_much_was_recorded(tiny):
    from collabkit.examples import generate_project

    river = findings(generate_project("co_produced", seed=1)).frame.set_index("dimension")
    assert river.loc["four_player", "confidence"] == "high"  # a meeting coded twice, many events
    staff = findings(generate_project("staff_led", seed=1)).frame.set_index("dimension")
    assert staff.loc["four_player", "confidence"] == "medium"  # never double-coded
    assert "no meeting coded by a second coder" in staff.loc["four_player", "confidence_reason"]
    assert staff.loc["four_player", "confidence_needs"].startswith(
        "High needs at least 1 meeting coded by two coders")
    small = findings(tiny).frame.set_index("dimension")
    assert small.loc["voice", "confidence"] == "low"  # no turns: 13 contributions in 3 meetings
    assert small.loc["voice", "confidence_reason"].startswith("Low: 13 coded contributions")


# -- the examples come out as they were built ----------------------------------------


@pytest.mark.parametrize("seed", range(3))
def test_generated_kinds_are_rated_as_built(seed):
    from collabkit.examples import generate_project

    inertia = ratings(evaluate(generate_project("inertia", seed=seed)))
    assert inertia["inertia"] == "concern" and inertia["structure"] == "concern"
    staff = evaluate(generate_project("staff_led", seed=seed)).set_index("dimension")
    for dimension in ("voice", "action_bias", "decisions_together", "inertia", "agenda"):
        assert staff.loc[dimension, "rating"] == "concern", dimension
    assert staff.loc["evidence", "rating"] != "strength"  # together items done by staff alone
    assert staff.loc["voice", "evidence"].startswith("Staff spoke ")
    co = ratings(evaluate(generate_project("co_produced", seed=seed)))
    assert "concern" not in co.values()
    assert list(co.values()).count("strength") >= 10


def test_findings_files_round_trip(tiny, tmp_path):
    frame = findings(tiny).to_frame()
    path = tmp_path / "tiny.findings.csv"
    frame.to_csv(path, index=False)
    back = read_findings(path)
    assert back["project_id"].tolist() == ["tiny"] * len(DIMENSIONS)
    pd.testing.assert_series_equal(back["rating"], frame["rating"], check_names=False)
    assert back["value"].tolist() == pytest.approx(frame["value"].tolist(), nan_ok=True)
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ModelError, match="bad.csv: not a findings file"):
        read_findings(tmp_path / "bad.csv")


def test_scorecards_stack_projects_in_order(tiny):
    table = scorecards([tiny, tiny])
    assert list(table.columns)[:4] == ["project_id", "dimension", "label", "rating"]
    assert len(table) == 2 * len(DIMENSIONS)
    empty = scorecards([])
    assert empty.empty and list(empty.columns) == list(table.columns)


def test_a_format_code_that_does_not_fit_the_value_is_a_model_error(tiny, tmp_path):
    path = write_rules(tmp_path, _set(5, "evidence", "{skipped_text:.0%}"))
    with pytest.raises(ModelError, match=r"dimension 'action_bias': the sentence cannot be "
                                         r"filled in"):
        evaluate(tiny, rules=path)


def test_the_metrics_and_evaluation_packages_re_export_every_public_function():
    import collabkit.evaluation as evaluation
    import collabkit.metrics as metrics

    for package in (metrics, evaluation):
        assert len(package.__all__) == len(set(package.__all__))
        for name in package.__all__:
            assert hasattr(package, name), name
    for name in ("checklist_claims", "lead_summary", "agenda_practice", "decision_revisions"):
        assert callable(getattr(metrics, name))


@pytest.mark.parametrize("instead", ["nope", "talk"])
def test_a_source_may_stand_only_on_another_plain_source(tmp_path, instead):
    import yaml

    from collabkit.evaluation.confidence import load_sources
    from collabkit.model import load_model

    model = load_model()
    data = yaml.safe_load(model.optional_file("confidence.yaml").read_text(encoding="utf-8"))
    data["sources"]["talk"]["instead"] = instead
    path = tmp_path / "confidence.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ModelError, match=rf"confidence.yaml: source 'talk': 'instead' must name "
                                         rf"another source .*; got '{instead}'; allowed: agenda, "
                                         r"attendance, checklist, coding, decisions, feedback, "
                                         r"reflections$"):
        load_sources(model, path)
    sources, _ = load_sources(model)
    assert sources["talk"].instead is sources["coding"]
