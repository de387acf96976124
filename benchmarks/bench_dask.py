"""Time a large batch of reports on a local Dask cluster, and watch its memory.

Makes N generated projects (1,000 by default; reused from ``--keep DIR``), then
runs, as a user would:

    collabkit report PROJECTS_DIR --out DIR --dask 2 --no-portfolio

with a progress bar fed by the command's line per finished report, and
samples the memory (resident set size) of the client, of each worker process
and of the Jupyter kernel each worker keeps warm, once a second. Prints the
exact command, the wall time and rate, reports written and failed, how long
until the first report was written (the batch checks no project before
sending the first), the CPU seconds per report of the client, the workers
and their kernels (which a busy machine hardly changes), the peak memory of
the client, of each worker and of each worker's kernel, their memory at the
start and the end of the batch, and the growth per report
(a least-squares slope over the batch after its first tenth): about zero
means no growth per report. ``--kernel-max-uses`` sets
``COLLABKIT_KERNEL_MAX_USES`` (how many reports a kernel runs before a fresh
one replaces it) to compare. Target (issue 13): 1,000 projects in under
5 minutes on 2 cores, no growth in memory per report. Never asserts: the
machine may be shared and noisy, so the load average is printed too.

    python benchmarks/bench_dask.py [--projects 1000] [--workers 2] [--keep DIR]
                                    [--kernel-max-uses N]
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from _projects import generated_projects, tool

MB = 1024 * 1024
LINE = re.compile(r"^(done|FAILED): (\S+) \(")


@dataclass
class Sample:
    """One moment of the batch: reports finished so far, and memory per process."""

    seconds: float
    finished: int
    client: int
    workers: dict[int, int] = field(default_factory=dict)
    kernels: dict[int, int] = field(default_factory=dict)  # by worker pid
    #: CPU seconds used so far by each process seen, by role and pid
    cpu: dict[tuple[str, int], float] = field(default_factory=dict)


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def _cpu(process: psutil.Process) -> float:
    try:
        times = process.cpu_times()
    except psutil.Error:
        return 0.0
    return times.user + times.system


def sample(client: psutil.Process, seconds: float, finished: int) -> Sample:
    """The client's memory and, per worker process, its own and its kernels' memory;
    and the CPU time of each of them so far."""
    now = Sample(seconds, finished, _rss(client))
    now.cpu[("client", client.pid)] = _cpu(client)
    try:
        children = client.children()
    except psutil.Error:
        return now
    for child in children:
        try:
            if "spawn_main" not in " ".join(child.cmdline()):
                continue  # not a worker (e.g. a resource tracker)
            kernels = child.children(recursive=True)
        except psutil.Error:
            continue
        now.workers[child.pid] = _rss(child)
        now.kernels[child.pid] = sum(_rss(k) for k in kernels)
        now.cpu[("worker", child.pid)] = _cpu(child)
        now.cpu.update({("kernel", k.pid): _cpu(k) for k in kernels})
    return now


def cpu_report(samples: list[Sample], written: int) -> None:
    """CPU seconds per report written, of the client, the workers and their kernels.

    Each process's last CPU time seen (a kernel replaced after its 50 reports
    counts until its last sample), so the figure hardly depends on how busy
    the machine was, unlike the wall time.
    """
    last: dict[tuple[str, int], float] = {}
    for moment in samples:
        last.update(moment.cpu)
    total = {role: sum(v for (r, _), v in last.items() if r == role)
             for role in ("client", "worker", "kernel")}
    print("CPU seconds per report written: " + ", ".join(
        f"{role} {value / max(written, 1):.3f}" for role, value in total.items())
        + f"; all {sum(total.values()) / max(written, 1):.3f}")


def slope(points: list[tuple[float, float]]) -> float:
    """The least-squares slope of y on x (0 with fewer than two distinct x)."""
    if len({x for x, _ in points}) < 2:
        return 0.0
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    return (sum((x - mx) * (y - my) for x, y in points)
            / sum((x - mx) ** 2 for x, _ in points))


def command_for(projects_dir: Path, out: Path, workers: int) -> list[str]:
    """The command a user would type (progress lines on, portfolio off)."""
    return [tool("collabkit"), "report", str(projects_dir), "--out", str(out),
            "--dask", str(workers), "--no-portfolio", "--progress"]


def run(command: list[str], log_path: Path, total: int) -> tuple[float, int, list[str],
                                                                  list[Sample], float]:
    """Run the batch with a progress bar: wall time, exit code, failed ids, samples, and
    the seconds until the first report was written."""
    from tqdm import tqdm

    start = time.perf_counter()
    finished, failed, samples = 0, [], []
    first = float("nan")
    with open(log_path, "w", encoding="utf-8") as log, \
            tqdm(total=total, unit="report", desc="reports", file=sys.stderr) as bar:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        client = psutil.Process(process.pid)
        with open(log_path, encoding="utf-8") as reader:
            while True:
                running = process.poll() is None
                for line in reader.readlines():
                    match = LINE.match(line)
                    if match:
                        if not finished:
                            first = time.perf_counter() - start
                        finished += 1
                        bar.update(1)
                        if match.group(1) == "FAILED":
                            failed.append(match.group(2))
                            bar.set_postfix_str(f"{len(failed)} failed")
                if not running:
                    break
                samples.append(sample(client, time.perf_counter() - start, finished))
                time.sleep(1)
    return time.perf_counter() - start, process.returncode, failed, samples, first


def _mb(value: float) -> str:
    return f"{value / MB:.0f}"


def memory_report(samples: list[Sample], workers: int) -> None:
    """Peak, start and end memory per process, and the growth per report."""
    seen = [s for s in samples if s.workers]
    if not seen:
        print("no worker process was seen (the batch ended too soon to sample)")
        return
    pids = sorted({pid for s in seen for pid in s.workers})
    print(f"peak memory: client {_mb(max(s.client for s in samples))} MB; " + "; ".join(
        f"worker {n + 1} {_mb(max(s.workers.get(p, 0) for s in seen))} MB + its kernel "
        f"{_mb(max(s.kernels.get(p, 0) for s in seen))} MB" for n, p in enumerate(pids)))
    last = max(s.finished for s in seen)
    working = seen[:next(i for i, s in enumerate(seen) if s.finished == last) + 1]
    warm = [s for s in working if s.kernels and all(s.kernels.values())] or working
    # kernels running: once every worker has written a report, and at the last report
    first, end = next((s for s in warm if s.finished >= workers), warm[0]), warm[-1]
    for label, moment in (("start", first), ("end", end)):
        print(f"  at the {label} ({moment.finished:5d} reports written, {moment.seconds:6.1f} s):"
              f" client {_mb(moment.client)} MB; workers (+ kernel) " + ", ".join(
                  f"{_mb(moment.workers.get(p, 0))} (+{_mb(moment.kernels.get(p, 0))})"
                  for p in pids))
    steady = [s for s in working if s.finished >= 0.1 * last] or working
    per_worker = max(1, workers)  # each worker writes about 1/workers of the reports
    for name, series in (("client", lambda s, p: s.client),
                         ("worker", lambda s, p: s.workers.get(p, 0)),
                         ("kernel", lambda s, p: s.kernels.get(p, 0))):
        targets = [None] if name == "client" else pids
        slopes = [slope([(s.finished / (1 if p is None else per_worker), series(s, p))
                         for s in steady]) for p in targets]
        print(f"  growth per report, {name:6s}: " + ", ".join(
            f"{value / MB * 1024:+.0f} kB" for value in slopes))
    print("worker memory (MB, worker + kernel) as reports are written:")
    for fraction in (0.1, 0.25, 0.5, 0.75, 1.0):
        row = next((s for s in warm if s.finished >= fraction * last), end)
        print(f"  {row.finished:5d} reports written ({row.seconds:6.1f} s): " + ", ".join(
            f"{_mb(row.workers.get(p, 0))} + {_mb(row.kernels.get(p, 0))}" for p in pids))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=1000, help="how many projects (1000)")
    parser.add_argument("--workers", type=int, default=2, help="collabkit report --dask (2)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write projects and reports here and keep them (projects "
                             "already there are reused)")
    parser.add_argument("--kernel-max-uses", type=int, default=None,
                        help="set COLLABKIT_KERNEL_MAX_USES for the batch (default: unset, 50)")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_dask_"))
    try:
        start = time.perf_counter()
        data = work / "projects"
        generated_projects(args.projects, data)
        print(f"{args.projects} generated projects ready in {time.perf_counter() - start:.1f} s;"
              f" {os.cpu_count()} CPUs; {args.workers} Dask workers; load average before "
              f"the batch {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
        out = work / "reports"
        shutil.rmtree(out, ignore_errors=True)
        command = command_for(data, out, args.workers)
        if args.kernel_max_uses is not None:
            os.environ["COLLABKIT_KERNEL_MAX_USES"] = str(args.kernel_max_uses)
        setting = os.environ.get("COLLABKIT_KERNEL_MAX_USES")
        print("command:", (f"COLLABKIT_KERNEL_MAX_USES={setting} " if setting else "")
              + shlex.join(command))
        wall, code, failed, samples, first = run(command, work / "report.log", args.projects)
        written = len(list(out.glob("*.html")))
        print(f"exit code {code}; {written} of {args.projects} reports written, "
              f"{len(failed)} failed{': ' + ', '.join(failed[:10]) if failed else ''}; "
              f"{wall:.1f} s ({wall / max(written, 1):.3f} s per report, "
              f"{written / wall * 60:.0f} reports a minute); load average after "
              f"{', '.join(f'{v:.1f}' for v in os.getloadavg())}")
        print(f"first report written {first:.1f} s after the command started (the "
              "cluster starting, then the first project sent and reported)")
        if written:
            print(f"1,000 reports at this rate: {wall / written * 1000 / 60:.1f} minutes "
                  "(target: under 5)")
        cpu_report(samples, written)
        memory_report(samples, args.workers)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
