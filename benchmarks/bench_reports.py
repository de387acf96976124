"""Time batch evaluation reports: the commands a user would chain, against collabkit's runner.

Makes N generated projects (20 by default), then times, all in one run:

(a) the baseline a user would write, one project at a time:
    ``papermill notebooks/reports/project_evaluation.ipynb out.ipynb -p project_path P``
    then ``jupyter nbconvert --to html --no-input out.ipynb``;
(b) ``collabkit report P1 ... PN --out DIR --jobs 2 --no-portfolio`` (the same reports,
    validated first, kernels run two at a time, HTML rendered in-process);
(c) the in-process limit: the notebook's section calls made in plain Python
    processes (no kernel, no nbconvert), two at a time, warmed before the clock
    starts, and the CPU seconds one report costs in one process; (c') the same
    processes started cold (interpreter and imports counted, as (b) counts its
    kernels' start-up), for comparison.

Prints the wall times, seconds per project and the ratios. Targets (issue 13):
(b) at least 15x faster than (a), and within 1.5x of (c); one report's work
under 0.4 s of CPU. Never asserts: the machine may be shared and noisy.
``--profile`` prints where one process spends its time (cProfile) instead;
``--profile-kernel`` runs ``execute_notebook_job`` in a loop with one warm
kernel and prints each report's wall time by phase (acquire and reset,
papermill's pieces, render, writes), the CPU of this process and of the
kernel per report, and a cProfile of this process.

    python benchmarks/bench_reports.py [--projects 20] [--jobs 2] [--keep DIR] [--skip-loop]
                                       [--profile | --profile-kernel]
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from _projects import ROOT, generated_projects, tool

NOTEBOOK = ROOT / "notebooks" / "reports" / "project_evaluation.ipynb"


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


def children_cpu() -> float:
    """CPU seconds of every finished child process so far (and their reaped children)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def collabkit_batch(projects: list[Path], out: Path, jobs: int) -> tuple[float, float]:
    """All projects with one ``collabkit report`` command: wall and CPU seconds.

    The CPU is the command's and its kernels' (all reaped when it ends),
    start-up, validation and kernel starts included.
    """
    start, cpu = time.perf_counter(), children_cpu()
    run([tool("collabkit"), "report", *map(str, projects), "--out", str(out),
         "--jobs", str(jobs), "--no-portfolio", "--no-progress"])
    return time.perf_counter() - start, children_cpu() - cpu


def report_in_process(project_path: str) -> str:
    """The notebook's cells as plain calls: the report's sections as one HTML string."""
    from collabkit.report import sections

    project, params = sections.open_project(project_path)
    parts = [sections.title_page(project, params).data]
    parts += [getattr(sections, name)(project, params).data for name, _ in sections.SECTIONS]
    sections.findings_file(project, params)
    return "".join(parts)


def _warm() -> None:
    """Import what a report needs (a warm kernel has these imports already)."""
    import matplotlib.figure  # noqa: F401

    from collabkit.report import sections  # noqa: F401


def in_process_cpu(projects: list[Path]) -> float:
    """CPU seconds per report, one process, imports already loaded."""
    _warm()
    report_in_process(str(projects[0]))  # first report: lazy imports and caches
    start = time.process_time()
    for project in projects:
        report_in_process(str(project))
    return (time.process_time() - start) / len(projects)


def in_process_pool(projects: list[Path], jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds for every report in ``jobs`` warm plain processes."""
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_warm_and_report, [str(projects[0])] * jobs))  # warm each worker
        start = time.perf_counter()
        cpu = sum(pool.map(_report_cpu, map(str, projects)))
        return time.perf_counter() - start, cpu


def cold_pool(projects: list[Path], jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds for every report in ``jobs`` plain processes started from nothing.

    As a plain-Python batch command would run: each process starts its
    interpreter and imports pandas and matplotlib, as (b)'s kernels do; (c) leaves
    that out, warming its processes before the clock starts.
    """
    import multiprocessing

    start, cpu = time.perf_counter(), children_cpu()
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(report_in_process, map(str, projects)))
    return time.perf_counter() - start, children_cpu() - cpu  # the workers have exited


