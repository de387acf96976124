"""The Collaborative Model as data.

Everything collabkit knows about the model (its nine elements, the checklist
of each step, the code vocabularies of the data contract, the agenda activity
library, the practical tips and the tools) lives in YAML files under
``data/model/`` that a team can edit without touching code. This module reads
and checks them once (the checks are in :mod:`collabkit.model.checks`) and
hands them out as a :class:`Model`.

Examples
--------
>>> from collabkit.model.loading import load_model
>>> m = load_model()
>>> m.steps[0], m.label("role", "service_user")
('big_idea', 'Service user')
"""

from __future__ import annotations

import copy
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from collabkit.errors import ModelError
from collabkit.model.checks import (
    _parse_activities,
    _parse_codes,
    _parse_elements,
    _parse_role_groups,
    _parse_tips,
    _parse_tools,
    _read_yaml,
    _unknown,
)
from collabkit.model.patterns import parse_stuck_patterns, stuck_thresholds
from collabkit.model.questionnaire import FEEDBACK_FILE, Questionnaire, parse_questionnaire
from collabkit.resources import find_repo_path

__all__ = ["Model", "RoleGroup", "load_model", "ENV_VAR", "MODEL_FILES", "REQUIRED_CODES"]

#: Environment variable naming another model folder.
ENV_VAR = "COLLABKIT_MODEL_DIR"
#: The model folder shipped with collabkit (``data/model`` of the source tree).
BUNDLED_DIR = find_repo_path("data/model")
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


