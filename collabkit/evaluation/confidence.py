"""How sure a finding can be, from how much its source was recorded.

Each dimension of ``scorecard.yaml`` names a ``source`` (coding, talk,
attendance, decisions, reflections, checklist, agenda, feedback);
``data/model/confidence.yaml`` sets, per source, the minimums for ``high``
and ``medium`` confidence (rows, meetings, meetings coded by two coders, the
coders' agreement). A source may stand ``instead`` of another when it was not
recorded: talk (transcript turns) falls back on the coding, as the voice
measure does.
:func:`source_counts` counts what a project recorded, :func:`confidence`
turns the counts into a level and a plain sentence saying why, and
:func:`limits` words what the evaluation could not see.
"""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from collabkit.errors import ModelError
from collabkit.evaluation.measures import timed_turns
from collabkit.formatting import capital, join_words, number, plural
from collabkit.metrics import primary_events
from collabkit.metrics._memo import remembered
from collabkit.model import Model, read_yaml_file
from collabkit.project import Project
from collabkit.reliability import coder_agreement

__all__ = ["LEVELS", "Source", "confidence", "limits", "load_sources", "source_counts"]

CONFIDENCE_FILE = "confidence.yaml"
#: Confidence levels, most sure first.
LEVELS = ("high", "medium", "low")
_MINIMUMS = ("records", "meetings", "double_coded", "agreement")


@dataclass(frozen=True)
class Source:
    """One kind of record: its noun, the minimums for high and medium, what its absence hides."""

    source: str
    noun: str
    nouns: str
    minimums: dict[str, dict[str, float]]  # "high"/"medium" -> minimum name -> value
    missing: str
    unchecked: str | None
    instead: Source | None = None  # what it rests on when it has no rows (talk -> coding)


def load_sources(model: Model, path: str | os.PathLike[str] | None = None
                 ) -> tuple[dict[str, Source], tuple[str, ...]]:
    """The sources of ``confidence.yaml`` by id, and the limits that always hold.

    Raises
    ------
    ModelError
        If the file is missing or malformed (the message names the source).
    """
    path = model.optional_file(CONFIDENCE_FILE) if path is None else Path(path)
    data = read_yaml_file(path, "confidence file")
    raw = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(raw, dict) or not raw:
        raise ModelError(f"{path.name}: needs a 'sources' mapping")
    sources = {str(name): _source(str(name), entry, path.name) for name, entry in raw.items()}
    for name, entry in raw.items():
        if "instead" in entry:
            sources[str(name)] = _instead(sources, str(name), entry["instead"], path.name)
    always = data.get("always", [])
    if not isinstance(always, list) or not all(isinstance(a, str) and a.strip() for a in always):
        raise ModelError(f"{path.name}: 'always' must be a list of sentences")
    return sources, tuple(" ".join(a.split()) for a in always)


def _instead(sources: dict[str, Source], name: str, other: Any, file: str) -> Source:
    """Source ``name`` falling back on source ``other`` (itself without a fallback)."""
    plain = [n for n, s in sources.items() if n != name and s.instead is None]
    if other not in plain:
        raise ModelError(f"{file}: source {name!r}: 'instead' must name another source "
                         f"(one without its own 'instead'); got {other!r}; allowed: "
                         f"{', '.join(plain)}")
    return dataclasses.replace(sources[name], instead=sources[other])


