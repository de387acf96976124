"""A project id names its report files: it can never write outside --out or clash."""

from __future__ import annotations

import shutil

import pytest

from collabkit import load_project
from collabkit.errors import DataError
from collabkit.project import check_projects
from collabkit.report.jobs import writes_outside


def _with_id(folder, new_id: str):
    text = (folder / "project.yaml").read_text(encoding="utf-8")
    lines = [f"id: {new_id}" if line.startswith("id:") else line for line in text.splitlines()]
    (folder / "project.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("bad", ["'../escaped'", "/tmp/abs", "a/b", "'.hidden'", "'two words'",
                                 "'x\\0y'", "'a\\\\b'", "portfolio", "Portfolio", "'" + "a" * 101 + "'"])
def test_ids_that_cannot_name_a_report_file_are_problems(tiny_dir, bad):
    with pytest.raises(DataError) as caught:
        load_project(_with_id(tiny_dir, bad))
    problems = [p for p in caught.value.problems if p.code == "bad_id"]
    assert problems and problems[0].column == "id", caught.value
    assert "letters, digits" in problems[0].message or "portfolio" in problems[0].message


@pytest.mark.parametrize("good", ["riverside_cafe", "R-2026.1", "017", "a" * 100])
def test_safe_ids_load(tiny_dir, good):
    assert load_project(_with_id(tiny_dir, f"'{good}'")).id == good


def test_ids_differing_only_in_capitals_clash(tiny_dir, tmp_path):
    other = shutil.copytree(tiny_dir, tmp_path / "other")
    _with_id(tiny_dir, "Riverside")
    _with_id(other, "riverside")
    checked = check_projects([tiny_dir, other])
    assert checked[0].ok
    assert [p.code for p in checked[1].problems] == ["duplicate_project_id"]
    assert str(tiny_dir) in checked[1].problems[0].message


def test_the_writer_refuses_a_path_outside_the_folder_chosen(tmp_path):
    assert writes_outside(tmp_path, "fine_id", tmp_path) == []
    for bad in ("../escaped", "/etc/x", "a/b"):
        assert [p.code for p in writes_outside(tmp_path / "out", bad, tmp_path)] == ["bad_id"]
