"""The portfolio judges each project once: read from a current findings file, else worked out.

Several projects to judge are judged in worker processes (in a Jupyter
kernel, or when asked); the findings must be exactly those judged here.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import collabkit.report.portfolio_findings as module
from collabkit import load_project
from collabkit.evaluation import findings
from collabkit.report import portfolio
from collabkit.report.portfolio_findings import in_kernel, start_findings


def _copies(tiny_dir: Path, n: int) -> list[Path]:
    """``n`` copies of the tiny project, each with its own id."""
    paths = []
    for k in range(n):
        target = tiny_dir.parent / f"copy{k}"
        shutil.copytree(tiny_dir, target)
        yaml_file = target / "project.yaml"
        yaml_file.write_text(yaml_file.read_text().replace("id: tiny", f"id: copy{k}"))
        paths.append(target)
    return paths


def _aged(path: Path, seconds: float = 60) -> None:
    for file in path.rglob("*"):
        when = file.stat().st_mtime - seconds
        os.utime(file, (when, when))


@pytest.mark.slow
def test_findings_judged_in_worker_processes_are_those_judged_here(tiny_dir):
    projects = [load_project(p) for p in _copies(tiny_dir, 2)]
    pending = start_findings(projects, jobs=2)
    assert pending.read == 0 and pending._pool is not None  # judged by two workers
    frames = pending.frames()
    assert pending._pool is None  # the workers are stopped once collected
    for project, frame in zip(projects, frames, strict=True):
        assert frame.equals(findings(load_project(project.source)).to_frame())


def test_a_current_findings_file_is_read_and_only_the_rest_judged(tiny_dir, tmp_path):
    first, second = (load_project(p) for p in _copies(tiny_dir, 2))
    stored = tmp_path / "reports"
    stored.mkdir()
    findings(first).to_frame().assign(rating="concern").to_csv(
        stored / "copy0.findings.csv", index=False)  # a mark only the file carries
    _aged(Path(first.source))
    pending = start_findings([first, second], str(stored), jobs=2)
    assert pending.read == 1 and pending._pool is None  # one to judge: judged here
    read, judged = pending.frames()
    assert read["rating"].astype(str).unique().tolist() == ["concern"]
    assert judged.equals(findings(second).to_frame())


def test_outside_a_kernel_projects_are_judged_in_this_process(tiny_dir):
    assert not in_kernel()  # pytest's main module is not a kernel's
    pending = start_findings([load_project(p) for p in _copies(tiny_dir, 2)])
    assert pending._pool is None and len(pending.frames()) == 2


def test_no_worker_processes_means_judged_here(tiny_dir, monkeypatch):
    def broken(workers):
        raise OSError("no processes may be started here")

    monkeypatch.setattr(module, "_pool", broken)
    projects = [load_project(p) for p in _copies(tiny_dir, 2)]
    pending = start_findings(projects, jobs=2)
    assert pending._pool is None
    assert [f["project_id"].unique().tolist() for f in pending.frames()] == [["copy0"],
                                                                            ["copy1"]]


def test_open_projects_starts_the_judging_and_the_scorecards_use_it(tiny_dir):
    paths = [str(p) for p in _copies(tiny_dir, 2)]
    projects, params = portfolio.open_projects(project_paths=paths)
    pending = params.cache["findings"]
    assert [p.id for p in pending.projects] == ["copy0", "copy1"]
    cards = portfolio._cards(projects, params)
    assert cards["project_id"].unique().tolist() == ["copy0", "copy1"]
