"""Reading and checking the model files, for :mod:`collabkit.model.loading`.

Each YAML file of the model folder is read with a safe loader that refuses a
key written twice, then checked entry by entry against a small spec of field
checks. The first problem raises :class:`~collabkit.errors.ModelError`
naming the file, the entry and what is wrong. Everything here is internal:
use :func:`collabkit.model.loading.load_model`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd
import yaml

from collabkit.errors import ModelError

# Vocabularies built from the other files, so codes.yaml may not define them.
_DERIVED_CODES = ("step", "activity", "checklist_item", "feedback_item")
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


def _optional_flag(entry: dict[str, Any], key: str, file: str, where: str) -> bool:
    """A true/false field that may be left out (then false)."""
    return False if key not in entry else _flag(entry, key, file, where)


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
    spec: Mapping[str, _Check],
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
    data: dict[str, Any], required: tuple[str, ...]
) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, str]], dict[str, pd.DataFrame]]:
    """Check codes.yaml's code lists; ``required`` are those it must define."""
    file = "codes.yaml"
    for name in required:
        if name not in data:
            _fail(file, name, f"required code list '{name}' is missing ({', '.join(required)})")
    extra: dict[str, dict[str, _Check]] = {
        "role": {"lived_experience": _flag},
        "move": {"help": _text},
        "level": {"rank": _whole(1), "description": _text},
    }
    codes, labels, tables = {}, {}, {}
    for name in data:
        if name == "role_groups":  # not a code list: checked by _parse_role_groups
            continue
        if not isinstance(name, str) or not _IDENT.match(name) or name in _DERIVED_CODES:
            _fail(
                file,
                str(name),
                "code list names are snake_case text, and step, activity, "
                "checklist_item and feedback_item come from the other model files",
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


def _roles_list(roles: tuple[str, ...]) -> _Check:
    def check(entry: dict[str, Any], key: str, file: str, where: str) -> tuple[str, ...]:
        value = entry.get(key)
        if not isinstance(value, list) or len(value) < 2 or len(set(map(str, value))) < len(value):
            _fail(file, where, f"'{key}' must be a list of at least two different role codes; "
                  f"{_missing_or(entry, key, value)}")
        for role in value:
            if role not in roles:
                _fail(file, where, _unknown("role", role, roles))
        return tuple(value)

    return check


def _parse_role_groups(data: dict[str, Any], roles: pd.DataFrame) -> pd.DataFrame:
    """Check the optional ``role_groups`` section of codes.yaml (natural groups of roles).

    Each group needs its own id and label (not a role's), two or more roles,
    and must nest with every other group: either it holds the other whole or
    they share no role, the narrower listed first.
    """
    file, columns = "codes.yaml", ["group", "label", "person", "roles"]
    if "role_groups" not in data:
        return pd.DataFrame(columns=columns)
    codes = tuple(roles["code"])
    spec = {"group": _ident, "label": _text, "person": _text, "roles": _roles_list(codes)}
    seen = {code: "the role codes" for code in codes}
    rows = _table(data, "role_groups", file, spec, seen=seen)
    taken = {label.casefold(): f"role {code!r}" for code, label in zip(
        roles["code"], roles["label"], strict=True)}
    for number, row in enumerate(rows, start=1):
        here = f"role_groups entry {number} (group {row['group']!r})"
        for label in (row["label"], row["person"]):
            if label.casefold() in taken and taken[label.casefold()] != row["group"]:
                _fail(file, here, f"label {label!r} is already used by {taken[label.casefold()]}; "
                      "a group needs a label of its own")
            taken[label.casefold()] = row["group"]
        mine = set(row["roles"])
        for earlier in rows[: number - 1]:
            theirs = set(earlier["roles"])
            if mine & theirs and not theirs < mine:
                order = ("list the narrower group first" if mine <= theirs else
                         "groups must nest: one holds the other whole, or they share no role")
                _fail(file, here, f"roles overlap with group {earlier['group']!r}; {order}")
    return pd.DataFrame(rows, columns=columns)


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
    item_spec = {"item_id": _ident, "text": _text, "derived": _flag, "together": _optional_flag}
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
) -> pd.DataFrame:
    """Check tools.yaml but its stuck patterns (:mod:`collabkit.model.patterns`); the contrasts."""
    file = "tools.yaml"
    for section in ("debate_dialogue", "action_bias", "thomas_kilmann", "strengths_based",
                    "agenda_practice"):
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
    _check_agenda_practice(data["agenda_practice"], file, activity_ids)
    return pd.DataFrame(contrasts)


def _minutes(entry: dict[str, Any], key: str, file: str, where: str) -> float:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        _fail(file, where, f"'{key}' must be a number of minutes, 0 or more; "
                           f"{_missing_or(entry, key, value)}")
    return value


def _check_agenda_practice(practice: dict[str, Any], file: str, activity_ids: list[str]) -> None:
    spec = {"early_meetings": _whole(1), "large_group": _whole(1),
            "overrun_tolerance_minutes": _minutes}
    _check_keys(practice, [*spec, "after_reflection"], file, "agenda_practice")
    for key, check in spec.items():
        check(practice, key, file, "agenda_practice")
    after = practice.get("after_reflection")
    if not isinstance(after, list):
        _fail(file, "agenda_practice",
              f"'after_reflection' must be a list of activity ids; got {after!r}")
    for activity in after:
        _choice(activity_ids, "activity in after_reflection")(
            {"activity": activity}, "activity", file, "agenda_practice")
