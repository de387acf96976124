"""Every example in collabkit's docstrings runs and shows what it says.

The examples are written as a user in a source checkout types them, from the
repository root (``load_project("data/examples/...")``), so they run from
there. An example that would need a browser or would write into the bundled
data carries ``# doctest: +SKIP`` with a comment saying why; this module checks
that no example changed the bundled data all the same.
"""

from __future__ import annotations

import doctest
import hashlib
import importlib
import io
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "collabkit"
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def module_names() -> list[str]:
    """Every module of collabkit but the ``__main__`` ones (importing those runs them)."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__main__.py":
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", autouse=True)
def bundled_data_untouched():
    before = digest(ROOT / "data")
    yield
    assert digest(ROOT / "data") == before, "a docstring example changed data/"


@pytest.mark.parametrize("name", module_names())
def test_docstring_examples_run(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    out = io.StringIO()
    for test in finder.find(module, name):
        runner.run(test, out=out.write)
    assert runner.failures == 0, out.getvalue()
