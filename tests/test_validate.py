"""Every kind of bad input gives one DataError naming file, row, column and value."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from collabkit import DataError, load_project
from collabkit.errors import PROBLEM_CODES


def codes_of(path: Path) -> list[str]:
    """The problems' codes; every bad input in this file goes through here."""
    with pytest.raises(DataError) as caught:
        load_project(path)
    codes = [p.code for p in caught.value.problems]
    assert codes and all(code in PROBLEM_CODES for code in codes), codes
    return codes


def problems_of(path: Path) -> list[str]:
    codes_of(path)  # every problem has a known code
    with pytest.raises(DataError) as caught:
        load_project(path)
    return [str(p) for p in caught.value.problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise ValueError(f"{old!r} not in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only(lines: list[str], needle: str) -> str:
    found = [line for line in lines if needle in line]
    if len(found) != 1:
        raise AssertionError(f"expected one line with {needle!r} in {lines}")
    return found[0]


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


def test_missing_required_file(tiny_dir):
    (tiny_dir / "meetings.csv").unlink()
    line = only(problems_of(tiny_dir), "meetings.csv")
    assert line.endswith("meetings.csv: " + line.split(".csv: ", 1)[1])
    assert "the file is missing; every project needs meetings.csv" in line
    assert "meeting_id, date, step" in line


def test_missing_project_yaml(tiny_dir):
    (tiny_dir / "project.yaml").unlink()
    assert "project.yaml: the file is missing" in only(problems_of(tiny_dir), "project.yaml")


def test_missing_required_column(tiny_dir):
    edit(tiny_dir / "events.csv", "meeting_id,seq,participant_id,move,",
         "meeting_id,seq,participant_id,action,")
    line = only(problems_of(tiny_dir), "'move'")
    assert "events.csv:1:move: required column 'move' is missing" in line


def test_empty_file(tiny_dir):
    (tiny_dir / "aims.csv").write_bytes(b"")
    assert "aims.csv: the file is empty; expected a header row" in problems_of(tiny_dir)[0]


def test_binary_garbage_csv(tiny_dir):
    (tiny_dir / "events.csv").write_bytes(bytes(range(256)) * 4)
    line = only(problems_of(tiny_dir), "events.csv")
    assert "not a text CSV file (it contains binary data)" in line


def test_binary_garbage_workbook(tmp_path):
    path = tmp_path / "project.xlsx"
    path.write_bytes(b"\x00\xff garbage" * 100)
    line = only(problems_of(path), "project.xlsx")
    assert "not a readable .xlsx workbook" in line


def test_not_a_project_at_all(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    assert "not a project" in only(problems_of(path), "notes.txt")


def test_workbook_missing_sheet(tiny, tmp_path):
    import openpyxl

    path = tiny.save(tmp_path / "tiny.xlsx")
    book = openpyxl.load_workbook(path)
    del book["meetings"]
    book.save(path)
    line = only(problems_of(path), "[meetings]")
    assert "tiny.xlsx[meetings]: the sheet is missing" in line


@pytest.mark.parametrize(
    "file, old, new, column, value, allowed",
    [
        ("participants.csv", "U1,service_user", "U1,patient", "role", "patient",
         "service_user, carer, family, volunteer, staff, partner, other"),
        ("events.csv", "M1,3,C1,oppose", "M1,3,C1,block", "move", "block",
         "move, follow, oppose, bystand"),
        ("events.csv", "oppose,70,debate", "oppose,70,argument", "mode", "argument",
         "dialogue, debate"),
        ("events.csv", "debate,problem", "debate,blame", "focus", "blame",
         "problem, solution, process, social"),
        ("meetings.csv", "M2,2026-02-02,understand", "M2,2026-02-02,research", "step",
         "research", "partnership, big_idea, decision_time"),
        ("checklist.csv", "partly,,2026", "half,,2026", "status", "half",
         "done, partly, not_done, not_applicable"),
        ("decisions.csv", "M1,big_idea,co_design", "M1,big_idea,tokenism", "level", "tokenism",
         "inform, consult, engage, co_design, co_produce"),
        ("meetings.csv", "online,60", "zoom,60", "format", "zoom", "in_person, online, hybrid"),
    ],
)
def test_unknown_codes_list_allowed_values(tiny_dir, file, old, new, column, value, allowed):
    edit(tiny_dir / file, old, new)
    line = only(problems_of(tiny_dir), f":{column}:")
    assert f"'{value}'" in line and f"allowed: {allowed}" in line
    assert f"{file}:" in line


def test_codes_are_forgiving_about_case_and_spaces(tiny_dir):
    edit(tiny_dir / "participants.csv", "U1,service_user", "U1,Service User")
    assert load_project(tiny_dir).participants["role"].iloc[2] == "service_user"


def test_row_numbers_count_the_header_as_row_one(tiny_dir):
    edit(tiny_dir / "participants.csv", "C1,carer", "C1,aunt")
    # header is row 1; S1 row 2, S2 row 3, U1 row 4, C1 row 5
    assert "participants.csv:5:role: unknown role 'aunt'" in only(problems_of(tiny_dir), "aunt")


def test_bad_date(tiny_dir):
    edit(tiny_dir / "meetings.csv", "M2,2026-02-02", "M2,early Feb")
    line = only(problems_of(tiny_dir), "early Feb")
    assert ("meetings.csv:3:date: 'early Feb' is not a date; write dates day first, DD/MM/YYYY "
            "(for example 14/03/2026), or as YYYY-MM-DD (2026-03-14)") in line


def test_a_uk_date_is_a_date(tiny_dir):
    edit(tiny_dir / "meetings.csv", "M2,2026-02-02", "M2,02/02/2026")
    assert load_project(tiny_dir).meetings["date"].iloc[1] == pd.Timestamp("2026-02-02")


def test_bad_number(tiny_dir):
    edit(tiny_dir / "events.csv", "M1,2,U1,follow,40", "M1,2,U1,follow,forty")
    assert "events.csv:3:t_seconds: 'forty' is not a number" in only(problems_of(tiny_dir), "forty")


def test_how_collaborative_out_of_range(tiny_dir):
    edit(tiny_dir / "reflections.csv", "M2,5,", "M2,7,")
    line = only(problems_of(tiny_dir), "how_collaborative")
    assert "reflections.csv:3:how_collaborative: '7' is out of range; allowed: 1 to 5" in line


def test_negative_minutes_and_times(tiny_dir):
    edit(tiny_dir / "meetings.csv", "online,60,60", "online,60,-5")
    edit(tiny_dir / "events.csv", "M1,4,S2,bystand,100", "M1,4,S2,bystand,-3")
    with pytest.raises(DataError) as caught:
        load_project(tiny_dir)
    # Each problem is picked by its column and value, not by searching the text:
    # the text starts with the file's full path, and "-5" is also in "pytest-5".
    found = {(p.column, p.value): p for p in caught.value.problems}
    minutes = found[("actual_minutes", "-5")]
    assert (Path(minutes.file).name, minutes.row) == ("meetings.csv", 3)
    assert minutes.message == "'-5' is out of range; allowed: 0 or more"
    times = found[("t_seconds", "-3")]
    assert (Path(times.file).name, times.row) == ("events.csv", 5)
    assert times.message.startswith("'-3' is out of range")


def test_duplicate_id(tiny_dir):
    edit(tiny_dir / "participants.csv", "S2,staff", "S1,staff")
    line = only(problems_of(tiny_dir), "duplicate participant_id")
    assert "participants.csv:3:participant_id: duplicate participant_id" in line
    assert "first used on row 2" in line


def test_duplicate_meeting_coder_seq(tiny_dir):
    edit(tiny_dir / "events.csv", "M1,2,U1", "M1,1,U1")
    line = only(problems_of(tiny_dir), "duplicate meeting_id")
    assert "events.csv:3:seq: duplicate meeting_id + coder + seq" in line


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        ("events.csv", "M1,2,U1", "M1,2,U9", "events.csv:3:participant_id: 'U9' is not in "
                                              "participants.csv"),
        ("attendance.csv", "M3,S1,yes", "M9,S1,yes", "attendance.csv:11:meeting_id: 'M9' is "
                                                     "not in meetings.csv"),
        ("impact.csv", ",D1,", ",D7,", "impact.csv:2:decision_id: 'D7' is not in decisions.csv"),
        ("reflections.csv", "S1;U1", "S1;X4", "reflections.csv:2:reflectors: 'X4' is not in "
                                              "participants.csv"),
        ("checklist.csv", "big_idea_described", "big_idea_invented",
         "checklist.csv:2:item_id: unknown checklist item 'big_idea_invented'"),
        ("checklist.csv", "understand,understand_many", "big_idea,understand_many",
         "checklist item 'understand_many_sources' belongs to step 'understand'"),
    ],
)
def test_dangling_references(tiny_dir, file, old, new, expected):
    edit(tiny_dir / file, old, new)
    assert any(expected in line for line in problems_of(tiny_dir)), problems_of(tiny_dir)


def test_lead_must_be_a_participant(tiny_dir):
    edit(tiny_dir / "project.yaml", "pace: S1", "pace: S9")
    assert "leads.pace: lead 'S9' is not in participants.csv" in only(
        problems_of(tiny_dir), "leads.pace")


def test_malformed_project_yaml(tiny_dir):
    (tiny_dir / "project.yaml").write_text("id: tiny\ntitle: [unclosed\n", encoding="utf-8")
    line = only(problems_of(tiny_dir), "project.yaml")
    assert "cannot read the YAML" in line


def test_project_yaml_missing_title(tiny_dir):
    (tiny_dir / "project.yaml").write_text("id: tiny\n", encoding="utf-8")
    assert "project.yaml:title: 'title' is missing" in only(problems_of(tiny_dir), ":title:")


def test_every_problem_reported_at_once(tiny_dir):
    edit(tiny_dir / "participants.csv", "C1,carer", "C1,aunt")
    edit(tiny_dir / "meetings.csv", "M2,2026-02-02", "M2,soon")
    edit(tiny_dir / "events.csv", "M1,3,C1,oppose", "M1,3,C1,block")
    (tiny_dir / "aims.csv").write_bytes(b"")
    assert len(problems_of(tiny_dir)) == 4


def test_ragged_csv_row(tiny_dir):
    edit(tiny_dir / "decisions.csv", "Focus on the ward's evening routine",
         "Focus on the ward, the evening routine")
    line = only(problems_of(tiny_dir), "stray comma")
    assert "decisions.csv:2: " in line and "stray comma" in line


def test_blank_lines_keep_row_numbers(tiny_dir):
    path = tiny_dir / "participants.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(2, "")  # a blank line after the first person
    lines[4] = lines[4].replace("U1,service_user", "U1,patient")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # header 1, S1 2, blank 3, S2 4, U1 5
    assert "participants.csv:5:role: unknown role 'patient'" in only(
        problems_of(tiny_dir), "patient")


def test_short_rows_are_padded(tiny_dir):
    path = tiny_dir / "aims.csv"
    path.write_text("participant_id,why_here,meeting_id,hoped_outcome\nU1,To help\n",
                    encoding="utf-8")
    assert load_project(tiny_dir).aims["meeting_id"].isna().all()


def _xlsx_missing_sheet(path: Path) -> Path:
    import openpyxl

    book_path = load_project(path).save(path.parent / "tiny.xlsx")
    book = openpyxl.load_workbook(book_path)
    del book["meetings"]
    book.save(book_path)
    return book_path


def _xlsx_duplicate_header(path: Path) -> Path:
    import openpyxl

    # a CSV cannot show this: pandas reads a repeated header as 'why_here.1'
    book_path = load_project(path).save(path.parent / "tiny.xlsx")
    book = openpyxl.load_workbook(book_path)
    book["aims"].cell(row=1, column=1).value = "why_here"
    book.save(book_path)
    return book_path


def _edit_to(file: str, old: str, new: str):
    def apply(path: Path) -> Path:
        edit(path / file, old, new)
        return path
    return apply


def _write(file: str, data: bytes):
    def apply(path: Path) -> Path:
        (path / file).write_bytes(data)
        return path
    return apply


def _remove(file: str):
    def apply(path: Path) -> Path:
        (path / file).unlink()
        return path
    return apply


@pytest.mark.parametrize("spoil, code", [
    (_remove("meetings.csv"), "missing_file"),
    (_remove("project.yaml"), "missing_file"),
    (lambda p: p / "nowhere", "missing_file"),
    (_xlsx_missing_sheet, "missing_sheet"),
    (lambda p: (p / "notes.txt").write_text("hi") and p / "notes.txt", "not_a_project"),
    (_write("aims.csv", b""), "empty_file"),
    (_write("events.csv", bytes(range(256)) * 4), "unreadable_file"),
    (_write("events.csv", b"PK\x03\x04 a workbook"), "unreadable_file"),
    (_write("aims.csv", b"participant_id,why_here\nU1,caf\x81\x8d\x8f\x90\x9d\n"), "wrong_encoding"),
    (_write("project.yaml", b"id: tiny\ntitle: [unclosed\n"), "bad_yaml"),
    (_write("project.yaml", b"- just\n- a list\n"), "bad_yaml"),
    (_edit_to("decisions.csv", "the ward's evening", "the ward, the evening"), "ragged_row"),
    (_edit_to("events.csv", "participant_id,move,", "participant_id,action,"), "missing_column"),
    (_xlsx_duplicate_header, "duplicate_column"),
    (_write("project.yaml", b"id: tiny\n"), "missing_field"),
    (_write("meetings.csv", b"meeting_id,date,step\n"), "no_rows"),
    (_edit_to("meetings.csv", "M2,2026-02-02", "M2,"), "required_blank"),
    (_edit_to("participants.csv", "C1,carer", "C1,aunt"), "unknown_code"),
    (_edit_to("attendance.csv", "M3,S1,yes", "M3,S1,perhaps"), "bad_yes_no"),
    (_edit_to("meetings.csv", "M2,2026-02-02", "M2,02/31/2026"), "bad_date"),
    (_edit_to("events.csv", "M1,2,U1,follow,40", "M1,2,U1,follow,forty"), "bad_number"),
    (_edit_to("reflections.csv", "M2,5,", "M2,7,"), "out_of_range"),
    (_edit_to("participants.csv", "S2,staff", "S1,staff"), "duplicate_key"),
    (_edit_to("events.csv", "M1,2,U1", "M1,2,U9"), "dangling_reference"),
    (_edit_to("project.yaml", "pace: S1", "pace: S9"), "dangling_reference"),
    (_edit_to("checklist.csv", "understand,understand_many", "big_idea,understand_many"),
     "wrong_step"),
])
def test_each_kind_of_bad_input_has_its_code(tiny_dir, spoil, code):
    # some spoil more than one thing (a duplicate id also leaves references dangling)
    assert code in codes_of(spoil(tiny_dir))


def test_an_unknown_table_has_its_code(tiny):
    from collabkit import Project

    with pytest.raises(DataError) as caught:
        Project.from_tables(tiny.info_text(), {"minutes": None})
    assert [p.code for p in caught.value.problems] == ["unknown_table"]
