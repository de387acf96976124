"""The wheel works anywhere: built from this checkout, installed (not editable)
with the ``report`` extra into a fresh virtual environment, and used from a
folder that is not the checkout, with no ``PYTHONPATH`` to let the checkout in.

Needs only Python, pip and PyPI (or pip's cache): it never skips. One
module-scoped fixture builds and installs once; each test then runs the
installed ``collabkit`` command.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

EXAMPLE = ROOT / "data" / "examples" / "riverside_crisis_cafe"
TEMPLATES = ROOT / "templates" / "project"

#: Left out of the copy the wheel is built from (build leftovers would leak into
#: it): these names anywhere, and the checkout's own ``build``, ``reports``...
ANYWHERE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "node_modules",
                                  "*.egg-info", "*.lock", "*.pyc")
TOP_LEVEL = {".git", ".venv", "build", "dist", "reports", "tmp", ".pytest_cache",
             ".ruff_cache", ".hypothesis"}


def not_sources(folder: str, names: list[str]) -> set[str]:
    ignored = set(ANYWHERE(folder, names))
    return ignored | (TOP_LEVEL & set(names)) if Path(folder) == ROOT else ignored


class Installed:
    """A virtual environment with the collabkit wheel in it, and a folder to work in."""

    def __init__(self, venv: Path, work: Path, home: Path):
        self.venv, self.work, self.home = venv, work, home
        self.bin = venv / "bin"
        self.python = self.bin / "python"

    def env(self) -> dict[str, str]:
        """The environment without anything that could put the checkout on the path."""
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("PYTHON") and key not in ("VIRTUAL_ENV", "CONDA_PREFIX")}
        env.update(PATH=f"{self.bin}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(self.venv),
                   PYTHONNOUSERSITE="1", MPLBACKEND="Agg", JUPYTER_PREFER_ENV_PATH="1",
                   HOME=str(self.home))
        return env

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([str(a) for a in args], cwd=self.work, env=self.env(),
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, (f"{' '.join(map(str, args))} exited "
                                        f"{result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def collabkit(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return self.run(self.bin / "collabkit", *args)

    def python_code(self, code: str) -> str:
        return self.run(self.python, "-c", code).stdout


def pip(*args: str | Path, python: str | Path = sys.executable, cwd: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run([str(python), "-m", "pip", *map(str, args)], cwd=cwd, env=env,
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, f"pip {' '.join(map(str, args))}:\n{result.stderr[-4000:]}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=not_sources, symlinks=True)
    pip("wheel", "--no-deps", "--quiet", ".", "-w", base / "dist", cwd=source)
    (wheel,) = (base / "dist").glob("collabkit-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip("install", "--quiet", f"{wheel}[report]", python=venv / "bin" / "python", cwd=base)
    work, home = base / "work", base / "home"
    work.mkdir()
    home.mkdir()
    return Installed(venv, work, home)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed):
    where = installed.python_code("import collabkit; print(collabkit.__file__)").strip()
    assert Path(where).is_relative_to(installed.venv), where
    assert not Path(where).is_relative_to(ROOT), where
    location = installed.run(installed.python, "-m", "pip", "show", "collabkit").stdout
    assert "Editable project location" not in location


def test_the_wheel_carries_the_licence(installed):
    code = ("import importlib.metadata as m; d = m.distribution('collabkit'); "
            "print(d.metadata['License-Expression']); "
            "print([str(f) for f in d.files if f.name == 'LICENSE'])")
    licence, files = installed.python_code(code).splitlines()
    assert licence == "MIT"
    assert "collabkit-" in files and "LICENSE" in files


def test_init_writes_a_blank_project_folder(installed):
    installed.collabkit("init", "blank")
    written = sorted(p.name for p in (installed.work / "blank").iterdir())
    assert written == sorted(p.name for p in TEMPLATES.iterdir())


def test_init_workbook_has_every_template_sheet_and_header(installed):
    installed.collabkit("init", "--workbook", "blank.xlsx")
    code = ("import json, openpyxl; book = openpyxl.load_workbook('blank.xlsx'); "
            "print(json.dumps({s.title: [c.value for c in next(s.iter_rows(max_row=1), [])] "
            "for s in book.worksheets}))")
    sheets = json.loads(installed.python_code(code))
    expected = {}
    for table in sorted(TEMPLATES.glob("*.csv")):
        with open(table, encoding="utf-8-sig", newline="") as handle:
            expected[table.stem] = next(csv.reader(handle))
    assert set(sheets) == set(expected) | {"project"}
    for name, header in expected.items():
        assert sheets[name] == header, name


@pytest.fixture(scope="module")
def projects(installed) -> Path:
    """A folder of projects in the working folder: a copy of one bundled example."""
    folder = installed.work / "projects"
    shutil.copytree(EXAMPLE, folder / EXAMPLE.name)
    return folder


def test_validate_report_export_and_portfolio_on_a_copied_example(installed, projects):
    copy = projects / EXAMPLE.name
    assert "1 project valid." in installed.collabkit("validate", copy).stdout

    installed.collabkit("report", copy, "--out", "out", "--no-progress")
    project_id = installed.python_code(
        f"import collabkit; print(collabkit.load_project({str(copy)!r}).info['id'])").strip()
    page = installed.work / "out" / f"{project_id}.html"
    assert page.stat().st_size > 50_000
    assert "collabkit" in page.read_text(encoding="utf-8")

    installed.collabkit("export", copy, "--to", "xlsx", "--out", projects / "exported.xlsx")
    assert (projects / "exported.xlsx").stat().st_size > 5_000
    assert "1 project valid." in installed.collabkit("validate", projects / "exported.xlsx").stdout

    installed.collabkit("portfolio", projects, "--out", "portfolio", "--no-progress")
    assert (installed.work / "portfolio" / "portfolio.html").stat().st_size > 10_000


def test_notebooks_templates_and_model_are_found_in_the_installed_package(installed):
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").rglob("*.ipynb")
                       if ".ipynb_checkpoints" not in p.parts)
    model = sorted(p.name for p in (ROOT / "data" / "model").iterdir() if p.is_file())
    code = f"""
import json
from collabkit.resources import ROOT, find_repo_path, is_source_checkout
from collabkit.model import load_model
model = load_model()
print(json.dumps({{
    "checkout": is_source_checkout(),
    "root": str(ROOT),
    "notebooks": [find_repo_path(n).is_file() for n in {notebooks!r}],
    "model": sorted(p.name for p in find_repo_path("data/model").iterdir() if p.is_file()),
    "report_template": find_repo_path("templates/report").is_dir(),
    "steps": len(model.elements),
}}))
"""
    found = json.loads(installed.python_code(code))
    assert found["checkout"] is False
    assert Path(found["root"]).is_relative_to(installed.venv)
    missing = [n for n, there in zip(notebooks, found["notebooks"], strict=True) if not there]
    assert notebooks and not missing, f"not in the installed package: {missing}"
    assert found["model"] == model
    assert found["report_template"]
    assert found["steps"] > 0
