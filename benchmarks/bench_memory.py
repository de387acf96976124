"""Peak memory of ``collabkit validate`` and ``load_project`` on a large events.csv.

Target (issue 10, item 16): peak memory under 5 times the size of the data on
disk. A copy of an example project gets an events.csv of about 20 MB and
200 MB (the example's events repeated, renumbered so every row is valid);
each measurement runs in a fresh child process and its peak resident memory
(``ru_maxrss`` from ``os.wait4``) is printed beside the size of the project's
files, with the ratio. The memory of a child that only imports collabkit and
pandas is printed too: that part does not grow with the data.

Prints figures, not asserts.

    python benchmarks/bench_memory.py [--sizes 20 200] [--example riverside_crisis_cafe]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024

STEPS = {
    "import only": "import pandas, collabkit",
    "collabkit validate": "from collabkit.cli import main; main(['validate', {path!r}])",
    "load_project": "from collabkit import load_project; load_project({path!r})",
}


def make_project(example: Path, target: Path, megabytes: float) -> int:
    """Copy ``example`` to ``target`` with events.csv grown to about ``megabytes``; its size."""
    shutil.copytree(example, target)
    events = pd.read_csv(example / "events.csv", dtype=str, keep_default_na=False)
    per_row = (example / "events.csv").stat().st_size / max(len(events), 1)
    copies = max(1, round(megabytes * MB / per_row / len(events)))
    big = pd.concat([events] * copies, ignore_index=True)
    big["seq"] = (big.groupby(["meeting_id", "coder"]).cumcount() + 1).astype(str)
    big.to_csv(target / "events.csv", index=False, lineterminator="\n")
    return sum(f.stat().st_size for f in target.iterdir() if f.is_file())


def peak_rss(statement: str) -> tuple[int, int]:
    """Run ``statement`` in a fresh Python; its peak resident memory in bytes and exit code."""
    child = subprocess.Popen([sys.executable, "-c", statement], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss * 1024, child.returncode  # Linux gives kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[20, 200],
                        help="sizes of events.csv to try, in MB")
    parser.add_argument("--example", default="riverside_crisis_cafe")
    args = parser.parse_args()

    base, _ = peak_rss(STEPS["import only"])
    print(f"{'import only':20} peak {base / MB:7.0f} MB (does not grow with the data)")
    print(f"{'step':20} {'on disk':>9} {'peak':>9} {'peak/disk':>10} {'(peak-import)/disk':>19}"
          "  exit")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / f"events_{size:g}mb"
            disk = make_project(ROOT / "data" / "examples" / args.example, folder, size)
            for step in ("collabkit validate", "load_project"):
                peak, code = peak_rss(STEPS[step].format(path=str(folder)))
                print(f"{step:20} {disk / MB:7.1f} MB {peak / MB:6.0f} MB {peak / disk:9.1f}x "
                      f"{(peak - base) / disk:18.1f}x  {code}")
            shutil.rmtree(folder)
    print("target: peak under 5x the data on disk")


if __name__ == "__main__":
    main()
