"""Problems and their codes: one vocabulary, refused when unknown, as a table."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from collabkit.errors import PROBLEM_CODES, DataError, Problem
from tests.conftest import ROOT


def test_codes_are_snake_case_with_a_one_line_meaning():
    for code, meaning in PROBLEM_CODES.items():
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", code), code
        assert meaning and "\n" not in meaning and meaning == meaning.strip(), code


def test_every_code_is_used_somewhere_in_collabkit():
    source = "\n".join(path.read_text(encoding="utf-8")
                       for path in (ROOT / "collabkit").rglob("*.py")
                       if path.name != "errors.py")
    unused = [code for code in PROBLEM_CODES if f'"{code}"' not in source]
    assert not unused, f"codes no problem uses: {unused}"


def test_a_problem_refuses_an_unknown_code():
    with pytest.raises(ValueError, match="unknown problem code 'bad_thing'; allowed: missing_file"):
        Problem("a.csv", 2, "date", "x", "wrong", code="bad_thing")


def test_a_problem_needs_a_code_given_by_keyword():
    with pytest.raises(TypeError):
        Problem("a.csv", 2, "date", "x", "wrong")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Problem("a.csv", 2, "date", "x", "wrong", "bad_date")  # type: ignore[misc]


def test_the_problem_line_does_not_change():
    problem = Problem("m.csv", 3, "date", "soon", "'soon' is not a date", code="bad_date")
    assert str(problem) == "m.csv:3:date: 'soon' is not a date"


def test_to_frame_has_one_row_per_problem_in_order():
    error = DataError([
        Problem("m.csv", 3, "date", "soon", "'soon' is not a date", code="bad_date"),
        Problem("e.csv", None, None, None, "the file is empty", code="empty_file"),
    ])
    frame = error.to_frame()
    assert list(frame.columns) == ["file", "row", "column", "value", "code", "message"]
    assert frame["row"].dtype == "Int64"
    assert frame["code"].tolist() == ["bad_date", "empty_file"]
    assert frame["row"].iloc[0] == 3 and frame["row"].isna().tolist() == [False, True]
    assert frame["column"].isna().tolist() == [False, True]
    assert frame.loc[0, "message"] == "'soon' is not a date"


def test_to_frame_of_a_real_load(tiny_dir):
    from collabkit import load_project

    path = tiny_dir / "participants.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("C1,carer", "C1,aunt"),
                    encoding="utf-8")
    (tiny_dir / "aims.csv").write_bytes(b"")
    with pytest.raises(DataError) as caught:
        load_project(tiny_dir)
    frame = caught.value.to_frame()
    assert len(frame) == len(caught.value.problems) == 2
    assert set(frame["code"]) == {"unknown_code", "empty_file"}
    role = frame[frame["code"] == "unknown_code"].iloc[0]
    assert (role["row"], role["column"], role["value"]) == (5, "role", "aunt")


def test_to_frame_with_no_problems_still_has_the_columns():
    frame = DataError([]).to_frame()
    assert frame.empty
    assert list(frame.columns) == ["file", "row", "column", "value", "code", "message"]
    pd.testing.assert_series_equal(frame.dtypes, pd.Series(
        ["string", "Int64", "string", "string", "string", "string"],
        index=frame.columns).map(pd.api.types.pandas_dtype))


def test_readme_lists_exactly_the_codes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([a-z_]+)` \| (.+?) \|$", readme, flags=re.MULTILINE))
    expected = "\n".join(f"| `{code}` | {meaning} |" for code, meaning in PROBLEM_CODES.items())
    assert listed == PROBLEM_CODES, f"update the README's table of codes to:\n{expected}"
