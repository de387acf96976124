"""Reflections and shared vocabulary (collabkit.metrics.reflections, .problems, .glossary, .aims).

Expected values are worked out by hand from tests/fixtures/tiny: reflections
M1 4 and M2 5 (none for M3); glossary "Evening routine" at M1 (agreed) and
"Lived experience" at M2 (not agreed); aims from U1 and C1.
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collabkit.errors import ModelError
from collabkit.metrics.aims import aims_by_role
from collabkit.metrics.glossary import glossary_growth
from collabkit.metrics.problems import load_themes, recurring_problems
from collabkit.metrics.reflections import reflection_summary, reflection_trend
from collabkit.model import load_model
from collabkit.project import Project, to_text

ALL = (reflection_trend, reflection_summary, recurring_problems, glossary_growth, aims_by_role)


def with_tables(project: Project, **frames: pd.DataFrame) -> Project:
    tables = {n: to_text(t) for n, t in project.tables.items()}
    tables.update(frames)
    return Project.from_tables(project.info_text(), tables)


def reflections(rows: list[tuple[str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["meeting_id", "how_collaborative", "process_problems"])


def test_tiny_reflection_trend(tiny):
    trend = reflection_trend(tiny)
    assert list(trend.columns) == ["meeting_id", "date", "meeting_number", "step", "reflections",
                                   "how_collaborative"]
    assert trend["reflections"].tolist() == [1, 1, 0]
    assert trend["how_collaborative"].tolist()[:2] == [4.0, 5.0]
    assert np.isnan(trend["how_collaborative"].iloc[2])


def test_tiny_reflection_summary(tiny):
    summary = reflection_summary(tiny)
    assert len(summary) == 1
    row = summary.iloc[0]
    assert (row["meetings"], row["reflected_meetings"], row["reflections"]) == (3, 2, 2)
    assert (row["mean"], row["first"], row["last"], row["recent_mean"]) == (4.5, 4.0, 5.0, 4.5)
    assert row["slope_per_meeting"] == pytest.approx(1.0)  # meetings 1 and 2: 4 then 5


def test_pairs_of_one_meeting_are_averaged(tiny):
    project = with_tables(tiny, reflections=reflections([("M1", 2, ""), ("M1", 5, ""),
                                                         ("M3", 1, "")]))
    trend = reflection_trend(project)
    assert trend["reflections"].tolist() == [2, 0, 1]
    assert trend["how_collaborative"].iloc[0] == 3.5
    summary = reflection_summary(project, recent=1).iloc[0]
    assert summary["recent_mean"] == 1.0
    assert summary["slope_per_meeting"] == pytest.approx(-1.25)  # (1, 3.5), (3, 1)


def test_recurring_problems_counts_meetings_and_mentions(tiny):
    project = with_tables(tiny, reflections=reflections([
        ("M1", 3, "We ran out of time"), ("M1", 3, "Ran over again; staff dominated"),
        ("M2", 4, "Not enough time for questions"), ("M3", 4, "Fine")]))
    table = recurring_problems(project)
    assert list(table.columns) == ["theme", "meetings", "mentions", "example"]
    assert table["theme"].tolist() == ["time"]  # dominance only at M1
    assert (table["meetings"].iloc[0], table["mentions"].iloc[0]) == (2, 3)
    assert table["example"].iloc[0] == "We ran out of time"
    loose = recurring_problems(project, min_meetings=1)
    assert set(loose["theme"]) == {"time", "dominance"}
    assert loose["theme"].iloc[0] == "time"  # most widespread first


def test_keywords_match_whole_words_and_star_endings(tiny):
    themes = pd.DataFrame({"theme": ["t"], "label": ["T"], "tip": pd.array([None], "Int64"),
                           "keywords": [("late", "dominat*")]})
    project = with_tables(tiny, reflections=reflections([
        ("M1", 3, "Notes translated badly"), ("M2", 3, "It ran LATE"),
        ("M3", 3, "One person dominating")]))
    table = recurring_problems(project, themes=themes, min_meetings=1)
    assert (table["meetings"].iloc[0], table["mentions"].iloc[0]) == (2, 2)
    assert table["example"].iloc[0] == "It ran LATE"


def test_min_meetings_must_be_positive(tiny):
    with pytest.raises(ValueError, match="min_meetings must be a whole number"):
        recurring_problems(tiny, min_meetings=0)


def test_bundled_themes_file_loads():
    themes = load_themes(load_model())
    assert list(themes.columns) == ["theme", "label", "tip", "keywords"]
    assert {"time", "dominance", "jargon", "access", "preparation",
            "decisions_elsewhere"} <= set(themes["theme"])


@pytest.mark.parametrize("body, message", [
    ("themes: []", "needs a 'themes' list"),
    ("themes:\n  - {theme: a, label: A, tip: 3}", "'keywords' must be a non-empty list"),
    ("themes:\n  - {theme: a, label: A, tip: 99, keywords: [x]}", "unknown tip 99"),
    ("themes:\n  - {theme: a, label: A, keywords: [x]}\n  - {theme: a, label: B, keywords: [y]}",
     "duplicate theme 'a'"),
    ("themes:\n  - {theme: Bad Name, label: A, keywords: [x]}", "'theme' must be snake_case"),
    ("themes: [unclosed", "cannot be read as YAML"),
])
def test_malformed_themes_file(tmp_path: Path, body: str, message: str):
    path = tmp_path / "themes.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        load_themes(load_model(), path)


def test_tiny_glossary_growth(tiny):
    growth = glossary_growth(tiny)
    assert list(growth.columns) == ["meeting_id", "date", "meeting_number", "new_terms",
                                    "total_terms", "agreed_terms"]
    assert growth["new_terms"].tolist() == [1, 1, 0]
    assert growth["total_terms"].tolist() == [1, 2, 2]
    assert growth["agreed_terms"].tolist() == [1, 1, 1]


def test_a_term_written_again_counts_once(tiny):
    glossary = pd.DataFrame({"term": ["Evening routine", "evening Routine ", "Hub"],
                             "meaning": ["a", "b", "c"], "meeting_id": ["M1", "M3", ""],
                             "agreed": ["no", "yes", "yes"]})
    growth = glossary_growth(with_tables(tiny, glossary=glossary))
    assert growth["new_terms"].tolist() == [1, 0, 0]  # "Hub" has no meeting: left out
    assert growth["agreed_terms"].tolist() == [1, 1, 1]  # agreed later: counted when proposed


def test_tiny_aims_by_role(tiny):
    table = aims_by_role(tiny)
    assert list(table.columns) == ["role", "people", "aims", "share_with_aims"]
    by_role = table.set_index(table["role"].astype(str))
    assert by_role.loc["service_user", "aims"] == 1
    assert by_role.loc["carer", "share_with_aims"] == 1.0
    assert by_role.loc["staff", "people"] == 2 and by_role.loc["staff", "aims"] == 0
    assert "family" not in by_role.index  # no family members in the project


def test_no_reflections_glossary_or_aims(tiny):
    empty = {name: to_text(tiny.tables[name]).iloc[0:0]
             for name in ("reflections", "glossary", "aims")}
    project = with_tables(tiny, **empty)
    trend = reflection_trend(project)
    assert trend["reflections"].tolist() == [0, 0, 0] and trend["how_collaborative"].isna().all()
    summary = reflection_summary(project).iloc[0]
    assert summary["reflections"] == 0 and np.isnan(summary["mean"])
    assert np.isnan(summary["slope_per_meeting"])
    assert recurring_problems(project).empty
    assert glossary_growth(project)["total_terms"].tolist() == [0, 0, 0]
    assert aims_by_role(project)["aims"].sum() == 0


def test_no_meetings(tiny):
    empty = Project(tiny.info, {n: t.iloc[0:0] for n, t in tiny.tables.items()}, model=tiny.model)
    for function in ALL:
        assert isinstance(function(empty), pd.DataFrame)
    assert reflection_trend(empty).empty


def test_inputs_are_not_modified(tiny):
    before = copy.deepcopy(tiny.tables)
    for function in ALL:
        function(tiny)
    for name, table in before.items():
        pd.testing.assert_frame_equal(tiny.tables[name], table)


def test_examples_differ_as_built():
    from collabkit.examples import generate_project

    inertia = generate_project("inertia", seed=13)
    assert reflection_summary(inertia)["slope_per_meeting"].iloc[0] < 0
    assert "no_progress" in set(recurring_problems(inertia)["theme"])
    co_produced = generate_project("co_produced", seed=11)
    assert reflection_summary(co_produced)["slope_per_meeting"].iloc[0] > 0
    growth = glossary_growth(co_produced)
    assert growth["agreed_terms"].iloc[-1] >= 0.8 * growth["total_terms"].iloc[-1]
    staff_led = aims_by_role(generate_project("staff_led", seed=12))
    assert set(staff_led.loc[staff_led["aims"] > 0, "role"].astype(str)) == {"staff"}
