"""Shared fixtures. Matplotlib is forced onto the non-interactive Agg backend."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLES = ROOT / "data" / "examples"


@pytest.fixture
def tiny_dir(tmp_path: Path) -> Path:
    """A fresh, writable copy of the small hand-made project."""
    target = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", target)
    return target


@pytest.fixture
def tiny(tiny_dir: Path):
    from collabkit import load_project

    return load_project(tiny_dir)


def example_paths() -> list[Path]:
    from collabkit.project import find_projects

    return find_projects(EXAMPLES)
