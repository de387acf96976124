"""Notebooks stay thin: a tagged parameters cell, no def/class, no saved outputs."""

from __future__ import annotations

import ast
import json

import pytest

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_thin_and_clean(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    tagged = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(tagged) == 1, "exactly one cell is tagged parameters"
    parameters = ast.parse("".join(tagged[0]["source"]))
    assert parameters.body and all(isinstance(n, ast.AnnAssign) for n in parameters.body), (
        "parameters are annotated assignments")
    for cell in code:
        tree = ast.parse("".join(cell["source"]))
        defined = [n for n in ast.walk(tree)
                   if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
        assert not defined, f"logic belongs in collabkit, not in {path.name}"
        assert not cell.get("outputs"), f"{path.name} was committed with outputs"
        assert cell.get("execution_count") is None


def test_every_notebook_is_covered():
    assert {p.parent.name for p in NOTEBOOKS} == {"facilitator", "reports", "research"}
