"""Issue 10, items 11, 13 and 15: headers, delimiters, YAML colons and warnings.

Each case is a folder under ``tests/fixtures/hostile/`` holding the files that
differ from the small hand-made project (``tests/fixtures/tiny``); the test
lays them over a fresh copy and pins the message. Add a folder for every new
hostile input found.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from collabkit import load_project
from collabkit.cli import main
from collabkit.errors import DataError

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


def validate(path: Path):
    return CliRunner().invoke(main, ["validate", str(path)])


def test_the_corpus_is_used_by_the_hostile_tests():
    cases = {p.name for p in HOSTILE.iterdir() if p.is_dir()}
    source = "".join(test.read_text(encoding="utf-8")
                     for test in Path(__file__).parent.glob("test_hostile_*.py"))
    assert cases and all(f'hostile("{case}")' in source for case in cases)


# -- item 11: a header that repeats a column -----------------------------------------


def test_a_repeated_column_in_a_csv_header_is_refused_naming_it(hostile):
    folder = hostile("duplicate_header")
    result = validate(folder)
    assert result.exit_code == 2
    assert result.output == (f"{folder / 'participants.csv'}:1:role: column 'role' appears "
                             "twice in the header (columns B and D); keep one of them\n"
                             "1 problem found.\n")


def test_two_spellings_of_one_column_are_a_repeated_column(tiny_dir):
    path = tiny_dir / "meetings.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",Step"
    path.write_text("\n".join(line + ("," if i else "") for i, line in enumerate(lines)) + "\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_project(tiny_dir)
    [problem] = caught.value.problems
    assert (problem.code, problem.row, problem.column) == ("duplicate_column", 1, "step")
    assert problem.message == ("column 'step' appears twice in the header ('step' in column C "
                               "and 'Step' in column H); keep one of them")


# -- item 13: headers matched like codes, columns outside the contract warned about ------


def test_headers_match_whatever_their_case_spaces_and_underscores(hostile):
    project = load_project(hostile("header_spelling"))
    people = project.participants.set_index("participant_id")
    assert bool(people.loc["S1", "named_in_reports"]) is True  # the consent is not lost
    assert list(project.participants.columns[:2]) == ["participant_id", "role"]


def test_a_column_outside_the_contract_is_one_warning_line_and_exit_0(hostile):
    folder = hostile("header_spelling")
    result = validate(folder)
    assert result.exit_code == 0
    assert result.output == (
        f"{folder}: warning: participants.csv: column 'Favourite colour' is not in the data "
        "contract, so it is kept but not used; the columns of participants are "
        "participant_id, role, name, organisation, joined, left, named_in_reports\n"
        "1 project valid.\n")


def test_a_near_miss_of_a_column_name_asks_did_you_mean(tiny_dir):
    path = tiny_dir / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("agreed", "agred", 1),
                    encoding="utf-8")
    assert load_project(tiny_dir).warnings() == [
        "glossary.csv: column 'agred' is not in the data contract, so it is kept but not used; "
        "did you mean 'agreed'?"]


def test_a_semicolon_separated_csv_gets_a_hint_about_the_delimiter(hostile):
    folder = hostile("semicolon_delimiter")
    result = validate(folder)
    assert result.exit_code == 2
    assert result.output == (
        f"{folder / 'participants.csv'}:1: the header 'participant_id;role;name;organisation;"
        "joined;left;named_in_reports' is separated by ';', not ','; collabkit reads "
        "comma-separated files: in Excel save as 'CSV UTF-8 (Comma delimited)', in "
        "LibreOffice choose ',' as the field delimiter\n1 problem found.\n")


def test_a_colon_in_an_unquoted_yaml_title_gets_a_hint_to_quote_it(hostile):
    folder = hostile("colon_in_title")
    result = validate(folder)
    assert result.exit_code == 2
    assert result.output == (
        f"{folder / 'project.yaml'}:2: cannot read the YAML: mapping values are not allowed "
        "here; a value holding ': ' must be in quotes, so write this line as "
        "title: \"Riverside: a café\"\n1 problem found.\n")


def test_project_fields_match_like_headers_and_unknown_ones_are_warned(tiny_dir):
    path = tiny_dir / "project.yaml"
    text = path.read_text(encoding="utf-8").replace("title:", "Title:").replace(
        "purpose:", "purpos:")
    path.write_text(text, encoding="utf-8")
    project = load_project(tiny_dir)
    assert project.title == "Tiny test project"
    assert project.warnings() == ["project.yaml: 'purpos' is not a project field, so it is "
                                  "kept but not used; did you mean 'purpose'?"]


# -- item 15: speaking while away ---------------------------------------------------------


def test_speaking_when_absent_or_after_leaving_is_a_warning_each(hostile):
    folder = hostile("speaking_when_away")
    result = validate(folder)
    assert result.exit_code == 0
    assert result.output == (
        f"{folder}: warning: events.csv: S1 is coded as speaking once in meeting M2, but "
        "attendance.csv says they were absent; check the register or the coding\n"
        f"{folder}: warning: events.csv: U1 is coded as speaking once in meeting M2 "
        "(2026-02-02), after the date they left (2026-01-20 in participants.csv); check the "
        "date or the coding\n"
        f"{folder}: warning: events.csv: U1 is coded as speaking once in meeting M3 "
        "(2026-03-02), after the date they left (2026-01-20 in participants.csv); check the "
        "date or the coding\n"
        "1 project valid.\n")


def test_the_lead_warning_still_comes_first(hostile):
    folder = hostile("speaking_when_away")
    path = folder / "project.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("process: U1", "process: S1"),
                    encoding="utf-8")
    assert load_project(folder).warnings()[0].startswith(
        "project.yaml: leads: S1 is named as both the pace lead and the process lead")
