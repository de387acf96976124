"""A batch reads each project once: the checked project is handed to its kernel.

``collabkit report`` checks each project before its report runs; a pooled
kernel then takes that checked project (:mod:`collabkit.report.prepared`)
instead of reading the files again, but only while it is the same project,
checked against the same model, with no file changed since.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import tempfile
from pathlib import Path

import pytest

from collabkit.model import load_model
from collabkit.project import load_project
from collabkit.report import prepared
from collabkit.report.batch import run_reports
from collabkit.report.params import open_project


@pytest.fixture(autouse=True)
def nothing_primed():
    prepared._primed.clear()
    yield
    prepared._primed.clear()


def _primed_with(tmp_path: Path, project) -> None:
    prepared.prime(prepared.write(tmp_path, project))


def test_the_checked_project_is_taken_once_as_it_was(tiny_dir, tmp_path):
    project = load_project(tiny_dir)
    _primed_with(tmp_path, project)
    taken = prepared.take(tiny_dir, load_model())
    assert taken is not None and taken is not project
    assert taken.info == project.info and taken.source == Path(tiny_dir)
    assert taken.model is load_model()  # this process's own model, not a copy
    for name, table in project.tables.items():
        assert taken.tables[name].equals(table), name
        assert taken.tables[name].dtypes.equals(table.dtypes), name
    assert prepared.take(tiny_dir, load_model()) is None  # used once at most


def test_a_file_changed_since_the_check_means_reading_again(tiny_dir, tmp_path):
    _primed_with(tmp_path, load_project(tiny_dir))
    events = tiny_dir / "events.csv"
    status = events.stat()
    os.utime(events, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert prepared.take(tiny_dir, load_model()) is None


def test_a_file_added_since_the_check_means_reading_again(tiny_dir, tmp_path):
    _primed_with(tmp_path, load_project(tiny_dir))
    (tiny_dir / "notes.txt").write_text("added after the check", encoding="utf-8")
    assert prepared.take(tiny_dir, load_model()) is None


def test_another_project_or_model_is_never_given_the_checked_one(tiny_dir, tmp_path):
    _primed_with(tmp_path, load_project(tiny_dir))
    assert prepared.take(tmp_path / "elsewhere", load_model()) is None
    _primed_with(tmp_path, load_project(tiny_dir))
    other = dataclasses.replace(load_model(), stamps=())  # as if read from other files
    assert prepared.take(tiny_dir, other) is None


def test_only_a_project_loaded_from_files_is_handed_on(tiny_dir, tmp_path):
    project = load_project(tiny_dir)
    edited = project.with_table("events", project.events.head(3))
    with pytest.raises(ValueError, match="loaded from its files"):
        prepared.write(tmp_path, edited)


def test_the_handed_project_file_is_private(tiny_dir, tmp_path):
    path = Path(prepared.write(tmp_path, load_project(tiny_dir)))
    assert path.parent == tmp_path and path.stat().st_mode & 0o077 == 0
    with path.open("rb") as handle:
        assert pickle.load(handle)["info"]["id"] == load_project(tiny_dir).id


def test_open_project_reads_the_files_when_nothing_was_primed(tiny_dir):
    project, _ = open_project(str(tiny_dir))
    assert project.id == load_project(tiny_dir).id and project.is_current()


def _handing_on(monkeypatch, change):
    """Make the batch hand on a project whose title says it was handed on, then ``change``."""
    write = prepared.write

    def marked(folder, project):
        project.info["title"] = "Handed over by the batch"
        path = write(folder, project)
        change(project)
        return path

    monkeypatch.setattr(prepared, "write", marked)


def test_collabkit_report_kernels_take_the_project_the_batch_checked(
        tiny_dir, tmp_path, monkeypatch):
    _handing_on(monkeypatch, lambda project: None)
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    summary = run_reports([tiny_dir], tmp_path / "out", jobs=1, progress=False)
    assert summary.ok
    page = Path(summary.results[0].html_path).read_text(encoding="utf-8")
    assert "Handed over by the batch" in page
    assert not list(temporary.iterdir())  # the project's data is not left behind


def test_collabkit_report_reads_a_project_changed_after_its_check(
        tiny_dir, tmp_path, monkeypatch):
    def touch(project):
        (tiny_dir / "later.txt").write_text("changed while waiting", encoding="utf-8")

    _handing_on(monkeypatch, touch)
    summary = run_reports([tiny_dir], tmp_path / "out", jobs=1, progress=False)
    assert summary.ok
    page = Path(summary.results[0].html_path).read_text(encoding="utf-8")
    assert "Handed over by the batch" not in page
    assert load_project(tiny_dir).title in page


def test_a_project_that_cannot_be_handed_on_is_read_by_its_kernel(tiny_dir, tmp_path,
                                                                   monkeypatch):
    def full_disk(folder, project):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(prepared, "write", full_disk)
    summary = run_reports([tiny_dir], tmp_path / "out", jobs=1, progress=False)
    assert summary.ok
    assert load_project(tiny_dir).title in Path(summary.results[0].html_path).read_text("utf-8")
