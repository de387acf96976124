"""Every metric of a project also takes a ProjectSet: one table, project_id first.

Issue 12: ``participant_voice(load_projects(...))`` raised AttributeError. The
metrics are found by their signature (first parameter ``project``), so a
metric added later without :func:`collabkit.metrics._common.per_project`
fails here.
"""

from __future__ import annotations

import inspect

import pandas as pd
import pytest

from collabkit import load_projects, metrics
from tests.conftest import EXAMPLES


def project_metrics() -> list[str]:
    names = []
    for name in metrics.__all__:
        function = getattr(metrics, name)
        first = next(iter(inspect.signature(function).parameters), None)
        if first == "project":
            names.append(name)
    return names


@pytest.fixture(scope="module")
def examples():
    return load_projects(EXAMPLES)


def test_the_metrics_are_found():
    found = project_metrics()
    assert {"participant_voice", "role_talk", "reflection_trend", "decision_inclusion"} <= set(found)
    assert "detect_stuck_patterns" not in found  # takes an events table


@pytest.mark.parametrize("name", project_metrics())
def test_a_project_set_gives_each_project_stacked_with_project_id_first(name, examples):
    metric = getattr(metrics, name)
    stacked = metric(examples)
    assert stacked.columns[0] == "project_id"
    assert str(stacked["project_id"].dtype) == "string"
    singles = [metric(project) for project in examples.projects]
    assert all("project_id" not in single.columns for single in singles)  # a Project: unchanged
    assert list(stacked.columns[1:]) == list(singles[0].columns)
    expected_ids = [p.id for p, single in zip(examples.projects, singles, strict=True)
                    for _ in range(len(single))]
    assert stacked["project_id"].tolist() == expected_ids
    for project, single in zip(examples.projects, singles, strict=True):
        part = stacked[stacked["project_id"] == project.id].drop(columns="project_id")
        pd.testing.assert_frame_equal(part.reset_index(drop=True), single.reset_index(drop=True),
                                      check_dtype=False, check_categorical=False)


def test_options_reach_every_project(examples):
    loose = metrics.inertia_runs(examples, min_run=1)
    strict = metrics.inertia_runs(examples, min_run=5)
    assert len(loose) > len(strict)
    one = examples.projects[0]
    stacked = metrics.participant_talk(examples, meeting_id="M01")
    assert (stacked.loc[stacked["project_id"] == one.id].drop(columns="project_id")
            .reset_index(drop=True).equals(metrics.participant_talk(one, meeting_id="M01")))


def test_an_empty_project_set_gives_an_empty_table_with_project_id():
    from collabkit.project import ProjectSet

    empty = metrics.participant_voice(ProjectSet([]))
    assert list(empty.columns) == ["project_id"] and len(empty) == 0
