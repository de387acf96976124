"""Files that are not plain files: a broken link, a pipe, a device. Each is a clear problem."""

from __future__ import annotations

import os
import sys

import pytest

from collabkit import load_project
from collabkit.errors import DataError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="links and pipes as on Unix")


def _problems(path) -> list:
    with pytest.raises(DataError) as caught:
        load_project(path)
    return caught.value.problems


def test_a_link_to_nowhere_is_not_read_as_no_events(tiny_dir):
    (tiny_dir / "events.csv").unlink()
    (tiny_dir / "events.csv").symlink_to(tiny_dir / "gone.csv")
    problems = _problems(tiny_dir)
    assert [(p.file.endswith("events.csv"), p.code) for p in problems] == [(True, "unreadable_file")]
    assert "does not exist" in problems[0].message


def test_a_named_pipe_does_not_hang_the_reader(tiny_dir):
    (tiny_dir / "glossary.csv").unlink()
    os.mkfifo(tiny_dir / "glossary.csv")  # reading it would block for ever
    problems = _problems(tiny_dir)
    assert [p.code for p in problems] == ["unreadable_file"]
    assert "not an ordinary file" in problems[0].message


def test_a_workbook_linked_to_a_device_is_refused_before_reading(tmp_path):
    book = tmp_path / "project.xlsx"
    book.symlink_to("/dev/zero")
    problems = _problems(book)
    assert [p.code for p in problems] == ["unreadable_file"]


def test_project_yaml_as_a_folder_is_a_problem(tiny_dir):
    (tiny_dir / "project.yaml").unlink()
    (tiny_dir / "project.yaml").mkdir()
    assert [p.code for p in _problems(tiny_dir)] == ["unreadable_file"]