def _report_cpu(project_path: str) -> float:
    start = time.process_time()
    report_in_process(project_path)
    return time.process_time() - start


def _warm_and_report(project_path: str) -> None:
    _warm()
    report_in_process(project_path)
    time.sleep(0.2)  # keep this worker busy so the next warm-up goes to the other one


def profile(projects: list[Path], lines: int = 35) -> None:
    """Where one process spends a report's time, by cumulative and by own time."""
    import cProfile
    import pstats

    _warm()
    report_in_process(str(projects[0]))
    profiler = cProfile.Profile()
    profiler.enable()
    for project in projects:
        report_in_process(str(project))
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"profile of {len(projects)} reports in one process:")
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(15)


# -- the kernel path, profiled (--profile-kernel) ------------------------------------

#: Where a report's wall time goes in ``execute_notebook_job``: (owner, attribute, phase).
#: Nested phases (the papermill pieces) are inside "papermill execute".
PHASES = [
    ("collabkit.report.kernels:KernelPool", "acquire", "acquire + reset"),
    ("papermill", "execute_notebook", "papermill execute"),
    ("papermill.execute", "load_notebook_node", "  read .ipynb (nbformat)"),
    ("papermill.execute", "_infer_parameters", "  find parameters"),
    ("papermill.execute", "parameterize_notebook", "  parameterise"),
    ("nbclient.client:NotebookClient", "start_new_kernel_client",
     "  client channels + kernel_info"),
    ("papermill.clientwrap:PapermillNotebookClient", "papermill_execute_cells", "  run cells"),
    ("papermill.execute", "write_ipynb", "  write .ipynb (nbformat)"),
    ("collabkit.report.execute", "render_html", "render HTML"),
    ("collabkit.report.execute", "_write_findings", "write findings"),
    ("collabkit.report.execute", "_keep_notebook", "check + move .ipynb"),
]


def _owner(where: str):
    import importlib

    module, _, attribute = where.partition(":")
    owner = importlib.import_module(module)
    return getattr(owner, attribute) if attribute else owner


def _timed(function, phase: str, totals: dict[str, list[float]], kernel_cpu):
    """``function`` adding its wall time and the kernels' CPU to ``totals[phase]``."""
    import functools
    import inspect

    def add(wall: float, cpu: float) -> None:
        totals[phase][0] += time.perf_counter() - wall
        totals[phase][1] += kernel_cpu() - cpu

    if inspect.iscoroutinefunction(function):
        @functools.wraps(function)
        async def timed_async(*args, **kwargs):
            wall, cpu = time.perf_counter(), kernel_cpu()
            try:
                return await function(*args, **kwargs)
            finally:
                add(wall, cpu)
        return timed_async

    @functools.wraps(function)
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), kernel_cpu()
        try:
            return function(*args, **kwargs)
        finally:
            add(wall, cpu)
    return timed


def _kernel_cpu(pool) -> float:
    """CPU seconds used so far by the pool's kernels (user + system)."""
    import psutil

    total = 0.0
    for manager in pool._managers:
        pid = getattr(getattr(manager, "provisioner", None), "pid", None)
        if pid:
            with contextlib.suppress(psutil.Error):
                times = psutil.Process(pid).cpu_times()
                total += times.user + times.system
    return total


