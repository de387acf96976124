"""The Collaborative Model as data.

Everything collabkit knows about the model (its nine elements, the checklist
of each step, the code vocabularies of the data contract, the agenda activity
library, the practical tips and the tools) lives in YAML files under
``data/model/`` that a team can edit without touching code. This module reads
and checks them once and hands them out as a :class:`Model`.

Examples
--------
>>> from collabkit.model import load_model
>>> m = load_model()
>>> m.steps[0], m.label("role", "service_user")
('big_idea', 'Service user')
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd
import yaml

from collabkit.errors import ModelError

__all__ = ["Model", "load_model", "ENV_VAR", "MODEL_FILES", "REQUIRED_CODES"]

#: Environment variable naming another model folder.
ENV_VAR = "COLLABKIT_MODEL_DIR"
#: The files a model folder holds.
MODEL_FILES = ("codes.yaml", "elements.yaml", "activities.yaml", "tips.yaml", "tools.yaml")
#: Code lists codes.yaml must define (the data contract's vocabularies).
REQUIRED_CODES = (
    "role",
    "move",
    "mode",
    "focus",
    "format",
    "checklist_status",
    "level",
    "impact_status",
    "scope",
)
# Vocabularies built from the other files, so codes.yaml may not define them.
_DERIVED_CODES = ("step", "activity", "checklist_item")
_KINDS = ("step", "cross_cutting")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loader that refuses a key written twice in one mapping."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int | float | bool):
                continue  # unhashable keys are refused by the base loader
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


@dataclass(frozen=True, eq=False, repr=False)
class Model:
    """The Collaborative Model, as loaded from a model folder.

    Built by :func:`load_model`; do not construct it yourself. The tables and
    the ``codes`` and ``tools`` dictionaries are returned as fresh copies on
    every access, so changing them never changes the shared model.

    Attributes
    ----------
    directory : Path
        The model folder the model was read from.
    steps : tuple of str
        The six sequential step ids, in the model's order.
    lived_experience_roles : frozenset of str
        Role codes that count as lived experience.
    """

    directory: Path
    steps: tuple[str, ...]
    lived_experience_roles: frozenset[str]
    _codes: dict[str, tuple[str, ...]]
    _labels: dict[str, dict[str, str]]
    _code_tables: dict[str, pd.DataFrame]
    _elements: pd.DataFrame
    _checklist_items: pd.DataFrame
    _activities: pd.DataFrame
    _tips: pd.DataFrame
    _stuck_patterns: pd.DataFrame
    _dialogue_contrasts: pd.DataFrame
    _tools: dict[str, Any]

    def __repr__(self) -> str:
        return (
            f"Model({str(self.directory)!r}: {len(self._elements)} elements, "
            f"{len(self._checklist_items)} checklist items, {len(self._activities)} activities)"
        )

    @property
    def codes(self) -> dict[str, tuple[str, ...]]:
        """Allowed values per vocabulary: every list in codes.yaml, plus
        ``step`` (all nine element ids), ``activity`` and ``checklist_item``."""
        return dict(self._codes)

    @property
    def elements(self) -> pd.DataFrame:
        """The nine elements: element_id, name, purpose, kind, order (sorted by order)."""
        return self._elements.copy()

    @property
    def checklist_items(self) -> pd.DataFrame:
        """Checklist items of the steps: step, item_id, text, derived (step order)."""
        return self._checklist_items.copy()

    @property
    def activities(self) -> pd.DataFrame:
        """Activity library: activity_id, name, default_minutes, tip (Int64, may be NA),
        description."""
        return self._activities.copy()

    @property
    def tips(self) -> pd.DataFrame:
        """The practical tips: tip_id, title, text."""
        return self._tips.copy()

    @property
    def moves(self) -> pd.DataFrame:
        """The Four Player Model actions: move, label, help."""
        table = self._code_tables["move"].rename(columns={"code": "move"})
        return table[["move", "label", "help"]]

    @property
    def levels(self) -> pd.DataFrame:
        """Levels of involvement (co-production ladder): level, rank, label,
        description, sorted by rank (1 = least involvement)."""
        table = self._code_tables["level"].rename(columns={"code": "level"})
        return table[["level", "rank", "label", "description"]]

    @property
    def stuck_patterns(self) -> pd.DataFrame:
        """Stuck patterns: pattern_id, name, description, prompt, tip (Int64), helps."""
        return self._stuck_patterns.copy()

    @property
    def dialogue_contrasts(self) -> pd.DataFrame:
        """Debate versus dialogue pairs: debate, dialogue."""
        return self._dialogue_contrasts.copy()

    @property
    def tools(self) -> dict[str, Any]:
        """The whole of tools.yaml as plain Python data (a deep copy)."""
        return copy.deepcopy(self._tools)

    def code_table(self, code_name: str) -> pd.DataFrame:
        """One vocabulary of codes.yaml as a table: code, label, help and any
        extra fields of that list (lived_experience, rank, description)."""
        if code_name not in self._code_tables:
            raise KeyError(_unknown("code list", code_name, self._code_tables))
        return self._code_tables[code_name].copy()

    def label(self, code_name: str, value: str) -> str:
        """Human label of a code value.

        Parameters
        ----------
        code_name : str
            A key of :attr:`codes` (``"role"``, ``"move"``, ``"step"``...).
        value : str
            One of its values.

        Returns
        -------
        str
            For example ``label("role", "service_user") == "Service user"``;
            for ``step`` the element's name, for ``activity`` the activity's
            name, for ``checklist_item`` the item's text.

        Raises
        ------
        KeyError
            If the code list or the value is unknown.
        """
        if code_name not in self._labels:
            raise KeyError(_unknown("code list", code_name, self._labels))
        labels = self._labels[code_name]
        if value not in labels:
            raise KeyError(_unknown(f"{code_name} code", value, labels))
        return labels[value]

    def element_name(self, element_id: str) -> str:
        """Name of a model element, e.g. ``"The Big Idea"`` for ``"big_idea"``."""
        return self.label("step", element_id)


def load_model(path: str | os.PathLike[str] | None = None) -> Model:
    """Read and check the model folder.

    Parameters
    ----------
    path : str or path-like, optional
        Model folder. Default: the ``COLLABKIT_MODEL_DIR`` environment
        variable if set, else the ``data/model`` folder of the collabkit
        source tree.

    Returns
    -------
    Model
        Cached per folder: loading again is free until a file changes.

    Raises
    ------
    ModelError
        If the folder or a file is missing or malformed; the message names the
        file, the entry and what is wrong.
    """
    if path is None:
        path = os.environ.get(ENV_VAR) or Path(__file__).resolve().parents[1] / "data" / "model"
    directory = Path(path).expanduser().resolve()
    return _load_cached(directory, _file_stamps(directory))


def _file_stamps(directory: Path) -> tuple[tuple[int, int] | None, ...]:
    stamps: list[tuple[int, int] | None] = []
    for name in MODEL_FILES:
        try:
            status = (directory / name).stat()
            stamps.append((status.st_mtime_ns, status.st_size))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


@functools.lru_cache(maxsize=16)
def _load_cached(directory: Path, _stamps: tuple[Any, ...]) -> Model:
    if not directory.is_dir():
        raise ModelError(f"model folder not found: {directory} (pass a folder or set {ENV_VAR})")
    raw = {name: _read_yaml(directory, name) for name in MODEL_FILES}
    codes, labels, tables = _parse_codes(raw["codes.yaml"])
    tips = _parse_tips(raw["tips.yaml"])
    tip_ids = tips["tip_id"].tolist()
    elements, steps, checklist = _parse_elements(raw["elements.yaml"])
    activities = _parse_activities(raw["activities.yaml"], tip_ids)
    tools = raw["tools.yaml"]
    stuck, contrasts = _parse_tools(tools, steps, tip_ids, activities["activity_id"].tolist())
    codes["step"] = tuple(elements["element_id"])
    labels["step"] = dict(zip(elements["element_id"], elements["name"], strict=True))
    codes["activity"] = tuple(activities["activity_id"])
    labels["activity"] = dict(zip(activities["activity_id"], activities["name"], strict=True))
    codes["checklist_item"] = tuple(checklist["item_id"])
    labels["checklist_item"] = dict(zip(checklist["item_id"], checklist["text"], strict=True))
    roles = tables["role"]
    return Model(
        directory=directory,
        steps=steps,
        lived_experience_roles=frozenset(roles.loc[roles["lived_experience"], "code"]),
        _codes=codes,
        _labels=labels,
        _code_tables=tables,
        _elements=elements,
        _checklist_items=checklist,
        _activities=activities,
        _tips=tips,
        _stuck_patterns=stuck,
        _dialogue_contrasts=contrasts,
        _tools=tools,
    )


load_model.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]


# -- reading and checking ---------------------------------------------------
# A check takes (entry, key, file, where), returns the clean value or raises.
_Check = Callable[[dict[str, Any], str, str, str], Any]


def _fail(file: str, where: str, message: str) -> NoReturn:
    raise ModelError(f"{file}: {where}: {message}")


def _unknown(what: str, value: object, allowed: Any) -> str:
    return f"unknown {what} {value!r}; known: {', '.join(map(str, allowed))}"


def _read_yaml(directory: Path, name: str) -> dict[str, Any]:
    try:
        text = (directory / name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelError(f"{name}: file not found in the model folder {directory}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ModelError(f"{name}: cannot be read as UTF-8 text ({error})") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as error:
        detail = " ".join(str(error).split()).replace('in "<unicode string>", ', "at ")
        raise ModelError(f"{name}: not valid YAML: {detail}") from None
    if not isinstance(data, dict):
        raise ModelError(f"{name}: must be a mapping of named sections, got {type(data).__name__}")
    return data


def _missing_or(entry: dict[str, Any], key: str, value: Any) -> str:
    return "it is missing" if key not in entry else f"got {value!r}"


def _text(entry: dict[str, Any], key: str, file: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        _fail(file, where, f"'{key}' must be non-empty text; {_missing_or(entry, key, value)}")
    return value.strip()


def _optional_text(entry: dict[str, Any], key: str, file: str, where: str) -> str:
    return "" if entry.get(key) is None else _text(entry, key, file, where)


def _ident(entry: dict[str, Any], key: str, file: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not _IDENT.match(value):
        hint = " (put quotes around yes/no/on/off)" if isinstance(value, bool) else ""
        _fail(
            file,
            where,
            f"'{key}' must be snake_case text (a-z, 0-9, _); "
            f"{_missing_or(entry, key, value)}{hint}",
        )
    return value


def _whole(minimum: int) -> _Check:
    def check(entry: dict[str, Any], key: str, file: str, where: str) -> int:
        value = entry.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            _fail(
                file,
                where,
                f"'{key}' must be a whole number of at least {minimum}; "
                f"{_missing_or(entry, key, value)}",
            )
        return value

    return check


def _flag(entry: dict[str, Any], key: str, file: str, where: str) -> bool:
    value = entry.get(key)
    if not isinstance(value, bool):
        _fail(file, where, f"'{key}' must be true or false; {_missing_or(entry, key, value)}")
    return value


def _choice(allowed: tuple[Any, ...] | list[Any], what: str, optional: bool = False) -> _Check:
    def check(entry: dict[str, Any], key: str, file: str, where: str) -> Any:
        if key not in entry:
            _fail(
                file,
                where,
                f"'{key}' is missing; allowed: {', '.join(map(str, allowed))}"
                + (" or null" if optional else ""),
            )
        value = entry[key]
        if not (optional and value is None) and value not in allowed:
            _fail(file, where, _unknown(what, value, allowed))
        return value

    return check


def _check_keys(entry: dict[str, Any], allowed: Any, file: str, where: str) -> None:
    extra = sorted(set(map(str, entry)) - set(allowed) - {"note"})
    if extra:
        _fail(file, where, f"unknown field {extra[0]!r}; allowed: {', '.join(sorted(allowed))}")


def _table(
    data: dict[str, Any],
    key: str,
    file: str,
    spec: dict[str, _Check],
    where: str | None = None,
    seen: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Check the list under ``data[key]``: one row per entry, fields by ``spec``.

    The first field of ``spec`` is the entry's id and must be unique (within
    ``seen`` when given, to share ids across lists).
    """
    where = where or key
    id_key = next(iter(spec))
    seen = {} if seen is None else seen
    if key not in data:
        _fail(file, where, f"required section '{key}' is missing")
    if not isinstance(data[key], list) or not data[key]:
        _fail(file, where, "must be a non-empty list of entries (lines starting with '- ')")
    rows = []
    for number, entry in enumerate(data[key], start=1):
        here = f"{where} entry {number}"
        if not isinstance(entry, dict):
            _fail(file, here, f"must be a mapping of fields, got {entry!r}")
        if isinstance(entry.get(id_key), str | int) and not isinstance(entry[id_key], bool):
            here += f" ({id_key} {entry[id_key]!r})"
        _check_keys(entry, spec, file, here)
        row = {name: check(entry, name, file, here) for name, check in spec.items()}
        if str(row[id_key]) in seen:
            _fail(
                file, here, f"duplicate {id_key} {row[id_key]!r} (also in {seen[str(row[id_key])]})"
            )
        seen[str(row[id_key])] = here
        rows.append(row)
    return rows


