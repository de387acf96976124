"""Reading and checking the findings rules file (``data/model/scorecard.yaml``).

The public entry point is :func:`collabkit.evaluation.findings.load_rules`;
this module parses the file and refuses a malformed one with a
:class:`~collabkit.errors.ModelError` naming the file, the dimension and what
is wrong. See the header of ``scorecard.yaml`` for the format: shared
``settings``, then one entry per dimension with its measure, cut-offs,
sentences and the causes that explain a rating below strength, each with
the advice it calls for.
"""

from __future__ import annotations

import math
import operator
import os
import re
import string
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard, TypeVar

import pandas as pd

from collabkit.errors import ModelError
from collabkit.model import Model, read_yaml_file

RULES_FILE = "scorecard.yaml"
T = TypeVar("T")
DIRECTIONS = ("higher_is_better", "lower_is_better")
#: Ratings from best to worst; a cause's ``at_most`` caps a rating at one of them.
ORDER = ("strength", "developing", "concern")
RULE_COLUMNS = ("dimension", "label", "section", "source", "metric", "direction", "strength",
                "concern", "shown_as", "evidence", "not_recorded", "causes")
#: How a dimension's number is shown to readers (``shown_as``).
SHOWN_AS = ("percent", "score", "number")
_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt,
    "==": operator.eq, "!=": operator.ne}
_WHEN = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*(>=|<=|==|!=|>|<)\s*(\S+)\s*$")
_SETTINGS = {"together_level": str, "min_problem": int}


@dataclass(frozen=True)
class Cause:
    """One reason a dimension may fall short, and what to try about it.

    ``when`` is ``(field, operator, number)``, or None for a cause that is
    named only when the rating is below strength and no other cause holds.
    ``at_most`` caps the dimension's rating when the cause holds.
    """

    cause: str
    when: tuple[str, str, float] | None
    at_most: str | None
    says: str
    tip: int
    advice: str

    def holds(self, measure: Mapping[str, Any]) -> bool:
        """Whether the condition is true of ``measure`` (a missing or NaN field: false)."""
        if self.when is None:
            return False
        field, op, threshold = self.when
        value = measure.get(field)
        if value is None or isinstance(value, str):
            return False
        value = float(value)
        return not math.isnan(value) and _OPERATORS[op](value, threshold)


@dataclass(frozen=True)
class Rules:
    """The rules file: shared settings and one row per dimension (:data:`RULE_COLUMNS`)."""

    settings: dict[str, Any]
    table: pd.DataFrame


def read_rules(model: Model, path: str | os.PathLike[str] | None,
               metrics: Mapping[str, tuple[str, ...]], sources: set[str]) -> Rules:
    """The rules (see ``load_rules``); ``metrics`` maps each metric name to its fields."""
    path = model.optional_file(RULES_FILE) if path is None else Path(path)
    name = path.name
    data = read_yaml_file(path, "scorecard rules file")
    entries = data.get("dimensions") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise ModelError(f"{name}: needs a 'dimensions' list (lines starting with '- ')")
    settings = _check_settings(data.get("settings"), name, model)
    context = _Context(tips=set(model.tips["tip_id"]), metrics=metrics, sources=sources)
    rows: list[tuple[Any, ...]] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        rows.append(_check_rule(entry, f"{name}: dimensions entry {number}", context, seen))
    return Rules(settings, pd.DataFrame(rows, columns=list(RULE_COLUMNS)))


@dataclass(frozen=True)
class _Context:
    tips: set[int]
    metrics: Mapping[str, tuple[str, ...]]
    sources: set[str]


def _check_settings(raw: Any, name: str, model: Model) -> dict[str, Any]:
    """The shared settings: the level decisions count as together from, and so on."""
    if not isinstance(raw, dict) or set(raw) != set(_SETTINGS):
        raise ModelError(f"{name}: needs 'settings' with exactly "
                         f"{', '.join(_SETTINGS)}; got {raw!r}")
    settings = {}
    for key, kind in _SETTINGS.items():
        value = raw[key]
        if kind is int and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
            raise ModelError(f"{name}: settings: {key!r} must be a whole number, 0 or more; "
                             f"got {value!r}")
        settings[key] = value
    if settings["together_level"] not in model.codes["level"]:
        raise ModelError(f"{name}: settings: together_level {settings['together_level']!r} is "
                         f"not a level; levels: {', '.join(model.codes['level'])}")
    return settings