def profile_kernel(projects: list[Path], out: Path, lines: int = 30) -> None:
    """``execute_notebook_job`` in a loop with one warm kernel: phases, CPU, cProfile."""
    import cProfile
    import pstats
    from collections import defaultdict
    from unittest import mock

    from collabkit.report.batch import REPORT_NOTEBOOK
    from collabkit.report.execute import KERNEL_NAME, execute_notebook_job, import_runtime
    from collabkit.report.jobs import checked_jobs, report_job
    from collabkit.report.kernels import KernelPool, own_process

    import_runtime()
    own_process()  # as collabkit report does: the collection after each notebook stays cheap
    handed = Path(tempfile.mkdtemp(prefix="bench-checked-"))  # as collabkit report does
    checked = time.process_time()
    jobs = [job for _, job, _ in checked_jobs(projects, out, lambda p, name: report_job(
        p, name, out, True, 3, REPORT_NOTEBOOK, ""), model=None, prepare=handed) if job]
    checked = time.process_time() - checked
    print(f"check before the reports (load, validate, hand on): {checked / len(jobs):.3f} s of "
          "CPU per report")
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    with contextlib.ExitStack() as stack, KernelPool(KERNEL_NAME) as pool:
        for where, name, phase in PHASES:
            owner = _owner(where)
            timed = _timed(getattr(owner, name), phase, totals, lambda: _kernel_cpu(pool))
            stack.enter_context(mock.patch.object(owner, name, timed))
        first = execute_notebook_job(dataclasses.replace(jobs[0], prepared=""), pool)  # starts the kernel, loads its imports
        if not first.ok:
            raise SystemExit(f"the first report failed: {first.error}")
        totals.clear()
        profiler = cProfile.Profile()
        kernel_before, start, client_before = _kernel_cpu(pool), time.perf_counter(), \
            time.process_time()
        profiler.enable()
        results = [execute_notebook_job(job, pool) for job in jobs]
        profiler.disable()
        wall, client = time.perf_counter() - start, time.process_time() - client_before
        kernel = _kernel_cpu(pool) - kernel_before
    shutil.rmtree(handed, ignore_errors=True)
    n = len(jobs)
    failed = [r.error for r in results if not r.ok]
    print(f"{n} reports, one warm kernel, one after another"
          f"{f'; {len(failed)} FAILED: {failed[0]}' if failed else ''}")
    print(f"wall {wall / n:.3f} s/report; CPU per report: this process {client / n:.3f} s, "
          f"kernel {kernel / n:.3f} s")
    print(f"  {'per report, by phase':<36} {'wall':>7}   {'kernel CPU':>10}")
    for _, _, phase in PHASES:
        print(f"  {phase:<36} {totals[phase][0] / n:7.3f} s {totals[phase][1] / n:8.3f} s")
    outside = wall - sum(totals[p][0] for _, _, p in PHASES if not p.startswith(" "))
    print(f"  {'the rest (result, HTML write)':<36} {outside / n:7.3f} s")
    stats = pstats.Stats(profiler)
    print(f"cProfile of this process over the {n} reports (the kernel's work is not in it):")
    stats.sort_stats("cumulative").print_stats(lines)
    stats.sort_stats("tottime").print_stats(15)


def kernel_floor(out: Path, notebooks: int = 20) -> None:
    """What the kernel path costs by itself: the report notebook's cells, each doing nothing.

    The report's own parameters cell, then its other code cells as ``None``,
    run ``notebooks`` times through one warm pooled kernel, as ``collabkit
    report`` runs them: CPU per notebook of this process and of the kernel.
    """
    import nbformat

    from collabkit.report.batch import REPORT_NOTEBOOK
    from collabkit.report.execute import (
        KERNEL_NAME,
        NotebookJob,
        execute_notebook_job,
        import_runtime,
    )
    from collabkit.report.kernels import KernelPool, own_process

    import_runtime()
    own_process()
    report = nbformat.read(REPORT_NOTEBOOK, as_version=4)
    empty = nbformat.v4.new_notebook(metadata=report.metadata)
    empty.cells = [nbformat.v4.new_code_cell(
        cell.source if "parameters" in cell.metadata.get("tags", []) else "None",
        metadata=cell.metadata) for cell in report.cells if cell.cell_type == "code"]
    out.mkdir(parents=True, exist_ok=True)
    nbformat.write(empty, out / "empty.ipynb")

    def job(i: int) -> NotebookJob:
        return NotebookJob(str(out / "empty.ipynb"), {}, str(out / f"{i}.html"),
                           str(out / f"{i}.ipynb"), str(out), f"empty{i}", str(out))

    with KernelPool(KERNEL_NAME) as pool:
        execute_notebook_job(job(0), pool)  # starts the kernel
        kernel, mine = _kernel_cpu(pool), time.process_time()
        for i in range(1, notebooks + 1):
            execute_notebook_job(job(i), pool)
        kernel, mine = _kernel_cpu(pool) - kernel, time.process_time() - mine
    print(f"the kernel path by itself: {len(empty.cells)} code cells doing nothing, "
          f"{notebooks} notebooks, one warm kernel")
    print(f"CPU per notebook: this process {mine / notebooks:.3f} s, kernel "
          f"{kernel / notebooks:.3f} s")


