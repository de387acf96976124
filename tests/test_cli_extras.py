"""A command whose optional libraries are not installed says which extra to install.

``pip install collabkit`` is the light core; the report, the board, transcripts,
Parquet and Dask are extras. A missing one must end in one line naming the
extra, read from the package's own requirements, never in a traceback.
"""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from collabkit.cli import main
from collabkit.errors import install_hint


@pytest.mark.parametrize(("module", "prefer", "hint"), [
    ("tqdm", None, "pip install 'collabkit[report]'"),
    ("papermill.execute", None, "pip install 'collabkit[report]'"),
    ("webvtt", None, "pip install 'collabkit[transcripts]'"),  # the package is webvtt-py
    ("distributed", None, "pip install 'collabkit[dask]'"),
    ("matplotlib", None, "pip install 'collabkit[plots]'"),  # in several extras: the first
    ("matplotlib", "report", "pip install 'collabkit[report]'"),  # the command's own
])
def test_a_missing_module_names_the_extra_that_installs_it(module, prefer, hint):
    assert install_hint(ModuleNotFoundError(name=module), prefer=prefer) == hint


def test_a_module_no_extra_holds_gives_no_hint():
    assert install_hint(ModuleNotFoundError(name="no_such_module_anywhere")) is None


def test_report_without_its_extra_says_what_to_install(tiny_dir, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # as if tqdm were not installed
    monkeypatch.setitem(sys.modules, "tqdm", None)
    out = tmp_path / "reports"
    result = CliRunner().invoke(main, ["report", str(tiny_dir), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert ("collabkit: this command needs tqdm, which is not installed; install it with: "
            "pip install 'collabkit[report]'") in result.output
    assert "Traceback" not in result.output
    assert not list(out.glob("*.html"))  # nothing half-made
