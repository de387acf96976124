"""Projects for the benchmarks: generated batches, and meetings padded with coded events.

Every ``benchmarks/bench_*.py`` script imports this module (it runs as
``python benchmarks/bench_x.py`` from the repository root, so this folder is
first on ``sys.path``):

- :func:`generated_projects`: N generated projects saved as folders (the
  same as :func:`collabkit.examples.generate_projects`), made in parallel
  and reused when the folder already holds exactly them.
- :func:`copy_with_events`: a copy of a project whose meeting holds many
  coded events, for the live-tally benchmarks.
- :func:`tool`: a command from the same environment as this Python.
"""

from __future__ import annotations

import os
import random
import shutil
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MOVES = ("move", "follow", "oppose", "bystand")
FOCUS = ("problem", "solution", "process", "social")


def tool(name: str) -> str:
    """A command from the same environment as this Python (collabkit, papermill, jupyter)."""
    candidate = BIN / name
    return str(candidate) if candidate.exists() else name


def project_id(index: int) -> str:
    """The id :func:`collabkit.examples.generate_projects` gives project ``index`` (from 0)."""
    from collabkit.examples.generator import KINDS

    kind = list(KINDS)[index % len(KINDS)]
    return f"{KINDS[kind].story['id']}_{index + 1:03d}"


def _generate(indices: Sequence[int], out: str, seed: int) -> list[str]:
    """Generate and save the projects at ``indices`` as ``generate_projects`` would."""
    from collabkit.examples.generator import KINDS, generate_project

    ids = []
    for i in indices:
        kind = list(KINDS)[i % len(KINDS)]
        project = generate_project(kind, seed=seed + i, project_id=project_id(i))
        project.info["title"] = f"{project.info['title']} (synthetic {i + 1})"
        project.save(Path(out) / project.id)
        ids.append(project.id)
    return ids


def generated_projects(n: int, folder: Path, *, seed: int = 0,
                       jobs: int | None = None) -> list[Path]:
    """``n`` generated project folders in ``folder``, made by ``jobs`` processes.

    When ``folder`` already holds exactly those projects (a ``--keep`` folder
    from an earlier run), they are reused, not made again.
    """
    wanted = [project_id(i) for i in range(n)]
    paths = [folder / pid for pid in wanted]
    if folder.is_dir() and sorted(p.name for p in folder.iterdir()) == sorted(wanted) \
            and all((p / "project.yaml").is_file() for p in paths):
        return paths
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    jobs = max(1, min(jobs or os.cpu_count() or 1, n))
    if jobs == 1:
        _generate(range(n), str(folder), seed)
    else:
        with ProcessPoolExecutor(jobs) as pool:
            list(pool.map(_generate, [range(k, n, jobs) for k in range(jobs)],
                          [str(folder)] * jobs, [seed] * jobs))
    return paths


def copy_with_events(source: Path, folder: Path, meeting: str, people: Sequence[str],
                     events: int, rng: random.Random, *, seconds_apart: int = 1,
                     meeting_row: str = "") -> Path:
    """A copy of ``source`` whose meeting ``meeting`` then holds ``events`` coded events.

    The new events follow the meeting's last ``seq``, one every
    ``seconds_apart`` seconds, by ``people``, with moves and focus drawn from
    ``rng``; the other columns of events.csv are blank (coder: primary).
    ``meeting_row``, when given, is appended to meetings.csv first (a new meeting).
    """
    import csv

    shutil.copytree(source, folder)
    if meeting_row:
        _append_lines(folder / "meetings.csv", [meeting_row.rstrip("\n")])
    path = folder / "events.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        seqs = [int(r["seq"]) for r in reader if r["meeting_id"] == meeting]
        header = list(reader.fieldnames or [])
    rows = []
    for seq in range(max(seqs, default=0) + 1, max(seqs, default=0) + 1 + events - len(seqs)):
        row = {"meeting_id": meeting, "seq": seq, "participant_id": rng.choice(people),
               "move": rng.choice(MOVES), "t_seconds": seq * seconds_apart,
               "mode": "dialogue", "focus": rng.choice(FOCUS), "coder": "primary"}
        rows.append(",".join(str(row.get(column, "")) for column in header))
    _append_lines(path, rows)
    return folder


def _append_lines(path: Path, lines: list[str]) -> None:
    """Append ``lines`` to a CSV file, after a line break if its last line has none."""
    ends_open = path.stat().st_size > 0 and not path.read_bytes().endswith(b"\n")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write(("\n" if ends_open else "") + "".join(line + "\n" for line in lines))
