"""Reports on a two-worker Dask cluster whose workers share no folder with the client.

Each worker runs in its own working folder; the client gives the projects and
``--out`` by relative paths from a third, so a worker could only find them by
being sent them. Every report must come back to the client's ``--out``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from collabkit.cli import main
from collabkit.report.batch import run_reports
from tests.conftest import EXAMPLES, FIXTURES, require_module
from tests.test_report import FAILED_LINE, _failing_notebook

pytestmark = pytest.mark.slow

PROJECTS = ["riverside_crisis_cafe", "oakwood_carers_hub.xlsx"]


@contextlib.contextmanager
def _inside(folder: Path):
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Two worker processes, each working in a folder of its own; the scheduler's address."""
    distributed = require_module("distributed", "pip install 'collabkit[dask]'")
    base = tmp_path_factory.mktemp("cluster")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  host="127.0.0.1", dashboard_address=None,
                                  local_directory=str(base / "scratch")) as local, \
            distributed.Client(local, set_as_default=False) as client:
        folders = []
        for number, address in enumerate(sorted(client.scheduler_info()["workers"])):
            folder = base / f"worker{number}"
            folder.mkdir()
            client.run(os.chdir, str(folder), workers=[address])
            folders.append(folder)
        assert sorted(client.run(os.getcwd).values()) == [str(f) for f in folders]
        yield local.scheduler_address, folders


@pytest.fixture(scope="module")
def client_folder(tmp_path_factory) -> Path:
    """The client's working folder, holding a copy of the example projects under data/."""
    base = tmp_path_factory.mktemp("client")
    for name in PROJECTS:
        source = EXAMPLES / name
        if source.is_dir():
            shutil.copytree(source, base / "data" / name)
        else:
            (base / "data").mkdir(exist_ok=True)
            shutil.copy2(source, base / "data" / name)
    return base


@pytest.fixture(scope="module")
def batch(cluster, client_folder):
    """The same projects reported on the cluster and, for reference, with --jobs 1."""
    address, _ = cluster
    paths = [f"data/{name}" for name in PROJECTS]
    stderr = io.StringIO()
    with _inside(client_folder), contextlib.redirect_stderr(stderr):
        on_cluster = run_reports(paths, "reports", scheduler=address, portfolio=False)
        here = run_reports(paths, "reference", jobs=1, portfolio=False, progress=False)
    return on_cluster, here, stderr.getvalue()


def _without_times(text: str) -> str:
    """A page or notebook with its times of day and run ids blanked (they differ per run)."""
    text = re.sub(r"\d{1,2} \w+ \d{4} at \d{2}:\d{2}( UTC)?", "<when>", text)
    return re.sub(r" at 0x[0-9a-f]+", "", text)


def _outputs(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [_without_times(str(output.get("data", output.get("text", ""))))
            for cell in nb.cells for output in cell.get("outputs", [])]


def test_every_report_comes_back_to_the_clients_out_folder(batch, cluster, client_folder):
    on_cluster, _, _ = batch
    assert on_cluster.ok, [r.error for r in on_cluster.failed]
    out = client_folder / "reports"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{pid}{suffix}" for pid in ("riverside_crisis_cafe", "oakwood_carers_hub")
        for suffix in (".html", ".ipynb", ".findings.csv"))
    for result in on_cluster:
        assert result.html_path == out.absolute() / f"{result.project_id}.html"
        assert result.findings_path == out.absolute() / f"{result.project_id}.findings.csv"
    _, workers = cluster
    for folder in workers:  # nothing written where the workers run
        assert list(folder.iterdir()) == []


def test_reports_made_on_the_cluster_match_those_made_here(batch, client_folder):
    on_cluster, here, _ = batch
    assert here.ok
    for remote, local in zip(on_cluster, here, strict=True):
        assert remote.findings_path.read_bytes() == local.findings_path.read_bytes()
        assert _without_times(remote.html_path.read_text(encoding="utf-8")) == \
            _without_times(local.html_path.read_text(encoding="utf-8"))
        assert _outputs(remote.notebook_path) == _outputs(local.notebook_path)