def _check_rule(entry: Any, where: str, context: _Context, seen: set[str]) -> tuple[Any, ...]:
    """One dimension's entry checked field by field, as a row of the rules table."""
    if not isinstance(entry, dict):
        raise ModelError(f"{where}: must be a mapping of fields, got {entry!r}")
    allowed = set(RULE_COLUMNS) | {"note"}
    extra = sorted(set(map(str, entry)) - allowed)
    if extra:
        raise ModelError(f"{where}: unknown field {extra[0]!r}; allowed: "
                         f"{', '.join(sorted(allowed))}")
    dimension = entry.get("dimension")
    if not _snake(dimension):
        raise ModelError(f"{where}: 'dimension' must be snake_case text; got {dimension!r}")
    where = f"{where} ({dimension})"
    if dimension in seen:
        raise ModelError(f"{where}: duplicate dimension {dimension!r}")
    seen.add(dimension)
    texts = {key: _text(entry, key, where) for key in ("label", "evidence", "not_recorded")}
    section = entry.get("section")
    if not _snake(section):
        raise ModelError(f"{where}: 'section' must name the report section (snake_case); "
                         f"got {section!r}")
    source = entry.get("source")
    if source not in context.sources:
        raise ModelError(f"{where}: unknown source {source!r}; known (confidence.yaml): "
                         f"{', '.join(sorted(context.sources))}")
    metric = entry.get("metric")
    if not isinstance(metric, str) or metric not in context.metrics:
        raise ModelError(f"{where}: unknown metric {metric!r}; known: "
                         f"{', '.join(context.metrics)}")
    direction = entry.get("direction")
    if direction not in DIRECTIONS:
        raise ModelError(f"{where}: 'direction' must be one of {', '.join(DIRECTIONS)}; "
                         f"got {direction!r}")
    cut = _check_cut_offs(entry, where, direction)
    shown_as = entry.get("shown_as")
    if shown_as not in SHOWN_AS:
        raise ModelError(f"{where}: 'shown_as' must be one of {', '.join(SHOWN_AS)}; "
                         f"got {shown_as!r}")
    fields = context.metrics[metric]
    _check_template(texts["evidence"], f"{where}: 'evidence'", metric, fields)
    for key in ("label", "not_recorded"):
        _check_template(texts[key], f"{where}: '{key}'", metric, ())
    causes = _check_causes(entry.get("causes"), where, context.tips, metric, fields)
    return (dimension, texts["label"], section, source, metric, direction, cut["strength"],
            cut["concern"], shown_as, texts["evidence"], texts["not_recorded"], causes)


