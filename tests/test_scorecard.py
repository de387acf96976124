"""The scorecard, its measures, rules file and recommendations (collabkit.evaluation).

By hand from tests/fixtures/tiny: 13 primary contributions, staff S1 5 and S2
2 (7/13 = 54%), service user U1 4 and carer C1 2 (6/13 = 46%); presence over
the three meetings is 10 person-meetings, staff 5 (50%), lived experience 5
(50%), so lived-experience voice to presence is (6/13) / (5/10) = 12/13.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from collabkit.errors import ModelError
from collabkit.evaluation.measures import METRICS
from collabkit.evaluation.scorecard import (
    load_rules,
    recommendations,
    scorecard,
    scorecards,
)
from collabkit.model import load_model
from collabkit.project import Project, to_text

DIMENSIONS = ["structure", "voice", "four_player", "dialogue", "action_bias", "model_coverage",
              "decisions_together", "reflection", "inertia"]
RULES = Path(__file__).resolve().parents[1] / "data" / "model" / "scorecard.yaml"
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"
SEEDS = range(5)


def ratings(card: pd.DataFrame) -> dict[str, str]:
    return dict(zip(card["dimension"].astype(str), card["rating"].astype(str), strict=True))


def emptied(project: Project, *names: str) -> Project:
    tables = {n: to_text(t) for n, t in project.tables.items()}
    for name in names:
        tables[name] = tables[name].iloc[0:0]
    return Project.from_tables(project.info_text(), tables)


# -- the rules file -----------------------------------------------------------------


def test_default_rules_cover_the_nine_dimensions():
    rules = load_rules(load_model())
    assert rules["dimension"].tolist() == DIMENSIONS
    assert set(rules["metric"]) <= set(METRICS)
    assert set(rules["direction"]) <= {"higher_is_better", "lower_is_better"}
    tips = set(load_model().tips["tip_id"])
    for pairs in rules["recommendations"]:
        assert pairs and {tip for tip, _ in pairs} <= tips


def write_rules(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    change(data["dimensions"])
    path = tmp_path / "scorecard.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _set(index: int, key: str, value):
    def change(dimensions):
        dimensions[index][key] = value
    return change


def _drop(index: int, key: str):
    def change(dimensions):
        del dimensions[index][key]
    return change


@pytest.mark.parametrize("change, message", [
    (_set(1, "metric", "nope"), r"dimensions entry 2 \(voice\): unknown metric 'nope'; known: "),
    (_set(1, "strength", 0.5), r"\(voice\): with higher_is_better the strength cut-off \(0.5\) "
                               r"must be above the concern cut-off \(0.6\)"),
    (_set(4, "concern", 0.1), r"\(action_bias\): with lower_is_better the strength cut-off "
                              r"\(0.25\) must be below the concern cut-off \(0.1\)"),
    (_set(1, "evidence", "Staff spoke {staff_talk:.0%}."),
     r"'evidence' uses \{staff_talk\}, which metric lived_experience_voice does not provide"),
    (_set(1, "not_recorded", "No {value}."), r"'not_recorded' uses \{value\}"),
    (_set(1, "evidence", "Unclosed {value"), r"'evidence' is not a valid template"),
    (_set(1, "recommendations", [{"tip": 42, "advice": "x"}]), r"unknown tip 42"),
    (_set(1, "recommendations", [{"tip": 3}]), r"needs exactly 'tip' and 'advice'"),
    (_drop(0, "label"), r"\(structure\): 'label' must be non-empty text; got None"),
    (_set(0, "direction", "up"), r"'direction' must be one of higher_is_better, lower_is_better"),
    (_set(0, "strength", "high"), r"'strength' cut-off must be a number; got 'high'"),
    (_set(0, "colour", "red"), r"unknown field 'colour'"),
    (_set(1, "dimension", "structure"), r"duplicate dimension 'structure'"),
    (_set(1, "dimension", "Voice Dimension"), r"'dimension' must be snake_case text"),
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
        scorecard(tiny, rules=tmp_path / "none.yaml")


# -- ratings and evidence -----------------------------------------------------------


def test_tiny_scorecard_columns_and_voice_evidence(tiny):
    card = scorecard(tiny)
    assert list(card.columns) == ["dimension", "label", "rating", "value", "evidence", "rule"]
    assert card["dimension"].tolist() == DIMENSIONS
    voice = card.set_index("dimension").loc["voice"]
    assert voice["value"] == pytest.approx(12 / 13)
    assert voice["rating"] == "strength"
    assert voice["evidence"] == ("Staff spoke 54% of the time while being 50% of the people "
                                 "present; people with lived experience spoke 46% of the time "
                                 "while being 50%.")
    assert voice["rule"] == ("lived_experience_voice >= 0.8: strength; lived_experience_voice "
                             "<= 0.6: concern; otherwise developing")


def test_tiny_other_dimensions_by_hand(tiny):
    card = scorecard(tiny).set_index("dimension")
    # one decision in three meetings
    assert card.loc["inertia", "value"] == pytest.approx(1 / 3)
    assert card.loc["inertia", "rating"] == "developing"
    assert "1 of 3 meetings made at least one decision" in card.loc["inertia", "evidence"]
    # D1 together (M1, lived experience present, co-design); D2 outside, inform
    assert card.loc["decisions_together", "value"] == 0.5
    # checklist: done 1 + partly 0.5 of the model's 28 items
    assert card.loc["model_coverage", "value"] == pytest.approx(1.5 / 28)
    assert card.loc["model_coverage", "rating"] == "concern"
    # reflections 4 then 5
    assert card.loc["reflection", "value"] == 4.5 and card.loc["reflection", "rating"] == "strength"
    # gather_ideas had no meeting but make_change did: action bias in the model
    assert card.loc["action_bias", "value"] == 1.0
    assert "Gather Ideas was skipped" in card.loc["action_bias", "evidence"]


def test_cut_offs_are_inclusive_in_both_directions(tiny):
    rules = load_rules(load_model())
    voice = rules["dimension"] == "voice"
    at = 12 / 13
    strong = rules.copy()
    strong.loc[voice, ["strength", "concern"]] = [at, 0.1]
    assert ratings(scorecard(tiny, rules=strong))["voice"] == "strength"
    weak = rules.copy()
    weak.loc[voice, ["strength", "concern"]] = [0.99, at]
    assert ratings(scorecard(tiny, rules=weak))["voice"] == "concern"
    between = rules.copy()
    between.loc[voice, ["strength", "concern"]] = [0.99, 0.5]
    assert ratings(scorecard(tiny, rules=between))["voice"] == "developing"
    lower = rules.copy()
    bias = lower["dimension"] == "action_bias"  # value 1.0
    lower.loc[bias, ["strength", "concern"]] = [1.0, 2.0]
    assert ratings(scorecard(tiny, rules=lower))["action_bias"] == "strength"
    lower.loc[bias, ["strength", "concern"]] = [0.5, 1.0]
    assert ratings(scorecard(tiny, rules=lower))["action_bias"] == "concern"


def test_not_recorded_when_the_data_is_absent(tiny):
    bare = emptied(tiny, "events", "attendance", "decisions", "impact", "reflections",
                   "checklist")
    card = scorecard(bare)
    assert set(card["rating"].astype(str)) == {"not_recorded"}
    assert card["value"].isna().all()
    rules = load_rules(load_model()).set_index("dimension")
    for row in card.itertuples():
        assert row.evidence == rules.loc[row.dimension, "not_recorded"]
    assert recommendations(bare).empty


def test_a_project_with_no_meetings_is_all_not_recorded(tiny):
    empty = Project(tiny.info, {n: t.iloc[0:0] for n, t in tiny.tables.items()}, model=tiny.model)
    card = scorecard(empty)
    assert set(card["rating"].astype(str)) == {"not_recorded"}


def test_inputs_are_not_modified(tiny):
    before = copy.deepcopy(tiny.tables)
    info = dict(tiny.info)
    recommendations(tiny)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny.tables[name], table)
    assert tiny.info == info


# -- the examples come out as they were built ----------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_inertia_projects_are_flagged(seed):
    from collabkit.examples import generate_project

    card = ratings(scorecard(generate_project("inertia", seed=seed)))
    assert card["inertia"] == "concern"
    assert card["structure"] == "concern"  # attendance fell away


@pytest.mark.parametrize("seed", SEEDS)
def test_staff_led_projects_show_voice_imbalance_and_action_bias(seed):
    from collabkit.examples import generate_project

    card = scorecard(generate_project("staff_led", seed=seed)).set_index("dimension")
    assert card.loc["voice", "rating"] == "concern"
    assert card.loc["action_bias", "rating"] == "concern"
    assert card.loc["decisions_together", "rating"] == "concern"
    assert card.loc["voice", "evidence"].startswith("Staff spoke ")


@pytest.mark.parametrize("seed", SEEDS)
def test_co_produced_projects_are_mostly_strengths(seed):
    from collabkit.examples import generate_project

    card = ratings(scorecard(generate_project("co_produced", seed=seed)))
    assert "concern" not in card.values()
    assert list(card.values()).count("strength") >= 8


def test_bundled_examples_differ_as_built():
    from collabkit import load_projects

    table = scorecards(load_projects(EXAMPLES))
    wide = table.pivot(index="dimension", columns="project_id", values="rating").astype(str)
    river, hill, meadow = (wide[name] for name in
                           ("riverside_crisis_cafe", "hillside_discharge", "meadow_peer_support"))
    assert (river == "strength").sum() >= 8 and not (river == "concern").any()
    assert hill["voice"] == "concern" and hill["action_bias"] == "concern"
    assert meadow["inertia"] == "concern"
    assert river["inertia"] == "strength" and hill["voice"] != river["voice"]
    assert (wide == "not_recorded").sum().sum() == 0  # the examples record everything


def test_scorecards_stacks_projects_in_order(tiny):
    table = scorecards([tiny, tiny])
    assert list(table.columns) == ["project_id", "dimension", "label", "rating", "value",
                                   "evidence", "rule"]
    assert len(table) == 2 * len(DIMENSIONS)
    empty = scorecards([])
    assert empty.empty and list(empty.columns) == list(table.columns)


# -- recommendations ---------------------------------------------------------------


def test_recommendations_follow_the_tips_of_each_weak_dimension():
    from collabkit.examples import generate_project

    project = generate_project("staff_led", seed=12)
    card = scorecard(project)
    tips = recommendations(project, card)
    assert list(tips.columns) == ["dimension", "tip_id", "tip", "recommendation"]
    weak = card.loc[card["rating"].isin(["concern", "developing"]), "dimension"]
    assert set(tips["dimension"]) == set(weak)
    voice = tips[tips["dimension"] == "voice"]
    assert voice["tip_id"].tolist() == [3, 4]
    assert voice["tip"].tolist() == ["Small groups", "Role-model the behaviour"]
    assert (voice["recommendation"].str.len() > 20).all()
    # concerns come before developing dimensions
    order = tips["dimension"].map(dict(zip(card["dimension"], card["rating"].astype(str),
                                           strict=True)))
    assert order.tolist() == sorted(order.tolist(), key=["concern", "developing"].index)


def test_recommendations_use_the_card_given(tiny):
    card = scorecard(tiny)
    card["rating"] = "strength"
    assert recommendations(tiny, card).empty
    card.loc[card["dimension"] == "dialogue", "rating"] = "concern"
    tips = recommendations(tiny, card)
    assert tips["dimension"].unique().tolist() == ["dialogue"]
    assert tips["tip_id"].tolist() == [1]


def test_metric_functions_give_nan_not_errors_on_an_empty_project(tiny):
    empty = Project(tiny.info, {n: t.iloc[0:0] for n, t in tiny.tables.items()}, model=tiny.model)
    for name, metric in METRICS.items():
        measure = metric.function(empty)
        assert np.isnan(measure["value"]), name


def test_the_metrics_and_evaluation_packages_re_export_every_public_function():
    import collabkit.evaluation as evaluation
    import collabkit.metrics as metrics

    for package in (metrics, evaluation):
        assert len(package.__all__) == len(set(package.__all__))
        for name in package.__all__:
            assert hasattr(package, name), name
    for name in ("model_journey", "decision_inclusion", "recurring_problems", "role_voice",
                 "detect_stuck_patterns", "dialogue_share", "solution_onset", "primary_events"):
        assert callable(getattr(metrics, name))
    for name in ("scorecard", "scorecards", "recommendations", "load_rules"):
        assert callable(getattr(evaluation, name))


def test_a_format_code_that_does_not_fit_the_value_is_a_model_error(tiny):
    rules = load_rules(load_model())
    rules.loc[rules["dimension"] == "action_bias", "evidence"] = "{skipped_text:.0%}"
    with pytest.raises(ModelError, match=r"dimension 'action_bias': the evidence sentence cannot "
                                         r"be filled in"):
        scorecard(tiny, rules=rules)