def test_the_executed_notebook_records_the_project_the_user_gave(batch, client_folder):
    on_cluster, _, _ = batch
    for result in on_cluster:
        nb = nbformat.read(result.notebook_path, as_version=4)
        given = str((client_folder / result.project_path).absolute())
        assert nb.metadata.papermill.parameters.project_path == given
        injected = next(c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", []))
        assert f'project_path = "{given}"' in injected.source
        assert "collabkit-report-" not in result.notebook_path.read_text(encoding="utf-8")


def test_a_line_per_finished_project_on_stderr(batch):
    _, _, stderr = batch
    for pid in ("riverside_crisis_cafe", "oakwood_carers_hub"):
        assert re.search(rf"^done: {pid} \(\d+\.\d s\)$", stderr, re.M), stderr


def test_a_broken_project_fails_alone_on_the_cluster(cluster, tmp_path):
    address, _ = cluster
    good = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", good)
    broken = tmp_path / "broken"
    shutil.copytree(good, broken)
    yaml_file = broken / "project.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("id: tiny", "id: broken"))
    notebook = _failing_notebook(tmp_path, "broken")  # travels to the workers too
    out = tmp_path / "out"
    summary = run_reports([broken, good], out, scheduler=address, portfolio=True,
                          progress=False, notebook=notebook)
    failed, done = summary.results
    assert done.ok and (out / "tiny.html").is_file()
    assert not failed.ok and re.fullmatch(FAILED_LINE, failed.error)
    assert failed.notebook_path == out / "broken.ipynb" and failed.notebook_path.is_file()
    assert not (out / "broken.html").exists()
    assert summary.failed == [failed]
    assert summary.portfolio is not None and summary.portfolio.ok  # made here, afterwards


def test_collabkit_report_scheduler_writes_the_reports_and_exits_0(cluster, client_folder):
    address, _ = cluster
    with _inside(client_folder):
        result = CliRunner().invoke(main, ["report", "data/oakwood_carers_hub.xlsx", "--out",
                                           "cli-reports", "--scheduler", address,
                                           "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "Wrote 1 report to cli-reports" in result.output
    assert (client_folder / "cli-reports" / "oakwood_carers_hub.html").is_file()


def test_a_missing_dask_extra_is_named_with_how_to_install_it(monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(main, ["report", str(FIXTURES / "tiny"), "--out",
                                       str(tmp_path), "--dask", "2", "--no-progress"])
    assert result.exit_code == 1
    assert ("collabkit: reports on a Dask cluster (--dask, --scheduler) need the dask extra: "
            "pip install 'collabkit[dask]'") in result.output
    assert "collabkit: collabkit" not in result.output
    assert not list(tmp_path.iterdir())


def _copy_tiny(folder: Path, project_id: str = "tiny", *, step: str = "big_idea") -> Path:
    """A copy of the tiny project with its id, and its first meeting's step, changed."""
    shutil.copytree(FIXTURES / "tiny", folder)
    info = folder / "project.yaml"
    info.write_text(info.read_text().replace("id: tiny", f"id: {project_id}"))
    meetings = folder / "meetings.csv"
    meetings.write_text(meetings.read_text().replace("2026-01-05,big_idea", f"2026-01-05,{step}"))
    return folder


def test_the_client_reads_only_a_folders_id_before_sending_it(tmp_path):
    from collabkit.report.cluster_batch import BatchIds

    ids = BatchIds(tmp_path / "out")
    broken = _copy_tiny(tmp_path / "broken", "broken", step="no_such_step")
    assert ids.check(broken) == ("broken", [])  # its meetings are checked where it is reported
    assert ids.claims == {"broken": (broken, False)}
    workbook = EXAMPLES / "oakwood_carers_hub.xlsx"  # a workbook is checked in full here
    assert ids.check(workbook) == ("oakwood_carers_hub", [])
    assert ids.claims["oakwood_carers_hub"] == (workbook, True)


def test_a_repeated_id_is_refused_as_check_projects_refuses_it(tmp_path):
    from collabkit.project import check_projects
    from collabkit.report.cluster_batch import BatchIds

    invalid = _copy_tiny(tmp_path / "a", "same", step="no_such_step")
    first = _copy_tiny(tmp_path / "b", "same")
    second = _copy_tiny(tmp_path / "c", "Same")
    ids = BatchIds(tmp_path / "out")
    found = [ids.check(path) for path in (invalid, first, second)]
    expected = check_projects([invalid, first, second])
    assert [problems for _, problems in found] == [[], [], expected[2].problems]
    assert expected[2].problems[0].code == "duplicate_project_id"
    assert str(first) in expected[2].problems[0].message  # the first VALID one keeps the id
    assert ids.claims == {"same": (first, True)}
    assert not expected[0].ok  # and the invalid one is refused where it is reported


def test_an_invalid_project_comes_back_refused_with_the_problems_a_check_here_gives(
        cluster, tmp_path):
    from collabkit.project import check_projects

    address, _ = cluster
    good = _copy_tiny(tmp_path / "good")
    broken = _copy_tiny(tmp_path / "broken", "broken", step="no_such_step")
    out = tmp_path / "out"
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        summary = run_reports([broken, good], out, scheduler=address, portfolio=None)
    refused, done = summary.results
    expected = check_projects([broken])[0].problems
    assert expected and refused.problems == expected
    assert refused.invalid and not refused.ok and refused.project_id is None
    assert refused.error == "\n".join(map(str, expected))
    assert done.ok and summary.invalid == [refused] and not summary.failed
    assert sorted(p.name for p in out.iterdir()) == ["tiny.findings.csv", "tiny.html",
                                                     "tiny.ipynb"]  # no portfolio of one
    lines = stderr.getvalue()
    assert (f"Refused {broken}: not a valid project, no report is written for it "
            f"({len(expected)} problem{'s' if len(expected) != 1 else ''}):") in lines
    assert all(f"  {problem}" in lines for problem in expected)
    assert str(tmp_path / "broken") in str(expected[0])  # named by the client's path
