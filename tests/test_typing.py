"""mypy finds no type errors in collabkit (configured in pyproject.toml, [tool.mypy])."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_mypy_finds_no_type_errors():
    run = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--no-incremental"],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"mypy found type errors:\n{run.stdout}{run.stderr}"