def _snake(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and value.isidentifier() and value == value.lower()


def _text(entry: Mapping[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{where}: '{key}' must be non-empty text; got {value!r}")
    return " ".join(value.split())


def _number(value: Any) -> TypeGuard[float]:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def _check_cut_offs(entry: dict, where: str, direction: str) -> dict[str, float]:
    """The strength and concern cut-offs: numbers, the right way round for ``direction``."""
    cut = {}
    for key in ("strength", "concern"):
        value = entry.get(key)
        if not _number(value):
            raise ModelError(f"{where}: '{key}' cut-off must be a number; got {value!r}")
        cut[key] = float(value)
    better = cut["strength"] > cut["concern"] if direction == "higher_is_better" \
        else cut["strength"] < cut["concern"]
    if not better:
        side = "above" if direction == "higher_is_better" else "below"
        raise ModelError(f"{where}: with {direction} the strength cut-off ({cut['strength']:g}) "
                         f"must be {side} the concern cut-off ({cut['concern']:g})")
    return cut


def _check_template(text: str, where: str, metric: str, fields: tuple[str, ...]) -> None:
    """Every ``{field}`` of a sentence is one the metric provides."""
    try:
        used = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as error:
        raise ModelError(f"{where} is not a valid template ({error}); write {{value}} for a "
                         "value and {{ }} for braces") from None
    for field in used:
        base = field.split(".")[0].split("[")[0]
        if base not in fields:
            raise ModelError(f"{where} uses {{{field}}}, which metric {metric} does not provide; "
                             f"it may use: {', '.join(fields) or 'no fields'}")


def _check_causes(raw: Any, where: str, tips: set[int], metric: str,
                  fields: tuple[str, ...]) -> tuple[Cause, ...]:
    """The causes of a dimension: known fields and tips, at least one named without ``when``."""
    if not isinstance(raw, list) or not raw:
        raise ModelError(f"{where}: 'causes' must be a list of causes, each with cause, says, "
                         "tip and advice (and optionally when and at_most)")
    causes: list[Cause] = []
    for item in raw:
        allowed = {"cause", "when", "at_most", "says", "tip", "advice"}
        if not isinstance(item, dict) or not {"cause", "says", "tip", "advice"} <= set(item) \
                or set(item) - allowed:
            raise ModelError(f"{where}: each cause needs cause, says, tip and advice (and may "
                             f"have when and at_most); got {item!r}")
        here = f"{where}: cause {item['cause']!r}"
        if not _snake(item["cause"]) or any(c.cause == item["cause"] for c in causes):
            raise ModelError(f"{here}: a cause id must be unique snake_case text")
        if item["tip"] not in tips:
            raise ModelError(f"{here}: unknown tip {item['tip']!r}; known: "
                             f"{', '.join(map(str, sorted(tips)))}")
        says, advice = _text(item, "says", here), _text(item, "advice", here)
        _check_template(says, f"{here}: 'says'", metric, fields)
        at_most = item.get("at_most")
        if at_most is not None and at_most not in ORDER[1:]:
            raise ModelError(f"{here}: 'at_most' must be developing or concern; got {at_most!r}")
        causes.append(Cause(item["cause"], _check_when(item.get("when"), here, metric, fields),
                            at_most, says, int(item["tip"]), advice))
    if all(c.when is not None for c in causes):
        raise ModelError(f"{where}: needs at least one cause without 'when', named when the "
                         "rating is below strength and no other cause holds")
    return tuple(causes)


def _check_when(raw: Any, where: str, metric: str,
                fields: tuple[str, ...]) -> tuple[str, str, float] | None:
    """``when: outside >= 1`` as (field, operator, number)."""
    if raw is None:
        return None
    match = _WHEN.match(raw) if isinstance(raw, str) else None
    if match is None:
        raise ModelError(f"{where}: 'when' must read like 'outside >= 1' (a field, one of "
                         f"{' '.join(_OPERATORS)}, a number); got {raw!r}")
    field, op, text = match.groups()
    if field not in fields:
        raise ModelError(f"{where}: 'when' uses {field!r}, which metric {metric} does not "
                         f"provide; it may use: {', '.join(fields)}")
    try:
        threshold = float(text)
    except ValueError:
        raise ModelError(f"{where}: 'when' must compare with a number; got {text!r}") from None
    return field, op, threshold


_read: weakref.WeakKeyDictionary[Model, dict[str, tuple[tuple[Any, ...], Any]]] = \
    weakref.WeakKeyDictionary()


def read_once(model: Model, key: str, files: tuple[Path, ...], read: Callable[[], T]) -> T:
    """``read()`` for this model, read again only when one of ``files`` changed.

    The model's rules and confidence files are read, checked and turned into
    tables once, not once per project of a batch; a file edited since (its
    size or modification time differ) is read afresh, and what was read dies
    with the model. Callers must treat what comes back as read-only.
    """
    stamp = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) if f.exists() else (str(f),)
                  for f in files)
    held = _read.setdefault(model, {})
    if key not in held or held[key][0] != stamp:
        held[key] = (stamp, read())
    return held[key][1]


def rate(value: float, direction: str, strength: float, concern: float) -> str:
    """A value's rating against one rule's cut-offs (as ``scorecard.yaml`` gives them).

    Parameters
    ----------
    value : float
        The measured value (NaN: nothing was recorded).
    direction : {"higher_is_better", "lower_is_better"}
        Which way is better.
    strength, concern : float
        The cut-offs: at ``strength`` or better a strength, at ``concern``
        or worse a concern, developing in between.

    Returns
    -------
    str
        ``"strength"``, ``"developing"``, ``"concern"`` or ``"not_recorded"``.

    Examples
    --------
    >>> rate(0.5, "higher_is_better", 0.6, 0.3)
    'developing'
    >>> rate(0.2, "lower_is_better", 0.25, 0.5)
    'strength'
    """
    if not math.isfinite(value):
        return "not_recorded"
    if direction == "higher_is_better":
        return "strength" if value >= strength else "concern" if value <= concern else "developing"
    return "strength" if value <= strength else "concern" if value >= concern else "developing"
