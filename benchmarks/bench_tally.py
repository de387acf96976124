"""How long one click of the live tally takes on a meeting that already has 5,000 events.

Times ``TallyBoard.record``: the event appended to events.csv and fsynced,
then the running counts (share of voice, the four actions, equality, dialogue)
updated from the one new event, the stuck-pattern prompt worked out by the
metrics on the runs in progress, and the chart redrawn.
Target (PRODUCT.md): median under 50 ms, 95th percentile under 100 ms.

For comparison it also times a naive save of the same click: add the row to
the events table, validate the whole project and rewrite every file
(``Project.with_table`` + ``Project.save``), and prints how many times
slower that is.

    python benchmarks/bench_tally.py [--events 5000] [--clicks 300] [--naive 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from _projects import FOCUS, MOVES, ROOT, copy_with_events

TINY = ROOT / "tests" / "fixtures" / "tiny"
PEOPLE = ("S1", "S2", "U1", "C1")


def make_meeting(folder: Path, events: int, rng: random.Random) -> None:
    """A copy of the tiny project whose meeting M1 holds ``events`` events."""
    copy_with_events(TINY, folder, "M1", PEOPLE, events, rng, seconds_apart=2)


def percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--clicks", type=int, default=300)
    parser.add_argument("--naive", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(0)

    import pandas as pd

    from collabkit import load_project
    from collabkit.widgets import TallyBoard

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "meeting"
        make_meeting(folder, args.events, rng)
        board = TallyBoard(folder, "M1")
        board.record("U1", "move")  # warm-up
        times, disk = [], []
        for _ in range(args.clicks):
            person, move = rng.choice(PEOPLE), rng.choice(MOVES)
            start = time.perf_counter()
            board.record(person, move, focus=rng.choice(FOCUS))
            times.append(time.perf_counter() - start)
        for _ in range(args.clicks):  # the save alone, for the breakdown
            start = time.perf_counter()
            board.tally.log.append(rng.choice(PEOPLE), rng.choice(MOVES))
            disk.append(time.perf_counter() - start)
        events_now = len(board.tally.log.events)

        naive_folder = Path(tmp) / "naive"
        make_meeting(naive_folder, args.events, rng)
        project = load_project(naive_folder)
        naive = []
        for n in range(args.naive):
            events = project.events
            row = events.iloc[[-1]].copy()
            row["seq"] = int(events["seq"].max()) + 1 + n
            start = time.perf_counter()
            updated = project.with_table("events", pd.concat([events, row]))
            updated.save(naive_folder)
            naive.append(time.perf_counter() - start)
            project = updated

    median, p95 = percentiles(times)
    disk_median, disk_p95 = percentiles(disk)
    naive_median, naive_p95 = percentiles(naive)
    print(f"meeting with {args.events} events ({events_now} at the end), {args.clicks} clicks")
    print(f"TallyBoard.record (save + chart + prompt)  median {median:6.1f} ms   "
          f"p95 {p95:6.1f} ms   (target < 50 / < 100 ms)")
    print(f"  of which the fsynced append alone        median {disk_median:6.2f} ms   "
          f"p95 {disk_p95:6.2f} ms")
    print(f"naive validate + rewrite every file         median {naive_median:6.1f} ms   "
          f"p95 {naive_p95:6.1f} ms   ({args.naive} clicks)")
    print(f"naive / record                              {naive_median / median:6.1f}x slower "
          f"(median)")
    verdict = "MEETS" if median < 50 and p95 < 100 else "MISSES"
    print(f"{verdict} the target")


if __name__ == "__main__":
    main()
