"""Reports for the bundled examples, made once per test session and shared by modules."""

from __future__ import annotations

import functools
from pathlib import Path

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"


@functools.cache
def _reports(out: Path):
    from collabkit.report.batch import run_reports

    return run_reports([EXAMPLES], out, jobs=2, portfolio=True, progress=False)


def example_reports(base: Path):
    """The examples' reports and portfolio, written under ``base`` (once per session)."""
    from collabkit.project import find_projects

    require_tool(f"the example projects in {EXAMPLES}",
                 EXAMPLES.is_dir() and bool(find_projects(EXAMPLES)),
                 "run python -m collabkit.examples")
    return _reports(base / "example_reports")
