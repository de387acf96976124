"""The research notebook: thin, committed without outputs, and runs under papermill.

``--nbval-lax`` over ``notebooks/`` (run by the main suite / CI) executes it
again cell by cell:

    python -m pytest --nbval-lax notebooks/research/analyse_collaboration.ipynb
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_module

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "research" / "analyse_collaboration.ipynb"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def notebook():
    nbformat = require_module("nbformat")
    return nbformat.read(NOTEBOOK, as_version=4)


def test_notebook_is_committed_without_outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_notebook_is_thin(notebook):
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        defined = [node for node in ast.walk(tree)
                   if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Lambda)]
        assert not defined, f"no def, class or lambda in notebooks: {cell.source[:60]}"


def test_parameters_cell_has_annotated_commented_defaults(notebook):
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    lines = [line for line in tagged[0].source.splitlines() if line.strip()]
    for line in lines:
        assert isinstance(ast.parse(line).body[0], ast.AnnAssign), line
        assert "  # " in line, f"each parameter needs a short comment: {line}"
    assert lines[0].startswith('examples_dir: str = "data/examples"')
    assert notebook.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.slow
def test_runs_from_the_notebook_folder_on_the_examples(tmp_path):
    papermill = require_module("papermill")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), kernel_name="python3",
                               cwd=str(NOTEBOOK.parent), progress_bar=False)
    nbformat = require_module("nbformat")
    result = nbformat.read(out, as_version=4)
    cards = next(c for c in result.cells if "evaluation.scorecards(" in c.source)
    shown = cards.outputs[0]["data"]["text/plain"]
    for name in ("riverside_crisis_cafe", "hillside_discharge", "meadow_peer_support"):
        assert name in shown
    assert "concern" in shown and "strength" in shown
    agreement = next(c for c in result.cells if "coder_agreement(" in c.source)
    assert "kappa" in agreement.outputs[0]["data"]["text/plain"]  # double-coded meetings
    assert not stderr(result)


@pytest.mark.slow
def test_runs_from_the_repo_root_on_another_folder(tmp_path):
    papermill = require_module("papermill")
    folder = tmp_path / "projects"
    shutil.copytree(FIXTURES / "tiny", folder / "tiny")
    out = tmp_path / "out.ipynb"
    papermill.execute_notebook(str(NOTEBOOK), str(out), kernel_name="python3", cwd=str(ROOT),
                               parameters={"examples_dir": str(folder), "min_run": 2},
                               progress_bar=False)
    nbformat = require_module("nbformat")
    result = nbformat.read(out, as_version=4)
    assert result.metadata["papermill"]["parameters"]["examples_dir"] == str(folder)
    assert "Tiny test project" in out.read_text(encoding="utf-8")
    runs = next(c for c in result.cells if "metrics.inertia_runs(" in c.source)
    shown = runs.outputs[0]["data"]["text/plain"]
    assert "M2" in shown and "M3" in shown  # the run M2-M3 counts with min_run=2
    assert not stderr(result)


def stderr(notebook) -> list[str]:
    """Warnings and other text written to stderr by the executed cells."""
    return [o["text"] for c in notebook.cells if c.cell_type == "code" for o in c.outputs
            if o.get("output_type") == "stream" and o.get("name") == "stderr"]
