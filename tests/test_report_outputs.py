"""What a report run leaves on disk when writing goes wrong."""

from __future__ import annotations

import errno
import json
from pathlib import Path

from collabkit.report import execute
from collabkit.report.execute import NotebookJob, execute_notebook_job


def _job(tmp_path: Path) -> NotebookJob:
    return NotebookJob(notebook="unused.ipynb", parameters={},
                       html_path=str(tmp_path / "p.html"), notebook_path=str(tmp_path / "p.ipynb"),
                       project_path="p", project_id="p", cwd=str(tmp_path))


class _FullDisk:
    """papermill stand-in: writes half a notebook, then the disk is full."""

    def execute_notebook(self, source, output, **_options):
        Path(output).write_text('{"cells": [{"cell_type": "code", "sou', encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_keeps_the_previous_executed_notebook(tmp_path, monkeypatch):
    previous = {"cells": [], "metadata": {"kept": True}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "p.ipynb").write_text(json.dumps(previous), encoding="utf-8")
    monkeypatch.setattr(execute, "import_runtime", lambda: _FullDisk())
    result = execute_notebook_job(_job(tmp_path))
    assert not result.ok
    assert "No space left on device" in result.error and "was kept" in result.error
    assert json.loads((tmp_path / "p.ipynb").read_text(encoding="utf-8")) == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.ipynb"]  # no partial left behind
    assert result.notebook_path is None


def test_a_failure_names_the_line_of_its_cell_the_traceback_points_at():
    from papermill.exceptions import PapermillExecutionError

    source = "# two sections\ndisplay(sections.journey(project, params))\n" \
             "display(sections.voice(project, params))"
    traceback = ["\x1b[31mKeyError\x1b[39m  Traceback (most recent call last)",
                 "\x1b[36mCell\x1b[39m\x1b[36m \x1b[39m\x1b[32mIn[5]\x1b[39m\x1b[32m, line 3\x1b[39m"
                 "\n----> 3 display(sections.voice(project, params))\n",
                 "File collabkit/report/sections_people.py:40, in voice()\n"]
    error = PapermillExecutionError(6, 5, source, "KeyError", "'x'", traceback)
    assert execute.describe_failure(error) == \
        "cell 6 (display(sections.voice(project, params))): KeyError: 'x'"
    # with no line in the traceback: the cell's first line that is not blank
    blank = PapermillExecutionError(6, 5, "\n" + source, "KeyError", "'x'", [])
    assert execute.describe_failure(blank) == "cell 6 (# two sections): KeyError: 'x'"
    assert execute.describe_failure(ValueError("no cell")) == "ValueError: no cell"
