"""Findings files beside the reports are read back only while they are current."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from collabkit import __version__, load_project
from collabkit.evaluation import findings
from collabkit.evaluation.stored import current_findings, stale_because
from collabkit.report import portfolio


@pytest.fixture
def written(tiny_dir: Path, tmp_path: Path):
    """The tiny project, and its findings file written after its data."""
    project = load_project(tiny_dir)
    path = tmp_path / "out" / "tiny.findings.csv"
    path.parent.mkdir()
    findings(project).to_frame().to_csv(path, index=False)
    _age(tiny_dir, seconds=60)
    return project, path


def _age(folder: Path, seconds: float) -> None:
    """Make every file of ``folder`` ``seconds`` older than now."""
    for file in folder.rglob("*"):
        when = file.stat().st_mtime - seconds
        os.utime(file, (when, when))


def test_a_findings_file_records_the_collabkit_version_that_judged(written):
    _, path = written
    assert pd.read_csv(path)["collabkit_version"].astype(str).unique().tolist() == [__version__]


def test_a_current_findings_file_is_read(written):
    project, path = written
    assert stale_because(path, project) is None
    frame = current_findings(path, project)
    assert frame is not None and frame["project_id"].unique().tolist() == ["tiny"]


def test_findings_older_than_the_data_are_stale(written, tiny_dir):
    project, path = written
    os.utime(tiny_dir / "meetings.csv")  # edited after the report was made
    assert stale_because(path, project) == \
        "the project's data changed after its findings were written"
    assert current_findings(path, project) is None


def test_findings_from_another_collabkit_version_are_stale(written):
    project, path = written
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.assign(collabkit_version="0.0.1").to_csv(path, index=False)
    assert stale_because(path, project) == f"written by collabkit 0.0.1, not {__version__}"
    frame.drop(columns="collabkit_version").to_csv(path, index=False)  # an older file
    assert stale_because(path, project) == "the findings file records no collabkit version"
    assert current_findings(path, project) is None


def test_another_projects_findings_are_not_read(written):
    project, path = written
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.assign(project_id="other").to_csv(path, index=False)
    assert current_findings(path, project) is None


def _ratings(tiny_dir: Path, findings_dir: Path) -> list[str]:
    projects, params = portfolio.open_projects(project_paths=[str(tiny_dir)],
                                               findings_dir=str(findings_dir))
    return portfolio._cards(projects, params)["rating"].astype(str).tolist()


def test_the_portfolio_reads_current_findings_and_works_out_stale_ones(written, tiny_dir):
    project, path = written
    worked_out = findings(project).frame["rating"].astype(str).tolist()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.assign(rating="concern").to_csv(path, index=False)  # a mark only the file carries
    assert _ratings(tiny_dir, path.parent) == ["concern"] * len(frame)
    os.utime(tiny_dir / "project.yaml")  # the data changed since: judged afresh
    assert _ratings(tiny_dir, path.parent) == worked_out