def _distinct(table: pd.DataFrame, column: str, id_column: str, file: str, where: str) -> None:
    clash = table[column].duplicated(keep=False)
    if clash.any():
        ids = ", ".join(table.loc[clash, id_column])
        value = table.loc[clash, column].iloc[0]
        _fail(file, where, f"{ids} share the same {column} {value}; each needs its own {column}")


def _parse_codes(
    data: dict[str, Any],
) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str]], dict[str, pd.DataFrame]]:
    file = "codes.yaml"
    for name in REQUIRED_CODES:
        if name not in data:
            _fail(
                file, name, f"required code list '{name}' is missing ({', '.join(REQUIRED_CODES)})"
            )
    extra: dict[str, dict[str, _Check]] = {
        "role": {"lived_experience": _flag},
        "move": {"help": _text},
        "level": {"rank": _whole(1), "description": _text},
    }
    codes, labels, tables = {}, {}, {}
    for name in data:
        if not isinstance(name, str) or not _IDENT.match(name) or name in _DERIVED_CODES:
            _fail(
                file,
                str(name),
                "code list names are snake_case text, and step, activity and "
                "checklist_item come from the other model files",
            )
        spec = {"code": _ident, "label": _text, "help": _optional_text, **extra.get(name, {})}
        table = pd.DataFrame(_table(data, name, file, spec))
        if name == "level":
            _distinct(table, "rank", "code", file, "level")
            table = table.sort_values("rank", kind="stable", ignore_index=True)
        codes[name] = tuple(table["code"])
        labels[name] = dict(zip(table["code"], table["label"], strict=True))
        tables[name] = table
    return codes, labels, tables


