"""Packaging stays honest: environment.yml matches pyproject.toml, import stays light."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from tests.conftest import ROOT


def _name_and_spec(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)$", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(3).replace(" ", "")


def test_environment_yml_matches_pyproject():
    import yaml

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = dict(_name_and_spec(r) for r in project["dependencies"])
    for extra in ("report", "widgets", "voila", "transcripts", "research", "dask"):
        declared.update(_name_and_spec(r) for r in project["optional-dependencies"][extra])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pinned = dict(_name_and_spec(d) for d in conda if not d.startswith(("python", "pip")))
    assert pinned == declared, "environment.yml and pyproject.toml disagree"
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e .[all]" in pip
    assert "conda-forge" in env["channels"]


def test_core_install_is_light():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = {_name_and_spec(r)[0] for r in project["dependencies"]}
    assert core == {"pandas", "numpy", "pyyaml", "openpyxl", "click"}


def test_import_has_no_heavy_side_effects():
    code = ("import sys, collabkit, collabkit.metrics, collabkit.reliability; "
            "heavy = [m for m in ('matplotlib', 'ipywidgets', 'papermill', 'nbconvert', 'scipy') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_version_is_single_sourced():
    import collabkit

    out = subprocess.run([sys.executable, "-m", "pip", "show", "collabkit"], capture_output=True,
                         text=True)
    assert f"Version: {collabkit.__version__}" in out.stdout


def test_ruff_is_clean():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "collabkit", "tests",
                             "benchmarks"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
