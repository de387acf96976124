"""Time one report's sections in one process: CPU a report, charts apart.

Runs the notebook's section calls (``open_project``, ``title_page``, every
section of :data:`~collabkit.report.sections.SECTIONS`, ``findings_file``)
over the example projects, once to warm up then ``--repeats`` times, and
prints each call's CPU milliseconds a report (the median over the repeats of
the mean over the projects), with the time spent making the charts (inside the ``collabkit.plots.plot_*``
functions and :func:`collabkit.report.render.figure`) counted apart.
``--profile`` prints a cProfile of the calls instead. Never asserts.

    python benchmarks/bench_sections.py [--repeats 3] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time
from collections import defaultdict

from _projects import ROOT

from collabkit import plots
from collabkit.report import render, sections

EXAMPLES = sorted(str(path) for path in (ROOT / "data" / "examples").iterdir()
                  if path.is_dir() or path.suffix == ".xlsx")


def one_report(path: str, spent: dict[str, float], charts: list[float]) -> None:
    """Make one report's pieces, adding each call's CPU seconds (less its charts) to ``spent``."""

    def timed(name: str, call, *args):  # type: ignore[no-untyped-def]
        before_charts = charts[0]
        start = time.process_time()
        result = call(*args)
        spent[name] += time.process_time() - start - (charts[0] - before_charts)
        return result

    project, params = timed("open_project", sections.open_project, path)
    timed("title_page", sections.title_page, project, params)
    for name, _ in sections.SECTIONS:
        timed(name, getattr(sections, name), project, params)
    timed("findings_file", sections.findings_file, project, params)


def _time_inside(module: object, name: str, *totals: list[float]) -> None:
    """Replace ``module.name`` by a wrapper adding its CPU seconds to each of ``totals``."""
    call = getattr(module, name)

    def wrapper(*args, **options):  # type: ignore[no-untyped-def]
        start = time.process_time()
        try:
            return call(*args, **options)
        finally:
            for total in totals:
                total[0] += time.process_time() - start

    setattr(module, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.chdir(ROOT)
    charts = [0.0]
    figures = [0.0]
    _time_inside(render, "figure", charts, figures)
    for name in dir(plots):
        if name.startswith("plot_"):
            _time_inside(plots, name, charts)
    for path in EXAMPLES:  # warm-up
        one_report(path, defaultdict(float), charts)
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for path in EXAMPLES:
            one_report(path, defaultdict(float), charts)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        return
    runs: list[dict[str, float]] = []
    chart_runs: list[float] = []
    figure_runs: list[float] = []
    for _ in range(args.repeats):
        spent: dict[str, float] = defaultdict(float)
        charts[0] = figures[0] = 0.0
        for path in EXAMPLES:
            one_report(path, spent, charts)
        runs.append({name: 1000 * s / len(EXAMPLES) for name, s in spent.items()})
        chart_runs.append(1000 * charts[0] / len(EXAMPLES))
        figure_runs.append(1000 * figures[0] / len(EXAMPLES))
    print(f"load average: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"{len(EXAMPLES)} projects, median of {args.repeats} repeats, CPU ms a report")
    names = sorted(runs[0], key=lambda n: -statistics.median(r[n] for r in runs))
    for name in names:
        print(f"  {name:<20} {statistics.median(r[name] for r in runs):7.1f}")
    total = statistics.median(sum(r.values()) for r in runs)
    print(f"  {'all but the charts':<20} {total:7.1f}")
    print(f"  {'charts (plots.plot_* and render.figure)':<20} {statistics.median(chart_runs):7.1f}"
          f", of which render.figure {statistics.median(figure_runs):.1f}")


if __name__ == "__main__":
    main()