def _parse_tips(data: dict[str, Any]) -> pd.DataFrame:
    _check_keys(data, {"tips"}, "tips.yaml", "top level")
    spec = {"tip_id": _whole(1), "title": _text, "text": _text}
    return pd.DataFrame(_table(data, "tips", "tips.yaml", spec))


def _parse_elements(data: dict[str, Any]) -> tuple[pd.DataFrame, tuple[str, ...], pd.DataFrame]:
    file = "elements.yaml"
    _check_keys(data, {"elements", "checklists"}, file, "top level")
    spec = {
        "element_id": _ident,
        "name": _text,
        "purpose": _text,
        "kind": _choice(_KINDS, "kind"),
        "order": _whole(0),
    }
    elements = pd.DataFrame(_table(data, "elements", file, spec))
    _distinct(elements, "order", "element_id", file, "elements")
    elements = elements.sort_values("order", ignore_index=True)
    steps = tuple(elements.loc[elements["kind"] == "step", "element_id"])
    if not steps:
        _fail(file, "elements", "no element has kind 'step'; the model needs its steps")
    checklists = data.get("checklists")
    if not isinstance(checklists, dict):
        _fail(file, "checklists", "required section: each step id, then a list of its items")
    for step in checklists:
        if step not in steps:
            known = step in set(elements["element_id"])
            problem = f"{step!r} is cross-cutting" if known else f"unknown step {step!r}"
            _fail(
                file,
                f"checklists.{step}",
                f"{problem}; checklists belong to the steps {', '.join(steps)}",
            )
    seen: dict[str, str] = {}
    rows = []
    item_spec = {"item_id": _ident, "text": _text, "derived": _flag}
    for step in steps:
        if step not in checklists:
            _fail(file, f"checklists.{step}", f"step {step!r} has no checklist; add its items")
        items = _table(checklists, step, file, item_spec, f"checklists.{step}", seen)
        rows += [{"step": step, **item} for item in items]
    return elements, steps, pd.DataFrame(rows)


