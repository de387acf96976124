"""The participants' questionnaire form and "you said, we did", driven from code."""

from __future__ import annotations

import re

import pandas as pd

from collabkit import load_project
from collabkit.widgets import FeedbackForm, ImpactLog, ProjectPicker


def text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'")


def table(folder, name):
    return pd.read_csv(folder / f"{name}.csv", dtype=str).fillna("")


def test_the_form_is_anonymous_by_default_with_every_question_labelled_in_words(tiny_dir):
    form = FeedbackForm(tiny_dir, "M1")
    assert form.who is None
    assert list(form.questions) == ["heard", "supported", "difference", "accessible", "again",
                                    "comments"]
    heard = form.questions["heard"]
    assert heard.description == "1. People listened to what I had to say."
    assert [label for label, _ in heard.options][0] == "Strongly disagree"
    assert heard.value is None  # nothing chosen for anyone
    assert "Your name is not asked for" in text(form.widget.children[2].value)
    assert "flex-direction: column" in form.widget.children[0].value  # fits a phone


def test_save_puts_one_response_on_disk_then_clears_and_thanks(tiny_dir):
    form = FeedbackForm(tiny_dir, "M1")
    form.questions["heard"].value = 2
    form.questions["again"].value = 5
    form.questions["comments"].value = "The room was too hot"
    form.role.value = "carer"
    form.save_button.click()
    saved = table(tiny_dir, "feedback")
    assert saved.values.tolist() == [
        ["form-1", "", "carer", "M1", "heard", "2"],
        ["form-1", "", "carer", "M1", "again", "5"],
        ["form-1", "", "carer", "M1", "comments", "The room was too hot"]]
    assert "Thank you, your answers are saved." in text(form.status.value)
    assert form.answers() == {} and form.role.value == ""
    assert "1 response saved so far about M1" in text(form.saved.value)
    assert "too hot" not in form.saved.value  # the next person never sees earlier answers
    form.questions["supported"].value = 4
    form.save_button.click()
    assert table(tiny_dir, "feedback")["response_id"].iloc[-1] == "form-2"
    load_project(tiny_dir)


def test_nothing_answered_is_refused_and_nothing_written(tiny_dir):
    form = FeedbackForm(tiny_dir, "M1")
    form.save_button.click()
    assert "no question is answered yet" in text(form.status.value)
    assert not (tiny_dir / "feedback.csv").exists()


def test_a_failed_save_says_so_and_keeps_the_answers(tiny_dir, monkeypatch):
    form = FeedbackForm(tiny_dir, "M1")
    form.questions["heard"].value = 4
    form.questions["comments"].value = "Thanks"

    def full(path, frame):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("collabkit.project.edits.write_csv", full)
    form.save_button.click()
    status = text(form.status.value)
    assert "No space left on device" in status and "Nothing was saved" in status
    assert "Thank you" not in status
    assert form.answers() == {"heard": "4", "comments": "Thanks"}
    assert not (tiny_dir / "feedback.csv").exists()


def test_names_are_asked_only_when_the_facilitator_enables_it(tiny_dir):
    form = FeedbackForm(tiny_dir, "", ask_who=True)
    assert [v for _, v in form.who.options][:2] == ["", "S1"]
    form.who.value = "U1"
    form.questions["heard"].value = 3
    form.save()
    saved = table(tiny_dir, "feedback")
    assert saved[["response_id", "participant_id", "meeting_id"]].values.tolist() == [
        ["form-1", "U1", ""]]
    assert form.who.value == ""


def test_the_form_follows_the_picker_meeting(tiny_dir):
    picker = ProjectPicker(str(tiny_dir), "M2")
    form = FeedbackForm(picker)
    form.questions["accessible"].value = 1
    form.save()
    assert table(tiny_dir, "feedback")["meeting_id"].tolist() == ["M2"]


def test_impact_log_adds_you_said_we_did_with_the_date_people_were_told(tiny_dir):
    log = ImpactLog(tiny_dir)
    decision = [v for _, v in log.decision.options][1]
    log.contribution.value = "Meet in the evening"
    log.outcome.value = "Meetings moved to 6pm"
    log.decision.value = decision
    log.from_role.value = "carer"
    log.status_choice.value = "adopted"
    log.told_on.value = "2026-03-14"
    before = len(table(tiny_dir, "impact"))
    log.save_button.click()
    saved = table(tiny_dir, "impact")
    assert len(saved) == before + 1
    assert saved.iloc[-1].tolist() == ["Meet in the evening", "Meetings moved to 6pm", decision,
                                       "carer", "adopted", "2026-03-14"]
    assert log.contribution.value == "" and "14 March 2026" in text(log.saved.value)
    log.contribution.value = "Parking"
    log.save_button.click()
    assert "write what was done about it" in text(log.status.value)
    assert log.contribution.value == "Parking"
    log.outcome.value = "Asked estates"
    log.told_on.value = "someday"
    log.save_button.click()
    assert "'someday' is not a date" in text(log.status.value)
    assert len(table(tiny_dir, "impact")) == before + 1
