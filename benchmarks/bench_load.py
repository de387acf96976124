"""Import cost of collabkit over pandas, and time to load and validate a project.

Targets (PRODUCT.md): ``import collabkit`` under 0.3 s more than ``import
pandas``; loading and validating a project with 100,000 coded events under 2 s.
Also printed: loading the model files uncached, and generating a synthetic
project of 100,000 events (figures the tests used to assert, now measured here).
Prints figures, not asserts: these machines are shared and noisy, so each
figure is the median of several runs, measured side by side in one run.

    python benchmarks/bench_load.py [--events 100000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def import_time(statement: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    python = import_time("pass", args.repeat)
    pandas = import_time("import pandas", args.repeat)
    collabkit = import_time("import pandas, collabkit", args.repeat)
    print(f"python start-up          {python:6.3f} s (median of {args.repeat})")
    print(f"import pandas            {pandas:6.3f} s")
    print(f"import pandas, collabkit {collabkit:6.3f} s")
    print(f"collabkit over pandas    {collabkit - pandas:6.3f} s   (target < 0.300 s)")

    from collabkit import load_project
    from collabkit.examples import generate_project, generate_tables
    from collabkit.model import load_model

    model_times = []
    for _ in range(args.repeat):
        load_model.cache_clear()
        start = time.perf_counter()
        load_model()
        model_times.append(time.perf_counter() - start)
    print(f"load the model (uncached)  {statistics.median(model_times):6.3f} s (median)")
    for kind in ("co_produced", "inertia"):
        start = time.perf_counter()
        generate_tables(kind, seed=1, n_events=100_000)
        print(f"generate {kind} with 100,000 events  {time.perf_counter() - start:6.3f} s")

    with tempfile.TemporaryDirectory() as tmp:
        project = generate_project("co_produced", seed=1, n_events=args.events)
        csv_dir = project.save(Path(tmp) / "big")
        times = []
        for _ in range(max(3, args.repeat // 2)):
            start = time.perf_counter()
            loaded = load_project(csv_dir)
            times.append(time.perf_counter() - start)
        events = len(loaded.events)
        load = statistics.median(times)
        print(f"load + validate {events:,} events: {load:6.3f} s (median; target < 2 s); "
              f"{events / load:,.0f} events/s")


if __name__ == "__main__":
    main()
