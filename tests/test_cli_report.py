"""``collabkit report`` and ``collabkit portfolio``: arguments mapped onto one call, exit codes.

The runner is replaced by a recorder (as papermill tests its CLI), so no kernel
starts here; tests/test_report.py runs the real thing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import collabkit.report.batch as report_module
from collabkit.cli import main
from collabkit.errors import Problem
from collabkit.report.batch import ReportResult, ReportSummary


@pytest.fixture
def recorded(monkeypatch):
    calls: list[tuple[tuple, dict]] = []
    outcome: dict[str, ReportSummary] = {}

    def fake_run_reports(*args, **kwargs):
        calls.append((args, kwargs))
        return outcome["summary"]

    monkeypatch.setattr(report_module, "run_reports", fake_run_reports)
    return calls, outcome


def _ok(name: str, out: Path) -> ReportResult:
    return ReportResult(Path(name), name, html_path=out / f"{name}.html",
                        notebook_path=out / f"{name}.ipynb", ok=True, seconds=1.0)


def test_report_maps_its_options_onto_run_reports(recorded, tmp_path):
    calls, outcome = recorded
    outcome["summary"] = ReportSummary([_ok("a", tmp_path)])
    result = CliRunner().invoke(main, ["report", "p1", "p2.xlsx", "--out", str(tmp_path),
                                       "--jobs", "3", "--no-pseudonymise",
                                       "--min-group-size", "5", "--no-portfolio",
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    assert calls == [(([Path("p1"), Path("p2.xlsx")], tmp_path),
                      {"jobs": 3, "pseudonymise": False, "min_group_size": 5,
                       "portfolio": False, "progress": False, "model_dir": None,
                       "quote_feedback": False, "dask_workers": None, "scheduler": None})]
    assert f"Open it in a web browser:\n  {tmp_path / 'a.html'}" in result.output


def test_report_defaults(recorded):
    calls, outcome = recorded
    outcome["summary"] = ReportSummary([])
    result = CliRunner().invoke(main, ["report", "p1"])
    assert result.exit_code == 0, result.output
    assert calls == [(([Path("p1")], Path("reports")),
                      {"jobs": 2, "pseudonymise": True, "min_group_size": 3,
                       "portfolio": None, "progress": True, "model_dir": None,
                       "quote_feedback": False, "dask_workers": None, "scheduler": None})]


@pytest.mark.parametrize(("options", "expected"), [
    (["--dask", "3"], {"dask_workers": 3, "scheduler": None}),
    (["--scheduler", "tcp://10.0.0.5:8786"], {"dask_workers": None,
                                              "scheduler": "tcp://10.0.0.5:8786"}),
])
def test_report_on_a_dask_cluster_maps_onto_run_reports(recorded, options, expected):
    calls, outcome = recorded
    outcome["summary"] = ReportSummary([])
    result = CliRunner().invoke(main, ["report", "p1", *options])
    assert result.exit_code == 0, result.output
    assert {k: calls[0][1][k] for k in expected} == expected


def test_report_refuses_both_a_local_and_a_running_cluster(recorded):
    calls, _ = recorded
    result = CliRunner().invoke(main, ["report", "p1", "--dask", "2",
                                       "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2 and calls == []
    assert "give --dask N (a local cluster) or --scheduler ADDRESS (a running one), " \
           "not both" in result.output


@pytest.mark.parametrize("cluster", [["--dask", "2"], ["--scheduler", "tcp://127.0.0.1:8786"]])
@pytest.mark.parametrize("jobs", [["--jobs", "4"], ["-j", "2"]])
def test_report_refuses_jobs_with_a_cluster(recorded, cluster, jobs):
    calls, _ = recorded
    result = CliRunner().invoke(main, ["report", "p1", *jobs, *cluster])
    assert result.exit_code == 2 and calls == []
    assert "Error: --jobs sets how many reports run at the same time on this computer; " \
           f"with {cluster[0]}" in result.output
    assert "Give --jobs or a cluster, not both" in result.output
    assert "Traceback" not in result.output


def test_a_failed_report_is_listed_with_its_cell_error_and_exits_1(recorded, tmp_path):
    calls, outcome = recorded
    failed = ReportResult(Path("data/b"), "b", notebook_path=tmp_path / "b.ipynb",
                          error="cell 9 (sections.voice(project, params)): KeyError: 'x'")
    invalid = ReportResult(Path("data/c"), None, error="c/meetings.csv:3:date: bad",
                           problems=[Problem("c/meetings.csv", 3, "date", "x", "bad", code="bad_date")])
    outcome["summary"] = ReportSummary([_ok("a", tmp_path), failed, invalid])
    result = CliRunner().invoke(main, ["report", "a", "b", "c", "--no-progress"])
    assert result.exit_code == 1
    assert "1 report failed:\n  data/b (b): cell 9 (sections.voice(project, params)): " \
           "KeyError: 'x'" in result.output
    assert f"the executed notebook shows where: {tmp_path / 'b.ipynb'}" in result.output
    assert "Refused data/c: not a valid project, nothing was run (1 problem, listed below)." \
           "\n  c/meetings.csv:3:date: bad" in result.output
    assert str(tmp_path / "a.html") in result.output


def test_invalid_input_with_no_failure_exits_2(recorded):
    calls, outcome = recorded
    invalid = ReportResult(Path("c"), None, problems=[Problem("c", None, None, None, "no", code="missing_file")])
    outcome["summary"] = ReportSummary([invalid])
    result = CliRunner().invoke(main, ["report", "c"])
    assert result.exit_code == 2
    assert "Refused" not in result.output  # run_reports printed the refusal, once, before


def test_refused_projects_are_recalled_in_one_line_after_other_reports(recorded, tmp_path):
    calls, outcome = recorded
    invalid = ReportResult(Path("c"), None, problems=[Problem("c", None, None, None, "no",
                                                              code="missing_file")])
    outcome["summary"] = ReportSummary([_ok("a", tmp_path), invalid])
    result = CliRunner().invoke(main, ["report", "a", "c"])
    assert result.exit_code == 2
    assert "Refused 1 project before running (the problems are listed above): c." \
        in result.output
    assert result.output.count("Refused") == 1


def test_a_failed_portfolio_exits_1(recorded, tmp_path):
    calls, outcome = recorded
    portfolio = ReportResult(Path("."), "portfolio", error="cell 4 (x): ValueError: y")
    outcome["summary"] = ReportSummary([_ok("a", tmp_path), _ok("b", tmp_path)], portfolio)
    result = CliRunner().invoke(main, ["report", "a", "b"])
    assert result.exit_code == 1
    assert "(portfolio): cell 4 (x): ValueError: y" in result.output


def test_portfolio_command(monkeypatch, tmp_path):
    calls = []

    def fake_run_portfolio(*args, **kwargs):
        calls.append((args, kwargs))
        return ReportResult(Path("d"), "portfolio", html_path=tmp_path / "portfolio.html",
                            ok=True)

    monkeypatch.setattr(report_module, "run_portfolio", fake_run_portfolio)
    result = CliRunner().invoke(main, ["portfolio", "data/examples", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert calls == [((Path("data/examples"), tmp_path), {"progress": True})]
    assert f"Wrote {tmp_path / 'portfolio.html'}" in result.output


def test_portfolio_of_a_missing_folder_is_bad_input(tmp_path):
    result = CliRunner().invoke(main, ["portfolio", str(tmp_path / "nope"), "--out",
                                       str(tmp_path)])
    assert result.exit_code == 2
    assert "no such folder" in result.output


@pytest.mark.parametrize("command", [["report", "--help"], ["portfolio", "--help"]])
def test_help(command):
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0 and "Exit codes" in result.output
