"""The participants' questionnaire (``data/model/feedback.yaml``), read and checked.

The questionnaire is a list of items, each either on a scale (points
numbered upwards, each with a plain label) or free text. The feedback form,
the Forms importer, the project checks and the report all read it from
:attr:`collabkit.model.Model.questionnaire`; nothing else lists the questions.

Examples
--------
>>> from collabkit.model import load_model
>>> q = load_model().questionnaire
>>> q.item_ids[0], q.points("heard")[-1]
('heard', (5, 'Strongly agree'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from collabkit.model.checks import _fail, _ident, _table, _text, _unknown, _whole

__all__ = ["FEEDBACK_FILE", "Questionnaire", "parse_questionnaire", "fold_text"]

#: The questionnaire's file in a model folder (the bundled one when a folder has none).
FEEDBACK_FILE = "feedback.yaml"


def fold_text(text: object) -> str:
    """Text compared the way question and answer wordings are: case and spaces folded.

    >>> fold_text("  People  listened to what I had to say. ")
    'people listened to what i had to say.'
    """
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


@dataclass(frozen=True)
class Questionnaire:
    """The questionnaire: items in order and the scales they use.

    Attributes
    ----------
    items : tuple of dict
        One per item, in the order people see them: ``item_id``, ``text``,
        ``short``, ``scale`` (a scale id, or None for free text).
    scales : dict
        Scale id -> tuple of ``(point, label)``, lowest first.
    experience_items : tuple of str
        The scale items whose mean is the experience score.
    heard_item : str
        The item set beside the facilitators' pair reflections.
    min_group : int
        The fewest respondents whose answers a finding gives as a group apart.
    """

    items: tuple[dict[str, Any], ...]
    scales: dict[str, tuple[tuple[int, str], ...]]
    experience_items: tuple[str, ...]
    heard_item: str
    min_group: int = 3

    @property
    def item_ids(self) -> tuple[str, ...]:
        """Every item id, in order."""
        return tuple(item["item_id"] for item in self.items)

    @property
    def scale_items(self) -> tuple[str, ...]:
        """The ids of the items answered on a scale, in order."""
        return tuple(i["item_id"] for i in self.items if i["scale"] is not None)

    @property
    def free_text_items(self) -> tuple[str, ...]:
        """The ids of the free-text items, in order."""
        return tuple(i["item_id"] for i in self.items if i["scale"] is None)

    def item(self, item_id: str) -> dict[str, Any]:
        """One item; KeyError naming the known items if there is none."""
        for item in self.items:
            if item["item_id"] == item_id:
                return dict(item)
        raise KeyError(_unknown("questionnaire item", item_id, self.item_ids))

    def points(self, item_id: str) -> tuple[tuple[int, str], ...]:
        """The ``(point, label)`` pairs of a scale item; empty for a free-text item."""
        scale = self.item(item_id)["scale"]
        return () if scale is None else self.scales[scale]

    def allowed(self, item_id: str) -> str:
        """A scale item's allowed answers in words: ``1 (Strongly disagree), 2 (...)...``."""
        return ", ".join(f"{p} ({label})" for p, label in self.points(item_id))


def _scale_points(entry: dict[str, Any], key: str, file: str, where: str
                  ) -> tuple[tuple[int, str], ...]:
    rows = _table(entry, key, file, {"point": _whole(0), "label": _text}, where=f"{where} points")
    points = tuple((row["point"], row["label"]) for row in rows)
    numbers = [p for p, _ in points]
    if len(points) < 2 or numbers != sorted(set(numbers)):
        _fail(file, where, f"'points' must be two or more points numbered upwards; got {numbers}")
    return points


def _scale_or_free(scales: dict[str, Any]):
    def check(entry: dict[str, Any], key: str, file: str, where: str) -> str | None:
        free = entry.get("free_text", False)
        if free not in (True, False):
            _fail(file, where, f"'free_text' must be true or false; got {free!r}")
        if free and key in entry:
            _fail(file, where, "give either 'scale' or 'free_text: true', not both")
        if free:
            return None
        if key not in entry:
            _fail(file, where, "give 'scale' (the id of a scale) or 'free_text: true'")
        if entry[key] not in scales:
            _fail(file, where, _unknown("scale", entry[key], scales))
        return str(entry[key])

    return check


def _free(entry: dict[str, Any], key: str, file: str, where: str) -> bool:
    return bool(entry.get(key, False))  # checked with the scale


def parse_questionnaire(data: dict[str, Any]) -> Questionnaire:
    """Check feedback.yaml's contents; the first problem raises a ModelError naming it."""
    file = FEEDBACK_FILE
    for name in data:
        if name not in ("scales", "items", "experience_items", "heard_item", "min_group"):
            _fail(file, str(name), "unknown section; allowed: scales, items, "
                                   "experience_items, heard_item, min_group")
    scale_rows = _table(data, "scales", file, {"scale": _ident, "points": _scale_points})
    scales = {row["scale"]: row["points"] for row in scale_rows}
    spec = {"item_id": _ident, "text": _text, "short": _text,
            "scale": _scale_or_free(scales), "free_text": _free}
    items = tuple({k: v for k, v in row.items() if k != "free_text"}
                  for row in _table(data, "items", file, spec))
    scaled = [i["item_id"] for i in items if i["scale"] is not None]
    chosen = data.get("experience_items", scaled)
    if not isinstance(chosen, list) or not chosen:
        _fail(file, "experience_items", "must be a list of scale item ids")
    for item_id in chosen:
        if item_id not in scaled:
            _fail(file, "experience_items", _unknown("scale item", item_id, scaled))
    heard = data.get("heard_item", scaled[0] if scaled else None)
    if heard not in scaled:
        _fail(file, "heard_item", _unknown("scale item", heard, scaled))
    min_group = _whole(1)(data, "min_group", file, "min_group") if "min_group" in data else 3
    return Questionnaire(items=items, scales=scales, experience_items=tuple(chosen),
                         heard_item=str(heard), min_group=min_group)