def _load() -> str:
    """The 1, 5 and 15-minute load averages (other work on a shared machine shows here)."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=20, help="how many projects (20)")
    parser.add_argument("--jobs", type=int, default=2, help="collabkit report --jobs (2)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="write projects and reports here and keep them")
    parser.add_argument("--profile", action="store_true",
                        help="profile the in-process reports instead of timing")
    parser.add_argument("--profile-kernel", action="store_true",
                        help="profile the kernel path (execute_notebook_job, a warm kernel) "
                             "instead of timing")
    parser.add_argument("--kernel-floor", action="store_true",
                        help="time the kernel path by itself (the report's cells doing "
                             "nothing) instead")
    parser.add_argument("--skip-loop", action="store_true",
                        help="leave out (a), the slow papermill + nbconvert loop")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench_reports_"))
    try:
        data = work / "projects"
        projects = generated_projects(args.projects, data)
        n = len(projects)
        print(f"{n} generated projects in {data}; {os.cpu_count()} CPUs")
        if args.profile:
            profile(projects)
            return 0
        if args.profile_kernel:
            profile_kernel(projects, work / "profiled")
            return 0
        if args.kernel_floor:
            kernel_floor(work / "floor")
            return 0

        cpu = in_process_cpu(projects)
        print(f"one report in one plain process:          {cpu:7.3f} s of CPU "
              f"(target: under 0.4 s)")
        print(f"load average before (c): {_load()}")
        c, c_cpu = in_process_pool(projects, args.jobs)
        print(f"(c) in-process limit, {args.jobs} processes:        {c:7.1f} s "
              f"({c / n:.2f} s per project; {c_cpu / n:.2f} s of CPU per project)")
        cold, cold_cpu = cold_pool(projects, args.jobs)
        print(f"(c') the same, processes started cold:  {cold:7.1f} s "
              f"({cold_cpu / n:.2f} s of CPU per project, interpreter and imports included)")
        print(f"load average before (b): {_load()}")
        b, b_cpu = collabkit_batch(projects, work / "collabkit", args.jobs)
        print(f"(b) collabkit report --jobs {args.jobs}:            {b:7.1f} s "
              f"({b / n:.2f} s per project; {b_cpu / n:.2f} s of CPU per project, "
              f"start-up and kernels included)")
        print(f"load average after (b): {_load()}")
        print(f"ratio (b)/(c): {b / c:.2f}x the in-process limit (target: at most 1.5x); "
              f"CPU (b)/(c): {b_cpu / c_cpu:.2f}x (less sensitive to a shared machine); "
              f"(b)/(c'): {b / cold:.2f}x")
        if not args.skip_loop:
            a = baseline(projects, work / "baseline")
            print(f"(a) papermill + jupyter nbconvert, one at a time: {a:7.1f} s "
                  f"({a / n:.2f} s per project)")
            print(f"ratio (a)/(b): {a / b:.1f}x faster (target: at least 15x)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
