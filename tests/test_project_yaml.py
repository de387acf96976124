"""project.yaml is read as the text typed: no YAML 1.1 guessing, no repeated keys, no aliases."""

from __future__ import annotations

import shutil

import pytest

from collabkit import load_project
from collabkit.errors import DataError
from collabkit.project import check_projects


def _yaml(folder, text: str):
    (folder / "project.yaml").write_text(text, encoding="utf-8")
    return folder


BASE = "title: Tiny\nleads:\n  pace: S1\n  process: U1\n"


def _problems(folder) -> list:
    with pytest.raises(DataError) as caught:
        load_project(folder)
    return caught.value.problems


@pytest.mark.parametrize("typed", ["017", "1:20", "on", "no", "2026-01-05", "1e3", "~"])
def test_text_fields_stay_the_text_typed(tiny_dir, typed):
    project = load_project(_yaml(tiny_dir, f"id: '017'\ntitle: {typed}\n"
                                           "leads:\n  pace: S1\n  process: U1\n"))
    assert project.title == typed


def test_an_unquoted_id_keeps_its_leading_zero(tiny_dir):
    assert load_project(_yaml(tiny_dir, "id: 017\n" + BASE)).id == "017"


def test_an_impossible_date_is_a_problem_not_a_crash(tiny_dir, tmp_path):
    other = shutil.copytree(tiny_dir, tmp_path / "other")
    _yaml(tiny_dir, "id: tiny\n" + BASE + "end: 2025-02-30\n")
    problems = _problems(tiny_dir)
    assert [(p.column, p.value, p.code) for p in problems] == [("end", "2025-02-30", "bad_date")]
    checked = check_projects([tiny_dir, other])  # the other project is still checked
    assert not checked[0].ok and checked[1].ok


def test_a_key_written_twice_is_a_problem(tiny_dir):
    problems = _problems(_yaml(tiny_dir, "id: tiny\n" + BASE + "id: other\n"))
    assert [(p.code, p.column, p.row) for p in problems] == [("duplicate_key", "id", 6)]


def test_aliases_are_refused_before_anything_expands(tiny_dir):
    laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    laughs += [f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]"
               for p, c in zip("abcdefgh", "bcdefghi", strict=True)]
    problems = _problems(_yaml(tiny_dir, "id: tiny\n" + BASE + "\n".join(laughs) + "\n"))
    assert [p.code for p in problems] == ["bad_yaml"]
    assert "aliases" in problems[0].message


def test_lists_and_deep_nesting_are_refused(tiny_dir):
    problems = _problems(_yaml(tiny_dir, "id: tiny\n" + BASE + "purpose: [a, b]\n"))
    assert [p.code for p in problems] == ["bad_yaml"]
