"""The facilitator notebooks: thin, committed clean, and they run (on a copy).

``--nbval-lax`` runs them as committed, from their own folder, on the bundled
example with no meeting chosen, so they display their widgets and write
nothing but a working copy of the example (under ``COLLABKIT_WORK_DIR``,
which tests/conftest.py points at a temporary folder):

    python -m pytest --nbval-lax notebooks/facilitator
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_module, require_tool

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "notebooks" / "facilitator"
NOTEBOOKS = {"prepare_session": ["ProjectOverview", "ToolCards", "AgendaPlanner",
                                 "GroupSplitter"],
             "run_session": ["TallyBoard"],
             "after_session": ["ReflectionForm", "ChecklistPanel", "DecisionLog",
                               "GlossaryBoard", "AimsBoard", "ImpactLog"],
             "feedback_form": ["FeedbackForm"]}
#: Widgets given more than the picker, and how (a parameter of the notebook).
WIDGET_CALLS = {"FeedbackForm": "FeedbackForm(picker, ask_who=ask_who)"}
EXAMPLE = ROOT / "data" / "examples" / "riverside_crisis_cafe"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def read(name: str) -> dict:
    return json.loads((FOLDER / f"{name}.ipynb").read_text(encoding="utf-8"))


def code_cells(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_without_outputs_and_thin(name):
    notebook = read(name)
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
            tree = ast.parse("".join(cell["source"]))
            assert not [n for n in ast.walk(tree)
                        if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_parameters_then_one_widget_per_cell(name):
    notebook = read(name)
    tagged = [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1
    lines = "".join(tagged[0]["source"]).splitlines()
    assert lines[0].startswith('project_path: str = "data/examples/riverside_crisis_cafe"  # ')
    assert lines[1].startswith('meeting_id: str = ""  # meeting to')
    assert lines[2].startswith('work_folder: str = ""  # ')
    cells = code_cells(notebook)
    assert ("picker = ProjectPicker(project_path, meeting_id, work_folder=work_folder)\n"
            "picker") in cells  # chosen in the page: Voila users cannot edit cells
    widgets = [c for c in cells if c.split("(")[0] in NOTEBOOKS[name]]
    calls = {**WIDGET_CALLS, "TallyBoard": "TallyBoard(picker, coder=coder)"}  # a second coder
    assert widgets == [calls.get(widget, f"{widget}(picker)") for widget in NOTEBOOKS[name]]
    if name == "run_session":
        assert lines[3].startswith('coder: str = "primary"  # ')


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_papermill_runs_on_a_copy_from_the_notebook_folder(name, tmp_path):
    papermill = require_module("papermill")
    require_tool(f"the example project {EXAMPLE}", EXAMPLE.exists(),
                 "run python -m collabkit.examples.generator")
    project = tmp_path / "project"
    shutil.copytree(EXAMPLE, project)
    before = digest(EXAMPLE)
    out = tmp_path / f"{name}.ipynb"
    papermill.execute_notebook(
        str(FOLDER / f"{name}.ipynb"), str(out), kernel_name="python3", cwd=str(FOLDER),
        parameters={"project_path": str(project), "meeting_id": "M12"}, progress_bar=False)
    result = json.loads(out.read_text(encoding="utf-8"))
    outputs = [o for c in result["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    views = [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    assert len(views) == len(NOTEBOOKS[name]) + 1  # and the picker
    assert digest(EXAMPLE) == before  # the bundled example is never written
    from collabkit import load_project

    load_project(project)


@pytest.mark.slow
def test_the_default_project_is_a_working_copy_never_the_example(tmp_path):
    papermill = require_module("papermill")
    require_tool(f"the example project {EXAMPLE}", EXAMPLE.exists(),
                 "run python -m collabkit.examples.generator")
    before = digest(EXAMPLE)
    out = tmp_path / "run_session.ipynb"
    papermill.execute_notebook(
        str(FOLDER / "run_session.ipynb"), str(out), kernel_name="python3", cwd=str(tmp_path),
        parameters={"meeting_id": "M12", "work_folder": str(tmp_path / "work")},
        progress_bar=False)
    copy = tmp_path / "work" / EXAMPLE.name
    assert (copy / "events.csv").read_bytes() == (EXAMPLE / "events.csv").read_bytes()
    assert digest(EXAMPLE) == before