@dataclass(frozen=True)
class RoleGroup:
    """A natural group of roles (codes.yaml ``role_groups``).

    Attributes
    ----------
    group : str
        Its id (``carers_and_family``).
    label : str
        What a report calls the group ("Carers and family").
    person : str
        What a report calls one of its members ("Carer or family member").
    roles : tuple of str
        The role codes it holds.
    """

    group: str
    label: str
    person: str
    roles: tuple[str, ...]


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
    role_groups : tuple of RoleGroup
        The natural groups of roles (codes.yaml ``role_groups``) that a report
        folds small roles into before "Other", narrowest first; empty if the
        model has none.
    questionnaire : Questionnaire
        The participants' questionnaire (``feedback.yaml``: this folder's own,
        else the bundled one); its item ids are the ``feedback_item`` codes.
    stamps : tuple
        Each model file's modification time and size when it was read: two
        models with the same folder and stamps were read from the same files.
    """

    directory: Path
    steps: tuple[str, ...]
    lived_experience_roles: frozenset[str]
    role_groups: tuple[RoleGroup, ...]
    questionnaire: Questionnaire
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
    #: Each model file's modification time and size when it was read.
    stamps: tuple[Any, ...] = ()

    def __repr__(self) -> str:
        return (
            f"Model({str(self.directory)!r}: {len(self._elements)} elements, "
            f"{len(self._checklist_items)} checklist items, {len(self._activities)} activities)"
        )

    @property
    def codes(self) -> dict[str, tuple[str, ...]]:
        """Allowed values per vocabulary.

        Every list in codes.yaml, plus ``step`` (all nine element ids),
        ``activity``, ``checklist_item`` and ``feedback_item`` (the
        questionnaire's items).
        """
        return dict(self._codes)

    @property
    def elements(self) -> pd.DataFrame:
        """The nine elements: element_id, name, purpose, kind, order (sorted by order)."""
        return self._elements.copy()

    @property
    def checklist_items(self) -> pd.DataFrame:
        """Checklist items of the steps: step, item_id, text, derived, together (step order).

        ``derived`` and ``together`` are bool: ``together`` marks the items
        whose question asks whether something was done together with people
        with lived experience (false when elements.yaml leaves it out).
        """
        return self._checklist_items.copy()

    @property
    def activities(self) -> pd.DataFrame:
        """Activity library: activity_id, name, default_minutes, tip, description.

        ``tip`` is Int64 and may be NA.
        """
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
        """Levels of involvement (co-production ladder): level, rank, label, description.

        Sorted by rank (1 = least involvement).
        """
        table = self._code_tables["level"].rename(columns={"code": "level"})
        return table[["level", "rank", "label", "description"]]

    @property
    def stuck_patterns(self) -> pd.DataFrame:
        """Stuck patterns: pattern_id, name, description, prompt, tip (Int64), helps, thresholds.

        The thresholds are ``run`` (Int64), ``share`` and ``reflection``
        (float), NA where a pattern has none (see :mod:`collabkit.model.patterns`).
        A ``prompt`` may hold ``{run}``, ``{Run}``, ``{share}`` or
        ``{reflection}``: :func:`collabkit.metrics.stuck_patterns.pattern_prompt`
        words it.
        """
        return self._stuck_patterns.copy()

    @property
    def stuck_thresholds(self) -> dict[str, float]:
        """The keywords of ``detect_stuck_patterns`` (``serial_run``...) as tools.yaml sets them."""
        return stuck_thresholds(self._stuck_patterns)

    @property
    def dialogue_contrasts(self) -> pd.DataFrame:
        """Debate versus dialogue pairs: debate, dialogue."""
        return self._dialogue_contrasts.copy()

    @property
    def tools(self) -> dict[str, Any]:
        """The whole of tools.yaml as plain Python data (a deep copy)."""
        return copy.deepcopy(self._tools)

    def code_table(self, code_name: str) -> pd.DataFrame:
        """One vocabulary of codes.yaml as a table.

        Columns: code, label, help and any extra fields of that list
        (lived_experience, rank, description).
        """
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

    def optional_file(self, name: str) -> Path:
        """An optional model file (``themes.yaml``, ``scorecard.yaml``).

        This model folder's own copy if it has one, else the one shipped with collabkit.
        """
        own = self.directory / name
        return own if own.exists() else BUNDLED_DIR / name


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
        path = os.environ.get(ENV_VAR) or BUNDLED_DIR
    directory = Path(path).expanduser().resolve()
    return _load_cached(directory, _file_stamps(directory))


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml_file(path: Path, what: str = "file") -> Any:
    """A YAML file's contents; a missing or unreadable file is a ModelError naming it.

    Read by libyaml's safe loader when PyYAML has it (several times faster), else
    by PyYAML's own: the same data either way.
    """
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506
    except FileNotFoundError:
        raise ModelError(f"{path.name}: {what} not found ({path})") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        detail = " ".join(str(error).split())
        raise ModelError(f"{path.name}: cannot be read as YAML ({detail})") from None


def _feedback_file(directory: Path) -> Path:
    own = directory / FEEDBACK_FILE
    return own if own.exists() else BUNDLED_DIR / FEEDBACK_FILE


def _file_stamps(directory: Path) -> tuple[tuple[int, int] | None, ...]:
    stamps: list[tuple[int, int] | None] = []
    for path in [directory / name for name in MODEL_FILES] + [_feedback_file(directory)]:
        try:
            status = path.stat()
            stamps.append((status.st_mtime_ns, status.st_size))
        except OSError:
            stamps.append(None)
    return tuple(stamps)


@functools.lru_cache(maxsize=16)
def _load_cached(directory: Path, stamps: tuple[Any, ...]) -> Model:
    if not directory.is_dir():
        raise ModelError(f"model folder not found: {directory} (pass a folder or set {ENV_VAR})")
    raw = {name: _read_yaml(directory, name) for name in MODEL_FILES}
    codes, labels, tables = _parse_codes(raw["codes.yaml"], REQUIRED_CODES)
    tips = _parse_tips(raw["tips.yaml"])
    tip_ids = tips["tip_id"].tolist()
    elements, steps, checklist = _parse_elements(raw["elements.yaml"])
    activities = _parse_activities(raw["activities.yaml"], tip_ids)
    tools = raw["tools.yaml"]
    stuck = parse_stuck_patterns(tools, tip_ids)
    contrasts = _parse_tools(tools, steps, tip_ids, activities["activity_id"].tolist())
    codes["step"] = tuple(elements["element_id"])
    labels["step"] = dict(zip(elements["element_id"], elements["name"], strict=True))
    codes["activity"] = tuple(activities["activity_id"])
    labels["activity"] = dict(zip(activities["activity_id"], activities["name"], strict=True))
    codes["checklist_item"] = tuple(checklist["item_id"])
    labels["checklist_item"] = dict(zip(checklist["item_id"], checklist["text"], strict=True))
    questionnaire = parse_questionnaire(_read_yaml(*_split(_feedback_file(directory))))
    codes["feedback_item"] = questionnaire.item_ids
    labels["feedback_item"] = {i["item_id"]: i["short"] for i in questionnaire.items}
    roles = tables["role"]
    groups = _parse_role_groups(raw["codes.yaml"], roles)
    return Model(
        directory=directory,
        steps=steps,
        lived_experience_roles=frozenset(roles.loc[roles["lived_experience"], "code"]),
        role_groups=tuple(RoleGroup(**row) for row in groups.to_dict("records")),
        questionnaire=questionnaire,
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
        stamps=stamps,
    )


def _split(path: Path) -> tuple[Path, str]:
    return path.parent, path.name


load_model.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]
