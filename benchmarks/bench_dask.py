"""Time a large batch of reports on a local Dask cluster, and watch its memory.

Makes N generated projects (1,000 by default), then runs, as a user would:

    collabkit report PROJECTS_DIR --out DIR --dask 2 --no-portfolio

and samples the memory (resident set size) of the client, of each worker
process and of the Jupyter kernel each worker keeps warm, once a second, with
the number of reports written so far. Prints the wall time, the rate, the
peak memory of the client and of each worker (with its kernel), and each
worker's memory as the batch goes on: flat means no growth per report.
Target (issue: reports near the machine's limit): 1,000 projects in under
5 minutes on 2 cores. Never asserts: the machine may be shared and noisy.

    python benchmarks/bench_dask.py [--projects 1000] [--workers 2] [--keep DIR]
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

import psutil

BIN = Path(sys.executable).parent
MB = 1024 * 1024


def tool(name: str) -> str:
    """A command from the same environment as this Python (collabkit)."""
    candidate = BIN / name
    return str(candidate) if candidate.exists() else name


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def sample(client: psutil.Process) -> tuple[int, dict[int, int]]:
    """The client's memory and, per worker process, its memory with its kernels'."""
    workers: dict[int, int] = {}
    try:
        children = client.children()
    except psutil.Error:
        return 0, workers
    for child in children:
        try:
            if "spawn_main" not in " ".join(child.cmdline()):
                continue  # not a worker (e.g. a resource tracker)
            kernels = child.children(recursive=True)
        except psutil.Error:
            continue
        workers[child.pid] = _rss(child) + sum(_rss(k) for k in kernels)
    return _rss(client), workers


def run(projects_dir: Path, out: Path, workers: int, total: int) -> None:
    """Run the batch and print its time and memory."""
    command = [tool("collabkit"), "report", str(projects_dir), "--out", str(out),
               "--dask", str(workers), "--no-portfolio", "--no-progress"]
    print("command:", " ".join(command[0:1] + ["report", "PROJECTS_DIR"] + command[3:]))
    start = time.perf_counter()
    with open(out.parent / "report.log", "w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        client = psutil.Process(process.pid)
        peak_client, peak_workers, trace = 0, {}, []
        while process.poll() is None:
            rss, per_worker = sample(client)
            peak_client = max(peak_client, rss)
            for pid, value in per_worker.items():
                peak_workers[pid] = max(peak_workers.get(pid, 0), value)
            done = sum(1 for p in out.glob("*.html")) if out.is_dir() else 0
            if per_worker:
                trace.append((time.perf_counter() - start, done, per_worker))
            time.sleep(1)
    wall = time.perf_counter() - start
    written = len(list(out.glob("*.html")))
    print(f"exit code {process.returncode}; {written} of {total} reports written "
          f"in {wall:.1f} s ({wall / max(written, 1):.3f} s per report, "
          f"{written / wall * 60:.0f} reports a minute)")
    if written:
        print(f"1,000 reports at this rate: {wall / written * 1000 / 60:.1f} minutes "
              "(target: under 5)")
    print(f"peak memory: client {peak_client / MB:.0f} MB; "
          + "; ".join(f"worker {n + 1} (with its kernel) {v / MB:.0f} MB"
                      for n, v in enumerate(peak_workers.values())))
    if trace:
        print("worker memory (MB, worker + kernel) as reports are written:")
        for fraction in (0.1, 0.25, 0.5, 0.75, 1.0):
            target = fraction * written
            row = next((t for t in trace if t[1] >= target), trace[-1])
            print(f"  {row[1]:5d} reports written ({row[0]:6.1f} s): "
                  + ", ".join(f"{v / MB:.0f}" for v in row[2].values()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000, help="how many projects (1000)")
    parser.add_argument("--workers", type=int, default=2, help="collabkit report --dask (2)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write projects and reports here and keep them")
    args = parser.parse_args(argv)

    from collabkit.examples import generate_projects

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_dask_"))
    try:
        data = work / "projects"
        start = time.perf_counter()
        if not data.is_dir() or len(list(data.iterdir())) != args.projects:
            shutil.rmtree(data, ignore_errors=True)
            generate_projects(args.projects, out_dir=data)
        print(f"{args.projects} generated projects in {time.perf_counter() - start:.1f} s; "
              f"{os.cpu_count()} CPUs; {args.workers} Dask workers")
        out = work / "reports"
        shutil.rmtree(out, ignore_errors=True)
        run(data, out, args.workers, args.projects)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