def _parse_activities(data: dict[str, Any], tip_ids: list[int]) -> pd.DataFrame:
    _check_keys(data, {"activities"}, "activities.yaml", "top level")
    spec = {
        "activity_id": _ident,
        "name": _text,
        "default_minutes": _whole(1),
        "tip": _choice(tip_ids, "tip", optional=True),
        "description": _text,
    }
    return pd.DataFrame(_table(data, "activities", "activities.yaml", spec)).astype(
        {"tip": "Int64"}
    )


def _parse_tools(
    data: dict[str, Any], steps: tuple[str, ...], tip_ids: list[int], activity_ids: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    file = "tools.yaml"
    spec = {
        "pattern_id": _ident,
        "name": _text,
        "description": _text,
        "prompt": _text,
        "tip": _choice(tip_ids, "tip", optional=True),
        "helps": _optional_text,
    }
    stuck = pd.DataFrame(_table(data, "stuck_patterns", file, spec)).astype({"tip": "Int64"})
    for section in ("debate_dialogue", "action_bias", "thomas_kilmann", "strengths_based"):
        if not isinstance(data.get(section), dict):
            _fail(file, section, "required section is missing or is not a mapping of fields")
    debate, bias = data["debate_dialogue"], data["action_bias"]
    _text(debate, "note", file, "debate_dialogue")
    pairs = {"debate": _text, "dialogue": _text}
    contrasts = _table(debate, "contrasts", file, pairs, "debate_dialogue.contrasts", {})
    for key in ("description", "in_the_model", "in_a_meeting"):
        _text(bias, key, file, "action_bias")
    for key in ("from_step", "to_step"):
        _choice(steps, f"step in {key}")(bias, key, file, "action_bias")
    skipped = bias.get("skipped_steps")
    if not isinstance(skipped, list) or not skipped:
        _fail(file, "action_bias", f"'skipped_steps' must be a list of step ids; got {skipped!r}")
    for step in skipped:
        _choice(steps, "step in skipped_steps")({"step": step}, "step", file, "action_bias")
    if "tip" in bias:
        _choice(tip_ids, "tip", optional=True)(bias, "tip", file, "action_bias")
    modes = {
        "mode_id": _ident,
        "name": _text,
        "description": _text,
        "assertive": _optional_text,
        "cooperative": _optional_text,
    }
    _table(data["thomas_kilmann"], "modes", file, modes, "thomas_kilmann.modes")
    strengths = data["strengths_based"]
    _text(strengths, "note", file, "strengths_based")
    if strengths.get("activity") is not None:
        _choice(activity_ids, "activity")(strengths, "activity", file, "strengths_based")
    return stuck, pd.DataFrame(contrasts)
