"""Time the standalone portfolio of the example projects, with and without the reports' findings.

Copies ``data/examples`` (4 projects) to a temporary folder and times, as a
user would type it:

    collabkit portfolio DATA_DIR --out DIR

(a) with no reports in DIR: every project's findings are worked out;
(b) after ``collabkit report DATA_DIR --out DIR``: the findings files the
    reports wrote are read instead (they are current);
(c) after touching one file of every project: the files are stale, so the
    findings are worked out again.

Then, in this process (imports loaded), the CPU seconds of each step of the
notebook: opening the projects, the findings (worked out), and each section
with its chart. Target (issue 13): a standalone portfolio of 4 projects under
3 s. Never asserts: the machine may be shared, so the load average is printed.

    python benchmarks/bench_portfolio.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _projects import ROOT, tool


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def collabkit(*args: str) -> tuple[float, float]:
    """Wall seconds of one ``collabkit`` command (which must succeed), and its CPU seconds.

    The CPU seconds are those of the command and of the processes it waited
    for (its kernel): on a shared machine they vary less than the wall time.
    """
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([tool("collabkit"), *args, "--no-progress"], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise SystemExit(f"collabkit {' '.join(args)} failed ({done.returncode}):\n"
                         f"{done.stdout}{done.stderr}")
    return time.perf_counter() - start, _children_cpu() - cpu


def _touch_every_project(data: Path) -> None:
    for project in data.iterdir():
        target = project / "meetings.csv" if project.is_dir() else project
        os.utime(target)


def commands(work: Path, repeat: int) -> None:
    """(a), (b) and (c): the median wall time of ``repeat`` runs each."""
    data, out = work / "data", work / "out"
    shutil.copytree(ROOT / "data" / "examples", data)
    cases = []
    runs = [collabkit("portfolio", str(data), "--out", str(work / "fresh" / str(n)))
            for n in range(repeat)]
    cases.append(("(a) no reports: findings worked out", runs))
    report, _ = collabkit("report", str(data), "--out", str(out), "--no-portfolio")
    runs = [collabkit("portfolio", str(data), "--out", str(out)) for _ in range(repeat)]
    cases.append(("(b) after collabkit report: findings read", runs))
    time.sleep(0.05)
    _touch_every_project(data)
    runs = [collabkit("portfolio", str(data), "--out", str(out)) for _ in range(repeat)]
    cases.append(("(c) data changed since: findings worked out", runs))
    print(f"collabkit portfolio DATA_DIR --out DIR, 4 example projects, median of {repeat}:")
    for label, runs in cases:
        wall, cpu = (statistics.median(t[i] for t in runs) for i in (0, 1))
        print(f"  {label:45s} {wall:5.2f} s wall, {cpu:5.2f} s CPU "
              f"(wall: {', '.join(f'{t[0]:.2f}' for t in runs)}; target under 3 s)")
    print(f"  (collabkit report of the 4 projects for (b): {report:.1f} s)")


def steps(data: Path) -> None:
    """CPU seconds of the notebook's steps in this process, imports loaded."""
    from collabkit.report import portfolio

    portfolio.open_projects(str(data))  # lazy imports and caches, as a warm kernel has them
    start = time.process_time()
    projects, params = portfolio.open_projects(str(data))
    opened = time.process_time() - start
    start = time.process_time()
    portfolio._cards(projects, params)
    cards = time.process_time() - start
    print(f"in one process (CPU s): open_projects {opened:.2f}; findings of "
          f"{len(projects)} projects {cards:.2f}")
    timings = []
    for name, _ in portfolio.SECTIONS:
        start = time.process_time()
        getattr(portfolio, name)(projects, params)
        timings.append(f"{name} {time.process_time() - start:.2f}")
    print("  sections: " + ", ".join(timings))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (3)")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} CPUs; load average {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="bench_portfolio_") as tmp:
        commands(Path(tmp), args.repeat)
        steps(Path(tmp) / "data")
    print(f"load average after {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
