"""project.yaml: read as the text the user typed, refusing what YAML would guess or expand.

Every value stays text (YAML 1.1 would turn ``id: 017`` into 15 and ``on``
into True); repeated keys, anchors and aliases, lists and deep nesting are
problems; a colon inside an unquoted value gets a hint to quote it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from collabkit.errors import Problem
from collabkit.project.storage import cell_text, decode_text, not_a_regular_file


def read_project_yaml(path: Path) -> tuple[dict | None, list[Problem]]:
    """Read project.yaml as flat text fields (None if unreadable) and the problems found."""
    file = str(path)
    if not path.exists():
        return None, [Problem(file, None, None, None,
                              "the file is missing; a project folder needs project.yaml "
                              "with at least 'id' and 'title'", code="missing_file")]
    strange = not_a_regular_file(path)
    if strange:
        return None, [strange]
    text: str | None = None
    try:
        data = path.read_bytes()
        text, problem = decode_text(data, file)
        if problem or text is None:
            return None, [problem] if problem else []
        found = _unsafe_yaml(text, file)
        if found:
            return None, found
        info = yaml.load(text, Loader=_TextLoader)  # noqa: S506 - a safe loader, as text
    except _DuplicateKey as exc:
        return None, [Problem(file, exc.line, str(exc.key), str(exc.key),
                              f"'{exc.key}' is written twice; keep one line for it",
                              code="duplicate_key")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or "malformed YAML"
        hint = _quote_hint(text or "", mark.line if mark is not None else None, reason)
        return None, [Problem(file, row, None, None,
                              f"cannot read the YAML: {reason}; "
                              + (hint or "write one 'key: value' per line"),
                              code="bad_yaml")]
    if info is None:
        return None, [Problem(file, None, None, None, "the file is empty; expected 'id:' and 'title:'",
                              code="empty_file")]
    if not isinstance(info, dict):
        return None, [Problem(file, 1, None, None,
                              "expected 'key: value' lines (a mapping), found "
                              f"{type(info).__name__}", code="bad_yaml")]
    return flatten_info(info), []


def _quote_hint(text: str, line: int | None, reason: str) -> str:
    """For ``title: Riverside: a café``, how to write it: ``title: "Riverside: a café"``.

    A second ``: `` on a line ends YAML's plain value ("mapping values are not
    allowed here"); in quotes, the colon is part of the text.
    """
    if line is None or "mapping values are not allowed" not in reason:
        return ""
    lines = text.splitlines()
    if line >= len(lines) or ": " not in lines[line]:
        return ""
    key, value = lines[line].strip().split(":", 1)
    value = value.split(" #", 1)[0].strip()  # a comment is not part of the value
    quoted = f"'{value}'" if '"' in value else f'"{value}"'
    return f"a value holding ': ' must be in quotes, so write this line as {key}: {quoted}"


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: str, line: int):
        super().__init__(f"duplicate key {key!r}")
        self.key, self.line = key, line


class _TextLoader(yaml.SafeLoader):
    """A safe loader that keeps every value as the text typed and refuses repeated keys.

    YAML 1.1 would turn ``id: 017`` into 15, ``1:20`` into 80, ``on`` into
    True and ``2025-02-30`` into an error; here each is the text itself, and
    the data contract decides what it must be (a date, a code...).
    """

    yaml_implicit_resolvers: dict = {}  # no guessing: every plain value is text

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value:
            key = str(self.construct_object(key_node, deep=deep))
            if key in seen:
                raise _DuplicateKey(key, key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _unsafe_yaml(text: str, file: str) -> list[Problem]:
    """Problems for YAML that could expand without bound: anchors and aliases, deep nesting.

    project.yaml is a few ``key: value`` lines (``leads`` holds two more);
    refusing anchors, aliases and anything nested deeper before building a
    single value keeps a 400-byte file from taking gigabytes of memory.
    """
    depth = 0
    events = list(yaml.parse(text, Loader=yaml.SafeLoader))  # malformed YAML raises here first
    for event in events:
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return [Problem(file, line, None, None,
                            "anchors and aliases ('&name', '*name') are not allowed in "
                            "project.yaml; write each value out", code="bad_yaml")]
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            depth += 1
            if depth > 2 or isinstance(event, yaml.SequenceStartEvent):
                return [Problem(file, line, None, None,
                                "project.yaml holds 'key: value' lines (and 'leads:' with "
                                "'pace:' and 'process:' under it); lists and deeper nesting "
                                "are not allowed", code="bad_yaml")]
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            depth -= 1
    return []


def flatten_info(info: dict) -> dict[str, str]:
    """``{"leads": {"pace": "P1"}}`` -> ``{"leads.pace": "P1"}``, values as text."""
    flat: dict[str, str] = {}
    for key, value in info.items():
        if isinstance(value, dict):
            for sub, subvalue in value.items():
                flat[f"{key}.{sub}"] = cell_text(subvalue)
        else:
            flat[str(key)] = cell_text(value)
    return flat
