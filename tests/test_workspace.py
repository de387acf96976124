"""collabkit.session.workspace and the ProjectPicker: the bundled examples are never written."""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil

import pytest

from collabkit.resources import find_repo_path
from collabkit.session import workspace
from collabkit.widgets import (
    AgendaPlanner,
    DecisionLog,
    GroupSplitter,
    ProjectOverview,
    ProjectPicker,
    ReflectionForm,
)

EXAMPLE = find_repo_path("data/examples/riverside_crisis_cafe")


def text(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def digest(folder) -> dict[str, str]:
    return {p.name: hashlib.md5(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_bundled_example_opens_as_a_copy_made_once(tmp_path):
    place = workspace.working_place("data/examples/riverside_crisis_cafe", work_folder=tmp_path)
    assert place.copied and place.made_now and place.path == tmp_path / EXAMPLE.name
    assert place.source == EXAMPLE and place.read_only is None
    assert digest(place.path) == digest(EXAMPLE)
    (place.path / "glossary.csv").write_text("term,meaning\n", encoding="utf-8")
    again = workspace.working_place(EXAMPLE, work_folder=tmp_path)
    assert not again.made_now and "made earlier" in again.note()
    assert (again.path / "glossary.csv").read_text(encoding="utf-8") == "term,meaning\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no half copies


def test_the_work_folder_comes_from_the_argument_the_environment_or_here(tmp_path, monkeypatch):
    monkeypatch.setenv(workspace.WORK_ENV, str(tmp_path / "env"))
    assert workspace.work_folder() == tmp_path / "env"
    assert workspace.work_folder(tmp_path / "mine") == tmp_path / "mine"
    monkeypatch.delenv(workspace.WORK_ENV)
    monkeypatch.chdir(tmp_path)
    assert workspace.work_folder() == tmp_path / "collabkit-work"


def test_any_other_project_opens_in_place(tiny_dir, tmp_path):
    place = workspace.working_place(tiny_dir, work_folder=tmp_path / "work")
    assert place.path == tiny_dir and not place.copied
    assert not (tmp_path / "work").exists()
    assert place.note() == f"Saving to {tiny_dir}."


def test_read_only_folders_and_files_are_said_in_plain_words(tiny_dir, monkeypatch):
    real = os.access
    assert workspace.read_only_reason(tiny_dir) is None
    monkeypatch.setattr(workspace.os, "access", lambda path, mode: (
        str(path) != str(tiny_dir)) and real(path, mode))
    assert "The folder" in workspace.read_only_reason(tiny_dir)
    assert "nothing can be saved" in workspace.read_only_reason(tiny_dir)
    monkeypatch.setattr(workspace.os, "access", lambda path, mode: (
        not str(path).endswith("events.csv")) and real(path, mode))
    assert workspace.read_only_reason(tiny_dir).startswith("events.csv in ")
    assert workspace.read_only_reason(tiny_dir / "nowhere") is None


def test_a_copy_that_cannot_be_made_never_falls_back_to_the_example(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(workspace.shutil, "copytree", refuse)
    before = digest(EXAMPLE)
    log = DecisionLog("data/examples/riverside_crisis_cafe", "M12", work_folder=tmp_path)
    assert log.project is None and log.project_path is None
    assert "could not make a working copy" in text(log.status.value)
    log.summary.value = "Anything"
    log.save_button.click()
    assert "could not make a working copy" in text(log.status.value)
    assert digest(EXAMPLE) == before


def test_project_choices_list_the_examples_and_the_copies(tmp_path):
    workspace.working_place(EXAMPLE, work_folder=tmp_path)
    choices = workspace.project_choices(tmp_path)
    assert "data/examples/riverside_crisis_cafe" in choices
    assert str(tmp_path / EXAMPLE.name) in choices


def test_the_picker_says_where_the_copy_is_and_widgets_follow_it(tmp_path, tiny_dir):
    picker = ProjectPicker("data/examples/riverside_crisis_cafe", "M12", work_folder=tmp_path)
    where = text(picker.where.value)
    assert "Riverside crisis café" in where and str(tmp_path / EXAMPLE.name) in where
    assert "never changed" in where
    form, groups = ReflectionForm(picker), GroupSplitter(picker)
    overview, agenda = ProjectOverview(picker), AgendaPlanner(picker)
    assert form.project_path == tmp_path / EXAMPLE.name and form.meeting_id == "M12"
    assert form.meeting.layout.display == "none" and groups.meeting_id == "M12"
    assert "keeping the pace: Saoirse A. (P02)" in text(overview.summary.value)
    picker.meeting.value = "M11"
    assert form.meeting_id == groups.meeting_id == agenda.meeting_id == "M11"
    picker.choice.value = str(tiny_dir)
    picker.open_button.click()
    assert form.project_path == tiny_dir and form.meeting_id == ""  # M11 is not in tiny
    assert [v for _, v in form.reflectors.options] == ["S1", "S2", "U1", "C1", "P1"]
    assert "Tiny test project" in text(overview.summary.value)
    picker.meeting.value = "M3"
    assert [v for _, v in form.reflectors.options] == ["S1", "U1"]


def test_a_meeting_added_in_the_planner_reaches_the_picker(tiny_dir):
    picker = ProjectPicker(tiny_dir, "")
    agenda, form = AgendaPlanner(picker), ReflectionForm(picker)
    agenda.step.value = "gather_ideas"
    agenda.new_meeting("M4", "2026-03-20", title="Ideas evening")
    assert ("M4" in [v for _, v in picker.meeting.options]) and picker.meeting_id == "M4"
    assert form.meeting_id == "M4"


def test_the_picker_refuses_an_unknown_meeting_and_an_empty_path(tiny_dir):
    picker = ProjectPicker(tiny_dir, "M9")
    assert picker.meeting_id == "" and "unknown meeting 'M9'" in text(picker.status.value)
    assert picker.run(picker.open_project, "") is None
    assert "write or choose the project" in text(picker.status.value)


def test_a_read_only_project_turns_off_the_save_buttons(tiny_dir, monkeypatch):
    monkeypatch.setattr(workspace.os, "access", lambda path, mode: mode != os.W_OK)
    for widget in (ReflectionForm(tiny_dir, "M1"), AgendaPlanner(tiny_dir, "M1")):
        assert widget.save_button.disabled
        assert "read-only" in text(widget.status.value)
    splitter = GroupSplitter(tiny_dir, "M1")
    splitter.split()
    assert splitter.save_button.disabled


@pytest.fixture(autouse=True)
def _example_untouched():
    before = digest(EXAMPLE)
    yield
    assert digest(EXAMPLE) == before
    shutil.rmtree(EXAMPLE / "__pycache__", ignore_errors=True)
