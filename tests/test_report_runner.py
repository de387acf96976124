"""A batch checks each project just before it is needed: the first reports run while later
projects are still being checked, and a refused project is said as it is reached."""

from __future__ import annotations

import shutil
from concurrent.futures import Executor, Future
from pathlib import Path

import collabkit.project.projects as projects_module
from collabkit.report.batch import run_reports
from collabkit.report.execute import ReportResult
from tests.conftest import FIXTURES


class _Recorder(Executor):
    """Runs nothing: records each job sent, and says it was reported."""

    def __init__(self, events: list[str]):
        self.events = events

    def submit(self, fn, job, *args, **kwargs):
        self.events.append(f"run {Path(job.project_path).name}")
        future: Future = Future()
        future.set_result(ReportResult(Path(job.project_path), job.project_id, ok=True))
        return future


def test_the_first_report_is_sent_before_the_last_project_is_checked(tmp_path, monkeypatch,
                                                                     capsys):
    names = ["p1", "p2", "p3", "p4", "p5"]
    for name in names:
        shutil.copytree(FIXTURES / "tiny", tmp_path / name)
        yaml_file = tmp_path / name / "project.yaml"
        yaml_file.write_text(yaml_file.read_text().replace("id: tiny", f"id: {name}"))
    broken = tmp_path / "p3" / "meetings.csv"
    broken.write_text(broken.read_text().replace("2026-02-02", "2026-02-31"))
    events: list[str] = []
    load = projects_module.load_project

    def recorded(path, **options):
        events.append(f"check {Path(path).name}")
        return load(path, **options)

    monkeypatch.setattr(projects_module, "load_project", recorded)
    summary = run_reports([tmp_path / name for name in names], tmp_path / "out", jobs=1,
                          executor=_Recorder(events), portfolio=False, progress=True)
    assert events.index("run p1") < events.index("check p3")  # one report ahead, not all
    assert [e for e in events if e.startswith("run")] == ["run p1", "run p2", "run p4", "run p5"]
    assert [r.ok for r in summary.results] == [True, True, False, True, True]
    assert summary.results[2].invalid and not summary.results[2].html_path
    said = capsys.readouterr().err
    assert said.index("done: p1") < said.index(f"Refused {tmp_path / 'p3'}") \
        < said.index("done: p4")  # said as it is reached
    assert "2026-02-31" in said
