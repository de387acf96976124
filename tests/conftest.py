"""Shared fixtures. Matplotlib is forced onto the non-interactive Agg backend.

Tests that need something from outside Python (Chromium, axe-core, LibreOffice)
or a test-only package ask :func:`require_tool` / :func:`require_module`: on a
developer's machine a missing tool skips the test with the reason; under CI
(the ``CI`` environment variable set, as CI services and ``.ci/run`` do) it
fails the test, so CI never passes with half the checks skipped.
"""

from __future__ import annotations

import importlib
import os
import shutil
import tempfile
from pathlib import Path
from types import ModuleType

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")
# Working copies of the bundled examples (collabkit.session.workspace) go to a temporary
# folder, not collabkit-work/ beside the notebooks, also in kernels the tests start.
os.environ.setdefault("COLLABKIT_WORK_DIR", tempfile.mkdtemp(prefix="collabkit-work-"))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "data" / "examples"
SETUP = "run bash tests/setup.sh"


def under_ci() -> bool:
    """True when the ``CI`` environment variable is set and not empty."""
    return bool(os.environ.get("CI"))


def require_tool(name: str, found: bool, how: str) -> None:
    """Go on if ``found``; otherwise skip the test, or fail it under CI.

    Parameters
    ----------
    name : str
        What is missing, as a person would look for it ("Chromium at /usr/bin/chromium").
    found : bool
        Whether it was found.
    how : str
        How to install it ("run bash tests/setup.sh (needs npm)").
    """
    if found:
        return
    message = f"{name} is missing; to install it, {how}"
    if under_ci():
        pytest.fail(f"{message}. CI is set, so a missing tool fails the test instead of "
                    "skipping it.", pytrace=False)
    pytest.skip(f"{message} (CI would fail here)")


def require_module(name: str, how: str = SETUP) -> ModuleType:
    """The module ``name`` imported; if it cannot be, as :func:`require_tool`."""
    try:
        return importlib.import_module(name)
    except ImportError:
        require_tool(f"the Python package {name}", False, how)
        raise  # not reached: require_tool skipped or failed


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A fresh, writable copy of the small hand-made project."""
    target = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", target)
    return target


@pytest.fixture
def hostile(tiny_dir: Path):
    """``hostile("case")``: the tiny project with the files of that case laid over it.

    Each case is a folder under ``tests/fixtures/hostile/`` holding only the
    files that differ from ``tests/fixtures/tiny``.
    """
    def made(case: str) -> Path:
        for item in (FIXTURES / "hostile" / case).iterdir():
            shutil.copyfile(item, tiny_dir / item.name)
        return tiny_dir
    return made


@pytest.fixture
def tiny(tiny_dir: Path):
    from collabkit import load_project

    return load_project(tiny_dir)


def example_paths() -> list[Path]:
    from collabkit.project import find_projects

    return find_projects(EXAMPLES)
