"""Questionnaire answers imported from Microsoft Forms and Google Forms exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from collabkit import DataError, load_project
from collabkit.cli import main
from collabkit.imports import import_feedback

HEARD = "People listened to what I had to say."
AGAIN = "How likely are you to take part in something like this again?"
COMMENTS = "Is there anything else you would like to tell us about taking part?"


def forms_workbook(path: Path, rows: list[list[object]], questions: list[str]) -> Path:
    """A workbook laid out as Microsoft Forms exports one (sheet 'Sheet1', dates as dates)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *questions])
    for number, answers in enumerate(rows, start=1):
        start = dt.datetime(2026, 3, 2, 14, number)
        sheet.append([number, start, start + dt.timedelta(minutes=3), "anonymous",
                      "", *answers])
    sheet.cell(3, 4, "zoe.exampleton@nhs.example")
    sheet.cell(3, 5, "Zoë Exampleton")
    book.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return forms_workbook(tmp_path / "Ward feedback.xlsx", [
        ["Agree", "Very likely", "Tea was good", "Carer"],
        ["strongly DISAGREE", "Not sure", "", "Service user"],
        ["Neither agree nor disagree", "", "More breaks please", "Staff"],
    ], [HEARD, AGAIN, COMMENTS, "Role"])


def text_of(project_dir: Path) -> str:
    return (project_dir / "feedback.csv").read_text(encoding="utf-8")


def test_a_microsoft_forms_workbook_becomes_answers_without_email_or_name(tiny_dir, workbook):
    done = import_feedback(tiny_dir, workbook, meeting="M1")
    assert done.format == "Microsoft Forms export"
    assert (done.responses, done.answers, done.replaced) == (3, 7, 0)
    feedback = load_project(tiny_dir).feedback
    first = feedback[feedback["response_id"] == "Ward_feedback-1"]
    assert dict(zip(first["item_id"].astype(str), first["answer"], strict=True)) == {
        "heard": "4", "again": "5", "comments": "Tea was good"}
    assert set(first["role"].astype(str)) == {"carer"}
    assert feedback["meeting_id"].eq("M1").all() and feedback["participant_id"].isna().all()
    second = feedback[feedback["response_id"] == "Ward_feedback-2"]
    assert second["answer"].tolist() == ["1", "3"]
    stored = text_of(tiny_dir)
    for personal in ("zoe", "Zoë", "Exampleton", "@", "anonymous"):
        assert personal not in stored
    assert set(done.ignored) == {"ID", "Start time", "Completion time", "Email", "Name"}


def test_importing_the_same_export_again_replaces_its_answers(tiny_dir, workbook):
    import_feedback(tiny_dir, workbook)
    again = import_feedback(tiny_dir, workbook)
    assert again.replaced == 7
    assert len(load_project(tiny_dir).feedback) == 7


def test_a_google_forms_csv_with_a_map(tiny_dir, tmp_path):
    export = tmp_path / "google.csv"
    export.write_text(
        "Timestamp,Email address,Did people listen?,Would you come again?,Your role\n"
        "2026/03/02 2:10:00 pm GMT,a@b.example,Yes definitely,4,I look after someone\n"
        "2026/03/02 2:12:00 pm GMT,c@d.example,Not really,2,Staff\n", encoding="utf-8")
    mapping = tmp_path / "map.csv"
    mapping.write_text(
        "kind,from,to\nquestion,Did people listen?,heard\nquestion,Would you come again?,again\n"
        "question,Your role,role\nanswer,Yes definitely,5\nanswer,not really,2\n"
        "answer,I look after someone,carer\n", encoding="utf-8")
    done = import_feedback(tiny_dir, export, map=mapping)
    assert done.format == "Google Forms export"
    assert done.questions["matched_by"].tolist() == ["map", "map", "map"]
    feedback = load_project(tiny_dir).feedback
    assert feedback["response_id"].tolist() == ["google-2", "google-2", "google-3", "google-3"]
    assert feedback["answer"].tolist() == ["5", "4", "2", "2"]
    assert feedback["role"].astype(str).tolist() == ["carer", "carer", "staff", "staff"]
    assert "@" not in text_of(tiny_dir)


def test_unknown_questions_and_answers_are_all_listed_and_nothing_is_written(tiny_dir, tmp_path):
    export = forms_workbook(tmp_path / "f.xlsx", [
        ["Agree", "Maybe", "x", "y"], ["Kind of", "Maybe", "x", "y"]],
        [HEARD, AGAIN, "What did you have for lunch?", "Parking?"])
    with pytest.raises(DataError) as caught:
        import_feedback(tiny_dir, export, meeting="M9")
    text = str(caught.value)
    assert ("f.xlsx:1: 2 questions are not in the questionnaire: 'What did you have for "
            "lunch?'; 'Parking?'. Map each in --map") in text
    assert ("unknown answer 'Maybe' to '" + AGAIN + "' (2 rows, first on row 2); allowed: "
            "1 (Very unlikely), 2 (Unlikely)") in text
    assert "unknown answer 'Kind of'" in text
    assert "meeting 'M9' is not in meetings.csv" in text
    assert not (tiny_dir / "feedback.csv").exists()


def test_a_map_to_an_item_that_does_not_exist_is_refused(tiny_dir, tmp_path, workbook):
    mapping = tmp_path / "map.csv"
    mapping.write_text(f"kind,from,to\nquestion,{HEARD},listened\nfeeling,x,y\n",
                       encoding="utf-8")
    with pytest.raises(DataError, match=r"map.csv:3:kind: unknown kind 'feeling'; allowed: "
                                        r"question, answer"):
        import_feedback(tiny_dir, workbook, map=mapping)


def test_the_command_prints_what_it_matched_and_refuses_with_exit_2(tiny_dir, tmp_path, workbook):
    result = CliRunner().invoke(main, ["import-feedback", str(tiny_dir), str(workbook)])
    assert result.exit_code == 0, result.output
    assert "Read Ward feedback.xlsx: Microsoft Forms export; 3 responses." in result.output
    assert f"'{HEARD}' -> heard (by wording): 3 answers" in result.output
    assert "Wrote 7 answers to" in result.output
    assert "Zo" not in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("Timestamp,Favourite colour\n2026-03-02,blue\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["import-feedback", str(tiny_dir), str(bad)])
    assert refused.exit_code == 2
    assert "1 question is not in the questionnaire: 'Favourite colour'" in refused.output
    assert "Traceback" not in refused.output
