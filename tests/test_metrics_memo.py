"""Each metric is worked out once per project (collabkit.metrics._memo), safely.

A report asks for the same metric many times; the memo must give every caller
the same table as a fresh computation would, a caller changing its table must
not change the next caller's, and a project whose fields or tables changed
must be worked out afresh.
"""

from __future__ import annotations

import gc
import os
import shutil
import weakref

import pandas as pd
import pytest

from collabkit import Project, evaluation, load_project, metrics
from collabkit.metrics import _memo
from collabkit.model import load_model
from collabkit.model.loading import BUNDLED_DIR
from tests.conftest import EXAMPLES
from tests.test_metrics_project_set import project_metrics

EXAMPLE = EXAMPLES / "riverside_crisis_cafe"


@pytest.fixture(scope="module")
def loaded():
    return load_project(EXAMPLE)


def _again(project: Project) -> Project:
    """The same project as a new object: a memo of its own, the tables shared (read-only)."""
    return Project(project.info, project.tables, project.source, model=project.model)


def _spoil(frame: pd.DataFrame) -> None:
    """Change a table every way a caller might: a cell, a new column, a renamed index."""
    if len(frame.columns) and len(frame):
        frame.iloc[0, 0] = frame.iloc[-1, 0]
    frame["spoilt"] = 1
    frame.index.name = "spoilt"


def test_a_changed_result_does_not_change_the_next(loaded):
    project, clean = _again(loaded), _again(loaded)
    for name in project_metrics():
        metric = getattr(metrics, name)
        first = metric(project)
        _spoil(first)
        again = metric(project)
        _memo._memos.pop(clean, None)  # worked out afresh, every metric it uses too
        pd.testing.assert_frame_equal(again, metric(clean), obj=name)
        assert "spoilt" not in again.columns


def test_the_metric_is_worked_out_once_per_project(loaded):
    calls = []
    original = metrics.participation.participant_voice.__wrapped__

    def counted(project, *args, **options):
        calls.append(project)
        return original(project, *args, **options)

    voice = metrics._common.per_project(counted)
    one, two = _again(loaded), _again(loaded)
    voice(one), voice(one), voice(two)
    assert calls == [one, two]


def test_other_options_are_other_results(loaded):
    project = _again(loaded)
    corrected = metrics.meeting_equality(project, correct=True)
    raw = metrics.meeting_equality(project, correct=False)
    pd.testing.assert_frame_equal(raw, metrics.meeting_equality(_again(loaded),
                                                                correct=False))
    assert not corrected.equals(raw)


def test_a_project_whose_fields_changed_is_worked_out_afresh(loaded):
    project = _again(loaded)
    before = metrics.lead_summary(project)
    project.info["leads.process"] = project.info["leads.pace"]
    after = metrics.lead_summary(project)
    assert not before.equals(after)
    assert metrics.decisions_per_meeting(project)["decisions"].sum() > 1
    project.tables["decisions"] = project.decisions.head(1)
    assert metrics.decisions_per_meeting(project)["decisions"].sum() == 1


def test_options_that_are_not_plain_values_are_not_remembered(loaded):
    project = _again(loaded)
    calls = []

    def metric(project, *, marker=None):
        calls.append(marker)
        return pd.DataFrame({"n": [len(calls)]})

    plain, other = {"carer": "Lived experience"}, object()
    _memo.remembered(metric, project, (), {"marker": plain})
    _memo.remembered(metric, project, (), {"marker": dict(plain)})
    assert calls == [plain]
    _memo.remembered(metric, project, (), {"marker": other})
    _memo.remembered(metric, project, (), {"marker": other})
    assert calls == [plain, other, other]


def test_the_memo_dies_with_the_project(loaded):
    gc.collect()
    held = len(_memo._memos)
    project = _again(loaded)
    metrics.role_voice(project)
    assert len(_memo._memos) == held + 1
    gone = weakref.ref(project)
    del project
    gc.collect()
    assert gone() is None
    assert len(_memo._memos) == held


def test_the_rules_are_read_again_once_edited(loaded, tmp_path):
    shutil.copytree(BUNDLED_DIR, tmp_path / "model")
    model = load_model(tmp_path / "model")
    project = Project(loaded.info, loaded.tables, loaded.source, model=model)
    before = evaluation.findings(project).row("voice")
    rules = tmp_path / "model" / "scorecard.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("strength: 0.8\n    concern: 0.6\n",
                                  "strength: 0.01\n    concern: 0.005\n", 1), encoding="utf-8")
    os.utime(rules, ns=(rules.stat().st_atime_ns, rules.stat().st_mtime_ns + 10**9))
    again = Project(loaded.info, loaded.tables, loaded.source, model=model)
    after = evaluation.findings(again).row("voice")
    assert before["rule"] != after["rule"]
    assert after["rating"] == "strength"
    assert evaluation.findings(project) is evaluation.findings(project)  # remembered
