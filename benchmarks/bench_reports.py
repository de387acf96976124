"""Time batch evaluation reports: the commands a user would chain, against collabkit's runner.

Makes N generated projects (20 by default), then times in one run:

(a) the baseline a user would write, one project at a time:
    ``papermill notebooks/reports/project_evaluation.ipynb out.ipynb -p project_path P``
    then ``jupyter nbconvert --to html --no-input out.ipynb``;
(b) ``collabkit report P1 ... PN --out DIR --jobs 2 --no-portfolio`` (the same reports,
    validated first, kernels run two at a time, HTML rendered in-process).

Prints both wall times and the ratio. Target (issue: reports): (b) at least
5x faster than (a). Never asserts: the machine may be shared and noisy.

    python benchmarks/bench_reports.py [--projects 20] [--jobs 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "reports" / "project_evaluation.ipynb"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    """A command from the same environment as this Python (papermill, jupyter, collabkit)."""
    candidate = BIN / name
    return str(candidate) if candidate.exists() else name


def run(command: list[str]) -> None:
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"command failed ({done.returncode}): {' '.join(command)}")


def baseline(projects: list[Path], out: Path) -> float:
    """One project at a time: papermill, then jupyter nbconvert."""
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for project in projects:
        executed = out / f"{project.name}.ipynb"
        run([tool("papermill"), str(NOTEBOOK), str(executed), "-p", "project_path",
             str(project), "--no-progress-bar"])
        run([tool("jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)])
    return time.perf_counter() - start


def collabkit_batch(projects: list[Path], out: Path, jobs: int) -> float:
    """All projects with one ``collabkit report`` command."""
    start = time.perf_counter()
    run([tool("collabkit"), "report", *map(str, projects), "--out", str(out),
         "--jobs", str(jobs), "--no-portfolio", "--no-progress"])
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20, help="how many projects (20)")
    parser.add_argument("--jobs", type=int, default=2, help="collabkit report --jobs (2)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write projects and reports here and keep them")
    args = parser.parse_args(argv)

    from collabkit.examples import generate_projects

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_reports_"))
    try:
        data = work / "projects"
        generated = generate_projects(args.projects, out_dir=data)
        projects = [data / p.id for p in generated]
        print(f"{len(projects)} generated projects in {data}; {os.cpu_count()} CPUs")

        a = baseline(projects, work / "baseline")
        print(f"(a) papermill + jupyter nbconvert, one at a time: {a:7.1f} s "
              f"({a / len(projects):.2f} s per project)")
        b = collabkit_batch(projects, work / "collabkit", args.jobs)
        print(f"(b) collabkit report --jobs {args.jobs}:            {b:7.1f} s "
              f"({b / len(projects):.2f} s per project)")
        print(f"ratio (a)/(b): {a / b:.1f}x faster (target: at least 5x)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
