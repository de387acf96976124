"""Time the full metric suite on generated projects of growing size.

Targets (issue: metrics): under 10 s at 1,000,000 coded events; ten times the
events costs at most twelve times the time (cost linear in events). Prints
figures and growth ratios, never asserts: machines here are shared and noisy,
so each size is timed several times and the median is reported.

    python benchmarks/bench_metrics.py [--sizes 10000 100000 1000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import inspect
import statistics
import time


def metric_suite():
    """Every public metric function, called with its defaults."""
    from collabkit import metrics

    suite = []
    for name in metrics.__all__:
        function = getattr(metrics, name)
        if not callable(function) or inspect.isclass(function):
            continue
        parameters = list(inspect.signature(function).parameters.values())
        if parameters and parameters[0].name == "project":
            suite.append((name, function))
        elif parameters and parameters[0].name == "events":
            suite.append((name, lambda project, f=function: f(project.events)))
        # helpers on plain arrays (gini, evenness) are exercised inside the others
    from collabkit.reliability import coder_agreement

    suite.append(("coder_agreement", lambda project: coder_agreement(project.events)))
    return suite


def time_suite(project, suite, repeat: int) -> tuple[float, dict[str, float]]:
    totals, each = [], {name: [] for name, _ in suite}
    for _ in range(repeat):
        start_all = time.perf_counter()
        for name, function in suite:
            start = time.perf_counter()
            function(project)
            each[name].append(time.perf_counter() - start)
        totals.append(time.perf_counter() - start_all)
    return statistics.median(totals), {k: statistics.median(v) for k, v in each.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--kind", default="co_produced")
    args = parser.parse_args()

    from collabkit.examples import generate_project

    suite = metric_suite()
    print(f"{len(suite)} metric functions: {', '.join(name for name, _ in suite)}")
    previous = None
    slowest = {}
    for size in args.sizes:
        project = generate_project(args.kind, seed=3, n_events=size)
        total, each = time_suite(project, suite, args.repeat)
        growth = ""
        if previous is not None:
            ratio_events = size / previous[0]
            growth = (f"  x{ratio_events:g} events -> x{total / previous[1]:.2f} time "
                      f"(target <= x{1.2 * ratio_events:g})")
        print(f"{size:>10,} events: {total:7.3f} s (median of {args.repeat}){growth}")
        previous = (size, total)
        slowest = each
    print("slowest functions at the largest size:")
    for name, seconds in sorted(slowest.items(), key=lambda kv: -kv[1])[:5]:
        print(f"  {name:<28} {seconds:7.3f} s")


if __name__ == "__main__":
    main()
