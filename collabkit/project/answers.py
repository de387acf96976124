"""Questionnaire answers checked against the questionnaire's scales.

A scale item's answer must be one of its scale's points (``4``, also written
``4.0`` by some spreadsheets); a free-text answer may be any text. Each
answer that is not a point is one problem naming the row, the item, the
value and the points allowed, with their labels.
"""

from __future__ import annotations

import pandas as pd

from collabkit.errors import Problem
from collabkit.model import Model

__all__ = ["check_answers", "scale_answers"]


def _as_point(value: object) -> int | None:
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def check_answers(feedback: pd.DataFrame, file: str, model: Model) -> list[Problem]:
    """A problem for each answer to a scale item that is not a point of its scale."""
    if not len(feedback):
        return []
    questionnaire = model.questionnaire
    problems: list[Problem] = []
    for index, item, answer in zip(feedback.index, feedback["item_id"], feedback["answer"],
                                   strict=True):
        if pd.isna(item) or pd.isna(answer):
            continue  # an unknown item or a blank answer is reported already
        points = questionnaire.points(str(item))
        if not points or _as_point(answer) in {p for p, _ in points}:
            continue
        problems.append(Problem(
            file, int(index) + 2, "answer", str(answer),
            f"'{answer}' is not an answer to '{item}'; allowed: "
            f"{questionnaire.allowed(str(item))} (write the number)",
            code="out_of_range",
        ))
    return problems


def scale_answers(feedback: pd.DataFrame, model: Model) -> pd.DataFrame:
    """The answers to scale items, with the point as a number.

    Returns the rows of ``feedback`` whose item is on a scale, with a float
    column ``point`` added (the answer as a number). The input is not changed.
    """
    scaled = model.questionnaire.scale_items
    rows = feedback[feedback["item_id"].astype("object").isin(scaled)].copy()
    rows["point"] = pd.to_numeric(rows["answer"].astype("object"), errors="coerce")
    return rows
