"""The feedback table and the questionnaire it answers (data/model/feedback.yaml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from collabkit import DataError, load_project
from collabkit.errors import ModelError
from collabkit.model import load_model
from collabkit.project.answers import scale_answers

MODEL_DIR = Path(load_model().directory)

GOOD = ("response_id,participant_id,role,meeting_id,item_id,answer\n"
        "R1,,carer,M1,heard,4\n"
        "R1,,carer,M1,again,5.0\n"
        "R1,,carer,M1,comments,\"Good, but the room was cold\"\n"
        "R2,U1,service_user,,Heard,2\n")


def test_questionnaire_has_the_five_questions_on_scales_and_one_free_text():
    q = load_model().questionnaire
    assert q.scale_items == ("heard", "supported", "difference", "accessible", "again")
    assert q.free_text_items == ("comments",)
    assert [p for p, _ in q.points("heard")] == [1, 2, 3, 4, 5]
    assert q.points("heard")[0] == (1, "Strongly disagree")
    assert load_model().codes["feedback_item"] == q.item_ids


def test_feedback_loads_typed_and_answers_keep_their_text(tiny_dir):
    (tiny_dir / "feedback.csv").write_text(GOOD, encoding="utf-8")
    feedback = load_project(tiny_dir).feedback
    assert feedback["item_id"].tolist() == ["heard", "again", "comments", "heard"]
    assert feedback["participant_id"].isna().tolist() == [True, True, True, False]
    assert feedback.loc[2, "answer"] == "Good, but the room was cold"
    points = scale_answers(feedback, load_model())
    assert points["point"].tolist() == [4.0, 5.0, 2.0]


def test_an_answer_off_the_scale_names_row_column_value_and_the_points(tiny_dir):
    (tiny_dir / "feedback.csv").write_text(
        GOOD + "R3,,staff,M1,heard,Agree a lot\nR3,,staff,M1,again,7\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_project(tiny_dir)
    text = str(caught.value)
    assert ("feedback.csv:6:answer: 'Agree a lot' is not an answer to 'heard'; allowed: "
            "1 (Strongly disagree), 2 (Disagree), 3 (Neither agree nor disagree), "
            "4 (Agree), 5 (Strongly agree) (write the number)") in text
    assert "feedback.csv:7:answer: '7' is not an answer to 'again'; allowed: 1 (Very unlikely)" \
        in text


def test_unknown_item_duplicate_answer_and_unknown_participant_are_refused(tiny_dir):
    (tiny_dir / "feedback.csv").write_text(
        GOOD + "R4,,staff,M1,food,3\nR1,,carer,M1,heard,3\nR5,X9,staff,,heard,3\n",
        encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_project(tiny_dir)
    text = str(caught.value)
    assert "feedback.csv:6:item_id: unknown feedback item 'food'; allowed: heard, supported" in text
    assert "feedback.csv:7:item_id: duplicate response_id + item_id" in text
    assert "feedback.csv:8:participant_id: 'X9' is not in participants.csv" in text


def _model_with(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    path = folder / "feedback.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    scale: agree5\n  - item_id: supported", "    scale: agree9\n  - item_id: supported",
     r"feedback\.yaml: items entry 1 \(item_id 'heard'\): unknown scale 'agree9'; known: "
     "agree5, likely5"),
    ("      - point: 2\n        label: Disagree", "      - point: 6\n        label: Disagree",
     r"feedback\.yaml: scales entry 1 \(scale 'agree5'\): 'points' must be two or more points "
     r"numbered upwards; got \[1, 6, 3, 4, 5\]"),
    ("    free_text: true", "    free_text: true\n    scale: agree5",
     "give either 'scale' or 'free_text: true', not both"),
    ("heard_item: heard", "heard_item: comments",
     r"feedback\.yaml: heard_item: unknown scale item 'comments'"),
])
def test_a_malformed_questionnaire_is_refused_naming_the_entry(tmp_path, old, new, message):
    with pytest.raises(ModelError, match=message):
        load_model(_model_with(tmp_path, old, new))


def test_a_model_folder_without_a_questionnaire_uses_the_bundled_one(tmp_path):
    folder = tmp_path / "model"
    shutil.copytree(MODEL_DIR, folder)
    (folder / "feedback.yaml").unlink()
    assert load_model(folder).questionnaire == load_model().questionnaire


def test_a_reworded_question_is_read_from_the_folder(tmp_path):
    folder = _model_with(tmp_path, "People listened to what I had to say.",
                         "People listened to me.")
    assert load_model(folder).questionnaire.item("heard")["text"] == "People listened to me."
