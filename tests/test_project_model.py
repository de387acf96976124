"""The project carries its model: everything that reads a project takes the model from it.

A team may edit a copy of ``data/model`` (labels, steps, tools). A project
loaded with that model must be checked, measured and reported with it, with
no environment variable and no global state.
"""

from __future__ import annotations

import re
import shutil

import pytest

from collabkit import load_project, load_projects, metrics
from collabkit.examples.generator import generate_project
from collabkit.model import load_model
from collabkit.report import sections
from collabkit.resources import find_repo_path

EXAMPLE = find_repo_path("data/examples/riverside_crisis_cafe")
NEW_LABEL = "Person who uses the service"


@pytest.fixture(scope="module")
def edited_model(tmp_path_factory):
    """A copy of the bundled model with the service-user role relabelled."""
    folder = tmp_path_factory.mktemp("model") / "model"
    shutil.copytree(load_model().directory, folder)
    codes = folder / "codes.yaml"
    text = codes.read_text(encoding="utf-8")
    assert "label: Service user\n" in text
    codes.write_text(text.replace("label: Service user\n", f"label: {NEW_LABEL}\n", 1),
                     encoding="utf-8")
    return load_model(folder)


def test_a_loaded_project_keeps_the_model_it_was_checked_against(edited_model):
    project = load_project(EXAMPLE, model=edited_model)
    assert project.model is edited_model
    assert load_project(EXAMPLE).model is load_model()
    changed = project.with_table("glossary", project.glossary)
    assert changed.model is edited_model  # a changed copy keeps it too
    assert load_projects([EXAMPLE], model=edited_model).model is edited_model
    assert generate_project("inertia", seed=1, model=edited_model).model is edited_model


def test_projects_loaded_with_different_models_do_not_pretend_to_share_one(edited_model):
    mixed = load_projects([EXAMPLE])
    mixed.projects.append(load_project(EXAMPLE, model=edited_model))
    with pytest.raises(ValueError, match="different models"):
        _ = mixed.model


def test_the_environment_is_read_when_loading_not_later(edited_model, monkeypatch):
    before = load_project(EXAMPLE)
    monkeypatch.setenv("COLLABKIT_MODEL_DIR", str(edited_model.directory))
    assert load_project(EXAMPLE).model.label("role", "service_user") == NEW_LABEL
    assert before.model.label("role", "service_user") == "Service user"


def test_a_report_built_from_the_project_uses_the_edited_names(edited_model, monkeypatch):
    monkeypatch.delenv("COLLABKIT_MODEL_DIR", raising=False)
    project = load_project(EXAMPLE, model=edited_model)
    project, params = sections.open_project(project)
    page = "".join(section(project, params).data for section in
                   (sections.summary, sections.structure, sections.voice))
    assert NEW_LABEL in page
    assert not re.search(r"\bService user\b", page)
    # the pseudonyms come from the project's model too
    assert any(name.startswith(NEW_LABEL) for name in params.names.values())
    # and the metrics agree on who has lived experience
    lived = metrics.lived_experience(project.participants["role"], project.model)
    assert lived.any()
