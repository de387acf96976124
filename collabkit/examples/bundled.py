"""The bundled example projects: which kinds and seeds they use, and writing them.

``python -m collabkit.examples data/examples`` rewrites them with
:func:`main`.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from collabkit.examples.generator import generate_tables

__all__ = ["EXAMPLES", "main", "write_examples"]

#: The bundled examples: (file or folder name, kind, seed, size overrides, story overrides).
EXAMPLES: tuple[tuple[str, str, int, dict, dict], ...] = (
    ("riverside_crisis_cafe", "co_produced", 11, {}, {}),
    ("hillside_discharge", "staff_led", 12, {}, {}),
    ("meadow_peer_support", "inertia", 13, {}, {}),
    ("oakwood_carers_hub.xlsx", "carers_hub", 14, {}, {}),
)


def write_examples(out_dir: str | Path = "data/examples") -> list[Path]:
    """Write the bundled example projects (three folders and one workbook).

    The same collabkit writes the same bytes every time (the workbook's saved
    time is the project's end date).

    Parameters
    ----------
    out_dir : path
        Where to write; created if missing.

    Returns
    -------
    list of Path
        The project folders and workbook written, as listed in :data:`EXAMPLES`.
    """
    from collabkit.project import Project

    written = []
    for name, kind, seed, sizes, story in EXAMPLES:
        info, tables = generate_tables(kind, seed=seed, project_id=Path(name).stem, **sizes)
        info.update(story)
        # a workbook records when it was saved: the project's end keeps the bytes the same
        ended = datetime.fromisoformat(info["end"])
        written.append(Project.from_tables(info, tables).save(Path(out_dir) / name,
                                                              timestamp=ended))
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m collabkit.examples [OUT_DIR]``: write the bundled examples."""
    args = sys.argv[1:] if argv is None else argv
    for path in write_examples(*args[:1]):
        print(path)
    return 0
