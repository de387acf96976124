"""Modules stay small enough to read: under 400 lines, and no function over 60 lines of
code unless its docstring says why it is long ("Long on purpose: ...")."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "collabkit"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_bundle" not in p.parts)


def _code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    """Non-blank, non-comment lines of the body after the docstring."""
    body = node.body
    start = body[0].lineno
    if ast.get_docstring(node) is not None:
        start = body[0].end_lineno + 1
    return sum(1 for line in lines[start - 1:node.end_lineno]
               if line.strip() and not line.strip().startswith("#"))


def test_no_module_is_over_400_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"split these modules (one job each): {long}"


def test_long_functions_say_why():
    unexplained = []
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                count = _code_lines(node, lines)
                doc = ast.get_docstring(node) or ""
                if count > MAX_FUNCTION_LINES and "Long on purpose" not in doc:
                    unexplained.append(f"{path.relative_to(PACKAGE)}:{node.lineno} "
                                       f"{node.name} ({count} lines)")
    assert not unexplained, ("split these functions, or say in the docstring why they are "
                             f"long ('Long on purpose: ...'): {unexplained}")
