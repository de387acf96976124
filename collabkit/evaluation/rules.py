"""Reading and checking the scorecard rules file (``data/model/scorecard.yaml``).

The public entry point is :func:`collabkit.evaluation.scorecard.load_rules`; this
module only parses the file and refuses a malformed one with a
:class:`~collabkit.errors.ModelError` naming the file, the dimension and what
is wrong. See the header of ``scorecard.yaml`` for the format.
"""

from __future__ import annotations

import math
import os
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from collabkit.errors import ModelError
from collabkit.model import Model, read_yaml_file

RULES_FILE = "scorecard.yaml"
DIRECTIONS = ("higher_is_better", "lower_is_better")
RULE_COLUMNS = ("dimension", "label", "metric", "direction", "strength", "concern", "evidence",
                "not_recorded", "recommendations")


def read_rules(model: Model, path: str | os.PathLike[str] | None,
               metrics: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
    """The rules table (see ``load_rules``); ``metrics`` maps each metric name to its fields."""
    path = model.optional_file(RULES_FILE) if path is None else Path(path)
    name = path.name
    data = read_yaml_file(path, "scorecard rules file")
    entries = data.get("dimensions") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ModelError(f"{name}: needs a 'dimensions' list (lines starting with '- ')")
    tips = set(model.tips["tip_id"])
    rows: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        rows.append(_check_rule(entry, f"{name}: dimensions entry {number}", tips, seen, metrics))
    return pd.DataFrame(rows, columns=list(RULE_COLUMNS))


def _check_rule(entry: Any, where: str, tips: set[int], seen: set[str],
                metrics: Mapping[str, tuple[str, ...]]) -> tuple[Any, ...]:
    """One dimension's entry checked field by field, as a row of the rules table."""
    if not isinstance(entry, dict):
        raise ModelError(f"{where}: must be a mapping of fields, got {entry!r}")
    allowed = set(RULE_COLUMNS) | {"note"}
    extra = sorted(set(map(str, entry)) - allowed)
    if extra:
        raise ModelError(f"{where}: unknown field {extra[0]!r}; allowed: "
                         f"{', '.join(sorted(allowed))}")
    dimension = entry.get("dimension")
    if not isinstance(dimension, str) or not dimension.isidentifier() or dimension != \
            dimension.lower():
        raise ModelError(f"{where}: 'dimension' must be snake_case text; got {dimension!r}")
    where = f"{where} ({dimension})"
    if dimension in seen:
        raise ModelError(f"{where}: duplicate dimension {dimension!r}")
    seen.add(dimension)
    texts = {}
    for key in ("label", "evidence", "not_recorded"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ModelError(f"{where}: '{key}' must be non-empty text; got {value!r}")
        texts[key] = " ".join(value.split())
    metric = entry.get("metric")
    if not isinstance(metric, str) or metric not in metrics:
        raise ModelError(f"{where}: unknown metric {metric!r}; known: {', '.join(metrics)}")
    direction = entry.get("direction")
    if direction not in DIRECTIONS:
        raise ModelError(f"{where}: 'direction' must be one of {', '.join(DIRECTIONS)}; "
                         f"got {direction!r}")
    cut = _check_cut_offs(entry, where, direction)
    _check_templates(texts, where, metric, metrics[metric])
    pairs = _check_recommendations(entry.get("recommendations"), where, tips)
    return (dimension, texts["label"], metric, direction, cut["strength"], cut["concern"],
            texts["evidence"], texts["not_recorded"], tuple(pairs))


def _check_cut_offs(entry: dict, where: str, direction: str) -> dict[str, float]:
    """The strength and concern cut-offs: numbers, the right way round for ``direction``."""
    cut = {}
    for key in ("strength", "concern"):
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(
                value):
            raise ModelError(f"{where}: '{key}' cut-off must be a number; got {value!r}")
        cut[key] = float(value)
    better = cut["strength"] > cut["concern"] if direction == "higher_is_better" \
        else cut["strength"] < cut["concern"]
    if not better:
        side = "above" if direction == "higher_is_better" else "below"
        raise ModelError(f"{where}: with {direction} the strength cut-off ({cut['strength']:g}) "
                         f"must be {side} the concern cut-off ({cut['concern']:g})")
    return cut


def _check_templates(texts: dict[str, str], where: str, metric: str,
                     fields: tuple[str, ...]) -> None:
    """Every ``{field}`` of the sentences is one the metric provides (only evidence may use any)."""
    for key in ("evidence", "not_recorded", "label"):
        try:
            used = [f for _, f, _, _ in string.Formatter().parse(texts[key]) if f is not None]
        except ValueError as error:
            raise ModelError(f"{where}: '{key}' is not a valid template ({error}); "
                             "write {value} for a value and {{ }} for braces") from None
        allowed_fields = fields if key == "evidence" else ()
        for field in used:
            base = field.split(".")[0].split("[")[0]
            if base not in allowed_fields:
                raise ModelError(f"{where}: '{key}' uses {{{field}}}, which metric {metric} does "
                                 f"not provide; {key} may use: "
                                 f"{', '.join(allowed_fields) or 'no fields'}")


def _check_recommendations(advice: Any, where: str, tips: set[int]) -> list[tuple[int, str]]:
    """The (tip_id, advice) pairs of a dimension: known tips, non-empty advice."""
    if not isinstance(advice, list) or not advice:
        raise ModelError(f"{where}: 'recommendations' must be a list of tip and advice pairs")
    pairs = []
    for item in advice:
        if not isinstance(item, dict) or set(item) != {"tip", "advice"}:
            raise ModelError(f"{where}: each recommendation needs exactly 'tip' and 'advice'; "
                             f"got {item!r}")
        if item["tip"] not in tips:
            raise ModelError(f"{where}: unknown tip {item['tip']!r}; known: "
                             f"{', '.join(map(str, sorted(tips)))}")
        if not isinstance(item["advice"], str) or not item["advice"].strip():
            raise ModelError(f"{where}: advice for tip {item['tip']} must be non-empty text")
        pairs.append((int(item["tip"]), " ".join(item["advice"].split())))
    return pairs
