"""The stuck patterns of tools.yaml and the thresholds that find them.

Each stuck pattern the metrics detect has its cut-off beside its prompt in
``tools.yaml``, so the prompt a facilitator reads ("Three moves in a row...")
and the rule that raises it come from the same line of data:

==================== ============ ===========================================
pattern_id           field        keyword of ``detect_stuck_patterns``
==================== ============ ===========================================
serial_moves         run          ``serial_run`` (moves in a row, at least 2)
courteous_compliance run          ``compliance_run`` (at least 2)
point_counterpoint   run          ``counterpoint_run`` (turns, at least 3)
silent_bystanders    share        ``bystand_min_share`` (above 0, at most 1)
covert_opposition    share        ``oppose_max_share`` (0 to 1)
covert_opposition    reflection   ``low_reflection`` (1 to 5)
==================== ============ ===========================================

A field left out takes the value in :data:`DEFAULT_THRESHOLDS` (the values
collabkit has always used), so a model folder copied before these fields
existed still loads. A ``prompt`` may name its own fields in braces:
``{run}`` ("three"), ``{Run}`` ("Three"), ``{share}`` ("5%") and
``{reflection}`` ("3"); :func:`collabkit.metrics.stuck_patterns.pattern_prompt`
words them. Internal: use :attr:`collabkit.model.Model.stuck_patterns` and
:attr:`collabkit.model.Model.stuck_thresholds`.
"""

from __future__ import annotations

import string
from typing import Any

import pandas as pd

from collabkit.model.checks import _choice, _fail, _ident, _optional_text, _table, _text

#: Which field of which pattern sets which keyword of ``detect_stuck_patterns``.
THRESHOLD_FIELDS: dict[tuple[str, str], str] = {
    ("serial_moves", "run"): "serial_run",
    ("courteous_compliance", "run"): "compliance_run",
    ("point_counterpoint", "run"): "counterpoint_run",
    ("silent_bystanders", "share"): "bystand_min_share",
    ("covert_opposition", "share"): "oppose_max_share",
    ("covert_opposition", "reflection"): "low_reflection",
}
#: The thresholds a model folder that leaves a field out gets.
DEFAULT_THRESHOLDS: dict[str, float] = {
    "serial_run": 3, "compliance_run": 6, "counterpoint_run": 4,
    "bystand_min_share": 0.05, "oppose_max_share": 0.02, "low_reflection": 3.0,
}
_LIMITS = {"serial_run": (2, None), "compliance_run": (2, None), "counterpoint_run": (3, None),
           "bystand_min_share": (0, 1), "oppose_max_share": (0, 1), "low_reflection": (1, 5)}
_FIELDS = ("run", "share", "reflection")


def _any(entry: dict[str, Any], key: str, file: str, where: str) -> Any:
    return entry.get(key)


def _threshold(pattern: str, field: str, value: Any, file: str, where: str) -> float | None:
    keyword = THRESHOLD_FIELDS.get((pattern, field))
    if value is None:
        return None if keyword is None else DEFAULT_THRESHOLDS[keyword]
    if keyword is None:
        _fail(file, where, f"'{field}' has no meaning for {pattern!r}; only "
              + ", ".join(f"{p}.{f}" for p, f in THRESHOLD_FIELDS) + " are read")
    low, high = _LIMITS[keyword]
    whole = field == "run"
    number = isinstance(value, int) if whole else isinstance(value, int | float)
    if isinstance(value, bool) or not number or value < low or (high is not None and value > high) \
            or (keyword == "bystand_min_share" and value == 0):
        kind = "a whole number" if whole else "a number"
        span = f"of at least {low}" if high is None else f"from {low} to {high}"
        if keyword == "bystand_min_share":
            span = "above 0 and at most 1"
        _fail(file, where, f"'{field}' must be {kind} {span}; got {value!r}")
    return float(value)


def _check_prompt(prompt: str, fields: dict[str, Any], file: str, where: str) -> None:
    allowed = {name for name in _FIELDS if fields.get(name) is not None}
    allowed |= {"Run"} if "run" in allowed else set()
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(prompt) if name is not None]
    except ValueError:
        names = ["?"]
    for name in names:
        if name not in allowed:
            known = ", ".join("{" + n + "}" for n in sorted(allowed)) or "none for this pattern"
            _fail(file, where, f"the prompt names {{{name}}}, which is not one of its fields "
                               f"(allowed: {known}); write '{{{{' for a brace")


def parse_stuck_patterns(data: dict[str, Any], tip_ids: list[int]) -> pd.DataFrame:
    """Check tools.yaml's ``stuck_patterns``; one row per pattern.

    Columns: pattern_id, name, description, prompt, tip (Int64), helps, run
    (Int64), share, reflection (float; NA where the pattern has no such
    threshold).
    """
    file = "tools.yaml"
    spec = {"pattern_id": _ident, "name": _text, "description": _text, "prompt": _text,
            "tip": _choice(tip_ids, "tip", optional=True), "helps": _optional_text,
            **{field: _any for field in _FIELDS}}
    rows = _table(data, "stuck_patterns", file, spec)
    for number, row in enumerate(rows, start=1):
        where = f"stuck_patterns entry {number} (pattern_id {row['pattern_id']!r})"
        for field in _FIELDS:
            row[field] = _threshold(row["pattern_id"], field, row[field], file, where)
        _check_prompt(row["prompt"], row, file, where)
    return pd.DataFrame(rows).astype({"tip": "Int64", "run": "Int64", "share": "float",
                                      "reflection": "float"})


def stuck_thresholds(patterns: pd.DataFrame) -> dict[str, float]:
    """The keywords of ``detect_stuck_patterns`` as the patterns table sets them.

    Patterns the model leaves out keep :data:`DEFAULT_THRESHOLDS` (their
    episodes are never reported anyway).
    """
    found = dict(DEFAULT_THRESHOLDS)
    table = patterns.set_index("pattern_id")
    for (pattern, field), keyword in THRESHOLD_FIELDS.items():
        if pattern in table.index and not pd.isna(table.loc[pattern, field]):
            value = table.loc[pattern, field]
            found[keyword] = int(value) if field == "run" else float(value)
    return found
