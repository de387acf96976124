"""Time the charts of a report: CPU per chart and per report, and the size they add to the page.

Makes each example project's report in one plain process (the notebook's
section calls, no kernel), with every chart function of :mod:`collabkit.plots`
and :func:`collabkit.report.render.figure` wrapped to count the CPU seconds
spent in them: "build" is the chart function (the figure's artists and its
alt text), "render" is :func:`~collabkit.report.render.figure` (laying out,
drawing and encoding the image). Each report is made ``--repeat`` times after
one warm-up report; the median is printed.

Prints, per chart, the median milliseconds of CPU for build and render summed
over the projects; per project, the chart CPU of one report, the whole
report's CPU and the share the charts take, the size of the report's HTML
with the bytes of its embedded images, and the least chart CPU of the
repeats (the figure least disturbed by other work on a shared machine).
Also prints the load average before and after. Never asserts.

Run it against another checkout (say the main branch) by putting that checkout
first on ``PYTHONPATH``: the script only uses public functions.

    python benchmarks/bench_charts.py [--repeat 5] [--project DIR ...]
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"

#: CPU seconds spent in each timed function during the current report.
SPENT: dict[str, float] = defaultdict(float)
#: The chart whose figure is rendered next (set when its chart function returns).
CURRENT = ["?"]


def built(chart: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A chart function adding its CPU seconds to ``SPENT["build <chart>"]``."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[f"build {chart}"] += time.process_time() - start
            CURRENT[0] = chart

    return wrapper


def rendered(function: Callable[..., Any]) -> Callable[..., Any]:
    """The figure renderer adding its CPU seconds to ``SPENT["render <chart>"]``."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[f"render {CURRENT[0]}"] += time.process_time() - start

    return wrapper


def instrument() -> None:
    """Wrap the report's chart functions and the figure renderer."""
    from collabkit import plots
    from collabkit.report import render

    for name in plots.__all__:
        if name.startswith("plot_"):
            setattr(plots, name, built(name[5:], getattr(plots, name)))
    render.figure = rendered(render.figure)


def report(project_path: str) -> str:
    """The report's sections as one HTML string (the notebook's cells as plain calls)."""
    from collabkit.report import sections

    project, params = sections.open_project(project_path)
    parts = [sections.title_page(project, params).data]
    parts += [getattr(sections, name)(project, params).data for name, _ in sections.SECTIONS]
    sections.findings_file(project, params)
    return "".join(parts)


def measure(project: Path, repeat: int) -> tuple[list[dict[str, float]], list[float], str]:
    """Per repeat: CPU seconds by timed function, and the whole report's CPU; the HTML."""
    spent, totals, page = [], [], ""
    for _ in range(repeat):
        SPENT.clear()
        start = time.process_time()
        page = report(str(project))
        totals.append(time.process_time() - start)
        spent.append(dict(SPENT))
    return spent, totals, page


def image_bytes(page: str) -> int:
    """Bytes of the page that are embedded images (data URLs and inline SVG)."""
    urls = sum(len(m) for m in re.findall(r'src="data:image/[^"]*"', page))
    inline = sum(len(m) for m in re.findall(r"<svg\b.*?</svg>", page, re.S))
    return urls + inline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="reports per project (5)")
    parser.add_argument("--project", type=Path, action="append",
                        help="a project folder or workbook (default: the examples)")
    args = parser.parse_args(argv)
    projects = args.project or sorted(EXAMPLES.iterdir())
    import collabkit

    print(f"collabkit from {Path(collabkit.__file__).parent.parent.name}; "
          f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f} at start")
    import matplotlib

    matplotlib.use("Agg")
    instrument()
    report(str(projects[0]))  # warm-up: imports, font cache, model
    by_chart: dict[str, list[float]] = defaultdict(list)
    rows = []
    for project in projects:
        spent, totals, page = measure(project, args.repeat)
        charts = statistics.median(sum(s.values()) for s in spent)
        for name in spent[0]:
            by_chart[name].append(statistics.median(s.get(name, 0.0) for s in spent))
        count = len(re.findall(r"<figure>", page))
        rows.append((project.name, count, charts, statistics.median(totals), len(page),
                     image_bytes(page), min(sum(s.values()) for s in spent)))
    print(f"\nmedian CPU ms of one chart, summed over {len(projects)} projects "
          f"({args.repeat} reports each):")
    for name in sorted(by_chart, key=lambda n: (n.split()[1], n)):
        print(f"  {name:28s} {sum(by_chart[name]) * 1000:8.1f}")
    print(f"\n{'project':28s} charts  chart CPU  per chart  report CPU  charts' share"
          f"   HTML bytes  image bytes  least chart CPU")
    for name, count, charts, total, size, images, least in rows:
        print(f"{name:28s} {count:6d} {charts * 1000:8.0f} ms {charts / count * 1000:7.1f} ms"
              f" {total * 1000:8.0f} ms {charts / total:13.0%} {size:12,d} {images:12,d}"
              f" {least * 1000:13.0f} ms")
    charts = statistics.mean(r[2] for r in rows)
    per_chart = sum(r[2] for r in rows) / sum(r[1] for r in rows)
    print(f"\nmean chart CPU per report: {charts * 1000:.0f} ms; per chart: "
          f"{per_chart * 1000:.1f} ms; least of the repeats: "
          f"{statistics.mean(r[6] for r in rows) * 1000:.0f} ms per report; "
          f"load average {os.getloadavg()[0]:.2f} at end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