def _source(name: str, entry: Any, file: str) -> Source:
    where = f"{file}: source {name!r}"
    if not isinstance(entry, dict):
        raise ModelError(f"{where}: must be a mapping")
    minimums = {}
    for level in ("high", "medium"):
        values = entry.get(level)
        if not isinstance(values, dict) or set(values) - set(_MINIMUMS):
            raise ModelError(f"{where}: '{level}' must map some of {', '.join(_MINIMUMS)} to "
                             f"numbers; got {values!r}")
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ModelError(f"{where}: {level}: {key} must be a number, 0 or more; got "
                                 f"{value!r}")
        minimums[level] = {k: float(v) for k, v in values.items()}
    for key in ("noun", "missing"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ModelError(f"{where}: '{key}' must be non-empty text")
    noun = entry["noun"].strip()
    unchecked = entry.get("unchecked")
    return Source(name, noun, str(entry.get("nouns") or noun + "s"), minimums,
                  " ".join(entry["missing"].split()),
                  " ".join(unchecked.split()) if isinstance(unchecked, str) else None)


def _agreement_of(project: Project) -> pd.DataFrame:
    return coder_agreement(project.events)


def coding_agreement(project: Project) -> pd.DataFrame:
    """:func:`collabkit.reliability.coder_agreement` over the project's events, worked out once.

    Kept in the project's memo: the confidence of the findings and the
    report's method section both use it. Each caller gets its own copy.
    """
    return remembered(_agreement_of, project, (), {})


def source_counts(project: Project) -> dict[str, dict[str, float]]:
    """What the project recorded, per source: rows, meetings, double coding and agreement.

    Examples
    --------
    >>> from collabkit import load_project
    >>> from collabkit.resources import find_repo_path
    >>> counts = source_counts(load_project(find_repo_path("data/examples/hillside_discharge")))
    >>> counts["coding"]["double_coded"]
    0.0
    """
    events = primary_events(project)
    agreement = coding_agreement(project)
    held = float(len(project.meetings))

    def rows(name: str, per_meeting: bool = True) -> dict[str, float]:
        table = project.tables[name]
        meetings = table["meeting_id"].nunique() if per_meeting else held if len(table) else 0
        return {"records": float(len(table)), "meetings": float(meetings)}

    kappa = float(agreement.iloc[-1]["kappa"]) if len(agreement) else math.nan
    coding = {"records": float(len(events)), "meetings": float(events["meeting_id"].nunique()),
              "double_coded": float(max(len(agreement) - 1, 0)), "agreement": kappa}
    turns, transcribed = timed_turns(project)
    return {
        "coding": coding,
        # without timed turns, talk stands on the coding ("instead": see confidence)
        "talk": {"records": float(turns), "meetings": float(transcribed)} if turns else
        {**coding, "instead": 1.0},
        "attendance": rows("attendance"),
        "decisions": {"records": float(len(project.decisions)),
                      "meetings": held if len(project.decisions) else 0.0},
        "reflections": rows("reflections"),
        "checklist": rows("checklist", per_meeting=False),
        "agenda": rows("agenda"),
        "feedback": {"records": float(project.feedback["response_id"].nunique()),
                     "meetings": float(project.feedback["meeting_id"].nunique())},
    }


def _meets(counts: dict[str, float], minimums: dict[str, float]) -> list[str]:
    """The names of the minimums ``counts`` falls short of."""
    return [key for key, least in minimums.items()
            if not counts.get(key, 0.0) >= least]  # NaN agreement falls short


def _facts(source: Source, counts: dict[str, float]) -> str:
    text = plural(int(counts["records"]), source.noun, source.nouns)
    if counts.get("meetings") and source.source not in ("decisions", "checklist"):
        text += f" from {plural(int(counts['meetings']), 'meeting')}"
    elif counts.get("meetings"):
        text += f" over {plural(int(counts['meetings']), 'meeting')}"
    if "double_coded" in counts:
        double = int(counts["double_coded"])
        text += (f"; {plural(double, 'meeting')} coded by two coders (kappa "
                 f"{number(counts['agreement'])})" if double else
                 "; no meeting coded by a second coder")
    return text


_NEEDS = {"records": "{n} {nouns}", "meetings": "{n} meetings",
          "double_coded": "{n} meeting coded by two coders",
          "agreement": "agreement between the coders of kappa {k} or more"}


def confidence(source: Source, counts: dict[str, float]) -> tuple[str, str, str]:
    """The confidence level of a finding resting on ``source``, why, and what more would need.

    Returns
    -------
    tuple of str
        (``high``, ``medium`` or ``low``; the reason, e.g. "Medium: 540 coded
        contributions from 10 meetings; no meeting coded by a second
        coder."; what the next level up needs, e.g. "High needs at least 1
        meeting coded by two coders.", or "" at high).
    """
    if source.instead is not None and counts.get("instead"):
        source = source.instead  # not recorded: the finding rests on what stood in
    level = next((lv for lv in ("high", "medium") if not _meets(counts, source.minimums[lv])),
                 "low")
    reason = f"{capital(level)}: {_facts(source, counts)}."
    needs = ""
    if level != "high":
        up = "high" if level == "medium" else "medium"
        short = _meets(counts, source.minimums[up])
        wanted = [_NEEDS[key].format(n=f"{source.minimums[up][key]:g}", nouns=source.nouns,
                                     k=number(source.minimums[up][key])) for key in short]
        needs = f"{capital(up)} needs at least {join_words(wanted)}."
    return level, reason, needs


def limits(sources: dict[str, Source], counts: dict[str, dict[str, float]],
           always: tuple[str, ...]) -> list[str]:
    """What the evaluation could not see: sources with no rows, unchecked coding, then ``always``.

    A source that can stand on another (``instead``) adds nothing: its
    fallback says what was missing.
    """
    out = []
    for name, source in sources.items():
        got = counts.get(name, {})
        if source.instead is not None:
            continue
        if not got.get("records"):
            out.append(source.missing)
        elif source.unchecked and "double_coded" in got and not got["double_coded"]:
            out.append(source.unchecked)
    return out + list(always)
